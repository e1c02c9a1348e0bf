//! The request bodies staff and enterprises send, as named schemas with the limits the Worker
//! checks (and, where a valid value cannot be guessed, an example that passes), so a client or a
//! generator reading the document sends what is accepted.

use serde_json::{json, Value};

use super::codes;
use crate::taxonomy::{Category, Department, VisitChannel, VisitOutcome};
use crate::text::MAX_TYPED;

macro_rules! day_seq {
    () => {
        "20[2-9][0-9](0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])-([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])$"
    };
}

/// A mainland mobile number as the form takes it (spaces, dashes and +86 are also accepted).
pub(super) const PHONE: &str = "^(\\+86)?1[3-9][0-9]{9}$";
/// 统一社会信用代码: 18 characters; the last is a GB 32100 check character.
pub(super) const USCC: &str = "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$";
/// A valid credit code (its check character right).
pub(super) const USCC_EXAMPLE: &str = "91350100M000100Y43";
/// A staff account's name.
const USERNAME: &str = "^[a-z0-9._-]{3,32}$";
/// A case's number: a real day and a sequence from 0001.
pub(super) const CASE_NO: &str = concat!("^ZTC-", day_seq!());
/// A case's or a personal information request's number.
const CASE_OR_REQUEST: &str = concat!("^(ZTC|PI)-", day_seq!());
/// No hidden control character (a line break and a tab may be typed).
const NO_HIDDEN: &str =
    "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]*$";

/// A text that must say something: at most `max` characters, not only spaces.
pub(super) fn must(max: usize) -> Value {
    json!({"type": "string", "minLength": 1, "maxLength": max, "pattern": NO_HIDDEN,
           "allOf": [{"pattern": "\\S"}]})
}

/// A text that may be empty: at most `max` characters.
fn may(max: usize) -> Value {
    json!({"type": "string", "maxLength": max, "pattern": NO_HIDDEN})
}

/// An RFC 3339 time, after now (and, for a sub-deadline, not after the case's own).
fn future() -> Value {
    json!({"type": "string", "format": "date-time", "description": "RFC 3339, after now"})
}

fn object(required: &[&str], properties: Value) -> Value {
    json!({"type": "object", "required": required, "properties": properties})
}

fn unit() -> Value {
    json!({"type": "string", "enum": codes(Department::ALL, Department::code)})
}

fn new_user() -> Value {
    let mut units: Vec<Value> = Department::ALL.iter().map(|d| d.code().into()).collect();
    units.push(Value::Null);
    json!({
        "username": {"type": "string", "pattern": USERNAME},
        "display_name": must(40),
        "role": {"type": "string", "enum": codes(&crate::staff::StaffRole::ALL, crate::staff::StaffRole::code)},
        "department": {"type": ["string", "null"], "enum": units,
                       "description": "the unit of a handler (required for one)"},
        "password": {"type": "string", "minLength": 10, "maxLength": 128, "pattern": "[^0-9]", "description": "10–128 characters, not only digits and not only letters"}
    })
}

