//! The administrator's audit log: who did what and when — filtered by account, action and
//! Shanghai dates, fifty a page, and exported as CSV with the same filter (the export is logged).

use app::api::{self, encode};
use app::components::{Failed, Loading, Pager};
use domain::audit::AuditPage;
use leptos::prelude::*;

use crate::texts::{t, tf};

/// An action's words, or its code when this console does not know it yet.
fn action_label(code: &str) -> String {
    let key = format!("console-audit-act-{code}");
    let words = t(&key);
    if words == key || words.is_empty() {
        code.to_string()
    } else {
        words.to_string()
    }
}

/// The filter as the form holds it.
#[derive(Clone, Default, PartialEq)]
struct Filter {
    actor: String,
    action: String,
    from: String,
    to: String,
}

impl Filter {
    fn query(&self) -> String {
        [
            ("actor", &self.actor),
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
    }
}

#[component]
pub fn AuditLog() -> impl IntoView {
    let filter = RwSignal::new(Filter::default());
    let page = RwSignal::new(1u64);
    let log = LocalResource::new(move || {
        let (q, p) = (filter.get().query(), page.get());
        async move { api::get::<AuditPage>(&format!("/api/staff/audit?{q}&page={p}")).await }
    });
    let input = move |name: &'static str, kind: &'static str, set: fn(&mut Filter, String)| {
        view! {
            <label>{t(&format!("console-audit-{name}"))}
                <input type=kind id=format!("audit-{name}") on:change=move |ev| {
                    let v = event_target_value(&ev);
                    filter.update(|f| set(f, v));
                    page.set(1);
                }/>
            </label>
        }
    };
    view! {
        <section class="card" id="audit">
            <h2>{t("console-audit-title")}</h2>
            <div class="filters">
                {input("actor", "text", |f, v| f.actor = v)}
                {input("from", "date", |f, v| f.from = v)}
                {input("to", "date", |f, v| f.to = v)}
                <label>{t("console-audit-action")}
                    <select id="audit-action" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        filter.update(|f| f.action = v);
                        page.set(1);
                    }>
                        <option value="">{t("console-audit-any")}</option>
                        {move || log.get().and_then(|r| r.ok()).map(|p| p.actions.into_iter().map(|a| {
                            view! { <option value=a.clone() selected=filter.with(|f| f.action == a)>{action_label(&a)}</option> }
                        }).collect_view())}
                    </select>
                </label>
                <a class="btn" id="audit-export" href=move || format!("/api/staff/audit.csv?{}", filter.get().query())>
                    {t("console-audit-export")}</a>
            </div>
            <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
                {move || log.get().map(|r| match r {
                    Ok(p) if p.entries.is_empty() => view! { <p class="muted">{t("console-empty")}</p> }.into_any(),
                    Ok(p) => {
                        let pages = p.page.pages;
                        view! {
                            <p class="muted" id="audit-total">{tf("console-audit-total", &[("n", &p.page.total.to_string())])}</p>
                            <table class="table" id="audit-rows"><tbody>{p.entries.into_iter().map(|e| view! {
                                <tr><td>{e.at_text}</td>
                                    <td>{e.actor_name.unwrap_or_else(|| t("console-audit-system").to_string())}</td>
                                    <td>{action_label(&e.action)}</td>
                                    <td>{e.target_name.or(e.target).unwrap_or_default()}</td></tr>
                            }).collect_view()}</tbody></table>
                            <Pager page=page pages=pages name="audit-"/>
                        }.into_any()
                    }
                    Err(e) => view! { <Failed text=e.first_message() on_retry=Callback::new(move |_| log.refetch())/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
