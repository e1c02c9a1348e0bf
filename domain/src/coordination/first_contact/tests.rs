use super::*;
use crate::coordination::fixtures::{everyone, staff};
use crate::taxonomy::Department;
use crate::time::at_shanghai as sh;
use proptest::prelude::*;
use Material::*;

fn now() -> DateTime<Utc> {
    sh(2026, 11, 23, 10, 0)
}

fn handler() -> Staff {
    staff(5, StaffRole::Handler, Some(Department::Customs))
}

fn ask(materials: &[Material]) -> NewInfoRequest {
    NewInfoRequest {
        materials: materials.to_vec(),
        note: None,
    }
}

fn approval(role: StaffRole, reason: &str) -> ApprovalInput {
    ApprovalInput {
        approver: staff(9, role, None),
        reason: reason.into(),
    }
}

#[test]
fn the_first_to_act_stays_first_responsible() {
    let desk = staff(1, StaffRole::FrontDesk, None);
    let admin = staff(2, StaffRole::Admin, None);
    assert_eq!(first_responsible(None, &admin), None);
    assert!(!becomes_first_responsible(None, &admin));
    assert_eq!(first_responsible(None, &desk), Some(desk.id));
    assert!(becomes_first_responsible(None, &desk));
    for s in everyone(&[Department::Customs]) {
        assert_eq!(first_responsible(Some(desk.id), &s), Some(desk.id));
        assert!(!becomes_first_responsible(Some(desk.id), &s));
    }
}

#[test]
fn who_may_ask_for_information() {
    let new = ask(&[DeclarationForm]);
    for s in everyone(&[Department::Customs]) {
        let r = request_info(Category::Practice, 0, &s, &new, None, now());
        let ok = matches!(
            s.role,
            StaffRole::FrontDesk | StaffRole::Handler | StaffRole::Supervisor
        );
        assert_eq!(r.is_ok(), ok, "{s:?}");
        if !ok {
            assert_eq!(r, Err(InfoRequestError::Forbidden { role: s.role }));
        }
    }
}

#[test]
fn a_first_request_is_one_checklist_from_the_categorys_list() {
    let r = request_info(
        Category::Practice,
        0,
        &handler(),
        &ask(&[PackingList, DeclarationForm, CommercialInvoice]),
        Some(&approval(StaffRole::Supervisor, "ignored")),
        now(),
    )
    .unwrap();
    assert_eq!(
        r.materials,
        vec![DeclarationForm, CommercialInvoice, PackingList]
    );
    assert_eq!(
        (r.by, r.at, r.note, r.approval),
        (handler().id, now(), None, None)
    );
    let json = serde_json::to_value(
        request_info(Category::Basic, 0, &handler(), &ask(&[HsCode]), None, now()).unwrap_err(),
    )
    .unwrap();
    assert_eq!(json["code"], "not_for_category");
    assert_eq!(json["material"], "hs_code");
    assert_eq!(json["category"], "basic");
}

#[test]
fn checklist_refusals() {
    let h = handler();
    let go = |new: &NewInfoRequest| request_info(Category::Consult, 0, &h, new, None, now());
    assert_eq!(go(&ask(&[])), Err(InfoRequestError::EmptyChecklist));
    assert_eq!(
        go(&ask(&[HsCode, TradeMode, HsCode])),
        Err(InfoRequestError::Duplicate { material: HsCode })
    );
    assert_eq!(
        go(&ask(&[Proposal])),
        Err(InfoRequestError::NotForCategory {
            material: Proposal,
            category: Category::Consult
        })
    );
    assert_eq!(go(&ask(&[Other])), Err(InfoRequestError::OtherNeedsNote));
    let mut with_note = ask(&[Other]);
    with_note.note = Some("  ".into());
    assert_eq!(go(&with_note), Err(InfoRequestError::OtherNeedsNote));
    with_note.note = Some("进口许可证复印件".into());
    assert_eq!(
        go(&with_note).unwrap().note.map(String::from),
        Some("进口许可证复印件".to_string())
    );
    with_note.note = Some("证".repeat(MAX_NOTE + 1));
    assert!(matches!(go(&with_note), Err(InfoRequestError::Note { .. })));
}

#[test]
fn asking_again_needs_a_supervisors_approval_with_a_reason() {
    let h = handler();
    let new = ask(&[DeclarationForm]);
    let again = |a: Option<&ApprovalInput>| request_info(Category::Practice, 1, &h, &new, a, now());
    assert_eq!(again(None), Err(InfoRequestError::ApprovalRequired));
    for role in StaffRole::ALL {
        let r = again(Some(&approval(role, "企业补充的报关单与发票金额不一致")));
        assert_eq!(r.is_ok(), role == StaffRole::Supervisor, "{role:?}");
        if role != StaffRole::Supervisor {
            assert_eq!(r, Err(InfoRequestError::ApproverNotSupervisor { role }));
        }
    }
    assert_eq!(
        again(Some(&approval(StaffRole::Supervisor, " "))),
        Err(InfoRequestError::Reason {
            error: TextError::Empty
        })
    );
    let ok = again(Some(&approval(StaffRole::Supervisor, "金额不一致"))).unwrap();
    let a = ok.approval.unwrap();
    assert_eq!((a.by.get(), a.reason.as_str()), (9, "金额不一致"));
    // the third time is no different from the second
    let third = request_info(Category::Practice, 2, &h, &new, None, now());
    assert_eq!(third, Err(InfoRequestError::ApprovalRequired));
}

fn category() -> impl Strategy<Value = Category> {
    proptest::sample::select(Category::ALL.to_vec())
}

fn material() -> impl Strategy<Value = Material> {
    proptest::sample::select(Material::ALL.to_vec())
}

proptest! {
    #[test]
    fn an_accepted_checklist_is_a_subset_of_the_list_in_its_order(
        c in category(), picked in proptest::collection::vec(material(), 0..10)
    ) {
        if let Ok(list) = checklist(c, &picked) {
            let full = crate::coordination::materials::for_category(c);
            prop_assert!(!list.is_empty() && list.len() == picked.len());
            let positions: Vec<usize> = list
                .iter()
                .map(|m| full.iter().position(|f| f == m).unwrap())
                .collect();
            prop_assert!(positions.windows(2).all(|w| w[0] < w[1]));
        }
    }
}
