//! The administrator's side of a person's rights (个人信息保护法 art. 44–47): the requests people
//! filed through the portal, each answered once; and the tools to act on one — find every case
//! of a mobile number or credit code, download what is held, erase the contact from all of them,
//! correct one case. Each act needs a reason and is written to the audit log by the Worker.

use app::api::{self, encode};
use app::components::{Failed, Loading};
use domain::rights::{RightsRow, RightsStatus};
use leptos::prelude::*;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::texts::{t, tf};
use app::api::text as s;

#[derive(Clone, Deserialize)]
struct RightsList {
    items: Vec<RightsRow>,
    open: u32,
}

#[component]
pub fn PersonRights() -> impl IntoView {
    // what the tools look up (typed, or a request's number handed down) and what they last found
    let person = RwSignal::new(String::new());
    let asked = RwSignal::new(String::new());
    view! {
        <section class="card" id="person-rights">
            <h1>{t("console-person-title")}</h1>
            <Requests person asked/>
            <Tools person asked/>
        </section>
    }
}

#[component]
fn Requests(person: RwSignal<String>, asked: RwSignal<String>) -> impl IntoView {
    let list = LocalResource::new(|| api::get::<RightsList>("/api/admin/rights?status=all"));
    let retry = Callback::new(move |_| list.refetch());
    view! {
        <h2>{t("console-rights-title")}</h2>
        <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
            {move || list.get().map(|r| match r {
                Ok(l) if l.items.is_empty() => view! { <p class="muted">{t("console-rights-none")}</p> }.into_any(),
                Ok(l) => view! {
                    <p id="rights-open">{tf("console-rights-open", &[("n", &l.open.to_string())])}</p>
                    <ul class="rights">{l.items.into_iter().map(|r| view! { <Request r person asked on_answer=retry/> }).collect_view()}</ul>
                }.into_any(),
                Err(e) => view! { <Failed text=e.message() on_retry=retry/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Request(
    r: RightsRow,
    person: RwSignal<String>,
    asked: RwSignal<String>,
    on_answer: Callback<()>,
) -> impl IntoView {
    let no = r.view.request_no.clone();
    let outcome = RwSignal::new(RightsStatus::Done);
    let words = RwSignal::new(String::new());
    let sent: crate::send::Sent<Value> = crate::send::post(
        move |_| format!("/api/admin/rights/{no}/answer"),
        move |_, _| on_answer.run(()),
    );
    let error = crate::send::failure(sent, |e| e.first_message());
    let phone = r.view.contact_phone.clone();
    let open = r.view.status == RightsStatus::Open;
    view! {
        <li class="rights__item" class:overdue=r.overdue data-no=r.view.request_no.clone()>
            <p><strong>{r.view.request_no.clone()}</strong>" · "{r.view.kind_label.clone()}" · "{r.view.status_label.clone()}
                " · "{tf("console-rights-due", &[("at", &r.view.due_at_text)])}
                {r.overdue.then(|| view! { " · "<span class="flag flag_red">{t("console-rights-overdue")}</span> })}</p>
            <p>{r.view.contact_name.clone()}" "{r.view.contact_phone.clone()}
                {r.uscc.clone().map(|u| format!(" · {u}"))}{r.case_no.clone().map(|c| format!(" · {c}"))}
                " "<button class="btn btn_plain" on:click=move |_| {
                    person.set(phone.clone());
                    asked.set(key_query(&phone));
                }>{t("console-person-find-this")}</button></p>
            {(!r.detail.is_empty()).then(|| view! { <p class="muted">{r.detail.clone()}</p> })}
            {r.view.answer.clone().map(|a| view! { <p class="rights__answer">{a}" · "{r.view.answered_at_text.clone().unwrap_or_default()}</p> })}
            {open.then(|| view! {
                <div class="rights__form">
                    <select aria-label=t("console-rights-outcome") on:change=move |ev| {
                        outcome.set(if event_target_value(&ev) == "refused" { RightsStatus::Refused } else { RightsStatus::Done })
                    }>
                        <option value="done">{t("console-rights-done")}</option>
                        <option value="refused">{t("console-rights-refused")}</option>
                    </select>
                    <textarea rows="3" aria-label=t("console-rights-answer") placeholder=t("console-rights-answer")
                        on:input=move |ev| words.set(event_target_value(&ev))></textarea>
                    <p class="error" role="alert">{error}</p>
                    <button class="btn btn_primary" disabled=move || sent.pending().get()
                        on:click=move |_| { sent.dispatch(json!({"outcome": outcome.get_untracked().code(), "answer": words.get_untracked()})); }>
                        {t("console-rights-send")}</button>
                </div>
            })}
        </li>
    }
}

/// `phone=…` or `uscc=…` for what was typed (eleven digits are a number, else a credit code).
fn key_query(typed: &str) -> String {
    let v = typed.trim();
    let digits: String = v.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 11 && v.chars().all(|c| c.is_ascii_digit() || " -+".contains(c)) {
        format!("phone={}", encode(&digits))
    } else {
        format!("uscc={}", encode(v))
    }
}

#[component]
fn Tools(person: RwSignal<String>, asked: RwSignal<String>) -> impl IntoView {
    let held = LocalResource::new(move || {
        let q = asked.get();
        async move {
            if q.is_empty() {
                return None;
            }
            Some(api::get_json(&format!("/api/admin/person?{q}")).await)
        }
    });
    let find = move || asked.set(key_query(&person.get_untracked()));
    let reason = RwSignal::new(String::new());
    let erase: crate::send::Sent<Value> = crate::send::post(
        |_| "/api/admin/person/erase".to_string(),
        move |_, _| held.refetch(),
    );
    let erased = move || {
        erase.value().with(|v| {
            v.as_ref()?
                .as_ref()
                .ok()
                .map(|v| v["erased"].as_u64().unwrap_or(0))
        })
    };
    let erase_error = crate::send::failure(erase, |e| e.first_message());
    // whom the erasure is for: the person last found, named on the button and in the question
    let who = move || {
        let q = asked.get();
        q.split_once('=')
            .map(|(_, v)| v.to_string())
            .unwrap_or_default()
    };
    let do_erase = move |_| {
        let question = tf("console-person-erase-confirm", &[("who", &who())]);
        let sure = web_sys::window()
            .and_then(|w| w.confirm_with_message(&question).ok())
            .unwrap_or(false);
        if !sure {
            return;
        }
        let mut body = json!({"reason": reason.get_untracked()});
        let q = asked.get_untracked();
        if let Some((k, v)) = q.split_once('=') {
            body[k] = json!(v);
        }
        erase.dispatch(body);
    };
    view! {
        <h2>{t("console-person-tools")}</h2>
        <form class="filters" on:submit=move |ev| { ev.prevent_default(); find(); }>
            <label>{t("console-person-key")}
                <input id="person-key" prop:value=move || person.get() on:input=move |ev| person.set(event_target_value(&ev))/>
            </label>
            <button class="btn" type="submit" id="person-find">{t("console-person-find")}</button>
        </form>
        <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
            {move || held.get().flatten().map(|r| match r {
                Ok(v) => {
                    let cases = v["cases"].as_array().cloned().unwrap_or_default();
                    view! {
                        <p id="person-held">{tf("console-person-held", &[("n", &cases.len().to_string())])}" "
                            <a class="btn btn_plain" download="ztc-person.json" href=format!("/api/admin/person?{}", asked.get_untracked())>{t("console-person-download")}</a></p>
                        <table class="table"><tbody>
                            {cases.into_iter().map(|c| view! { <Held c/> }).collect_view()}
                        </tbody></table>
                    }.into_any()
                }
                Err(e) => view! { <p class="error" role="alert">{e.first_message()}</p> }.into_any(),
            })}
        </Suspense>
        {move || (!asked.get().is_empty()).then(|| view! {
            <div class="grid-form">
                <label for="person-reason">{t("console-person-reason")}</label>
                <input id="person-reason" on:input=move |ev| reason.set(event_target_value(&ev))/>
                <p class="error" role="alert" id="person-erase-error">{erase_error}</p>
                {move || erased().map(|n| view! { <p class="ok" role="status" id="person-erased">{tf("console-person-erased", &[("n", &n.to_string())])}</p> })}
                <button class="btn btn_danger" id="person-erase" disabled=move || erase.pending().get() on:click=do_erase>{move || tf("console-person-erase-who", &[("who", &who())])}</button>
            </div>
        })}
    }
}

/// One case held about the person, with its correction form.
#[component]
fn Held(c: Value) -> impl IntoView {
    let no = s(&c, "case_no");
    let (name, phone, reason) = (
        RwSignal::new(s(&c, "contact_name")),
        RwSignal::new(s(&c, "contact_phone")),
        RwSignal::new(String::new()),
    );
    let fix: crate::send::Sent<Value> =
        crate::send::post(|_| "/api/admin/person/correct".to_string(), |_, _| {});
    let error = crate::send::failure(fix, |e| e.first_message());
    let done = move || fix.value().with(|v| matches!(v, Some(Ok(_))));
    let number = no.clone();
    view! {
        <tr>
            <td><a href=format!("/staff/cases/{no}")>{no.clone()}</a></td>
            <td>{s(&c, "title")}</td>
            <td>{s(&c, "enterprise_name")}</td>
            <td><input aria-label=t("console-contact") prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/></td>
            <td><input aria-label=t("console-person-phone") prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev))/></td>
            <td><input aria-label=t("console-person-reason") placeholder=t("console-person-reason") on:input=move |ev| reason.set(event_target_value(&ev))/></td>
            <td>
                <button class="btn" disabled=move || fix.pending().get() on:click=move |_| {
                    fix.dispatch(json!({"case_no": number, "contact_name": name.get_untracked(),
                        "contact_phone": phone.get_untracked(), "reason": reason.get_untracked()}));
                }>{t("console-person-correct")}</button>
                {move || done().then(|| view! { <span class="ok" role="status">{t("console-person-corrected")}</span> })}
                <span class="error" role="alert">{error}</span>
            </td>
        </tr>
    }
}
