//! The admin-editable settings deadlines are counted on, with the domain's defaults where the
//! tables are empty.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use domain::calendar::{Period, WorkCalendar};
use domain::settings::{CalendarDay, DayInput, DayKind};
use domain::sla::{Commitment, CommitmentRow};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeSet;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, Env, Request, Response};

use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::http::{json, read_json, Cx};

#[derive(Deserialize)]
struct DayRow {
    day: String,
    kind: String,
    note: Option<String>,
}

#[derive(Deserialize)]
struct SettingRow {
    key: String,
    value: String,
}

thread_local! {
    static KEPT: crate::kept::Slot<(WorkCalendar, Commitment)> = const { RefCell::new(None) };
}

/// The calendar and the commitment: kept by the isolate for a minute ([`crate::kept`]), else
/// read in one D1 round trip (one batch).
pub async fn load(db: &D1Database) -> ApiResult<(WorkCalendar, Commitment)> {
    crate::kept::get_or_read(&KEPT, read(db)).await
}

/// What is saved: the calendar's days with their notes (none: the built-in days apply), the
/// working periods and the commitment.
struct Saved {
    days: Vec<CalendarDay>,
    periods: Vec<Period>,
    commitment: Commitment,
}

async fn read(db: &D1Database) -> ApiResult<(WorkCalendar, Commitment)> {
    let saved = read_saved(db).await?;
    Ok((calendar_of(saved.periods, &saved.days)?, saved.commitment))
}

