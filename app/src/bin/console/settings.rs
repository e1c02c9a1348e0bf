//! `/staff/admin`: the published commitment and the working calendar (administrators only).
//! The rules are `domain::settings`'s; this page only edits and shows what the API refuses.

use app::api;
use app::components::{Failed, Loading};
use leptos::prelude::*;
use serde_json::{json, Value};

use crate::texts::t;
use app::api::text as s;
use domain::settings::DayInput;

const SPANS: [&str; 3] = ["first_response", "resolution", "innovation_resolution"];

/// `{"working_hours": 2}` → (2, "working_hours").
fn span_parts(v: &Value) -> (u64, String) {
    v.as_object()
        .and_then(|o| o.iter().next())
        .map(|(unit, n)| (n.as_u64().unwrap_or(1), unit.clone()))
        .unwrap_or((1, "working_days".into()))
}

/// Loads `/api/admin/settings` once for both editors.
#[component]
pub fn Settings() -> impl IntoView {
    let settings = LocalResource::new(|| api::get_json("/api/admin/settings"));
    view! {
        <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
            {move || settings.get().map(|r| match r {
                Ok(v) => view! {
                    <CommitmentEditor rows=v["commitment"]["rows"].clone()/>
                    <CalendarEditor calendar=v["calendar"].clone()/>
                }.into_any(),
                Err(e) => view! { <section class="card"><Failed text=e.message() on_retry=Callback::new(move |_| settings.refetch())/></section> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn CommitmentEditor(rows: Value) -> impl IntoView {
    let rows = RwSignal::new(rows);
    let saved = RwSignal::new(false);
    let set = move |i: usize, span: &'static str, n: Option<u64>, unit: Option<String>| {
        rows.update(|r| {
            let (old_n, old_unit) = span_parts(&r[i][span]);
            let unit = unit.unwrap_or(old_unit);
            r[i][span] = json!({ unit: n.unwrap_or(old_n) });
        });
        saved.set(false);
    };
    let sent = crate::send::post(
        |_: &Value| "/api/admin/commitment".to_string(),
        move |_, _: &Value| saved.set(true),
    );
    let error = crate::send::failure(sent, |e| e.first_message());
    let save = move |_| {
        sent.dispatch(json!({ "rows": rows.get_untracked() }));
    };
    let count = rows.with_untracked(|r| r.as_array().map_or(0, Vec::len));
    view! {
        <section class="card" id="commitment">
            <h1>{t("console-admin-commitment")}</h1>
            <p class="muted">{t("console-commitment-hint")}</p>
            <table class="table">
                <thead><tr>
                    <th>{t("console-commitment-urgency")}</th>
                    {SPANS.map(|sp| view! { <th>{t(&format!("console-commitment-{sp}"))}</th> })}
                </tr></thead>
                <tbody>
                {(0..count).map(|i| {
                    let urgency = rows.with_untracked(|r| s(&r[i], "urgency"));
                    view! {
                        <tr><th scope="row">{urgency.clone()}</th>
                        {SPANS.map(|sp| {
                            let id = format!("c-{urgency}-{sp}");
                            let label = format!("{urgency} · {}", t(&format!("console-commitment-{sp}")));
                            let (n, unit) = rows.with_untracked(|r| span_parts(&r[i][sp]));
                            view! { <td class="span-cell">
                                <input id=id.clone() type="number" min="1" max="60" aria-label=label.clone() value=n.to_string()
                                    on:input=move |ev| set(i, sp, event_target_value(&ev).parse().ok(), None)/>
                                <select aria-label=format!("{label} ({})", t("console-commitment-unit"))
                                    on:change=move |ev| set(i, sp, None, Some(event_target_value(&ev)))>
                                    {["working_hours", "working_days"].map(|u| view! {
                                        <option value=u selected={u == unit}>{t(&format!("console-commitment-{u}"))}</option>
                                    })}
                                </select>
                            </td> }
                        })}
                        </tr>
                    }
                }).collect_view()}
                </tbody>
            </table>
            <p class="error" role="alert">{error}</p>
            <p role="status">{move || saved.get().then(|| t("console-settings-saved"))}</p>
            <button class="btn btn_primary" id="commitment-save" on:click=save>{t("console-admin-save")}</button>
        </section>
    }
}

#[component]
fn CalendarEditor(calendar: Value) -> impl IntoView {
    // the rows as the form sends them back (date, kind, note)
    let all: Vec<DayInput> = serde_json::from_value(calendar["days"].clone()).unwrap_or_default();
    // every saved day of every year; the editor works on one year's copy
    let all = RwSignal::new(all);
    let builtin = RwSignal::new(calendar["source"] == "default");
    let saved = RwSignal::new(None::<i32>);
    let this_year = js_sys::Date::new_0().get_full_year() as i32;
    let year = RwSignal::new(this_year + 1);
    let days_of = move |y: i32| -> Vec<DayInput> {
        all.with_untracked(|all| {
            all.iter()
                .filter(|d| d.day.starts_with(&format!("{y}-")))
                .cloned()
                .collect()
        })
    };
    let days = RwSignal::new(days_of(year.get_untracked()));
    let draft = RwSignal::new(DayInput {
        day: String::new(),
        kind: "holiday".into(),
        note: None,
    });
    // a notice that named no day; a failed save is the action's own
    let unread = RwSignal::new(false);
    let change_year = move |y: i32| {
        year.set(y);
        days.set(days_of(y));
        unread.set(false);
        saved.set(None);
    };
    let add = move |_| {
        let d = draft.get_untracked();
        if d.day.is_empty() {
            return;
        }
        days.update(|list| {
            list.retain(|x| x.day != d.day);
            list.push(d.clone());
            list.sort_by(|a, b| a.day.cmp(&b.day));
        });
        saved.set(None);
        draft.update(|x| x.day.clear());
    };
    // a pasted State Council notice replaces the year's list, for review before saving
    let notice = RwSignal::new(String::new());
    let read_notice = move |_| {
        let y = year.get_untracked();
        match domain::settings::parse_notice(y, &notice.get_untracked()) {
            Some(found) => {
                days.set(found);
                unread.set(false);
                saved.set(None);
            }
            None => unread.set(true),
        }
    };
    let sent: crate::send::Sent<(i32, Vec<DayInput>)> =
        Action::new_local(move |(y, plan): &(i32, Vec<DayInput>)| {
            let (y, plan) = (*y, plan.clone());
            async move {
                let path = format!("/api/admin/calendar/{y}");
                let answer = api::post(&path, None, &json!({ "days": plan })).await;
                if answer.is_ok() {
                    all.update(|all| {
                        all.retain(|d| !d.day.starts_with(&format!("{y}-")));
                        all.extend(plan);
                    });
                    builtin.set(false);
                    saved.set(Some(y));
                }
                answer
            }
        });
    let failed = crate::send::failure(sent, |e| e.first_message());
    let error = move || {
        unread
            .get()
            .then(|| t("console-calendar-notice-none").to_string())
            .or_else(failed)
    };
    let save = move |_| {
        unread.set(false);
        sent.dispatch((year.get_untracked(), days.get_untracked()));
    };
    view! {
        <section class="card" id="calendar">
            <h1>{t("console-admin-calendar")}</h1>
            <p class="muted">{move || if builtin.get() { t("console-calendar-builtin") } else { t("console-calendar-hint") }}</p>
            <label for="cal-year">{t("console-calendar-year")}</label>
            <select id="cal-year" on:change=move |ev| change_year(event_target_value(&ev).parse().unwrap_or(this_year))>
                {(this_year - 1..=this_year + 2).map(|y| view! {
                    <option value=y.to_string() selected={y == this_year + 1}>{y.to_string()}</option>
                }).collect_view()}
            </select>
            <table class="table" id="cal-days">
                <thead><tr><th>{t("console-calendar-day")}</th><th>{t("console-calendar-kind")}</th>
                    <th>{t("console-calendar-note")}</th><th></th></tr></thead>
                <tbody>
                {move || days.get().into_iter().map(|d| {
                    let gone = d.day.clone();
                    view! { <tr>
                        <td>{d.day.clone()}</td>
                        <td>{t(&format!("console-calendar-{}", d.kind))}</td>
                        <td>{d.note.clone()}</td>
                        <td><button class="btn btn_plain" aria-label=format!("{} {}", t("console-calendar-remove"), d.day)
                            on:click=move |_| days.update(|l| l.retain(|x| x.day != gone))>{t("console-calendar-remove")}</button></td>
                    </tr> }
                }).collect_view()}
                </tbody>
            </table>
            {move || days.with(Vec::is_empty).then(|| view! { <p class="muted">{t("console-calendar-empty")}</p> })}
            <div class="grid-form">
                <label for="cal-day">{t("console-calendar-day")}</label>
                <input id="cal-day" type="date" prop:value=move || draft.with(|d| d.day.clone())
                    on:input=move |ev| draft.update(|d| d.day = event_target_value(&ev))/>
                <label for="cal-kind">{t("console-calendar-kind")}</label>
                <select id="cal-kind" on:change=move |ev| draft.update(|d| d.kind = event_target_value(&ev))>
                    <option value="holiday">{t("console-calendar-holiday")}</option>
                    <option value="workday">{t("console-calendar-workday")}</option>
                </select>
                <label for="cal-note">{t("console-calendar-note")}</label>
                <input id="cal-note" maxlength="40" prop:value=move || draft.with(|d| d.note.clone().unwrap_or_default())
                    on:input=move |ev| draft.update(|d| d.note = Some(event_target_value(&ev)))/>
                <button class="btn" id="cal-add" on:click=add>{t("console-calendar-add")}</button>
            </div>
            <div class="grid-form">
                <label for="cal-notice">{t("console-calendar-notice")}</label>
                <textarea id="cal-notice" rows="4" placeholder=t("console-calendar-notice-example")
                    prop:value=move || notice.get() on:input=move |ev| notice.set(event_target_value(&ev))></textarea>
                <button class="btn" id="cal-read" on:click=read_notice>{t("console-calendar-notice-read")}</button>
            </div>
            <p class="error" role="alert">{error}</p>
            <p role="status">{move || saved.get().map(|y| crate::texts::tf("console-calendar-saved", &[("year", &y.to_string())]))}</p>
            <button class="btn btn_primary" id="cal-save" on:click=save>
                {move || crate::texts::tf("console-calendar-save", &[("year", &year.get().to_string())])}
            </button>
        </section>
    }
}
