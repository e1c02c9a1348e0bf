//! `/staff/cases/{no}`: the enterprise's words, the automatic triage with its reasons and the
//! timeline on the left; on the right only the actions this officer may take now.

use crate::texts::{actor_label, event_label, reason_label, t, tf};
use app::api;
use app::components::{Failed, Loading};
use domain::api::staff::{ActionRequest, CaseAction};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::{json, Value};

use app::api::text as s;

#[component]
pub fn CasePage() -> impl IntoView {
    let params = use_params_map();
    let no = move || params.with(|p| p.get("no").unwrap_or_default());
    let case = LocalResource::new(move || {
        let no = no();
        async move { api::get_json(&format!("/api/staff/cases/{no}")).await }
    });
    // `r` jumps to the reply box (unless typing already).
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        use wasm_bindgen::JsCast;
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|t| matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if !typing && ev.key() == "r" && app::components::focus("reply") {
            ev.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <a class="back" href="/staff">{t("console-back")}</a>
        <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
            {move || case.get().map(|r| match r {
                Ok(c) => view! { <CaseView c=c on_change=Callback::new(move |_| case.refetch())/> }.into_any(),
                Err(e) => view! { <Failed text=e.message() on_retry=Callback::new(move |_| case.refetch())/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn CaseView(c: Value, on_change: Callback<()>) -> impl IntoView {
    let no = s(&c, "case_no");
    // the actions this officer may take now, as the Worker offers them (one enum, both sides)
    let actions: Vec<CaseAction> = serde_json::from_value(c["actions"].clone()).unwrap_or_default();
    let flags = &c["flags"];
    let reasons = c["triage"]["reasons"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let source = if c["triage"]["source"] == "staff" {
        "console-triage-source-staff"
    } else {
        "console-triage-source-auto"
    };
    let confidence = c["triage"]["confidence"]
        .as_f64()
        .map(|p| tf("console-confidence", &[("p", &format!("{:.0}", p * 100.0))]));
    let events = c["events"].as_array().cloned().unwrap_or_default();
    // the answer the enterprise reads now, at the top: after answering, the officer sees it at once
    let answer = events
        .iter()
        .rev()
        .find(|e| {
            matches!(
                e["kind"].as_str(),
                Some("answered" | "explained" | "answer_corrected")
            )
        })
        .and_then(|e| e["note"].as_str().map(|n| (n.to_string(), s(e, "at_text"))));
    let may_batch = use_context::<crate::shell::Me>()
        .is_some_and(|m| m.0.may(domain::staff::Permission::Batches))
        && matches!(
            s(&c, "status").as_str(),
            "submitted" | "triaged" | "in_progress"
        );
    view! {
        <div class="case">
            <section class="case__main">
                <header class="case__head">
                    <h1 id="case-no">{no.clone()}</h1>
                    <span class="status" id="case-status">{s(&c, "status_label")}</span>
                    <span class=format!("chip chip_{}", s(&c, "grade").chars().next().unwrap_or('C')) id="case-grade">{s(&c, "grade")}</span>
                    {flags["overdue"].as_bool().unwrap_or(false).then(|| view! { <span class="flag flag_red">{t("console-flag-overdue")}</span> })}
                    {flags["near_due"].as_bool().unwrap_or(false).then(|| view! { <span class="flag">{t("console-flag-near")}</span> })}
                    {flags["flagged_48h"].as_bool().unwrap_or(false).then(|| view! { <span class="flag flag_red">{t("console-flag-48h")}</span> })}
                </header>
                {answer.map(|(text, at)| view! {
                    <div class="card card_answer" id="latest-answer">
                        <h2>{t("console-latest-answer")}" · "{at}</h2>
                        <p class="case__text">{text}</p>
                    </div>
                })}
                <div class="card">
                    <h2>{t("console-words")}</h2>
                    <h3 class="case__title">{s(&c, "title")}</h3>
                    <p class="case__text">{s(&c, "description")}</p>
                    <dl class="facts">
                        <dt>{t("status-enterprise")}</dt><dd>{s(&c, "enterprise_name")}" · "{s(&c, "uscc")}</dd>
                        <dt>{t("console-contact")}</dt><dd>{s(&c, "contact_name")}" "{s(&c, "contact_phone")}</dd>
                        <dt>{t("console-port")}</dt><dd>{s(&c, "port_label")}</dd>
                        <dt>{t("console-channel")}</dt><dd>{s(&c, "channel_label")}</dd>
                        <dt>{t("console-received")}</dt><dd>{s(&c, "submitted_at_text")}</dd>
                        <dt>{t("console-first-due")}</dt><dd>{s(&c, "due_first_response_text")}</dd>
                        <dt>{t("console-due")}</dt><dd id="case-due">{s(&c, "due_at_text")}</dd>
                    </dl>
                </div>
                <div class="card">
                    <h2>{t("console-triage")}</h2>
                    <p>{s(&c, "category_label")}" · "{s(&c, "grade")}" · "{s(&c, "department_label")}" · "
                        {c["level"].as_u64().map(|l| format!("{} · {}", tf("console-level", &[("n", &l.to_string())]), t(&format!("level-{l}"))))}</p>
                    <p class="muted">{t(source)}" "{confidence}</p>
                    {(c["triage"]["unsure"] == true).then(|| view! { <p class="unsure" id="triage-unsure" role="note">{t("console-unsure-hint")}</p> })}
                    {(!reasons.is_empty()).then(|| view! {
                        <h3>{t("console-reasons")}</h3>
                        <ul class="reasons">
                            {reasons.into_iter().map(|r| view! {
                                <li class=format!("reason reason_{}", s(&r, "kind"))>
                                    <span class="reason__why">{reason_label(&r)}</span>" "<q>{s(&r, "text")}</q>
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                </div>
                <div class="card">
                    <h2>{t("console-timeline")}</h2>
                    <ol class="events">
                        {events.into_iter().rev().map(|e| {
                            let public = e["public"].as_bool().unwrap_or(false);
                            view! {
                                <li class="event" class:event_internal=!public>
                                    <span class="event__label">{event_label(&e)}</span>
                                    <span class="event__vis">{if public { t("console-public") } else { t("console-internal") }}</span>
                                    <span class="event__time">{s(&e, "at_text")}" · "{actor_label(&e)}</span>
                                    {visit_label(&e).map(|v| view! { <p class="event__note">{v}</p> })}
                                    {e["note"].as_str().map(|n| view! { <p class="event__note">{n.to_string()}</p> })}
                                    {e["reason"].as_str().map(|r| view! { <p class="event__reason">{t("console-reason")}": "{r.to_string()}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </div>
            </section>
            <aside class="case__side">
                <ActionPanel c=c.clone() actions=actions on_change/>
                {may_batch.then(|| view! { <SimilarPanel no=no.clone() title=s(&c, "title")/> })}
            </aside>
        </div>
    }
}

#[component]
fn ActionPanel(c: Value, actions: Vec<CaseAction>, on_change: Callback<()>) -> impl IntoView {
    let no = StoredValue::new(s(&c, "case_no"));
    let has = |a: CaseAction| actions.contains(&a);
    let reason = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);

    let run = move |action: CaseAction| {
        let payload = ActionRequest {
            reason: reason.get_untracked(),
            body: body.get_untracked(),
            ..ActionRequest::new(action)
        };
        error.set(None);
        leptos::task::spawn_local(async move {
            match api::post_json(
                &format!("/api/staff/cases/{}/actions", no.get_value()),
                &serde_json::to_value(&payload).unwrap_or_default(),
            )
            .await
            {
                Ok(_) => {
                    reason.set(String::new());
                    body.set(String::new());
                    done.set(true);
                    on_change.run(());
                }
                Err(e) => error.set(Some(e.all_messages())),
            }
        });
    };
    let cat = s(&c, "category");
    let templates = LocalResource::new(move || {
        let cat = cat.clone();
        async move { api::get_json(&format!("/api/staff/templates?category={cat}")).await }
    });
    // the answer cannot be taken back: it is sent only after a second, explicit click
    let confirming = RwSignal::new(false);
    let button = move |action: CaseAction, primary: bool| {
        let code = action.code();
        view! {
            <button class="btn" class:btn_primary=primary id=format!("do-{code}")
                on:click=move |_| if action == CaseAction::Answer { confirming.set(true) } else { run(action) }>
                {t(&format!("console-do-{code}"))}
            </button>
        }
    };
    if actions.is_empty() {
        return view! { <div class="card"><p class="muted">{t("console-no-actions")}</p></div> }
            .into_any();
    }
    view! {
        <div class="card actions">
            <h2>{t("console-actions")}</h2>
            <p class="error" role="alert" id="action-error">{move || error.get()}</p>
            {move || done.get().then(|| view! { <p class="ok" role="status">{t("console-done")}</p> })}
            {has(CaseAction::Triage).then(|| view! { <crate::grading::GradingForm c=c.clone() may_assign=has(CaseAction::Assign) on_change/> })}
            {(has(CaseAction::Reply) || has(CaseAction::Answer) || has(CaseAction::Note) || has(CaseAction::RequestInfo)).then(|| view! {
                <label for="reply">{t("console-reply-box")}</label>
                <textarea id="reply" rows="6" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                <label>{t("console-template")}
                    <select id="template" on:change=move |ev| {
                        let id = event_target_value(&ev);
                        if let Some(tpl) = templates.get_untracked().and_then(|r| r.ok()).and_then(|v| v["templates"].as_array().cloned())
                            .and_then(|list| list.into_iter().find(|t| t["id"].as_i64().map(|n| n.to_string()) == Some(id.clone()))) {
                            body.set(s(&tpl, "body"));
                        }
                    }>
                        <option value="">"—"</option>
                        {move || templates.get().and_then(|r| r.ok()).map(|v| v["templates"].as_array().cloned().unwrap_or_default().into_iter()
                            .map(|tpl| view! { <option value=tpl["id"].to_string()>{s(&tpl, "title")}</option> }).collect_view())}
                    </select>
                </label>
                <div class="buttons">
                    {has(CaseAction::Reply).then(|| button(CaseAction::Reply, true))}
                    {has(CaseAction::Answer).then(|| button(CaseAction::Answer, false))}
                    {has(CaseAction::RequestInfo).then(|| button(CaseAction::RequestInfo, false))}
                    {has(CaseAction::Note).then(|| button(CaseAction::Note, false))}
                </div>
                {move || confirming.get().then(|| view! {
                    <div class="confirm" role="alertdialog" aria-labelledby="confirm-answer-text">
                        <p id="confirm-answer-text">{t("console-confirm-answer")}</p>
                        <div class="buttons">
                            <button class="btn btn_primary" id="confirm-answer"
                                on:click=move |_| { confirming.set(false); run(CaseAction::Answer) }>{t("console-confirm-answer-yes")}</button>
                            <button class="btn" id="cancel-answer" on:click=move |_| confirming.set(false)>{t("console-cancel")}</button>
                        </div>
                    </div>
                })}
            })}
            {(has(CaseAction::Assign) && !has(CaseAction::Triage)).then(|| view! { <AssignBox no=no.get_value() unit=s(&c, "department") current=c["assignee_id"].as_i64() on_change/> })}
            {(has(CaseAction::Escalate) || has(CaseAction::Close) || has(CaseAction::Reopen)).then(|| view! {
                <label for="reason">{t("console-reason")}</label>
                <input id="reason" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
            })}
            <div class="buttons">
                {has(CaseAction::Accept).then(|| button(CaseAction::Accept, false))}
                {has(CaseAction::Escalate).then(|| button(CaseAction::Escalate, false))}
                {has(CaseAction::Close).then(|| button(CaseAction::Close, false))}
                {has(CaseAction::Reopen).then(|| button(CaseAction::Reopen, false))}
            </div>
        </div>
    }.into_any()
}

/// For a supervisor: open cases that read like this one, to fold into a batch.
#[component]
fn SimilarPanel(no: String, title: String) -> impl IntoView {
    let no = StoredValue::new(no);
    let similar = LocalResource::new(move || {
        let no = no.get_value();
        async move { api::get_json(&format!("/api/staff/cases/{no}/similar")).await }
    });
    let chosen = RwSignal::new(Vec::<String>::new());
    let title = RwSignal::new(title);
    let error = RwSignal::new(None::<String>);
    let merge = move |_| {
        let mut list = vec![no.get_value()];
        list.extend(chosen.get_untracked());
        leptos::task::spawn_local(async move {
            match api::post_json(
                "/api/staff/batches",
                &json!({"title": title.get_untracked(), "case_nos": list}),
            )
            .await
            {
                Ok(b) => {
                    let _ = window()
                        .location()
                        .set_href(&format!("/staff/batches/{}", b["id"]));
                }
                Err(e) => error.set(Some(e.message())),
            }
        });
    };
    view! {
        <div class="card">
            <h2>{t("console-similar")}</h2>
            {move || similar.get().and_then(|r| r.ok()).map(|v| {
                let items = v["items"].as_array().cloned().unwrap_or_default();
                if items.is_empty() {
                    return view! { <p class="muted">{t("console-empty")}</p> }.into_any();
                }
                view! {
                    <ul class="similar">{items.into_iter().map(|it| {
                        let case_no = s(&it, "case_no");
                        let n2 = case_no.clone();
                        view! { <li><label><input type="checkbox" on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|c| { c.retain(|x| *x != n2); if on { c.push(n2.clone()); } });
                        }/>" "{case_no}" "{s(&it, "title")}" "<span class="muted">{tf("console-similarity", &[("p", &format!("{:.0}", it["score"].as_f64().unwrap_or_default() * 100.0))])}</span></label></li> }
                    }).collect_view()}</ul>
                    <label for="batch-title">{t("console-batch-title")}</label>
                    <input id="batch-title" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                    <p class="error" role="alert">{move || error.get()}</p>
                    <button class="btn" on:click=merge>{t("console-merge")}</button>
                }.into_any()
            })}
        </div>
    }
}

/// Assign the case to an officer (front desk and supervisors).
#[component]
fn AssignBox(
    no: String,
    unit: String,
    current: Option<i64>,
    on_change: Callback<()>,
) -> impl IntoView {
    let users = LocalResource::new(move || {
        let unit = unit.clone();
        async move { api::get_json(&format!("/api/staff/assignees?department={unit}")).await }
    });
    let chosen = RwSignal::new(current.map(|c| c.to_string()).unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let no = StoredValue::new(no);
    let assign = move |_| {
        let Ok(id) = chosen.get_untracked().parse::<i64>() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match api::post_json(
                &format!("/api/staff/cases/{}/actions", no.get_value()),
                &json!({"action": "assign", "assignee": id}),
            )
            .await
            {
                Ok(_) => on_change.run(()),
                Err(e) => error.set(Some(e.first_message())),
            }
        });
    };
    view! {
        <label for="assignee">{t("console-assignee")}</label>
        <select id="assignee" on:change=move |ev| chosen.set(event_target_value(&ev))>
            <option value="">"—"</option>
            {move || users.get().and_then(|r| r.ok()).map(|v| v["users"].as_array().cloned().unwrap_or_default().into_iter().map(|u| {
                let id = u["id"].as_i64().unwrap_or_default().to_string();
                let on = id == chosen.get_untracked();
                view! { <option value=id selected=on>{format!("{} · {}", s(&u, "display_name"), t(&format!("console-role-{}", s(&u, "role"))))}</option> }
            }).collect_view())}
        </select>
        <p class="error" role="alert">{move || error.get()}</p>
        <button class="btn" id="do-assign" on:click=assign>{t("console-do-assign")}</button>
    }
}

/// A 回访's channel and outcome, named (the codes are in the event's `after`).
fn visit_label(e: &Value) -> Option<String> {
    use domain::taxonomy::{VisitChannel, VisitOutcome};
    if e["kind"] != "visited" {
        return None;
    }
    let lang = app::i18n::lang();
    let channel = VisitChannel::parse(e["after"]["channel"].as_str()?)?;
    let outcome = VisitOutcome::parse(e["after"]["outcome"].as_str()?)?;
    Some(format!("{} · {}", channel.label(lang), outcome.label(lang)))
}
