//! The knowledge base as administrators change it: the atomic JSON Lines import, the list with
//! retired entries, retiring and restoring. Every change is in the audit log.

use domain::time::iso;
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use domain::knowledge::parse_jsonl;
use domain::search::Kind;
use serde_json::{json as j, Value};
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, Request, Response};

use super::{version, Row, COLUMNS};
use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::http::{header, json, query, Cx};

const MAX_IMPORT: usize = 4 * 1024 * 1024;

/// The import's body as text, refused over 4 MB before and after reading.
async fn body(req: &mut Request) -> ApiResult<String> {
    let declared = header(req, "content-length").and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_IMPORT) {
        return Err(ApiError::BodyTooLarge);
    }
    let bytes = req.bytes().await.map_err(|_| ApiError::InvalidJson)?;
    if bytes.len() > MAX_IMPORT {
        return Err(ApiError::BodyTooLarge);
    }
    String::from_utf8(bytes).map_err(|_| ApiError::InvalidJson)
}

/// Every line that cannot be imported, by line: unreadable, or a (kind, id) seen twice.
fn rejections(
    lines: &[(usize, Result<domain::knowledge::Entry, String>)],
) -> BTreeMap<String, String> {
    let mut rejected = BTreeMap::new();
    let mut seen = HashSet::new();
    for (n, r) in lines {
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
    rejected
}

/// `POST /api/admin/import`: JSON Lines, upsert by (kind, id). Every line is checked first; one
/// bad line and nothing is written. Otherwise one batch writes all, moves the version and
/// records the import (how many created, updated, unchanged) in the audit log.
pub async fn import(mut req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    let text = body(&mut req).await?;
    let lines = parse_jsonl(&text);
    let rejected = rejections(&lines);
    if !rejected.is_empty() {
        return Err(ApiError::Rejected(rejected));
    }
    let d1 = env.d1("DB")?;
    let existing: HashMap<(String, String), Row> = d1
        .prepare(format!("SELECT {COLUMNS} FROM knowledge"))
        .all()
        .await?
        .results::<Row>()?
        .into_iter()
        .map(|r| ((r.kind.clone(), r.id.clone()), r))
        .collect();
    let mut report = Vec::new();
    let mut tally: BTreeMap<&str, usize> = BTreeMap::new();
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
        *tally.entry(result).or_default() += 1;
        if result != "unchanged" {
            statements.push(upsert(&d1, &e, now)?);
        }
    }
    if !statements.is_empty() {
        statements
            .push(d1.prepare("UPDATE knowledge_version SET version = version + 1 WHERE id = 1"));
        let entry = crate::audit::Entry::by(
            &s,
            domain::audit::AuditAction::KnowledgeImported,
            "knowledge".into(),
            j!(tally),
        );
        statements.push(crate::audit::statement(&d1, entry, now)?);
        d1.batch(statements).await?;
    }
    Ok(json(
        &j!({"lines": report, "version": version(&d1).await?}),
        200,
    )?)
}

fn upsert(
    d1: &D1Database,
    e: &domain::knowledge::Entry,
    now: DateTime<Utc>,
) -> ApiResult<worker::D1PreparedStatement> {
    Ok(d1
        .prepare(
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
        ])?)
}

/// Entries a page of the administrator's list shows.
const ADMIN_PAGE: u32 = 50;

/// `GET /api/admin/knowledge?kind=&q=&page=`: a page of the entries of a kind, retired ones
/// included (admins), with their bodies (the editor starts from them); `q` (1–100
/// characters) keeps those whose id or title contains it.
pub async fn list(req: Request, cx: &Cx<'_>) -> ApiResult<Response> {
    let (env, lang) = (cx.env, cx.lang);
    let kind = query(&req, "kind")?
        .and_then(|k| Kind::parse(&k))
        .ok_or(ApiError::NotFound)?;
    let page = crate::http::page(&req, "page", ADMIN_PAGE)?;
    let q = query(&req, "q")?.map(|q| q.trim().to_lowercase());
    if q.as_ref()
        .is_some_and(|q| q.chars().count() > domain::ledger::MAX_QUERY_CHARS)
    {
        return Err(ApiError::Field("q".into(), "err-query".into()));
    }
    let filter =
        "kind = ?1 AND (?2 = '' OR instr(lower(title), ?2) > 0 OR instr(lower(id), ?2) > 0)";
    let binds = [kind.code().into(), q.unwrap_or_default().into()];
    let order = format!("ORDER BY retired, id {}", page.limit_sql());
    let (total, rows, _) =
        super::page_of(&env.d1("DB")?, COLUMNS, filter, &binds, &order, vec![]).await?;
    let items = rows.iter().map(|r| r.view(lang)).collect();
    Ok(json(&page.of::<Value>(items, total), 200)?)
}

/// `POST /api/admin/knowledge/{kind}/{id}/retire` (and `/restore`): takes an entry out of
/// search and browsing without deleting it.
pub async fn retire(
    cx: &Cx<'_>,
    kind: &str,
    id: &str,
    retired: bool,
    s: Session,
) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    let kind = Kind::parse(kind).ok_or(ApiError::NotFound)?;
    let code = kind.code();
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
    if crate::http::first_changes(&results) != 1 {
        return Err(ApiError::NotFound);
    }
    let entry = crate::audit::Entry::by(
        &s,
        if retired {
            domain::audit::AuditAction::KnowledgeRetired
        } else {
            domain::audit::AuditAction::KnowledgeRestored
        },
        format!("{code}:{id}"),
        j!({}),
    );
    crate::audit::write(&d1, entry, now).await?;
    Ok(json(&j!({"ok": true, "retired": retired}), 200)?)
}
