//! The staff console: a desktop bundle of its own (the phone portal never loads it).
//! Pages: login, the queue, a case with its action panel, intake on behalf, batches, follow-ups,
//! the ledger, statistics, admin, and one's notifications.

mod accounts;
mod admin;
mod agreement;
mod ask;
mod assist;
mod audit;
mod batches;
mod bell;
mod bulk;
mod case;
mod charts;
mod contact;
mod filters;
mod follow;
mod grading;
mod handbook;
mod intake;
mod ledger;
mod login;
mod person;
mod queue;
mod routing;
mod send;
mod settings;
mod shell;
mod stats;
mod supervise;
mod texts;
mod time;

use app::components::PageNotFound;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

fn main() {
    console_error_panic_hook::set_once();
    app::boot::when_texts_ready(|| {
        if let Some(shell) = document().get_element_by_id("shell") {
            shell.remove();
        }
        leptos::mount::mount_to_body(Console);
    });
}

#[component]
fn Console() -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=PageNotFound>
                <Route path=path!("/staff/login") view=login::Login/>
                <Route path=path!("/staff") view=|| view! { <shell::Shell><queue::Queue/></shell::Shell> }/>
                <Route path=path!("/staff/cases/:no") view=|| view! { <shell::Shell><case::CasePage/></shell::Shell> }/>
                <Route path=path!("/staff/new") view=|| view! { <shell::Shell><intake::Intake/></shell::Shell> }/>
                <Route path=path!("/staff/batches") view=|| view! { <shell::Shell><batches::Batches/></shell::Shell> }/>
                <Route path=path!("/staff/follow-ups") view=|| view! { <shell::Shell><follow::FollowUps/></shell::Shell> }/>
                <Route path=path!("/staff/ledger") view=|| view! { <shell::Shell><ledger::Ledger/></shell::Shell> }/>
                <Route path=path!("/staff/stats") view=|| view! { <shell::Shell><stats::Statistics/></shell::Shell> }/>
                <Route path=path!("/staff/admin") view=|| view! { <shell::Shell><admin::Admin/></shell::Shell> }/>
                <Route path=path!("/staff/notifications") view=|| view! { <shell::Shell><bell::NotificationsPage/></shell::Shell> }/>
                <Route path=path!("/staff/batches/:id") view=|| view! { <shell::Shell><batches::BatchPage/></shell::Shell> }/>
            </Routes>
        </Router>
    }
}
