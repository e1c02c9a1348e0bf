//! The phone portal's `guide` bundle: policies, the Q&A handbook and the fee catalog (see
//! `app::portal`).

use app::features::knowledge::{Entry, FaqList, Fees, Policies};
use leptos::prelude::*;

fn main() {
    app::portal::mount(|path| {
        Some(match path {
            ["policies"] => view! { <Policies/> }.into_any(),
            ["policies", id] => view! { <Entry kind="policy" id=id.to_string()/> }.into_any(),
            ["faq"] => view! { <FaqList/> }.into_any(),
            ["faq", id] => view! { <Entry kind="faq" id=id.to_string()/> }.into_any(),
            ["fees"] => view! { <Fees/> }.into_any(),
            _ => return None,
        })
    });
}
