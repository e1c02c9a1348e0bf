//! The statistics page (`GET /api/staff/stats`): written by the Worker, read by the console.

use serde::{Deserialize, Serialize};

use crate::stats::{Bucket, Matrix, Performance, Rate, Stats};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatsView {
    pub total: u32,
    /// The density distribution tables 密度分布表: category × port and category × unit.
    pub by_category_port: Matrix,
    pub by_category_department: Matrix,
    pub weekly: Vec<Bucket>,
    pub monthly: Vec<Bucket>,
    pub overall: PerformanceRow,
    pub by_department: Vec<PerformanceRow>,
    pub by_grade: Vec<PerformanceRow>,
    /// Latest rating per case: `ratings[0]` is how many scored 1, … `ratings[4]` scored 5.
    pub ratings: [u32; 5],
    /// Share of rated cases rated 3 or better.
    pub satisfaction: Option<f64>,
    pub rectification: Rectification,
    pub visits: BadVisits,
    pub recurring: Vec<Recurring>,
    /// 会同 per assisting unit, counted by its tasks (a case is counted once everywhere else).
    #[serde(default)]
    pub assisting: Vec<UnitTasks>,
}

/// One assisting unit's tasks on the selected cases (withdrawn ones left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitTasks {
    pub code: String,
    pub label: String,
    pub asked: u32,
    pub replied: u32,
    /// Replied by the task's own deadline.
    pub replied_on_time: u32,
    pub open: u32,
}

/// The per-unit task figures as D1 groups them, over the cases `cases_sql` selects.
pub fn unit_tasks_sql(cases_sql: &str) -> String {
    format!(
        "SELECT unit, count(*) AS asked, sum(status = 'replied') AS replied, \
         sum(status = 'replied' AND replied_at <= due_at) AS replied_on_time, \
         sum(status = 'open') AS open FROM assist_tasks \
         WHERE status <> 'withdrawn' AND case_id IN (SELECT id FROM cases WHERE {cases_sql}) \
         GROUP BY unit ORDER BY asked DESC, unit"
    )
}

impl StatsView {
    /// The figures of `st` with the counts read beside them.
    pub fn new(
        st: &Stats,
        rectification: Rectification,
        visits: BadVisits,
        recurring: Vec<Recurring>,
    ) -> StatsView {
        StatsView {
            total: st.total,
            by_category_port: st.by_category_port.clone(),
            by_category_department: st.by_category_department.clone(),
            weekly: st.weekly.clone(),
            monthly: st.monthly.clone(),
            overall: PerformanceRow::from(&st.overall),
            by_department: st.by_department.iter().map(PerformanceRow::from).collect(),
            by_grade: st.by_grade.iter().map(PerformanceRow::from).collect(),
            ratings: st.ratings,
            satisfaction: st.satisfaction(),
            rectification,
            visits,
            recurring,
            assisting: Vec::new(),
        }
    }
}

/// On-time figures for one unit or grade (or all).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PerformanceRow {
    pub code: String,
    pub label: String,
    pub cases: u32,
    pub first_response: RateView,
    pub resolution: RateView,
    /// Average handling time in working hours, one decimal.
    pub average_hours: Option<f64>,
}

impl From<&Performance> for PerformanceRow {
    fn from(p: &Performance) -> PerformanceRow {
        PerformanceRow {
            code: p.code.clone(),
            label: p.label.clone(),
            cases: p.cases,
            first_response: RateView::from(p.first_response),
            resolution: RateView::from(p.resolution),
            average_hours: p.average_hours(),
        }
    }
}

/// Deadlines that fell due, how many were met, and the share.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RateView {
    pub due: u32,
    pub met: u32,
    pub rate: Option<f64>,
}

impl From<Rate> for RateView {
    fn from(r: Rate) -> RateView {
        RateView {
            due: r.due,
            met: r.met,
            rate: r.rate(),
        }
    }
}

/// 差评 by the supervisor's decision.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rectification {
    pub pending: u64,
    pub rectify: u64,
    pub explain: u64,
    pub appeal: u64,
}

/// 差评 and how many had their 回访.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BadVisits {
    pub bad_total: u64,
    pub bad_visited: u64,
    pub coverage: Option<f64>,
}

impl BadVisits {
    pub fn new(bad_total: u64, bad_visited: u64) -> BadVisits {
        BadVisits {
            bad_total,
            bad_visited,
            coverage: (bad_total > 0).then(|| bad_visited as f64 / bad_total as f64),
        }
    }
}

/// A problem that recurs among open cases, with the units and ports it touches (labels).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recurring {
    pub title: String,
    pub case_nos: Vec<String>,
    pub departments: Vec<String>,
    pub ports: Vec<String>,
}
