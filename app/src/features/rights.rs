//! `/rights`: a person asks to see, correct or delete their information, or withdraws consent
//! (个人信息保护法 art. 44–47); `/rights/{token}`: where that request stands. Checked by the same
//! domain code as the API; a dropped answer is sent again under the same key.

use std::collections::BTreeMap;

use domain::rights::{RightsFiled, RightsInput, RightsKind, RightsView};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::{Failed, Loading};
use crate::i18n::t;

type Errors = RwSignal<BTreeMap<String, String>>;

const DRAFT: &str = "ztc.rights.draft";

/// One labelled input of the form, with its message under it.
fn input(name: &'static str, form: RwSignal<RightsInput>, errors: Errors) -> impl IntoView {
    let set = move |v: String| {
        // a message is for what was sent; typing makes it stale
        errors.update(|e| {
            e.remove(name);
        });
        form.update(|f| match name {
            "contact_name" => f.contact_name = v,
            "contact_phone" => f.contact_phone = v,
            "uscc" => f.uscc = v,
            "case_no" => f.case_no = v,
            _ => f.detail = v,
        })
    };
    let error = move || errors.with(|e| e.get(name).cloned());
    let id = format!("r-{name}");
    let value = move || {
        form.with(|f| match name {
            "contact_name" => f.contact_name.clone(),
            "contact_phone" => f.contact_phone.clone(),
            "uscc" => f.uscc.clone(),
            "case_no" => f.case_no.clone(),
            _ => f.detail.clone(),
        })
    };
    let control = if name == "detail" {
        view! { <textarea class="weui-textarea field__input" id=id.clone() rows="4" maxlength="1000"
            prop:value=value aria-describedby=format!("{id}-note") on:input=move |ev| set(event_target_value(&ev))></textarea> }
        .into_any()
    } else {
        let kind = if name == "contact_phone" {
            "tel"
        } else {
            "text"
        };
        view! { <input class="weui-input field__input" id=id.clone() type=kind autocomplete="off"
        prop:value=value aria-describedby=format!("{id}-note") on:input=move |ev| set(event_target_value(&ev))/> }
        .into_any()
    };
    view! {
        <div class="weui-cell field" class:field_error=move || error().is_some()>
            <div class="weui-cell__bd">
                <label class="field__label" for=id.clone()>{t(&format!("rights-{}", name.replace('_', "-")))}</label>
                {control}
                <p class="field-note field-note_error" id=format!("{id}-note") role="alert">{error}</p>
            </div>
        </div>
    }
}

