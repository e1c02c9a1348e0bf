//! The contact on a case page: the number masked, shown in full on a click that the Worker writes
//! to the audit log (a look at personal information is recorded).

use leptos::prelude::*;
use serde_json::{json, Value};

use crate::send;
use crate::texts::t;

#[component]
pub fn Contact(no: String, name: String, masked: String) -> impl IntoView {
    let reveal: send::Sent<Value> =
        send::post(move |_| format!("/api/staff/cases/{no}/contact"), |_, _| {});
    let full = move || {
        reveal.value().with(|v| {
            v.as_ref()
                .and_then(|r| r.as_ref().ok())
                .map(|v| app::api::text(v, "contact_phone"))
        })
    };
    let error = send::failure(reveal, |e| e.message());
    view! {
        <span id="contact">{name}" "
            {move || match full() {
                Some(number) => view! { <span id="contact-phone">{number}</span> }.into_any(),
                None => view! {
                    <span id="contact-phone">{masked.clone()}</span>" "
                    <button class="btn btn_plain" id="contact-reveal" title=t("console-contact-reveal-hint")
                        disabled=move || reveal.pending().get()
                        on:click=move |_| { reveal.dispatch(json!({})); }>{t("console-contact-reveal")}</button>
                }.into_any(),
            }}
            {move || error().map(|m| view! { <span class="error" role="alert">{m}</span> })}
        </span>
    }
}
