//! The admin-editable settings deadlines are counted on, with the domain's defaults where the
//! tables are empty.

use chrono::NaiveDate;
use domain::calendar::{Period, WorkCalendar};
use domain::sla::Commitment;
use serde::Deserialize;
use std::collections::BTreeSet;
use worker::D1Database;

use crate::error::{ApiError, ApiResult};

#[derive(Deserialize)]
struct DayRow {
    day: String,
    kind: String,
}

async fn setting(db: &D1Database, key: &str) -> ApiResult<Option<String>> {
    Ok(db
        .prepare("SELECT value FROM settings WHERE key = ?1")
        .bind(&[key.into()])?
        .first::<String>(Some("value"))
        .await?)
}

pub async fn calendar(db: &D1Database) -> ApiResult<WorkCalendar> {
    let rows = db
        .prepare("SELECT day, kind FROM calendar_days")
        .all()
        .await?
        .results::<DayRow>()?;
    let periods = match setting(db, "work_periods").await? {
        Some(json) => serde_json::from_str::<Vec<Period>>(&json)
            .map_err(|e| ApiError::Internal(format!("work_periods: {e}")))?,
        None => WorkCalendar::standard_hours(),
    };
    if rows.is_empty() {
        let default = WorkCalendar::china_default();
        return WorkCalendar::new(
            periods,
            default.holidays().clone(),
            default.workdays().clone(),
        )
        .map_err(|e| ApiError::Internal(format!("calendar: {e:?}")));
    }
    let mut holidays = BTreeSet::new();
    let mut workdays = BTreeSet::new();
    for r in rows {
        let day = NaiveDate::parse_from_str(&r.day, "%Y-%m-%d")
            .map_err(|e| ApiError::Internal(format!("calendar day {}: {e}", r.day)))?;
        if r.kind == "workday" {
            workdays.insert(day);
        } else {
            holidays.insert(day);
        }
    }
    WorkCalendar::new(periods, holidays, workdays)
        .map_err(|e| ApiError::Internal(format!("calendar: {e:?}")))
}

pub async fn commitment(db: &D1Database) -> ApiResult<Commitment> {
    match setting(db, "commitment").await? {
        Some(json) => {
            serde_json::from_str(&json).map_err(|e| ApiError::Internal(format!("commitment: {e}")))
        }
        None => Ok(Commitment::default()),
    }
}
