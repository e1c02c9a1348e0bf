//! The phone portal's `rights` bundle: a person's requests about their own information — the
//! form and where a request stands (see `app::portal`). Its own bundle: the form checks what it
//! is sent with the domain's text rules, which the home page need not carry.

use app::features::rights::{RightsForm, RightsStatusPage};
use leptos::prelude::*;

fn main() {
    app::portal::mount(|path| {
        Some(match path {
            ["rights"] => view! { <RightsForm/> }.into_any(),
            ["rights", token] => view! { <RightsStatusPage token=token.to_string()/> }.into_any(),
            _ => return None,
        })
    });
}
