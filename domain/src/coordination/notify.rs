//! What staff are told (SPEC "Staff are told") and when it goes out. Every notification shows
//! in the console; besides, it goes to the person's channel ([`super::channel`]) at once, or —
//! for those who chose the daily digest — gathered into one message at [`DIGEST_AT`] Shanghai
//! time on each working day. A near-due warning never waits for the digest: by the next
//! morning the deadline it warns of has passed.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::channel::{DeliveryChannel, Preference};
use super::code_enum;
use crate::calendar::WorkCalendar;

code_enum!(
    NotificationKind, "worker-notify" {
        /// A case was assigned to the person.
        Assigned = "assigned",
        /// A handler returned a case to the desk.
        Returned = "returned",
        /// The person's unit was asked to assist (会同).
        AssistTask = "assist_task",
        /// A supervision order (督办) to the person's unit.
        SupervisionOrder = "supervision_order",
        /// A supervision order's deadline is near and it is not answered.
        OrderDueSoon = "order_due_soon",
        NearDue = "near_due",
        Overdue = "overdue",
        Escalated = "escalated",
        /// A 差评 to verify, or on the person's case.
        BadRating = "bad_rating",
    }
);

impl NotificationKind {
    /// Sent at once even to those who take the daily digest.
    pub fn time_critical(self) -> bool {
        matches!(
            self,
            NotificationKind::NearDue | NotificationKind::OrderDueSoon
        )
    }
}

/// A case is near due when its deadline falls within this much working time: the sweep warns
/// its responsible people once per deadline.
pub const NEAR_DUE_WORKING_MINUTES: i64 = 120;

/// The daily digest goes out at 08:30 Shanghai time, on working days.
pub const DIGEST_AT: NaiveTime = match NaiveTime::from_hms_opt(8, 30, 0) {
    Some(t) => t,
    None => panic!("valid time"),
};

/// How far the digest looks for a working day (longer than any run of days off).
const DIGEST_SEARCH_DAYS: i64 = 60;

/// A notification waiting for one person (an outbox row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub id: i64,
    pub kind: NotificationKind,
    pub created_at: DateTime<Utc>,
}

/// What to do with one person's pending notifications now.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Plan {
    /// Send each of these alone, now.
    pub each: Vec<i64>,
    /// Send these together as one digest message, now.
    pub digest: Vec<i64>,
    /// Nothing to send (console only): mark them done.
    pub skip: Vec<i64>,
    /// Some wait for the next digest, due then.
    pub next_digest: Option<DateTime<Utc>>,
}

/// The digest moment of a day, as an instant.
pub fn digest_moment(day: NaiveDate) -> DateTime<Utc> {
    crate::time::from_shanghai(day.and_time(DIGEST_AT))
}

fn digest_days(
    cal: &WorkCalendar,
    from: NaiveDate,
    step: i64,
) -> impl Iterator<Item = NaiveDate> + '_ {
    (0..=DIGEST_SEARCH_DAYS)
        .map(move |i| from + Duration::days(i * step))
        .filter(|d| cal.is_working_day(*d))
}

/// The latest digest moment at or before `now`.
pub fn last_digest(cal: &WorkCalendar, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    digest_days(cal, crate::time::service_day(now), -1)
        .map(digest_moment)
        .find(|m| *m <= now)
}

/// The first digest moment after `now`.
pub fn next_digest(cal: &WorkCalendar, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    digest_days(cal, crate::time::service_day(now), 1)
        .map(digest_moment)
        .find(|m| *m > now)
}

fn ids(pending: &[Pending], keep: impl Fn(&Pending) -> bool) -> Vec<i64> {
    pending.iter().filter(|p| keep(p)).map(|p| p.id).collect()
}

/// Decides what goes out now. Without a channel nothing does (the console has it all); without
/// the digest everything goes at once; with it, what came in up to the latest digest moment
/// goes out as one message and the rest waits for the next — so a run that comes late still
/// sends yesterday's digest, and a notification is never in two digests once it is sent.
pub fn plan(
    pending: &[Pending],
    pref: &Preference,
    cal: &WorkCalendar,
    now: DateTime<Utc>,
) -> Plan {
    if pref.channel == DeliveryChannel::None {
        return Plan {
            skip: ids(pending, |_| true),
            ..Plan::default()
        };
    }
    if !pref.daily_digest {
        return Plan {
            each: ids(pending, |_| true),
            ..Plan::default()
        };
    }
    let slot = last_digest(cal, now);
    let ready = |p: &Pending| slot.is_some_and(|s| p.created_at <= s);
    let waits = |p: &Pending| !p.kind.time_critical() && !ready(p);
    Plan {
        each: ids(pending, |p| p.kind.time_critical()),
        digest: ids(pending, |p| !p.kind.time_critical() && ready(p)),
        skip: Vec::new(),
        next_digest: pending
            .iter()
            .any(waits)
            .then(|| next_digest(cal, now))
            .flatten(),
    }
}

#[cfg(test)]
mod tests;