/// Everything saved, in one D1 round trip (one batch).
async fn read_saved(db: &D1Database) -> ApiResult<Saved> {
    let mut results = db
        .batch(vec![
            db.prepare("SELECT day, kind, note FROM calendar_days ORDER BY day"),
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
    let days = days
        .results::<DayRow>()?
        .into_iter()
        .map(day_of_row)
        .collect::<ApiResult<_>>()?;
    Ok(Saved {
        days,
        periods,
        commitment,
    })
}

fn day_of_row(r: DayRow) -> ApiResult<CalendarDay> {
    let day = NaiveDate::parse_from_str(&r.day, "%Y-%m-%d")
        .map_err(|e| ApiError::Internal(format!("calendar day {}: {e}", r.day)))?;
    // the table's CHECK allows only the two kinds
    let kind = DayKind::parse(&r.kind)
        .ok_or_else(|| ApiError::Internal(format!("calendar kind {}", r.kind)))?;
    Ok(CalendarDay {
        day,
        kind,
        note: r.note,
    })
}

fn calendar_of(periods: Vec<Period>, days: &[CalendarDay]) -> ApiResult<WorkCalendar> {
    if days.is_empty() {
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
    for d in days {
        match d.kind {
            DayKind::Workday => workdays.insert(d.day),
            DayKind::Holiday => holidays.insert(d.day),
        };
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

/// Forgets what this isolate kept, so its next deadline reads the administrator's change.
fn forget() {
    crate::kept::forget(&KEPT);
}

#[derive(Serialize)]
struct CalendarView {
    /// `table`: what an administrator saved; `default`: the built-in days (nothing saved yet).
    source: &'static str,
    days: Vec<CalendarDay>,
}

/// `GET /api/admin/settings` (admin): the commitment and every day of the calendar.
pub async fn get(env: &Env) -> ApiResult<Response> {
    let d1 = env.d1("DB")?;
    let saved = read_saved(&d1).await?;
    let retention = retention(&d1).await?;
    let calendar = if saved.days.is_empty() {
        CalendarView {
            source: "default",
            days: domain::settings::days_of(&WorkCalendar::china_default()),
        }
    } else {
        CalendarView {
            source: "table",
            days: saved.days,
        }
    };
    Ok(json(
        &serde_json::json!({ "commitment": saved.commitment, "calendar": calendar,
            "retention_years": retention.get() }),
        200,
    )?)
}

#[derive(Deserialize)]
struct YearBody {
    days: Vec<DayInput>,
}

/// `POST /api/admin/calendar/{year}` (admin): that year's days off and working weekends, all at
/// once (the year's rows are replaced in one batch). While nothing was saved the built-in days
/// applied; the first save keeps the other years' built-in days, so no year loses its holidays.
pub async fn save_year(
    mut req: Request,
    cx: &Cx<'_>,
    year: &str,
    s: Session,
) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    let year: i32 = year
        .parse()
        .ok()
        .filter(|y| domain::settings::year_in_range(*y))
        .ok_or_else(|| ApiError::Field("year".into(), "admin-err-calendar-year".into()))?;
    let body: YearBody = read_json(&mut req).await?;
    let plan = domain::settings::year_plan(year, &body.days)
        .map_err(|(field, key)| ApiError::Field(field, key.into()))?;
    let d1 = env.d1("DB")?;
    let saved = d1
        .prepare("SELECT COUNT(*) AS n FROM calendar_days")
        .first::<u32>(Some("n"))
        .await?
        .unwrap_or(0);
    // OR IGNORE: two administrators saving the first time at once write the built-in days once
    let insert = |d: &CalendarDay| -> ApiResult<_> {
        Ok(d1
            .prepare("INSERT OR IGNORE INTO calendar_days (day, kind, note) VALUES (?1, ?2, ?3)")
            .bind(&[
                d.day.format("%Y-%m-%d").to_string().into(),
                d.kind.code().into(),
                d.note.clone().map(JsValue::from).unwrap_or(JsValue::NULL),
            ])?)
    };
    let mut batch = Vec::new();
    if saved == 0 {
        for d in domain::settings::days_of(&WorkCalendar::china_default()) {
            if d.day.year() != year {
                batch.push(insert(&d)?);
            }
        }
    }
    batch.push(
        d1.prepare("DELETE FROM calendar_days WHERE day BETWEEN ?1 AND ?2")
            .bind(&[
                format!("{year}-01-01").into(),
                format!("{year}-12-31").into(),
            ])?,
    );
    for d in &plan {
        batch.push(insert(d)?);
    }
    d1.batch(batch).await?;
    forget();
    let entry = crate::audit::Entry::by(
        &s,
        domain::audit::AuditAction::CalendarSaved,
        format!("calendar:{year}"),
        serde_json::json!({ "days": plan.len() }),
    );
    crate::audit::write(&d1, entry, now).await?;
    Ok(json(
        &serde_json::json!({ "year": year, "days": plan }),
        200,
    )?)
}

/// Saves one setting as JSON text, noting who and when (for a batch with its audit entry).
pub fn save_statement(
    d1: &D1Database,
    key: &str,
    value: String,
    s: &crate::auth::session::Session,
    now: DateTime<Utc>,
) -> ApiResult<worker::D1PreparedStatement> {
    Ok(d1
        .prepare(
            "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, \
             updated_by = excluded.updated_by",
        )
        .bind(&[
            key.into(),
            value.into(),
            domain::time::iso(now).into(),
            format!("staff:{}", s.user_id).into(),
        ])?)
}

#[derive(Deserialize)]
struct CommitmentBody {
    rows: Vec<CommitmentRow>,
}

/// `POST /api/admin/commitment` (admin): the published time limits. Cases keep the deadlines
/// they were graded with; the new limits apply to cases graded from now on.
pub async fn save_commitment(mut req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    let body: CommitmentBody = read_json(&mut req).await?;
    let d1 = env.d1("DB")?;
    let (cal, _) = read(&d1).await?;
    let commitment = domain::settings::commitment(&body.rows, &cal)
        .map_err(|(field, key)| ApiError::Field(field, key.into()))?;
    let value = serde_json::to_string(&commitment)
        .map_err(|e| ApiError::Internal(format!("commitment: {e}")))?;
    save_statement(&d1, "commitment", value, &s, now)?
        .run()
        .await?;
    forget();
    let entry = crate::audit::Entry::by(
        &s,
        domain::audit::AuditAction::CommitmentSaved,
        "commitment".into(),
        serde_json::to_value(&commitment).unwrap_or_default(),
    );
    crate::audit::write(&d1, entry, now).await?;
    Ok(json(&serde_json::json!({ "commitment": commitment }), 200)?)
}

/// The settings key of the retention period (`domain::privacy::RetentionYears`).
pub const RETENTION_KEY: &str = "retention_years";

/// The retention period in force: the saved one, or the default.
pub async fn retention(d1: &D1Database) -> ApiResult<domain::privacy::RetentionYears> {
    #[derive(Deserialize)]
    struct Row {
        value: String,
    }
    let row = d1
        .prepare("SELECT value FROM settings WHERE key = ?1")
        .bind(&[RETENTION_KEY.into()])?
        .first::<Row>(None)
        .await?;
    Ok(row
        .and_then(|r| serde_json::from_str(&r.value).ok())
        .unwrap_or_default())
}
