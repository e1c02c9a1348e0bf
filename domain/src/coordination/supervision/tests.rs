use super::*;
use crate::coordination::fixtures::{everyone, staff};
use crate::time::at_shanghai as sh;
use chrono::Duration;
use proptest::prelude::*;
use Department::{Customs, Tax};

fn cal() -> WorkCalendar {
    WorkCalendar::china_default()
}

fn now() -> DateTime<Utc> {
    sh(2026, 11, 23, 10, 0) // Monday
}

fn case(level: u8) -> SupervisedCase {
    SupervisedCase {
        status: Status::InProgress,
        level: Level::new(level).unwrap(),
    }
}

fn new() -> NewOrder {
    NewOrder {
        to: Customs,
        text: "请于周三前报告办理进展".into(),
        due: sh(2026, 11, 25, 17, 30),
    }
}

fn supervisor() -> Staff {
    staff(2, StaffRole::Supervisor, None)
}

fn order() -> SupervisionOrder {
    issue_order(&case(3), &supervisor(), &new(), now()).unwrap()
}

#[test]
fn who_may_issue_and_from_which_level() {
    for s in everyone(&[Customs]) {
        for level in 1..=4 {
            let r = issue_order(&case(level), &s, &new(), now());
            let ok = matches!(s.role, StaffRole::Supervisor | StaffRole::Leader) && level >= 3;
            assert_eq!(r.is_ok(), ok, "{s:?} level {level}: {r:?}");
        }
    }
    assert_eq!(
        issue_order(&case(2), &supervisor(), &new(), now()),
        Err(SupervisionError::BelowTaskForce {
            level: Level::RESPONSIBLE_UNIT
        })
    );
    let o = order();
    assert_eq!(o.issued_by, Issuer::Staff(supervisor().id));
    assert_eq!(o.status(), OrderStatus::Issued);
    assert_eq!(
        o.what,
        Directive::Text(Text500::parse("请于周三前报告办理进展").unwrap())
    );
}

#[test]
fn an_order_needs_an_open_case_words_and_a_deadline_ahead() {
    for &status in Status::ALL {
        let c = SupervisedCase { status, ..case(3) };
        let r = issue_order(&c, &supervisor(), &new(), now());
        assert_eq!(r.is_ok(), crate::lifecycle::is_open(status), "{status:?}");
    }
    let mut n = new();
    n.text = " ".into();
    assert_eq!(
        issue_order(&case(3), &supervisor(), &n, now()),
        Err(SupervisionError::Text {
            error: TextError::Empty
        })
    );
    let mut n = new();
    n.due = now();
    assert_eq!(
        issue_order(&case(3), &supervisor(), &n, now()),
        Err(SupervisionError::DueNotAhead)
    );
}

#[test]
fn every_reply_transition_by_every_role() {
    let o = order();
    let h = staff(7, StaffRole::Handler, Some(Customs));
    let replied = reply_order(&o, &h, "已办结，报告附后", now()).unwrap();
    assert_eq!(replied.status(), OrderStatus::Replied);
    for s in everyone(&[Customs, Tax]) {
        let r = reply_order(&o, &s, "收到", now());
        assert_eq!(r.is_ok(), s.acts_for(Customs), "{s:?}");
        if !s.acts_for(Customs) {
            assert_eq!(r, Err(SupervisionError::NotYourOrder { unit: Customs }));
        }
        // replied is final
        assert!(reply_order(&replied, &s, "again", now()).is_err());
    }
    assert_eq!(
        reply_order(&replied, &h, "again", now()),
        Err(SupervisionError::AlreadyReplied)
    );
    assert!(matches!(
        reply_order(&o, &h, "", now()),
        Err(SupervisionError::Text { .. })
    ));
}

#[test]
fn overdue_orders() {
    let o = order();
    assert!(!o.is_overdue(o.due));
    assert!(o.is_overdue(o.due + Duration::seconds(1)));
    let h = staff(7, StaffRole::Handler, Some(Customs));
    let r = reply_order(&o, &h, "好", o.due + Duration::days(1)).unwrap();
    assert!(!r.is_overdue(o.due + Duration::days(2)));
}

