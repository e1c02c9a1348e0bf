//! `/staff/ledger`: the problem ledger 台账. Every case with its fields, filtered, sorted and
//! paged by the API; the exports download exactly the filtered set (CSV in one file, XLSX in
//! parts when the set is large).

use crate::filters::{query, FilterBar};
use crate::texts::{t, tf};
use app::api;
use app::components::{Failed, Loading, Pager};
use domain::api::desk::LedgerPage;
use leptos::prelude::*;

const SORTS: [&str; 5] = ["received", "due", "grade", "level", "status"];

#[component]
pub fn Ledger() -> impl IntoView {
    let filters = RwSignal::new(std::collections::BTreeMap::<&'static str, String>::new());
    let sort = RwSignal::new("received".to_string());
    let ascending = RwSignal::new(false);
    let page = RwSignal::new(1u64);
    // a new filter or order starts again at page 1
    Effect::new(move |_| {
        filters.track();
        sort.track();
        ascending.track();
        page.set(1);
    });
    let filter_query = Memo::new(move |_| query(&filters.get()));
    let ledger = LocalResource::new(move || {
        let url = format!(
            "/api/staff/ledger?{}&sort={}&dir={}&page={}&size=50",
            filter_query.get(),
            sort.get(),
            if ascending.get() { "asc" } else { "desc" },
            page.get()
        );
        async move { api::get::<LedgerPage>(&url).await }
    });
    let exports = move |v: &LedgerPage| {
        let q = filter_query.get();
        let (parts, total) = (v.export.xlsx_parts, v.total);
        view! {
            <div class="exports">
                <span>{tf("console-ledger-total", &[("n", &total.to_string())])}</span>
                <a class="btn" id="export-csv" download href=format!("/api/staff/ledger.csv?{q}")>{t("console-export-csv")}</a>
                {(1..=parts).map(|p| {
                    let label = if parts == 1 {
                        t("console-export-xlsx").to_string()
                    } else {
                        tf("console-export-xlsx-part", &[("part", &p.to_string()), ("parts", &parts.to_string())])
                    };
                    view! { <a class="btn" class:export-xlsx=true download href=format!("/api/staff/ledger.xlsx?{q}&part={p}")>{label}</a> }
                }).collect_view()}
            </div>
        }
    };
    view! {
        <section class="ledger">
            <h1>{t("console-nav-ledger")}</h1>
            <FilterBar chosen=filters names=&["from", "to", "status", "category", "grade", "department", "level", "port", "channel", "rating", "overdue", "q"]/>
            <div class="filters">
                <label>{t("console-sort")}
                    <select id="ledger-sort" on:change=move |ev| sort.set(event_target_value(&ev))>
                        {SORTS.into_iter().map(|k| view! { <option value=k>{t(&format!("console-sort-{k}"))}</option> }).collect_view()}
                    </select>
                </label>
                <label class="check"><input type="checkbox" id="ledger-asc" on:change=move |ev| ascending.set(event_target_checked(&ev))/>{t("console-sort-asc")}</label>
            </div>
            <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
                {move || ledger.get().map(|r| match r {
                    Ok(v) => {
                        let pages = v.total.div_ceil(50).max(1);
                        view! {
                            {exports(&v)}
                            {if v.items.is_empty() {
                                view! { <p class="empty">{t("console-ledger-empty")}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-scroll">
                                    <table class="table" id="ledger">
                                        <thead><tr>
                                            <th>{t("console-col-no")}</th><th>{t("console-col-received")}</th><th>{t("console-col-title")}</th>
                                            <th>{t("console-port")}</th><th>{t("console-col-category")}</th><th>{t("console-col-grade")}</th>
                                            <th>{t("console-col-department")}</th><th>{t("console-col-level")}</th><th>{t("console-col-status")}</th>
                                            <th>{t("console-col-due")}</th><th>{t("console-col-hours")}</th><th>{t("console-col-rating")}</th>
                                        </tr></thead>
                                        <tbody>
                                            {v.items.into_iter().map(|it| {
                                                let no = it.case_no.clone();
                                                let due = crate::time::short(it.due_at.as_deref().unwrap_or_default());
                                                let overdue = it.overdue;
                                                let text = |v: Option<String>| v.unwrap_or_default();
                                                view! {
                                                    <tr>
                                                        <td><a class="case-link" href=format!("/staff/cases/{no}")>{no.clone()}</a></td>
                                                        <td>{crate::time::short(&it.received_at)}</td>
                                                        <td class="cell-title">{it.title}<small>{it.enterprise_name}</small></td>
                                                        <td>{text(it.port_label)}</td>
                                                        <td>{text(it.category_label)}</td>
                                                        <td>{text(it.grade)}</td>
                                                        <td>{text(it.department_label)}</td>
                                                        <td>{it.level.map(|l| t(&format!("level-{l}")).to_string())}</td>
                                                        <td>{it.status_label}</td>
                                                        <td class:late=overdue>{due}{overdue.then(|| view! { <small>{t("console-flag-overdue")}</small> })}</td>
                                                        <td>{it.handling_hours.map(|h| format!("{h}"))}</td>
                                                        <td class:bad=it.rating.is_some_and(|r| r <= 2)>{text(it.rating_label)}</td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                    </div>
                                }.into_any()
                            }}
                            <Pager page pages/>
                        }.into_any()
                    }
                    Err(e) => view! { <Failed text=e.message() on_retry=Callback::new(move |_| ledger.refetch())/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
