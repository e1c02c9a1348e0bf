//! 会同 on the case page: the assisting units' tasks — what was asked, by when, their replies —;
//! the desk or the task force asks another unit or withdraws a task, the assisting unit's
//! handler replies to its own task.

use domain::api::case::{AssistReply, AssistRequest, AssistView, CaseView};
use domain::taxonomy::Department;
use leptos::prelude::*;
use serde_json::Value;

use crate::send;
use crate::texts::t;

#[component]
pub fn AssistPanel(c: CaseView, on_change: Callback<()>) -> impl IntoView {
    let no = StoredValue::new(c.case_no.clone());
    let lead = c.department;
    let tasks = c.assists.clone();
    view! {
        <div class="card assist" id="assist">
            <h2>{t("console-assist")}</h2>
            <p class="muted">{t("console-assist-lead")}": "{c.department_label.clone().unwrap_or_default()}</p>
            {tasks.is_empty().then(|| view! { <p class="muted">{t("console-assist-none")}</p> })}
            <ul class="assist__list">
                {tasks.into_iter().map(|task| view! { <Task no=no.get_value() task on_change/> }).collect_view()}
            </ul>
            {c.may_assist.then(|| view! { <AskForm no=no.get_value() lead on_change/> })}
        </div>
    }
}

#[component]
fn Task(no: String, task: AssistView, on_change: Callback<()>) -> impl IntoView {
    let id = task.id;
    let reply = RwSignal::new(String::new());
    let base = format!("/api/staff/cases/{no}/assists/{id}");
    let (to_reply, to_withdraw) = (format!("{base}/reply"), format!("{base}/withdraw"));
    let answered = send::post(
        move |_: &AssistReply| to_reply.clone(),
        move |_, _: &Value| on_change.run(()),
    );
    let withdrawn = send::post(
        move |_: &Value| to_withdraw.clone(),
        move |_, _: &Value| on_change.run(()),
    );
    let failed = send::failure(answered, |e| e.first_message());
    let failed_withdraw = send::failure(withdrawn, |e| e.message());
    let status = format!("console-assist-status-{}", task.status.code());
    view! {
        <li class="assist__task" id=format!("assist-{id}")>
            <b>{task.unit_label.clone()}</b>" "<span class="flag">{t(&status)}</span>
            {task.overdue.then(|| view! { <span class="flag flag_red">{t("console-assist-overdue")}</span> })}
            <p>{task.ask.clone()}</p>
            <p class="muted">{t("console-assist-due")}": "{task.due_at_text.clone()}</p>
            {task.reply.clone().map(|r| view! {
                <p class="assist__reply">{r}" · "{task.replied_at_text.clone().unwrap_or_default()}</p>
            })}
            <p class="error" role="alert">{move || failed().or_else(failed_withdraw)}</p>
            {task.may_reply.then(|| view! {
                <textarea class="assist-reply" rows="3" prop:value=move || reply.get()
                    on:input=move |ev| reply.set(event_target_value(&ev))></textarea>
                <button class="btn btn_primary assist-send" disabled=move || answered.pending().get()
                    on:click=move |_| { answered.dispatch(AssistReply { body: reply.get_untracked() }); }>
                    {t("console-assist-reply")}</button>
            })}
            {task.may_withdraw.then(|| view! {
                <button class="btn assist-withdraw" disabled=move || withdrawn.pending().get()
                    on:click=move |_| { withdrawn.dispatch(serde_json::json!({})); }>{t("console-assist-withdraw")}</button>
            })}
        </li>
    }
}

/// The unit a request goes to, what is asked, by when: the form 会同 and 督办 share. `send`
/// gets (unit code, words, RFC 3339 deadline).
#[component]
pub fn UnitForm(
    /// Prefix of the fields' ids: `assist` or `order`.
    id: &'static str,
    units: Vec<Department>,
    chosen: Option<Department>,
    /// Locale keys: the unit, the words, the deadline, the button.
    keys: [&'static str; 4],
    send: Callback<(String, String, String)>,
    pending: Signal<bool>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let unit = RwSignal::new(chosen.map(|d| d.code().to_string()).unwrap_or_default());
    let words = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let lang = app::i18n::lang();
    let submit = move |_| {
        // datetime-local is wall time in Shanghai
        let local = due.get_untracked();
        let at = if local.is_empty() {
            local
        } else {
            format!("{local}:00+08:00")
        };
        send.run((unit.get_untracked(), words.get_untracked(), at));
    };
    let [unit_key, words_key, due_key, button_key] = keys;
    view! {
        <div class="assist__form">
            <label for=format!("{id}-unit")>{t(unit_key)}</label>
            <select id=format!("{id}-unit") on:change=move |ev| unit.set(event_target_value(&ev))>
                {chosen.is_none().then(|| view! { <option value="">"—"</option> })}
                {units.into_iter().map(|d| view! {
                    <option value=d.code() selected=Some(d) == chosen>{d.label(lang)}</option>
                }).collect_view()}
            </select>
            <label for=format!("{id}-text")>{t(words_key)}</label>
            <textarea id=format!("{id}-text") rows="3" on:input=move |ev| words.set(event_target_value(&ev))></textarea>
            <label for=format!("{id}-due")>{t(due_key)}</label>
            <input id=format!("{id}-due") type="datetime-local" on:input=move |ev| due.set(event_target_value(&ev))/>
            <p class="error" role="alert" id=format!("{id}-error")>{move || error.get()}</p>
            <button class="btn" id=format!("{id}-add") disabled=move || pending.get() on:click=submit>{t(button_key)}</button>
        </div>
    }
}

#[component]
fn AskForm(no: String, lead: Option<Department>, on_change: Callback<()>) -> impl IntoView {
    let path = format!("/api/staff/cases/{no}/assists");
    let sent = send::post(
        move |_: &AssistRequest| path.clone(),
        move |_, _: &Value| on_change.run(()),
    );
    let error = send::failure(sent, |e| e.first_message());
    let units: Vec<Department> = Department::ALL
        .iter()
        .copied()
        .filter(|d| Some(*d) != lead)
        .collect();
    view! {
        <UnitForm id="assist" units chosen=None
            keys=["console-assist-unit", "console-assist-ask", "console-assist-due", "console-assist-add"]
            send=Callback::new(move |(unit, ask, due_at): (String, String, String)| {
                sent.dispatch(AssistRequest { unit, ask, due_at });
            })
            pending=Signal::derive(move || sent.pending().get())
            error=Signal::derive(error)/>
    }
}
