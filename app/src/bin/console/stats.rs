//! `/staff/stats`: the density distribution table 密度分布表 as heatmaps, the trend, on-time
//! rates by department and grade, 好差评, rectification and 回访 coverage, and the top
//! recurring open problems with "start a batch" for the supervisor.

use crate::charts::{Heatmap, Trend};
use crate::filters::{query, FilterBar};
use crate::shell::Me;
use crate::texts::{t, tf};
use app::api;
use app::components::{Failed, Loading};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::{json, Value};

use app::api::percent;

fn rate_cell(r: &Value) -> impl IntoView {
    let text = format!(
        "{} ({}/{})",
        percent(&r["rate"]),
        r["met"].as_u64().unwrap_or(0),
        r["due"].as_u64().unwrap_or(0)
    );
    view! { <td>{text}</td> }
}

fn performance_table(rows: &Value, head: &'static str, id: &'static str) -> impl IntoView {
    view! {
        <table class="table table_compact" id=id>
            <thead><tr>
                <th>{t(head)}</th><th>{t("console-stats-cases")}</th><th>{t("console-stats-first-response")}</th>
                <th>{t("console-stats-resolution")}</th><th>{t("console-stats-hours")}</th>
            </tr></thead>
            <tbody>
                {rows.as_array().cloned().unwrap_or_default().into_iter().map(|p| view! {
                    <tr>
                        <td>{p["label"].as_str().unwrap_or_default().to_string()}</td>
                        <td>{p["cases"].as_u64().unwrap_or(0)}</td>
                        {rate_cell(&p["first_response"])}
                        {rate_cell(&p["resolution"])}
                        <td>{p["average_hours"].as_f64().map(|h| format!("{h}")).unwrap_or_else(|| "—".into())}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn Statistics() -> impl IntoView {
    let filters = RwSignal::new(std::collections::BTreeMap::<&'static str, String>::new());
    let by = RwSignal::new("port");
    let period = RwSignal::new("weekly");
    let stats = LocalResource::new(move || {
        let url = format!("/api/staff/stats?{}", query(&filters.get()));
        async move { api::get_json(&url).await }
    });
    let me = use_context::<Me>();
    let can_batch = me.is_some_and(|m| m.0.may(domain::staff::Permission::Batches));
    let navigate = use_navigate();
    let batch_error = RwSignal::new(None::<String>);
    let start_batch = move |title: String, case_nos: Value| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::post_json(
                "/api/staff/batches",
                &json!({"title": title, "case_nos": case_nos}),
            )
            .await
            {
                Ok(b) => navigate(&format!("/staff/batches/{}", b["id"]), Default::default()),
                Err(e) => batch_error.set(Some(e.message())),
            }
        });
    };
    view! {
        <section class="stats">
            <h1>{t("console-nav-stats")}</h1>
            <FilterBar chosen=filters names=&["from", "to", "category", "department", "port", "channel"]/>
            <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
                {move || stats.get().map(|r| match r {
                    Ok(v) => {
                        let start_batch = start_batch.clone();
                        view! {
                            <div class="figures" id="figures">
                                <div class="figure"><b>{v["total"].as_u64().unwrap_or(0)}</b><span>{t("console-stats-total")}</span></div>
                                <div class="figure"><b>{percent(&v["overall"]["first_response"]["rate"])}</b><span>{t("console-stats-first-response")}</span></div>
                                <div class="figure"><b>{percent(&v["overall"]["resolution"]["rate"])}</b><span>{t("console-stats-resolution")}</span></div>
                                <div class="figure"><b>{v["overall"]["average_hours"].as_f64().map(|h| format!("{h}")).unwrap_or_else(|| "—".into())}</b><span>{t("console-stats-hours")}</span></div>
                                <div class="figure"><b>{percent(&v["satisfaction"])}</b><span>{t("console-stats-satisfaction")}</span></div>
                                <div class="figure"><b>{percent(&v["visits"]["coverage"])}</b><span>{t("console-stats-visits")}</span></div>
                            </div>
                            <h2>{t("console-stats-density")}</h2>
                            <div class="tabs" role="tablist">
                                {[("port", "console-port"), ("department", "console-filter-department")].into_iter().map(|(k, l)| view! {
                                    <button role="tab" class="tab" class:tab_on=move || by.get() == k aria-selected=move || (by.get() == k).to_string()
                                        on:click=move |_| by.set(k)>{t(l)}</button>
                                }).collect_view()}
                            </div>
                            {let v = v.clone(); move || if by.get() == "port" {
                                view! { <Heatmap id="heatmap" matrix=v["by_category_port"].clone() caption=t("console-stats-by-port")/> }.into_any()
                            } else {
                                view! { <Heatmap id="heatmap" matrix=v["by_category_department"].clone() caption=t("console-stats-by-department")/> }.into_any()
                            }}
                            <h2>{t("console-stats-trend")}</h2>
                            <div class="tabs" role="tablist">
                                {[("weekly", "console-stats-weekly"), ("monthly", "console-stats-monthly")].into_iter().map(|(k, l)| view! {
                                    <button role="tab" class="tab" class:tab_on=move || period.get() == k aria-selected=move || (period.get() == k).to_string()
                                        on:click=move |_| period.set(k)>{t(l)}</button>
                                }).collect_view()}
                            </div>
                            {let v = v.clone(); move || view! { <Trend id="trend" buckets=v[period.get()].clone() caption=t("console-stats-trend")/> }}
                            <h2>{t("console-stats-recurring")}</h2>
                            {batch_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                            {let items = v["recurring"].as_array().cloned().unwrap_or_default();
                             if items.is_empty() {
                                view! { <p class="empty">{t("console-stats-no-recurring")}</p> }.into_any()
                             } else {
                                view! {
                                    <ol class="recurring" id="recurring">
                                        {items.into_iter().map(|c| {
                                            let title = c["title"].as_str().unwrap_or_default().to_string();
                                            let nos = c["case_nos"].clone();
                                            let n = nos.as_array().map(|a| a.len()).unwrap_or(0);
                                            let start = start_batch.clone();
                                            let t2 = title.clone();
                                            view! {
                                                <li>
                                                    <b>{title}</b>
                                                    <span>{tf("console-stats-cluster", &[("n", &n.to_string())])}</span>
                                                    <small>{c["departments"].as_array().map(|d| d.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join("、"))}
                                                        " · "{c["ports"].as_array().map(|d| d.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join("、"))}</small>
                                                    {can_batch.then(|| view! {
                                                        <button class="btn btn_primary" on:click=move |_| start(t2.clone(), nos.clone())>{t("console-stats-start-batch")}</button>
                                                    })}
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ol>
                                }.into_any()
                             }}
                            <h2>{t("console-stats-on-time")}</h2>
                            {performance_table(&v["by_department"], "console-filter-department", "by-department")}
                            {performance_table(&v["by_grade"], "console-col-grade", "by-grade")}
                            <h2>{t("console-stats-ratings")}</h2>
                            <ul class="ratings" id="ratings">
                                {(0..5).rev().map(|i| {
                                    let n = v["ratings"][i].as_u64().unwrap_or(0);
                                    let all: u64 = (0..5).map(|k| v["ratings"][k].as_u64().unwrap_or(0)).sum();
                                    let width = if all == 0 { 0.0 } else { n as f64 * 100.0 / all as f64 };
                                    view! {
                                        <li class:bad=i < 2>
                                            <span>{t(&format!("rating-{}", i + 1))}</span>
                                            <span class="bar"><span style:width=format!("{width:.1}%")></span></span>
                                            <b>{n}</b>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <p class="rectification">{tf("console-stats-rectification", &[
                                ("pending", &v["rectification"]["pending"].to_string()),
                                ("rectify", &v["rectification"]["rectify"].to_string()),
                                ("explain", &v["rectification"]["explain"].to_string()),
                                ("appeal", &v["rectification"]["appeal"].to_string()),
                                ("visited", &v["visits"]["bad_visited"].to_string()),
                                ("bad", &v["visits"]["bad_total"].to_string()),
                            ])}</p>
                        }.into_any()
                    }
                    Err(e) => view! { <Failed text=e.message() on_retry=Callback::new(move |_| stats.refetch())/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
