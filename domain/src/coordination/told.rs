//! Who among the staff is told of what (SPEC "Staff are told"): one table of rules, from an event
//! in a case's log to a notification for the people responsible. The Worker runs them as one
//! statement ([`fan_out_sql`]) in the same D1 batch as the event, so no path that writes an event
//! — an officer's action, a batch, the sweep — can forget to tell anyone.

use super::notify::NotificationKind;
use crate::staff::StaffRole;
use crate::taxonomy::EventKind;

/// Who is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The case's officer; with none, every handler of its unit.
    Owner,
    /// The handlers of the unit the event names (`after.unit`): an assisting unit, an order's.
    NamedUnit,
    /// Everyone active in the role.
    Role(StaffRole),
}

/// Which events of a kind the rule takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Always,
    /// Grading again that sent the case to another unit, or back to a unit after it was
    /// returned to the desk (`before.returned`); the first grading always routes.
    Rerouted,
    /// An escalation by the sweep because the deadline passed.
    Overdue,
    /// Any other escalation.
    NotOverdue,
    /// The escalation reached at least this level.
    LevelAtLeast(u8),
    /// A rating of 差评 (`rating::Score::is_bad`).
    BadScore,
}

/// One rule: an event of `event` matching `when` tells `audience` with a `kind` notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub event: EventKind,
    pub when: When,
    pub kind: NotificationKind,
    pub audience: Audience,
}

const fn rule(event: EventKind, when: When, kind: NotificationKind, audience: Audience) -> Rule {
    Rule {
        event,
        when,
        kind,
        audience,
    }
}

use Audience::*;
use EventKind as E;
use NotificationKind as N;
use StaffRole::{Leader, Supervisor};

/// The rules, in order: when two give the same person the same event, the first one counts
/// (one notification per person per event).
pub const RULES: &[Rule] = &[
    rule(E::Assigned, When::Always, N::Assigned, Owner),
    rule(E::Triaged, When::Always, N::Assigned, Owner),
    rule(E::Regraded, When::Rerouted, N::Assigned, Owner),
    rule(
        E::Returned,
        When::Always,
        N::Returned,
        Role(StaffRole::FrontDesk),
    ),
    rule(E::AssistAsked, When::Always, N::AssistTask, NamedUnit),
    rule(E::OrderIssued, When::Always, N::SupervisionOrder, NamedUnit),
    rule(E::OrderReminded, When::Always, N::OrderDueSoon, NamedUnit),
    rule(E::DueSoon, When::Always, N::NearDue, Owner),
    rule(E::Escalated, When::Overdue, N::Overdue, Owner),
    rule(E::Escalated, When::NotOverdue, N::Escalated, Owner),
    rule(E::Escalated, When::Always, N::Escalated, Role(Supervisor)),
    rule(
        E::Escalated,
        When::LevelAtLeast(4),
        N::Escalated,
        Role(Leader),
    ),
    rule(E::Rated, When::BadScore, N::BadRating, Role(Supervisor)),
    rule(E::Rated, When::BadScore, N::BadRating, Owner),
];

/// Whether an event of this kind may tell anyone (the Worker adds the statement only then).
pub fn concerns(event: EventKind) -> bool {
    RULES.iter().any(|r| r.event == event)
}

fn audience_sql(a: Audience) -> String {
    match a {
        Owner => "(s.id = c.assignee_id OR (c.assignee_id IS NULL AND s.role = 'handler' \
                  AND s.department = c.department))"
            .into(),
        NamedUnit => {
            "(s.role = 'handler' AND s.department = json_extract(e.after, '$.unit'))".into()
        }
        Role(r) => format!("s.role = '{}'", r.code()),
    }
}

fn when_sql(w: When) -> String {
    match w {
        When::Always => "1".into(),
        When::Rerouted => "(json_extract(e.after, '$.department') IS NOT \
                            json_extract(e.before, '$.department') \
                            OR json_extract(e.before, '$.returned') IS 1)"
            .into(),
        When::Overdue => "e.reason IS 'overdue'".into(),
        When::NotOverdue => "e.reason IS NOT 'overdue'".into(),
        When::LevelAtLeast(l) => format!("json_extract(e.after, '$.level') >= {l}"),
        When::BadScore => format!(
            "json_extract(e.after, '$.score') <= {}",
            crate::rating::BAD_AT_MOST
        ),
    }
}

/// The statement that tells everyone the rules name of the events `events_sql` selects (a
/// condition on `e`, the case's events, with the caller's bound parameters). Nobody is told of
/// their own act, and an inactive account is told nothing. Re-running it adds nothing. The rules
/// are one `VALUES` table and one `CASE` (D1 refuses a compound SELECT of this many terms); rows
/// go in rule by rule, so the first rule for a person counts.
pub fn fan_out_sql(events_sql: &str) -> String {
    let table: Vec<String> = RULES
        .iter()
        .enumerate()
        .map(|(n, r)| format!("({n}, '{}', '{}')", r.event.code(), r.kind.code()))
        .collect();
    let cases: Vec<String> = RULES
        .iter()
        .enumerate()
        .map(|(n, r)| {
            format!(
                "WHEN {n} THEN ({} AND {})",
                audience_sql(r.audience),
                when_sql(r.when)
            )
        })
        .collect();
    format!(
        "INSERT OR IGNORE INTO staff_notifications (staff_id, case_id, event_id, kind, created_at, \
         next_attempt_at) SELECT s.id, e.case_id, e.id, r.kind, e.at, e.at \
         FROM case_events e JOIN cases c ON c.id = e.case_id \
         JOIN (SELECT column1 AS n, column2 AS event, column3 AS kind FROM (VALUES {table})) r \
           ON r.event = e.kind \
         JOIN staff_users s ON s.active = 1 AND e.actor <> 'staff:' || s.id \
         WHERE ({events_sql}) AND CASE r.n {cases} ELSE 0 END ORDER BY e.id, r.n",
        table = table.join(", "),
        cases = cases.join(" "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notification_kind_has_a_rule_and_every_rule_an_audience() {
        for k in NotificationKind::ALL {
            assert!(RULES.iter().any(|r| r.kind == *k), "{k:?} is never sent");
        }
        assert!(concerns(E::Assigned) && concerns(E::Rated));
        assert!(!concerns(E::Note) && !concerns(E::Submitted));
    }

    #[test]
    fn the_statement_names_only_codes_and_keeps_the_callers_condition() {
        let sql = fan_out_sql("e.case_id = ?1");
        assert_eq!(sql.matches(" THEN (").count(), RULES.len());
        assert_eq!(sql.matches("(e.case_id = ?1)").count(), 1);
        assert!(!sql.contains("UNION"), "D1 limits compound SELECTs");
        assert!(sql.contains("'bad_rating'") && sql.contains("s.role = 'leader'"));
        assert!(sql.contains(&format!("<= {}", crate::rating::BAD_AT_MOST)));
        assert!(
            !sql.contains('$') || sql.contains("'$."),
            "only JSON paths use $"
        );
    }

    #[test]
    fn overdue_and_other_escalations_tell_the_owner_once_each_way() {
        let owner: Vec<_> = RULES
            .iter()
            .filter(|r| r.event == E::Escalated && r.audience == Owner)
            .collect();
        assert_eq!(owner.len(), 2);
        assert_ne!(owner[0].when, owner[1].when);
    }
}
