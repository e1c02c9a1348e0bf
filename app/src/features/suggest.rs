//! Under the report form's title while it is typed: Q&A answers that may already solve the
//! problem, and how many open cases read alike.

use domain::intake::NewCaseInput;
use leptos::prelude::*;

use crate::api;
use crate::i18n::{t, tf};

/// While the enterprise types: Q&A answers that may already solve it, and how many open cases
/// read alike. "Solved" is counted; filing is never blocked.
#[component]
pub fn Suggestions(form: RwSignal<NewCaseInput>) -> impl IntoView {
    let debounced = RwSignal::new(String::new());
    let handle = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    Effect::new(move |_| {
        // what the API reads at most (a paste past the form's own limit is told there, not here)
        let text: String = form.with(|f| {
            format!("{} {}", f.title, f.description)
                .chars()
                .take(domain::text::MAX_TYPED)
                .collect()
        });
        if let Some(h) = handle.get_value() {
            h.clear();
        }
        let h = leptos::prelude::set_timeout_with_handle(
            move || debounced.set(text),
            std::time::Duration::from_millis(400),
        )
        .ok();
        handle.set_value(h);
    });
    let thanks = RwSignal::new(false);
    let suggestions = LocalResource::new(move || {
        let text = debounced.get();
        async move {
            if text.trim().chars().count() < 2 {
                return None;
            }
            api::post_json(
                "/api/suggest",
                &serde_json::json!({"title": text, "description": ""}),
            )
            .await
            .ok()
        }
    });
    view! {
        {move || suggestions.get().flatten().and_then(|v| {
            let faqs = v["faqs"].as_array().cloned().unwrap_or_default();
            let similar = v["similar_open"].as_u64().unwrap_or(0);
            (!faqs.is_empty() || similar > 0).then(|| view! {
                <div class="suggest" id="suggest" role="region" aria-live="polite">
                    {(!faqs.is_empty()).then(|| view! { <h2>{t("suggest-title")}</h2> })}
                    {faqs.into_iter().map(|h| {
                        let id = h["id"].as_str().unwrap_or_default().to_string();
                        let snippet: String = h["snippet"].as_array().cloned().unwrap_or_default().iter().filter_map(|p| p["text"].as_str().map(str::to_string)).collect();
                        view! {
                            <details class="suggest__item">
                                <summary>{h["title"].as_str().unwrap_or_default().to_string()}</summary>
                                <p>{snippet}" "<a href=format!("/faq/{id}")>{t("kb-answer")}</a></p>
                                <button type="button" class="weui-btn weui-btn_mini weui-btn_default" on:click=move |_| {
                                    let id = id.clone();
                                    leptos::task::spawn_local(async move {
                                        let _ = api::post_json("/api/deflections", &serde_json::json!({"faq_id": id})).await;
                                        thanks.set(true);
                                    });
                                }>{t("suggest-solved")}</button>
                            </details>
                        }
                    }).collect_view()}
                    {move || thanks.get().then(|| view! { <p class="suggest__similar" role="status">{t("suggest-thanks")}</p> })}
                    {(similar > 0).then(|| view! { <p class="suggest__similar">{tf("suggest-similar", &[("n", &similar.to_string())])}</p> })}
                </div>
            })
        })}
    }
}
