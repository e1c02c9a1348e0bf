//! Staff are told: the bell in the top bar (the unread count, asked again every minute),
//! `/staff/notifications` (one's notifications, newest first, each a link to its case, and where
//! one is told besides the console), and the staff deliveries that failed for good.

use std::time::Duration;

use app::api::{self, ApiFailure};
use app::components::{Failed, Loading};
use domain::api::told::{Deliveries, Notification, Notifications, ReadRequest, ReadResult};
use domain::coordination::channel::{DeliveryChannel, Preference};
use leptos::prelude::*;
use serde_json::{json, Value};

use crate::send;
use crate::texts::{t, tf};
use crate::time::short;

/// How often the bell asks again.
const POLL: Duration = Duration::from_secs(60);

const UNREAD: &str = "/api/staff/notifications?unread=1";

/// The unread count, shared by the bell and the notifications page (which asks again after
/// marking read). An action, not a resource: asking again never suspends the page.
#[derive(Clone, Copy)]
pub struct Unread(Action<(), Result<Notifications, ApiFailure>>);

impl Unread {
    pub fn refresh(self) {
        self.0.dispatch(());
    }

    fn count(self) -> u32 {
        self.0.value().with(|v| {
            v.as_ref()
                .and_then(|r| r.as_ref().ok())
                .map_or(0, |p| p.unread + p.rights_open)
        })
    }
}

/// Starts asking for the unread count (now, then every minute) and provides it to the frame.
pub fn watch() {
    let ask = Action::new_local(|_: &()| api::get::<Notifications>(UNREAD));
    ask.dispatch(());
    if let Ok(handle) = set_interval_with_handle(
        move || {
            ask.dispatch(());
        },
        POLL,
    ) {
        on_cleanup(move || handle.clear());
    }
    provide_context(Unread(ask));
}

