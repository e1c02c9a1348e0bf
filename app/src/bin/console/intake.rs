//! `/staff/new`: a case that came by hotline, visit, survey or referral, with the same checks
//! as the phone form; the enterprise gets the same number and receipt.

use crate::texts::{t, tf};
use app::api;
use domain::api::CreatedCase;
use domain::consent::NoticeVersion;
use domain::intake::Field;
use leptos::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[component]
pub fn Intake() -> impl IntoView {
    let values = RwSignal::new(BTreeMap::<String, String>::new());
    // the last case filed stays on screen until the next one is
    let result = RwSignal::new(None::<CreatedCase>);
    // one key for this form: a retried submission files the case once
    let key = StoredValue::new(
        web_sys::window()
            .and_then(|w| w.crypto().ok())
            .map(|c| c.random_uuid())
            .unwrap_or_default(),
    );
    let sent: crate::send::Sent<Value, CreatedCase> = Action::new_local(move |body: &Value| {
        let body = body.clone();
        async move {
            let answer =
                api::post::<CreatedCase>("/api/staff/cases", Some(&key.get_value()), &body).await;
            if let Ok(created) = &answer {
                result.set(Some(created.clone()));
            }
            answer
        }
    });
    let errors = Memo::new(move |_| {
        sent.value().with(|v| match v {
            Some(Err(e)) => e.fields(),
            _ => BTreeMap::new(),
        })
    });
    let failure = crate::send::failure(sent, |e| e.message());
    let meta = LocalResource::new(api::meta);
    let field = move |name: &'static str, multiline: bool| {
        let label = t(&format!("field-{name}"));
        let set = move |v: String| {
            values.update(|m| {
                m.insert(name.to_string(), v);
            })
        };
        view! {
            <label for=format!("f-{name}")>{label}<span class="req" aria-hidden="true">"*"</span></label>
            {if multiline {
                view! { <textarea id=format!("f-{name}") rows="5" aria-required="true" on:input=move |ev| set(event_target_value(&ev))></textarea> }.into_any()
            } else {
                view! { <input id=format!("f-{name}") aria-required="true" on:input=move |ev| set(event_target_value(&ev))/> }.into_any()
            }}
            <p class="error">{move || errors.with(|e| e.get(name).cloned())}</p>
        }
    };
    let select = move |name: &'static str| {
        let set = move |v: String| {
            values.update(|m| {
                m.insert(name.to_string(), v);
            })
        };
        view! {
            <label for=format!("f-{name}")>{t(&format!("field-{name}"))}<span class="req" aria-hidden="true">"*"</span></label>
            <select id=format!("f-{name}") aria-required="true" on:change=move |ev| set(event_target_value(&ev))>
                <option value="">"—"</option>
                {move || meta.get().and_then(|m| m.ok()).map(|m| {
                    let list = if name == "port" { m.ports } else { m.channels.into_iter().filter(|c| c.code != "web").collect() };
                    list.into_iter().map(|c| view! { <option value=c.code>{c.label}</option> }).collect_view()
                })}
            </select>
            <p class="error">{move || errors.with(|e| e.get(name).cloned())}</p>
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut body = json!({});
        for (k, v) in values.get_untracked() {
            body[k] = json!(v);
        }
        if let Some(local) = values
            .get_untracked()
            .get("received_at")
            .filter(|v| !v.is_empty())
        {
            // datetime-local is wall time in Shanghai
            body["received_at"] = json!(format!("{local}:00+08:00"));
        }
        sent.dispatch(body);
    };
    let _ = Field::ALL;
    view! {
        <section class="card intake">
            <h1>{t("console-intake-title")}</h1>
            {move || result.get().map(|v| view! {
                <div class="ok" role="status">
                    {t("console-intake-done")}<strong id="intake-no">{v.case_no}</strong>
                    " "<a target="_blank" href=format!("/receipt/{}", v.token)>{t("console-print-receipt")}</a>
                </div>
            })}
            <p class="error" role="alert">{failure}</p>
            <form class="grid-form" on:submit=submit novalidate>
                {select("channel")}
                <label for="f-received_at">{t("console-received-at")}</label>
                <input id="f-received_at" type="datetime-local"
                    on:input=move |ev| values.update(|m| { m.insert("received_at".into(), event_target_value(&ev)); })/>
                <p class="error">{move || errors.with(|e| e.get("received_at").cloned())}</p>
                {field("enterprise_name", false)}
                {field("uscc", false)}
                {field("contact_name", false)}
                {field("contact_phone", false)}
                {select("port")}
                {field("title", false)}
                {field("description", true)}
                <label class="check" for="f-consent">
                    <input id="f-consent" type="checkbox" aria-required="true" aria-describedby="d-consent"
                        on:change=move |ev| {
                            let v = if event_target_checked(&ev) { NoticeVersion::CURRENT.as_str() } else { "" };
                            values.update(|m| { m.insert("consent".into(), v.into()); });
                        }/>
                    {tf("console-intake-told", &[("v", NoticeVersion::CURRENT.as_str())])}
                    " "<a href="/privacy" target="_blank">{t("consent-full")}</a>
                </label>
                <p class="error" id="d-consent">{move || errors.with(|e| e.get("consent").cloned())}</p>
                <button class="btn btn_primary" type="submit" disabled=move || sent.pending().get()>{t("report-submit")}</button>
            </form>
        </section>
    }
}
