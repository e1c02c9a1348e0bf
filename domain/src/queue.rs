//! The staff queue 待办: which cases each tab holds, in what order, and how many, all as SQL over
//! every case that is not finished, so D1 sorts, counts and pages however many there are.
//!
//! The filters are the ledger's ([`LedgerQuery`]: one filter type and one department wall for the
//! queue, the ledger and the statistics). The flags are the ones the case page shows
//! ([`crate::sla::Flags`]), written once more here as SQL; a test holds the two together.

use crate::grade::Letter;
use crate::ledger::{BadParam, Bind, Binder, LedgerQuery};
pub use crate::sla::Clock;
use crate::taxonomy::{Department, Status};
use crate::time::iso;

/// Cases a page of the queue shows.
pub const PAGE_SIZE: u32 = 50;

/// The queue's tabs (`GET /api/staff/queue?tab=`), in the order the console shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    All,
    /// 退回待分办: given back to the desk by a unit (退回), not routed again yet.
    Returned,
    /// 待分级: filed, not yet graded.
    New,
    /// 我的: assigned to the one asking.
    Mine,
    /// 优先: BB and above.
    Priority,
    /// 即将超时: due within half a working day.
    NearDue,
    /// 已超时
    Overdue,
    /// 待回访: a 差评 waiting for its return visit, or an answer unrated for three days.
    FollowUp,
}

impl Tab {
    pub const ALL: [Tab; 8] = [
        Tab::All,
        Tab::Returned,
        Tab::New,
        Tab::Mine,
        Tab::Priority,
        Tab::NearDue,
        Tab::Overdue,
        Tab::FollowUp,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Tab::All => "all",
            Tab::Returned => "returned",
            Tab::New => "new",
            Tab::Mine => "mine",
            Tab::Priority => "priority",
            Tab::NearDue => "near_due",
            Tab::Overdue => "overdue",
            Tab::FollowUp => "follow_up",
        }
    }

    pub fn parse(s: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.code() == s)
    }
}

/// `CASE … THEN 0 ELSE 1 END`: 0 for a grade of BB and above ([`crate::grade::Grade::is_priority`]).
pub fn priority_rank_sql() -> String {
    format!("CASE WHEN {} THEN 0 ELSE 1 END", priority_sql())
}

/// The grades BB and above, as a condition.
fn priority_sql() -> String {
    let high: Vec<String> = Letter::ALL
        .iter()
        .filter(|l| **l <= Letter::B)
        .map(|l| format!("'{l}'"))
        .collect();
    let high = high.join(", ");
    format!("importance IN ({high}) AND urgency IN ({high})")
}

/// Every case still on someone's desk: not closed and not merged into a batch.
pub const UNFINISHED_SQL: &str = "status NOT IN ('closed', 'merged')";

/// Who moves next: 0 for work on staff's desk graded BB and above, 1 for other work on staff's
/// desk, 2 for cases waiting on the enterprise (asked for information, or answered and not yet
/// rated). A passed due date of an answered case is not work to do.
pub fn work_rank_sql() -> String {
    format!(
        "CASE WHEN status NOT IN ({}) THEN 2 WHEN {} THEN 0 ELSE 1 END",
        crate::ledger::running_sql(),
        priority_sql()
    )
}

/// The queue's order: work before waiting, BB and above first ([`work_rank_sql`]), then the
/// earliest due time (none last), then the oldest, then the number. `migrations/0011` indexes
/// exactly these terms.
pub fn order_sql() -> String {
    format!(
        "ORDER BY {}, due_at IS NULL, due_at, coalesce(received_at, submitted_at), id",
        work_rank_sql()
    )
}

/// Not yet answered: the statuses the 48-hour rule and the "first response" clock look at.
/// One request for the queue: the ledger's filters, a tab, the 48-hour flag and a page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QueueQuery {
    pub filter: LedgerQuery,
    pub tab: Tab,
    pub flagged_48h: bool,
    pub page: u32,
}

