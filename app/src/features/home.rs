use leptos::prelude::*;

use crate::i18n::t;

/// Three big entries and the commitment in one line (the static shell shows the same before
/// the app loads).
#[component]
pub fn Home() -> impl IntoView {
    let entry = |href: &'static str,
                 icon: &'static str,
                 glyph: &'static str,
                 title: &'static str,
                 desc: &'static str| {
        view! {
            <a class="weui-cell weui-cell_access home-entry" href=href>
                <div class="weui-cell__hd"><span class=format!("home-icon {icon}") aria-hidden="true">{t(glyph)}</span></div>
                <div class="weui-cell__bd">
                    <p class="home-entry__title">{t(title)}</p>
                    <p class="home-entry__desc">{t(desc)}</p>
                </div>
                <div class="weui-cell__ft"></div>
            </a>
        }
    };
    view! {
        <header class="home-head">
            <h1>{t("app-name")}</h1>
            <a class="commitment" href="/commitment">{t("commitment-line")}</a>
        </header>
        <div class="weui-cells home-entries">
            {entry("/report", "icon-report", "home-report-glyph", "home-report", "home-report-desc")}
            {entry("/lookup", "icon-track", "home-track-glyph", "home-track", "home-track-desc")}
            {entry("/policies", "icon-policy", "home-policy-glyph", "home-policy", "home-policy-desc")}
        </div>
        <footer class="weui-footer page-footer"><p class="weui-footer__text">{t("home-footer")}</p></footer>
    }
}
