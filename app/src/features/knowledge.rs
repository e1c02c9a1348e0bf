//! 政策通: `/policies` (browse and search), `/policies/{id}` (interpretation first, full text
//! after, related Q&A), `/faq` (the handbook) and `/fees` (the published fee catalog).

use leptos::prelude::*;
use serde_json::Value;

use crate::api;
use crate::components::{Failed, Loading, Pager};
use crate::i18n::t;

use crate::api::encode;
use crate::api::text as s;

/// A snippet with its matching words marked (pieces from the API, never raw HTML).
fn snippet(pieces: &Value) -> impl IntoView {
    pieces
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|p| {
            let text = s(&p, "text");
            if p["hit"].as_bool().unwrap_or(false) {
                view! { <mark>{text}</mark> }.into_any()
            } else {
                text.into_any()
            }
        })
        .collect_view()
}

/// Search box with results as one types (debounced by the resource's own re-run).
#[component]
fn SearchBox(kind: &'static str) -> impl IntoView {
    let q = RwSignal::new(String::new());
    let results = LocalResource::new(move || {
        let q = q.get();
        async move {
            if q.trim().is_empty() {
                return Ok(Value::Null);
            }
            api::get_json(&format!(
                "/api/search?q={}&kind={kind}&limit=10",
                encode(&q)
            ))
            .await
        }
    });
    let base = base(kind);
    view! {
        <div class="weui-search-bar search">
            <input class="weui-search-bar__input search__input" id="search" type="search" placeholder=t("kb-search-placeholder")
                aria-label=t("kb-search-placeholder") prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev))/>
        </div>
        {move || results.get().map(|r| match r {
            Ok(Value::Null) => ().into_any(),
            Ok(v) => {
                let items = v["results"].as_array().cloned().unwrap_or_default();
                if items.is_empty() {
                    return view! { <p class="kb-empty">{t("kb-no-results")}</p> }.into_any();
                }
                view! {
                    <div class="weui-panel"><div class="weui-panel__bd" id="results">
                        {items.into_iter().map(|h| view! {
                            <a class="weui-media-box weui-media-box_text kb-hit" href=format!("{base}/{}", s(&h, "id"))>
                                <h2 class="weui-media-box__title">{s(&h, "title")}</h2>
                                <p class="weui-media-box__desc">{snippet(&h["snippet"])}</p>
                            </a>
                        }).collect_view()}
                    </div></div>
                }.into_any()
            }
            Err(e) => view! { <p class="kb-empty" role="alert">{e.message()}</p> }.into_any(),
        })}
    }
}

/// A policy's validity as a badge: always on its own page, in lists only when no longer in force.
fn validity(extra: &Value, always: bool) -> Option<impl IntoView> {
    let key = match extra["validity"].as_str()? {
        "in_force" if always => "kb-validity-in_force",
        "amended" => "kb-validity-amended",
        "repealed" => "kb-validity-repealed",
        _ => return None,
    };
    Some(
        view! { <span class="kb-validity" class:kb-validity--live=key.ends_with("in_force")>{t(key)}</span> },
    )
}

fn base(kind: &str) -> &'static str {
    if kind == "policy" {
        "/policies"
    } else {
        "/faq"
    }
}

