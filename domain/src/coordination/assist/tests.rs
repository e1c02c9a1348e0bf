use super::*;
use crate::coordination::fixtures::{everyone, staff};
use crate::time::at_shanghai as sh;
use chrono::Duration;
use proptest::prelude::*;
use Department::{Customs, Forex, Maritime, Tax};

fn case() -> LeadCase {
    LeadCase {
        status: Status::InProgress,
        lead: Customs,
        due: sh(2026, 11, 27, 17, 30),
    }
}

fn now() -> DateTime<Utc> {
    sh(2026, 11, 23, 10, 0)
}

fn new(unit: Department) -> NewTask {
    NewTask {
        unit,
        ask: "请核实该批货物的检验结果".into(),
        due: sh(2026, 11, 25, 17, 30),
    }
}

fn desk() -> Staff {
    staff(1, StaffRole::FrontDesk, None)
}

fn open_task(unit: Department) -> AssistTask {
    add_task(&case(), &[], &desk(), &new(unit), now()).unwrap()
}

#[test]
fn who_may_add_a_task() {
    for s in everyone(&[Customs, Tax]) {
        let r = add_task(&case(), &[], &s, &new(Tax), now());
        let may = matches!(s.role, StaffRole::FrontDesk | StaffRole::Supervisor);
        assert_eq!(r.is_ok(), may, "{s:?}: {r:?}");
        if !may {
            assert_eq!(r, Err(AssistError::Forbidden { role: s.role }));
        }
    }
}

#[test]
fn a_task_as_added() {
    let t = open_task(Tax);
    assert_eq!(
        (t.unit, t.status(), t.asked_at),
        (Tax, TaskStatus::Open, now())
    );
    assert_eq!(t.asked_by, desk().id);
    let json = serde_json::to_value(&t).unwrap();
    assert_eq!(json["unit"], "tax");
    assert_eq!(json["state"]["status"], "open");
    assert_eq!(serde_json::from_value::<AssistTask>(json).unwrap(), t);
}

#[test]
fn only_routed_open_cases_take_tasks() {
    for &status in Status::ALL {
        let c = LeadCase { status, ..case() };
        let r = add_task(&c, &[], &desk(), &new(Tax), now());
        let open = matches!(
            status,
            Status::Triaged | Status::InProgress | Status::NeedsInfo | Status::Reopened
        );
        assert_eq!(r.is_ok(), open, "{status:?}");
        if !open {
            assert_eq!(r, Err(AssistError::CaseNotOpen { status }));
        }
    }
}

#[test]
fn the_lead_is_not_its_own_assistant_and_one_open_task_per_unit() {
    let c = case();
    assert_eq!(
        add_task(&c, &[], &desk(), &new(Customs), now()),
        Err(AssistError::LeadCannotAssist { unit: Customs })
    );
    let first = open_task(Tax);
    assert_eq!(
        add_task(&c, std::slice::from_ref(&first), &desk(), &new(Tax), now()),
        Err(AssistError::AlreadyOpen { unit: Tax })
    );
    // once replied or withdrawn, the unit may be asked again
    let handler = staff(9, StaffRole::Handler, Some(Tax));
    let replied = reply(&first, &handler, "已核实", now()).unwrap();
    assert!(add_task(&c, &[replied], &desk(), &new(Tax), now()).is_ok());
    let withdrawn = withdraw(&first, &desk(), now()).unwrap();
    assert!(add_task(&c, &[withdrawn], &desk(), &new(Tax), now()).is_ok());
}

#[test]
fn at_most_five_tasks_per_case() {
    let mut tasks = Vec::new();
    for _ in 0..MAX_TASKS_PER_CASE {
        let t = add_task(&case(), &tasks, &desk(), &new(Tax), now()).unwrap();
        tasks.push(withdraw(&t, &desk(), now()).unwrap());
    }
    assert_eq!(
        add_task(&case(), &tasks, &desk(), &new(Forex), now()),
        Err(AssistError::TooMany { max: 5 })
    );
}

