//! Notice before collection and consent to it (个人信息保护法 art. 14, 17): the phone form shows
//! a short notice with an unticked box, the full notice is a page of its own, and a case keeps
//! the version of the notice its contact agreed to — or, keyed in by staff, the version the
//! officer confirms the caller was told.
//!
//! The notice's words live in the locale files (`notice-*`, `consent-*`). A version names one
//! wording: a test holds the words' digest against [`NoticeVersion::CURRENT`], so the words
//! cannot change without a new version being published.

use serde::{Deserialize, Serialize};

/// Every version ever published, newest first. A form filled under an older one still counts:
/// the person agreed to what they read. Never remove a version that cases may name.
const PUBLISHED: [&str; 1] = ["2026-11-24"];

/// The digest of the current version's words (`notice_digest` over the zh-CN and English
/// `notice-*` and `consent-*` texts), recorded when the version was published.
pub const CURRENT_DIGEST: u64 = 0x475759e18f2bb225;

/// A published notice version, e.g. `2026-11-24`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NoticeVersion(&'static str);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentError {
    /// The box was not ticked (nothing sent).
    Missing,
    /// A version that was never published.
    Unknown,
}

impl NoticeVersion {
    pub const CURRENT: NoticeVersion = NoticeVersion(PUBLISHED[0]);

    /// What the form sent: the version the person ticked, empty when they did not.
    pub fn parse(raw: &str) -> Result<NoticeVersion, ConsentError> {
        match raw.trim() {
            "" => Err(ConsentError::Missing),
            v => PUBLISHED
                .iter()
                .find(|p| **p == v)
                .map(|p| NoticeVersion(p))
                .ok_or(ConsentError::Unknown),
        }
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// Every published version (the OpenAPI document lists them).
    pub fn published() -> &'static [&'static str] {
        &PUBLISHED
    }
}

impl Serialize for NoticeVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for NoticeVersion {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        NoticeVersion::parse(&raw)
            .map_err(|_| serde::de::Error::custom(format!("no notice version {raw:?}")))
    }
}

/// The notice as a page shows it: its version, and the retention period in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeFacts {
    pub notice: String,
    pub retention_years: u32,
}

impl NoticeFacts {
    pub fn current(retention: crate::privacy::RetentionYears) -> NoticeFacts {
        NoticeFacts {
            notice: NoticeVersion::CURRENT.as_str().into(),
            retention_years: retention.get(),
        }
    }
}

impl Default for NoticeFacts {
    fn default() -> Self {
        NoticeFacts::current(crate::privacy::RetentionYears::DEFAULT)
    }
}

/// The locale keys that carry the notice's words.
pub fn is_notice_key(key: &str) -> bool {
    key.starts_with("notice-") || key.starts_with("consent-")
}

/// A digest of the notice's words in both languages, keys in order.
#[cfg(feature = "embedded-locales")]
pub fn notice_digest() -> u64 {
    use crate::i18n::{parse_ftl, Lang};
    let mut h = crate::text::FNV_OFFSET;
    for lang in [Lang::ZhCn, Lang::En] {
        let src = crate::i18n::embedded(lang);
        let mut pairs: Vec<_> = parse_ftl(src)
            .into_iter()
            .filter(|(k, _)| is_notice_key(k))
            .collect();
        pairs.sort();
        for (k, v) in pairs {
            h = crate::text::fnv1a(h, k.bytes());
            h = crate::text::fnv1a(h, v.bytes());
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_published_version_is_consent() {
        assert_eq!(NoticeVersion::parse(""), Err(ConsentError::Missing));
        assert_eq!(NoticeVersion::parse("  "), Err(ConsentError::Missing));
        assert_eq!(
            NoticeVersion::parse("2019-01-01"),
            Err(ConsentError::Unknown)
        );
        assert_eq!(
            NoticeVersion::parse(" 2026-11-24 ").unwrap(),
            NoticeVersion::CURRENT
        );
        assert!(serde_json::from_str::<NoticeVersion>("\"true\"").is_err());
    }

    #[test]
    fn the_words_do_not_change_without_a_new_version() {
        assert_eq!(
            notice_digest(),
            CURRENT_DIGEST,
            "the notice's words changed: publish a new version in PUBLISHED (newest first) \
             and record its digest in CURRENT_DIGEST"
        );
    }

    #[test]
    fn the_notice_says_what_why_who_how_long_and_whom_to_ask() {
        for key in [
            "consent-short",
            "consent-agree",
            "consent-full",
            "notice-title",
            "notice-what",
            "notice-why",
            "notice-who",
            "notice-how-long",
            "notice-rights",
            "notice-contact",
        ] {
            assert!(crate::i18n::has(key), "missing {key}");
            for lang in [crate::i18n::Lang::ZhCn, crate::i18n::Lang::En] {
                assert_ne!(crate::i18n::t(lang, key), key);
            }
        }
    }
}
