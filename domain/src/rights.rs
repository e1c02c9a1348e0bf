//! A person's request about their own information (个人信息保护法 art. 44–47): to see and copy
//! what is held, to correct it, to delete it, or to withdraw consent. The enterprise files it
//! through the portal; it is a case of its own kind — its own number (`PI-20261124-0001`), its
//! own status link, its own time limit — answered by the administrator, who acts with the
//! person tools (`/api/admin/person…`) and writes the answer the person reads.

use serde::{Deserialize, Serialize};

use crate::calendar::WorkCalendar;
use crate::phone::Phone;
use crate::taxonomy::code_enum;
use crate::text::{clean_line, clean_text, is_hidden_control};
use crate::uscc::Uscc;

code_enum!(
    /// What the person asks for.
    RightsKind, "rights-kind" {
        /// 查阅、复制: what is held about me.
        Access = "access",
        /// 更正、补充.
        Correct = "correct",
        /// 删除.
        Erase = "erase",
        /// 撤回同意.
        Withdraw = "withdraw",
    }
);

code_enum!(
    /// Where a request stands: open until the administrator answers, then done or refused
    /// (with the reason; art. 50).
    RightsStatus, "rights-status" {
        Open = "open",
        Done = "done",
        Refused = "refused",
    }
);

/// A request is answered within this many working days.
pub const ANSWER_WORKING_DAYS: i64 = 15;

/// The number's prefix, distinct from a problem case's `ZTC-`.
pub const PREFIX: &str = "PI";

/// `PI-20261124-0001` from the service day's key and its sequence.
pub fn request_no(day: &str, seq: u32) -> String {
    format!("{PREFIX}-{day}-{seq:04}")
}

/// Parses `PI-20261124-0001` back to its day key and sequence.
pub fn parse_request_no(no: &str) -> Option<(String, u32)> {
    let rest = no.trim().strip_prefix(PREFIX)?.strip_prefix('-')?;
    let (day, seq) = rest.split_once('-')?;
    let ok = day.len() == 8 && day.bytes().all(|b| b.is_ascii_digit()) && seq.len() == 4;
    let seq = seq.parse().ok().filter(|_| ok)?;
    Some((day.to_string(), seq))
}

/// The lookup form's check (`/lookup` finds both): a case number or a request number, and
/// four digits; the field and message key of what is wrong.
pub fn check_any_lookup(no: &str, last4: &str) -> Result<(), (&'static str, &'static str)> {
    match parse_request_no(no) {
        Some(_) => crate::case_no::check_last4(last4).map(|_| ()),
        None => crate::case_no::check_lookup(no, last4).map(|_| ()),
    }
}

/// The answer's deadline: fifteen working days on the office's calendar.
pub fn due(
    cal: &WorkCalendar,
    filed: chrono::DateTime<chrono::Utc>,
) -> chrono::DateTime<chrono::Utc> {
    cal.add_working_minutes(filed, ANSWER_WORKING_DAYS * cal.minutes_per_day())
}

/// What the portal's form posts. Missing fields read as empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RightsInput {
    pub kind: String,
    pub contact_name: String,
    pub contact_phone: String,
    /// The enterprise's credit code, when the request is about it.
    pub uscc: String,
    /// A case the request is about, if the person knows it.
    pub case_no: String,
    /// What to correct, or anything else the person wants to say.
    pub detail: String,
}

/// A request whose every field is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RightsRequest {
    pub kind: RightsKind,
    pub contact_name: String,
    pub contact_phone: Phone,
    pub uscc: Option<Uscc>,
    pub case_no: Option<crate::CaseNo>,
    pub detail: String,
}

pub const DETAIL_MAX: usize = 1000;

/// The fields of a request with what is wrong with each, by the field's name; the messages
/// are locale keys (`err-rights-…`, `err-required`).
pub type Problems = Vec<(&'static str, &'static str)>;