#[test]
fn the_ask_and_the_sub_deadline_are_checked() {
    let c = case();
    let mut n = new(Tax);
    n.ask = "   ".into();
    assert_eq!(
        add_task(&c, &[], &desk(), &n, now()),
        Err(AssistError::Ask {
            error: TextError::Empty
        })
    );
    n.ask = "问".repeat(501);
    assert!(matches!(
        add_task(&c, &[], &desk(), &n, now()),
        Err(AssistError::Ask { .. })
    ));
    let mut n = new(Tax);
    for due in [now(), now() - Duration::minutes(1)] {
        n.due = due;
        assert_eq!(
            add_task(&c, &[], &desk(), &n, now()),
            Err(AssistError::DueNotAhead)
        );
    }
    n.due = c.due + Duration::minutes(1);
    assert_eq!(
        add_task(&c, &[], &desk(), &n, now()),
        Err(AssistError::DueAfterCase { case_due: c.due })
    );
    n.due = c.due; // the case's own deadline is allowed
    assert!(add_task(&c, &[], &desk(), &n, now()).is_ok());
}

#[test]
fn every_transition_by_every_role() {
    let open = open_task(Tax);
    let people = everyone(&[Customs, Tax, Maritime]);
    let replied = reply(&open, &staff(9, StaffRole::Handler, Some(Tax)), "好", now()).unwrap();
    let withdrawn = withdraw(&open, &desk(), now()).unwrap();
    for s in &people {
        // open → replied: a handler of the task's unit only
        let r = reply(&open, s, "已核实，无异常", now());
        assert_eq!(
            r.is_ok(),
            s.role == StaffRole::Handler && s.unit == Some(Tax),
            "{s:?}"
        );
        if let Ok(t) = r {
            let TaskState::Replied(rep) = &t.state else {
                panic!("{t:?}")
            };
            assert_eq!(
                (rep.by, rep.at, rep.text.as_str()),
                (s.id, now(), "已核实，无异常")
            );
        } else {
            assert_eq!(r, Err(AssistError::NotYourTask { unit: Tax }));
        }
        // open → withdrawn: the desk and supervisors
        let w = withdraw(&open, s, now());
        let may = matches!(s.role, StaffRole::FrontDesk | StaffRole::Supervisor);
        assert_eq!(w.is_ok(), may, "{s:?}");
        // replied and withdrawn are final, whoever asks
        for done in [&replied, &withdrawn] {
            assert!(reply(done, s, "again", now()).is_err());
            assert!(withdraw(done, s, now()).is_err());
        }
    }
    let handler = staff(9, StaffRole::Handler, Some(Tax));
    assert_eq!(
        reply(&replied, &handler, "again", now()),
        Err(AssistError::NotOpen {
            status: TaskStatus::Replied
        })
    );
    assert_eq!(
        withdraw(&withdrawn, &desk(), now()),
        Err(AssistError::NotOpen {
            status: TaskStatus::Withdrawn
        })
    );
    assert!(matches!(
        reply(&open, &handler, " ", now()),
        Err(AssistError::Reply { .. })
    ));
}

#[test]
fn overdue_only_while_open_past_the_sub_deadline() {
    let t = open_task(Tax);
    assert!(!t.is_overdue(t.due));
    assert!(t.is_overdue(t.due + Duration::minutes(1)));
    let late = t.due + Duration::days(1);
    let replied = reply(&t, &staff(9, StaffRole::Handler, Some(Tax)), "好", late).unwrap();
    assert!(!replied.is_overdue(late + Duration::days(1)));
    assert_eq!(overdue_units(&[t.clone(), replied], late), vec![Tax]);
}

