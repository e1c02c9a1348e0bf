//! The knowledge base over D1: atomic JSON Lines import, search through the domain index
//! (kept per isolate and rebuilt when the content version moves), the fee catalog, entries.

use std::cell::RefCell;
use std::rc::Rc;

use chrono::{DateTime, Utc};
use domain::knowledge::{parse_jsonl, Entry};
use domain::search::{Index, Kind};
use domain::staff::Permission;
use domain::taxonomy::Topic;
use serde::Deserialize;
use serde_json::{json as j, Map, Value};
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, Env, Request, Response};

use crate::cases::db::iso;
use crate::error::{ApiError, ApiResult};
use crate::http::{header, json};
use crate::staff::users::{authorized, authorized_change};

const MAX_IMPORT: usize = 4 * 1024 * 1024;

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

    fn view(&self) -> Value {
        let extra: Value = serde_json::from_str(&self.extra).unwrap_or(j!({}));
        let tags: Value = serde_json::from_str(&self.tags).unwrap_or(j!([]));
        j!({"kind": self.kind, "id": self.id, "title": self.title, "body": self.body, "department": self.department,
            "department_label": self.department.as_deref().and_then(domain::taxonomy::Department::parse).map(|d| d.label(domain::Lang::ZhCn)),
            "topic_label": extra["topic"].as_str().and_then(Topic::parse).map(|t| t.label(domain::Lang::ZhCn)),
            "tags": tags, "extra": extra, "retired": self.retired == 1})
    }
}

const COLUMNS: &str = "kind, id, title, body, department, tags, extra, retired";

async fn version(d1: &D1Database) -> ApiResult<i64> {
    Ok(d1
        .prepare("SELECT version FROM knowledge_version WHERE id = 1")
        .first::<i64>(Some("version"))
        .await?
        .unwrap_or(0))
}

/// `POST /api/admin/import`: JSON Lines, upsert by (kind, id). Every line is checked first; one
/// bad line and nothing is written. Otherwise one transaction writes all and moves the version.
pub async fn import(mut req: Request, env: &Env, now: DateTime<Utc>) -> ApiResult<Response> {
    authorized_change(&req, env, now, Permission::ManageTemplates).await?;
    if header(&req, "content-length")
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|n| n > MAX_IMPORT)
    {
        return Err(ApiError::BodyTooLarge);
    }
    let bytes = req.bytes().await.map_err(|_| ApiError::InvalidJson)?;
    if bytes.len() > MAX_IMPORT {
        return Err(ApiError::BodyTooLarge);
    }
    let text = String::from_utf8(bytes).map_err(|_| ApiError::InvalidJson)?;
    let lines = parse_jsonl(&text);
    let mut rejected = std::collections::BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    for (n, r) in &lines {
        match r {
            Err(e) => {
                rejected.insert(format!("line {n}"), e.clone());
            }
            Ok(e) if !seen.insert((e.kind_code(), e.id.clone())) => {
                rejected.insert(
                    format!("line {n}"),
                    format!("{} {} 在本次导入中重复", e.kind_code(), e.id),
                );
            }
            Ok(_) => {}
        }
    }
    if lines.is_empty() {
        rejected.insert("line 1".into(), "没有可导入的内容".into());
    }
    if !rejected.is_empty() {
        return Err(ApiError::Rejected(rejected));
    }
    let d1 = env.d1("DB")?;
    let existing: std::collections::HashMap<(String, String), Row> = d1
        .prepare(format!("SELECT {COLUMNS} FROM knowledge"))
        .all()
        .await?
        .results::<Row>()?
        .into_iter()
        .map(|r| ((r.kind.clone(), r.id.clone()), r))
        .collect();
    let mut report = Vec::new();
    let mut statements = Vec::new();
    for (n, r) in lines {
        let e = r.expect("checked above");
        let key = (e.kind_code().to_string(), e.id.clone());
        let result = match existing.get(&key) {
            None => "created",
            Some(old) if old.retired == 0 && old.entry().as_ref() == Some(&e) => "unchanged",
            Some(_) => "updated",
        };
        report.push(j!({"line": n, "kind": e.kind_code(), "id": e.id, "result": result}));
        if result == "unchanged" {
            continue;
        }
        statements.push(
            d1.prepare(
                "INSERT INTO knowledge (kind, id, title, body, department, tags, extra, retired, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8) ON CONFLICT (kind, id) DO UPDATE SET \
                 title = excluded.title, body = excluded.body, department = excluded.department, tags = excluded.tags, \
                 extra = excluded.extra, retired = 0, updated_at = excluded.updated_at",
            )
            .bind(&[
                e.kind_code().into(),
                e.id.as_str().into(),
                e.title.as_str().into(),
                e.body.as_str().into(),
                e.department.as_deref().map(JsValue::from).unwrap_or(JsValue::NULL),
                serde_json::to_string(&e.tags).unwrap_or_default().into(),
                Value::Object(e.extra.clone()).to_string().into(),
                iso(now).into(),
            ])?,
        );
    }
    if !statements.is_empty() {
        statements
            .push(d1.prepare("UPDATE knowledge_version SET version = version + 1 WHERE id = 1"));
        d1.batch(statements).await?;
    }
    Ok(json(
        &j!({"lines": report, "version": version(&d1).await?}),
        200,
    )?)
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

