//! 一次性告知 on the case page: the materials of the case's category as a checklist, so that a
//! request for information names everything at once.

use domain::coordination::materials::{for_category, Material};
use domain::taxonomy::Category;
use leptos::prelude::*;

use crate::texts::t;

#[component]
pub fn Checklist(category: Option<Category>, picked: RwSignal<Vec<String>>) -> impl IntoView {
    let list: &'static [Material] = for_category(category.unwrap_or(Category::Basic));
    view! {
        <fieldset class="checklist" id="materials">
            <legend>{t("console-materials")}</legend>
            <p class="muted">{t("console-materials-hint")}</p>
            {list.iter().map(|m| {
                let code = m.code();
                view! {
                    <label class="check">
                        <input type="checkbox" class="material" value=code
                            prop:checked=move || picked.with(|p| p.iter().any(|x| x == code))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                picked.update(|p| {
                                    p.retain(|x| x != code);
                                    if on {
                                        p.push(code.to_string());
                                    }
                                });
                            }/>
                        {t(&format!("console-material-{code}"))}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}
