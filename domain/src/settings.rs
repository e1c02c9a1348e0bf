//! What an administrator edits: the working calendar, one year at a time (the State Council
//! publishes each year's holidays and 调休 working weekends late in the year before), and the
//! published commitment. Checked here, so the Worker stores only what deadlines can be counted on.
//! An error names the field and the locale key of its message.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::calendar::WorkCalendar;
use crate::grade::Letter;
use crate::sla::{Commitment, CommitmentRow, Span};

/// A field of the form and the locale key of what is wrong with it.
pub type SettingsError = (String, &'static str);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A day off on a date that would be a working day (statutory holiday).
    Holiday,
    /// A working weekend (调休 make-up day).
    Workday,
}

impl DayKind {
    pub fn parse(code: &str) -> Option<DayKind> {
        match code {
            "holiday" => Some(DayKind::Holiday),
            "workday" => Some(DayKind::Workday),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub day: NaiveDate,
    pub kind: DayKind,
    pub note: Option<String>,
}

/// One day as the form sends it (strings, so a bad date is a field error, not a bad body).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DayInput {
    pub day: String,
    pub kind: String,
    #[serde(default)]
    pub note: Option<String>,
}

pub const NOTE_MAX: usize = 40;
/// Years an administrator may plan: the service has run since 2026; ten years ahead is plenty.
pub const FIRST_YEAR: i32 = 2026;
pub const LAST_YEAR: i32 = 2036;

pub fn year_in_range(year: i32) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&year)
}

/// A year's days off and working weekends, checked: every date in `year`, none twice, a working
/// day only on a Saturday or Sunday (on a weekday it would change nothing), short notes without
/// hidden characters. Sorted by date.
pub fn year_plan(year: i32, days: &[DayInput]) -> Result<Vec<CalendarDay>, SettingsError> {
    if !year_in_range(year) {
        return Err(("year".into(), "admin-err-calendar-year"));
    }
    let mut out: Vec<CalendarDay> = Vec::with_capacity(days.len());
    for (i, d) in days.iter().enumerate() {
        let field = |name: &str| format!("days.{i}.{name}");
        let day = NaiveDate::parse_from_str(d.day.trim(), "%Y-%m-%d")
            .map_err(|_| (field("day"), "admin-err-calendar-date"))?;
        if day.year() != year {
            return Err((field("day"), "admin-err-calendar-other-year"));
        }
        let kind =
            DayKind::parse(&d.kind).ok_or_else(|| (field("kind"), "admin-err-calendar-kind"))?;
        if kind == DayKind::Workday && !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            return Err((field("day"), "admin-err-calendar-workday-weekday"));
        }
        let note = match d.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            None => None,
            Some(n) => Some(crate::text::typed_text(n, NOTE_MAX).map_err(|e| {
                let key = match e {
                    crate::text::TypedTextError::HiddenControl => "err-hidden-control",
                    _ => "admin-err-calendar-note",
                };
                (field("note"), key)
            })?),
        };
        if out.iter().any(|o| o.day == day) {
            return Err((field("day"), "admin-err-calendar-twice"));
        }
        out.push(CalendarDay { day, kind, note });
    }
    out.sort_by_key(|d| d.day);
    Ok(out)
}

