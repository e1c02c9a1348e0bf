//! `/staff/batches` and `/staff/batches/{id}`: similar problems answered once for all.

use crate::texts::t;
use app::api;
use app::components::{Failed, Loading};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::json;

use app::api::text as s;

#[component]
pub fn Batches() -> impl IntoView {
    let list = LocalResource::new(|| api::get_json("/api/staff/batches"));
    view! {
        <section class="card">
            <h1>{t("console-nav-batches")}</h1>
            <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
                {move || list.get().map(|r| match r {
                    Ok(v) => {
                        let items = v["batches"].as_array().cloned().unwrap_or_default();
                        if items.is_empty() {
                            return view! { <p class="empty">{t("console-batches-empty")}</p> }.into_any();
                        }
                        view! { <ul class="batches">{items.into_iter().map(|b| view! {
                            <li><a href=format!("/staff/batches/{}", b["id"])>{s(&b, "title")}</a>
                                " · "{b["cases"].as_array().map(|c| c.len()).unwrap_or(0)}" · "{s(&b, "created_at_text")}</li>
                        }).collect_view()}</ul> }.into_any()
                    }
                    Err(e) => view! { <Failed text=e.message() on_retry=Callback::new(move |_| list.refetch())/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn BatchPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let batch = LocalResource::new(move || {
        let id = id();
        async move { api::get_json(&format!("/api/staff/batches/{id}")).await }
    });
    let answer = RwSignal::new(String::new());
    let sent = crate::send::post(
        move |_: &serde_json::Value| format!("/api/staff/batches/{}/answer", id()),
        move |_, _: &serde_json::Value| batch.refetch(),
    );
    let error = crate::send::failure(sent, |e| e.message());
    let send = move |_| {
        sent.dispatch(json!({"body": answer.get_untracked()}));
    };
    view! {
        <a class="back" href="/staff/batches">{t("console-nav-batches")}</a>
        <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
            {move || batch.get().map(|r| match r {
                Ok(b) => view! {
                    <section class="card">
                        <h1>{s(&b, "title")}</h1>
                        <h2>{t("console-batch-members")}</h2>
                        <ul>{b["cases"].as_array().cloned().unwrap_or_default().into_iter().map(|c| view! {
                            <li><a href=format!("/staff/cases/{}", s(&c, "case_no"))>{s(&c, "case_no")}</a>" "{s(&c, "title")}" · "{s(&c, "status_label")}</li>
                        }).collect_view()}</ul>
                        {match b["answer"].as_str() {
                            Some(a) => view! { <p class="case__text">{a.to_string()}</p> }.into_any(),
                            None => view! {
                                <label for="batch-answer">{t("console-batch-answer")}</label>
                                <textarea id="batch-answer" rows="6" on:input=move |ev| answer.set(event_target_value(&ev))></textarea>
                                <p class="error" role="alert">{error}</p>
                                <button class="btn btn_primary" on:click=send disabled=move || sent.pending().get()>{t("console-do-batch-answer")}</button>
                            }.into_any(),
                        }}
                    </section>
                }.into_any(),
                Err(e) => view! { <Failed text=e.message() on_retry=Callback::new(move |_| batch.refetch())/> }.into_any(),
            })}
        </Suspense>
    }
}
