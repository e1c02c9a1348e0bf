//! The phone portal's `report` bundle: the report form and its receipt (see `app::portal`).

use app::features::{receipt::Receipt, report::Report};
use leptos::prelude::*;

fn main() {
    app::portal::mount(|path| {
        Some(match path {
            ["report"] => view! { <Report/> }.into_any(),
            ["receipt", token] => view! { <Receipt token=token.to_string()/> }.into_any(),
            _ => return None,
        })
    });
}