/// The days of a holiday notice as the State Council General Office publishes it each year
/// (国务院办公厅关于…年部分节假日安排的通知), pasted as text: one item per line, `名称：` then a sentence with
/// the days off (`2月15日（周日）至23日（周一）放假调休，共9天`) and one with the working weekends
/// (`2月14日（周六）、2月28日（周六）上班`). Remarks in brackets are skipped. The days come back for
/// the editor to show and for [`year_plan`] to check, named after their festival; `None` when the
/// text holds no such day.
pub fn parse_notice(year: i32, text: &str) -> Option<Vec<DayInput>> {
    let mut out: Vec<DayInput> = Vec::new();
    let mut push = |day: NaiveDate, kind: DayKind, name: &str| {
        if !out.iter().any(|d| d.day == day.to_string()) {
            out.push(DayInput {
                day: day.to_string(),
                kind: kind.code().into(),
                note: (!name.is_empty()).then(|| name.chars().take(NOTE_MAX).collect()),
            });
        }
    };
    for line in text.lines() {
        let line = without_brackets(line);
        let (name, rest) = match line.split_once('：').or_else(|| line.split_once(':')) {
            Some((head, rest)) => (festival_name(head), rest.to_string()),
            None => (String::new(), line.clone()),
        };
        for sentence in rest.split(['。', '；', ';']) {
            let dates = notice_dates(year, sentence);
            if sentence.contains("放假") {
                // `A至B` is a range; otherwise each date named
                if sentence.contains('至') && dates.len() >= 2 {
                    let to = dates[1];
                    for d in dates[0].iter_days().take_while(|d| *d <= to) {
                        push(d, DayKind::Holiday, &name);
                    }
                } else {
                    dates.iter().for_each(|&d| push(d, DayKind::Holiday, &name));
                }
            } else if sentence.contains("上班") {
                dates.iter().for_each(|&d| push(d, DayKind::Workday, &name));
            }
        }
    }
    out.sort_by(|a, b| a.day.cmp(&b.day));
    (!out.is_empty()).then_some(out)
}

/// `二、春节` → `春节`.
fn festival_name(head: &str) -> String {
    let head = head.trim();
    head.split_once('、')
        .filter(|(n, _)| n.chars().all(|c| "一二三四五六七八九十".contains(c)))
        .map_or(head, |(_, name)| name)
        .trim()
        .to_string()
}

fn without_brackets(line: &str) -> String {
    let mut depth = 0u32;
    line.chars()
        .filter(|&c| match c {
            '（' | '(' => {
                depth += 1;
                false
            }
            '）' | ')' => {
                depth = depth.saturating_sub(1);
                false
            }
            _ => depth == 0,
        })
        .collect()
}

/// The dates of a sentence in order: `2月15日至23日` → 2-15, 2-23 (a day without its month takes
/// the month before it).
fn notice_dates(year: i32, sentence: &str) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let (mut month, mut number) = (None::<u32>, None::<u32>);
    for c in sentence.chars() {
        match c {
            '0'..='9' | '０'..='９' => {
                let digit = if c.is_ascii_digit() {
                    c as u32 - '0' as u32
                } else {
                    c as u32 - '０' as u32
                };
                number = Some(number.unwrap_or(0).saturating_mul(10).saturating_add(digit));
            }
            '月' => month = number.take(),
            '日' | '号' => {
                if let (Some(m), Some(d)) = (month, number.take()) {
                    if let Some(date) = NaiveDate::from_ymd_opt(year, m, d) {
                        out.push(date);
                    }
                }
            }
            _ => number = None,
        }
    }
    out
}

/// The days of a calendar as the admin page lists them (notes are not kept by the calendar).
pub fn days_of(cal: &WorkCalendar) -> Vec<CalendarDay> {
    let mut out: Vec<CalendarDay> = cal
        .holidays()
        .iter()
        .map(|&day| (day, DayKind::Holiday))
        .chain(cal.workdays().iter().map(|&day| (day, DayKind::Workday)))
        .map(|(day, kind)| CalendarDay {
            day,
            kind,
            note: None,
        })
        .collect();
    out.sort_by_key(|d| d.day);
    out
}

/// Longest spans the form accepts: a first response within a week, a resolution within a
/// quarter of working days. Anything longer is a typing slip, not a commitment.
pub const MAX_HOURS: u32 = 40;
pub const MAX_DAYS: u32 = 60;

