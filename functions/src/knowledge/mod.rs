//! The knowledge base over D1 as the public reads it: search through the domain index (kept per
//! isolate and rebuilt when the content version moves), browsing, the fee catalog, entries (a
//! retired one answers 410), "this answered it". Administrators' changes are in `admin`.

pub mod admin;

use domain::time::iso;
use std::cell::RefCell;
use std::rc::Rc;

use domain::knowledge::Entry;
use domain::search::{Index, Kind};
use domain::taxonomy::Topic;
use serde::Deserialize;
use serde_json::{json as j, Map, Value};
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, Env, Request, Response};

use crate::error::{ApiError, ApiResult};
use crate::http::{json, query, Cx};

#[derive(Debug, Deserialize)]
struct Row {
    kind: String,
    id: String,
    title: String,
    body: String,
    department: Option<String>,
    tags: String,
    extra: String,
    retired: i64,
}

impl Row {
    fn entry(&self) -> Option<Entry> {
        Some(Entry {
            kind: Kind::parse(&self.kind)?,
            id: self.id.clone(),
            title: self.title.clone(),
            body: self.body.clone(),
            department: self.department.clone(),
            tags: serde_json::from_str(&self.tags).unwrap_or_default(),
            extra: serde_json::from_str::<Map<String, Value>>(&self.extra).unwrap_or_default(),
        })
    }

    fn view(&self, lang: domain::Lang) -> Value {
        let extra: Value = serde_json::from_str(&self.extra).unwrap_or(j!({}));
        let tags: Value = serde_json::from_str(&self.tags).unwrap_or(j!([]));
        j!({"kind": self.kind, "id": self.id, "title": self.title, "body": self.body, "department": self.department,
            "department_label": self.department.as_deref().and_then(domain::taxonomy::Department::parse).map(|d| d.label(lang)),
            "topic_label": extra["topic"].as_str().and_then(Topic::parse).map(|t| t.label(lang)),
            "port_label": extra["port"].as_str().and_then(domain::taxonomy::Port::parse).map(|p| p.label(lang)),
            "tags": tags, "extra": extra, "retired": self.retired == 1})
    }

    /// [`Row::view`] without the body, for lists.
    fn summary(&self, lang: domain::Lang) -> Value {
        let mut v = self.view(lang);
        if let Some(o) = v.as_object_mut() {
            o.remove("body");
        }
        v
    }
}

const COLUMNS: &str = "kind, id, title, body, department, tags, extra, retired";
/// [`COLUMNS`] for a list of titles: the body stays in D1.
const LIST_COLUMNS: &str = "kind, id, title, '' AS body, department, tags, extra, retired";

async fn version(d1: &D1Database) -> ApiResult<i64> {
    Ok(d1
        .prepare("SELECT version FROM knowledge_version WHERE id = 1")
        .first::<i64>(Some("version"))
        .await?
        .unwrap_or(0))
}

thread_local! {
    static INDEX: RefCell<Option<(i64, Rc<Index>)>> = const { RefCell::new(None) };
}

/// The search index of the current content, built at most once per version per isolate.
async fn index(d1: &D1Database) -> ApiResult<Rc<Index>> {
    let v = version(d1).await?;
    if let Some(idx) = INDEX.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|(cv, _)| *cv == v)
            .map(|(_, i)| i.clone())
    }) {
        return Ok(idx);
    }
    let rows = d1
        .prepare(format!("SELECT {COLUMNS} FROM knowledge WHERE retired = 0"))
        .all()
        .await?
        .results::<Row>()?;
    let docs = rows
        .iter()
        .filter_map(Row::entry)
        .map(|e| e.to_doc())
        .collect();
    let idx = Rc::new(Index::build(docs));
    INDEX.with(|c| *c.borrow_mut() = Some((v, idx.clone())));
    Ok(idx)
}

/// `GET /api/search?q=&kind=&limit=`
pub async fn search(req: Request, env: &Env) -> ApiResult<Response> {
    let q = query(&req, "q")?.unwrap_or_default();
    let kind = query(&req, "kind")?.and_then(|k| Kind::parse(&k));
    let limit = query(&req, "limit")?
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(10)
        .clamp(1, 50);
    if q.chars().count() > domain::ledger::MAX_QUERY_CHARS {
        return Err(ApiError::Field("q".into(), "err-query".into()));
    }
    let idx = index(&env.d1("DB")?).await?;
    let hits = idx.search(&q, kind, limit);
    Ok(json(&j!({"q": q, "results": hits}), 200)?)
}

