//! The published service commitment (服务承诺): first response and resolution time by urgency,
//! counted in working time on the calendar; the clock pauses while waiting on the enterprise.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::WorkCalendar;
use crate::grade::Letter;
use crate::taxonomy::Category;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Span {
    WorkingHours(u32),
    WorkingDays(u32),
}

impl Span {
    pub fn minutes(self, cal: &WorkCalendar) -> i64 {
        match self {
            Span::WorkingHours(h) => i64::from(h) * 60,
            Span::WorkingDays(d) => i64::from(d) * cal.minutes_per_day(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitmentRow {
    pub urgency: Letter,
    pub first_response: Span,
    pub resolution: Span,
    /// Innovation cases get longer (research, a written proposal, a decision).
    pub innovation_resolution: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    pub rows: Vec<CommitmentRow>,
}

impl Default for Commitment {
    /// SPEC: A 2h / 1d, B 4h / 3d, C 1d / 5d (innovation 20d).
    fn default() -> Self {
        use Span::*;
        Commitment {
            rows: vec![
                CommitmentRow {
                    urgency: Letter::A,
                    first_response: WorkingHours(2),
                    resolution: WorkingDays(1),
                    innovation_resolution: WorkingDays(20),
                },
                CommitmentRow {
                    urgency: Letter::B,
                    first_response: WorkingHours(4),
                    resolution: WorkingDays(3),
                    innovation_resolution: WorkingDays(20),
                },
                CommitmentRow {
                    urgency: Letter::C,
                    first_response: WorkingDays(1),
                    resolution: WorkingDays(5),
                    innovation_resolution: WorkingDays(20),
                },
            ],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    pub first_response: DateTime<Utc>,
    pub resolution: DateTime<Utc>,
}

/// A stretch of time the clock stood still (`needs_info`); `end: None` while still waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub start: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
}

impl Commitment {
    pub fn row(&self, urgency: Letter) -> CommitmentRow {
        self.rows
            .iter()
            .copied()
            .find(|r| r.urgency == urgency)
            .unwrap_or_else(|| Commitment::default().row(urgency))
    }

    /// Deadlines for a case received at `received`, with the working time of every finished
    /// pause added (a running pause is added up to `now`).
    pub fn deadlines(
        &self,
        cal: &WorkCalendar,
        category: Category,
        urgency: Letter,
        received: DateTime<Utc>,
        pauses: &[Pause],
        now: DateTime<Utc>,
    ) -> Deadlines {
        let row = self.row(urgency);
        let paused = paused_minutes(cal, received, pauses, now);
        let resolution = if category == Category::Innovation {
            row.innovation_resolution
        } else {
            row.resolution
        };
        Deadlines {
            first_response: cal
                .add_working_minutes(received, row.first_response.minutes(cal) + paused),
            resolution: cal.add_working_minutes(received, resolution.minutes(cal) + paused),
        }
    }
}

/// Working minutes the clock stood still after `received` (a running pause counts up to `now`).
pub fn paused_minutes(
    cal: &WorkCalendar,
    received: DateTime<Utc>,
    pauses: &[Pause],
    now: DateTime<Utc>,
) -> i64 {
    pauses
        .iter()
        .map(|p| {
            cal.working_minutes_between(p.start.max(received), p.end.unwrap_or(now).max(received))
        })
        .sum()
}

/// How long a case took to answer, in working minutes, without the time it waited on the
/// enterprise: what "average handling time" averages.
pub fn handling_minutes(
    cal: &WorkCalendar,
    received: DateTime<Utc>,
    answered: DateTime<Utc>,
    pauses: &[Pause],
) -> i64 {
    let answered = answered.max(received);
    (cal.working_minutes_between(received, answered)
        - paused_minutes(cal, received, pauses, answered))
    .max(0)
}

/// Seed 002 item 18: anything not answered 48 hours (wall clock) after submission is flagged.
pub const FLAG_HOURS: i64 = 48;

/// The 48-hour rule, the one place it is written: a case still open — nothing final said to the
/// enterprise yet, which counts a case waiting on the enterprise's documents ([`is_open`]) —
/// and received 48 hours ago or more. [`flagged_48h_sql`] is the same rule for D1.
///
/// [`is_open`]: crate::lifecycle::is_open
pub fn flagged_48h(
    status: crate::taxonomy::Status,
    received: DateTime<Utc>,
    now: DateTime<Utc>,
) -> bool {
    crate::lifecycle::is_open(status) && received <= flag_48h_before(now)
}

/// Received at or before this, and still open: flagged.
pub fn flag_48h_before(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::hours(FLAG_HOURS)
}

/// [`flagged_48h`] as an SQL condition over table `cases`, with `before` the placeholder bound
/// to [`flag_48h_before`] (the queue's `flagged_48h` filter and the sweep both use it).
pub fn flagged_48h_sql(before: &str) -> String {
    format!(
        "status IN ({}) AND coalesce(received_at, submitted_at) <= {before}",
        crate::ledger::open_sql()
    )
}

/// The last due time that counts as near: half a working day from `now`.
pub fn near_due_until(cal: &WorkCalendar, now: DateTime<Utc>) -> DateTime<Utc> {
    cal.add_working_minutes(now, cal.minutes_per_day() / 2)
}

/// The moments the flags are measured against, computed once per request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub now: DateTime<Utc>,
    /// Due at or before this (and not yet overdue): near due.
    pub near_due_until: DateTime<Utc>,
    /// Received at or before this and still unanswered: flagged for 48 hours.
    pub flag_48h_before: DateTime<Utc>,
}

impl Clock {
    pub fn new(cal: &WorkCalendar, now: DateTime<Utc>) -> Clock {
        Clock {
            now,
            near_due_until: near_due_until(cal, now),
            flag_48h_before: flag_48h_before(now),
        }
    }
}

/// What the queue and the case page mark on a case (the queue's SQL says the same:
/// [`crate::queue`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags {
    pub overdue: bool,
    pub near_due: bool,
    pub flagged_48h: bool,
}

impl Flags {
    /// Overdue or near due only while the clock runs; flagged while not yet answered.
    pub fn of(
        status: crate::taxonomy::Status,
        due: Option<DateTime<Utc>>,
        received: DateTime<Utc>,
        clock: &Clock,
    ) -> Flags {
        let running = crate::lifecycle::clock_running(status);
        let overdue = running && due.is_some_and(|d| d < clock.now);
        Flags {
            overdue,
            near_due: running && !overdue && due.is_some_and(|d| d <= clock.near_due_until),
            flagged_48h: flagged_48h(status, received, clock.now),
        }
    }
}

/// Queue order: BB-and-above first, then the earliest due time, then the oldest.
pub fn queue_key(
    priority: bool,
    due: Option<DateTime<Utc>>,
    submitted: DateTime<Utc>,
) -> (bool, DateTime<Utc>, DateTime<Utc>) {
    (
        !priority,
        due.unwrap_or(DateTime::<Utc>::MAX_UTC),
        submitted,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::at_shanghai as sh;

    #[test]
    fn urgency_a_on_a_friday_afternoon() {
        let cal = WorkCalendar::china_default();
        let t = Commitment::default();
        let at = sh(2026, 11, 20, 15, 0); // Friday
        let d = t.deadlines(&cal, Category::Practice, Letter::A, at, &[], at);
        assert_eq!(d.first_response, sh(2026, 11, 20, 17, 0));
        assert_eq!(d.resolution, sh(2026, 11, 23, 15, 0)); // one working day later: Monday
        let inno = t.deadlines(&cal, Category::Innovation, Letter::C, at, &[], at);
        assert_eq!(cal.working_minutes_between(at, inno.resolution), 20 * 420);
    }

    #[test]
    fn handling_time_counts_working_minutes_without_pauses() {
        let cal = WorkCalendar::china_default();
        // Friday 16:00 → Monday 10:00: the weekend does not count
        let (fri, mon) = (sh(2026, 11, 20, 16, 0), sh(2026, 11, 23, 10, 0));
        let plain = handling_minutes(&cal, fri, mon, &[]);
        assert_eq!(plain, cal.working_minutes_between(fri, mon));
        assert!(plain < 4 * 60, "{plain}");
        // an hour on Monday waiting on the enterprise comes off
        let pause = Pause {
            start: sh(2026, 11, 23, 9, 0),
            end: Some(mon),
        };
        assert_eq!(handling_minutes(&cal, fri, mon, &[pause]), plain - 60);
        assert_eq!(handling_minutes(&cal, mon, fri, &[]), 0);
    }

    #[test]
    fn waiting_on_the_enterprise_stops_the_clock() {
        let cal = WorkCalendar::china_default();
        let t = Commitment::default();
        let at = sh(2026, 11, 23, 9, 0);
        let plain = t.deadlines(&cal, Category::Practice, Letter::B, at, &[], at);
        // waited Monday 10:00 → Tuesday 10:00: one working day (420 min) of pause
        let pause = Pause {
            start: sh(2026, 11, 23, 10, 0),
            end: Some(sh(2026, 11, 24, 10, 0)),
        };
        let paused = t.deadlines(&cal, Category::Practice, Letter::B, at, &[pause], at);
        assert_eq!(
            cal.working_minutes_between(plain.resolution, paused.resolution),
            420
        );
        // a pause still running counts up to now
        let open = Pause {
            start: sh(2026, 11, 23, 10, 0),
            end: None,
        };
        let now = sh(2026, 11, 23, 11, 0);
        let running = t.deadlines(&cal, Category::Practice, Letter::B, at, &[open], now);
        assert_eq!(
            cal.working_minutes_between(plain.first_response, running.first_response),
            60
        );
    }

    #[test]
    fn forty_eight_hours_and_queue_order() {
        let at = sh(2026, 11, 20, 9, 0);
        use crate::taxonomy::Status;
        assert!(!flagged_48h(Status::Triaged, at, at + Duration::hours(47)));
        assert!(flagged_48h(Status::Triaged, at, at + Duration::hours(48)));
        assert!(!flagged_48h(
            Status::Answered,
            at,
            at + Duration::hours(100)
        ));
        // waiting on the enterprise is still not answered
        assert!(flagged_48h(Status::NeedsInfo, at, at + Duration::hours(48)));
        // the SQL names exactly the statuses the predicate flags
        let sql = flagged_48h_sql("?1");
        for s in Status::ALL {
            assert_eq!(
                sql.contains(&format!("'{}'", s.code())),
                flagged_48h(*s, at, at + Duration::hours(48)),
                "{s:?}"
            );
        }
        let mut q = [
            ("old C", queue_key(false, Some(at + Duration::hours(5)), at)),
            (
                "BB late",
                queue_key(true, Some(at + Duration::hours(9)), at + Duration::hours(1)),
            ),
            (
                "BB soon",
                queue_key(true, Some(at + Duration::hours(2)), at + Duration::hours(2)),
            ),
            ("no due", queue_key(false, None, at - Duration::hours(1))),
        ];
        q.sort_by_key(|(_, k)| *k);
        let order: Vec<_> = q.iter().map(|(n, _)| *n).collect();
        assert_eq!(order, ["BB soon", "BB late", "old C", "no due"]);
    }
}
