//! The phone portal (and, later, the staff console): Leptos, rendered in the browser.
//! Feature folders under `features/`; every text comes from `locales/` through `i18n`.

mod features;

use app::components;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use features::knowledge;
use features::{home::Home, lookup::Lookup, receipt::Receipt, report::Report, status::Status};

fn main() {
    console_error_panic_hook::set_once();
    // The static shell in index.html serves until the app is ready; then the app takes over.
    if let Some(shell) = document().get_element_by_id("shell") {
        shell.remove();
    }
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    view! {
        <Router>
            <main class="page">
                <Routes fallback=components::PageNotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/report") view=Report/>
                    <Route path=path!("/lookup") view=Lookup/>
                    <Route path=path!("/policies") view=knowledge::Policies/>
                    <Route path=path!("/policies/:id") view=|| view! { <knowledge::Entry kind="policy"/> }/>
                    <Route path=path!("/faq") view=knowledge::FaqList/>
                    <Route path=path!("/faq/:id") view=|| view! { <knowledge::Entry kind="faq"/> }/>
                    <Route path=path!("/fees") view=knowledge::Fees/>
                    <Route path=path!("/commitment") view=features::commitment::Commitment/>
                    <Route path=path!("/receipt/:token") view=Receipt/>
                    <Route path=path!("/c/:token") view=Status/>
                </Routes>
                <Preferences/>
            </main>
        </Router>
    }
}

/// Language and large text, at the foot of every page: a foreign-invested enterprise reads
/// English; an older clerk reads better with larger text and targets.
#[component]
fn Preferences() -> impl IntoView {
    use app::i18n::{care, choose, set_care, t};
    use domain::Lang;
    let large = RwSignal::new(care());
    let current = app::i18n::lang();
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
    }
}
