//! `/staff/cases/{no}`: the enterprise's words, the automatic triage with its reasons and the
//! timeline on the left; on the right only the actions this officer may take now.

use crate::send::{self, case_action};
use crate::texts::{actor_label, event_label, reason_label, t, tf};
use app::api;
use app::components::{Failed, Loading};
use domain::api::case::{CaseEvent, CaseView};
use domain::api::staff::{ActionRequest, CaseAction};
use domain::taxonomy::Status;
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
        async move { api::get::<CaseView>(&format!("/api/staff/cases/{no}")).await }
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
fn CaseView(c: CaseView, on_change: Callback<()>) -> impl IntoView {
    let no = c.case_no.clone();
    let source = if c.triage.source.as_deref() == Some("staff") {
        "console-triage-source-staff"
    } else {
        "console-triage-source-auto"
    };
    let confidence = c
        .triage
        .confidence
        .map(|p| tf("console-confidence", &[("p", &format!("{:.0}", p * 100.0))]));
    // the answer the enterprise reads now, at the top: after answering, the officer sees it at once
    let answer = c
        .latest_answer()
        .map(|(text, at)| (text.to_string(), at.to_string()));
    let may_batch = use_context::<crate::shell::Me>()
        .is_some_and(|m| m.0.may(domain::staff::Permission::Batches))
        && matches!(
            c.status,
            Status::Submitted | Status::Triaged | Status::InProgress
        );
    let grade = c.grade.clone().unwrap_or_default();
    let level = c.level.map(|l| {
        format!(
            "{} · {}",
            tf("console-level", &[("n", &l.to_string())]),
            t(&format!("level-{l}"))
        )
    });
    let (flags, reasons, events) = (c.flags, c.triage.reasons.clone(), c.events.clone());
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    view! {
        <div class="case">
            <section class="case__main">
                <header class="case__head">
                    <h1 id="case-no">{no.clone()}</h1>
                    <span class="status" id="case-status">{c.status_label.clone()}</span>
                    <span class=format!("chip chip_{}", grade.chars().next().unwrap_or('C')) id="case-grade">{grade.clone()}</span>
                    {flags.overdue.then(|| view! { <span class="flag flag_red">{t("console-flag-overdue")}</span> })}
                    {flags.near_due.then(|| view! { <span class="flag">{t("console-flag-near")}</span> })}
                    {flags.flagged_48h.then(|| view! { <span class="flag flag_red">{t("console-flag-48h")}</span> })}
                    {c.returned_at.is_some().then(|| view! { <span class="flag flag_red" id="case-returned">{t("console-flag-returned")}</span> })}
                </header>
                {answer.map(|(text, at)| view! {
                    <div class="card card_answer" id="latest-answer">
                        <h2>{t("console-latest-answer")}" · "{at}</h2>
                        <p class="case__text">{text}</p>
                    </div>
                })}
                <div class="card">
                    <h2>{t("console-words")}</h2>
                    <h3 class="case__title">{c.title.clone()}</h3>
                    <p class="case__text">{c.description.clone()}</p>
                    <dl class="facts">
                        <dt>{t("status-enterprise")}</dt><dd>{c.enterprise_name.clone()}" · "{c.uscc.clone()}</dd>
                        <dt>{t("console-contact")}</dt><dd><crate::contact::Contact no=c.case_no.clone() name=c.contact_name.clone() masked=c.contact_phone.clone()/></dd>
                        <dt>{t("console-consent")}</dt>
                        <dd id="case-consent">{match (c.consent_notice.clone(), c.consent_withdrawn_at.clone()) {
                            (_, Some(at)) => tf("console-consent-withdrawn", &[("at", &at)]),
                            (Some(v), None) => tf("console-consent-given", &[("v", &v)]),
                            (None, None) => t("console-consent-none").to_string(),
                        }}</dd>
                        <dt>{t("console-port")}</dt><dd>{opt(&c.port_label)}</dd>
                        <dt>{t("console-channel")}</dt><dd>{opt(&c.channel_label)}</dd>
                        <dt>{t("console-received")}</dt><dd>{c.submitted_at_text.clone()}</dd>
                        <dt>{t("console-first-due")}</dt><dd>{opt(&c.due_first_response_text)}</dd>
                        <dt>{t("console-due")}</dt><dd id="case-due">{opt(&c.due_at_text)}</dd>
                        {c.first_responsible.clone().map(|r| view! {
                            <dt>{t("console-first-responsible")}</dt>
                            <dd id="case-first-responsible">{r.name}" · "{t(&format!("console-role-{}", r.role.code()))}</dd>
                        })}
                    </dl>
                </div>
                <div class="card">
                    <h2>{t("console-triage")}</h2>
                    <p>{opt(&c.category_label)}" · "{grade}" · "{opt(&c.department_label)}" · "{level}</p>
                    <p class="muted">{t(source)}" "{confidence}</p>
                    {c.triage.unsure.then(|| view! { <p class="unsure" id="triage-unsure" role="note">{t("console-unsure-hint")}</p> })}
                    {(!reasons.is_empty()).then(|| view! {
                        <h3>{t("console-reasons")}</h3>
                        <ul class="reasons">
                            {reasons.into_iter().map(|r| view! {
                                <li class=format!("reason reason_{}", r.kind)>
                                    <span class="reason__why">{reason_label(&r)}</span>" "<q>{r.text.clone()}</q>
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                </div>
                <div class="card">
                    <h2>{t("console-timeline")}</h2>
                    <ol class="events">
                        {events.into_iter().rev().map(|e| {
                            let public = e.public;
                            view! {
                                <li class="event" class:event_internal=!public>
                                    <span class="event__label">{event_label(&e)}</span>
                                    <span class="event__vis">{if public { t("console-public") } else { t("console-internal") }}</span>
                                    <span class="event__time">{e.at_text.clone()}" · "{actor_label(&e)}</span>
                                    {visit_label(&e).map(|v| view! { <p class="event__note">{v}</p> })}
                                    {e.note.clone().map(|n| view! { <p class="event__note">{n}</p> })}
                                    {e.reason.clone().map(|r| view! { <p class="event__reason">{t("console-reason")}": "{r}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </div>
            </section>
            <aside class="case__side">
                <ActionPanel c=c.clone() on_change/>
                {(c.may_assist || !c.assists.is_empty()).then(|| view! { <crate::assist::AssistPanel c=c.clone() on_change/> })}
                {(c.may_order || c.may_decide || !c.orders.is_empty() || c.decision.is_some())
                    .then(|| view! { <crate::supervise::SupervisionPanel c=c.clone() on_change/> })}
                {may_batch.then(|| view! { <SimilarPanel no=no.clone() title=c.title.clone()/> })}
            </aside>
        </div>
    }
}

#[component]
fn ActionPanel(c: CaseView, on_change: Callback<()>) -> impl IntoView {
    let actions = c.actions.clone();
    let has = |a: CaseAction| actions.contains(&a);
    let reason = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let materials = RwSignal::new(Vec::<String>::new());
    let done = RwSignal::new(false);
    let sent = case_action(
        c.case_no.clone(),
        Callback::new(move |_| {
            reason.set(String::new());
            body.set(String::new());
            materials.set(Vec::new());
            done.set(true);
            on_change.run(());
        }),
    );
    let error = send::failure(sent, |e| e.all_messages());
    send::show_refusal(sent, ("body", "reply"), "action-error");
    let run = move |action: CaseAction| {
        sent.dispatch(ActionRequest {
            reason: reason.get_untracked(),
            body: body.get_untracked(),
            materials: if action == CaseAction::RequestInfo {
                materials.get_untracked()
            } else {
                Vec::new()
            },
            ..ActionRequest::new(action)
        });
    };
    let cat = c.category.map(|c| c.code()).unwrap_or_default();
    let title = c.title.clone();
    let templates = LocalResource::new(move || async move {
        api::get_json(&format!("/api/staff/templates?category={cat}")).await
    });
    // the answer cannot be taken back: it is sent only after a second, explicit click
    let confirming = RwSignal::new(false);
    let button = move |action: CaseAction, primary: bool| {
        let code = action.code();
        view! {
            <button class="btn" class:btn_primary=primary id=format!("do-{code}") disabled=move || sent.pending().get()
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
            <p class="error" role="alert" id="action-error">{error}</p>
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
                <crate::handbook::Handbook title=title.clone() body/>
                {has(CaseAction::RequestInfo).then(|| view! { <crate::ask::Checklist category=c.category picked=materials/> })}
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
            {(has(CaseAction::Assign) && !has(CaseAction::Triage)).then(|| view! { <AssignBox no=c.case_no.clone() unit=c.department.map(|d| d.code()).unwrap_or_default().to_string() current=c.assignee_id on_change/> })}
            {has(CaseAction::Return).then(|| view! { <p class="muted" id="return-hint">{t("console-return-hint")}</p> })}
            {(has(CaseAction::Escalate) || has(CaseAction::Close) || has(CaseAction::Reopen) || has(CaseAction::Return)).then(|| view! {
                <label for="reason">{t("console-reason")}</label>
                <input id="reason" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
            })}
            <div class="buttons">
                {has(CaseAction::Accept).then(|| button(CaseAction::Accept, false))}
                {has(CaseAction::Escalate).then(|| button(CaseAction::Escalate, false))}
                {has(CaseAction::Close).then(|| button(CaseAction::Close, false))}
                {has(CaseAction::Reopen).then(|| button(CaseAction::Reopen, false))}
                {has(CaseAction::Return).then(|| button(CaseAction::Return, false))}
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
    let batch = send::post(
        |_: &Value| "/api/staff/batches".to_string(),
        |_, b: &Value| {
            let _ = window()
                .location()
                .set_href(&format!("/staff/batches/{}", b["id"]));
        },
    );
    let error = send::failure(batch, |e| e.message());
    let merge = move |_| {
        let mut list = vec![no.get_value()];
        list.extend(chosen.get_untracked());
        batch.dispatch(json!({"title": title.get_untracked(), "case_nos": list}));
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
                    <p class="error" role="alert">{error}</p>
                    <button class="btn" on:click=merge disabled=move || batch.pending().get()>{t("console-merge")}</button>
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
    let sent = case_action(no, on_change);
    let error = send::failure(sent, |e| e.first_message());
    let assign = move |_| {
        if let Ok(id) = chosen.get_untracked().parse::<i64>() {
            sent.dispatch(ActionRequest {
                assignee: Some(id),
                ..ActionRequest::new(CaseAction::Assign)
            });
        }
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
        <p class="error" role="alert">{error}</p>
        <button class="btn" id="do-assign" on:click=assign disabled=move || sent.pending().get()>{t("console-do-assign")}</button>
    }
}

/// A 回访's channel and outcome, named.
fn visit_label(e: &CaseEvent) -> Option<String> {
    let lang = app::i18n::lang();
    let (channel, outcome) = e.visit()?;
    Some(format!("{} · {}", channel.label(lang), outcome.label(lang)))
}
