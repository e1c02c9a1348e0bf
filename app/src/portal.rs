//! The phone portal's frame, shared by its three bundles (`app`, `report`, `guide`): the page,
//! a small router, and the language and large-text switch at the foot of every page.
//!
//! Each bundle carries only its own pages, so a phone downloads what the page it opened needs
//! (`cargo xtask test` holds every first load to the budget). `public/boot.js` names the bundle
//! a path belongs to (`ZTC_BUNDLE_FOR`). A link within the bundle changes the page in place
//! (history entry, back button, scroll to top); a link into another bundle is an ordinary
//! page load. A router of a few dozen lines instead of `leptos_router`, because that one alone
//! weighed about a quarter of the portal's budget; the staff console keeps `leptos_router`.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::components::PageNotFound;
use crate::i18n::{care, choose, lang, set_care, t};
use domain::Lang;

/// Where the reader is: the address's path and query, in step with the address bar.
#[derive(Clone, Copy)]
struct Here {
    path: RwSignal<String>,
    search: RwSignal<String>,
}

thread_local! {
    // Set once at mount: links, `go` and `query` reach it from event handlers and async code,
    // where no reactive owner (and so no context) is at hand.
    static HERE: std::cell::Cell<Option<Here>> = const { std::cell::Cell::new(None) };
}

fn here() -> Option<Here> {
    HERE.with(|h| h.get())
}

impl Here {
    fn read() -> (String, String) {
        let l = window().location();
        (
            l.pathname().unwrap_or_default(),
            l.search().unwrap_or_default(),
        )
    }

    fn sync(self) {
        let (path, search) = Here::read();
        if self.path.get_untracked() != path {
            self.path.set(path);
        }
        if self.search.get_untracked() != search {
            self.search.set(search);
        }
    }
}

/// Replaces the static shell (`index.html` serves until the app is ready) with the page
/// `route` chooses for the path's segments (`/c/abc` → `["c", "abc"]`); `None` is "not found".
pub fn mount(route: fn(&[&str]) -> Option<AnyView>) {
    console_error_panic_hook::set_once();
    // each bundle's texts hold only the keys its code asks for: one missed is said out loud
    domain::i18n::on_missing(|key| {
        web_sys::console::error_1(&format!("missing text: {key}").into())
    });
    crate::boot::when_texts_ready(move || mount_now(route));
}

fn mount_now(route: fn(&[&str]) -> Option<AnyView>) {
    if let Some(shell) = document().get_element_by_id("shell") {
        shell.remove();
    }
    leptos::mount::mount_to_body(move || {
        let (path, search) = Here::read();
        let here = Here {
            path: RwSignal::new(path),
            search: RwSignal::new(search),
        };
        HERE.with(|h| h.set(Some(here)));
        // Back and forward, and links within this bundle.
        std::mem::forget(window_event_listener(ev::popstate, move |_| here.sync()));
        std::mem::forget(window_event_listener(ev::click, move |e| follow_link(&e)));
        let page = move || {
            let path = here.path.get();
            let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            // WeChat's title bar shows the document's title: name the page
            document().set_title(&page_title(segments.first().copied()));
            route(&segments).unwrap_or_else(|| view! { <PageNotFound/> }.into_any())
        };
        let away = move || here.path.get() != "/";
        view! {
            <main class="page">
                {page}
                {move || away().then(|| view! { <a class="home-link" id="home-link" href="/">{t("common-back-home")}</a> })}
                <Preferences/>
            </main>
        }
    });
}

/// "办理进度 · 直通车": the page's name, then the product's (the name alone at home).
fn page_title(first: Option<&str>) -> String {
    let key = match first {
        None => return t("app-name").to_string(),
        Some("report") => "report-title",
        Some("receipt") => "receipt-title",
        Some("lookup") => "lookup-title",
        Some("c") => "status-title",
        Some("commitment") => "commitment-title",
        Some("rights") => "rights-title",
        Some("policies") => "kb-policies",
        Some("faq") => "kb-faq",
        Some("fees") => "kb-fees",
        Some(_) => "app-name",
    };
    format!("{} · {}", t(key), t("app-short"))
}