/// `GET /api/fees?port=&payee=`: the published catalog, filtered.
pub async fn fees(req: Request, cx: &Cx<'_>) -> ApiResult<Response> {
    let (env, lang) = (cx.env, cx.lang);
    let port = query(&req, "port")?.filter(|p| domain::taxonomy::Port::parse(p).is_some());
    let payee = query(&req, "payee")?;
    let mut sql = format!("SELECT {COLUMNS} FROM knowledge WHERE kind = 'fee' AND retired = 0");
    let mut args: Vec<JsValue> = Vec::new();
    if let Some(p) = port {
        args.push(p.into());
        sql.push_str(&format!(
            " AND json_extract(extra, '$.port') = ?{}",
            args.len()
        ));
    }
    if let Some(p) = payee {
        args.push(p.into());
        sql.push_str(&format!(
            " AND json_extract(extra, '$.payee') = ?{}",
            args.len()
        ));
    }
    sql.push_str(" ORDER BY json_extract(extra, '$.port'), json_extract(extra, '$.payee'), title");
    let rows = env
        .d1("DB")?
        .prepare(sql)
        .bind(&args)?
        .all()
        .await?
        .results::<Row>()?;
    Ok(json(
        &j!({"fees": rows.iter().map(|r| r.view(lang)).collect::<Vec<_>>()}),
        200,
    )?)
}

/// `GET /api/policies/{id}` and `GET /api/faqs/{id}`.
pub async fn entry(cx: &Cx<'_>, kind: &str, id: &str) -> ApiResult<Response> {
    let (env, lang) = (cx.env, cx.lang);
    let row = env
        .d1("DB")?
        .prepare(format!(
            "SELECT {COLUMNS} FROM knowledge WHERE kind = ?1 AND id = ?2"
        ))
        .bind(&[kind.into(), id.into()])?
        .first::<Row>(None)
        .await?
        .ok_or(ApiError::NotFound)?;
    if row.retired != 0 {
        return Err(ApiError::Gone);
    }
    Ok(json(&row.view(lang), 200)?)
}

/// The knowledge rows `filter` selects (`columns`, in `order`, which carries the page's
/// `LIMIT`), how many it selects in all, and the results of `more` statements run in the same
/// batch.
async fn page_of(
    d1: &D1Database,
    columns: &str,
    filter: &str,
    binds: &[JsValue],
    order: &str,
    more: Vec<worker::D1PreparedStatement>,
) -> ApiResult<(u64, Vec<Row>, Vec<worker::D1Result>)> {
    let mut statements = vec![
        d1.prepare(format!(
            "SELECT count(*) AS n FROM knowledge WHERE {filter}"
        ))
        .bind(binds)?,
        d1.prepare(format!(
            "SELECT {columns} FROM knowledge WHERE {filter} {order}"
        ))
        .bind(binds)?,
    ];
    statements.extend(more);
    let mut results = d1.batch(statements).await?.into_iter();
    let (Some(counted), Some(rows)) = (results.next(), results.next()) else {
        return Err(ApiError::Internal("knowledge batch".into()));
    };
    #[derive(Deserialize)]
    struct N {
        n: f64,
    }
    let total = counted.results::<N>()?.first().map_or(0, |c| c.n as u64);
    Ok((total, rows.results::<Row>()?, results.collect()))
}

/// Entries a page of the public browser lists.
const BROWSE_PAGE: u32 = 20;

