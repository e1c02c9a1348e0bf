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
            </main>
        </Router>
    }
}
