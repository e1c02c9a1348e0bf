//! The console's own texts (`locales/console/*.ftl`), on top of the shared ones: kept out of the
//! phone portal's bundle.

use std::collections::HashMap;
use std::sync::OnceLock;

use domain::i18n::parse_ftl;
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

pub fn t(key: &str) -> &'static str {
    let lang = app::i18n::lang();
    table(lang)
        .get(key)
        .or_else(|| table(Lang::ZhCn).get(key))
        .copied()
        .unwrap_or_else(|| app::i18n::t(key))
}

pub fn tf(key: &str, args: &[(&str, &str)]) -> String {
    let mut s = t(key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{ ${name} }}"), value);
    }
    s
}