impl RightsInput {
    pub fn validate(&self) -> Result<RightsRequest, Problems> {
        let mut problems = Problems::new();
        let kind = RightsKind::parse(self.kind.trim());
        if kind.is_none() {
            problems.push(("kind", "err-rights-kind"));
        }
        let name = clean_line(&self.contact_name);
        if name.is_empty() || name.chars().count() > 30 || name.chars().any(is_hidden_control) {
            problems.push(("contact_name", "err-rights-name"));
        }
        let phone = Phone::parse(&self.contact_phone).ok();
        if phone.is_none() {
            problems.push(("contact_phone", "err-rights-phone"));
        }
        let uscc = match self.uscc.trim() {
            "" => None,
            raw => Uscc::parse(raw)
                .map_err(|_| problems.push(("uscc", "err-rights-uscc")))
                .ok(),
        };
        let case_no = match self.case_no.trim() {
            "" => None,
            raw => crate::CaseNo::parse(raw)
                .map_err(|_| problems.push(("case_no", "err-rights-case-no")))
                .ok(),
        };
        let detail = clean_text(&self.detail);
        let correcting = kind == Some(RightsKind::Correct);
        if detail.chars().count() > DETAIL_MAX || detail.chars().any(is_hidden_control) {
            problems.push(("detail", "err-rights-detail-long"));
        } else if correcting && detail.is_empty() {
            problems.push(("detail", "err-rights-detail"));
        }
        match (kind, phone, problems.is_empty()) {
            (Some(kind), Some(contact_phone), true) => Ok(RightsRequest {
                kind,
                contact_name: name,
                contact_phone,
                uscc,
                case_no,
                detail,
            }),
            _ => Err(problems),
        }
    }
}

/// The administrator's answer: done or refused, in words the person reads. Missing fields read
/// as empty, so they get a field's message rather than a parse error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct RightsAnswer {
    pub outcome: String,
    pub answer: String,
}

pub const ANSWER_MAX: usize = 2000;

impl RightsAnswer {
    /// The answer's words, or the locale key of what is wrong: an answer is done or refused
    /// (never open again) and says something — a refusal gives its reason (art. 50).
    pub fn checked(&self) -> Result<(RightsStatus, String), (&'static str, &'static str)> {
        let words = clean_text(&self.answer);
        match RightsStatus::parse(self.outcome.trim()) {
            None | Some(RightsStatus::Open) => Err(("outcome", "admin-err-rights-outcome")),
            Some(_) if words.is_empty() || words.chars().count() > ANSWER_MAX => {
                Err(("answer", "admin-err-rights-answer"))
            }
            Some(outcome) => Ok((outcome, words)),
        }
    }
}

/// Whether answering a request so also marks the person's cases: consent withdrawn, done.
pub fn withdraws_consent(kind: RightsKind, outcome: RightsStatus) -> bool {
    kind == RightsKind::Withdraw && outcome == RightsStatus::Done
}

/// Whether a request in `status` may still be answered (once only).
pub fn may_answer(status: RightsStatus) -> bool {
    status == RightsStatus::Open
}

/// A request as the person reads it (`GET /api/rights/{token}`, the contact masked) and as the
/// administrator's list starts each row (the contact in full).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RightsView {
    pub request_no: String,
    pub kind: RightsKind,
    pub kind_label: String,
    pub status: RightsStatus,
    pub status_label: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub submitted_at_text: String,
    pub due_at_text: String,
    pub answer: Option<String>,
    pub answered_at_text: Option<String>,
}

/// `201` answer to `POST /api/rights`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RightsFiled {
    pub request_no: String,
    pub token: String,
    pub status_url: String,
    pub due_at: String,
    pub due_at_text: String,
}

