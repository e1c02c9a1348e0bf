//! The handbook on the case page: the policies and Q&A that match the case, found by the same
//! search the phone uses (`GET /api/search`), each quoted into the reply in one click — a basic
//! question is answered with a quote and the answer button.

use app::api::{self, encode};
use domain::search::{Hit, Kind};
use leptos::prelude::*;
use serde::Deserialize;

use crate::texts::{t, tf};

#[derive(Deserialize)]
struct Found {
    results: Vec<Hit>,
}

#[derive(Clone, Deserialize)]
struct Entry {
    title: String,
    body: String,
}

/// The query for a case: its title, within the search's limit.
fn query_of(title: &str) -> String {
    title
        .chars()
        .take(domain::ledger::MAX_QUERY_CHARS)
        .collect()
}

/// The entry's own page under the public API (fees have none: they are not quoted).
fn path_of(hit: &Hit) -> Option<String> {
    match hit.kind {
        Kind::Policy => Some(format!("/api/policies/{}", encode(&hit.id))),
        Kind::Faq => Some(format!("/api/faqs/{}", encode(&hit.id))),
        Kind::Fee => None,
    }
}

#[component]
pub fn Handbook(title: String, body: RwSignal<String>) -> impl IntoView {
    let q = query_of(&title);
    let found = LocalResource::new(move || {
        let q = q.clone();
        async move {
            api::get::<Found>(&format!("/api/search?q={}&limit=5", encode(&q)))
                .await
                .map(|f| {
                    f.results
                        .into_iter()
                        .filter(|h| h.kind != Kind::Fee)
                        .take(3)
                        .collect::<Vec<_>>()
                })
        }
    });
    // one click: the entry's text goes into the reply, with where it comes from
    let quote: Action<String, Result<Entry, api::ApiFailure>> =
        Action::new_local(move |path: &String| {
            let path = path.clone();
            async move {
                let entry = api::get::<Entry>(&path).await;
                if let Ok(e) = &entry {
                    let source = tf("console-handbook-source", &[("title", &e.title)]);
                    let quoted = format!("{}\n{source}", e.body.trim());
                    body.update(|b| {
                        if !b.trim().is_empty() {
                            b.push_str("\n\n");
                        }
                        b.push_str(&quoted);
                    });
                }
                entry
            }
        });
    let failed = crate::send::failure(quote, |e| e.message());
    view! {
        <div class="handbook" id="handbook">
            <h2>{t("console-handbook")}</h2>
            <p class="error" role="alert">{failed}</p>
            {move || found.get().map(|r| match r {
                Ok(hits) if hits.is_empty() => view! { <p class="muted">{t("console-handbook-none")}</p> }.into_any(),
                Ok(hits) => view! {
                    <ul class="handbook__list">
                        {hits.into_iter().map(|h| {
                            let path = path_of(&h);
                            let kind = if h.kind == Kind::Faq { "console-kb-faq" } else { "console-kb-policy" };
                            view! {
                                <li class="handbook__item">
                                    <span class="muted handbook__kind">{t(kind)}</span>" "{h.title.clone()}
                                    {path.map(|p| view! {
                                        <button class="btn btn_plain quote" disabled=move || quote.pending().get()
                                            on:click=move |_| { quote.dispatch(p.clone()); }>{t("console-handbook-quote")}</button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(e) => view! { <p class="error">{e.message()}</p> }.into_any(),
            })}
        </div>
    }
}