#[component]
pub fn Bell() -> impl IntoView {
    let unread = expect_context::<Unread>();
    let count = move || unread.count();
    view! {
        <a class="bell" id="bell" href="/staff/notifications"
            aria-label=move || tf("console-bell-label", &[("n", &count().to_string())])>
            <span aria-hidden="true">{t("console-nav-bell")}</span>
            {move || (count() > 0).then(|| view! { <span class="bell__count" id="bell-count">{count()}</span> })}
        </a>
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let page = LocalResource::new(|| api::get::<Notifications>("/api/staff/notifications"));
    let unread = use_context::<Unread>();
    let read: send::Sent<ReadRequest, ReadResult> = send::post(
        |_| "/api/staff/notifications/read".into(),
        move |_, _| {
            page.refetch();
            if let Some(u) = unread {
                u.refresh();
            }
        },
    );
    let read_all = move |_| {
        read.dispatch(ReadRequest {
            ids: Vec::new(),
            all: true,
        });
    };
    view! {
        <section class="card">
            <h1>{t("console-told-title")}</h1>
            // a Transition: marking read asks again, and the list stays put meanwhile (no flash of
            // "loading" that moves the form below it under the pointer)
            <Transition fallback=|| view! { <Loading text=t("common-loading")/> }>
                {move || page.get().map(|r| match r {
                    Ok(p) if p.items.is_empty() && p.rights_open == 0 => view! { <p class="muted">{t("console-told-empty")}</p> }.into_any(),
                    Ok(p) => view! {
                        <p>
                            <span id="told-unread">{tf("console-bell-label", &[("n", &p.unread.to_string())])}</span>" "
                            <button class="btn btn_plain" id="read-all" disabled=move || read.pending().get() || p.unread == 0
                                on:click=read_all>{t("console-told-read-all")}</button>
                        </p>
                        {(p.rights_open > 0).then(|| view! {
                            <p class="told__rights" id="told-rights"><a href="/staff/admin#person-rights">
                                {tf("console-told-rights", &[("n", &p.rights_open.to_string()), ("late", &p.rights_overdue.to_string())])}</a></p>
                        })}
                        <ul class="told" id="told">{p.items.into_iter().map(|n| item(n, read)).collect_view()}</ul>
                    }.into_any(),
                    Err(e) => view! { <Failed text=e.message() on_retry=Callback::new(move |_| page.refetch())/> }.into_any(),
                })}
            </Transition>
        </section>
        <PreferenceForm/>
    }
}

/// One notification: its kind, the case (a link, which also marks it read) and when.
fn item(n: Notification, read: send::Sent<ReadRequest, ReadResult>) -> impl IntoView {
    let id = n.id;
    let mark = move |_| {
        if !n.read {
            read.dispatch(ReadRequest {
                ids: vec![id],
                all: false,
            });
        }
    };
    view! {
        <li class="told__item" class:told__item_unread=!n.read>
            <span class="chip">{n.label}</span>" "
            <a class="case-link" href=format!("/staff/cases/{}", n.case_no) on:click=mark>{n.case_no.clone()}</a>" "
            {n.title}" "<span class="muted">{short(&domain::time::iso(n.at))}</span>
        </li>
    }
}

/// The form's state: the channel's kind and its two addresses, and the digest.
#[derive(Clone, Default)]
struct Draft {
    kind: String,
    url: String,
    to: String,
    digest: bool,
}

impl From<Preference> for Draft {
    fn from(p: Preference) -> Draft {
        let (url, to) = match &p.channel {
            DeliveryChannel::None => (String::new(), String::new()),
            DeliveryChannel::Wecom { url } => (url.as_str().into(), String::new()),
            DeliveryChannel::Email { url, to } => (url.as_str().into(), to.as_str().into()),
        };
        Draft {
            kind: p.channel.code().into(),
            url,
            to,
            digest: p.daily_digest,
        }
    }
}

#[component]
fn PreferenceForm() -> impl IntoView {
    let saved = LocalResource::new(|| api::get::<Preference>("/api/staff/me/notify"));
    view! {
        <section class="card" id="notify-pref">
            <h2>{t("console-told-pref-title")}</h2>
            <p class="muted">{t("console-told-pref-hint")}</p>
            <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
                {move || saved.get().map(|r| match r {
                    Ok(p) => view! { <PreferenceFields draft=Draft::from(p)/> }.into_any(),
                    Err(e) => view! { <Failed text=e.message() on_retry=Callback::new(move |_| saved.refetch())/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PreferenceFields(draft: Draft) -> impl IntoView {
    let d = RwSignal::new(draft);
    let save: send::Sent<Value, Preference> =
        send::post(|_| "/api/staff/me/notify".into(), |_, _| {});
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let v = d.get();
        save.dispatch(json!({"channel": {"kind": v.kind, "url": v.url, "to": v.to}, "daily_digest": v.digest}));
    };
    let done = move || save.value().with(|v| matches!(v, Some(Ok(_)))) && !save.pending().get();
    let error = send::failure(save, |e| e.all_messages());
    let kind = move || d.with(|v| v.kind.clone());
    view! {
        <form class="form notify-form" on:submit=submit>
            <label>{t("console-told-channel")}
                <select id="notify-kind" prop:value=kind
                    on:change=move |ev| d.update(|v| v.kind = event_target_value(&ev))>
                    <option value="none">{t("console-told-channel-none")}</option>
                    <option value="wecom">{t("console-told-channel-wecom")}</option>
                    <option value="email">{t("console-told-channel-email")}</option>
                </select>
            </label>
            <Show when=move || kind() != "none">
                <label>{t("console-told-url")}
                    <input id="notify-url" type="url" maxlength="500" placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"
                        prop:value=move || d.with(|v| v.url.clone())
                        on:input=move |ev| d.update(|v| v.url = event_target_value(&ev))/>
                </label>
            </Show>
            <Show when=move || kind() == "email">
                <label>{t("console-told-to")}
                    <input id="notify-to" type="email" maxlength="254"
                        prop:value=move || d.with(|v| v.to.clone())
                        on:input=move |ev| d.update(|v| v.to = event_target_value(&ev))/>
                </label>
            </Show>
            <label class="check">
                <input id="notify-digest" type="checkbox" prop:checked=move || d.with(|v| v.digest)
                    on:change=move |ev| d.update(|v| v.digest = event_target_checked(&ev))/>
                {t("console-told-digest")}
            </label>
            <button class="btn btn_primary" id="notify-save" type="submit" disabled=move || save.pending().get()>
                {t("console-told-save")}</button>
            {move || done().then(|| view! { <span class="ok" role="status" id="notify-saved">{t("console-told-saved")}</span> })}
            {move || error().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        </form>
    }
}

/// For those who see the outbox: staff deliveries that failed for good.
#[component]
pub fn StaffOutbox() -> impl IntoView {
    let failed =
        LocalResource::new(|| api::get::<Deliveries>("/api/staff/outbox/staff?status=failed"));
    view! {
        <section class="card" id="staff-outbox">
            <h2>{t("console-told-failed-title")}</h2>
            {move || failed.get().map(|r| match r {
                Ok(d) if d.items.is_empty() => view! { <p class="muted">{t("console-empty")}</p> }.into_any(),
                Ok(d) => view! { <table class="table"><tbody>{d.items.into_iter().map(|it| view! {
                    <tr><td>{it.case_no}</td><td>{it.staff}</td><td>{it.label}</td>
                        <td>{it.channel}</td><td>{it.attempts}</td>
                        <td class="late">{it.last_error.unwrap_or_default()}</td><td>{short(&domain::time::iso(it.at))}</td></tr>
                }).collect_view()}</tbody></table> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
            })}
        </section>
    }
}
