use domain::api::Meta;
use domain::Lang;
use worker::Response;

use crate::error::ApiResult;

pub fn get(lang: Lang) -> ApiResult<Response> {
    let mut resp = crate::http::json(&Meta::build(lang), 200)?;
    resp.headers_mut()
        .set("cache-control", "public, max-age=300")?;
    Ok(resp)
}
