//! Small pieces every page uses: the loading line, the failure with a retry button, not-found,
//! putting the cursor in a field.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::t;

#[component]
pub fn Loading(#[prop(into)] text: String) -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite">
            <i class="weui-loading"></i>
            <span class="weui-loadmore__tips">{text}</span>
        </div>
    }
}

#[component]
pub fn Failed(#[prop(into)] text: String, on_retry: Callback<()>) -> impl IntoView {
    view! {
        <div class="weui-msg failed" role="alert">
            <div class="weui-msg__icon-area"><i class="weui-icon-warn weui-icon_msg"></i></div>
            <div class="weui-msg__text-area"><p class="weui-msg__desc">{text}</p></div>
            <div class="weui-msg__opr-area">
                <button class="weui-btn weui-btn_default" on:click=move |_| on_retry.run(())>
                    {t("common-retry")}
                </button>
            </div>
        </div>
    }
}

#[component]
pub fn PageNotFound() -> impl IntoView {
    view! {
        <div class="weui-msg">
            <div class="weui-msg__icon-area"><i class="weui-icon-info weui-icon_msg"></i></div>
            <div class="weui-msg__text-area">
                <h2 class="weui-msg__title">{t("api-not-found")}</h2>
            </div>
            <div class="weui-msg__opr-area">
                <a class="weui-btn weui-btn_primary" href="/">{t("common-back-home")}</a>
            </div>
        </div>
    }
}

/// Puts the cursor in the element with this id; false when there is none.
pub fn focus(id: &str) -> bool {
    document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| el.focus().is_ok())
}

/// One pager for every paged list (the policy browser, the console's queue, ledger, 回访 and
/// knowledge): previous, "page N of M", next. A page with two lists names each pager (`name`:
/// `bad-` gives `bad-page-next`, …).
#[component]
pub fn Pager(
    page: RwSignal<u64>,
    pages: u64,
    #[prop(optional)] name: &'static str,
) -> impl IntoView {
    // named closures: a `>` inside `view!` attributes would close the tag
    let first = move || page.get() <= 1;
    let last = move || page.get() >= pages;
    // the new page starts at its top (a named list's heading, `{name}list`), not where the old
    // one was left
    let go = move |to: fn(u64, u64) -> u64| {
        page.update(|p| *p = to(*p, pages));
        match document().get_element_by_id(&format!("{name}list")) {
            Some(heading) if !name.is_empty() => heading.scroll_into_view(),
            _ => window().scroll_to_with_x_and_y(0.0, 0.0),
        }
    };
    let of = move || {
        crate::i18n::tf(
            "page-of",
            &[
                ("page", &page.get().to_string()),
                ("pages", &pages.to_string()),
            ],
        )
    };
    view! {
        <nav class="pager" aria-label=t("common-pages")>
            <button class="btn weui-btn weui-btn_mini weui-btn_default" id=format!("{name}page-prev") disabled=first
                on:click=move |_| go(|p, _| p.saturating_sub(1).max(1))>{t("page-prev")}</button>
            <span id=format!("{name}page-of")>{of}</span>
            <button class="btn weui-btn weui-btn_mini weui-btn_default" id=format!("{name}page-next") disabled=last
                on:click=move |_| go(|p, last| (p + 1).min(last))>{t("page-next")}</button>
        </nav>
    }
}
