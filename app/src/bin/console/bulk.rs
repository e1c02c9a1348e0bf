//! Work on many cases at once from the queue: tick them, then confirm their automatic grading
//! or hand them all to one officer. Each case goes through the same action as on its own page,
//! so every rule and record holds; the bar says how many went through and which did not.

use std::collections::BTreeMap;

use app::api::{self, text as s};
use domain::api::desk::QueueItem;
use domain::api::staff::{ActionRequest, CaseAction};
use domain::taxonomy::Status;
use leptos::prelude::*;

use crate::texts::{t, tf};

/// Each ticked case's number with the action it takes.
type Jobs = Vec<(String, ActionRequest)>;

/// The ticked cases of the page shown, by number.
pub type Picked = RwSignal<BTreeMap<String, QueueItem>>;

/// The triage action that confirms a case's grading as it stands (the engine's, for a new case).
fn confirm_body(it: &QueueItem) -> Option<ActionRequest> {
    let grade = it.grade.as_deref()?;
    let mut letters = grade.chars();
    let (importance, urgency) = (letters.next()?, letters.next()?);
    Some(ActionRequest {
        category: Some(it.category?.code().into()),
        importance: Some(importance.to_string()),
        urgency: Some(urgency.to_string()),
        department: Some(it.department?.code().into()),
        level: Some(it.level?),
        ..ActionRequest::new(CaseAction::Triage)
    })
}

#[component]
pub fn BulkBar(picked: Picked, on_done: Callback<()>) -> impl IntoView {
    let officer = RwSignal::new(String::new());
    // one case after another through its own action; the value is how many went through and
    // which did not
    let sent: Action<Jobs, (usize, Vec<String>)> = Action::new_local(move |jobs: &Jobs| {
        let jobs = jobs.clone();
        async move {
            let (mut ok, mut failed) = (0usize, Vec::new());
            for (no, body) in jobs {
                let path = format!("/api/staff/cases/{no}/actions");
                match api::post::<serde_json::Value>(&path, None, &body).await {
                    Ok(_) => ok += 1,
                    Err(_) => failed.push(no),
                }
            }
            picked.set(BTreeMap::new());
            on_done.run(());
            (ok, failed)
        }
    });
    let busy = move || sent.pending().get();
    let outcome = move || {
        sent.value().with(|v| {
            v.as_ref().map(|(ok, failed)| {
                if failed.is_empty() {
                    tf("console-bulk-done", &[("n", &ok.to_string())])
                } else {
                    tf(
                        "console-bulk-partly",
                        &[("n", &ok.to_string()), ("failed", &failed.join("、"))],
                    )
                }
            })
        })
    };
    // one unit for every ticked case: its handlers and the desk; mixed units: the desk only
    let unit = Memo::new(move |_| {
        let units: std::collections::BTreeSet<String> = picked.with(|p| {
            p.values()
                .map(|it| it.department.map_or("", |d| d.code()).to_string())
                .collect()
        });
        if units.len() == 1 {
            units.into_iter().next().unwrap_or_default()
        } else {
            String::new()
        }
    });
    let officers = LocalResource::new(move || {
        let unit = unit.get();
        async move {
            api::get_json(&format!("/api/staff/assignees?department={unit}"))
                .await
                .ok()
        }
    });
    let run = move |make: fn(&QueueItem, &str) -> Option<ActionRequest>| {
        let who = officer.get_untracked();
        let jobs: Jobs = picked.with_untracked(|p| {
            p.iter()
                .filter_map(|(no, it)| make(it, &who).map(|b| (no.clone(), b)))
                .collect()
        });
        sent.dispatch(jobs);
    };
    let confirm = move |_| {
        run(|it, _| {
            (it.status == Status::Submitted)
                .then(|| confirm_body(it))
                .flatten()
        })
    };
    let assign = move |_| {
        run(|_, who| {
            who.parse::<i64>().ok().map(|id| ActionRequest {
                assignee: Some(id),
                ..ActionRequest::new(CaseAction::Assign)
            })
        })
    };
    view! {
        {move || outcome().map(|m| view! { <p class="ok" role="status" id="bulk-outcome">{m}</p> })}
        {move || (!picked.with(|p| p.is_empty())).then(|| view! {
            <div class="bulk" id="bulk">
                <span>{move || tf("console-bulk-picked", &[("n", &picked.with(|p| p.len()).to_string())])}</span>
                <button class="btn" id="bulk-confirm" disabled=busy on:click=confirm>{t("console-bulk-confirm")}</button>
                <select id="bulk-officer" aria-label=t("console-assignee") on:change=move |ev| officer.set(event_target_value(&ev))>
                    <option value="">{t("console-assignee")}</option>
                    {move || officers.get().flatten().map(|v| v["users"].as_array().cloned().unwrap_or_default().into_iter().map(|u| view! {
                        <option value=u["id"].to_string()>{format!("{} · {}", s(&u, "display_name"), t(&format!("console-role-{}", s(&u, "role"))))}</option>
                    }).collect_view())}
                </select>
                <button class="btn" id="bulk-assign" disabled=move || busy() || officer.get().is_empty() on:click=assign>{t("console-bulk-assign")}</button>
            </div>
        })}
    }
}
