//! Starting the app: its texts first. Above both the API client and the text lookup.

use crate::i18n::lang;
use domain::Lang;

/// Runs `start` once the reader's texts are there. The app is built without the locale files
/// (`domain` without `embedded-locales`): it fetches the one for the reader's language, which
/// `public/boot.js` names and has already requested next to the wasm. Should that fail twice,
/// the static shell stays, whose links work without the app.
pub fn when_texts_ready(start: impl FnOnce() + 'static) {
    let lang = lang();
    if domain::i18n::ready(lang) {
        start();
        return;
    }
    let Some(url) = texts_url(lang) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        for _ in 0..2 {
            if let Some(text) = crate::api::get_text(&url).await {
                domain::i18n::install(lang, Box::leak(text.into_boxed_str()));
                start();
                return;
            }
        }
    });
}

/// `window.ZTC_FILES.texts[tag]`: the locale file's name with its content hash.
fn texts_url(lang: Lang) -> Option<String> {
    let get =
        |from: &wasm_bindgen::JsValue, key: &str| js_sys::Reflect::get(from, &key.into()).ok();
    let files = get(&web_sys::window()?.into(), "ZTC_FILES")?;
    get(&get(&files, "texts")?, lang.tag())?.as_string()
}
