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