/// Browse by topic (chips, kept in the address so a topic can be shared) and by department.
fn list_view(kind: &'static str) -> impl IntoView {
    let topic = crate::portal::query("topic");
    let department = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    // a new topic starts again from the first page; what is asked for is a memo, so setting the
    // page back to 1 afterwards (the pager's own signal) asks nothing twice
    Effect::watch(move || topic.get(), move |_, _, _| page.set(1), false);
    let asked = Memo::new(move |last: Option<&(String, String, u64)>| {
        let (d, t, p) = (department.get(), topic.get(), page.get());
        let p = match last {
            Some((_, was, _)) if *was != t => 1,
            _ => p,
        };
        (d, t, p)
    });
    let meta = LocalResource::new(api::meta);
    let list = LocalResource::new(move || {
        let (d, t, p) = asked.get();
        async move {
            api::get_json(&format!(
                "/api/knowledge?kind={kind}&department={}&topic={}&page={p}",
                encode(&d),
                encode(&t)
            ))
            .await
        }
    });
    let chips = move |v: &Value| {
        let current = topic.get();
        let chip = move |href: String, label: String, on: bool| {
            view! { <a class="kb-topic" class:on=on aria-current=on.then_some("page") href=href>{label}</a> }
        };
        let all = chip(
            base(kind).to_string(),
            t("kb-all-topics").to_string(),
            current.is_empty(),
        );
        let each = v["topics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|tp| {
                let code = s(&tp, "code");
                let on = code == current;
                chip(
                    format!("{}?topic={code}", base(kind)),
                    format!("{} {}", s(&tp, "label"), tp["count"]),
                    on,
                )
            })
            .collect_view();
        view! { <nav class="kb-topics" id="kb-topics" aria-label=t("kb-topics")>{all}{each}</nav> }
    };
    view! {
        <div class="kb-filter">
            <label for="kb-department">{t("kb-department")}</label>
            <select id="kb-department" on:change=move |ev| { page.set(1); department.set(event_target_value(&ev)) }>
                <option value="">{t("kb-all-departments")}</option>
                {move || meta.get().and_then(|m| m.ok()).map(|m| m.departments.into_iter().map(|d| view! { <option value=d.code>{d.label}</option> }).collect_view())}
            </select>
        </div>
        <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
            {move || list.get().map(|r| match r {
                Ok(v) => {
                    let items = v["items"].as_array().cloned().unwrap_or_default();
                    let pages = v["pages"].as_u64().unwrap_or(1);
                    view! {
                        {chips(&v)}
                        {items.is_empty().then(|| view! { <p class="kb-empty">{t("kb-none-here")}</p> })}
                        <div class="weui-panel"><div class="weui-panel__bd" id="kb-list">
                            {items.into_iter().map(|it| view! {
                                <a class="weui-media-box weui-media-box_text" href=format!("{}/{}", base(kind), s(&it, "id"))>
                                    <h2 class="weui-media-box__title">{s(&it, "title")}{validity(&it["extra"], false)}</h2>
                                    <p class="weui-media-box__desc">{dotted(&[s(&it, "topic_label"), s(&it, "department_label"), it["extra"]["doc_no"].as_str().unwrap_or_default().to_string()])}</p>
                                </a>
                            }).collect_view()}
                        </div></div>
                        {(pages > 1).then(|| view! { <Pager page pages/> })}
                    }.into_any()
                }
                Err(e) => view! { <Failed text=e.message() on_retry=Callback::new(move |_| list.refetch())/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
pub fn Policies() -> impl IntoView {
    view! {
        <h1 class="page-title">{t("kb-policies")}</h1>
        <nav class="kb-tabs"><a href="/policies" class="on">{t("kb-policies")}</a><a href="/faq">{t("kb-faq")}</a><a href="/fees">{t("kb-fees")}</a></nav>
        <SearchBox kind="policy"/>
        {list_view("policy")}
    }
}

#[component]
pub fn FaqList() -> impl IntoView {
    view! {
        <h1 class="page-title">{t("kb-faq")}</h1>
        <nav class="kb-tabs"><a href="/policies">{t("kb-policies")}</a><a href="/faq" class="on">{t("kb-faq")}</a><a href="/fees">{t("kb-fees")}</a></nav>
        <SearchBox kind="faq"/>
        {list_view("faq")}
    }
}

/// One policy or Q&A: the plain-language interpretation first, the full text after.
#[component]
pub fn Entry(kind: &'static str, id: String) -> impl IntoView {
    let entry = LocalResource::new(move || {
        let id = id.clone();
        let path = if kind == "policy" { "policies" } else { "faqs" };
        async move { api::get_json(&format!("/api/{path}/{id}")).await }
    });
    view! {
        <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
            {move || entry.get().map(|r| match r {
                Ok(v) => {
                    let extra = v["extra"].clone();
                    let related = s(&v, "title");
                    view! {
                        <article class="weui-article kb-entry">
                            <h1 id="entry-title">{s(&v, "title")}{validity(&extra, true)}</h1>
                            <p class="kb-meta">
                                {extra["topic"].as_str().map(|code| view! {
                                    <a class="kb-topic on" href=format!("{}?topic={code}", base(kind))>{s(&v, "topic_label")}</a>" "
                                })}
                                {s(&v, "department_label")}" "{s(&extra, "doc_no")}" "{s(&extra, "issued_on")}
                            </p>
                            {extra["interpretation"].as_str().map(|i| view! {
                                <section class="kb-interpretation" id="interpretation"><h2>{t("kb-interpretation")}</h2><p>{i.to_string()}</p></section>
                            })}
                            <section><h2>{if kind == "policy" { t("kb-full-text") } else { t("kb-answer") }}</h2>
                                <p class="kb-body">{s(&v, "body")}</p></section>
                        </article>
                        {(kind == "policy").then(|| view! { <Related title=related/> })}
                        <div class="kb-still" id="still-unsolved">
                            <p>{t("kb-still")}</p>
                            <a class="weui-btn weui-btn_default" href="/report">{t("home-report")}</a>
                        </div>
                    }.into_any()
                }
                Err(e) if e.status() == Some(404) => view! { <crate::components::PageNotFound/> }.into_any(),
                Err(e) if e.status() == Some(410) => view! { <Retired kind=kind/> }.into_any(),
                Err(e) => view! { <Failed text=e.message() on_retry=Callback::new(move |_| entry.refetch())/> }.into_any(),
            })}
        </Suspense>
    }
}

/// A withdrawn policy or answer: said so, with the way to the current ones and to a report.
#[component]
fn Retired(kind: &'static str) -> impl IntoView {
    view! {
        <div class="weui-msg" id="entry-retired">
            <div class="weui-msg__icon-area"><i class="weui-icon-info weui-icon_msg"></i></div>
            <div class="weui-msg__text-area">
                <h2 class="weui-msg__title">{t("kb-retired-title")}</h2>
                <p class="weui-msg__desc">{t("kb-retired-desc")}</p>
            </div>
            <div class="weui-msg__opr-area">
                <a class="weui-btn weui-btn_primary" href=base(kind)>{t("kb-back-to-list")}</a>
                <a class="weui-btn weui-btn_default" href="/report">{t("home-report")}</a>
            </div>
        </div>
    }
}

#[component]
fn Related(title: String) -> impl IntoView {
    let faqs = LocalResource::new(move || {
        let q = title.clone();
        async move { api::get_json(&format!("/api/search?q={}&kind=faq&limit=3", encode(&q))).await }
    });
    view! {
        {move || faqs.get().and_then(|r| r.ok()).map(|v| {
            let items = v["results"].as_array().cloned().unwrap_or_default();
            (!items.is_empty()).then(|| view! {
                <div class="weui-cells__title">{t("kb-related")}</div>
                <div class="weui-cells">{items.into_iter().map(|h| view! {
                    <a class="weui-cell weui-cell_access" href=format!("/faq/{}", s(&h, "id"))>
                        <div class="weui-cell__bd"><p>{s(&h, "title")}</p></div><div class="weui-cell__ft"></div>
                    </a>
                }).collect_view()}</div>
            })
        })}
    }
}

/// The published fee catalog: what may be charged, by whom, how much.
#[component]
pub fn Fees() -> impl IntoView {
    let port = RwSignal::new(String::new());
    let meta = LocalResource::new(api::meta);
    let fees = LocalResource::new(move || {
        let p = port.get();
        async move { api::get_json(&format!("/api/fees?port={p}")).await }
    });
    view! {
        <h1 class="page-title">{t("kb-fees")}</h1>
        <nav class="kb-tabs"><a href="/policies">{t("kb-policies")}</a><a href="/faq">{t("kb-faq")}</a><a href="/fees" class="on">{t("kb-fees")}</a></nav>
        <p class="page-intro">{t("kb-fees-intro")}</p>
        <div class="weui-cells weui-cells_form"><div class="weui-cell field"><div class="weui-cell__bd">
            <label class="field__label" for="fee-port">{t("field-port")}</label>
            <select class="weui-select field__input field__select" id="fee-port" on:change=move |ev| port.set(event_target_value(&ev))>
                <option value="">{t("kb-all-ports")}</option>
                {move || meta.get().and_then(|m| m.ok()).map(|m| m.ports.into_iter().map(|p| view! { <option value=p.code>{p.label}</option> }).collect_view())}
            </select>
        </div></div></div>
        <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
            {move || fees.get().map(|r| match r {
                Ok(v) => view! {
                    <div class="weui-cells" id="fees">
                        {v["fees"].as_array().cloned().unwrap_or_default().into_iter().map(|f| {
                            let x = f["extra"].clone();
                            view! {
                                <div class="weui-cell fee">
                                    <div class="weui-cell__bd">
                                        <p class="fee__title">{s(&f, "title")}</p>
                                        <p class="fee__meta">{dotted(&[s(&x, "port_label"), s(&x, "payee"), s(&x, "basis")])}</p>
                                    </div>
                                    <div class="weui-cell__ft fee__price">{price(&x["price"])}" "{s(&x, "unit")}</div>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                }.into_any(),
                Err(e) => view! { <Failed text=e.message() on_retry=Callback::new(move |_| fees.refetch())/> }.into_any(),
            })}
        </Suspense>
    }
}

/// The parts that are there, joined by " · " (a missing topic leaves no orphan dot).
fn dotted(parts: &[String]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// 3500 and 22.5, not 3500.0: a price as people write it.
fn price(v: &serde_json::Value) -> String {
    // integer arithmetic only: float formatting would add kilobytes to the phone's bundle
    let Some(cents) = v.as_f64().map(|p| (p * 100.0).round() as i64) else {
        return v.as_str().unwrap_or_default().to_string();
    };
    let (whole, part) = (cents / 100, (cents % 100).abs());
    match part {
        0 => whole.to_string(),
        p if p % 10 == 0 => format!("{whole}.{}", p / 10),
        p => format!("{whole}.{p:02}"),
    }
}
