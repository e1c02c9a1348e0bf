//! `/staff/admin`: how the engine did on a month's confirmed cases (`GET /api/admin/agreement`),
//! per confirmed category and unit, and the export that teaches it (`cargo xtask train --ledger`).

use app::api;
use app::components::{Failed, Loading};
use domain::triage::agreement::{Agreement, AgreementRow, Month};
use leptos::prelude::*;

use crate::texts::{category_label, department_label, t, tf};

fn share(agreed: u64, of: u64) -> String {
    if of == 0 {
        "—".into()
    } else {
        format!("{:.0}%", agreed as f64 * 100.0 / of as f64)
    }
}

fn table(
    rows: Vec<AgreementRow>,
    id: &'static str,
    head: &'static str,
    label: fn(&str) -> String,
) -> impl IntoView {
    view! {
        <table class="table table_compact" id=id>
            <thead><tr>
                <th>{t(head)}</th><th>{t("console-agree-confirmed")}</th><th>{t("console-agree-kept")}</th>
                <th>{t("console-agree-share")}</th><th>{t("console-agree-instead")}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let instead = r.engine_said.iter()
                        .map(|(code, n)| format!("{} {n}", label(code)))
                        .collect::<Vec<_>>()
                        .join("、");
                    view! {
                        <tr>
                            <td>{label(&r.code)}</td><td>{r.confirmed}</td><td>{r.agreed}</td>
                            <td>{share(r.agreed, r.confirmed)}</td><td>{instead}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn figures(a: Agreement) -> impl IntoView {
    if a.confirmed == 0 {
        return view! { <p class="muted" id="agreement-empty">{tf("console-agree-none", &[("month", &a.month)])}</p> }
            .into_any();
    }
    let summary = tf(
        "console-agree-summary",
        &[
            ("month", &a.month),
            ("n", &a.confirmed.to_string()),
            ("category", &share(a.category_agreed, a.confirmed)),
            ("department", &share(a.department_agreed, a.confirmed)),
        ],
    );
    view! {
        <p id="agreement-summary">{summary}</p>
        {table(a.by_category, "agreement-category", "console-rule-category", category_label)}
        {table(a.by_department, "agreement-department", "console-rule-department", department_label)}
    }
    .into_any()
}

#[component]
pub fn EngineAgreement() -> impl IntoView {
    // last month as the API counts it (Shanghai); the resource is read only inside the
    // Suspense, so a new month never blanks the page around it
    let now = domain::time::from_millis(js_sys::Date::now() as u64);
    let month = RwSignal::new(Month::before(now).code());
    let loaded = LocalResource::new(move || {
        let m = month.get();
        async move { api::agreement(&m).await }
    });
    view! {
        <section class="card" id="agreement">
            <h1>{t("console-agree-title")}</h1>
            <p class="muted">{t("console-agree-hint")}</p>
            <label for="agreement-month">{t("console-agree-month")}</label>" "
            <input id="agreement-month" type="month" prop:value=month
                on:change=move |ev| month.set(event_target_value(&ev))/>
            <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
                {move || loaded.get().map(|r| match r {
                    Ok(a) => figures(a).into_any(),
                    Err(e) => view! { <Failed text=e.message() on_retry=Callback::new(move |_| loaded.refetch())/> }.into_any(),
                })}
            </Suspense>
            <p>
                <a class="btn" id="training-export" download
                    href=move || format!("/api/admin/training.tsv?month={}", api::encode(&month.get()))>
                    {t("console-agree-export")}</a>
            </p>
            <p class="muted">{t("console-agree-export-hint")}</p>
        </section>
    }
}
