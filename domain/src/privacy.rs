//! Personal information kept no longer than its purpose needs (个人信息保护法 art. 19): a closed
//! case's contact — name and mobile — is anonymised once the published retention period has
//! passed since it was last touched. The enterprise's name and credit code stay: they name a
//! legal person, not a natural one, and the statistics and recurring problems read them.

use chrono::{DateTime, Months, Utc};
use serde::{Deserialize, Serialize};

/// The retention period in whole years (1–30; the administrator sets it, 3 unless set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct RetentionYears(u32);

impl RetentionYears {
    pub const DEFAULT: RetentionYears = RetentionYears(3);
    pub const MAX: u32 = 30;

    pub fn new(years: u32) -> Option<RetentionYears> {
        (1..=Self::MAX)
            .contains(&years)
            .then_some(RetentionYears(years))
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// Cases closed and untouched since before this moment are anonymised.
    pub fn cutoff(self, now: DateTime<Utc>) -> DateTime<Utc> {
        now.checked_sub_months(Months::new(12 * self.0))
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }
}

impl Default for RetentionYears {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl TryFrom<u32> for RetentionYears {
    type Error = String;
    fn try_from(y: u32) -> Result<Self, Self::Error> {
        RetentionYears::new(y)
            .ok_or_else(|| format!("retention of {y} years is not 1–{}", Self::MAX))
    }
}

impl From<RetentionYears> for u32 {
    fn from(y: RetentionYears) -> u32 {
        y.0
    }
}

/// How many cases one sweep run anonymises at most (one D1 statement, well inside the Worker's
/// limits; the sweep runs every minute, so a backlog clears in turn).
pub const ANONYMISE_BATCH: u32 = 500;

/// Whose information a request is about (个人信息保护法 art. 44–47): a contact's mobile number,
/// or an enterprise's credit code — exactly one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonKey {
    Phone(crate::phone::Phone),
    Uscc(crate::uscc::Uscc),
}

impl PersonKey {
    /// From the two optional values; the error names the field to fix.
    pub fn parse(phone: Option<&str>, uscc: Option<&str>) -> Result<PersonKey, &'static str> {
        fn given(v: Option<&str>) -> Option<&str> {
            v.map(str::trim).filter(|v| !v.is_empty())
        }
        match (given(phone), given(uscc)) {
            (Some(p), None) => crate::phone::Phone::parse(p)
                .map(PersonKey::Phone)
                .map_err(|_| "phone"),
            (None, Some(u)) => crate::uscc::Uscc::parse(u)
                .map(PersonKey::Uscc)
                .map_err(|_| "uscc"),
            _ => Err("phone"),
        }
    }

    /// The column the key matches and its stored value.
    pub fn column(&self) -> (&'static str, &str) {
        match self {
            PersonKey::Phone(p) => ("contact_phone", p.as_str()),
            PersonKey::Uscc(u) => ("uscc", u.as_str()),
        }
    }
}

/// Who made an export and when, written into the file itself (a workbook's properties and a
/// sheet of its own; a CSV's name) so a file found elsewhere names where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The officer's name and account, e.g. `刘静（desk）`.
    pub by: String,
    /// The account alone (letters and digits), for a file's name.
    pub account: String,
    pub at: DateTime<Utc>,
    /// The filter as asked (the query string), empty for everything.
    pub filter: String,
    pub rows: u64,
}

impl Provenance {
    /// Label and value, one pair per fact, in the reader's language.
    pub fn facts(&self, lang: crate::i18n::Lang) -> [(&'static str, String); 4] {
        let t = |k| crate::i18n::t(lang, k);
        let at = crate::time::display(&crate::time::iso(self.at), lang);
        [
            (t("worker-export-by"), self.by.clone()),
            (t("worker-export-at"), at),
            (t("worker-export-filter"), self.filter.clone()),
            (t("worker-export-rows"), self.rows.to_string()),
        ]
    }

    /// The facts on one line (a workbook's comment).
    pub fn line(&self, lang: crate::i18n::Lang) -> String {
        self.facts(lang)
            .iter()
            .map(|(k, v)| format!("{k}：{v}"))
            .collect::<Vec<_>>()
            .join("；")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_names_one_person_by_phone_or_credit_code() {
        let by_phone = PersonKey::parse(Some("138 1234 5678"), None).unwrap();
        assert_eq!(by_phone.column(), ("contact_phone", "13812345678"));
        assert_eq!(PersonKey::parse(Some("123"), None), Err("phone"));
        assert_eq!(PersonKey::parse(None, Some("x")), Err("uscc"));
        assert_eq!(PersonKey::parse(None, None), Err("phone"));
        assert_eq!(
            PersonKey::parse(Some("13812345678"), Some("91350100M000100Y43")),
            Err("phone")
        );
        assert!(matches!(
            PersonKey::parse(Some(" "), Some("91350100M000100Y43")),
            Ok(PersonKey::Uscc(_))
        ));
    }

    #[test]
    fn an_export_names_who_when_what_and_how_many() {
        let p = Provenance {
            by: "刘静（desk）".into(),
            account: "desk".into(),
            at: crate::time::at_shanghai(2026, 11, 24, 15, 40),
            filter: "department=customs".into(),
            rows: 2,
        };
        let line = p.line(crate::i18n::Lang::ZhCn);
        for part in ["刘静（desk）", "2026", "department=customs", "2"] {
            assert!(line.contains(part), "{line}");
        }
        assert_eq!(p.facts(crate::i18n::Lang::En)[3].1, "2");
    }
    use crate::time::at_shanghai as sh;

    #[test]
    fn years_are_one_to_thirty_and_three_unless_set() {
        assert_eq!(RetentionYears::default().get(), 3);
        assert!(RetentionYears::new(0).is_none() && RetentionYears::new(31).is_none());
        assert_eq!(RetentionYears::new(30).unwrap().get(), 30);
        assert!(serde_json::from_str::<RetentionYears>("0").is_err());
        assert_eq!(
            serde_json::to_string(&RetentionYears::DEFAULT).unwrap(),
            "3"
        );
    }

    #[test]
    fn the_cutoff_is_whole_calendar_years_back() {
        let now = sh(2029, 3, 1, 10, 0);
        assert_eq!(RetentionYears::DEFAULT.cutoff(now), sh(2026, 3, 1, 10, 0));
        // a leap day goes back to the last day of February
        let leap = sh(2028, 2, 29, 10, 0);
        assert_eq!(
            RetentionYears::new(1).unwrap().cutoff(leap),
            sh(2027, 2, 28, 10, 0)
        );
    }
}
