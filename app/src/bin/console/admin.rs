//! `/staff/admin`: staff accounts, reply templates, knowledge, and (in `settings.rs`) the
//! commitment and the working calendar (administrators only).

use app::api;
use app::components::{Failed, Loading, Pager};
use leptos::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;

use crate::texts::{category_label, t, tf};

use app::api::text as s;

#[component]
pub fn Admin() -> impl IntoView {
    view! {
        <div class="admin">
            <Users/>
            <crate::settings::Settings/>
            <crate::routing::RoutingRules/>
            <crate::agreement::EngineAgreement/>
            <Templates/>
            <Knowledge/>
            <crate::person::PersonRights/>
            <crate::audit::AuditLog/>
        </div>
    }
}

#[component]
fn Users() -> impl IntoView {
    let users = LocalResource::new(|| api::get_json("/api/staff/users"));
    let meta = LocalResource::new(api::meta);
    let form = RwSignal::new(BTreeMap::<&'static str, String>::from([(
        "role",
        "front_desk".to_string(),
    )]));
    let sent = crate::send::post(
        |_: &Value| "/api/staff/users".to_string(),
        move |_, _: &Value| users.refetch(),
    );
    // the refused fields of the last try, each under its input
    let errors = Memo::new(move |_| {
        sent.value().with(|v| match v {
            Some(Err(e)) => e.fields(),
            _ => BTreeMap::new(),
        })
    });
    let input = move |name: &'static str, kind: &'static str| {
        view! {
            <label for=format!("u-{name}")>{t(&format!("console-user-{name}"))}</label>
            <input id=format!("u-{name}") type=kind on:input=move |ev| form.update(|f| { f.insert(name, event_target_value(&ev)); })/>
            <p class="error">{move || errors.with(|e| e.get(name).cloned())}</p>
        }
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = form.get_untracked();
        sent.dispatch(json!({
            "username": f.get("username"), "display_name": f.get("display_name"), "role": f.get("role"),
            "department": f.get("department").filter(|d| !d.is_empty()), "password": f.get("password"),
        }));
    };
    view! {
        <section class="card">
            <h1>{t("console-admin-users")}</h1>
            <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
                {move || users.get().map(|r| match r {
                    Ok(v) => view! {
                        <table class="table" id="accounts">
                            <thead><tr>
                                <th>{t("console-user-username")}</th><th>{t("console-user-display_name")}</th>
                                <th>{t("console-user-role")}</th><th>{t("console-account-unit")}</th>
                                <th>{t("console-account-state")}</th><th>{t("console-account-actions")}</th>
                            </tr></thead>
                            <tbody>
                                {v["users"].as_array().cloned().unwrap_or_default().into_iter().map(|u| view! {
                                    <crate::accounts::UserRow u=u on_change=Callback::new(move |_| users.refetch())/>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(e) => view! { <Failed text=e.message() on_retry=Callback::new(move |_| users.refetch())/> }.into_any(),
                })}
            </Suspense>
            <form class="grid-form" on:submit=add novalidate>
                <h2>{t("console-admin-add-user")}</h2>
                {input("username", "text")}
                {input("display_name", "text")}
                <label for="u-role">{t("console-user-role")}</label>
                <select id="u-role" on:change=move |ev| form.update(|f| { f.insert("role", event_target_value(&ev)); })>
                    {["front_desk", "handler", "supervisor", "leader", "admin"].into_iter()
                        .map(|r| view! { <option value=r>{t(&format!("console-role-{r}"))}</option> }).collect_view()}
                </select>
                <label for="u-department">{t("console-user-department")}</label>
                <select id="u-department" on:change=move |ev| form.update(|f| { f.insert("department", event_target_value(&ev)); })>
                    <option value="">"—"</option>
                    {move || meta.get().and_then(|m| m.ok()).map(|m| m.departments.into_iter().map(|d| view! { <option value=d.code>{d.label}</option> }).collect_view())}
                </select>
                <p class="error">{move || errors.with(|e| e.get("department").cloned())}</p>
                {input("password", "password")}
                <button class="btn btn_primary" type="submit">{t("console-admin-add-user")}</button>
            </form>
        </section>
    }
}

#[component]
fn Templates() -> impl IntoView {
    let list = LocalResource::new(|| api::get_json("/api/staff/templates"));
    let editing = RwSignal::new(None::<Value>);
    let sent = crate::send::post(
        |tpl: &Value| match tpl["id"].as_i64() {
            Some(id) => format!("/api/staff/templates/{id}"),
            None => "/api/staff/templates".to_string(),
        },
        move |_, _: &Value| {
            editing.set(None);
            list.refetch();
        },
    );
    let error = crate::send::failure(sent, |e| e.first_message());
    let save = move |_| {
        if let Some(tpl) = editing.get_untracked() {
            sent.dispatch(tpl);
        }
    };
    let edit_field = move |k: &'static str, v: String| {
        editing.update(|e| {
            if let Some(e) = e {
                e[k] = json!(v);
            }
        })
    };
    view! {
        <section class="card">
            <h1>{t("console-admin-templates")}</h1>
            <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
                {move || list.get().map(|r| match r {
                    Ok(v) => view! {
                        <ul class="templates">{v["templates"].as_array().cloned().unwrap_or_default().into_iter().map(|tpl| {
                            let tpl2 = tpl.clone();
                            view! { <li><button class="btn btn_plain" on:click=move |_| editing.set(Some(tpl2.clone()))>
                                {format!("[{}] {}", category_label(&s(&tpl, "category")), s(&tpl, "title"))}</button></li> }
                        }).collect_view()}</ul>
                    }.into_any(),
                    Err(e) => view! { <Failed text=e.message() on_retry=Callback::new(move |_| list.refetch())/> }.into_any(),
                })}
            </Suspense>
            <button class="btn" on:click=move |_| editing.set(Some(json!({"category": "basic", "title": "", "body": ""})))>{t("console-admin-new-template")}</button>
            {move || editing.get().map(|tpl| view! {
                <div class="grid-form">
                    <label for="tpl-category">{t("console-filter-category")}</label>
                    <select id="tpl-category" on:change=move |ev| edit_field("category", event_target_value(&ev))>
                        {["basic", "consult", "practice", "innovation"].into_iter().map(|c| {
                            let on = tpl["category"] == c;
                            view! { <option value=c selected=on>{category_label(c)}</option> }
                        }).collect_view()}
                    </select>
                    <label for="tpl-title">{t("console-batch-title")}</label>
                    <input id="tpl-title" prop:value=s(&tpl, "title") on:input=move |ev| edit_field("title", event_target_value(&ev))/>
                    <label for="tpl-body">{t("console-reply-box")}</label>
                    <textarea id="tpl-body" rows="6" prop:value=s(&tpl, "body") on:input=move |ev| edit_field("body", event_target_value(&ev))></textarea>
                    <p class="error" role="alert">{error}</p>
                    <button class="btn btn_primary" on:click=save disabled=move || sent.pending().get()>{t("console-admin-save")}</button>
                </div>
            })}
        </section>
    }
}

/// Policies, Q&A and fees: edit one entry (saved as a one-line import) or retire/restore it.
#[component]
fn Knowledge() -> impl IntoView {
    let kind = RwSignal::new("policy".to_string());
    let q = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    let list = LocalResource::new(move || {
        let (k, q, p) = (kind.get(), q.get(), page.get());
        async move {
            api::get_json(&format!(
                "/api/admin/knowledge?kind={k}&q={}&page={p}",
                api::encode(&q)
            ))
            .await
        }
    });
    let editing = RwSignal::new(None::<Value>);
    // retire or restore: the path says which entry and what
    let toggled: crate::send::Sent<String> = Action::new_local(move |path: &String| {
        let path = path.clone();
        async move {
            let answer = api::post(&path, None, &json!({})).await;
            if answer.is_ok() {
                list.refetch();
            }
            answer
        }
    });
    let toggle = move |k: String, id: String, retire: bool| {
        let action = if retire { "retire" } else { "restore" };
        toggled.dispatch(format!("/api/admin/knowledge/{k}/{id}/{action}"));
    };
    // one JSON line, as the import reads it
    let saved: crate::send::Sent<String> = Action::new_local(move |line: &String| {
        let line = line.clone();
        async move {
            let answer = api::post_jsonl("/api/admin/import", line).await;
            if answer.is_ok() {
                editing.set(None);
                list.refetch();
            }
            answer
        }
    });
    let failed_toggle = crate::send::failure(toggled, |e| e.message());
    let failed_save = crate::send::failure(saved, |e| e.first_message());
    let error = move || failed_save().or_else(failed_toggle);
    let save = move |_| {
        let Some(v) = editing.get_untracked() else {
            return;
        };
        // one JSON line: the common fields plus the kind's own, as the import expects
        let mut line = v["extra"].as_object().cloned().unwrap_or_default();
        line.remove("port_label");
        for k in ["kind", "id", "title", "body", "department", "tags"] {
            line.insert(k.into(), v[k].clone());
        }
        saved.dispatch(format!("{}\n", Value::Object(line)));
    };
    let edit = move |k: &'static str, v: String| {
        editing.update(|e| {
            if let Some(e) = e {
                e[k] = json!(v);
            }
        })
    };
    view! {
        <section class="card">
            <h1>{t("console-admin-knowledge")}</h1>
            <select id="kb-kind" on:change=move |ev| { page.set(1); kind.set(event_target_value(&ev)) }>
                {["policy", "faq", "fee"].into_iter().map(|k| view! { <option value=k>{t(&format!("console-kb-{k}"))}</option> }).collect_view()}
            </select>
            <input type="search" id="kb-q" maxlength="100" placeholder=t("console-kb-search-hint") aria-label=t("console-kb-search-hint")
                on:change=move |ev| { page.set(1); q.set(event_target_value(&ev)) }/>
            <p class="error" role="alert">{error}</p>
            {move || editing.get().map(|v| view! {
                <div class="grid-form">
                    <label for="kb-title">{t("console-batch-title")}</label>
                    <input id="kb-title" prop:value=s(&v, "title") on:input=move |ev| edit("title", event_target_value(&ev))/>
                    <label for="kb-body">{t("console-reply-box")}</label>
                    <textarea id="kb-body" rows="8" prop:value=s(&v, "body") on:input=move |ev| edit("body", event_target_value(&ev))></textarea>
                    <button class="btn btn_primary" id="kb-save" on:click=save>{t("console-admin-save")}</button>
                </div>
            })}
            <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
            {move || list.get().map(|r| match r {
                Ok(v) => view! {
                <p class="muted" id="kb-total">{tf("console-ledger-total", &[("n", &v["total"].to_string())])}</p>
                <table class="table" id="kb-list"><tbody>
                    {v["items"].as_array().cloned().unwrap_or_default().into_iter().map(|it| {
                        let (k, id) = (s(&it, "kind"), s(&it, "id"));
                        let retired = it["retired"].as_bool().unwrap_or(false);
                        let it2 = it.clone();
                        view! {
                            <tr class:retired=retired>
                                <td data-user="">{id.clone()}</td><td data-user="">{s(&it, "title")}</td>
                                <td><button class="btn btn_plain" on:click=move |_| editing.set(Some(it2.clone()))>{t("console-kb-edit")}</button></td>
                                <td><button class="btn" on:click=move |_| toggle(k.clone(), id.clone(), !retired)>
                                    {if retired { t("console-kb-restore") } else { t("console-kb-retire") }}
                                </button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody></table>
                <Pager page pages=v["pages"].as_u64().unwrap_or(1)/>
                }.into_any(),
                Err(e) => view! { <Failed text=e.message() on_retry=Callback::new(move |_| list.refetch())/> }.into_any(),
            })}
            </Suspense>
        </section>
    }
}
