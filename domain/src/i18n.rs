//! User-visible text lives in `locales/*.ftl` (a flat Fluent subset: `key = value`, `{ $arg }`).
//! zh-CN is the reference; English falls back to it key by key.

use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    ZhCn,
    En,
}

#[cfg(feature = "embedded-locales")]
const ZH_CN: &str = include_str!("../../locales/zh-CN.ftl");
#[cfg(feature = "embedded-locales")]
const EN: &str = include_str!("../../locales/en.ftl");

type Table = HashMap<&'static str, &'static str>;

/// Parses `key = value` lines; `#` starts a comment. Values are one line.
pub fn parse_ftl(src: &'static str) -> Table {
    src.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| {
            let (k, v) = l.split_once('=')?;
            Some((k.trim(), v.trim()))
        })
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

static INSTALLED: [OnceLock<&'static str>; 2] = [const { OnceLock::new() }; 2];
static TABLES: [OnceLock<Table>; 2] = [const { OnceLock::new() }; 2];

fn slot(lang: Lang) -> usize {
    match lang {
        Lang::ZhCn => 0,
        Lang::En => 1,
    }
}

/// Gives a locale's file to a build without `embedded-locales` (the phone app, which fetches
/// only the reader's language). The first text given for a language stays.
pub fn install(lang: Lang, src: &'static str) {
    let _ = INSTALLED[slot(lang)].set(src);
}

/// Whether `lang`'s texts are there (compiled in, or installed).
pub fn ready(lang: Lang) -> bool {
    source(lang).is_some()
}

/// A compiled-in locale file whole (tests digest parts of it).
#[cfg(feature = "embedded-locales")]
pub fn embedded(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => ZH_CN,
        Lang::En => EN,
    }
}

fn source(lang: Lang) -> Option<&'static str> {
    #[cfg(feature = "embedded-locales")]
    return Some(embedded(lang));
    #[cfg(not(feature = "embedded-locales"))]
    INSTALLED[slot(lang)].get().copied()
}

fn table(lang: Lang) -> Option<&'static Table> {
    let src = source(lang)?;
    Some(TABLES[slot(lang)].get_or_init(|| parse_ftl(src)))
}

static MISSING: OnceLock<fn(&str)> = OnceLock::new();

/// Who hears of a key without a text (the phone app logs it, and the browser tests fail on
/// that: its texts are cut to what its code asks for). The first one set stays.
pub fn on_missing(report: fn(&str)) {
    let _ = MISSING.set(report);
}

/// The text for `key`; falls back to zh-CN, then to the key itself (visible, so it gets fixed).
pub fn t(lang: Lang, key: &str) -> &'static str {
    if let Some(v) = table(lang).and_then(|t| t.get(key)) {
        return v;
    }
    if let Some(v) = table(Lang::ZhCn).and_then(|t| t.get(key)) {
        return v;
    }
    if let Some(report) = MISSING.get() {
        report(key);
    }
    // Leak once per unknown key: only reachable with a missing translation, which a test forbids.
    Box::leak(key.to_string().into_boxed_str())
}

/// Whether the reference locale has `key` (tests use it to forbid missing texts).
pub fn has(key: &str) -> bool {
    table(Lang::ZhCn).is_some_and(|t| t.contains_key(key))
}

/// `t` with `{ $name }` placeholders filled in.
pub fn tf(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut s = t(lang, key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{ ${name} }}"), value);
    }
    s
}

impl Lang {
    /// The tag sent as `Accept-Language` and set as `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// From an `Accept-Language` header or a saved choice; Chinese unless English is asked for first.
    pub fn from_tag(tag: &str) -> Lang {
        let first = tag
            .split(',')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if first.starts_with("en") {
            Lang::En
        } else {
            Lang::ZhCn
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_locales_have_the_same_keys() {
        let zh = table(Lang::ZhCn).expect("compiled in");
        let en = table(Lang::En).expect("compiled in");
        let mut missing: Vec<_> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
        missing.extend(en.keys().filter(|k| !zh.contains_key(*k)));
        assert!(missing.is_empty(), "keys in one locale only: {missing:?}");
        assert!(zh.len() > 20);
    }

    #[test]
    fn console_locales_have_the_same_keys_and_no_clash() {
        let zh = parse_ftl(include_str!("../../locales/console/zh-CN.ftl"));
        let en = parse_ftl(include_str!("../../locales/console/en.ftl"));
        let mut a: Vec<_> = zh.keys().collect();
        let mut b: Vec<_> = en.keys().collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        assert!(zh.keys().all(|k| k.starts_with("console-") && !has(k)));
    }

    #[test]
    fn fills_arguments() {
        assert_eq!(Lang::from_tag("en-US,en;q=0.9"), Lang::En);
        assert_eq!(Lang::from_tag("zh-CN,zh;q=0.9,en;q=0.8"), Lang::ZhCn);
        let s = tf(Lang::ZhCn, "err-uscc-length", &[("n", "7")]);
        assert!(s.contains('7') && s.contains("18"), "{s}");
    }
}
