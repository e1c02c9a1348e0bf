//! `/staff/follow-ups`: every 差评 (with the supervisor's decision) and every answer unrated
//! after three days, for 回访; the 差评 visit coverage; notifications that could not be sent.

use app::api;
use app::components::{Failed, Loading, Pager};
use domain::api::follow::{BadRating, FollowUps, ReviewRequest, UnratedAnswer, VisitRequest};
use domain::page::Paged;
use leptos::prelude::*;

use crate::send;
use crate::shell::Me;
use crate::texts::{t, tf};
use domain::staff::Permission;

use app::api::text as s;

#[component]
pub fn FollowUps() -> impl IntoView {
    let bad_page = RwSignal::new(1u64);
    let unrated_page = RwSignal::new(1u64);
    let data = LocalResource::new(move || {
        let (b, u) = (bad_page.get(), unrated_page.get());
        async move {
            api::get::<FollowUps>(&format!("/api/staff/follow-ups?page={b}&unrated_page={u}")).await
        }
    });
    let me = use_context::<Me>();
    let may = |p: Permission| me.as_ref().is_some_and(|m| m.0.may(p));
    let can = Can {
        review: may(Permission::ReviewRatings),
        visit: may(Permission::ReturnVisit),
    };
    let sees_outbox = may(Permission::Outbox);
    let refresh = Callback::new(move |_| data.refetch());
    view! {
        <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
            {move || data.get().map(|r| match r {
                Ok(v) => {
                    let cov = &v.coverage;
                    let rate = cov.rate * 100.0;
                    view! {
                        <section class="card">
                            <h1>{t("console-follow-title")}</h1>
                            <p class="coverage" id="coverage" class:late=rate < 100.0>
                                {tf("console-coverage", &[("n", &cov.bad_visited.to_string()), ("total", &cov.bad_total.to_string()),
                                    ("p", &format!("{rate:.0}"))])}
                            </p>
                            {list(v.bad.map(Row::Bad), "bad-", bad_page, can, refresh)}
                            {list(v.unrated.map(Row::Unrated), "unrated-", unrated_page, can, refresh)}
                        </section>
                    }.into_any()
                }
                Err(e) => view! { <Failed text=e.message() on_retry=Callback::new(move |_| data.refetch())/> }.into_any(),
            })}
        </Suspense>
        {sees_outbox.then(|| view! { <Outbox/><crate::bell::StaffOutbox/> })}
    }
}

/// What the reader may do on a row.
#[derive(Clone, Copy)]
struct Can {
    review: bool,
    visit: bool,
}

/// One of the two lists (`name`: `bad-` or `unrated-`): heading with its count, a page of rows,
/// and its own pager.
fn list(
    v: Paged<Row>,
    name: &'static str,
    page: RwSignal<u64>,
    can: Can,
    refresh: Callback<()>,
) -> impl IntoView {
    let bad = name == "bad-";
    let heading = if bad {
        "console-follow-bad"
    } else {
        "console-follow-unrated"
    };
    let pages = v.pages;
    view! {
        <h2 id=format!("{name}list")>{t(heading)}" "
            <span class="muted">{tf("console-ledger-total", &[("n", &v.total.to_string())])}</span>
        </h2>
        {rows(v.items, can, refresh)}
        {(pages > 1).then(|| view! { <Pager page pages name/> })}
    }
}

/// A row of either list.
#[derive(Clone)]
enum Row {
    Bad(BadRating),
    Unrated(UnratedAnswer),
}

