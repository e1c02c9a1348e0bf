//! The frame of every console page: who is logged in, the navigation, logout. Without a
//! session it sends the person to the login page.

use crate::texts::t;
use app::api::{self, ApiFailure};
use app::components::Loading;
use domain::staff::Permission;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The signed-in member of staff, for every page under the frame.
#[derive(Clone)]
pub struct Me(pub domain::api::desk::Me);

#[component]
pub fn Shell(children: ChildrenFn) -> impl IntoView {
    let me = LocalResource::new(api::me);
    crate::bell::watch();
    let navigate = use_navigate();
    let children = StoredValue::new(children);
    // signed out or not, the next page is the sign-in
    let sign_out = Action::new_local(|_: &()| async {
        let _ = api::post_json("/api/auth/logout", &serde_json::json!({})).await;
        let _ = window().location().set_href("/staff/login");
    });
    let logout = move |_| {
        sign_out.dispatch(());
    };
    view! {
        <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
            {move || me.get().map(|r| match r {
                Ok(user) => {
                    provide_context(Me(user.clone()));
                    view! {
                        <header class="topbar">
                            <a class="topbar__brand" href="/staff">{t("console-title")}</a>
                            <nav class="topbar__nav">
                                <a href="/staff">{t("console-nav-queue")}</a>
                                <a href="/staff/new">{t("console-nav-new")}</a>
                                <a href="/staff/batches">{t("console-nav-batches")}</a>
                                <a href="/staff/follow-ups">{t("console-nav-follow")}</a>
                                <a href="/staff/ledger">{t("console-nav-ledger")}</a>
                                {user.may(Permission::Statistics).then(|| view! { <a href="/staff/stats">{t("console-nav-stats")}</a> })}
                                {user.may(Permission::ManageUsers).then(|| view! { <a href="/staff/admin">{t("console-nav-admin")}</a> })}
                            </nav>
                            <crate::bell::Bell/>
                            <span class="topbar__me" id="me">{user.display_name.clone()}</span>
                            <button class="btn btn_plain" on:click=logout>{t("console-logout")}</button>
                        </header>
                        <main class="console">{children.with_value(|c| c())}</main>
                    }.into_any()
                }
                Err(ApiFailure::Api { status: 401, .. }) => {
                    navigate("/staff/login", Default::default());
                    ().into_any()
                }
                Err(e) => view! {
                    <div class="console"><p class="error" role="alert">{e.message()}</p>
                    <button class="btn" on:click=move |_| me.refetch()>{t("common-retry")}</button></div>
                }.into_any(),
            })}
        </Suspense>
    }
}
