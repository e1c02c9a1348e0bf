//! One part of the scheduled sweep as one D1 batch: mark the rows it changes, log exactly those,
//! tell the staff those events concern, clear the mark — so running twice changes nothing more.

use worker::D1Database;

use crate::error::ApiResult;

pub async fn marked(
    d1: &D1Database,
    update: String,
    event: &str,
    args: Vec<worker::wasm_bindgen::JsValue>,
) -> ApiResult<usize> {
    marked_with(d1, update, event, args, Vec::new()).await
}

/// [`marked`] with more statements over the marked rows, in the same batch before the mark clears;
/// the staff its events concern are told in that batch too.
pub async fn marked_with(
    d1: &D1Database,
    update: String,
    event: &str,
    args: Vec<worker::wasm_bindgen::JsValue>,
    more: Vec<worker::D1PreparedStatement>,
) -> ApiResult<usize> {
    let mark = args[0].clone();
    let mut stmts = vec![
        d1.prepare(update).bind(&args)?,
        d1.prepare(event).bind(&args)?,
    ];
    stmts.extend(more);
    let at = args[1].as_string().unwrap_or_default();
    stmts.push(super::told::of_marked(d1, &mark, &at)?);
    stmts.push(
        d1.prepare("UPDATE cases SET mark = NULL WHERE mark = ?1")
            .bind(&[mark])?,
    );
    let results = d1.batch(stmts).await?;
    Ok(crate::http::first_changes(&results))
}
