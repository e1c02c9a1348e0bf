//! The "已受理" page: case number, the QR code of the status link, copy, print, save hint.

use domain::api::CreatedCase;
use leptos::prelude::*;

use crate::api;
use crate::components::{Failed, Loading};
use crate::features::report::LAST_RECEIPT;
use crate::i18n::{t, tf};
use crate::storage;

#[derive(Clone)]
struct ReceiptData {
    case_no: String,
    submitted_at_text: String,
    due_at_text: Option<String>,
}

#[component]
pub fn Receipt(token: String) -> impl IntoView {
    let token = StoredValue::new(token);
    let token = move || token.get_value();
    // Just filed here: show it at once. Opened later: ask the API.
    let data = LocalResource::new(move || {
        let token = token();
        async move {
            if let Some(c) = storage::load::<CreatedCase>(LAST_RECEIPT).filter(|c| c.token == token)
            {
                return Ok(ReceiptData {
                    case_no: c.case_no,
                    submitted_at_text: c.submitted_at_text,
                    due_at_text: c.due_at_text,
                });
            }
            // Two fields of the status view: read as plain JSON, so the report bundle does not
            // carry the whole status view's decoder.
            api::get_json(&format!("/api/cases/status/{token}"))
                .await
                .map(|v| ReceiptData {
                    case_no: api::text(&v, "case_no"),
                    submitted_at_text: api::text(&v, "submitted_at_text"),
                    due_at_text: v["due_at_text"].as_str().map(str::to_string),
                })
        }
    });
    let copied = RwSignal::new(None::<bool>);
    let status_url = move || {
        let origin = window().location().origin().unwrap_or_default();
        format!("{origin}/c/{}", token())
    };
    let copy = move |_| {
        let url = status_url();
        let clipboard = window().navigator().clipboard();
        leptos::task::spawn_local(async move {
            let ok = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&url))
                .await
                .is_ok();
            copied.set(Some(ok));
        });
    };

    view! {
        <Suspense fallback=|| view! { <Loading text=t("common-loading")/> }>
            {move || data.get().map(|r| match r {
                Ok(r) => view! {
                    <div class="weui-msg receipt">
                        <div class="weui-msg__icon-area"><i class="weui-icon-success weui-icon_msg"></i></div>
                        <div class="weui-msg__text-area">
                            <h2 class="weui-msg__title">{t("receipt-title")}</h2>
                            <p class="weui-msg__desc">{t("receipt-desc")}</p>
                            <p class="receipt-label">{t("receipt-case-no")}</p>
                            <p class="receipt-no" id="case-no">{r.case_no.clone()}</p>
                            <p class="receipt-time">{t("receipt-submitted-at")}" "{r.submitted_at_text.clone()}</p>
                            <img class="receipt-qr" id="qr" width="240" height="240"
                                src=format!("/api/cases/status/{}/qr.png", token()) alt=t("receipt-qr-alt")/>
                            <p class="receipt-hint">{t("receipt-save-hint")}</p>
                            <p class="receipt-link"><a id="status-link" href=move || format!("/c/{}", token())>{status_url}</a></p>
                        </div>
                        <div class="receipt-next" id="next-steps">
                            <h3 class="receipt-next__title">{t("receipt-next")}</h3>
                            <ol>
                                <li id="receipt-due">{match r.due_at_text.clone() {
                                    Some(due) => tf("receipt-next-1", &[("due", &due)]),
                                    None => t("receipt-next-1-pending").to_string(),
                                }}</li>
                                <li>{t("receipt-next-2")}</li>
                                <li>{t("receipt-next-3")}</li>
                            </ol>
                        </div>
                        <div class="weui-msg__opr-area no-print">
                            <a class="weui-btn weui-btn_primary" href=move || format!("/c/{}", token())>{t("receipt-view-status")}</a>
                            <button type="button" class="weui-btn weui-btn_default" on:click=copy>
                                {move || match copied.get() {
                                    Some(true) => t("receipt-copied"),
                                    Some(false) => t("receipt-copy-failed"),
                                    None => t("receipt-copy"),
                                }}
                            </button>
                            <button type="button" class="weui-btn weui-btn_default" on:click=move |_| { let _ = window().print(); }>
                                {t("receipt-print")}
                            </button>
                        </div>
                    </div>
                }.into_any(),
                Err(e) if e.status() == Some(404) => view! {
                    <div class="weui-msg">
                        <div class="weui-msg__icon-area"><i class="weui-icon-info weui-icon_msg"></i></div>
                        <div class="weui-msg__text-area"><p class="weui-msg__desc">{t("receipt-missing")}</p></div>
                        <div class="weui-msg__opr-area"><a class="weui-btn weui-btn_default" href="/">{t("common-back-home")}</a></div>
                    </div>
                }.into_any(),
                Err(_) => view! { <Failed text=t("status-error") on_retry=Callback::new(move |_| data.refetch())/> }.into_any(),
            })}
        </Suspense>
    }
}