/// `GET /api/knowledge?kind=policy|faq&department=&topic=&page=`: a page of titles to browse
/// (no bodies), how many match, and how many entries of the kind each topic holds (for the
/// topic chips, whatever the filter).
pub async fn list(req: Request, cx: &Cx<'_>) -> ApiResult<Response> {
    let (env, lang) = (cx.env, cx.lang);
    let kind = query(&req, "kind")?
        .and_then(|k| Kind::parse(&k))
        .ok_or_else(|| ApiError::Field("kind".into(), "err-filter".into()))?;
    let kind = kind.code();
    let page = crate::http::page(&req, "page", BROWSE_PAGE)?;
    let department =
        query(&req, "department")?.filter(|d| domain::taxonomy::Department::parse(d).is_some());
    let topic = query(&req, "topic")?.filter(|t| Topic::parse(t).is_some());
    let mut filter = "kind = ?1 AND retired = 0".to_string();
    let mut binds: Vec<JsValue> = vec![kind.into()];
    if let Some(d) = department {
        binds.push(d.into());
        filter += &format!(" AND department = ?{}", binds.len());
    }
    if let Some(t) = topic {
        binds.push(t.into());
        filter += &format!(" AND json_extract(extra, '$.topic') = ?{}", binds.len());
    }
    let d1 = env.d1("DB")?;
    let topic_counts = d1
        .prepare(
            "SELECT json_extract(extra, '$.topic') AS topic, count(*) AS n FROM knowledge \
             WHERE kind = ?1 AND retired = 0 GROUP BY topic",
        )
        .bind(&[kind.into()])?;
    let order = format!("ORDER BY id {}", page.limit_sql());
    let (total, rows, mut more) = page_of(
        &d1,
        LIST_COLUMNS,
        &filter,
        &binds,
        &order,
        vec![topic_counts],
    )
    .await?;
    let counts = more
        .pop()
        .ok_or_else(|| ApiError::Internal("knowledge batch".into()))?;
    #[derive(Deserialize)]
    struct Count {
        topic: Option<String>,
        n: f64,
    }
    let counts = counts.results::<Count>()?;
    let topics: Vec<Value> = Topic::ALL
        .iter()
        .filter_map(|t| {
            let n = counts
                .iter()
                .find(|c| c.topic.as_deref() == Some(t.code()))?
                .n;
            Some(j!({"code": t.code(), "label": t.label(lang), "count": n as u64}))
        })
        .collect();
    let items = rows.iter().map(|r| r.summary(lang)).collect();
    let mut answer = serde_json::to_value(page.of::<Value>(items, total))
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    answer["topics"] = Value::Array(topics);
    Ok(json(&answer, 200)?)
}

/// `POST /api/suggest {title, description}`: while an enterprise types a report, the Q&A
/// answers that may already solve it, and how many open cases read like the same problem
/// (a count only: the public never sees another enterprise's case).
pub async fn suggest(mut req: Request, env: &Env) -> ApiResult<Response> {
    let t: domain::api::TriageRequest = crate::http::read_json(&mut req).await?;
    t.check(false).map_err(crate::error::ApiError::Validation)?;
    let text = format!("{} {}", t.title, t.description);
    if text.trim().chars().count() < 2 {
        return Ok(json(&j!({"faqs": [], "similar_open": 0}), 200)?);
    }
    let d1 = env.d1("DB")?;
    let idx = index(&d1).await?;
    let faqs = idx.search(
        &text.chars().take(200).collect::<String>(),
        Some(Kind::Faq),
        3,
    );
    #[derive(Deserialize)]
    struct Open {
        title: String,
        description: String,
    }
    let open = d1
        .prepare(format!(
            "SELECT title, description FROM cases WHERE status IN ({}) ORDER BY id DESC LIMIT 500",
            domain::ledger::open_sql()
        ))
        .all()
        .await?
        .results::<Open>()?;
    let mine = domain::similar::profile(&text);
    let similar = open
        .iter()
        .filter(|o| {
            domain::similar::cosine(
                &mine,
                &domain::similar::profile(&format!("{} {}", o.title, o.description)),
            ) >= domain::similar::SAME_PROBLEM
        })
        .count();
    Ok(json(&j!({"faqs": faqs, "similar_open": similar}), 200)?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Solved {
    faq_id: String,
}

/// `POST /api/deflections {faq_id}`: "this answer solved it" (counted; filing stays possible).
/// A client counts once per answer a day (more taps answer the same and write nothing); the
/// router holds the door to the search limit.
pub async fn deflected(mut req: Request, cx: &Cx<'_>) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    let s: Solved = crate::http::read_json(&mut req).await?;
    if s.faq_id.is_empty() || s.faq_id.chars().count() > 100 {
        return Err(ApiError::Field("faq_id".into(), "err-faq-id".into()));
    }
    let d1 = env.d1("DB")?;
    let exists = d1
        .prepare("SELECT 1 AS one FROM knowledge WHERE kind = 'faq' AND id = ?1 AND retired = 0")
        .bind(&[s.faq_id.as_str().into()])?
        .first::<u8>(Some("one"))
        .await?
        .is_some();
    if !exists {
        return Err(ApiError::NotFound);
    }
    let key = format!("deflect:{}:{}", crate::limits::client(&req), s.faq_id);
    let (n, _) =
        crate::counters::count_in_window(&d1, &key, now, chrono::Duration::days(1)).await?;
    if n == 1 {
        d1.prepare("INSERT INTO deflections (at, kind, ref_id) VALUES (?1, 'faq', ?2)")
            .bind(&[iso(now).into(), s.faq_id.as_str().into()])?
            .run()
            .await?;
    }
    Ok(json(&j!({"ok": true, "counted": n == 1}), 201)?)
}
