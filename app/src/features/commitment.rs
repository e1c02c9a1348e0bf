//! `/commitment`: the published service commitment 服务承诺 (time limits by urgency, counted in
//! working time) and this month's live figures. Counts only: no enterprise, no case.

use leptos::prelude::*;
use serde_json::Value;

use crate::api;
use crate::components::{Failed, Loading};
use crate::i18n::{t, tf};

fn span(v: &Value) -> String {
    let n = v["n"].as_u64().unwrap_or(0).to_string();
    let key = if v["unit"] == "working_hours" {
        "commitment-hours"
    } else {
        "commitment-days"
    };
    tf(key, &[("n", &n)])
}

use crate::api::percent;

#[component]
pub fn Commitment() -> impl IntoView {
    let data = LocalResource::new(|| api::get_json("/api/commitment"));
    view! {
        <h1 class="page-title">{t("commitment-title")}</h1>
        <p class="page-intro">{t("commitment-intro")}</p>
        <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
            {move || data.get().map(|r| match r {
                Ok(v) => view! {
                    <div class="weui-cells__title">{t("commitment-limits")}</div>
                    <table class="limits" id="limits">
                        <thead><tr><th>{t("commitment-urgency")}</th><th>{t("commitment-first")}</th><th>{t("commitment-resolve")}</th></tr></thead>
                        <tbody>
                            {v["commitment"].as_array().cloned().unwrap_or_default().into_iter().map(|row| {
                                let u = row["urgency"].as_str().unwrap_or_default().to_string();
                                view! {
                                    <tr>
                                        <th>{t(&format!("commitment-urgency-{u}"))}</th>
                                        <td>{span(&row["first_response"])}</td>
                                        <td>{span(&row["resolution"])}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="page-intro">{tf("commitment-innovation", &[("d", &span(&v["commitment"][0]["innovation_resolution"]))])}</p>
                    <div class="weui-cells__title">{
                        let (y, m) = v["month"].as_str().unwrap_or_default().split_once('-').unwrap_or_default();
                        tf("commitment-month", &[("year", y), ("month", m.trim_start_matches('0'))])
                    }</div>
                    <div class="month-figures" id="month-figures">
                        <div><b>{v["received"].as_u64().unwrap_or(0)}</b><span>{t("commitment-received")}</span></div>
                        <div><b>{percent(&v["on_time"]["rate"])}</b><span>{t("commitment-on-time")}</span></div>
                        <div><b>{percent(&v["satisfaction"])}</b><span>{t("commitment-satisfaction")}</span></div>
                    </div>
                    <p class="page-intro">{t("commitment-note")}</p>
                }.into_any(),
                Err(e) => view! { <Failed text=e.message() on_retry=Callback::new(move |_| data.refetch())/> }.into_any(),
            })}
        </Suspense>
    }
}
