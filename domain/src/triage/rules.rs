//! Routing rules an office writes for itself, applied before the model: when the engine keeps
//! sending one kind of report to the wrong unit, the administrator adds "收费 / fee complaint →
//! port office, unless the payee is the terminal" and every report filed after it follows the
//! rule, without a retrain. The first rule whose words match wins; the model decides whatever
//! the rule leaves open.

use serde::{Deserialize, Serialize};

use crate::taxonomy::{Category, Department};
use crate::text::fold;

/// The most rules an office keeps (each is read on every report).
pub const MAX_RULES: usize = 100;
/// The most words in a rule's `words` or `unless`.
pub const MAX_WORDS: usize = 20;
/// The longest word, in characters.
pub const MAX_WORD_CHARS: usize = 30;
/// The longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 200;

/// One rule: if any of `words` is in the report and none of `unless`, the report is of
/// `category` and/or goes to `department`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingRule {
    pub words: Vec<String>,
    #[serde(default)]
    pub unless: Vec<String>,
    #[serde(default)]
    pub category: Option<Category>,
    #[serde(default)]
    pub department: Option<Department>,
    /// Why the office wrote it (shown to the desk as the reason).
    #[serde(default)]
    pub note: String,
}

/// A rule as typed on the console: codes as text, so a wrong one is named, not a parse error.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RuleInput {
    pub words: Vec<String>,
    pub unless: Vec<String>,
    pub category: Option<String>,
    pub department: Option<String>,
    pub note: String,
}

/// What is wrong with which rule (0-based), as a field name and a message key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub index: usize,
    pub field: &'static str,
    pub key: &'static str,
}

/// A chosen code, or `None` for "leave it to the model" (absent or blank).
fn code(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn words(list: &[String], index: usize, field: &'static str) -> Result<Vec<String>, RuleError> {
    let err = |key| RuleError { index, field, key };
    if list.len() > MAX_WORDS {
        return Err(err("admin-err-rule-words"));
    }
    let mut out: Vec<String> = Vec::new();
    for w in list {
        let w = fold(w.trim());
        let n = w.chars().count();
        if n == 0 || n > MAX_WORD_CHARS || w.chars().any(char::is_control) {
            return Err(err("admin-err-rule-words"));
        }
        if !out.contains(&w) {
            out.push(w);
        }
    }
    Ok(out)
}

/// Checks and normalises what the administrator typed: at most [`MAX_RULES`] rules, each with
/// 1–20 words of 1–30 characters (folded as reports are: full-width, case, traditional), and a
/// category or a unit to set.
pub fn validate(input: &[RuleInput]) -> Result<Vec<RoutingRule>, RuleError> {
    if input.len() > MAX_RULES {
        return Err(RuleError {
            index: MAX_RULES,
            field: "rules",
            key: "admin-err-rules-count",
        });
    }
    input
        .iter()
        .enumerate()
        .map(|(index, r)| {
            let err = |field, key| RuleError { index, field, key };
            let matched = words(&r.words, index, "words")?;
            if matched.is_empty() {
                return Err(err("words", "admin-err-rule-words"));
            }
            let category = match code(&r.category) {
                None => None,
                Some(c) => {
                    Some(Category::parse(c).ok_or(err("category", "admin-err-rule-target"))?)
                }
            };
            let department = match code(&r.department) {
                None => None,
                Some(d) => {
                    Some(Department::parse(d).ok_or(err("department", "admin-err-rule-target"))?)
                }
            };
            if category.is_none() && department.is_none() {
                return Err(err("department", "admin-err-rule-target"));
            }
            let note = r.note.trim().to_string();
            if note.chars().count() > MAX_NOTE_CHARS || note.chars().any(char::is_control) {
                return Err(err("note", "admin-err-rule-note"));
            }
            Ok(RoutingRule {
                words: matched,
                unless: words(&r.unless, index, "unless")?,
                category,
                department,
                note,
            })
        })
        .collect()
}

impl RoutingRule {
    /// The word that makes this rule apply to `folded` (a report through [`fold`]), if it does.
    pub fn matches<'a>(&'a self, folded: &str) -> Option<&'a str> {
        if self.unless.iter().any(|w| folded.contains(w.as_str())) {
            return None;
        }
        self.words
            .iter()
            .find(|w| folded.contains(w.as_str()))
            .map(String::as_str)
    }
}