/// A commitment as an administrator sets it: one row per urgency (A, B, C, in that order), each
/// span at least one unit and within bounds, and for each row first response ≤ resolution ≤ the
/// innovation resolution; a more urgent row never slower than a less urgent one.
pub fn commitment(rows: &[CommitmentRow], cal: &WorkCalendar) -> Result<Commitment, SettingsError> {
    let order = [Letter::A, Letter::B, Letter::C];
    if rows.len() != order.len() || rows.iter().zip(order).any(|(r, l)| r.urgency != l) {
        return Err(("rows".into(), "admin-err-commitment-rows"));
    }
    let bounded = |s: Span| match s {
        Span::WorkingHours(h) => (1..=MAX_HOURS).contains(&h),
        Span::WorkingDays(d) => (1..=MAX_DAYS).contains(&d),
    };
    for (i, r) in rows.iter().enumerate() {
        for (name, span) in [
            ("first_response", r.first_response),
            ("resolution", r.resolution),
            ("innovation_resolution", r.innovation_resolution),
        ] {
            if !bounded(span) {
                return Err((format!("rows.{i}.{name}"), "admin-err-commitment-span"));
            }
        }
        if r.first_response.minutes(cal) > r.resolution.minutes(cal) {
            return Err((format!("rows.{i}.resolution"), "admin-err-commitment-order"));
        }
        if r.resolution.minutes(cal) > r.innovation_resolution.minutes(cal) {
            return Err((
                format!("rows.{i}.innovation_resolution"),
                "admin-err-commitment-order",
            ));
        }
    }
    for (i, pair) in rows.windows(2).enumerate() {
        let (urgent, less) = (&pair[0], &pair[1]);
        if urgent.first_response.minutes(cal) > less.first_response.minutes(cal) {
            return Err((
                format!("rows.{i}.first_response"),
                "admin-err-commitment-urgency",
            ));
        }
        if urgent.resolution.minutes(cal) > less.resolution.minutes(cal) {
            return Err((
                format!("rows.{i}.resolution"),
                "admin-err-commitment-urgency",
            ));
        }
    }
    Ok(Commitment {
        rows: rows.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(day: &str, kind: &str) -> DayInput {
        DayInput {
            day: day.into(),
            kind: kind.into(),
            note: Some(" 春节 ".into()),
        }
    }

    #[test]
    fn a_year_of_2027_holidays_and_a_working_sunday_is_accepted_sorted() {
        let plan = year_plan(
            2027,
            &[
                input("2027-02-07", "holiday"),
                input("2027-02-06", "holiday"),
                input("2027-01-31", "workday"), // a Sunday
            ],
        )
        .unwrap();
        assert_eq!(
            plan.iter().map(|d| d.day.to_string()).collect::<Vec<_>>(),
            ["2027-01-31", "2027-02-06", "2027-02-07"]
        );
        assert_eq!(plan[1].note.as_deref(), Some("春节"));
        assert_eq!(plan[0].kind, DayKind::Workday);
    }

    #[test]
    fn bad_days_name_their_field() {
        let err = |days: &[DayInput]| year_plan(2027, days).unwrap_err();
        assert_eq!(
            err(&[input("2027-02-30", "holiday")]),
            ("days.0.day".into(), "admin-err-calendar-date")
        );
        assert_eq!(
            err(&[input("2028-01-01", "holiday")]),
            ("days.0.day".into(), "admin-err-calendar-other-year")
        );
        assert_eq!(
            err(&[input("2027-02-08", "workday")]), // a Monday
            ("days.0.day".into(), "admin-err-calendar-workday-weekday")
        );
        assert_eq!(
            err(&[
                input("2027-02-06", "holiday"),
                input("2027-02-06", "holiday")
            ]),
            ("days.1.day".into(), "admin-err-calendar-twice")
        );
        assert_eq!(
            err(&[input("2027-02-06", "off")]),
            ("days.0.kind".into(), "admin-err-calendar-kind")
        );
        let mut long = input("2027-02-06", "holiday");
        long.note = Some("节".repeat(NOTE_MAX + 1));
        assert_eq!(
            err(&[long]),
            ("days.0.note".into(), "admin-err-calendar-note")
        );
        let mut hidden = input("2027-02-06", "holiday");
        hidden.note = Some("春\u{202e}节".into());
        assert_eq!(err(&[hidden]), ("days.0.note".into(), "err-hidden-control"));
        assert_eq!(
            year_plan(2025, &[]).unwrap_err().1,
            "admin-err-calendar-year"
        );
        assert!(year_plan(2027, &[]).unwrap().is_empty());
    }

    /// The 2026 notice, item by item as it is laid out (remarks in brackets included), gives
    /// exactly the built-in 2026 days.
    #[test]
    fn the_2026_notice_pasted_gives_the_built_in_2026_days() {
        let notice = "国务院办公厅关于2026年部分节假日安排的通知
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。";
        let parsed = parse_notice(2026, notice).unwrap();
        let plan = year_plan(2026, &parsed).unwrap();
        let built_in: Vec<(NaiveDate, DayKind)> = days_of(&WorkCalendar::china_default())
            .into_iter()
            .filter(|d| d.day.year() == 2026)
            .map(|d| (d.day, d.kind))
            .collect();
        assert_eq!(
            plan.iter().map(|d| (d.day, d.kind)).collect::<Vec<_>>(),
            built_in
        );
        let spring = plan
            .iter()
            .find(|d| d.day.to_string() == "2026-02-14")
            .unwrap();
        assert_eq!(
            (spring.kind, spring.note.as_deref()),
            (DayKind::Workday, Some("春节"))
        );
        assert!(parse_notice(2026, "节假日期间要安排好值班").is_none());
    }

    #[test]
    fn a_notice_item_with_single_days_and_full_width_digits() {
        let days = parse_notice(2027, "三、清明节：４月５日放假，与周末连休。").unwrap();
        assert_eq!(days.len(), 1);
        assert_eq!(
            (days[0].day.as_str(), days[0].kind.as_str()),
            ("2027-04-05", "holiday")
        );
        assert_eq!(days[0].note.as_deref(), Some("清明节"));
    }

    #[test]
    fn the_default_calendar_lists_its_days_in_order() {
        let days = days_of(&WorkCalendar::china_default());
        assert!(days.windows(2).all(|w| w[0].day < w[1].day));
        assert!(days
            .iter()
            .any(|d| d.day.to_string() == "2026-01-04" && d.kind == DayKind::Workday));
    }

    #[test]
    fn the_default_commitment_is_valid_and_broken_ones_are_not() {
        let cal = WorkCalendar::china_default();
        let rows = Commitment::default().rows;
        assert_eq!(commitment(&rows, &cal).unwrap(), Commitment::default());

        let mut slow_a = rows.clone();
        slow_a[0].resolution = Span::WorkingDays(4); // A slower than B
        assert_eq!(
            commitment(&slow_a, &cal).unwrap_err(),
            ("rows.0.resolution".into(), "admin-err-commitment-urgency")
        );
        let mut inverted = rows.clone();
        inverted[1].first_response = Span::WorkingDays(4); // answer later than resolve
        assert_eq!(
            commitment(&inverted, &cal).unwrap_err().1,
            "admin-err-commitment-order"
        );
        let mut zero = rows.clone();
        zero[2].first_response = Span::WorkingHours(0);
        assert_eq!(
            commitment(&zero, &cal).unwrap_err(),
            ("rows.2.first_response".into(), "admin-err-commitment-span")
        );
        assert_eq!(
            commitment(&rows[..2], &cal).unwrap_err().1,
            "admin-err-commitment-rows"
        );
        let mut swapped = rows.clone();
        swapped.swap(0, 1);
        assert_eq!(
            commitment(&swapped, &cal).unwrap_err().1,
            "admin-err-commitment-rows"
        );
    }
}
