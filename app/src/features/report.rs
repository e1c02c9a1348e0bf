//! `/report`: file a case in under a minute. The draft (with its idempotency key) is kept in
//! localStorage, fields are checked by the same domain code as the API, and a submit that
//! meets a dropped network can be sent again without filing twice.

use std::collections::BTreeMap;

use domain::api::{CodeLabel, CreatedCase, FormMeta};
use domain::consent::NoticeVersion;
use domain::intake::{check_field, Field, NewCaseInput};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use crate::api::{self, ApiFailure};
use crate::components::Loading;
use crate::i18n::{t, tf};
use crate::storage;

pub const DRAFT: &str = "ztc.report.draft";
pub const LAST_RECEIPT: &str = "ztc.receipt.last";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Draft {
    key: String,
    input: NewCaseInput,
}

#[derive(Debug, Clone, PartialEq)]
enum Submit {
    Idle,
    Sending,
    Invalid,
    NetworkDropped,
    Refused(String),
}

type Errors = RwSignal<BTreeMap<Field, String>>;

fn message(field: Field, raw: &str) -> Option<String> {
    check_field(field, raw)
        .err()
        .map(|e| e.message(field, crate::i18n::lang()))
}

fn focus_field(field: Field) {
    crate::components::focus(&format!("f-{}", field.name()));
}

/// The hint under a field, or its error when it has one (linked by aria-describedby).
fn field_note(field: Field, errors: Errors) -> impl IntoView {
    let id = format!("d-{}", field.name());
    view! {
        <p id=id class="field-note" class:field-note_error=move || errors.with(|e| e.contains_key(&field))
            role=move || errors.with(|e| e.contains_key(&field)).then_some("alert")>
            {move || errors.with(|e| e.get(&field).cloned()).unwrap_or_else(|| t(&format!("hint-{}", field.name())).to_string())}
        </p>
    }
}

fn label(field: Field) -> impl IntoView {
    view! {
        <label class="field__label" for=format!("f-{}", field.name())>
            {t(&format!("field-{}", field.name()))}<span class="req" aria-hidden="true">"*"</span>
        </label>
    }
}

#[component]
fn TextField(
    field: Field,
    form: RwSignal<NewCaseInput>,
    errors: Errors,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "text")] inputmode: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
) -> impl IntoView {
    // room for spaces and dashes as people type them (+86 138-1234-5678), no more
    let max = match field {
        Field::ContactPhone => 20,
        Field::Uscc => 24,
        _ => field.length_limits().map(|(_, max)| max + 20).unwrap_or(40),
    };
    view! {
        <div class="weui-cell field" class:field_error=move || errors.with(|e| e.contains_key(&field))>
            <div class="weui-cell__bd">
                {label(field)}
                <input class="weui-input field__input" id=format!("f-{}", field.name()) name=field.name() type=kind
                    inputmode=inputmode autocomplete=autocomplete maxlength=max
                    aria-describedby=format!("d-{}", field.name())
                    aria-invalid=move || errors.with(|e| e.contains_key(&field)).to_string()
                    prop:value=move || form.with(|f| f.value(field).to_string())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        if errors.with_untracked(|e| e.contains_key(&field)) {
                            errors.update(|e| match message(field, &v) {
                                Some(m) => { e.insert(field, m); }
                                None => { e.remove(&field); }
                            });
                        }
                        form.update(|f| f.set(field, v));
                    }
                    on:blur=move |_| {
                        let v = form.with_untracked(|f| f.value(field).to_string());
                        if v.trim().is_empty() { return; }
                        errors.update(|e| match message(field, &v) {
                            Some(m) => { e.insert(field, m); }
                            None => { e.remove(&field); }
                        });
                    }
                />
                {field_note(field, errors)}
            </div>
        </div>
    }
}

type MetaResource = LocalResource<Result<FormMeta, ApiFailure>>;

