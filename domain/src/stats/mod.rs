//! The density distribution table 密度分布表 and the performance figures, computed from narrow
//! case rows: counts by category × port and category × department, by week and month (Shanghai
//! days), on-time rates for first response and resolution (deadlines are working time, so the
//! rates are too), handling time in working hours, and the 好差评 distribution.
//!
//! Also the "top recurring problems": open cases that read alike, grouped, so a supervisor can
//! start a batch where the density says it pays off.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::api::CodeLabel;
use crate::i18n::Lang;
use crate::taxonomy::{Category, Department, Port};

mod groups;
pub use groups::{day_sql, group_sql, DayCount, StatGroup, StatRow};

/// Counts in a grid: `counts[row][col]`, with the row and column codes and labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Matrix {
    pub rows: Vec<CodeLabel>,
    pub cols: Vec<CodeLabel>,
    pub counts: Vec<Vec<u32>>,
    pub max: u32,
}

impl Matrix {
    fn new(rows: Vec<CodeLabel>, cols: Vec<CodeLabel>) -> Matrix {
        let counts = vec![vec![0; cols.len()]; rows.len()];
        Matrix {
            rows,
            cols,
            counts,
            max: 0,
        }
    }

    fn add(&mut self, row: &str, col: &str, n: u32) {
        let (Some(r), Some(c)) = (
            self.rows.iter().position(|x| x.code == row),
            self.cols.iter().position(|x| x.code == col),
        ) else {
            return;
        };
        self.counts[r][c] += n;
        self.max = self.max.max(self.counts[r][c]);
    }

    pub fn get(&self, row: &str, col: &str) -> u32 {
        match (
            self.rows.iter().position(|x| x.code == row),
            self.cols.iter().position(|x| x.code == col),
        ) {
            (Some(r), Some(c)) => self.counts[r][c],
            _ => 0,
        }
    }
}

/// One bucket of the trend: a week (starting Monday) or a month, with its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    pub start: NaiveDate,
    pub count: u32,
}

/// How many deadlines fell due (or were met early), and how many were met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Rate {
    pub due: u32,
    pub met: u32,
}

impl Rate {
    pub fn rate(self) -> Option<f64> {
        (self.due > 0).then(|| f64::from(self.met) / f64::from(self.due))
    }

    pub(crate) fn count(
        &mut self,
        due: Option<DateTime<Utc>>,
        done: Option<DateTime<Utc>>,
        running: bool,
        now: DateTime<Utc>,
    ) {
        let Some(due) = due else { return };
        match done {
            Some(at) => {
                self.due += 1;
                self.met += u32::from(at <= due);
            }
            // still open past its due time: a miss already, whatever happens next
            None if running && now > due => self.due += 1,
            None => {}
        }
    }
}

/// On-time figures for one department or grade (or all).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Performance {
    pub code: String,
    pub label: String,
    pub cases: u32,
    pub first_response: Rate,
    pub resolution: Rate,
    /// Answered cases with a measured handling time, and their working minutes in total.
    pub handled: u32,
    pub handling_minutes: i64,
}

impl Performance {
    fn new(code: &str, label: &str) -> Performance {
        Performance {
            code: code.into(),
            label: label.into(),
            cases: 0,
            first_response: Rate::default(),
            resolution: Rate::default(),
            handled: 0,
            handling_minutes: 0,
        }
    }

    /// Average handling time in working hours, one decimal.
    pub fn average_hours(&self) -> Option<f64> {
        (self.handled > 0).then(|| {
            (self.handling_minutes as f64 / f64::from(self.handled) / 60.0 * 10.0).round() / 10.0
        })
    }

    fn add(&mut self, g: &StatGroup) {
        self.cases += g.n;
        self.first_response.due += g.fr_due;
        self.first_response.met += g.fr_met;
        self.resolution.due += g.res_due;
        self.resolution.met += g.res_met;
        self.handled += g.handled;
        self.handling_minutes += g.handling_minutes;
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub total: u32,
    pub by_category_port: Matrix,
    pub by_category_department: Matrix,
    pub weekly: Vec<Bucket>,
    pub monthly: Vec<Bucket>,
    pub overall: Performance,
    pub by_department: Vec<Performance>,
    pub by_grade: Vec<Performance>,
    /// Latest rating per case: `ratings[0]` is how many scored 1, … `ratings[4]` scored 5.
    pub ratings: [u32; 5],
}

impl Stats {
    /// Satisfaction rate: rated 3–5 over all rated (the published 满意率).
    pub fn satisfaction(&self) -> Option<f64> {
        let all: u32 = self.ratings.iter().sum();
        (all > 0).then(|| f64::from(self.ratings[2..].iter().sum::<u32>()) / f64::from(all))
    }

    /// The figures of single cases (as they stood at `now`): each is a group of one.
    pub fn build(rows: &[StatRow], now: DateTime<Utc>, lang: Lang) -> Stats {
        let groups: Vec<StatGroup> = rows.iter().map(|r| StatGroup::of(r, now)).collect();
        let days: Vec<DayCount> = rows.iter().filter_map(DayCount::of).collect();
        Stats::from_groups(&groups, &days, lang)
    }

