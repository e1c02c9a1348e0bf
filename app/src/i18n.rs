//! Text lookup for the app: the same locale files and lookup the Worker uses (`domain::i18n`).

use domain::Lang;

/// The reader's language: Chinese unless the browser asks for English first.
pub fn lang() -> Lang {
    let tag = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default();
    Lang::from_tag(&tag)
}

pub fn t(key: &str) -> &'static str {
    domain::i18n::t(lang(), key)
}

pub fn tf(key: &str, args: &[(&str, &str)]) -> String {
    domain::i18n::tf(lang(), key, args)
}
