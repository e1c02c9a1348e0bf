//! `/staff/login`: username and password; a locked account is told when to try again.

use crate::texts::t;
use app::api;
use leptos::prelude::*;
use serde_json::json;

#[component]
pub fn Login() -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let body =
                json!({"username": username.get_untracked(), "password": password.get_untracked()});
            match api::post_json("/api/auth/login", &body).await {
                Ok(_) => {
                    let _ = window().location().set_href("/staff");
                }
                Err(e) => {
                    error.set(Some(e.message()));
                    busy.set(false);
                }
            }
        });
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
                <p id="login-error" class="error" role="alert">{move || error.get()}</p>
                <button class="btn btn_primary" id="login" type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { t("console-logging-in") } else { t("console-login") }}
                </button>
            </form>
        </main>
    }
}
