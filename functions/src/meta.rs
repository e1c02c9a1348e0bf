use domain::api::Meta;
use domain::Lang;
use worker::{Env, Response};

use crate::error::ApiResult;

/// The fixed lists, and the privacy notice with the retention period in force (one D1 read).
pub async fn get(env: &Env, lang: Lang) -> ApiResult<Response> {
    let mut meta = Meta::build(lang);
    let years = crate::settings::retention(&env.d1("DB")?).await?;
    meta.privacy = domain::consent::NoticeFacts::current(years);
    let mut resp = crate::http::json(&meta, 200)?;
    resp.headers_mut()
        .set("cache-control", "public, max-age=300")?;
    Ok(resp)
}
