//! What the statistics read from D1. Not a row per case: D1 groups the selection by port, unit,
//! category, grade and rating, with each group's case count and on-time sums ([`group_sql`]),
//! and counts cases per Shanghai day ([`day_sql`]). A year of 100 000 cases comes back as a few
//! thousand rows instead of 100 000 (the Worker's cost was turning rows into values, not D1's
//! scan).
//!
//! The on-time rule is [`Rate::count`]; [`group_sql`] states the same rule in SQL, and
//! [`StatGroup::of`] applies it to one case (the unit tests' way in).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Rate;
use crate::taxonomy::Status;

/// One case as the unit tests describe it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatRow {
    pub port: String,
    pub department: Option<String>,
    pub category: Option<String>,
    pub importance: Option<String>,
    pub urgency: Option<String>,
    pub status: String,
    /// When the enterprise raised it (`received_at`, else `submitted_at`).
    pub received: String,
    pub due_first_response: Option<String>,
    pub first_response_at: Option<String>,
    pub due_at: Option<String>,
    pub answered_at: Option<String>,
    pub handling_minutes: Option<i64>,
    pub rating: Option<i64>,
}

/// Cases alike in port, unit, category, grade and rating: how many, and their deadlines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatGroup {
    pub port: String,
    pub department: Option<String>,
    pub category: Option<String>,
    pub importance: Option<String>,
    pub urgency: Option<String>,
    pub rating: Option<i64>,
    pub n: u32,
    pub fr_due: u32,
    pub fr_met: u32,
    pub res_due: u32,
    pub res_met: u32,
    pub handled: u32,
    pub handling_minutes: i64,
}

/// Cases received on one Shanghai day (`YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayCount {
    pub day: String,
    pub n: u32,
}

fn time(s: &Option<String>) -> Option<DateTime<Utc>> {
    s.as_deref().and_then(crate::time::parse)
}

impl StatGroup {
    /// One case as a group of one, its deadlines judged at `now`.
    pub fn of(r: &StatRow, now: DateTime<Utc>) -> StatGroup {
        let running = Status::parse(&r.status).is_some_and(crate::lifecycle::clock_running);
        let mut first = Rate::default();
        first.count(
            time(&r.due_first_response),
            time(&r.first_response_at),
            running,
            now,
        );
        let mut resolution = Rate::default();
        resolution.count(time(&r.due_at), time(&r.answered_at), running, now);
        StatGroup {
            port: r.port.clone(),
            department: r.department.clone(),
            category: r.category.clone(),
            importance: r.importance.clone(),
            urgency: r.urgency.clone(),
            rating: r.rating,
            n: 1,
            fr_due: first.due,
            fr_met: first.met,
            res_due: resolution.due,
            res_met: resolution.met,
            handled: u32::from(r.handling_minutes.is_some()),
            handling_minutes: r.handling_minutes.unwrap_or(0),
        }
    }
}

impl DayCount {
    pub fn of(r: &StatRow) -> Option<DayCount> {
        let at = crate::time::parse(&r.received)?;
        Some(DayCount {
            day: crate::time::service_day(at).format("%Y-%m-%d").to_string(),
            n: 1,
        })
    }
}

/// [`Rate::count`] in SQL for one deadline column and its done column: two counts, named
/// `{name}_due` and `{name}_met`.
fn rate_sql(due: &str, done: &str, now: &str, name: &str) -> String {
    let running = crate::ledger::running_sql();
    format!(
        "count(CASE WHEN {due} IS NOT NULL AND ({done} IS NOT NULL OR (status IN ({running}) AND {now} > {due})) \
         THEN 1 END) AS {name}_due, count(CASE WHEN {due} IS NOT NULL AND {done} <= {due} THEN 1 END) AS {name}_met"
    )
}

/// [`StatGroup`]s of the cases matching `condition`; `now` is the placeholder bound to the
/// current time (ISO 8601 UTC, as every stored time).
pub fn group_sql(condition: &str, now: &str) -> String {
    let dims = "port, department, category, importance, urgency, rating";
    let first = rate_sql("due_first_response", "first_response_at", now, "fr");
    let resolution = rate_sql("due_at", "answered_at", now, "res");
    format!(
        "SELECT {dims}, count(*) AS n, {first}, {resolution}, count(handling_minutes) AS handled, \
         coalesce(sum(handling_minutes), 0) AS handling_minutes FROM cases WHERE {condition} GROUP BY {dims}"
    )
}

/// [`DayCount`]s of the cases matching `condition` (the Shanghai day each was raised).
pub fn day_sql(condition: &str) -> String {
    format!(
        "SELECT strftime('%Y-%m-%d', coalesce(received_at, submitted_at), '+8 hours') AS day, count(*) AS n \
         FROM cases WHERE {condition} GROUP BY day"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_group_query_names_every_column_a_group_reads() {
        let sql = group_sql("true", "?1");
        for column in [
            " AS n,",
            " AS fr_due",
            " AS fr_met",
            " AS res_due",
            " AS res_met",
            " AS handled,",
            " AS handling_minutes",
        ] {
            assert!(sql.contains(column), "{column}: {sql}");
        }
        assert!(sql.contains("?1 > due_at") && sql.contains("'in_progress'"));
        assert!(day_sql("true").contains("'+8 hours'"));
    }
}