#[component]
pub fn RightsForm() -> impl IntoView {
    // what was typed (and the key it is sent under) survives a reload or a lost signal
    let draft = crate::storage::load::<(String, RightsInput)>(DRAFT)
        .filter(|(key, _)| !key.is_empty())
        .unwrap_or_else(|| (api::fresh_key(), RightsInput::default()));
    let idem = StoredValue::new(draft.0);
    let form = RwSignal::new(draft.1);
    Effect::new(move |_| {
        let input = form.get();
        crate::storage::save(DRAFT, &(idem.get_value(), input));
    });
    let errors: Errors = RwSignal::new(BTreeMap::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        if let Err(problems) = input.validate() {
            let mut map = BTreeMap::new();
            map.extend(
                problems
                    .iter()
                    .map(|(f, k)| (f.to_string(), t(k).to_string())),
            );
            errors.set(map);
            return;
        }
        errors.set(BTreeMap::new());
        busy.set(true);
        leptos::task::spawn_local(async move {
            let sent =
                api::post::<RightsFiled>("/api/rights", Some(&idem.get_value()), &input).await;
            match sent {
                Ok(filed) => {
                    crate::storage::remove(DRAFT);
                    crate::portal::go(&filed.status_url)
                }
                Err(ApiFailure::Api { body, .. }) if !body.fields.is_empty() => {
                    errors.set(body.fields.into_iter().collect())
                }
                Err(e) => failure.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    let kinds = RightsKind::ALL.iter().map(|&k| {
        let id = format!("r-kind-{}", k.code());
        let label_for = id.clone();
        view! {
            <label class="weui-cell weui-check__label" for=label_for>
                <div class="weui-cell__bd"><p>{t(&k.label_key())}</p></div>
                <div class="weui-cell__ft">
                    <input type="radio" class="weui-check" name="kind" id=id value=k.code()
                        prop:checked=move || form.with(|f| f.kind == k.code())
                        on:change=move |_| {
                            errors.update(|e| { e.remove("kind"); });
                            form.update(|f| f.kind = k.code().into());
                        }/>
                    <span class="weui-icon-checked"></span>
                </div>
            </label>
        }
    });
    view! {
        <h1 class="page-title">{t("rights-title")}</h1>
        <p class="page-intro">{t("rights-intro")}</p>
        {move || failure.get().map(|m| view! { <div class="weui-toptips weui-toptips_warn toptip" role="alert">{m}</div> })}
        <form on:submit=submit novalidate id="rights-form">
            <div class="weui-cells__title">{t("rights-kind")}</div>
            <div class="weui-cells weui-cells_radio" role="radiogroup">{kinds.collect_view()}</div>
            <p class="field-note field-note_error rights-kind-note" role="alert">{move || errors.with(|e| e.get("kind").cloned())}</p>
            <div class="weui-cells weui-cells_form">
                {input("contact_name", form, errors)}
                {input("contact_phone", form, errors)}
                {input("uscc", form, errors)}
                {input("case_no", form, errors)}
                {input("detail", form, errors)}
            </div>
            <div class="bottom-bar">
                <button class="weui-btn weui-btn_primary" id="rights-submit" type="submit" disabled=move || busy.get()>
                    {t("rights-submit")}
                </button>
            </div>
        </form>
    }
}

#[component]
pub fn RightsStatusPage(token: String) -> impl IntoView {
    let path = format!("/api/rights/{token}");
    let view = LocalResource::new(move || {
        let path = path.clone();
        async move { api::get::<RightsView>(&path).await }
    });
    let retry = Callback::new(move |_| view.refetch());
    view! {
        <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
            {move || view.get().map(|v| match v {
                Ok(r) => view! {
                    <h1 class="page-title">{t(if r.answer.is_some() { "rights-answered-title" } else { "rights-done" })}</h1>
                    <div class="weui-form-preview" id="rights-request">
                        <div class="weui-form-preview__hd">
                            <label class="weui-form-preview__label">{t("rights-no")}</label>
                            <em class="weui-form-preview__value" id="rights-no">{r.request_no}</em>
                        </div>
                        <div class="weui-form-preview__bd">
                            {[(t("rights-kind"), r.kind_label), (t("rights-status"), r.status_label),
                              (t("rights-contact-phone"), r.contact_phone), (t("rights-due"), r.due_at_text)]
                                .into_iter().map(|(k, v)| view! {
                                    <div class="weui-form-preview__item">
                                        <label class="weui-form-preview__label">{k}</label>
                                        <span class="weui-form-preview__value">{v}</span>
                                    </div>
                                }).collect_view()}
                        </div>
                    </div>
                    {r.answer.map(|a| view! {
                        <div class="weui-cells__title">{t("rights-answer")}" · "{r.answered_at_text.unwrap_or_default()}</div>
                        <article class="weui-article answer" id="rights-answer"><p>{a}</p></article>
                    })}
                    <p class="page-intro">{t("rights-follow")}</p>
                }.into_any(),
                Err(e) if e.status() == Some(404) => view! { <p class="not-found">{t("rights-not-found")}</p> }.into_any(),
                Err(e) => view! { <Failed text=e.message() on_retry=retry/> }.into_any(),
            })}
        </Suspense>
    }
}
