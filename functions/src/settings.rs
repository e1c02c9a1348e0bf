//! The admin-editable settings deadlines are counted on, with the domain's defaults where the
//! tables are empty.

use chrono::{DateTime, NaiveDate, Utc};
use domain::calendar::{Period, WorkCalendar};
use domain::sla::Commitment;
use serde::Deserialize;
use std::cell::RefCell;
use std::collections::BTreeSet;
use worker::D1Database;

use crate::error::{ApiError, ApiResult};

#[derive(Deserialize)]
struct DayRow {
    day: String,
    kind: String,
}

#[derive(Deserialize)]
struct SettingRow {
    key: String,
    value: String,
}

/// How long an isolate keeps the calendar and commitment it read: an administrator's change
/// reaches every deadline computed after this, without a D1 round trip per request before it.
const KEEP_SECONDS: i64 = 60;

thread_local! {
    static KEPT: RefCell<Option<(DateTime<Utc>, WorkCalendar, Commitment)>> = const { RefCell::new(None) };
}

/// The calendar and the commitment: kept by the isolate for a minute, else read in one D1
/// round trip (one batch).
pub async fn load(db: &D1Database) -> ApiResult<(WorkCalendar, Commitment)> {
    let now = domain::time::from_millis(worker::Date::now().as_millis());
    let kept = KEPT.with(|k| {
        k.borrow()
            .as_ref()
            .filter(|(at, _, _)| (now - *at).num_seconds() < KEEP_SECONDS)
            .map(|(_, cal, table)| (cal.clone(), table.clone()))
    });
    if let Some(both) = kept {
        return Ok(both);
    }
    let both = read(db).await?;
    KEPT.with(|k| *k.borrow_mut() = Some((now, both.0.clone(), both.1.clone())));
    Ok(both)
}

async fn read(db: &D1Database) -> ApiResult<(WorkCalendar, Commitment)> {
    let mut results = db
        .batch(vec![
            db.prepare("SELECT day, kind FROM calendar_days"),
            db.prepare(
                "SELECT key, value FROM settings WHERE key IN ('work_periods', 'commitment')",
            ),
        ])
        .await?
        .into_iter();
    let (Some(days), Some(settings)) = (results.next(), results.next()) else {
        return Err(ApiError::Internal("settings batch".into()));
    };
    let settings = settings.results::<SettingRow>()?;
    let setting = |key: &str| {
        settings
            .iter()
            .find(|s| s.key == key)
            .map(|s| s.value.as_str())
    };
    let periods = match setting("work_periods") {
        Some(json) => serde_json::from_str::<Vec<Period>>(json)
            .map_err(|e| ApiError::Internal(format!("work_periods: {e}")))?,
        None => WorkCalendar::standard_hours(),
    };
    let commitment = match setting("commitment") {
        Some(json) => serde_json::from_str(json)
            .map_err(|e| ApiError::Internal(format!("commitment: {e}")))?,
        None => Commitment::default(),
    };
    Ok((calendar_of(periods, days.results::<DayRow>()?)?, commitment))
}

fn calendar_of(periods: Vec<Period>, rows: Vec<DayRow>) -> ApiResult<WorkCalendar> {
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

pub async fn calendar(db: &D1Database) -> ApiResult<WorkCalendar> {
    Ok(load(db).await?.0)
}

pub async fn commitment(db: &D1Database) -> ApiResult<Commitment> {
    Ok(load(db).await?.1)
}
