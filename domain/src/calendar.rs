//! Working time in Asia/Shanghai: working periods each day, weekends off, and two kinds of
//! dated override — extra days off (statutory holidays) and extra working days (调休 make-up
//! days). Deadlines are counted in working minutes on this calendar.
//!
//! Convention: a working period is half-open `[start, end)` for "is someone at work now", and a
//! deadline that uses up the last minute of a period lands on its `end` ("by 12:00").

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use crate::time::shanghai;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkCalendar {
    /// Sorted, non-overlapping, each `start < end`.
    periods: Vec<Period>,
    /// Extra days off (statutory holidays, including weekdays taken off for 调休).
    holidays: BTreeSet<NaiveDate>,
    /// Extra working days (make-up Saturdays and Sundays).
    workdays: BTreeSet<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarError {
    NoPeriods,
    BadPeriod(Period),
    Overlap,
    /// The same date is both a day off and a working day.
    Conflict(NaiveDate),
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

/// `2026-10-01..=2026-10-07` style ranges, for writing calendars by hand.
fn days(from: (i32, u32, u32), to: (i32, u32, u32)) -> impl Iterator<Item = NaiveDate> {
    let a = NaiveDate::from_ymd_opt(from.0, from.1, from.2).expect("date");
    let b = NaiveDate::from_ymd_opt(to.0, to.1, to.2).expect("date");
    a.iter_days().take_while(move |d| *d <= b)
}

impl WorkCalendar {
    pub fn new(
        mut periods: Vec<Period>,
        holidays: BTreeSet<NaiveDate>,
        workdays: BTreeSet<NaiveDate>,
    ) -> Result<Self, CalendarError> {
        if periods.is_empty() {
            return Err(CalendarError::NoPeriods);
        }
        periods.sort_by_key(|p| p.start);
        for p in &periods {
            if p.start >= p.end {
                return Err(CalendarError::BadPeriod(*p));
            }
        }
        if periods.windows(2).any(|w| w[0].end > w[1].start) {
            return Err(CalendarError::Overlap);
        }
        if let Some(d) = holidays.intersection(&workdays).next() {
            return Err(CalendarError::Conflict(*d));
        }
        Ok(WorkCalendar {
            periods,
            holidays,
            workdays,
        })
    }

    /// 09:00–12:00 and 13:30–17:30 (7 working hours), Monday to Friday, no overrides.
    pub fn standard_hours() -> Vec<Period> {
        vec![
            Period {
                start: hm(9, 0),
                end: hm(12, 0),
            },
            Period {
                start: hm(13, 30),
                end: hm(17, 30),
            },
        ]
    }

    /// The default shipped calendar: standard hours plus the 2026 national holiday arrangement
    /// (国务院办公厅 notice on the 2026 holidays) and the 2027 statutory holiday dates; 2027's
    /// make-up days are added by an administrator once that year's notice is published.
    pub fn china_default() -> Self {
        let mut holidays = BTreeSet::new();
        let mut workdays = BTreeSet::new();
        // 2026
        holidays.extend(days((2026, 1, 1), (2026, 1, 3))); // 元旦
        workdays.insert(NaiveDate::from_ymd_opt(2026, 1, 4).expect("date"));
        holidays.extend(days((2026, 2, 15), (2026, 2, 23))); // 春节
        workdays.extend(
            [(2026, 2, 14), (2026, 2, 28)]
                .map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("date")),
        );
        holidays.extend(days((2026, 4, 4), (2026, 4, 6))); // 清明节
        holidays.extend(days((2026, 5, 1), (2026, 5, 5))); // 劳动节
        workdays.insert(NaiveDate::from_ymd_opt(2026, 5, 9).expect("date"));
        holidays.extend(days((2026, 6, 19), (2026, 6, 21))); // 端午节
        holidays.extend(days((2026, 9, 25), (2026, 9, 27))); // 中秋节
        holidays.extend(days((2026, 10, 1), (2026, 10, 7))); // 国庆节
        workdays.extend(
            [(2026, 9, 20), (2026, 10, 10)]
                .map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("date")),
        );
        // 2027: statutory days only (元旦, 春节 Feb 6, 清明, 劳动节, 端午, 中秋, 国庆)
        holidays.insert(NaiveDate::from_ymd_opt(2027, 1, 1).expect("date"));
        holidays.extend(days((2027, 2, 6), (2027, 2, 9)));
        holidays.insert(NaiveDate::from_ymd_opt(2027, 4, 5).expect("date"));
        holidays.extend(days((2027, 5, 1), (2027, 5, 2)));
        holidays.insert(NaiveDate::from_ymd_opt(2027, 6, 9).expect("date"));
        holidays.insert(NaiveDate::from_ymd_opt(2027, 9, 15).expect("date"));
        holidays.extend(days((2027, 10, 1), (2027, 10, 3)));
        WorkCalendar::new(Self::standard_hours(), holidays, workdays)
            .expect("valid default calendar")
    }

    pub fn periods(&self) -> &[Period] {
        &self.periods
    }

    pub fn holidays(&self) -> &BTreeSet<NaiveDate> {
        &self.holidays
    }

    pub fn workdays(&self) -> &BTreeSet<NaiveDate> {
        &self.workdays
    }

    /// Working minutes in one working day (a "working day" of a deadline is this many minutes).
    pub fn minutes_per_day(&self) -> i64 {
        self.periods
            .iter()
            .map(|p| (p.end - p.start).num_minutes())
            .sum()
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.workdays.contains(&d) {
            return true;
        }
        if self.holidays.contains(&d) {
            return false;
        }
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
    }

    fn local(at: DateTime<Utc>) -> chrono::NaiveDateTime {
        at.with_timezone(&shanghai()).naive_local()
    }

    fn utc(local: chrono::NaiveDateTime) -> DateTime<Utc> {
        crate::time::from_shanghai(local)
    }

    /// Someone is at work at this instant: a working day, inside `[start, end)` of a period.
    pub fn is_working_instant(&self, at: DateTime<Utc>) -> bool {
        let l = Self::local(at);
        self.is_working_day(l.date())
            && self
                .periods
                .iter()
                .any(|p| p.start <= l.time() && l.time() < p.end)
    }

    /// A deadline may fall here: inside a period, or exactly on a period's end.
    pub fn is_deadline_instant(&self, at: DateTime<Utc>) -> bool {
        let l = Self::local(at);
        self.is_working_day(l.date())
            && self
                .periods
                .iter()
                .any(|p| p.start < l.time() && l.time() <= p.end)
    }

    /// Working time segments `[from, to)` from `at` onwards, in order (endless).
    fn segments_from(
        &self,
        at: DateTime<Utc>,
    ) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_ {
        let l = Self::local(at);
        let first = l.date();
        first
            .iter_days()
            .filter(move |d| self.is_working_day(*d))
            .flat_map(move |d| {
                self.periods.iter().filter_map(move |p| {
                    let (s, e) = (d.and_time(p.start), d.and_time(p.end));
                    let s = if s < l { l } else { s };
                    (s < e).then(|| (Self::utc(s), Self::utc(e)))
                })
            })
    }

    /// `at` plus `minutes` of working time. Zero minutes gives `at` itself.
    pub fn add_working_minutes(&self, at: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
        if minutes <= 0 {
            return at;
        }
        let mut left = minutes;
        // Whole days are skipped in one step when far away, so 20 working days stay cheap.
        for (s, e) in self.segments_from(at) {
            let len = (e - s).num_minutes();
            if left <= len {
                return s + Duration::minutes(left);
            }
            left -= len;
        }
        unreachable!("segments_from is endless")
    }

    /// Working minutes in `[from, to)`; zero when `to <= from`.
    pub fn working_minutes_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        if to <= from {
            return 0;
        }
        let mut total = 0;
        for (s, e) in self.segments_from(from) {
            if s >= to {
                break;
            }
            total += (e.min(to) - s).num_minutes();
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::at_shanghai as sh;
    use proptest::prelude::*;

    #[test]
    fn hours_days_weekends() {
        let cal = WorkCalendar::china_default();
        assert_eq!(cal.minutes_per_day(), 420);
        // Friday 16:30 + 2 working hours → Monday 10:00
        assert_eq!(
            cal.add_working_minutes(sh(2026, 11, 20, 16, 30), 120),
            sh(2026, 11, 23, 10, 0)
        );
        // lunch break is skipped
        assert_eq!(
            cal.add_working_minutes(sh(2026, 11, 23, 11, 0), 120),
            sh(2026, 11, 23, 14, 30)
        );
        // evening submission starts counting next morning
        assert_eq!(
            cal.add_working_minutes(sh(2026, 11, 23, 20, 0), 60),
            sh(2026, 11, 24, 10, 0)
        );
        // ending exactly at a period's end stays there ("by 12:00")
        assert_eq!(
            cal.add_working_minutes(sh(2026, 11, 23, 11, 0), 60),
            sh(2026, 11, 23, 12, 0)
        );
    }

    #[test]
    fn national_day_and_make_up_saturday() {
        let cal = WorkCalendar::china_default();
        // 2026-09-30 (Wed) 17:00 + 1 working day: 30 min that day, Oct 1–7 off, Oct 8 (Thu) counts
        assert_eq!(
            cal.add_working_minutes(sh(2026, 9, 30, 17, 0), 420),
            sh(2026, 10, 8, 17, 0)
        );
        // Saturday 2026-10-10 is a 调休 working day
        assert!(cal.is_working_day(NaiveDate::from_ymd_opt(2026, 10, 10).unwrap()));
        assert!(cal.is_working_instant(sh(2026, 10, 10, 9, 30)));
        assert_eq!(
            cal.add_working_minutes(sh(2026, 10, 9, 17, 0), 60),
            sh(2026, 10, 10, 9, 30)
        );
        // Sunday 2026-09-20 too; the Sunday before it is not
        assert!(cal.is_working_day(NaiveDate::from_ymd_opt(2026, 9, 20).unwrap()));
        assert!(!cal.is_working_day(NaiveDate::from_ymd_opt(2026, 9, 13).unwrap()));
    }

    #[test]
    fn rejects_bad_calendars() {
        let d = NaiveDate::from_ymd_opt(2026, 10, 10).unwrap();
        assert_eq!(
            WorkCalendar::new(vec![], Default::default(), Default::default()),
            Err(CalendarError::NoPeriods)
        );
        let bad = Period {
            start: hm(12, 0),
            end: hm(9, 0),
        };
        assert_eq!(
            WorkCalendar::new(vec![bad], Default::default(), Default::default()),
            Err(CalendarError::BadPeriod(bad))
        );
        let overlap = vec![
            Period {
                start: hm(9, 0),
                end: hm(12, 0),
            },
            Period {
                start: hm(11, 0),
                end: hm(13, 0),
            },
        ];
        assert_eq!(
            WorkCalendar::new(overlap, Default::default(), Default::default()),
            Err(CalendarError::Overlap)
        );
        assert_eq!(
            WorkCalendar::new(WorkCalendar::standard_hours(), [d].into(), [d].into()),
            Err(CalendarError::Conflict(d))
        );
    }

    fn instant() -> impl Strategy<Value = DateTime<Utc>> {
        // any minute of 2026 and 2027
        (0i64..(2 * 365 * 24 * 60)).prop_map(|m| sh(2026, 1, 1, 0, 0) + Duration::minutes(m))
    }

    proptest! {
        #[test]
        fn adding_working_time_never_lands_outside_it(at in instant(), minutes in 1i64..(25 * 450)) {
            let cal = WorkCalendar::china_default();
            let due = cal.add_working_minutes(at, minutes);
            prop_assert!(cal.is_deadline_instant(due), "{at} + {minutes} → {due}");
            prop_assert_eq!(cal.working_minutes_between(at, due), minutes);
        }

        #[test]
        fn deadline_is_monotonic_in_duration(at in instant(), a in 0i64..(10 * 450), b in 0i64..(10 * 450)) {
            let cal = WorkCalendar::china_default();
            let (short, long) = (a.min(b), a.max(b));
            prop_assert!(cal.add_working_minutes(at, short) <= cal.add_working_minutes(at, long));
        }

        #[test]
        fn a_pause_moves_the_deadline_by_the_working_time_inside_it(
            at in instant(), minutes in 1i64..(10 * 450), pause_at in 0i64..(5 * 24 * 60), pause_len in 0i64..(7 * 24 * 60)
        ) {
            let cal = WorkCalendar::china_default();
            let due = cal.add_working_minutes(at, minutes);
            let p0 = at + Duration::minutes(pause_at);
            let p1 = p0 + Duration::minutes(pause_len);
            let paused = cal.working_minutes_between(p0.max(at), p1.max(at));
            let moved = cal.add_working_minutes(at, minutes + paused);
            prop_assert_eq!(cal.working_minutes_between(due, moved), paused);
            prop_assert!(moved >= due);
        }

        #[test]
        fn make_up_days_count_and_holidays_do_not(at in instant()) {
            let cal = WorkCalendar::china_default();
            let d = at.with_timezone(&shanghai()).date_naive();
            if cal.workdays().contains(&d) { prop_assert!(cal.is_working_day(d)); }
            if cal.holidays().contains(&d) { prop_assert!(!cal.is_working_day(d)); }
            prop_assert_eq!(cal.is_working_instant(at), cal.working_minutes_between(at, at + Duration::minutes(1)) == 1);
        }
    }
}
