//! How the engine did against the desk. Every case keeps what the automatic grading said
//! (`engine_category`, `engine_department`) beside what the staff confirmed or corrected it to;
//! over one Shanghai month of confirmed cases this counts, per confirmed category and per
//! confirmed unit, how often the engine agreed and what it said instead.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::taxonomy::{Category, Department};

/// A Shanghai calendar month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month(NaiveDate);

impl Month {
    /// `YYYY-MM`, between 2000 and 2100.
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let (y, m) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
        if !(2000..=2100).contains(&y) {
            return None;
        }
        NaiveDate::from_ymd_opt(y, m, 1).map(Month)
    }

    /// The month before the one `at` falls in (Shanghai): "last month".
    pub fn before(at: DateTime<Utc>) -> Month {
        Month(crate::stats::month_start(crate::time::service_day(at))).previous()
    }

    pub fn previous(self) -> Month {
        Month(
            (self.0 - chrono::Duration::days(1))
                .with_day(1)
                .expect("day 1"),
        )
    }

    pub fn next(self) -> Month {
        Month(crate::stats::next_month(self.0))
    }

    /// `[first instant, first instant of the next month)` in UTC, as stored times compare.
    pub fn bounds(self) -> (DateTime<Utc>, DateTime<Utc>) {
        use crate::time::day_start;
        (day_start(self.0), day_start(self.next().0))
    }

    pub fn code(self) -> String {
        self.0.format("%Y-%m").to_string()
    }
}

/// One group of confirmed cases as D1 counts them.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirmed {
    pub category: Category,
    pub engine_category: Category,
    pub department: Department,
    pub engine_department: Department,
    pub n: u64,
}

/// One confirmed category or unit: how many cases, how many the engine got right, and what it
/// said for the rest (largest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgreementRow {
    pub code: String,
    pub confirmed: u64,
    pub agreed: u64,
    pub engine_said: Vec<(String, u64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    pub month: String,
    pub confirmed: u64,
    pub category_agreed: u64,
    pub department_agreed: u64,
    pub by_category: Vec<AgreementRow>,
    pub by_department: Vec<AgreementRow>,
}

/// The unit counts as agreed when it is the confirmed one, or when the confirmed category is
/// basic and the engine sent it to the enterprise centre (SPEC: basic questions are answered
/// first-hand there), as in `cargo xtask eval`.
fn department_agreed(g: &Confirmed) -> bool {
    g.engine_department == g.department
        || (g.category == Category::Basic && g.engine_department == Department::FtzCenter)
}

fn rows<T: Copy + PartialEq>(
    all: &[T],
    code: fn(T) -> &'static str,
    groups: &[Confirmed],
    pick: impl Fn(&Confirmed) -> (T, T, bool),
) -> Vec<AgreementRow> {
    all.iter()
        .map(|&v| {
            let mut row = AgreementRow {
                code: code(v).into(),
                confirmed: 0,
                agreed: 0,
                engine_said: Vec::new(),
            };
            for g in groups {
                let (confirmed, engine, agreed) = pick(g);
                if confirmed != v {
                    continue;
                }
                row.confirmed += g.n;
                if agreed {
                    row.agreed += g.n;
                } else if let Some(e) = row.engine_said.iter_mut().find(|e| e.0 == code(engine)) {
                    e.1 += g.n;
                } else {
                    row.engine_said.push((code(engine).into(), g.n));
                }
            }
            row.engine_said
                .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            row
        })
        .filter(|r| r.confirmed > 0)
        .collect()
}

/// The month's agreement from its groups of confirmed cases.
pub fn agreement(month: Month, groups: &[Confirmed]) -> Agreement {
    let sum = |f: &dyn Fn(&Confirmed) -> bool| groups.iter().filter(|g| f(g)).map(|g| g.n).sum();
    Agreement {
        month: month.code(),
        confirmed: sum(&|_| true),
        category_agreed: sum(&|g| g.category == g.engine_category),
        department_agreed: sum(&department_agreed),
        by_category: rows(Category::ALL, Category::code, groups, |g| {
            (
                g.category,
                g.engine_category,
                g.category == g.engine_category,
            )
        }),
        by_department: rows(Department::ALL, Department::code, groups, |g| {
            (g.department, g.engine_department, department_agreed(g))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Category::*;
    use Department::*;

    fn g(c: Category, ec: Category, d: Department, ed: Department, n: u64) -> Confirmed {
        Confirmed {
            category: c,
            engine_category: ec,
            department: d,
            engine_department: ed,
            n,
        }
    }

    #[test]
    fn months_parse_and_bound_in_shanghai() {
        assert_eq!(Month::parse("2026-10").unwrap().code(), "2026-10");
        for bad in [
            "2026-13", "2026-1", "26-10", "2026/10", "", "1999-01", "2026-00",
        ] {
            assert!(Month::parse(bad).is_none(), "{bad}");
        }
        let m = Month::before(crate::time::at_shanghai(2026, 1, 1, 0, 30));
        assert_eq!(m.code(), "2025-12");
        let (from, to) = m.bounds();
        assert_eq!(crate::time::iso(from), "2025-11-30T16:00:00.000Z");
        assert_eq!(crate::time::iso(to), "2025-12-31T16:00:00.000Z");
        assert_eq!(m.next().code(), "2026-01");
        assert_eq!(m.previous().code(), "2025-11");
    }

    #[test]
    fn counts_agreement_per_confirmed_category_and_unit() {
        let a = agreement(
            Month::parse("2026-10").unwrap(),
            &[
                g(Practice, Practice, Customs, Customs, 10),
                g(Practice, Consult, Customs, PortOffice, 3),
                g(Innovation, Practice, Customs, Customs, 2),
                g(Innovation, Consult, Customs, Customs, 1),
                // a basic question the engine sent to the centre counts as agreed on the unit
                g(Basic, Basic, Tax, FtzCenter, 4),
            ],
        );
        assert_eq!(
            (a.confirmed, a.category_agreed, a.department_agreed),
            (20, 14, 17)
        );
        let innovation = a
            .by_category
            .iter()
            .find(|r| r.code == "innovation")
            .unwrap();
        assert_eq!((innovation.confirmed, innovation.agreed), (3, 0));
        assert_eq!(
            innovation.engine_said,
            vec![("practice".to_string(), 2), ("consult".to_string(), 1)]
        );
        assert!(
            a.by_category.iter().all(|r| r.code != "consult"),
            "no empty rows"
        );
        let customs = a
            .by_department
            .iter()
            .find(|r| r.code == "customs")
            .unwrap();
        assert_eq!((customs.confirmed, customs.agreed), (16, 13));
        assert_eq!(customs.engine_said, vec![("port_office".to_string(), 3)]);
    }
}