#[test]
fn the_lead_answers_only_when_no_task_is_open() {
    assert_eq!(may_answer(&[]), Ok(()));
    let (tax, forex) = (open_task(Tax), open_task(Forex));
    assert_eq!(
        may_answer(&[tax.clone(), forex.clone()]),
        Err(OpenTasks {
            units: vec![Tax, Forex]
        })
    );
    let replied = reply(&tax, &staff(9, StaffRole::Handler, Some(Tax)), "好", now()).unwrap();
    let withdrawn = withdraw(&forex, &desk(), now()).unwrap();
    assert_eq!(
        may_answer(&[replied.clone(), forex]),
        Err(OpenTasks { units: vec![Forex] })
    );
    assert_eq!(may_answer(&[replied, withdrawn]), Ok(()));
}

#[test]
fn the_wall_opens_per_task() {
    let h = StaffRole::Handler;
    let t = open_task(Tax);
    assert!(may_see_with_tasks(
        h,
        Some(Tax),
        Some(Customs),
        std::slice::from_ref(&t)
    ));
    assert!(!may_see_with_tasks(
        h,
        Some(Forex),
        Some(Customs),
        std::slice::from_ref(&t)
    ));
    assert!(!may_see_with_tasks(
        h,
        None,
        Some(Customs),
        std::slice::from_ref(&t)
    ));
    assert!(may_see_with_tasks(h, Some(Customs), Some(Customs), &[]));
    let w = withdraw(&t, &desk(), now()).unwrap();
    assert!(!may_see_with_tasks(h, Some(Tax), Some(Customs), &[w]));
    assert!(may_see_with_tasks(
        StaffRole::Leader,
        None,
        Some(Customs),
        &[]
    ));
}

#[test]
fn status_codes_round_trip() {
    for &s in TaskStatus::ALL {
        assert_eq!(TaskStatus::parse(s.code()), Some(s));
    }
    assert_eq!(TaskStatus::Withdrawn.label_key(), "assist-status-withdrawn");
}

fn unit() -> impl Strategy<Value = Department> {
    proptest::sample::select(Department::ALL.to_vec())
}

proptest! {
    #[test]
    fn whatever_is_asked_the_rules_hold(
        steps in proptest::collection::vec((unit(), 0u8..3, 1i64..5000), 0..30)
    ) {
        let c = case();
        let mut tasks: Vec<AssistTask> = Vec::new();
        for (u, op, minutes) in steps {
            let n = NewTask { unit: u, ask: "x".into(), due: now() + Duration::minutes(minutes) };
            match op {
                0 => if let Ok(t) = add_task(&c, &tasks, &desk(), &n, now()) { tasks.push(t) },
                1 => if let Some(i) = tasks.iter().position(|t| t.unit == u) {
                    if let Ok(t) = withdraw(&tasks[i], &desk(), now()) { tasks[i] = t }
                },
                _ => if let Some(i) = tasks.iter().position(|t| t.unit == u) {
                    let h = staff(5, StaffRole::Handler, Some(u));
                    if let Ok(t) = reply(&tasks[i], &h, "ok", now()) { tasks[i] = t }
                },
            }
        }
        prop_assert!(tasks.len() <= MAX_TASKS_PER_CASE);
        for t in &tasks {
            prop_assert!(t.unit != c.lead);
            prop_assert!(t.due > now() && t.due <= c.due);
            prop_assert!(tasks.iter().filter(|o| o.unit == t.unit && o.is_open()).count() <= 1);
        }
        prop_assert_eq!(may_answer(&tasks).is_ok(), tasks.iter().all(|t| !t.is_open()));
    }
}

#[test]
fn an_assisting_unit_reads_the_public_record_and_its_own_task_only() {
    assert!(assisting_reads(true, None, Tax), "public events");
    assert!(assisting_reads(false, Some(Tax), Tax), "its own task");
    assert!(
        !assisting_reads(false, None, Tax),
        "the lead's internal notes"
    );
    assert!(
        !assisting_reads(false, Some(Forex), Tax),
        "another unit's task"
    );
}
