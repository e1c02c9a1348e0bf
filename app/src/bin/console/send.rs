//! What the console sends on a click, as a Leptos action: the button knows the request is under
//! way, the panel shows its failure, and the caller says what follows an answer.

use app::api::{self, ApiFailure};
use domain::api::staff::ActionRequest;
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

/// A POST the console sends; its value is the latest answer or failure.
pub type Sent<I, O = serde_json::Value> = Action<I, Result<O, ApiFailure>>;

/// POSTs each dispatched input to the path `to` names; `then` runs after a 2xx answer.
pub fn post<I, O>(
    to: impl Fn(&I) -> String + 'static,
    then: impl Fn(&I, &O) + Clone + 'static,
) -> Sent<I, O>
where
    I: Serialize + Clone + Send + Sync + 'static,
    O: DeserializeOwned + Send + Sync + 'static,
{
    Action::new_local(move |input: &I| {
        let (path, input, then) = (to(input), input.clone(), then.clone());
        async move {
            let answer = api::post::<O>(&path, None, &input).await;
            if let Ok(o) = &answer {
                then(&input, o);
            }
            answer
        }
    })
}

/// The latest failure's text for a `role="alert"` line, none while a new request is under way.
pub fn failure<I, O>(
    sent: Sent<I, O>,
    text: fn(&ApiFailure) -> String,
) -> impl Fn() -> Option<String> + Copy
where
    I: Send + Sync + 'static,
    O: Send + Sync + 'static,
{
    move || {
        if sent.pending().get() {
            return None;
        }
        sent.value()
            .with(|v| v.as_ref().and_then(|r| r.as_ref().err()).map(text))
    }
}

/// A refusal is seen where the officer is: when the field `field.0` was refused, the cursor goes
/// back to its box (`field.1`); any other failure brings the `alert` line into view.
pub fn show_refusal<I, O>(
    sent: Sent<I, O>,
    field: (&'static str, &'static str),
    alert: &'static str,
) where
    I: Send + Sync + 'static,
    O: Send + Sync + 'static,
{
    Effect::new(move |_| {
        let field_refused = sent.value().with(|v| match v {
            Some(Err(ApiFailure::Api { body, .. })) => Some(body.fields.contains_key(field.0)),
            Some(Err(_)) => Some(false),
            _ => None,
        });
        match field_refused {
            Some(true) => {
                app::components::focus(field.1);
            }
            Some(false) => {
                if let Some(line) = document().get_element_by_id(alert) {
                    line.scroll_into_view();
                }
            }
            None => {}
        }
    });
}

/// What every panel of a case page sends: one POST to the case's actions.
pub fn case_action(no: String, on_change: Callback<()>) -> Sent<ActionRequest> {
    post(
        move |_: &ActionRequest| format!("/api/staff/cases/{no}/actions"),
        move |_, _| on_change.run(()),
    )
}
