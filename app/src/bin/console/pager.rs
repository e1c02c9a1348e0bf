//! One pager for every paged list of the console (queue, ledger): previous, "page N of M", next.

use crate::texts::{t, tf};
use leptos::prelude::*;

#[component]
pub fn Pager(page: RwSignal<u64>, pages: u64) -> impl IntoView {
    // named closures: a `>` inside `view!` attributes would close the tag
    let first = move || page.get() <= 1;
    let last = move || page.get() >= pages;
    view! {
        <nav class="pager" aria-label=t("console-pages")>
            <button class="btn" id="page-prev" disabled=first on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>{t("console-page-prev")}</button>
            <span id="page-of">{move || tf("console-page-of", &[("page", &page.get().to_string()), ("pages", &pages.to_string())])}</span>
            <button class="btn" id="page-next" disabled=last on:click=move |_| page.update(|p| *p = (*p + 1).min(pages))>{t("console-page-next")}</button>
        </nav>
    }
}
