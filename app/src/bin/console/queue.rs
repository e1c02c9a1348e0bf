//! `/staff`: the queue. BB-and-above first, then the earliest due time (the API orders it);
//! tabs with counts, filters, and j/k/Enter to move and open.

use crate::texts::{t, tf};
use app::api;
use app::components::{Failed, Loading, Pager};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use crate::filters::{query, FilterBar};
use crate::time::relative;

#[component]
pub fn Queue() -> impl IntoView {
    let tab = RwSignal::new("all".to_string());
    // every filter the API knows: name → chosen value ("" = any)
    let filters = RwSignal::new(std::collections::BTreeMap::<&'static str, String>::new());
    // what the officer types: a case number, a company, a credit code or a phone number
    let search = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    // a new tab, filter or search starts again at page 1
    Effect::new(move |_| {
        tab.track();
        filters.track();
        search.track();
        page.set(1);
    });
    let queue = LocalResource::new(move || {
        let mut url = format!(
            "/api/staff/queue?{}&page={}",
            query(&filters.get()),
            page.get()
        );
        if tab.get() != "all" {
            url.push_str(&format!("&tab={}", tab.get()));
        }
        let q = search.get();
        if !q.trim().is_empty() {
            url.push_str(&format!("&q={}", api::encode(q.trim())));
        }
        async move { api::staff_queue(&url).await }
    });
    let selected = RwSignal::new(0usize);
    // the desk and supervisors grade and assign: they may tick cases and act on them together
    let may_bulk = use_context::<crate::shell::Me>()
        .is_some_and(|m| m.0.may(domain::staff::Permission::Assign));
    let picked: crate::bulk::Picked = RwSignal::new(Default::default());
    // cases a unit gave back wait for the desk before anything else: on the first load, the
    // desk lands on them
    let landed = StoredValue::new(false);
    Effect::new(move |_| {
        let returned = queue
            .get()
            .and_then(|r| r.ok())
            .and_then(|q| q.counts.get("returned").copied())
            .unwrap_or(0);
        if may_bulk && !landed.get_value() && queue.get().is_some() {
            landed.set_value(true);
            if returned > 0 && tab.get_untracked() == "all" {
                tab.set("returned".into());
            }
        }
    });
    let navigate = use_navigate();
    let jump = navigate.clone();

    // j/k move, Enter opens: officers go through dozens of cases a day.
    let nav = navigate.clone();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let target = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        if target.is_some_and(|t| matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
        {
            return;
        }
        let count = queue
            .get_untracked()
            .and_then(|r| r.ok())
            .map(|q| q.items.len())
            .unwrap_or(0);
        match ev.key().as_str() {
            "j" if count > 0 => selected.update(|i| *i = (*i + 1).min(count - 1)),
            "k" => selected.update(|i| *i = i.saturating_sub(1)),
            "Enter" => {
                if let Some(no) = queue.get_untracked().and_then(|r| r.ok()).and_then(|q| {
                    q.items
                        .get(selected.get_untracked())
                        .map(|it| it.case_no.clone())
                }) {
                    nav(&format!("/staff/cases/{no}"), Default::default());
                }
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());

    view! {
        <section class="queue">
            <div class="tabs" role="tablist">
                {std::iter::once("all").chain(domain::api::QUEUE_TABS).map(|name| {
                    let count = move || queue.get().and_then(|r| r.ok()).and_then(|q| q.counts.get(name).copied());
                    view! {
                        <button role="tab" id=format!("tab-{name}") class="tab" class:tab_on=move || tab.get() == name
                            class:tab_alert=move || name == "returned" && count().is_some_and(|n| n > 0)
                            aria-selected=move || (tab.get() == name).to_string()
                            on:click=move |_| { tab.set(name.to_string()); selected.set(0); }>
                            {t(&format!("console-tab-{name}"))}
                            {move || count().map(|n| view! { <span class="tab__count">{n}</span> })}
                        </button>
                    }
                }).collect_view()}
            </div>
            <form class="queue-search" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let typed = search.get_untracked();
                // a whole case number opens the case, as desk systems do
                if domain::CaseNo::parse(typed.trim()).is_ok() {
                    jump(&format!("/staff/cases/{}", typed.trim().to_ascii_uppercase()), Default::default());
                }
            }>
                <label class="field" for="queue-search">{t("console-queue-search")}</label>
                <input id="queue-search" type="search" maxlength="100" placeholder=t("console-queue-search-hint")
                    on:input=move |ev| search.set(event_target_value(&ev))/>
            </form>
            <FilterBar chosen=filters names=&["category", "grade", "department", "level", "port", "channel", "overdue", "flagged_48h"]/>
            <p class="hint">{t("console-keys")}</p>
            // outside the list, so that its message outlives the list's reload
            {may_bulk.then(|| view! { <crate::bulk::BulkBar picked on_done=Callback::new(move |_| queue.refetch())/> })}
            <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
                {move || queue.get().map(|r| match r {
                    Ok(q) => {
                        let items = q.items;
                        if items.is_empty() {
                            return view! { <p class="empty">{t("console-empty")}</p> }.into_any();
                        }
                        let (total, pages) = (q.total, q.pages);
                        view! {
                            <p class="queue-total" id="queue-total">{tf("console-queue-total", &[("n", &total.to_string())])}</p>
                            <table class="table" id="queue" class:table_picking=may_bulk>
                                <thead><tr>
                                    {may_bulk.then(|| view! { <th class="pick"><span class="sr-only">{t("console-bulk-pick")}</span></th> })}
                                    <th>{t("console-col-no")}</th><th>{t("console-col-title")}</th><th>{t("console-col-grade")}</th>
                                    <th>{t("console-col-category")}</th><th>{t("console-col-department")}</th><th>{t("console-col-level")}</th>
                                    <th>{t("console-col-due")}</th><th>{t("console-col-status")}</th><th>{t("console-col-channel")}</th>
                                </tr></thead>
                                <tbody>
                                    {items.into_iter().enumerate().map(|(i, it)| {
                                        let no = it.case_no.clone();
                                        let href = format!("/staff/cases/{no}");
                                        let (due, late) = it.due_at.as_deref().map(relative).unwrap_or_default();
                                        let grade = it.grade.clone().unwrap_or_default();
                                        let chip = format!("chip chip_{}", grade.chars().next().unwrap_or('C'));
                                        view! {
                                            <tr class:row_selected=move || selected.get() == i class:row_priority=it.priority>
                                                {may_bulk.then(|| {
                                                    let (key, item) = (no.clone(), it.clone());
                                                    let on = key.clone();
                                                    view! { <td class="pick"><input type="checkbox" class="pick-case" aria-label=no.clone()
                                                        prop:checked=move || picked.with(|p| p.contains_key(&on))
                                                        on:change=move |ev| {
                                                            let checked = event_target_checked(&ev);
                                                            picked.update(|p| { if checked { p.insert(key.clone(), item.clone()); } else { p.remove(&key); } });
                                                        }/></td> }
                                                })}
                                                <td><a href=href class="case-link">{no}</a></td>
                                                <td class="cell-title">{it.title.clone()}<small>{it.enterprise_name.clone()}</small></td>
                                                <td><span class=chip>{grade}</span>
                                                    {it.unsure.then(|| view! { <span class="flag flag_unsure" title=t("console-unsure-hint")>{t("console-unsure")}</span> })}
                                                    {it.returned.then(|| view! { <span class="flag flag_red">{t("console-flag-returned")}</span> })}</td>
                                                <td>{it.category_label.clone().unwrap_or_default()}</td>
                                                <td>{it.department_label.clone().unwrap_or_default()}</td>
                                                <td>{it.level_label.clone().unwrap_or_default()}</td>
                                                <td class="cell-due" class:late=late title=it.due_at_text.clone().unwrap_or_default()>{due}</td>
                                                <td>{it.status_label.clone()}</td>
                                                <td>{it.channel_label.clone().unwrap_or_default()}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <Pager page pages/>
                        }.into_any()
                    }
                    Err(e) => view! { <Failed text=e.message() on_retry=Callback::new(move |_| queue.refetch())/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
