//! `GET /api/staff/follow-ups`: the two 回访 lists, paged in D1 (a year holds thousands of
//! 差评 and unrated answers): every 差评, those still waiting for their visit first, and every
//! answer left unrated for three days; with the 差评 visit coverage over all of them.

use domain::api::follow::{BadRating, Coverage, FollowUps, UnratedAnswer};
use domain::rating::REINVITE_DAYS;
use domain::time::display;
use domain::time::iso;
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::{Request, Response};

use crate::auth::guard::wall;
use crate::auth::session::Session;
use crate::cases::db::case_no_text;
use crate::error::{ApiError, ApiResult};
use crate::http::{json, page, Cx};

/// Rows a page of either list shows.
pub const FOLLOW_PAGE: u32 = 20;

#[derive(Deserialize)]
struct BadRow {
    day: String,
    seq: u32,
    title: String,
    score: u8,
    comment: Option<String>,
    review: Option<String>,
    at: String,
    visits: u32,
}

#[derive(Deserialize)]
struct UnratedRow {
    day: String,
    seq: u32,
    title: String,
    answered_at: String,
    visits: u32,
}

#[derive(Deserialize)]
struct Counts {
    bad_total: f64,
    bad_visited: f64,
    unrated_total: f64,
}

/// Every 差评 of the cases in the wall (`?1`: a handler's unit, or NULL for all).
const BAD_FROM: &str = "FROM ratings r JOIN cases c ON c.id = r.case_id \
     WHERE r.bad = 1 AND (?1 IS NULL OR c.department = ?1)";

/// Every case answered at least three days ago (`?2`) whose latest answer is unrated.
const UNRATED: &str = "SELECT c.id, c.day, c.seq, c.title, e.at AS answered_at, \
     (SELECT COUNT(*) FROM return_visits v WHERE v.case_id = c.id) AS visits \
     FROM cases c JOIN case_events e ON e.id = \
       (SELECT MAX(x.id) FROM case_events x WHERE x.case_id = c.id AND x.kind = 'answered') \
     WHERE c.status = 'answered' AND (?1 IS NULL OR c.department = ?1) AND e.at <= ?2 \
     AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.case_id = c.id AND r.answer_event_id = e.id)";

/// `?page=` pages the 差评, `?unrated_page=` the unrated answers.
pub async fn list(req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let (env, now, lang) = (cx.env, cx.now, cx.lang);
    let bad_page = page(&req, "page", FOLLOW_PAGE)?;
    let unrated_page = page(&req, "unrated_page", FOLLOW_PAGE)?;
    let unit = wall(&s)?.map_or(JsValue::NULL, |d| d.code().into());
    let cutoff: JsValue = iso(now - chrono::Duration::days(REINVITE_DAYS)).into();
    let binds = [unit, cutoff];
    let d1 = env.d1("DB")?;
    let visited = "EXISTS (SELECT 1 FROM return_visits v WHERE v.rating_id = r.id)";
    let statements = vec![
        d1.prepare(format!(
            "SELECT (SELECT count(*) {BAD_FROM}) AS bad_total, \
             (SELECT count(*) {BAD_FROM} AND {visited}) AS bad_visited, \
             (SELECT count(*) FROM ({UNRATED})) AS unrated_total"
        ))
        .bind(&binds)?,
        d1.prepare(format!(
            "SELECT c.day, c.seq, c.title, r.score, r.comment, r.review, r.at, \
             (SELECT COUNT(*) FROM return_visits v WHERE v.rating_id = r.id) AS visits \
             {BAD_FROM} ORDER BY {visited}, r.at DESC, r.id DESC {}",
            bad_page.limit_sql()
        ))
        .bind(&binds[..1])?,
        d1.prepare(format!(
            "{UNRATED} ORDER BY e.at, c.id {}",
            unrated_page.limit_sql()
        ))
        .bind(&binds)?,
    ];
    let mut results = d1.batch(statements).await?.into_iter();
    let (Some(counted), Some(bad), Some(unrated)) =
        (results.next(), results.next(), results.next())
    else {
        return Err(ApiError::Internal("follow-ups batch".into()));
    };
    let c = counted
        .results::<Counts>()?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Internal("follow-ups count".into()))?;
    let (bad_total, bad_visited) = (c.bad_total as u64, c.bad_visited as u64);
    let bad = bad
        .results::<BadRow>()?
        .into_iter()
        .map(|r| BadRating {
            case_no: case_no_text(&r.day, r.seq),
            at_text: display(&r.at, lang),
            title: r.title,
            score: r.score,
            comment: r.comment,
            review: r.review,
            visits: r.visits,
        })
        .collect();
    let unrated = unrated
        .results::<UnratedRow>()?
        .into_iter()
        .map(|r| UnratedAnswer {
            case_no: case_no_text(&r.day, r.seq),
            answered_at_text: display(&r.answered_at, lang),
            title: r.title,
            visits: r.visits,
        })
        .collect();
    let rate = if bad_total == 0 {
        1.0
    } else {
        bad_visited as f64 / bad_total as f64
    };
    let answer = FollowUps {
        bad: bad_page.of(bad, bad_total),
        unrated: unrated_page.of(unrated, c.unrated_total as u64),
        coverage: Coverage {
            bad_total,
            bad_visited,
            rate,
        },
    };
    Ok(json(&answer, 200)?)
}
