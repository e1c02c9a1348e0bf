//! The figures against a hand-counted fixture, working-time on-time rates, recurring problems.
use super::*;
use crate::calendar::WorkCalendar;
use crate::grade::Letter;
use crate::sla::Commitment;
use crate::time::{at_shanghai as sh, iso};

#[derive(Deserialize)]
struct Fixture {
    rows: Vec<StatRow>,
    category_port: Vec<(String, String, u32)>,
    category_department: Vec<(String, String, u32)>,
    weekly: Vec<(NaiveDate, u32)>,
    monthly: Vec<(NaiveDate, u32)>,
    ratings: [u32; 5],
}

#[test]
fn density_counts_match_the_fixture() {
    let f: Fixture = serde_json::from_str(include_str!("../../data/density_fixture.json")).unwrap();
    let s = Stats::build(&f.rows, sh(2026, 11, 30, 12, 0), Lang::ZhCn);
    assert_eq!(s.total as usize, f.rows.len());
    let mut listed = 0;
    for (c, p, n) in &f.category_port {
        assert_eq!(s.by_category_port.get(c, p), *n, "{c} × {p}");
        listed += n;
    }
    assert_eq!(
        listed,
        s.by_category_port.counts.iter().flatten().sum::<u32>(),
        "no count outside the fixture"
    );
    for (c, d, n) in &f.category_department {
        assert_eq!(s.by_category_department.get(c, d), *n, "{c} × {d}");
    }
    let buckets = |b: &[Bucket]| b.iter().map(|b| (b.start, b.count)).collect::<Vec<_>>();
    assert_eq!(buckets(&s.weekly), f.weekly);
    assert_eq!(buckets(&s.monthly), f.monthly);
    assert_eq!(s.ratings, f.ratings);
    assert_eq!(
        s.by_category_port.max,
        f.category_port.iter().map(|x| x.2).max().unwrap()
    );
}

fn row(
    received: DateTime<Utc>,
    urgency: Letter,
    answered: Option<DateTime<Utc>>,
    status: &str,
) -> StatRow {
    let cal = WorkCalendar::china_default();
    let d =
        Commitment::default().deadlines(&cal, Category::Practice, urgency, received, &[], received);
    StatRow {
        port: "qianwan".into(),
        department: Some("customs".into()),
        category: Some("practice".into()),
        importance: Some("B".into()),
        urgency: Some(urgency.to_string()),
        status: status.into(),
        received: iso(received),
        due_first_response: Some(iso(d.first_response)),
        first_response_at: answered.map(iso),
        due_at: Some(iso(d.resolution)),
        answered_at: answered.map(iso),
        handling_minutes: answered.map(|a| crate::sla::handling_minutes(&cal, received, a, &[])),
        rating: None,
    }
}

#[test]
fn on_time_rates_count_working_time() {
    let friday = sh(2026, 11, 20, 16, 0);
    let rows = vec![
        // due one working day later (Monday 16:00): answered Monday 10:00, three calendar days on, is on time
        row(friday, Letter::A, Some(sh(2026, 11, 23, 10, 0)), "answered"),
        // answered Monday 17:00: one working day and an hour, late
        row(friday, Letter::A, Some(sh(2026, 11, 23, 17, 0)), "answered"),
        // still open on Sunday: not yet due, not counted
        row(friday, Letter::A, None, "in_progress"),
        // open and past due on Tuesday: a miss
        row(sh(2026, 11, 16, 9, 0), Letter::A, None, "in_progress"),
        // waiting on the enterprise past due: the clock is stopped, not counted
        row(sh(2026, 11, 16, 9, 0), Letter::A, None, "needs_info"),
    ];
    let sunday = sh(2026, 11, 22, 12, 0);
    let s = Stats::build(&rows[2..], sunday, Lang::ZhCn);
    assert_eq!(s.overall.resolution, Rate { due: 1, met: 0 }, "Sunday");
    let tuesday = sh(2026, 11, 24, 12, 0);
    let s = Stats::build(&rows, tuesday, Lang::ZhCn);
    assert_eq!(s.overall.resolution, Rate { due: 4, met: 1 });
    assert_eq!(s.by_department[0].code, "customs");
    assert_eq!(s.by_grade[0].code, "BA");
    // handling: Fri 16:00 → Mon 10:00 is 1.5 + 1 working hours, not 66 wall-clock hours
    let first = Stats::build(&rows[..1], tuesday, Lang::ZhCn);
    assert!(first.overall.average_hours().unwrap() < 3.0);
    assert_eq!(
        first.overall.first_response,
        Rate { due: 1, met: 0 },
        "2 working hours to first response: missed"
    );
}

#[test]
fn recurring_problems_group_alike_open_cases() {
    let case = |no: &str, title: &str| OpenCase {
        case_no: no.into(),
        title: title.into(),
        description: String::new(),
        department: Some("customs".into()),
        port: "qianwan".into(),
    };
    let c = recurring(
        &[
            case("1", "船边直提已批准，柜子还是被拖进了堆场"),
            case("2", "出口退税迟迟没有到账"),
            case("3", "船邊直提批了但櫃子進了堆場"),
            case("4", "批了船边直提柜子却进堆场产生堆存费"),
            case("5", "出口退税一直没到账"),
            case("6", "AEO认证咨询"),
        ],
        10,
    );
    assert_eq!(c.len(), 2, "{c:?}");
    assert_eq!(c[0].case_nos, vec!["1", "3", "4"]);
    assert_eq!(c[1].case_nos, vec!["2", "5"]);
}
