//! Grading a case and handing it to an officer in one step: category, importance, urgency,
//! unit and level, the officer (only those who may hold a case of the chosen unit), and a reason
//! of its own — one action, one event.

use app::api::{self, text as s};
use domain::api::case::CaseView;
use domain::api::staff::{ActionRequest, CaseAction};
use domain::taxonomy::Status;
use leptos::prelude::*;

use crate::texts::t;

#[component]
pub fn GradingForm(c: CaseView, may_assign: bool, on_change: Callback<()>) -> impl IntoView {
    let code = |v: Option<&'static str>| v.unwrap_or_default().to_string();
    let letter = |l: Option<domain::grade::Letter>| l.map(|l| l.to_string()).unwrap_or_default();
    // as graded now: the form starts here, and an unchanged grading with a new officer is an assignment
    let graded = [
        code(c.category.map(|c| c.code())),
        letter(c.importance),
        letter(c.urgency),
        code(c.department.map(|d| d.code())),
        c.level.unwrap_or(2).to_string(),
    ];
    let [category, importance, urgency, department, level] = graded.clone().map(RwSignal::new);
    let assignee = RwSignal::new(c.assignee_id.map(|i| i.to_string()).unwrap_or_default());
    let reason = RwSignal::new(String::new());
    let meta = LocalResource::new(api::meta);
    // who may hold a case of the unit chosen now
    let officers = LocalResource::new(move || {
        let unit = department.get();
        async move {
            if !may_assign {
                return None;
            }
            api::get_json(&format!("/api/staff/assignees?department={unit}"))
                .await
                .ok()
        }
    });
    let confirmed = c.status != Status::Submitted;
    let held_by = c.assignee_id;
    let sent = crate::send::case_action(c.case_no.clone(), on_change);
    let error = crate::send::failure(sent, |e| e.all_messages());
    let send = move |_| {
        let now = [category, importance, urgency, department, level].map(|x| x.get_untracked());
        let chosen = assignee.get_untracked().parse::<i64>().ok();
        // a confirmed grading left as it is, with only a new officer: that is an assignment
        if confirmed && now == graded && chosen.is_some() && chosen != held_by {
            sent.dispatch(ActionRequest {
                assignee: chosen,
                ..ActionRequest::new(CaseAction::Assign)
            });
            return;
        }
        let [category, importance, urgency, department, level] = now;
        sent.dispatch(ActionRequest {
            reason: reason.get_untracked(),
            category: Some(category),
            importance: Some(importance),
            urgency: Some(urgency),
            department: Some(department),
            level: Some(level.parse::<u8>().unwrap_or(2)),
            assignee: chosen,
            ..ActionRequest::new(CaseAction::Triage)
        });
    };
    let select = |sig: RwSignal<String>, id: &'static str, opts: Vec<(String, String)>| {
        view! {
            <select id=id on:change=move |ev| sig.set(event_target_value(&ev))>
                {opts.into_iter().map(|(v, l)| { let v2 = v.clone(); view! { <option value=v selected=move || sig.get() == v2>{l}</option> } }).collect_view()}
            </select>
        }
    };
    let letters = || {
        ["A", "B", "C"]
            .map(|l| (l.to_string(), l.to_string()))
            .to_vec()
    };
    view! {
        <fieldset class="triage">
            <legend>{t("console-do-triage")}</legend>
            <p class="error" role="alert" id="triage-error">{error}</p>
            <label>{t("console-filter-category")}
                {move || meta.get().and_then(|m| m.ok()).map(|m| select(category, "t-category", m.categories.into_iter().map(|c| (c.code, c.label)).collect()))}
            </label>
            <label>{t("console-importance")}{select(importance, "t-importance", letters())}</label>
            <label>{t("console-urgency")}{select(urgency, "t-urgency", letters())}</label>
            <label>{t("console-filter-department")}
                {move || meta.get().and_then(|m| m.ok()).map(|m| select(department, "t-department", m.departments.into_iter().map(|c| (c.code, c.label)).collect()))}
            </label>
            <label>{t("console-col-level")}{select(level, "t-level", (1..=4).map(|l| (l.to_string(), format!("{l} · {}", t(&format!("level-{l}"))))).collect())}</label>
            {may_assign.then(|| view! {
                <label>{t("console-assignee")}
                    <select id="t-assignee" on:change=move |ev| assignee.set(event_target_value(&ev))>
                        <option value="">{t("console-assignee-later")}</option>
                        {move || officers.get().flatten().map(|v| v["users"].as_array().cloned().unwrap_or_default().into_iter().map(|u| {
                            let id = u["id"].as_i64().unwrap_or_default().to_string();
                            let on = id == assignee.get_untracked();
                            view! { <option value=id selected=on>{format!("{} · {}", s(&u, "display_name"), t(&format!("console-role-{}", s(&u, "role"))))}</option> }
                        }).collect_view())}
                    </select>
                </label>
            })}
            <label for="t-reason">{t("console-triage-reason")}</label>
            <input id="t-reason" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
            <button class="btn" id="do-triage" on:click=send disabled=move || sent.pending().get()>{t("console-do-triage")}</button>
        </fieldset>
    }
}