fn query(req: &Request, name: &str) -> ApiResult<Option<String>> {
    Ok(req
        .url()?
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty()))
}

/// `GET /api/search?q=&kind=&limit=`
pub async fn search(req: Request, env: &Env) -> ApiResult<Response> {
    let q = query(&req, "q")?.unwrap_or_default();
    let kind = query(&req, "kind")?.and_then(|k| Kind::parse(&k));
    let limit = query(&req, "limit")?
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(10)
        .clamp(1, 50);
    if q.chars().count() > 100 {
        return Err(ApiError::Field("q".into(), "err-query".into()));
    }
    let idx = index(&env.d1("DB")?).await?;
    let hits = idx.search(&q, kind, limit);
    Ok(json(&j!({"q": q, "results": hits}), 200)?)
}

/// `GET /api/fees?port=&payee=`: the published catalog, filtered.
pub async fn fees(req: Request, env: &Env) -> ApiResult<Response> {
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
        &j!({"fees": rows.iter().map(Row::view).collect::<Vec<_>>()}),
        200,
    )?)
}

/// `GET /api/policies/{id}` and `GET /api/faqs/{id}`.
pub async fn entry(env: &Env, kind: &str, id: &str) -> ApiResult<Response> {
    let row = env
        .d1("DB")?
        .prepare(format!(
            "SELECT {COLUMNS} FROM knowledge WHERE kind = ?1 AND id = ?2"
        ))
        .bind(&[kind.into(), id.into()])?
        .first::<Row>(None)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(json(&row.view(), 200)?)
}

/// `GET /api/admin/knowledge?kind=`: every entry of a kind, retired ones included (admins).
pub async fn admin_list(req: Request, env: &Env, now: DateTime<Utc>) -> ApiResult<Response> {
    authorized(&req, env, now, Permission::ManageTemplates).await?;
    let kind = query(&req, "kind")?
        .and_then(|k| Kind::parse(&k))
        .ok_or(ApiError::NotFound)?;
    let code = match kind {
        Kind::Policy => "policy",
        Kind::Faq => "faq",
        Kind::Fee => "fee",
    };
    let rows = env
        .d1("DB")?
        .prepare(format!(
            "SELECT {COLUMNS} FROM knowledge WHERE kind = ?1 ORDER BY retired, id"
        ))
        .bind(&[code.into()])?
        .all()
        .await?
        .results::<Row>()?;
    Ok(json(
        &j!({"items": rows.iter().map(Row::view).collect::<Vec<_>>()}),
        200,
    )?)
}

