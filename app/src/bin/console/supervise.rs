//! 督办 and 决策 on the case page: the supervision orders with their deadlines and answers; the
//! task force or the leadership issues an order at level 3 or 4, the ordered unit's handler
//! answers it, and the leadership group records its decision at level 4.

use domain::api::case::{AssistReply, CaseView, OrderRequest, OrderView};
use domain::taxonomy::Department;
use leptos::prelude::*;
use serde_json::Value;

use crate::send;
use crate::texts::t;

#[component]
pub fn SupervisionPanel(c: CaseView, on_change: Callback<()>) -> impl IntoView {
    let no = c.case_no.clone();
    let decision_path = format!("/api/staff/cases/{no}/decision");
    let decided = send::post(
        move |_: &AssistReply| decision_path.clone(),
        move |_, _: &Value| on_change.run(()),
    );
    let decision_error = send::failure(decided, |e| e.first_message());
    let words = RwSignal::new(String::new());
    view! {
        <div class="card supervision" id="supervision">
            <h2>{t("console-orders")}</h2>
            {c.orders.is_empty().then(|| view! { <p class="muted">{t("console-orders-none")}</p> })}
            <ul class="assist__list">
                {c.orders.iter().cloned().map(|o| view! { <Order no=no.clone() order=o on_change/> }).collect_view()}
            </ul>
            {c.may_order.then(|| view! { <OrderForm no=no.clone() lead=c.department on_change/> })}
            {c.decision.clone().map(|d| view! {
                <h3>{t("console-decision")}</h3>
                <p class="assist__reply" id="decision">{d.text}" · "{d.by_name.unwrap_or_default()}" · "{d.at_text}</p>
            })}
            {c.may_decide.then(|| view! {
                <h3>{t("console-decision")}</h3>
                <label for="decision-text">{t("console-decision-text")}</label>
                <textarea id="decision-text" rows="3" on:input=move |ev| words.set(event_target_value(&ev))></textarea>
                <p class="error" role="alert">{decision_error}</p>
                <button class="btn btn_primary" id="decision-record" disabled=move || decided.pending().get()
                    on:click=move |_| { decided.dispatch(AssistReply { body: words.get_untracked() }); }>{t("console-decision-record")}</button>
            })}
        </div>
    }
}

#[component]
fn Order(no: String, order: OrderView, on_change: Callback<()>) -> impl IntoView {
    let path = format!("/api/staff/cases/{no}/orders/{}/reply", order.id);
    let answered = send::post(
        move |_: &AssistReply| path.clone(),
        move |_, _: &Value| on_change.run(()),
    );
    let failed = send::failure(answered, |e| e.first_message());
    let reply = RwSignal::new(String::new());
    let status = format!("console-order-status-{}", order.status.code());
    view! {
        <li class="assist__task">
            <b>{order.unit_label.clone()}</b>" "<span class="flag">{t(&status)}</span>
            {order.overdue.then(|| view! { <span class="flag flag_red">{t("console-assist-overdue")}</span> })}
            {order.by_sweep.then(|| view! { <span class="muted">" "{t("console-order-sweep")}</span> })}
            <p>{order.text.clone()}</p>
            <p class="muted">{t("console-order-due")}": "{order.due_at_text.clone()}</p>
            {order.reply.clone().map(|r| view! { <p class="assist__reply">{r}</p> })}
            <p class="error" role="alert">{failed}</p>
            {order.may_reply.then(|| view! {
                <textarea class="order-reply" rows="3" on:input=move |ev| reply.set(event_target_value(&ev))></textarea>
                <button class="btn btn_primary order-send" disabled=move || answered.pending().get()
                    on:click=move |_| { answered.dispatch(AssistReply { body: reply.get_untracked() }); }>{t("console-order-reply")}</button>
            })}
        </li>
    }
}

#[component]
fn OrderForm(no: String, lead: Option<Department>, on_change: Callback<()>) -> impl IntoView {
    let path = format!("/api/staff/cases/{no}/orders");
    let sent = send::post(
        move |_: &OrderRequest| path.clone(),
        move |_, _: &Value| on_change.run(()),
    );
    let error = send::failure(sent, |e| e.first_message());
    view! {
        <crate::assist::UnitForm id="order" units=Department::ALL.to_vec() chosen=lead
            keys=["console-order-unit", "console-order-text", "console-order-due", "console-order-issue"]
            send=Callback::new(move |(unit, text, due_at): (String, String, String)| {
                sent.dispatch(OrderRequest { unit, text, due_at });
            })
            pending=Signal::derive(move || sent.pending().get())
            error=Signal::derive(error)/>
    }
}