/// The first rule that applies to the folded report, with the word that matched.
pub fn first_match<'a>(
    rules: &'a [RoutingRule],
    folded: &str,
) -> Option<(&'a RoutingRule, &'a str)> {
    rules.iter().find_map(|r| r.matches(folded).map(|w| (r, w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(words: &[&str], unless: &[&str], department: &str) -> RuleInput {
        RuleInput {
            words: words.iter().map(|w| w.to_string()).collect(),
            unless: unless.iter().map(|w| w.to_string()).collect(),
            department: Some(department.into()),
            ..RuleInput::default()
        }
    }

    #[test]
    fn a_rule_matches_its_words_unless_an_exception_appears() {
        let rules = validate(&[input(&["收费", "Fee"], &["码头"], "port_office")]).unwrap();
        assert_eq!(rules[0].words, ["收费", "fee"], "folded as reports are");
        let hit = |t: &str| first_match(&rules, &fold(t)).map(|(_, w)| w.to_string());
        assert_eq!(hit("代理公司乱收费"), Some("收费".into()));
        assert_eq!(hit("An unexpected FEE at the port"), Some("fee".into()));
        assert_eq!(
            hit("碼頭亂收費"),
            None,
            "traditional characters fold; the terminal is excepted"
        );
        assert_eq!(hit("提单放行慢"), None);
    }

    #[test]
    fn the_first_matching_rule_wins() {
        let rules = validate(&[
            input(&["冷链"], &[], "customs"),
            input(&["冷链", "收费"], &[], "port_office"),
        ])
        .unwrap();
        let (rule, _) = first_match(&rules, &fold("冷链查验收费")).unwrap();
        assert_eq!(rule.department, Some(Department::Customs));
    }

    #[test]
    fn bad_rules_name_the_rule_and_the_field() {
        let no_words = input(&[], &[], "customs");
        assert_eq!(validate(&[no_words]).unwrap_err().field, "words");
        let long = input(&[&"长".repeat(31)], &[], "customs");
        assert_eq!(validate(&[long]).unwrap_err().key, "admin-err-rule-words");
        let nowhere = input(&["收费"], &[], "nowhere");
        let e = validate(&[input(&["a"], &[], "customs"), nowhere]).unwrap_err();
        assert_eq!((e.index, e.field), (1, "department"));
        let neither = RuleInput {
            words: vec!["收费".into()],
            ..RuleInput::default()
        };
        assert_eq!(
            validate(&[neither]).unwrap_err().key,
            "admin-err-rule-target"
        );
        let many = vec![input(&["a"], &[], "customs"); MAX_RULES + 1];
        assert_eq!(validate(&many).unwrap_err().key, "admin-err-rules-count");
    }

    #[test]
    fn the_engine_follows_a_rule_and_says_so() {
        let rules = validate(&[RuleInput {
            words: vec!["乱收费".into()],
            unless: vec!["码头".into()],
            category: Some("practice".into()),
            department: Some("port_office".into()),
            note: "收费投诉由口岸办统一受理".into(),
        }])
        .unwrap();
        let (title, body) = (
            "报关行乱收费",
            "代理报关时额外收取了一笔说不清的服务费，要求退还。",
        );
        let t = crate::triage::triage_routed(title, body, &rules);
        assert_eq!(
            (t.category, t.department),
            (Category::Practice, Department::PortOffice)
        );
        assert_eq!(t.confidence, 1.0, "the office's own decision");
        assert_eq!(t.reasons[0].kind, "rule");
        assert_eq!(t.reasons[0].text, "收费投诉由口岸办统一受理");
        let (title, body) = ("码头乱收费", "码头另外收取了一笔堆存费。");
        assert_eq!(
            crate::triage::triage_routed(title, body, &rules),
            crate::triage::triage(title, body),
            "the exception leaves the report to the model"
        );
    }
}
