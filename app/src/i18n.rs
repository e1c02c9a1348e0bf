//! Text lookup for the app: the same locale files and lookup the Worker uses (`domain::i18n`).
//! The reader may choose the language (kept on the phone); otherwise the browser's first
//! language decides: Chinese unless it asks for English.

use domain::Lang;

/// Where the reader's choice is kept (`public/boot.js` reads it too, for `<html lang>`).
pub const LANG_KEY: &str = "ztc-lang";
/// Large text and larger targets (关怀模式), kept on the phone; `boot.js` applies it before paint.
pub const CARE_KEY: &str = "ztc-care";

pub fn lang() -> Lang {
    if let Some(tag) = crate::storage::load::<String>(LANG_KEY) {
        return Lang::from_tag(&tag);
    }
    let tag = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default();
    Lang::from_tag(&tag)
}

/// Keeps the choice and reloads, so every text (and the API's messages) follows it.
pub fn choose(lang: Lang) {
    crate::storage::save(LANG_KEY, &lang.tag());
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

pub fn care() -> bool {
    crate::storage::load::<bool>(CARE_KEY).unwrap_or(false)
}

/// Turns large text on or off, at once and for the next visits.
pub fn set_care(on: bool) {
    crate::storage::save(CARE_KEY, &on);
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = if on {
            root.class_list().add_1("care")
        } else {
            root.class_list().remove_1("care")
        };
    }
}

pub fn t(key: &str) -> &'static str {
    domain::i18n::t(lang(), key)
}

pub fn tf(key: &str, args: &[(&str, &str)]) -> String {
    domain::i18n::tf(lang(), key, args)
}