    /// The figures from what D1 aggregated ([`group_sql`], [`day_sql`]).
    pub fn from_groups(groups: &[StatGroup], days: &[DayCount], lang: Lang) -> Stats {
        use crate::api::code_labels as labels;
        let categories = labels(Category::ALL, Category::code, Category::label, lang);
        let mut by_port = Matrix::new(
            categories.clone(),
            labels(Port::ALL, Port::code, Port::label, lang),
        );
        let mut by_department = Matrix::new(
            categories,
            labels(Department::ALL, Department::code, Department::label, lang),
        );
        let mut overall = Performance::new("all", crate::i18n::t(lang, "stats-all"));
        let mut departments: Vec<Performance> = Department::ALL
            .iter()
            .map(|d| Performance::new(d.code(), d.label(lang)))
            .collect();
        let mut grades: BTreeMap<String, Performance> = BTreeMap::new();
        let mut ratings = [0u32; 5];
        for g in groups {
            let category = g.category.as_deref().unwrap_or_default();
            by_port.add(category, &g.port, g.n);
            if let Some(d) = g.department.as_deref() {
                by_department.add(category, d, g.n);
                if let Some(p) = departments.iter_mut().find(|p| p.code == d) {
                    p.add(g);
                }
            }
            if let (Some(i), Some(u)) = (g.importance.as_deref(), g.urgency.as_deref()) {
                let grade = format!("{i}{u}");
                grades
                    .entry(grade.clone())
                    .or_insert_with(|| Performance::new(&grade, &grade))
                    .add(g);
            }
            overall.add(g);
            if let Some(s) = g.rating.filter(|s| (1..=5).contains(s)) {
                ratings[s as usize - 1] += g.n;
            }
        }
        let (weeks, months) = trend(days);
        Stats {
            total: overall.cases,
            by_category_port: by_port,
            by_category_department: by_department,
            weekly: fill(&weeks, |d| d + Duration::days(7)),
            monthly: fill(&months, next_month),
            overall,
            by_department: departments.into_iter().filter(|p| p.cases > 0).collect(),
            // AA first: the grade order is the priority order
            by_grade: grades.into_values().collect(),
            ratings,
        }
    }
}

/// Cases received per week and per month, from the count per day.
fn trend(days: &[DayCount]) -> (BTreeMap<NaiveDate, u32>, BTreeMap<NaiveDate, u32>) {
    let mut weeks: BTreeMap<NaiveDate, u32> = BTreeMap::new();
    let mut months: BTreeMap<NaiveDate, u32> = BTreeMap::new();
    for d in days {
        if let Ok(day) = NaiveDate::parse_from_str(&d.day, "%Y-%m-%d") {
            *weeks.entry(week_start(day)).or_default() += d.n;
            *months.entry(month_start(day)).or_default() += d.n;
        }
    }
    (weeks, months)
}

pub fn week_start(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

pub fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

pub(crate) fn next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d)
}

/// Buckets from the first to the last, the empty ones included (a trend line needs its zeros).
fn fill(counts: &BTreeMap<NaiveDate, u32>, next: fn(NaiveDate) -> NaiveDate) -> Vec<Bucket> {
    let (Some((&first, _)), Some((&last, _))) = (counts.first_key_value(), counts.last_key_value())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut d = first;
    while d <= last && out.len() < 1000 {
        out.push(Bucket {
            start: d,
            count: counts.get(&d).copied().unwrap_or(0),
        });
        d = next(d);
    }
    out
}

/// An open case as the recurring-problem finder reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenCase {
    pub case_no: String,
    pub title: String,
    pub description: String,
    pub department: Option<String>,
    pub port: String,
}

/// A group of open cases that read like the same problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    pub title: String,
    pub case_nos: Vec<String>,
    pub departments: Vec<String>,
    pub ports: Vec<String>,
}

/// Groups open cases that read alike (a case joins a group when it reads like any member), in
/// input order (newest first), keeps groups of two or more, largest first, at most `limit`.
pub fn recurring(cases: &[OpenCase], limit: usize) -> Vec<Cluster> {
    use crate::similar::{cosine, profile, SAME_PROBLEM};
    let profiles: Vec<_> = cases
        .iter()
        .map(|c| profile(&format!("{} {}", c.title, c.description)))
        .collect();
    let mut claimed = vec![false; cases.len()];
    let mut out = Vec::new();
    for i in 0..cases.len() {
        if claimed[i] {
            continue;
        }
        let mut members = vec![i];
        let mut next = 0;
        while next < members.len() {
            let m = members[next];
            next += 1;
            for j in i + 1..cases.len() {
                if !members.contains(&j)
                    && !claimed[j]
                    && cosine(&profiles[m], &profiles[j]) >= SAME_PROBLEM
                {
                    members.push(j);
                }
            }
        }
        if members.len() < 2 {
            continue;
        }
        members.sort_unstable();
        for &j in &members {
            claimed[j] = true;
        }
        let mut departments: Vec<String> = members
            .iter()
            .filter_map(|&j| cases[j].department.clone())
            .collect();
        departments.sort();
        departments.dedup();
        let mut ports: Vec<String> = members.iter().map(|&j| cases[j].port.clone()).collect();
        ports.sort();
        ports.dedup();
        out.push(Cluster {
            title: cases[i].title.clone(),
            case_nos: members.iter().map(|&j| cases[j].case_no.clone()).collect(),
            departments,
            ports,
        });
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.case_nos.len()));
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests;