/// SQL with its numbered parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Sql {
    pub text: String,
    pub binds: Vec<Bind>,
}

impl QueueQuery {
    /// The ledger's parameters plus `tab`, `flagged_48h` and `page`; a bad value names itself.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)> + Clone,
    ) -> Result<QueueQuery, BadParam> {
        let filter = LedgerQuery::parse(pairs.clone())?;
        // the ledger reads and checks `page` too
        let mut q = QueueQuery {
            page: filter.page,
            filter,
            ..QueueQuery::default()
        };
        for (k, v) in pairs {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match k {
                "tab" => q.tab = Tab::parse(v).ok_or(BadParam("tab"))?,
                "flagged_48h" => q.flagged_48h = matches!(v, "1" | "true" | "yes"),
                _ => {}
            }
        }
        Ok(q)
    }

    /// The condition a tab adds, with `$N` placeholders for `binds` (see [`Clock`]).
    fn tab_condition(tab: Tab, user: i64, clock: &Clock) -> (String, Vec<Bind>) {
        let running = crate::ledger::running_sql();
        let now = Bind::Text(iso(clock.now));
        match tab {
            Tab::All => ("1 = 1".into(), vec![]),
            Tab::Returned => ("returned_at IS NOT NULL".into(), vec![]),
            Tab::New => (format!("status = '{}'", Status::Submitted.code()), vec![]),
            Tab::Mine => ("assignee_id = $1".into(), vec![Bind::Int(user)]),
            Tab::Priority => (
                format!(
                    "{} = 0 AND status IN ({})",
                    priority_rank_sql(),
                    crate::ledger::open_sql()
                ),
                vec![],
            ),
            Tab::NearDue => (
                format!("status IN ({running}) AND due_at >= $1 AND due_at <= $2"),
                vec![now, Bind::Text(iso(clock.near_due_until))],
            ),
            Tab::Overdue => (format!("status IN ({running}) AND due_at < $1"), vec![now]),
            // a 差评 without its 回访 yet, or an answer unrated for three days (SPEC: both are called)
            Tab::FollowUp => (
                format!(
                    "(EXISTS (SELECT 1 FROM ratings r WHERE r.case_id = cases.id AND r.bad = 1 \
                       AND NOT EXISTS (SELECT 1 FROM return_visits v WHERE v.rating_id = r.id)) \
                     OR (status = '{}' AND rating IS NULL AND answered_at <= $1))",
                    Status::Answered.code()
                ),
                vec![Bind::Text(iso(
                    clock.now - chrono::Duration::days(crate::rating::REINVITE_DAYS)
                ))],
            ),
        }
    }

    fn flag_condition(clock: &Clock) -> (String, Vec<Bind>) {
        (
            crate::sla::flagged_48h_sql("$1"),
            vec![Bind::Text(iso(clock.flag_48h_before))],
        )
    }

    /// What every statement shares: unfinished cases, the filters, the wall.
    fn base(&self, clock: &Clock, wall: Option<Department>, b: &mut Binder) -> String {
        let cond = self.filter.condition_with(clock.now, wall, b);
        format!("{UNFINISHED_SQL} AND {cond}")
    }

    /// One row: `n_all`, `n_new`, … per tab (the tab counts, over the filters) and `total`, the
    /// number of cases this request selects (its tab and flag).
    pub fn counts(&self, user: i64, clock: &Clock, wall: Option<Department>) -> Sql {
        let mut b = Binder::default();
        let base = self.base(clock, wall, &mut b);
        let mut cols = Vec::new();
        for tab in Tab::ALL {
            let (c, binds) = Self::tab_condition(tab, user, clock);
            let c = b.place(&c, binds);
            cols.push(format!(
                "count(CASE WHEN {c} THEN 1 END) AS n_{}",
                tab.code()
            ));
        }
        let selected = self.selected(user, clock, &mut b);
        cols.push(format!("count(CASE WHEN {selected} THEN 1 END) AS total"));
        Sql {
            text: format!("SELECT {} FROM cases WHERE {base}", cols.join(", ")),
            binds: b.binds,
        }
    }

    fn selected(&self, user: i64, clock: &Clock, b: &mut Binder) -> String {
        let (c, binds) = Self::tab_condition(self.tab, user, clock);
        let mut s = b.place(&c, binds);
        if self.flagged_48h {
            let (c, binds) = Self::flag_condition(clock);
            s = format!("{s} AND {}", b.place(&c, binds));
        }
        s
    }

    /// The page's cases, `columns` of table `cases`, in queue order.
    pub fn page(&self, columns: &str, user: i64, clock: &Clock, wall: Option<Department>) -> Sql {
        let mut b = Binder::default();
        let base = self.base(clock, wall, &mut b);
        let selected = self.selected(user, clock, &mut b);
        let offset = u64::from(self.page.saturating_sub(1)) * u64::from(PAGE_SIZE);
        Sql {
            text: format!(
                "SELECT {columns} FROM cases WHERE {base} AND {selected} {} LIMIT {PAGE_SIZE} OFFSET {offset}",
                order_sql()
            ),
            binds: b.binds,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::Grade;

    fn clock() -> Clock {
        let cal = crate::calendar::WorkCalendar::china_default();
        Clock::new(&cal, crate::time::at_shanghai(2026, 11, 24, 10, 0))
    }

    #[test]
    fn the_priority_sql_says_what_is_priority_says() {
        let sql = priority_rank_sql();
        for i in Letter::ALL {
            for u in Letter::ALL {
                let g = Grade::new(i, u);
                // the SQL lists exactly the letters A and B for both
                let listed = sql.contains(&format!("'{i}'")) && sql.contains(&format!("'{u}'"));
                assert_eq!(listed, g.is_priority(), "{g}");
            }
        }
    }

    #[test]
    fn parameters_are_numbered_after_the_ledgers() {
        let q = QueueQuery::parse([("category", "consult"), ("tab", "overdue"), ("q", "冷链")])
            .unwrap();
        let sql = q.page("id", 7, &clock(), Some(Department::Customs));
        let n = sql.binds.len();
        for i in 1..=n {
            assert!(sql.text.contains(&format!("?{i}")), "?{i} in {}", sql.text);
        }
        assert!(!sql.text.contains(&format!("?{}", n + 1)));
        assert!(!sql.text.contains('$'), "{}", sql.text);
        let counts = q.counts(7, &clock(), None);
        assert!(counts.text.contains("AS n_overdue") && counts.text.contains("AS total"));
        assert!(!counts.text.contains('$'));
    }

    #[test]
    fn the_migration_indexes_exactly_the_queue_order() {
        let migration = include_str!("../../migrations/0011_queue_work_first.sql");
        let flat = migration.split_whitespace().collect::<Vec<_>>().join(" ");
        let rank = work_rank_sql()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(flat.contains(&rank), "{flat}");
        assert!(flat.contains(&format!("WHERE {UNFINISHED_SQL};")), "{flat}");
        let terms = order_sql().replace("ORDER BY ", "");
        let indexed = format!("({rank}), {}", &terms[work_rank_sql().len() + 2..]);
        assert!(flat.contains(&indexed), "{indexed}");
    }

    #[test]
    fn a_bad_tab_names_itself() {
        assert_eq!(QueueQuery::parse([("tab", "later")]), Err(BadParam("tab")));
        assert_eq!(QueueQuery::parse([("page", "0")]), Err(BadParam("page")));
        let q = QueueQuery::parse([("page", "3"), ("tab", "mine")]).unwrap();
        assert_eq!((q.page, q.tab), (3, Tab::Mine));
        assert!(q.page("id", 1, &clock(), None).text.ends_with("OFFSET 100"));
    }
}
