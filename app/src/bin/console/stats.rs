//! `/staff/stats`: the density distribution table 密度分布表 as heatmaps, the trend, on-time
//! rates by department and grade, 好差评, rectification and 回访 coverage, and the top
//! recurring open problems with "start a batch" for the supervisor.

use crate::charts::{Heatmap, Trend};
use crate::filters::{query, FilterBar};
use crate::shell::Me;
use crate::texts::{t, tf};
use app::api;
use app::components::{Failed, Loading};
use domain::api::stats::{PerformanceRow, RateView, StatsView};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::{json, Value};

/// A share (0–1) as a percentage with one decimal, "—" when there is none.
fn percent(rate: Option<f64>) -> String {
    rate.map(|r| format!("{:.1}%", r * 100.0))
        .unwrap_or_else(|| "—".into())
}

fn hours(h: Option<f64>) -> String {
    h.map(|h| format!("{h}")).unwrap_or_else(|| "—".into())
}

fn rate_cell(r: RateView) -> impl IntoView {
    let text = format!("{} ({}/{})", percent(r.rate), r.met, r.due);
    view! { <td>{text}</td> }
}

fn performance_table(
    rows: &[PerformanceRow],
    head: &'static str,
    id: &'static str,
) -> impl IntoView {
    view! {
        <table class="table table_compact" id=id>
            <thead><tr>
                <th>{t(head)}</th><th>{t("console-stats-cases")}</th><th>{t("console-stats-first-response")}</th>
                <th>{t("console-stats-resolution")}</th><th>{t("console-stats-hours")}</th>
            </tr></thead>
            <tbody>
                {rows.iter().map(|p| view! {
                    <tr>
                        <td>{p.label.clone()}</td>
                        <td>{p.cases}</td>
                        {rate_cell(p.first_response)}
                        {rate_cell(p.resolution)}
                        <td>{hours(p.average_hours)}</td>
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
        async move { api::get::<StatsView>(&url).await }
    });
    let me = use_context::<Me>();
    let can_batch = me.is_some_and(|m| m.0.may(domain::staff::Permission::Batches));
    let navigate = use_navigate();
    let batch = crate::send::post(
        |_: &Value| "/api/staff/batches".to_string(),
        move |_, b: &Value| navigate(&format!("/staff/batches/{}", b["id"]), Default::default()),
    );
    let batch_error = crate::send::failure(batch, |e| e.message());
    let start_batch = move |title: String, case_nos: Vec<String>| {
        batch.dispatch(json!({"title": title, "case_nos": case_nos}));
    };
    view! {
        <section class="stats">
            <h1>{t("console-nav-stats")}</h1>
            <FilterBar chosen=filters names=&["from", "to", "category", "department", "port", "channel"]/>
            <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
                {move || stats.get().map(|r| match r {
                    Ok(v) => {
                        view! {
                            <div class="figures" id="figures">
                                <div class="figure"><b>{v.total}</b><span>{t("console-stats-total")}</span></div>
                                <div class="figure"><b>{percent(v.overall.first_response.rate)}</b><span>{t("console-stats-first-response")}</span></div>
                                <div class="figure"><b>{percent(v.overall.resolution.rate)}</b><span>{t("console-stats-resolution")}</span></div>
                                <div class="figure"><b>{hours(v.overall.average_hours)}</b><span>{t("console-stats-hours")}</span></div>
                                <div class="figure"><b>{percent(v.satisfaction)}</b><span>{t("console-stats-satisfaction")}</span></div>
                                <div class="figure"><b>{percent(v.visits.coverage)}</b><span>{t("console-stats-visits")}</span></div>
                            </div>
                            <h2>{t("console-stats-density")}</h2>
                            <div class="tabs" role="tablist">
                                {[("port", "console-port"), ("department", "console-filter-department")].into_iter().map(|(k, l)| view! {
                                    <button role="tab" class="tab" class:tab_on=move || by.get() == k aria-selected=move || (by.get() == k).to_string()
                                        on:click=move |_| by.set(k)>{t(l)}</button>
                                }).collect_view()}
                            </div>
                            {let v = v.clone(); move || if by.get() == "port" {
                                view! { <Heatmap id="heatmap" matrix=v.by_category_port.clone() caption=t("console-stats-by-port")/> }.into_any()
                            } else {
                                view! { <Heatmap id="heatmap" matrix=v.by_category_department.clone() caption=t("console-stats-by-department")/> }.into_any()
                            }}
                            <h2>{t("console-stats-trend")}</h2>
                            <div class="tabs" role="tablist">
                                {[("weekly", "console-stats-weekly"), ("monthly", "console-stats-monthly")].into_iter().map(|(k, l)| view! {
                                    <button role="tab" class="tab" class:tab_on=move || period.get() == k aria-selected=move || (period.get() == k).to_string()
                                        on:click=move |_| period.set(k)>{t(l)}</button>
                                }).collect_view()}
                            </div>
                            {let v = v.clone(); move || view! { <Trend id="trend" buckets=if period.get() == "weekly" { v.weekly.clone() } else { v.monthly.clone() } caption=t("console-stats-trend")/> }}
                            <h2>{t("console-stats-recurring")}</h2>
                            {move || batch_error().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                            {let items = v.recurring.clone();
                             if items.is_empty() {
                                view! { <p class="empty">{t("console-stats-no-recurring")}</p> }.into_any()
                             } else {
                                view! {
                                    <ol class="recurring" id="recurring">
                                        {items.into_iter().map(|c| {
                                            let title = c.title.clone();
                                            let nos = c.case_nos.clone();
                                            let n = nos.len();
                                            let t2 = title.clone();
                                            view! {
                                                <li>
                                                    <b>{title}</b>
                                                    <span>{tf("console-stats-cluster", &[("n", &n.to_string())])}</span>
                                                    <small>{c.departments.join("、")}" · "{c.ports.join("、")}</small>
                                                    {can_batch.then(|| view! {
                                                        <button class="btn btn_primary" disabled=move || batch.pending().get() on:click=move |_| start_batch(t2.clone(), nos.clone())>{t("console-stats-start-batch")}</button>
                                                    })}
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ol>
                                }.into_any()
                             }}
                            <h2>{t("console-stats-on-time")}</h2>
                            {performance_table(&v.by_department, "console-filter-department", "by-department")}
                            {performance_table(&v.by_grade, "console-col-grade", "by-grade")}
                            {(!v.assisting.is_empty()).then(|| assisting_table(&v.assisting))}
                            <h2>{t("console-stats-ratings")}</h2>
                            <ul class="ratings" id="ratings">
                                {(0..5).rev().map(|i| {
                                    let n = v.ratings[i];
                                    let all: u32 = v.ratings.iter().sum();
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
                                ("pending", &v.rectification.pending.to_string()),
                                ("rectify", &v.rectification.rectify.to_string()),
                                ("explain", &v.rectification.explain.to_string()),
                                ("appeal", &v.rectification.appeal.to_string()),
                                ("visited", &v.visits.bad_visited.to_string()),
                                ("bad", &v.visits.bad_total.to_string()),
                            ])}</p>
                        }.into_any()
                    }
                    Err(e) => view! { <Failed text=e.message() on_retry=Callback::new(move |_| stats.refetch())/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// 会同 per assisting unit, by its tasks.
fn assisting_table(rows: &[domain::api::stats::UnitTasks]) -> impl IntoView {
    view! {
        <h2>{t("console-stats-assisting")}</h2>
        <table class="table" id="assisting">
            <thead><tr>
                <th>{t("console-filter-department")}</th><th>{t("console-stats-tasks-asked")}</th>
                <th>{t("console-stats-tasks-replied")}</th><th>{t("console-stats-tasks-on-time")}</th>
                <th>{t("console-stats-tasks-open")}</th>
            </tr></thead>
            <tbody>{rows.iter().map(|r| view! {
                <tr><td>{r.label.clone()}</td><td>{r.asked}</td><td>{r.replied}</td>
                    <td>{r.replied_on_time}</td><td>{r.open}</td></tr>
            }).collect_view()}</tbody>
        </table>
    }
}
