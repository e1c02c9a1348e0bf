//! A new case as an enterprise files it: raw form input in, a `NewCase` whose every field
//! is valid out, or an error per field. The phone form and the API run this same code.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::consent::{ConsentError, NoticeVersion};
use crate::i18n::{tf, Lang};
use crate::phone::{Phone, PhoneError};
use crate::taxonomy::{Channel, Port};
use crate::text::{clean_line, clean_text};
use crate::uscc::{Uscc, UsccError};

/// Exactly what the form posts. Missing fields read as empty, so they get a field error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewCaseInput {
    pub enterprise_name: String,
    pub uscc: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub port: String,
    pub title: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The version of the privacy notice the contact agreed to (`consent::NoticeVersion`);
    /// empty when the box was not ticked. Keyed in by staff: the version the caller was told.
    pub consent: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub enterprise_name: String,
    pub uscc: Uscc,
    pub contact_name: String,
    pub contact_phone: Phone,
    pub port: Port,
    pub title: String,
    pub description: String,
    pub channel: Channel,
    pub consent: NoticeVersion,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    EnterpriseName,
    Uscc,
    ContactName,
    ContactPhone,
    Port,
    Title,
    Description,
    Channel,
    Consent,
}

impl Field {
    /// In the order the form shows them (focus goes to the first error).
    pub const ALL: [Field; 9] = [
        Field::EnterpriseName,
        Field::Uscc,
        Field::ContactName,
        Field::ContactPhone,
        Field::Port,
        Field::Title,
        Field::Description,
        Field::Channel,
        Field::Consent,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::EnterpriseName => "enterprise_name",
            Field::Uscc => "uscc",
            Field::ContactName => "contact_name",
            Field::ContactPhone => "contact_phone",
            Field::Port => "port",
            Field::Title => "title",
            Field::Description => "description",
            Field::Channel => "channel",
            Field::Consent => "consent",
        }
    }

    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Inclusive character limits of free-text fields.
    pub fn length_limits(self) -> Option<(usize, usize)> {
        match self {
            Field::EnterpriseName => Some((2, 100)),
            Field::ContactName => Some((1, 30)),
            Field::Title => Some((4, 80)),
            Field::Description => Some((10, 2000)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldError {
    Required,
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    Uscc(UsccError),
    Phone(PhoneError),
    UnknownPort,
    ChannelNotPublic,
    /// Invisible control or direction-override characters (pasted or forged, never typed).
    ControlCharacters,
    /// The privacy notice was not agreed to, or names a version never published.
    Consent(ConsentError),
}

impl FieldError {
    pub fn code(&self) -> &'static str {
        match self {
            FieldError::Required => "required",
            FieldError::TooShort { .. } => "too_short",
            FieldError::TooLong { .. } => "too_long",
            FieldError::Uscc(_) => "invalid_uscc",
            FieldError::Phone(_) => "invalid_phone",
            FieldError::UnknownPort => "unknown_port",
            FieldError::ChannelNotPublic => "channel_not_public",
            FieldError::ControlCharacters => "control_characters",
            FieldError::Consent(ConsentError::Missing) => "consent_required",
            FieldError::Consent(ConsentError::Unknown) => "notice_unknown",
        }
    }

    /// What the person should do, in their language.
    pub fn message(&self, field: Field, lang: Lang) -> String {
        let label = tf(lang, &format!("field-{}", field.name()), &[]);
        match self {
            FieldError::Required if field == Field::Port => tf(lang, "err-port", &[]),
            FieldError::Required => tf(lang, "err-required", &[("field", &label)]),
            FieldError::TooShort { min } => tf(
                lang,
                "err-too-short",
                &[("field", &label), ("min", &min.to_string())],
            ),
            FieldError::TooLong { max } => tf(
                lang,
                "err-too-long",
                &[("field", &label), ("max", &max.to_string())],
            ),
            FieldError::Uscc(e) => match e {
                UsccError::Empty => tf(lang, "err-required", &[("field", &label)]),
                UsccError::Length(n) => tf(lang, "err-uscc-length", &[("n", &n.to_string())]),
                UsccError::Character { position, found } => tf(
                    lang,
                    "err-uscc-char",
                    &[("pos", &position.to_string()), ("char", &found.to_string())],
                ),
                UsccError::Division => tf(lang, "err-uscc-division", &[]),
                UsccError::Check { .. } => tf(lang, "err-uscc-check", &[]),
            },
            FieldError::Phone(e) => match e {
                PhoneError::Empty => tf(lang, "err-required", &[("field", &label)]),
                PhoneError::Length(n) => tf(lang, "err-phone-length", &[("n", &n.to_string())]),
                PhoneError::NotDigits => tf(lang, "err-phone-digits", &[]),
                PhoneError::Prefix => tf(lang, "err-phone-prefix", &[]),
            },
            FieldError::UnknownPort => tf(lang, "err-port", &[]),
            FieldError::ChannelNotPublic => tf(lang, "err-channel", &[]),
            FieldError::ControlCharacters => tf(lang, "err-control", &[("field", &label)]),
            FieldError::Consent(ConsentError::Missing) => tf(lang, "err-consent", &[]),
            FieldError::Consent(ConsentError::Unknown) => tf(lang, "err-notice-version", &[]),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub BTreeMap<Field, FieldError>);

impl FieldErrors {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn first(&self) -> Option<Field> {
        self.0.keys().next().copied()
    }

    /// `{field name: message}` as the API's `error.fields` carries it.
    pub fn messages(&self, lang: Lang) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        out.extend(
            self.0
                .iter()
                .map(|(f, e)| (f.name().to_string(), e.message(*f, lang))),
        );
        out
    }
}

pub use crate::text::is_hidden_control;

fn check_length(field: Field, value: &str) -> Result<(), FieldError> {
    if value.chars().any(is_hidden_control) {
        return Err(FieldError::ControlCharacters);
    }
    let n = value.chars().count();
    let (min, max) = field.length_limits().unwrap_or((1, usize::MAX));
    if n == 0 {
        Err(FieldError::Required)
    } else if n < min {
        Err(FieldError::TooShort { min })
    } else if n > max {
        Err(FieldError::TooLong { max })
    } else {
        Ok(())
    }
}

/// Who files: the enterprise itself (web or WeChat only), or staff on its behalf (any channel).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filer {
    Enterprise,
    Staff,
}

/// One field on its own (the form checks a field when the person leaves it).
pub fn check_field(field: Field, raw: &str) -> Result<(), FieldError> {
    check_field_as(field, raw, Filer::Enterprise)
}

pub fn check_field_as(field: Field, raw: &str, filer: Filer) -> Result<(), FieldError> {
    match field {
        Field::EnterpriseName | Field::ContactName | Field::Title => {
            check_length(field, &clean_line(raw))
        }
        Field::Description => check_length(field, &clean_text(raw)),
        Field::Uscc => Uscc::parse(raw).map(|_| ()).map_err(FieldError::Uscc),
        Field::ContactPhone => Phone::parse(raw).map(|_| ()).map_err(FieldError::Phone),
        Field::Port => match raw.trim() {
            "" => Err(FieldError::Required),
            s => Port::parse(s).map(|_| ()).ok_or(FieldError::UnknownPort),
        },
        Field::Channel => match Channel::parse(raw.trim()) {
            Some(c) if c.is_public() || filer == Filer::Staff => Ok(()),
            _ => Err(FieldError::ChannelNotPublic),
        },
        Field::Consent => NoticeVersion::parse(raw)
            .map(|_| ())
            .map_err(FieldError::Consent),
    }
}

impl NewCaseInput {
    pub fn value(&self, field: Field) -> &str {
        match field {
            Field::EnterpriseName => &self.enterprise_name,
            Field::Uscc => &self.uscc,
            Field::ContactName => &self.contact_name,
            Field::ContactPhone => &self.contact_phone,
            Field::Port => &self.port,
            Field::Title => &self.title,
            Field::Description => &self.description,
            Field::Channel => self.channel.as_deref().unwrap_or("web"),
            Field::Consent => &self.consent,
        }
    }

    pub fn set(&mut self, field: Field, value: String) {
        match field {
            Field::EnterpriseName => self.enterprise_name = value,
            Field::Uscc => self.uscc = value,
            Field::ContactName => self.contact_name = value,
            Field::ContactPhone => self.contact_phone = value,
            Field::Port => self.port = value,
            Field::Title => self.title = value,
            Field::Description => self.description = value,
            Field::Channel => self.channel = Some(value),
            Field::Consent => self.consent = value,
        }
    }

    /// Validates a submission from the public portal (web or WeChat channel only).
    pub fn validate(&self) -> Result<NewCase, FieldErrors> {
        self.validate_as(Filer::Enterprise)
    }

    pub fn validate_as(&self, filer: Filer) -> Result<NewCase, FieldErrors> {
        // `extend`, not `collect`: collecting into a map sorts first, which costs the phone
        // bundle a sort routine for nothing (the fields arrive in order).
        let mut errors = FieldErrors::default();
        errors.0.extend(Field::ALL.iter().filter_map(|&f| {
            check_field_as(f, self.value(f), filer)
                .err()
                .map(|e| (f, e))
        }));
        if !errors.is_empty() {
            return Err(errors);
        }
        let ok = "checked above";
        Ok(NewCase {
            enterprise_name: clean_line(&self.enterprise_name),
            uscc: Uscc::parse(&self.uscc).expect(ok),
            contact_name: clean_line(&self.contact_name),
            contact_phone: Phone::parse(&self.contact_phone).expect(ok),
            port: Port::parse(self.port.trim()).expect(ok),
            title: clean_line(&self.title),
            description: clean_text(&self.description),
            channel: Channel::parse(self.value(Field::Channel).trim()).expect(ok),
            consent: NoticeVersion::parse(&self.consent).expect(ok),
        })
    }
}

impl NewCase {
    /// Same case, same fingerprint: tells an honest retry from a key reused for another case.
    pub fn fingerprint(&self) -> String {
        crate::idempotency::fingerprint(&[
            &self.enterprise_name,
            self.uscc.as_str(),
            &self.contact_name,
            self.contact_phone.as_str(),
            self.port.code(),
            &self.title,
            &self.description,
            self.channel.code(),
        ])
    }
}

/// `张**`: the public view never shows a full name.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => {
            let rest = chars.count().max(1);
            format!("{first}{}", "*".repeat(rest))
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn sample() -> NewCaseInput {
        NewCaseInput {
            enterprise_name: "青岛海川进出口有限公司".into(),
            uscc: "91350100M000100Y43".into(),
            contact_name: "王丽".into(),
            contact_phone: "138 1234 5678".into(),
            port: "qianwan".into(),
            title: "船边直提已批准但12个集装箱进了堆场".into(),
            description:
                "提单号 COSU6234567890，12个柜已办理船边直提，卸船后仍被拖进堆场，产生额外费用。"
                    .into(),
            channel: None,
            consent: NoticeVersion::CURRENT.as_str().into(),
        }
    }

    #[test]
    fn hidden_control_characters_are_refused_in_every_text_field() {
        for bad in [
            "\u{0}",
            "\u{7}",
            "\u{1b}[31m",
            "\u{202E}gpj.exe",
            "\u{2066}",
            "\u{9f}",
        ] {
            let mut f = sample();
            f.title = format!("船边直提{bad}问题");
            f.description = format!("提单号 COSU6234567890，{bad}12个柜进了堆场。");
            let errors = f.validate().unwrap_err();
            assert_eq!(
                errors.0.get(&Field::Title),
                Some(&FieldError::ControlCharacters),
                "{bad:?}"
            );
            assert_eq!(
                errors.0.get(&Field::Description),
                Some(&FieldError::ControlCharacters)
            );
        }
        // line breaks and tabs are typed; full-width and emoji are text
        let mut f = sample();
        f.description = "第一行\n\t第二行：集装箱😀进了堆场，请协调。".into();
        assert!(f.validate().is_ok());
        assert!(FieldError::ControlCharacters
            .message(Field::Title, Lang::ZhCn)
            .contains("控制字符"));
    }

    #[test]
    fn a_good_form_becomes_a_case() {
        let c = sample().validate().unwrap();
        assert_eq!(c.contact_phone.as_str(), "13812345678");
        assert_eq!(c.port, Port::Qianwan);
        assert_eq!(c.channel, Channel::Web);
        assert_eq!(c.fingerprint(), sample().validate().unwrap().fingerprint());
    }

    #[test]
    fn every_bad_field_gets_its_own_message_in_chinese() {
        let input = NewCaseInput {
            uscc: "91350100M000100Y44".into(),
            contact_phone: "1381234".into(),
            port: "mars".into(),
            title: "柜".into(),
            channel: Some("hotline".into()),
            ..Default::default()
        };
        let errs = input.validate().unwrap_err();
        let m = errs.messages(Lang::ZhCn);
        assert_eq!(errs.first(), Some(Field::EnterpriseName));
        assert!(m["enterprise_name"].contains("企业名称"), "{m:?}");
        assert!(m["uscc"].contains("校验"), "{m:?}");
        assert!(m["contact_phone"].contains("11"), "{m:?}");
        assert!(m["title"].contains('4'), "{m:?}");
        assert!(
            m.contains_key("port") && m.contains_key("description") && m.contains_key("channel")
        );
        assert!(m["consent"].contains("告知"), "{m:?}");
        assert_eq!(m.len(), 9);
        for msg in m.values() {
            assert!(!msg.contains("{ $"), "unfilled placeholder: {msg}");
        }
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(check_field(Field::Title, "船边直提").is_ok());
        assert_eq!(
            check_field(Field::Title, &"柜".repeat(81)),
            Err(FieldError::TooLong { max: 80 })
        );
        assert_eq!(
            check_field(Field::Description, "   \n  "),
            Err(FieldError::Required)
        );
    }

    #[test]
    fn set_and_value_address_the_same_field() {
        let mut input = NewCaseInput::default();
        for f in Field::ALL {
            input.set(f, format!("v-{}", f.name()));
        }
        for f in Field::ALL {
            assert_eq!(input.value(f), format!("v-{}", f.name()));
        }
        assert_eq!(Field::from_name("uscc"), Some(Field::Uscc));
        assert_eq!(Field::from_name("nope"), None);
    }

    #[test]
    fn every_field_has_a_label_and_a_hint() {
        for f in Field::ALL {
            for key in [format!("field-{}", f.name()), format!("hint-{}", f.name())] {
                assert!(crate::i18n::has(&key), "missing text {key}");
            }
        }
    }

    #[test]
    fn masks_names() {
        assert_eq!(mask_name("王丽"), "王*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_name("王"), "王*");
    }
}