/// `GET /api/knowledge?kind=policy|faq&department=&topic=`: titles to browse, and how many
/// entries of the kind each topic holds (for the topic chips, whatever the filter).
pub async fn list(req: Request, env: &Env) -> ApiResult<Response> {
    let kind = query(&req, "kind")?
        .and_then(|k| Kind::parse(&k))
        .ok_or_else(|| ApiError::Field("kind".into(), "err-filter".into()))?;
    let kind = match kind {
        Kind::Policy => "policy",
        Kind::Faq => "faq",
        Kind::Fee => "fee",
    };
    let department =
        query(&req, "department")?.filter(|d| domain::taxonomy::Department::parse(d).is_some());
    let topic = query(&req, "topic")?.filter(|t| Topic::parse(t).is_some());
    let mut sql = format!("SELECT {COLUMNS} FROM knowledge WHERE kind = ?1 AND retired = 0");
    let mut binds: Vec<JsValue> = vec![kind.into()];
    if let Some(d) = department {
        binds.push(d.into());
        sql += &format!(" AND department = ?{}", binds.len());
    }
    if let Some(t) = topic {
        binds.push(t.into());
        sql += &format!(" AND json_extract(extra, '$.topic') = ?{}", binds.len());
    }
    sql += " ORDER BY id";
    let d1 = env.d1("DB")?;
    let rows = d1
        .prepare(sql)
        .bind(&binds)?
        .all()
        .await?
        .results::<Row>()?;
    #[derive(Deserialize)]
    struct Count {
        topic: Option<String>,
        n: i64,
    }
    let counts = d1
        .prepare(
            "SELECT json_extract(extra, '$.topic') AS topic, count(*) AS n FROM knowledge \
             WHERE kind = ?1 AND retired = 0 GROUP BY topic",
        )
        .bind(&[kind.into()])?
        .all()
        .await?
        .results::<Count>()?;
    let topics: Vec<Value> = Topic::ALL
        .iter()
        .filter_map(|t| {
            let n = counts
                .iter()
                .find(|c| c.topic.as_deref() == Some(t.code()))?
                .n;
            Some(j!({"code": t.code(), "label": t.label(domain::Lang::ZhCn), "count": n}))
        })
        .collect();
    Ok(json(
        &j!({"items": rows.iter().map(Row::view).collect::<Vec<_>>(), "topics": topics}),
        200,
    )?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Typing {
    title: String,
    description: String,
}

/// `POST /api/suggest {title, description}`: while an enterprise types a report, the Q&A
/// answers that may already solve it, and how many open cases read like the same problem
/// (a count only: the public never sees another enterprise's case).
pub async fn suggest(mut req: Request, env: &Env) -> ApiResult<Response> {
    let t: Typing = crate::http::read_json(&mut req).await?;
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
pub async fn deflected(mut req: Request, env: &Env, now: DateTime<Utc>) -> ApiResult<Response> {
    let s: Solved = crate::http::read_json(&mut req).await?;
    let d1 = env.d1("DB")?;
    let exists = d1
        .prepare("SELECT 1 AS one FROM knowledge WHERE kind = 'faq' AND id = ?1")
        .bind(&[s.faq_id.as_str().into()])?
        .first::<u8>(Some("one"))
        .await?
        .is_some();
    if !exists {
        return Err(ApiError::NotFound);
    }
    d1.prepare("INSERT INTO deflections (at, kind, ref_id) VALUES (?1, 'faq', ?2)")
        .bind(&[iso(now).into(), s.faq_id.as_str().into()])?
        .run()
        .await?;
    Ok(json(&j!({"ok": true}), 201)?)
}

/// `POST /api/admin/knowledge/{kind}/{id}/retire` (and `/restore`): takes an entry out of
/// search and browsing without deleting it.
pub async fn retire(
    req: Request,
    env: &Env,
    now: DateTime<Utc>,
    kind: &str,
    id: &str,
    retired: bool,
) -> ApiResult<Response> {
    let s = authorized_change(&req, env, now, Permission::ManageTemplates).await?;
    let kind = Kind::parse(kind).ok_or(ApiError::NotFound)?;
    let code = match kind {
        Kind::Policy => "policy",
        Kind::Faq => "faq",
        Kind::Fee => "fee",
    };
    let d1 = env.d1("DB")?;
    let results = d1
        .batch(vec![
            d1.prepare(
                "UPDATE knowledge SET retired = ?3, updated_at = ?4 WHERE kind = ?1 AND id = ?2",
            )
            .bind(&[
                code.into(),
                id.into(),
                JsValue::from(u8::from(retired)),
                iso(now).into(),
            ])?,
            d1.prepare(
                "UPDATE knowledge_version SET version = version + 1 WHERE id = 1 AND changes() = 1",
            ),
        ])
        .await?;
    if results
        .first()
        .and_then(|r| r.meta().ok().flatten())
        .and_then(|m| m.changes)
        .unwrap_or(0)
        != 1
    {
        return Err(ApiError::NotFound);
    }
    let entry = crate::audit::Entry::by(
        &s,
        if retired {
            "knowledge_retired"
        } else {
            "knowledge_restored"
        },
        format!("{code}:{id}"),
        j!({}),
    );
    crate::audit::write(&d1, entry, now).await?;
    Ok(json(&j!({"ok": true, "retired": retired}), 200)?)
}