#[test]
fn decisions_by_the_leadership_at_level_four_only() {
    for s in everyone(&[Customs]) {
        for level in 1..=4 {
            let r = record_decision(&case(level), &s, "同意试点", now());
            assert_eq!(
                r.is_ok(),
                s.role == StaffRole::Leader && level == 4,
                "{s:?} {level}"
            );
        }
    }
    let leader = staff(11, StaffRole::Leader, None);
    let d = record_decision(&case(4), &leader, "同意试点", now()).unwrap();
    assert_eq!(
        (d.by, d.at, d.text.as_str()),
        (leader.id, now(), "同意试点")
    );
    assert_eq!(
        record_decision(&case(3), &leader, "x", now()),
        Err(SupervisionError::NotLeadership {
            level: Level::TASK_FORCE
        })
    );
    let closed = SupervisedCase {
        status: Status::Closed,
        ..case(4)
    };
    assert_eq!(
        record_decision(&closed, &leader, "x", now()),
        Err(SupervisionError::CaseNotOpen {
            status: Status::Closed
        })
    );
    assert!(record_decision(&case(4), &leader, "  ", now()).is_err());
}

#[test]
fn reminders_one_working_day_before_or_halfway() {
    let cal = cal();
    // Monday 10:00 → Friday 17:30: reminded Thursday 17:30
    let mut o = order();
    o.due = sh(2026, 11, 27, 17, 30);
    assert_eq!(reminder_at(&cal, &o), sh(2026, 11, 26, 17, 30));
    // Monday 10:00 → Tuesday 10:00 (one working day): halfway, Monday 15:00
    o.due = sh(2026, 11, 24, 10, 0);
    assert_eq!(reminder_at(&cal, &o), sh(2026, 11, 23, 15, 0));
    // Friday 17:00 → Monday 10:00 over the weekend: 90 working minutes, reminded Monday 09:15
    o.issued_at = sh(2026, 11, 20, 17, 0);
    o.due = sh(2026, 11, 23, 10, 0);
    assert_eq!(reminder_at(&cal, &o), sh(2026, 11, 23, 9, 15));
    let at = reminder_at(&cal, &o);
    assert!(!reminder_due(&cal, &o, false, at - Duration::minutes(1)));
    assert!(reminder_due(&cal, &o, false, at));
    assert!(!reminder_due(&cal, &o, true, at));
    assert!(!reminder_due(&cal, &o, false, o.due + Duration::minutes(1)));
    let h = staff(7, StaffRole::Handler, Some(Customs));
    let replied = reply_order(&o, &h, "好", at).unwrap();
    assert!(!reminder_due(&cal, &replied, false, at));
}

#[test]
fn the_sweep_orders_the_cases_unit_in_standard_words() {
    let cal = cal();
    for n in [1, 2] {
        assert_eq!(
            sweep_order(&cal, Level::new(n).unwrap(), Some(Customs), now()),
            None
        );
    }
    assert_eq!(sweep_order(&cal, Level::TASK_FORCE, None, now()), None);
    let o = sweep_order(&cal, Level::TASK_FORCE, Some(Customs), now()).unwrap();
    assert_eq!(o.to, Customs);
    assert_eq!(o.what, Directive::Standard(OrderCode::OverdueExpedite));
    assert_eq!((o.issued_by, o.issued_at), (Issuer::Sweep, now()));
    assert_eq!(o.due, sh(2026, 11, 25, 10, 0)); // two working days
    let top = sweep_order(&cal, Level::LEADERSHIP, Some(Tax), now()).unwrap();
    assert_eq!(
        top.what,
        Directive::Standard(OrderCode::OverdueReportToLeadership)
    );
    let json = serde_json::to_value(&o).unwrap();
    assert_eq!(json["what"]["standard"], "overdue_expedite");
    assert_eq!(json["issued_by"], "sweep");
    assert_eq!(json["state"]["status"], "issued");
    assert_eq!(serde_json::from_value::<SupervisionOrder>(json).unwrap(), o);
}

#[test]
fn codes_round_trip() {
    for &c in OrderCode::ALL {
        assert_eq!(OrderCode::parse(c.code()), Some(c));
    }
    for &s in OrderStatus::ALL {
        assert_eq!(OrderStatus::parse(s.code()), Some(s));
    }
    assert_eq!(
        OrderCode::OverdueExpedite.label_key(),
        "order-overdue_expedite"
    );
}

proptest! {
    #[test]
    fn the_reminder_falls_between_issue_and_deadline(
        start in 0i64..(60 * 24 * 60), len in 1i64..(15 * 24 * 60)
    ) {
        let cal = cal();
        let mut o = order();
        o.issued_at = sh(2026, 1, 1, 0, 0) + Duration::minutes(start);
        o.due = o.issued_at + Duration::minutes(len);
        let at = reminder_at(&cal, &o);
        prop_assert!(o.issued_at <= at && at <= o.due, "{} {} {}", o.issued_at, at, o.due);
        let total = cal.working_minutes_between(o.issued_at, o.due);
        let before = cal.working_minutes_between(at, o.due);
        if total >= 2 * cal.minutes_per_day() {
            prop_assert_eq!(before, cal.minutes_per_day());
        } else {
            prop_assert!(before >= total / 2);
        }
    }
}
