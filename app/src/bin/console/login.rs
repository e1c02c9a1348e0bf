//! `/staff/login`: username and password; a locked account is told when to try again.

use crate::texts::t;
use leptos::prelude::*;
use serde_json::json;

#[component]
pub fn Login() -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let sent = crate::send::post(
        |_: &serde_json::Value| "/api/auth/login".to_string(),
        |_, _: &serde_json::Value| {
            let _ = window().location().set_href("/staff");
        },
    );
    let error = crate::send::failure(sent, |e| e.message());
    // busy from the click until the next page has loaded (or the sign-in failed)
    let busy = move || sent.pending().get() || sent.value().with(|v| matches!(v, Some(Ok(_))));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sent.dispatch(
            json!({"username": username.get_untracked(), "password": password.get_untracked()}),
        );
    };
    view! {
        <main class="login">
            <h1>{t("console-title")}</h1>
            <form class="card login__form" on:submit=submit>
                <h2>{t("console-login-title")}</h2>
                <label for="username">{t("console-username")}</label>
                <input id="username" name="username" autocomplete="username" required
                    prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev))/>
                <label for="password">{t("console-password")}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required
                    aria-describedby="login-error"
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                <p id="login-error" class="error" role="alert">{error}</p>
                <button class="btn btn_primary" id="login" type="submit" disabled=busy>
                    {move || if busy() { t("console-logging-in") } else { t("console-login") }}
                </button>
            </form>
        </main>
    }
}