#[component]
fn PortField(form: RwSignal<NewCaseInput>, errors: Errors, meta: MetaResource) -> impl IntoView {
    let field = Field::Port;
    let options = move |ports: Vec<CodeLabel>| {
        ports
            .into_iter()
            .map(|p| {
                let code = p.code.clone();
                view! { <option value=p.code selected=move || form.with(|f| f.port == code)>{p.label}</option> }
            })
            .collect_view()
    };
    view! {
        <div class="weui-cell field" class:field_error=move || errors.with(|e| e.contains_key(&field))>
            <div class="weui-cell__bd">
                {label(field)}
                <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
                    {move || meta.get().map(|m| match m {
                        Ok(meta) => view! {
                            <select class="weui-select field__input field__select" id="f-port" name="port"
                                aria-describedby="d-port"
                                aria-invalid=move || errors.with(|e| e.contains_key(&field)).to_string()
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    errors.update(|e| { e.remove(&field); });
                                    form.update(|f| f.port = v);
                                }>
                                <option value="" selected=move || form.with(|f| f.port.is_empty())>{t("placeholder-port")}</option>
                                {options(meta.ports)}
                            </select>
                        }.into_any(),
                        Err(_) => view! {
                            <button type="button" class="weui-btn weui-btn_mini weui-btn_default" on:click=move |_| meta.refetch()>
                                {t("common-retry")}
                            </button>
                        }.into_any(),
                    })}
                </Suspense>
                {field_note(field, errors)}
            </div>
        </div>
    }
}

/// The short notice and its unticked box (个人信息保护法 art. 17): what is collected, why, who
/// sees it, how long it is kept; the full notice is a page of its own (`public/privacy.html`).
#[component]
fn ConsentField(form: RwSignal<NewCaseInput>, errors: Errors, meta: MetaResource) -> impl IntoView {
    let field = Field::Consent;
    let years = move || {
        let years = meta
            .get()
            .and_then(|m| m.ok())
            .map(|m| m.privacy.retention_years);
        years
            .unwrap_or(domain::privacy::RetentionYears::DEFAULT.get())
            .to_string()
    };
    let full = match crate::i18n::lang() {
        domain::Lang::En => "/privacy-en",
        domain::Lang::ZhCn => "/privacy",
    };
    view! {
        <div class="weui-cells__title">{t("field-consent")}</div>
        <div class="consent" class:field_error=move || errors.with(|e| e.contains_key(&field))>
            <p class="consent__notice">{move || tf("consent-short", &[("years", &years())])}" "<a href=full>{t("consent-full")}</a></p>
            <label class="weui-agree" for="f-consent">
                <input type="checkbox" class="weui-agree__checkbox" id="f-consent" name="consent"
                    aria-describedby="d-consent"
                    aria-invalid=move || errors.with(|e| e.contains_key(&field)).to_string()
                    prop:checked=move || form.with(|f| !f.consent.is_empty())
                    on:change=move |ev| {
                        let v = if event_target_checked(&ev) { NoticeVersion::CURRENT.as_str() } else { "" };
                        errors.update(|e| { e.remove(&field); });
                        form.update(|f| f.consent = v.into());
                    }/>
                <span class="weui-agree__text">{t("consent-agree")}</span>
            </label>
            {field_note(field, errors)}
        </div>
    }
}

#[component]
fn DescriptionField(form: RwSignal<NewCaseInput>, errors: Errors) -> impl IntoView {
    let field = Field::Description;
    let max = field.length_limits().map(|(_, m)| m).unwrap_or(2000);
    let count = move || form.with(|f| f.description.chars().count());
    view! {
        <div class="weui-cell field" class:field_error=move || errors.with(|e| e.contains_key(&field))>
            <div class="weui-cell__bd">
                {label(field)}
                <textarea class="weui-textarea field__input" id="f-description" name="description" rows="5"
                    aria-describedby="d-description"
                    aria-invalid=move || errors.with(|e| e.contains_key(&field)).to_string()
                    prop:value=move || form.with(|f| f.description.clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        if errors.with_untracked(|e| e.contains_key(&field)) && message(field, &v).is_none() {
                            errors.update(|e| { e.remove(&field); });
                        }
                        form.update(|f| f.description = v);
                    }
                ></textarea>
                <div class="weui-textarea-counter" class:over=move || { count() > max }>
                    {move || tf("report-count", &[("n", &count().to_string()), ("max", &max.to_string())])}
                </div>
                {field_note(field, errors)}
            </div>
        </div>
    }
}

