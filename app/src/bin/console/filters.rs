//! One filter bar for the queue, the ledger and the statistics: each page names the filters it
//! offers; the chosen values live in one map and become one query string.

use std::collections::BTreeMap;

use crate::texts::t;
use app::api;
use leptos::prelude::*;

pub type Chosen = RwSignal<BTreeMap<&'static str, String>>;

/// `k=v&…` of the chosen (non-empty) values, URL-encoded.
pub fn query(chosen: &BTreeMap<&'static str, String>) -> String {
    chosen
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", app::api::encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

const GRADES: [&str; 9] = ["AA", "AB", "AC", "BA", "BB", "BC", "CA", "CB", "CC"];
const STATUSES: [&str; 8] = [
    "submitted",
    "triaged",
    "in_progress",
    "needs_info",
    "answered",
    "closed",
    "merged",
    "reopened",
];

/// The filters named in `names`, in that order (ids `filter-{name}`).
#[component]
pub fn FilterBar(chosen: Chosen, names: &'static [&'static str]) -> impl IntoView {
    let meta = LocalResource::new(api::meta);
    let set = move |k: &'static str| {
        move |ev: leptos::ev::Event| {
            chosen.update(|f| {
                f.insert(k, event_target_value(&ev));
            })
        }
    };
    let check = move |k: &'static str| {
        move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            chosen.update(|f| {
                f.insert(k, if on { "1".into() } else { String::new() });
            });
        }
    };
    let options = move |list: &'static str| {
        move || {
            meta.get().and_then(|m| m.ok()).map(|m| {
                let items = match list {
                    "category" => m.categories,
                    "department" => m.departments,
                    "port" => m.ports,
                    _ => m.channels,
                };
                items
                    .into_iter()
                    .map(|c| view! { <option value=c.code>{c.label}</option> })
                    .collect_view()
            })
        }
    };
    let select = move |name: &'static str, label: &'static str, fixed: Vec<(String, String)>| {
        let coded = matches!(name, "category" | "department" | "port" | "channel");
        view! {
            <label>{t(label)}
                <select id=format!("filter-{name}") on:change=set(name)>
                    <option value="">{t("console-filter-any")}</option>
                    {coded.then(|| options(name))}
                    {fixed.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                </select>
            </label>
        }
        .into_any()
    };
    let pairs = |xs: &[&str], key: &str| -> Vec<(String, String)> {
        xs.iter()
            .map(|x| {
                let l = if key.is_empty() {
                    x.to_string()
                } else {
                    t(&format!("{key}-{x}")).to_string()
                };
                (x.to_string(), l)
            })
            .collect()
    };
    view! {
        <div class="filters">
            {names.iter().map(|&name| match name {
                "category" => select(name, "console-filter-category", vec![]),
                "department" => select(name, "console-filter-department", vec![]),
                "port" => select(name, "console-port", vec![]),
                "channel" => select(name, "console-col-channel", vec![]),
                "grade" => select(name, "console-col-grade", pairs(&GRADES, "")),
                "level" => select(name, "console-col-level", pairs(&["1", "2", "3", "4"], "level")),
                "status" => select(name, "console-col-status", pairs(&STATUSES, "status")),
                "rating" => select(name, "console-col-rating", pairs(&["bad", "good", "unrated"], "console-rating")),
                "from" | "to" => view! {
                    <label>{t(if name == "from" { "console-filter-from" } else { "console-filter-to" })}
                        <input type="date" id=format!("filter-{name}") on:change=set(name)/>
                    </label>
                }.into_any(),
                "q" => view! {
                    <label>{t("console-filter-q")}
                        <input type="search" id="filter-q" on:change=set("q")/>
                    </label>
                }.into_any(),
                "overdue" => view! {
                    <label class="check"><input type="checkbox" id="filter-overdue" on:change=check("overdue")/>{t("console-flag-overdue")}</label>
                }.into_any(),
                _ => view! {
                    <label class="check"><input type="checkbox" id=format!("filter-{name}") on:change=check(name)/>{t("console-flag-48h")}</label>
                }.into_any(),
            }).collect_view()}
        </div>
    }
}
