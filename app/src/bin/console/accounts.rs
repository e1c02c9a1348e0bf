//! One staff account in the administrator's list, with what an office does when people come
//! and go: disable or enable, lift a lockout, set a new password (`POST /api/staff/users/{id}`).

use app::api::text as s;
use app::i18n::lang;
use domain::taxonomy::Department;
use leptos::prelude::*;
use serde_json::{json, Value};

use crate::texts::t;

#[component]
pub fn UserRow(u: Value, on_change: Callback<()>) -> impl IntoView {
    let id = u["id"].as_i64().unwrap_or_default();
    let active = u["active"].as_i64() == Some(1);
    let resetting = RwSignal::new(false);
    let password = RwSignal::new(String::new());
    let sent = crate::send::post(
        move |_: &Value| format!("/api/staff/users/{id}"),
        move |_, _: &Value| {
            resetting.set(false);
            password.set(String::new());
            on_change.run(());
        },
    );
    let failed = crate::send::failure(sent, |e| e.first_message());
    // what the last request did, or why it did not
    let last = RwSignal::new("");
    let message = move || {
        let done = !sent.pending().get() && sent.value().with(|v| matches!(v, Some(Ok(_))));
        failed().or_else(|| {
            done.then(|| t(&format!("console-account-done-{}", last.get())).to_string())
        })
    };
    let act = move |action: &'static str| {
        last.set(action);
        sent.dispatch(json!({"action": action, "password": password.get_untracked()}));
    };
    view! {
        <tr class:retired=!active id=format!("user-{id}")>
            <td data-user="">{s(&u, "username")}</td>
            <td data-user="">{s(&u, "display_name")}</td>
            <td>{t(&format!("console-role-{}", s(&u, "role")))}</td>
            <td>{Department::parse(&s(&u, "department")).map(|d| d.label(lang()))}</td>
            <td>{if active { t("console-account-active") } else { t("console-account-disabled") }}</td>
            <td class="account-actions">
                {if active {
                    view! { <button class="btn" on:click=move |_| act("disable")>{t("console-account-disable")}</button> }.into_any()
                } else {
                    view! { <button class="btn" on:click=move |_| act("enable")>{t("console-account-enable")}</button> }.into_any()
                }}
                <button class="btn" on:click=move |_| act("unlock")>{t("console-account-unlock")}</button>
                <button class="btn" on:click=move |_| resetting.set(true)>{t("console-account-reset")}</button>
                {move || resetting.get().then(|| view! {
                    <span class="account-reset">
                        <input type="password" aria-label=t("console-account-new-password") placeholder=t("console-account-new-password")
                            on:input=move |ev| password.set(event_target_value(&ev))/>
                        <button class="btn btn_primary" on:click=move |_| act("reset_password")>{t("console-account-reset-save")}</button>
                    </span>
                })}
                <span class="muted" role="status">{message}</span>
            </td>
        </tr>
    }
}