/// Opens `href` (a path on this site): in place when this bundle has it, else as a page load.
pub fn go(href: &str) {
    let path = href.split(['?', '#']).next().unwrap_or_default();
    if let Some(here) = here().filter(|_| bundle_for(path) == current_bundle()) {
        let history = window().history();
        if history
            .and_then(|h| h.push_state_with_url(&JsValue::NULL, "", Some(href)))
            .is_ok()
        {
            here.sync();
            window().scroll_to_with_x_and_y(0.0, 0.0);
            return;
        }
    }
    let _ = window().location().assign(href);
}

/// A parameter of the address's query (`?topic=rcep` → "rcep"), empty when absent; follows
/// the address as in-page links change it.
pub fn query(key: &'static str) -> Memo<String> {
    let search = here().map(|h| h.search);
    Memo::new(move |_| {
        let search = search.map(|s| s.get()).unwrap_or_default();
        web_sys::UrlSearchParams::new_with_str(&search)
            .ok()
            .and_then(|p| p.get(key))
            .unwrap_or_default()
    })
}

/// A plain left click on a link to a page of this site stays in the page; anything else
/// (new tab, download, another origin, `target`) is left to the browser.
fn follow_link(e: &web_sys::MouseEvent) {
    if e.default_prevented()
        || e.button() != 0
        || e.ctrl_key()
        || e.meta_key()
        || e.shift_key()
        || e.alt_key()
    {
        return;
    }
    let Some(link) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a[href]").ok().flatten())
    else {
        return;
    };
    let href = link.get_attribute("href").unwrap_or_default();
    let plain = link.get_attribute("target").is_none()
        && link.get_attribute("download").is_none()
        && link.get_attribute("rel").as_deref() != Some("external");
    if plain && href.starts_with('/') && !href.starts_with("//") {
        e.prevent_default();
        go(&href);
    }
}

/// What boot.js answers for `path`.
fn bundle_for(path: &str) -> Option<String> {
    let f = js_sys::Reflect::get(&window(), &JsValue::from_str("ZTC_BUNDLE_FOR")).ok()?;
    let f: js_sys::Function = f.dyn_into().ok()?;
    f.call1(&JsValue::NULL, &JsValue::from_str(path))
        .ok()?
        .as_string()
}

fn current_bundle() -> Option<String> {
    js_sys::Reflect::get(&window(), &JsValue::from_str("ZTC_BUNDLE"))
        .ok()?
        .as_string()
}

/// Language and large text, at the foot of every page: a foreign-invested enterprise reads
/// English; an older clerk reads better with larger text and targets.
#[component]
fn Preferences() -> impl IntoView {
    let large = RwSignal::new(care());
    let current = lang();
    view! {
        <nav class="prefs" aria-label=t("prefs-label")>
            <button class="prefs__lang" id="lang-zh" lang="zh-CN" aria-pressed=(current == Lang::ZhCn).to_string()
                on:click=move |_| choose(Lang::ZhCn)>"中文"</button>
            <button class="prefs__lang" id="lang-en" lang="en" aria-pressed=(current == Lang::En).to_string()
                on:click=move |_| choose(Lang::En)>"English"</button>
            <button class="prefs__care" id="care" aria-pressed=move || large.get().to_string()
                on:click=move |_| { let on = !large.get(); large.set(on); set_care(on); }>
                {t("prefs-care")}
            </button>
        </nav>
        // the privacy notice (and from it a person's requests) from every page
        <p class="privacy-link"><a id="privacy-link" href=if current == Lang::En { "/privacy-en" } else { "/privacy" }>{t("rights-privacy-link")}</a></p>
    }
}
