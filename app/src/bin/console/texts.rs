//! The console's own texts (`locales/console/*.ftl`), on top of the shared ones: kept out of the
//! phone portal's bundle.

use std::collections::HashMap;
use std::sync::OnceLock;

use domain::api::case::CaseEvent;
use domain::i18n::parse_ftl;
use domain::triage::Reason;
use domain::Lang;

fn table(lang: Lang) -> &'static HashMap<&'static str, &'static str> {
    static ZH: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    static EN: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    match lang {
        Lang::ZhCn => {
            ZH.get_or_init(|| parse_ftl(include_str!("../../../../locales/console/zh-CN.ftl")))
        }
        Lang::En => {
            EN.get_or_init(|| parse_ftl(include_str!("../../../../locales/console/en.ftl")))
        }
    }
}

/// A category's name in the reader's language (the code itself if unknown).
pub fn category_label(code: &str) -> String {
    domain::taxonomy::Category::parse(code).map_or_else(
        || code.to_string(),
        |c| c.label(app::i18n::lang()).to_string(),
    )
}

/// A unit's name in the reader's language (the code itself if unknown).
pub fn department_label(code: &str) -> String {
    domain::taxonomy::Department::parse(code).map_or_else(
        || code.to_string(),
        |d| d.label(app::i18n::lang()).to_string(),
    )
}

pub fn t(key: &str) -> &'static str {
    let lang = app::i18n::lang();
    table(lang)
        .get(key)
        .or_else(|| table(Lang::ZhCn).get(key))
        .copied()
        .unwrap_or_else(|| app::i18n::t(key))
}

/// What staff read for an event: the console's own wording where the shared one speaks to the
/// enterprise ("您提交了问题" → "企业提交了问题"), else the shared label the server sent.
pub fn event_label(e: &CaseEvent) -> String {
    table(app::i18n::lang())
        .get(format!("console-event-{}", e.kind.code()).as_str())
        .map(|s| s.to_string())
        .unwrap_or_else(|| e.label.clone())
}

/// Who did it, by name: the enterprise, the system, or "name · role" for staff.
pub fn actor_label(e: &CaseEvent) -> String {
    match e.actor.as_str() {
        "enterprise" => t("console-actor-enterprise").to_string(),
        "system" => t("console-actor-system").to_string(),
        _ => {
            let role = e
                .role
                .as_deref()
                .map(|r| t(&format!("console-role-{r}")))
                .unwrap_or_default();
            match e.actor_name.as_deref() {
                Some(name) if !role.is_empty() => format!("{name} · {role}"),
                Some(name) => name.to_string(),
                None => role.to_string(),
            }
        }
    }
}

/// A triage reason as staff read it: the signal's name, or the category the words point to.
pub fn reason_label(r: &Reason) -> String {
    let code = r.code.as_str();
    if r.kind == "signal" {
        t(&format!("console-signal-{code}")).to_string()
    } else if r.kind == "rule" {
        // the rule's note (or its word) is the quoted text beside this
        t("console-rule").to_string()
    } else {
        let category = domain::taxonomy::Category::parse(code)
            .map(|c| c.label(app::i18n::lang()))
            .unwrap_or_default();
        tf("console-phrase", &[("category", category)])
    }
}

pub fn tf(key: &str, args: &[(&str, &str)]) -> String {
    let mut s = t(key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{ ${name} }}"), value);
    }
    s
}
