//! The administrator's view of the audit log (issue 20): who did what, when — filtered by person,
//! action and Shanghai dates, paged, exported. The filter becomes one SQL condition with bound
//! parameters, here, so the page and the export read the same rows.

use chrono::{Duration, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::ledger::BadParam;
use crate::page::{Page, Paged};

crate::taxonomy::code_enum!(
    /// What an audit line records: every writer names one of these, and the console labels each
    /// (`console-audit-act-<code>` in the console's own texts).
    AuditAction, "console-audit-act" {
        LoginOk = "login_ok",
        LoginFailed = "login_failed",
        LoginLocked = "login_locked",
        UserCreated = "user_created",
        UserDisable = "user_disable",
        UserEnable = "user_enable",
        UserUnlock = "user_unlock",
        UserResetPassword = "user_reset_password",
        CalendarSaved = "calendar_saved",
        CommitmentSaved = "commitment_saved",
        RetentionSaved = "retention_saved",
        RoutingRulesSaved = "routing_rules_saved",
        TemplateSaved = "template_saved",
        TrainingExported = "training_exported",
        KnowledgeImported = "knowledge_imported",
        KnowledgeRetired = "knowledge_retired",
        KnowledgeRestored = "knowledge_restored",
        /// A look at a contact's full number.
        RevealContact = "reveal_contact",
        ExportCsv = "export_csv",
        ExportXlsx = "export_xlsx",
        ExportAudit = "export_audit",
        /// The retention sweep emptied contacts.
        Anonymise = "anonymise",
        PersonLookup = "person_lookup",
        PersonErased = "person_erased",
        PersonCorrected = "person_corrected",
        /// A person's request (查阅、更正、删除、撤回) answered.
        RightsAnswered = "rights_answered",
        /// The administrator's list of requests, numbers in full.
        RightsListed = "rights_listed",
    }
);

/// Entries in one page of the audit log.
pub const PAGE_SIZE: u32 = 50;
/// The most rows one export of the log holds (a year of an office's looks and exports).
pub const EXPORT_MAX: u32 = 20_000;

/// What the administrator asked for: `actor` (an account's username), `action` (a code),
/// `from` and `to` (Shanghai dates, both included), `page`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub page: Page,
}

fn code(v: &str, max: usize) -> bool {
    !v.is_empty()
        && v.len() <= max
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

impl AuditQuery {
    /// Reads the query's pairs; empty values mean "any", unknown names are ignored.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<AuditQuery, BadParam> {
        let mut q = AuditQuery {
            actor: None,
            action: None,
            from: None,
            to: None,
            page: Page::parse(None, PAGE_SIZE).ok_or(BadParam("page"))?,
        };
        for (k, v) in pairs {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            let date = |name| NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| BadParam(name));
            match k {
                "actor" if code(v, 40) => q.actor = Some(v.to_string()),
                "actor" => return Err(BadParam("actor")),
                "action" if code(v, 40) => q.action = Some(v.to_string()),
                "action" => return Err(BadParam("action")),
                "from" => q.from = Some(date("from")?),
                "to" => q.to = Some(date("to")?),
                "page" => q.page = Page::parse(Some(v), PAGE_SIZE).ok_or(BadParam("page"))?,
                _ => {}
            }
        }
        if matches!((q.from, q.to), (Some(f), Some(t)) if f > t) {
            return Err(BadParam("to"));
        }
        Ok(q)
    }

    /// The condition over `a` (audit_log) and `u` (its staff account, if any), and its bound
    /// values in order (`?1`, `?2`, …).
    pub fn condition(&self) -> (String, Vec<String>) {
        let mut parts = vec!["1".to_string()];
        let mut binds: Vec<String> = Vec::new();
        let mut push = |sql: &str, v: String| {
            binds.push(v);
            parts.push(sql.replace('$', &format!("?{}", binds.len())));
        };
        if let Some(a) = &self.actor {
            push("(u.username = $ OR a.actor = $)", a.clone());
        }
        if let Some(a) = &self.action {
            push("a.action = $", a.clone());
        }
        let day_start =
            |d: NaiveDate| crate::time::iso(crate::time::from_shanghai(d.and_time(NaiveTime::MIN)));
        if let Some(f) = self.from {
            push("a.at >= $", day_start(f));
        }
        if let Some(t) = self.to {
            push("a.at < $", day_start(t + Duration::days(1)));
        }
        (parts.join(" AND "), binds)
    }
}

/// One line of the audit log as the administrator reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    pub at_text: String,
    /// `staff:{id}` or `system`.
    pub actor: String,
    pub actor_name: Option<String>,
    pub username: Option<String>,
    pub role: Option<String>,
    pub action: String,
    pub target: Option<String>,
    /// The target's name when it is a member of staff (an account changed, a sign-in).
    pub target_name: Option<String>,
    pub detail: Option<String>,
}

/// A page of the log, with the people and actions it holds (for the filters' lists).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    #[serde(flatten)]
    pub page: Paged<AuditEntry>,
    /// The same rows as `page.items`, under the name the log always answered with.
    pub entries: Vec<AuditEntry>,
    pub actions: Vec<String>,
}

/// The export's columns.
pub const CSV_HEADER: [&str; 7] = ["时间", "账号", "姓名", "角色", "操作", "对象", "详情"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_console_names_every_action_in_both_languages() {
        for src in [
            include_str!("../../locales/console/zh-CN.ftl"),
            include_str!("../../locales/console/en.ftl"),
        ] {
            let table = crate::i18n::parse_ftl(src);
            for a in AuditAction::ALL {
                assert!(
                    table.contains_key(a.label_key().as_str()),
                    "{}",
                    a.label_key()
                );
            }
        }
    }

    fn q(s: &[(&str, &str)]) -> Result<AuditQuery, BadParam> {
        AuditQuery::parse(s.iter().copied())
    }

    #[test]
    fn filters_become_one_condition_with_bound_values() {
        let all = q(&[]).unwrap();
        assert_eq!(all.condition(), ("1".into(), vec![]));
        let some = q(&[
            ("actor", "desk"),
            ("action", "export_csv"),
            ("from", "2026-11-01"),
            ("to", "2026-11-24"),
            ("page", "2"),
        ])
        .unwrap();
        let (sql, binds) = some.condition();
        assert_eq!(
            sql,
            "1 AND (u.username = ?1 OR a.actor = ?1) AND a.action = ?2 AND a.at >= ?3 AND a.at < ?4"
        );
        // Shanghai days: the first starts at 16:00 UTC the evening before
        assert_eq!(binds[2], "2026-10-31T16:00:00.000Z");
        assert_eq!(binds[3], "2026-11-24T16:00:00.000Z");
        assert_eq!(some.page.number(), 2);
    }

    #[test]
    fn bad_filters_name_their_field() {
        assert_eq!(q(&[("from", "2026-13-01")]), Err(BadParam("from")));
        assert_eq!(q(&[("actor", "x' OR 1=1")]), Err(BadParam("actor")));
        assert_eq!(q(&[("action", &"a".repeat(41))]), Err(BadParam("action")));
        assert_eq!(q(&[("page", "0")]), Err(BadParam("page")));
        assert_eq!(
            q(&[("from", "2026-11-02"), ("to", "2026-11-01")]),
            Err(BadParam("to"))
        );
        assert!(q(&[("actor", ""), ("unknown", "x")]).is_ok());
    }
}
