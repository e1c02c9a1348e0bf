//! `/lookup`: find a case without its QR code, by case number and the last four digits of the
//! contact phone; then the same status page.

use leptos::prelude::*;
use serde_json::json;

use crate::api;
use crate::i18n::t;

#[component]
pub fn Lookup() -> impl IntoView {
    let case_no = RwSignal::new(String::new());
    let last4 = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // what is not a case number and four digits is said here, and costs no try
        if let Err((field, key)) =
            domain::rights::check_any_lookup(&case_no.get_untracked(), &last4.get_untracked())
        {
            error.set(Some(t(key).to_string()));
            let id = if field == "case_no" {
                "lookup-no"
            } else {
                "lookup-last4"
            };
            crate::components::focus(id);
            return;
        }
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let body =
                json!({"case_no": case_no.get_untracked(), "phone_last4": last4.get_untracked()});
            match api::post_json("/api/cases/lookup", &body).await {
                Ok(v) => crate::portal::go(v["status_url"].as_str().unwrap_or("/")),
                Err(e) if e.status() == Some(404) => {
                    error.set(Some(t("lookup-not-found").to_string()))
                }
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <h1 class="page-title">{t("lookup-title")}</h1>
        <p class="page-intro">{t("lookup-intro")}</p>
        <p class="page-intro page-intro_scan" id="lookup-scan">{t("lookup-scan")}</p>
        <form on:submit=submit novalidate>
            <div class="weui-cells weui-cells_form">
                <div class="weui-cell field"><div class="weui-cell__bd">
                    <label class="field__label" for="lookup-no">{t("status-case-no")}</label>
                    <input class="weui-input field__input" id="lookup-no" placeholder="ZTC-20261121-0001" autocomplete="off"
                        prop:value=move || case_no.get() on:input=move |ev| case_no.set(event_target_value(&ev))/>
                </div></div>
                <div class="weui-cell field"><div class="weui-cell__bd">
                    <label class="field__label" for="lookup-last4">{t("lookup-last4")}</label>
                    <input class="weui-input field__input" id="lookup-last4" inputmode="numeric" maxlength="4" autocomplete="off"
                        aria-describedby="lookup-error"
                        prop:value=move || last4.get() on:input=move |ev| last4.set(event_target_value(&ev))/>
                    <p class="field-note field-note_error" id="lookup-error" role="alert">{move || error.get()}</p>
                </div></div>
            </div>
            <div class="bottom-bar">
                <button class="weui-btn weui-btn_primary" id="lookup-submit" type="submit" disabled=move || busy.get()>
                    {t("lookup-submit")}
                </button>
            </div>
        </form>
    }
}