#[component]
pub fn Report() -> impl IntoView {
    let draft = storage::load::<Draft>(DRAFT)
        .filter(|d| !d.key.is_empty())
        .unwrap_or_else(|| Draft {
            key: api::fresh_key(),
            input: NewCaseInput::default(),
        });
    let key = StoredValue::new(draft.key);
    let mut input = draft.input;
    // a box ticked under words since replaced is asked again
    if input.consent != NoticeVersion::CURRENT.as_str() {
        input.consent.clear();
    }
    let form = RwSignal::new(input);
    let errors: Errors = RwSignal::new(BTreeMap::new());
    let state = RwSignal::new(Submit::Idle);
    let meta: MetaResource = LocalResource::new(api::form_meta);

    // Every keystroke is kept: a reload, a lost signal or a closed tab loses nothing.
    Effect::new(move |_| {
        let input = form.get();
        storage::save(
            DRAFT,
            &Draft {
                key: key.get_value(),
                input,
            },
        );
    });

    let submit = move || {
        if state.get_untracked() == Submit::Sending {
            return;
        }
        let input = form.get_untracked();
        if let Err(errs) = input.validate() {
            let lang = crate::i18n::lang();
            let mut map = BTreeMap::new();
            map.extend(errs.0.iter().map(|(f, e)| (*f, e.message(*f, lang))));
            errors.set(map);
            state.set(Submit::Invalid);
            if let Some(f) = errs.first() {
                focus_field(f);
            }
            return;
        }
        state.set(Submit::Sending);
        spawn_local(async move {
            match api::create_case(&key.get_value(), &input).await {
                Ok(created) => {
                    storage::save::<CreatedCase>(LAST_RECEIPT, &created);
                    storage::remove(DRAFT);
                    state.set(Submit::Idle);
                    crate::portal::go(&format!("/receipt/{}", created.token));
                }
                Err(ApiFailure::Network) => state.set(Submit::NetworkDropped),
                Err(ApiFailure::Api { body, .. }) if !body.fields.is_empty() => {
                    let mut map = BTreeMap::new();
                    map.extend(
                        body.fields
                            .into_iter()
                            .filter_map(|(k, v)| Field::from_name(&k).map(|f| (f, v))),
                    );
                    let first = map.keys().next().copied();
                    errors.set(map);
                    state.set(Submit::Invalid);
                    if let Some(f) = first {
                        focus_field(f);
                    }
                }
                Err(ApiFailure::Api { status, body }) if status >= 500 => {
                    let _ = body;
                    state.set(Submit::NetworkDropped)
                }
                Err(ApiFailure::Api { body, .. }) => state.set(Submit::Refused(body.message)),
            }
        });
    };

    let toptip = move || match state.get() {
        Submit::Invalid => Some(t("report-fix-fields").to_string()),
        Submit::NetworkDropped => Some(t("report-network-error").to_string()),
        Submit::Refused(m) => Some(m),
        _ => None,
    };

    view! {
        <div class="report">
            {move || toptip().map(|m| view! { <div class="weui-toptips weui-toptips_warn toptip" role="alert">{m}</div> })}
            <h1 class="page-title">{t("report-title")}</h1>
            <p class="page-intro">{t("report-intro")}</p>
            <form novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <div class="weui-cells__title">{t("report-section-enterprise")}</div>
                <div class="weui-cells weui-cells_form">
                    <TextField field=Field::EnterpriseName form errors autocomplete="organization"/>
                    <TextField field=Field::Uscc form errors/>
                    <TextField field=Field::ContactName form errors autocomplete="name"/>
                    <TextField field=Field::ContactPhone form errors kind="tel" inputmode="tel" autocomplete="tel"/>
                </div>
                <div class="weui-cells__title">{t("report-section-problem")}</div>
                <div class="weui-cells weui-cells_form">
                    <PortField form errors meta/>
                    <TextField field=Field::Title form errors/>
                </div>
                // right under the title while it is typed, above the description and the sticky bar
                <crate::features::suggest::Suggestions form/>
                <div class="weui-cells weui-cells_form">
                    <DescriptionField form errors/>
                </div>
                <ConsentField form errors meta/>
                <div class="bottom-bar">
                    <button type="submit" class="weui-btn weui-btn_primary" id="submit"
                        class:weui-btn_loading=move || state.get() == Submit::Sending
                        aria-busy=move || (state.get() == Submit::Sending).to_string()>
                        {move || match state.get() {
                            Submit::Sending => view! { <i class="weui-mask-loading"></i>{t("report-submitting")} }.into_any(),
                            Submit::NetworkDropped => t("report-retry").into_any(),
                            _ => t("report-submit").into_any(),
                        }}
                    </button>
                </div>
            </form>
        </div>
    }
}