fn rows(items: Vec<Row>, can: Can, refresh: Callback<()>) -> AnyView {
    if items.is_empty() {
        return view! { <p class="empty">{t("console-empty")}</p> }.into_any();
    }
    view! {
        <ul class="follow-list">
            {items.into_iter().map(|it| {
                let (no, title, visits, bad) = match &it {
                    Row::Bad(b) => (b.case_no.clone(), b.title.clone(), b.visits, Some(b.clone())),
                    Row::Unrated(u) => (u.case_no.clone(), u.title.clone(), u.visits, None),
                };
                let pending = bad.as_ref().is_some_and(BadRating::pending);
                view! {
                    <li class="follow">
                        <a class="case-link" href=format!("/staff/cases/{no}")>{no.clone()}</a>" "{title}
                        {bad.map(|b| view! {
                            <span class="chip chip_A">{t(&format!("rating-{}", b.score))}</span>
                            <span class="muted">{b.comment.unwrap_or_default()}</span>
                            <span class="flag">{t(&format!("console-review-{}", b.review.unwrap_or_default()))}</span>
                        })}
                        <span class="muted">{tf("console-visits", &[("n", &visits.to_string())])}</span>
                        {(can.review && pending).then(|| view! { <ReviewForm no=no.clone() refresh/> })}
                        {can.visit.then(|| view! { <VisitForm no=no.clone() refresh/> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn ReviewForm(no: String, refresh: Callback<()>) -> impl IntoView {
    let outcome = RwSignal::new("rectify".to_string());
    let note = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let days = RwSignal::new("5".to_string());
    let sent = send::post(
        move |_: &ReviewRequest| format!("/api/staff/cases/{no}/review"),
        move |_, _: &serde_json::Value| refresh.run(()),
    );
    let error = send::failure(sent, |e| e.first_message());
    let send = move |_| {
        sent.dispatch(ReviewRequest {
            outcome: outcome.get_untracked(),
            note: note.get_untracked(),
            message: message.get_untracked(),
            days: days.get_untracked().parse::<u32>().ok(),
        });
    };
    view! {
        <div class="inline-form">
            <select on:change=move |ev| outcome.set(event_target_value(&ev))>
                {["rectify", "explain", "appeal"].into_iter().map(|o| view! { <option value=o>{t(&format!("console-review-{o}"))}</option> }).collect_view()}
            </select>
            <label class="field">{t("console-rectify-days")}
                <input type="number" min="1" max="60" class="days" id="review-days" prop:value=move || days.get()
                    on:input=move |ev| days.set(event_target_value(&ev))/></label>
            <label class="field">{t("console-review-note-label")}
                <input id="review-note" placeholder=t("console-review-note") on:input=move |ev| note.set(event_target_value(&ev))/></label>
            <label class="field">{t("console-review-message-label")}
                <input id="review-message" placeholder=t("console-review-message") on:input=move |ev| message.set(event_target_value(&ev))/></label>
            <button class="btn btn_primary" on:click=send disabled=move || sent.pending().get()>{t("console-do-review")}</button>
            <span class="error" role="alert">{error}</span>
        </div>
    }
}

#[component]
fn VisitForm(no: String, refresh: Callback<()>) -> impl IntoView {
    use domain::taxonomy::{VisitChannel, VisitOutcome};
    let channel = RwSignal::new("phone".to_string());
    // no outcome until the officer picks one: a visit is never recorded as satisfied by default
    let outcome = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let sent = send::post(
        move |_: &VisitRequest| format!("/api/staff/cases/{no}/visits"),
        move |_, _: &serde_json::Value| refresh.run(()),
    );
    // a visit is never sent without an outcome the officer picked
    let unpicked = RwSignal::new(false);
    let failed = send::failure(sent, |e| e.message());
    let error = move || {
        unpicked
            .get()
            .then(|| t("console-visit-choose").to_string())
            .or_else(failed)
    };
    let send = move |_| {
        unpicked.set(outcome.get_untracked().is_empty());
        if !unpicked.get_untracked() {
            sent.dispatch(VisitRequest {
                channel: channel.get_untracked(),
                outcome: outcome.get_untracked(),
                note: note.get_untracked(),
            });
        }
    };
    view! {
        <div class="inline-form">
            <label class="field">{t("console-visit-channel")}
                <select on:change=move |ev| channel.set(event_target_value(&ev))>
                    {VisitChannel::ALL.iter().map(|c| view! { <option value=c.code()>{c.label(app::i18n::lang())}</option> }).collect_view()}
                </select></label>
            <label class="field">{t("console-visit-outcome")}
                <select class="visit-outcome" on:change=move |ev| outcome.set(event_target_value(&ev))>
                    <option value="" selected disabled>{t("console-visit-choose")}</option>
                    {VisitOutcome::ALL.iter().map(|o| view! { <option value=o.code()>{o.label(app::i18n::lang())}</option> }).collect_view()}
                </select></label>
            <label class="field">{t("console-visit-note")}
                <input on:input=move |ev| note.set(event_target_value(&ev))/></label>
            <button class="btn" on:click=send disabled=move || sent.pending().get()>{t("console-do-visit")}</button>
            <span class="error" role="alert">{error}</span>
        </div>
    }
}

/// Notifications the webhook refused or could not be reached for.
#[component]
fn Outbox() -> impl IntoView {
    let failed = LocalResource::new(|| api::get_json("/api/staff/outbox?status=failed"));
    view! {
        <section class="card">
            <h2>{t("console-outbox-failed")}</h2>
            {move || failed.get().and_then(|r| r.ok()).map(|v| {
                let items = v["items"].as_array().cloned().unwrap_or_default();
                if items.is_empty() {
                    return view! { <p class="muted">{t("console-empty")}</p> }.into_any();
                }
                view! { <table class="table"><tbody>{items.into_iter().map(|it| view! {
                    <tr><td>{s(&it, "case_no")}</td><td>{s(&it, "kind")}</td><td>{it["attempts"].to_string()}</td>
                        <td class="late">{s(&it, "last_error")}</td><td>{s(&it, "created_at_text")}</td></tr>
                }).collect_view()}</tbody></table> }.into_any()
            })}
        </section>
    }
}
