//! One staff account in the administrator's list, with what an office does when people come
//! and go: disable or enable, lift a lockout, set a new password (`POST /api/staff/users/{id}`).

use app::api;
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
    let message = RwSignal::new(None::<String>);
    let act = move |action: &'static str| {
        let body = json!({"action": action, "password": password.get_untracked()});
        leptos::task::spawn_local(async move {
            match api::post_json(&format!("/api/staff/users/{id}"), &body).await {
                Ok(_) => {
                    resetting.set(false);
                    password.set(String::new());
                    message.set(Some(
                        t(&format!("console-account-done-{action}")).to_string(),
                    ));
                    on_change.run(());
                }
                Err(e) => message.set(Some(e.first_message())),
            }
        });
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
                <span class="muted" role="status">{move || message.get()}</span>
            </td>
        </tr>
    }
}