/// One request as the administrator lists it (in full: answering it is their task).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RightsRow {
    #[serde(flatten)]
    pub view: RightsView,
    pub uscc: Option<String>,
    pub case_no: Option<String>,
    pub detail: String,
    pub due_at: String,
    pub overdue: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> RightsInput {
        RightsInput {
            kind: "erase".into(),
            contact_name: "王丽".into(),
            contact_phone: "138 1234 5678".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_request_names_a_kind_a_person_and_a_mobile_number() {
        let r = form().validate().unwrap();
        assert_eq!(r.kind, RightsKind::Erase);
        assert_eq!(r.contact_phone.as_str(), "13812345678");
        assert_eq!((r.uscc, r.case_no), (None, None));
        let bad = RightsInput {
            kind: "everything".into(),
            uscc: "91350100M000100Y44".into(),
            case_no: "ZTC-1".into(),
            detail: "x\u{202E}".into(),
            ..Default::default()
        };
        let fields: Vec<_> = bad.validate().unwrap_err().iter().map(|p| p.0).collect();
        assert_eq!(
            fields,
            [
                "kind",
                "contact_name",
                "contact_phone",
                "uscc",
                "case_no",
                "detail"
            ]
        );
    }

    #[test]
    fn a_correction_says_what_to_correct() {
        let mut f = form();
        f.kind = "correct".into();
        assert_eq!(
            f.validate().unwrap_err(),
            vec![("detail", "err-rights-detail")]
        );
        f.detail = "手机号已换成13900001111".into();
        f.case_no = "ZTC-20261124-0001".into();
        let r = f.validate().unwrap();
        assert_eq!(r.case_no.unwrap().to_string(), "ZTC-20261124-0001");
    }

    #[test]
    fn numbers_read_back_and_differ_from_case_numbers() {
        assert_eq!(request_no("20261124", 7), "PI-20261124-0007");
        assert_eq!(
            parse_request_no("PI-20261124-0007"),
            Some(("20261124".into(), 7))
        );
        for bad in [
            "ZTC-20261124-0007",
            "PI-2026112-0007",
            "PI-20261124-7",
            "PI-x",
        ] {
            assert_eq!(parse_request_no(bad), None, "{bad}");
        }
        // the lookup form takes either kind of number
        assert!(check_any_lookup("PI-20261124-0007", "5678").is_ok());
        assert!(check_any_lookup("ZTC-20261124-0007", "５６７８").is_ok());
        assert_eq!(
            check_any_lookup("PI-20261124-0007", "56").unwrap_err().0,
            "phone_last4"
        );
        assert_eq!(check_any_lookup("XX-1", "5678").unwrap_err().0, "case_no");
    }

    #[test]
    fn an_answer_is_final_and_says_something() {
        let a = |outcome: &str, answer: &str| RightsAnswer {
            outcome: outcome.into(),
            answer: answer.into(),
        };
        assert_eq!(a("open", "好").checked().unwrap_err().0, "outcome");
        assert_eq!(a("maybe", "好").checked().unwrap_err().0, "outcome");
        assert_eq!(a("refused", "  ").checked().unwrap_err().0, "answer");
        assert!(withdraws_consent(RightsKind::Withdraw, RightsStatus::Done));
        assert!(!withdraws_consent(
            RightsKind::Withdraw,
            RightsStatus::Refused
        ));
        assert!(!withdraws_consent(RightsKind::Erase, RightsStatus::Done));
        assert_eq!(
            a("done", " 已删除 ").checked().unwrap(),
            (RightsStatus::Done, "已删除".to_string())
        );
        assert!(may_answer(RightsStatus::Open) && !may_answer(RightsStatus::Done));
    }

    #[test]
    fn the_answer_is_due_in_fifteen_working_days() {
        let cal = WorkCalendar::china_default();
        let filed = crate::time::at_shanghai(2026, 11, 24, 10, 0);
        let due = due(&cal, filed);
        assert_eq!(
            cal.working_minutes_between(filed, due),
            15 * cal.minutes_per_day()
        );
        assert!(due > filed + chrono::Duration::days(20));
    }

    #[test]
    fn every_kind_and_status_has_a_label() {
        for k in RightsKind::ALL {
            assert!(crate::i18n::has(&k.label_key()), "{k}");
        }
        for s in RightsStatus::ALL {
            assert!(crate::i18n::has(&s.label_key()), "{s}");
        }
    }
}
