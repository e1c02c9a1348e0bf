//! `/c/{token}`: where the case is, who handles it, by when, and its public history.

use domain::api::CaseStatusView;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use app::api;
use app::components::{Failed, Loading};
use app::i18n::t;

fn row(label_key: &'static str, value: String, id: &'static str) -> impl IntoView {
    view! {
        <div class="weui-form-preview__item">
            <label class="weui-form-preview__label">{t(label_key)}</label>
            <span class="weui-form-preview__value" id=id>{value}</span>
        </div>
    }
}

fn case_view(c: CaseStatusView) -> impl IntoView {
    let pending = t("status-pending").to_string();
    let timeline = c
        .timeline
        .iter()
        .rev()
        .map(|e| {
            view! {
                <li class="timeline__item">
                    <p class="timeline__label">{e.label.clone()}</p>
                    {e.note.clone().map(|n| view! { <p class="timeline__note">{n}</p> })}
                    <p class="timeline__time">{e.at_text.clone()}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="status">
            <div class="status-head">
                <p class="status-head__label">{t("status-state")}</p>
                <p class="status-head__state" id="case-status">{c.status_label.clone()}</p>
            </div>
            <div class="weui-form-preview">
                <div class="weui-form-preview__hd">
                    <div class="weui-form-preview__item">
                        <label class="weui-form-preview__label">{t("status-case-no")}</label>
                        <em class="weui-form-preview__value" id="case-no">{c.case_no.clone()}</em>
                    </div>
                </div>
                <div class="weui-form-preview__bd">
                    {row("status-submitted-at", c.submitted_at_text.clone(), "submitted-at")}
                    {row("status-enterprise", c.enterprise_name.clone(), "enterprise")}
                    {row("status-contact", format!("{} {}", c.contact_name, c.contact_phone), "contact")}
                    {row("status-port", c.port_label.clone(), "port")}
                    {row("status-department", c.department_label.clone().unwrap_or_else(|| pending.clone()), "department")}
                    {row("status-due", c.due_at_text.clone().unwrap_or(pending), "due")}
                </div>
            </div>
            <div class="weui-cells__title">{t("status-your-words")}</div>
            <article class="weui-article case-words">
                <h3>{c.title.clone()}</h3>
                <p>{c.description.clone()}</p>
            </article>
            <div class="weui-cells__title">{t("status-timeline")}</div>
            <ol class="timeline">{timeline}</ol>
        </div>
    }
}

#[component]
pub fn Status() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let status = LocalResource::new(move || {
        let token = token();
        async move { api::case_status(&token).await }
    });
    view! {
        <h1 class="page-title">{t("status-title")}</h1>
        <Suspense fallback=|| view! { <Loading text=t("status-loading")/> }>
            {move || status.get().map(|r| match r {
                Ok(c) => case_view(c).into_any(),
                Err(e) if e.status() == Some(404) => view! {
                    <div class="weui-msg not-found">
                        <div class="weui-msg__icon-area"><i class="weui-icon-info weui-icon_msg"></i></div>
                        <div class="weui-msg__text-area">
                            <h2 class="weui-msg__title">{t("status-not-found-title")}</h2>
                            <p class="weui-msg__desc">{t("status-not-found-desc")}</p>
                        </div>
                        <div class="weui-msg__opr-area"><a class="weui-btn weui-btn_default" href="/">{t("common-back-home")}</a></div>
                    </div>
                }.into_any(),
                Err(_) => view! { <Failed text=t("status-error") on_retry=Callback::new(move |_| status.refetch())/> }.into_any(),
            })}
        </Suspense>
    }
}
