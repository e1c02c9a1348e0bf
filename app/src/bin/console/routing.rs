//! `/staff/admin`: the office's routing rules (`domain::triage::rules`), tried in order before
//! the model on every report: key words, exceptions, the category and/or unit they set, and why.

use app::api;
use app::components::{Failed, Loading};
use app::i18n::lang;
use domain::taxonomy::{Category, Department};
use leptos::prelude::*;
use serde_json::{json, Value};

use crate::texts::{t, tf};

/// Words as the administrator types them: separated by commas, 、, semicolons or spaces.
fn split(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ';', '；', ' ', '\n'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn joined(v: &Value) -> String {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("、")
        })
        .unwrap_or_default()
}

/// `rules.2.department` → "第3条：…" (which rule the API refused).
fn which(e: &api::ApiFailure) -> String {
    let fields = e.fields();
    match fields.iter().next() {
        Some((field, message)) => match field
            .split('.')
            .nth(1)
            .and_then(|n| n.parse::<usize>().ok())
        {
            Some(n) => tf(
                "console-rule-error",
                &[("n", &(n + 1).to_string()), ("message", message)],
            ),
            None => message.clone(),
        },
        None => e.message(),
    }
}

#[component]
pub fn RoutingRules() -> impl IntoView {
    let loaded = LocalResource::new(|| api::get_json("/api/admin/routing-rules"));
    view! {
        <section class="card" id="routing">
            <h1>{t("console-rules-title")}</h1>
            <p class="muted">{t("console-rules-hint")}</p>
            <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
                {move || loaded.get().map(|r| match r {
                    Ok(v) => view! { <Editor rules=v["rules"].clone()/> }.into_any(),
                    Err(e) => view! { <Failed text=e.message() on_retry=Callback::new(move |_| loaded.refetch())/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Editor(rules: Value) -> impl IntoView {
    // typing writes here without redrawing; adding or removing a rule redraws the rows
    let rules = RwSignal::new(rules.as_array().cloned().unwrap_or_default());
    let shape = RwSignal::new(0u32);
    let saved = RwSignal::new(false);
    let edit = move |i: usize, key: &'static str, v: Value| {
        rules.update_untracked(|r| {
            if let Some(rule) = r.get_mut(i) {
                rule[key] = v;
            }
        });
        saved.set(false);
    };
    let add = move |_| {
        rules.update_untracked(|r| r.push(json!({"words": [], "unless": [], "note": ""})));
        shape.update(|n| *n += 1);
    };
    let sent = crate::send::post(
        |_: &Value| "/api/admin/routing-rules".to_string(),
        move |_, _: &Value| saved.set(true),
    );
    let error = crate::send::failure(sent, which);
    let save = move |_| {
        sent.dispatch(json!({ "rules": rules.get_untracked() }));
    };
    let row = move |i: usize, rule: Value| {
        let id = |f: &str| format!("rule-{i}-{f}");
        let chosen = |k: &str| rule[k].as_str().unwrap_or_default().to_string();
        let (category, department) = (chosen("category"), chosen("department"));
        let remove = move |_| {
            rules.update_untracked(|r| {
                r.remove(i);
            });
            shape.update(|n| *n += 1);
            saved.set(false);
        };
        view! {
            <tr class="rule">
                <td>{i + 1}</td>
                <td><input id=id("words") aria-label=t("console-rule-words") value=joined(&rule["words"])
                    on:input=move |ev| edit(i, "words", json!(split(&event_target_value(&ev))))/></td>
                <td><input id=id("unless") aria-label=t("console-rule-unless") value=joined(&rule["unless"])
                    on:input=move |ev| edit(i, "unless", json!(split(&event_target_value(&ev))))/></td>
                <td><select id=id("category") aria-label=t("console-rule-category")
                    on:change=move |ev| edit(i, "category", json!(event_target_value(&ev)))>
                    <option value="">{t("console-rule-model")}</option>
                    {Category::ALL.iter().map(|c| view! { <option value=c.code() selected={c.code() == category}>{c.label(lang())}</option> }).collect_view()}
                </select></td>
                <td><select id=id("department") aria-label=t("console-rule-department")
                    on:change=move |ev| edit(i, "department", json!(event_target_value(&ev)))>
                    <option value="">{t("console-rule-model")}</option>
                    {Department::ALL.iter().map(|d| view! { <option value=d.code() selected={d.code() == department}>{d.label(lang())}</option> }).collect_view()}
                </select></td>
                <td><input id=id("note") aria-label=t("console-rule-note") value=chosen("note")
                    on:input=move |ev| edit(i, "note", json!(event_target_value(&ev)))/></td>
                <td><button class="btn btn_plain" aria-label=tf("console-rule-remove", &[("n", &(i + 1).to_string())]) on:click=remove>
                    {t("console-rule-delete")}</button></td>
            </tr>
        }
    };
    view! {
        <table class="table" id="rules">
            <thead><tr>
                <th>"#"</th><th>{t("console-rule-words")}</th><th>{t("console-rule-unless")}</th>
                <th>{t("console-rule-category")}</th><th>{t("console-rule-department")}</th><th>{t("console-rule-note")}</th><th></th>
            </tr></thead>
            <tbody>
                {move || {
                    shape.track();
                    rules.get_untracked().into_iter().enumerate().map(|(i, r)| row(i, r)).collect_view()
                }}
            </tbody>
        </table>
        <p class="error" role="alert">{error}</p>
        <p role="status">{move || saved.get().then(|| t("console-settings-saved"))}</p>
        <button class="btn" id="rule-add" on:click=add>{t("console-rule-add")}</button>" "
        <button class="btn btn_primary" id="rules-save" on:click=save>{t("console-admin-save")}</button>
    }
}
