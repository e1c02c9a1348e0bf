//! `/c/{token}`: where the case is, who handles it, by when, the answer in full, the public
//! history; a reply box when staff asked for information; 好差评 once the case is answered.

use domain::api::CaseStatusView;
use leptos::prelude::*;
use serde_json::json;

use crate::api;
use crate::components::{Failed, Loading};
use crate::i18n::{t, tf};

fn row(label_key: &'static str, value: String, id: &'static str) -> impl IntoView {
    view! {
        <div class="weui-form-preview__item">
            <label class="weui-form-preview__label">{t(label_key)}</label>
            <span class="weui-form-preview__value" id=id>{value}</span>
        </div>
    }
}

const STEPS: [&str; 5] = [
    "step-submitted",
    "step-accepted",
    "step-handling",
    "step-answered",
    "step-closed",
];

fn step_bar(step: u8) -> impl IntoView {
    view! {
        <ol class="steps" aria-label=t("status-steps")>
            {STEPS.iter().enumerate().map(|(i, key)| {
                let state = match (i as u8).cmp(&step) {
                    std::cmp::Ordering::Less => "steps__item steps__item_done",
                    std::cmp::Ordering::Equal => "steps__item steps__item_now",
                    std::cmp::Ordering::Greater => "steps__item",
                };
                view! {
                    <li class=state aria-current=(i as u8 == step).then_some("step")>
                        <span class="steps__dot" aria-hidden="true"></span>
                        <span class="steps__label">{t(key)}</span>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// Sends the enterprise's words (a reply to a question, or more information).
#[component]
fn MessageBox(token: String, question: Option<String>, on_sent: Callback<()>) -> impl IntoView {
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let asked = question.is_some();
    let send = move |_| {
        let token = token.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = api::post_json(
                &format!("/api/cases/status/{token}/messages"),
                &json!({"body": body.get_untracked()}),
            )
            .await;
            busy.set(false);
            match r {
                Ok(_) => {
                    body.set(String::new());
                    on_sent.run(());
                }
                Err(e) => error.set(Some(e.first_message())),
            }
        });
    };
    view! {
        <div class="weui-cells__title">{if asked { t("status-question") } else { t("status-add-info") }}</div>
        <div class="weui-cells weui-cells_form message-box" class:message-box_asked=asked>
            {question.map(|q| view! { <p class="question" id="question">{q}</p> })}
            <div class="weui-cell">
                <div class="weui-cell__bd">
                    <label class="field__label" for="message">{t("status-your-reply")}</label>
                    <textarea class="weui-textarea field__input" id="message" rows="4" aria-describedby="message-error"
                        prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                    <p class="field-note field-note_error" id="message-error" role="alert">{move || error.get()}</p>
                </div>
            </div>
            <div class="weui-cell">
                <button class="weui-btn weui-btn_primary" id="send-message" disabled=move || busy.get() on:click=send>
                    {t("status-send")}
                </button>
            </div>
        </div>
    }
}

/// More information nobody asked for: one tap opens the box.
#[component]
fn AddInfo(token: String, on_sent: Callback<()>) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        {move || if open.get() {
            view! { <MessageBox token=token.clone() question=None on_sent/> }.into_any()
        } else {
            view! {
                <div class="add-info">
                    <button type="button" class="weui-btn weui-btn_default" id="add-info" on:click=move |_| open.set(true)>
                        {t("status-add-info")}
                    </button>
                </div>
            }.into_any()
        }}
    }
}

/// 好差评: five faces with their words, an optional comment, once per answer.
#[component]
fn RatingBox(token: String, invited_again: bool, on_rated: Callback<()>) -> impl IntoView {
    let score = RwSignal::new(None::<u8>);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // the mouth's curve, from a wide smile (5) to a frown (1)
    let faces = [(5u8, 28), (4, 25), (3, 21), (2, 17), (1, 14)];
    let send = move |_| {
        let token = token.clone();
        leptos::task::spawn_local(async move {
            let body = json!({"score": score.get_untracked(), "comment": comment.get_untracked()});
            match api::post_json(&format!("/api/cases/status/{token}/rating"), &body).await {
                Ok(_) => on_rated.run(()),
                Err(e) => error.set(Some(e.first_message())),
            }
        });
    };
    view! {
        <div class="weui-cells__title">{t("status-rate")}</div>
        <div class="rating">
            {invited_again.then(|| view! { <p class="rating__again">{t("status-rate-again")}</p> })}
            <div class="rating__faces" role="radiogroup" aria-label=t("status-rate")>
                {faces.into_iter().map(|(n, mouth)| view! {
                    <button type="button" role="radio" class="rating__face" id=format!("rate-{n}")
                        class:rating__face_on=move || score.get() == Some(n)
                        aria-checked=move || (score.get() == Some(n)).to_string()
                        on:click=move |_| score.set(Some(n))>
                        <svg class="rating__face-icon" viewBox="0 0 32 32" width="30" height="30" aria-hidden="true">
                            <circle cx="16" cy="16" r="14" fill="none" stroke="currentColor" stroke-width="2"/>
                            <circle cx="11" cy="13" r="2" fill="currentColor"/>
                            <circle cx="21" cy="13" r="2" fill="currentColor"/>
                            <path d=format!("M10 21 Q16 {mouth} 22 21") fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
                        </svg>
                        <span class="rating__label">{t(&format!("rating-{n}"))}</span>
                    </button>
                }).collect_view()}
            </div>
            <label class="field__label" for="rating-comment">{t("status-rate-comment")}</label>
            <textarea class="weui-textarea field__input" id="rating-comment" rows="3"
                on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
            <p class="field-note field-note_error" role="alert">{move || error.get()}</p>
            <button class="weui-btn weui-btn_primary" id="send-rating" disabled=move || score.get().is_none() on:click=send>
                {t("status-rate-send")}
            </button>
        </div>
    }
}

fn case_view(c: CaseStatusView, token: String, refresh: Callback<()>) -> impl IntoView {
    let pending = t("status-pending").to_string();
    let timeline = c
        .timeline
        .iter()
        .rev()
        .map(|e| {
            view! {
                <li class="timeline__item">
                    <p class="timeline__label">{e.label.clone()}</p>
                    {e.note.clone().map(|n| view! { <p class="timeline__note">{n}</p> })}
                    <p class="timeline__time">{e.at_text.clone()}</p>
                </li>
            }
        })
        .collect_view();
    let late = matches!(c.deadline.as_deref(), Some("overdue" | "missed"));
    // while the case waits on the enterprise the date would move: say the clock stands still
    let due = if c.deadline.as_deref() == Some("paused") {
        t("status-due-paused").to_string()
    } else {
        c.due_at_text.clone().unwrap_or(pending.clone())
    };
    view! {
        <div class="status">
            <div class="status-head">
                <p class="status-head__label">{t("status-state")}</p>
                <p class="status-head__state" id="case-status">{c.status_label.clone()}</p>
                {c.deadline_label.clone().map(|d| view! { <p class="status-head__deadline" class:late=late id="deadline">{d}</p> })}
            </div>
            {step_bar(c.step)}
            {c.answer.clone().map(|a| view! {
                <div class="weui-cells__title">{t("status-answer")}</div>
                <article class="weui-article answer" id="answer"><p>{a}</p></article>
            })}
            {c.can_rate.then(|| view! {
                <p class="hint" id="auto-close">{tf("status-auto-close", &[("days", &c.auto_close_working_days.to_string())])}</p>
                <RatingBox token=token.clone() invited_again=c.rating_invited_again on_rated=refresh/>
            })}
            // asked for something: the reply box comes first; otherwise it waits below, folded
            {(c.can_message && c.question.is_some()).then(|| view! { <MessageBox token=token.clone() question=c.question.clone() on_sent=refresh/> })}
            <div class="weui-form-preview">
                <div class="weui-form-preview__hd">
                    <div class="weui-form-preview__item">
                        <label class="weui-form-preview__label">{t("status-case-no")}</label>
                        <em class="weui-form-preview__value" id="case-no">{c.case_no.clone()}</em>
                    </div>
                </div>
                <div class="weui-form-preview__bd">
                    {row("status-submitted-at", c.submitted_at_text.clone(), "submitted-at")}
                    {row("status-enterprise", c.enterprise_name.clone(), "enterprise")}
                    {row("status-contact", format!("{} {}", c.contact_name, c.contact_phone), "contact")}
                    {row("status-port", c.port_label.clone(), "port")}
                    {row("status-department", c.department_label.clone().unwrap_or_else(|| pending.clone()), "department")}
                    {c.grade.clone().map(|g| row("status-grade", format!("{g} · {}", c.category_label.clone().unwrap_or_default()), "grade"))}
                    {c.level_label.clone().map(|l| row("status-level", l, "level"))}
                    {c.stage_label.clone().map(|l| row("status-stage", l, "stage"))}
                    {c.first_responsible.clone().map(|r| row("status-first-responsible", r, "first-responsible"))}
                    {(!c.assisting.is_empty()).then(|| row("status-assisting", c.assisting.join("、"), "assisting"))}
                    // while a 差评 is checked the date is the promised call back, not the answer's
                    {row(if c.deadline.as_deref() == Some("verifying") { "status-due-visit" } else { "status-due" }, due, "due")}
                </div>
            </div>
            <div class="weui-cells__title">{t("status-your-words")}</div>
            <article class="weui-article case-words">
                <h2 class="case-words__title">{c.title.clone()}</h2>
                <p>{c.description.clone()}</p>
            </article>
            <div class="weui-cells__title">{t("status-timeline")}</div>
            <ol class="timeline">{timeline}</ol>
            {(c.can_message && c.question.is_none()).then(|| view! { <AddInfo token=token.clone() on_sent=refresh/> })}
        </div>
    }
}

#[component]
pub fn Status(token: String) -> impl IntoView {
    let token = StoredValue::new(token);
    let token = move || token.get_value();
    let status = LocalResource::new(move || {
        let token = token();
        async move { api::case_status(&token).await }
    });
    let refresh = Callback::new(move |_| status.refetch());
    view! {
        <h1 class="page-title">{t("status-title")}</h1>
        <Suspense fallback=|| view! { <Loading text=t("status-loading")/> }>
            {move || status.get().map(|r| match r {
                Ok(c) => case_view(c, token(), refresh).into_any(),
                Err(e) if e.status() == Some(404) => view! {
                    <div class="weui-msg not-found">
                        <div class="weui-msg__icon-area"><i class="weui-icon-info weui-icon_msg"></i></div>
                        <div class="weui-msg__text-area">
                            <h2 class="weui-msg__title">{t("status-not-found-title")}</h2>
                            <p class="weui-msg__desc">{t("status-not-found-desc")}</p>
                        </div>
                        <div class="weui-msg__opr-area">
                            <a class="weui-btn weui-btn_primary" href="/lookup">{t("lookup-title")}</a>
                            <a class="weui-btn weui-btn_default" href="/">{t("common-back-home")}</a>
                        </div>
                    </div>
                }.into_any(),
                Err(_) => view! { <Failed text=t("status-error") on_retry=Callback::new(move |_| status.refetch())/> }.into_any(),
            })}
        </Suspense>
    }
}
