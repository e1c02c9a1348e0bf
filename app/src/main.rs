//! The phone portal's `app` bundle: the home page, following a case (status page by QR, lookup
//! by number) and the public commitment. Reporting and the policy guide are their own bundles
//! (`src/bin/report.rs`, `src/bin/guide.rs`); see `app::portal`.

use app::features::{commitment::Commitment, home::Home, lookup::Lookup, status::Status};
use leptos::prelude::*;

fn main() {
    app::portal::mount(|path| {
        Some(match path {
            [] => view! { <Home/> }.into_any(),
            ["lookup"] => view! { <Lookup/> }.into_any(),
            ["c", token] => view! { <Status token=token.to_string()/> }.into_any(),
            ["commitment"] => view! { <Commitment/> }.into_any(),
            _ => return None,
        })
    });
}