/// The named body schemas, merged into `#/components/schemas`.
pub(super) fn bodies() -> Vec<(&'static str, Value)> {
    let coordination = crate::coordination::MAX_TEXT;
    let reply = object(&["body"], json!({"body": must(coordination)}));
    let mut bootstrap = new_user();
    bootstrap["secret"] = json!({"type": "string", "minLength": 1});
    vec![
        (
            "Text",
            json!({"type": "object",
            "description": "a title, a description or both; at least one says something",
            "anyOf": [{"required": ["title"], "properties": {"title": must(MAX_TYPED)}},
                      {"required": ["description"], "properties": {"description": must(MAX_TYPED)}}],
            "properties": {"title": may(MAX_TYPED), "description": may(MAX_TYPED)}}),
        ),
        (
            "Message",
            object(&["body"], json!({"body": must(MAX_TYPED)})),
        ),
        (
            "Rating",
            object(
                &["score"],
                json!({"score": {"type": "integer", "minimum": 1, "maximum": 5}, "comment": may(500)}),
            ),
        ),
        (
            "Lookup",
            object(
                &["case_no", "phone_last4"],
                json!({
            "case_no": {"type": "string", "pattern": CASE_OR_REQUEST},
            "phone_last4": {"type": "string", "pattern": "^[0-9]{4}$"}}),
            ),
        ),
        (
            "Deflection",
            object(
                &["faq_id"],
                json!({"faq_id": {"type": "string", "minLength": 1, "maxLength": 100}}),
            ),
        ),
        (
            "Review",
            object(
                &["outcome", "note"],
                json!({
            "outcome": {"type": "string", "enum": ["rectify", "explain", "appeal"]},
            "note": must(MAX_TYPED),
            "message": {"type": "string", "maxLength": MAX_TYPED, "description": "what the enterprise reads: required to explain"},
            "days": {"type": "integer", "minimum": 1, "maximum": 60}}),
            ),
        ),
        (
            "Visit",
            object(
                &["channel", "outcome"],
                json!({
            "channel": {"type": "string", "enum": codes(VisitChannel::ALL, VisitChannel::code)},
            "outcome": {"type": "string", "enum": codes(VisitOutcome::ALL, VisitOutcome::code)},
            "note": may(MAX_TYPED)}),
            ),
        ),
        (
            "Assist",
            object(
                &["unit", "ask", "due_at"],
                json!({"unit": unit(), "ask": must(coordination), "due_at": future()}),
            ),
        ),
        (
            "Order",
            object(
                &["unit", "text", "due_at"],
                json!({"unit": unit(), "text": must(coordination), "due_at": future()}),
            ),
        ),
        ("Reply", reply),
        (
            "NewBatch",
            object(
                &["title", "case_nos"],
                json!({
            "title": must(MAX_TYPED),
            "case_nos": {"type": "array", "minItems": 1, "maxItems": 200,
                         "items": {"type": "string", "pattern": "^ZTC-[0-9]{8}-[0-9]{4}$"}}}),
            ),
        ),
        (
            "BatchAnswer",
            object(
                &["body"],
                json!({
            "body": must(MAX_TYPED), "correction": {"type": "boolean"},
            "reason": {"type": "string", "maxLength": MAX_TYPED, "description": "required with correction"}}),
            ),
        ),
        (
            "Template",
            object(
                &["category", "title", "body"],
                json!({
            "category": {"type": "string", "enum": codes(Category::ALL, Category::code)},
            "title": must(MAX_TYPED), "body": must(MAX_TYPED)}),
            ),
        ),
        (
            "NewUser",
            object(
                &["username", "display_name", "role", "password"],
                new_user(),
            ),
        ),
        (
            "Bootstrap",
            object(
                &["secret", "username", "display_name", "role", "password"],
                bootstrap,
            ),
        ),
        (
            "AccountChange",
            object(
                &["action"],
                json!({
            "action": {"type": "string", "enum": ["disable", "enable", "unlock", "reset_password"]},
            "password": {"type": "string", "maxLength": 128, "description": "the new password, to reset_password"}}),
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unanchored(p: &str) -> String {
        p.trim_start_matches('^').trim_end_matches('$').to_string()
    }

    #[test]
    fn the_example_credit_code_is_valid_and_matches_the_pattern() {
        assert!(crate::uscc::Uscc::parse(USCC_EXAMPLE).is_ok());
        assert!(regex::Regex::new(USCC).unwrap().is_match(USCC_EXAMPLE));
    }

    #[test]
    fn hidden_controls_break_the_pattern_and_typing_does_not() {
        let re = regex::Regex::new(NO_HIDDEN).unwrap();
        assert!(re.is_match("第一行\n\t第二行 ok"));
        for c in ['\u{0}', '\u{1b}', '\u{7f}', '\u{202e}', '\u{2066}'] {
            assert!(crate::text::is_hidden_control(c) && !re.is_match(&format!("a{c}b")));
        }
    }

    proptest! {
        #[test]
        fn a_documented_case_number_is_a_case_number(n in unanchored(CASE_NO).as_str()) {
            prop_assert!(crate::case_no::CaseNo::parse(&n).is_ok(), "{n}");
        }

        #[test]
        fn a_documented_typed_text_is_accepted(t in "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\u{202A}-\\u{202E}\\u{2066}-\\u{2069}]{0,50}") {
            prop_assert!(regex::Regex::new(NO_HIDDEN).unwrap().is_match(&t));
            prop_assert!(crate::text::typed_text(&t, MAX_TYPED).is_ok(), "{t:?}");
        }

        /// What the document says is a phone number, or a username, the domain takes.
        #[test]
        fn a_documented_phone_is_a_phone(p in unanchored(PHONE).as_str()) {
            prop_assert!(crate::phone::Phone::parse(&p).is_ok(), "{p}");
        }

        #[test]
        fn a_documented_username_is_a_username(u in unanchored(USERNAME).as_str()) {
            prop_assert!(crate::staff::Username::parse(&u).is_some(), "{u}");
        }
    }
}
