//! The problem ledger 台账 and the statistics over D1. One filter (`domain::ledger`) selects the
//! rows of the page, the CSV and the XLSX alike; exports page through D1 by id so that memory
//! stays flat: the CSV streams, the XLSX comes in parts of at most `PART_ROWS` rows.

use crate::http::Cx;
use chrono::{DateTime, Utc};
use domain::api::desk::{ExportParts, LedgerItem, LedgerPage};
use domain::ledger::{self, Bind, Cell, LedgerQuery, LedgerRow, HEADERS, ROW_COLUMNS};
use domain::taxonomy::{Category, Channel, Department, Port, Status};
use domain::Lang;
use futures_util::{stream, StreamExt};
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, Env, Request, Response};

use crate::auth::guard::wall;
use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::http::{json, pairs};

/// Rows per XLSX workbook: a part stays well inside the Worker's 128 MB. The variable
/// `LEDGER_PART_ROWS` may lower it (tests cut small sets into parts).
pub const PART_ROWS: u64 = 10_000;

fn part_rows(env: &Env) -> u64 {
    env.var("LEDGER_PART_ROWS")
        .ok()
        .and_then(|v| v.to_string().parse().ok())
        .filter(|&n| (1..=PART_ROWS).contains(&n))
        .unwrap_or(PART_ROWS)
}
/// Rows per D1 round trip while exporting.
const CHUNK: u64 = 1_000;

pub fn binds(b: Vec<Bind>) -> Vec<JsValue> {
    b.into_iter()
        .map(|b| match b {
            Bind::Text(s) => JsValue::from(s),
            Bind::Int(n) => JsValue::from(n as f64),
        })
        .collect()
}

/// The filter from the query string, and the condition it makes for this staff member: a
/// handler's rows stop at their own department's wall.
pub(crate) struct Selection {
    query: LedgerQuery,
    pub sql: String,
    pub binds: Vec<Bind>,
}

pub(crate) fn select(req: &Request, s: &Session, now: DateTime<Utc>) -> ApiResult<Selection> {
    let pairs = pairs(req)?;
    let query = LedgerQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|e| ApiError::Field(e.0.into(), "err-filter".into()))?;
    let (sql, binds) = query.condition(now, wall(s)?);
    Ok(Selection { query, sql, binds })
}

async fn count(d1: &D1Database, sel: &Selection) -> ApiResult<u64> {
    let n = d1
        .prepare(format!("SELECT count(*) AS n FROM cases WHERE {}", sel.sql))
        .bind(&binds(sel.binds.clone()))?
        .first::<f64>(Some("n"))
        .await?
        .unwrap_or(0.0);
    Ok(n as u64)
}

/// Above every case id (and exact as a JavaScript number).
const NO_ID_ABOVE: i64 = (1 << 53) - 1;

/// One chunk of the filtered rows, newest first (as the page lists them), below `before_id`.
async fn chunk(
    d1: &D1Database,
    sel: &Selection,
    before_id: i64,
    limit: u64,
) -> ApiResult<Vec<LedgerRow>> {
    let mut b = binds(sel.binds.clone());
    b.push(JsValue::from(before_id as f64));
    let before = b.len();
    Ok(d1
        .prepare(format!(
            "SELECT {ROW_COLUMNS} FROM cases WHERE ({}) AND id < ?{before} ORDER BY id DESC LIMIT {limit}",
            sel.sql
        ))
        .bind(&b)?
        .all()
        .await?
        .results::<LedgerRow>()?)
}

fn label<T>(
    code: Option<&str>,
    parse: fn(&str) -> Option<T>,
    f: impl Fn(T) -> &'static str,
) -> Option<String> {
    code.and_then(parse).map(|v| f(v).to_string())
}

fn item(r: &LedgerRow, now: DateTime<Utc>, lang: Lang) -> LedgerItem {
    let status = Status::parse(&r.status).unwrap_or(Status::Submitted);
    LedgerItem {
        case_no: r.case_no(),
        title: r.title.clone(),
        enterprise_name: r.enterprise_name.clone(),
        received_at: r
            .received_at
            .clone()
            .unwrap_or_else(|| r.submitted_at.clone()),
        port: r.port.clone(),
        port_label: label(Some(&r.port), Port::parse, |p| p.label(lang)),
        channel: r.channel.clone(),
        channel_label: label(Some(&r.channel), Channel::parse, |c| c.label(lang)),
        category: r.category.as_deref().and_then(Category::parse),
        category_label: label(r.category.as_deref(), Category::parse, |c| c.label(lang)),
        grade: r.grade(),
        level: r.level.and_then(|l| u8::try_from(l).ok()),
        department: r.department.as_deref().and_then(Department::parse),
        department_label: label(r.department.as_deref(), Department::parse, |d| {
            d.label(lang)
        }),
        status,
        status_label: status.label(lang).into(),
        due_at: r.due_at.clone(),
        answered_at: r.answered_at.clone(),
        overdue: r.overdue(now),
        handling_hours: r.handling_minutes.map(|m| (m as f64 / 6.0).round() / 10.0),
        rating: r.rating.and_then(|s| u8::try_from(s).ok()),
        rating_label: r
            .rating
            .and_then(|s| domain::rating::Score::new(s as u8))
            .map(|s| s.label(lang).into()),
    }
}

/// `GET /api/staff/ledger?filters&sort&dir&page&size`: one page, the total, and how an export
/// of exactly these rows would be cut.
pub async fn page(req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let (env, now, lang) = (cx.env, cx.now, cx.lang);
    let sel = select(&req, &s, now)?;
    let d1 = env.d1("DB")?;
    let q = &sel.query;
    // the count and the page in one round trip
    let b = binds(sel.binds.clone());
    let mut results = d1
        .batch(vec![
            d1.prepare(format!("SELECT count(*) AS n FROM cases WHERE {}", sel.sql))
                .bind(&b)?,
            d1.prepare(format!(
                "SELECT {ROW_COLUMNS} FROM cases WHERE {} {} LIMIT {} OFFSET {}",
                sel.sql,
                q.order(),
                q.size,
                q.offset()
            ))
            .bind(&b)?,
        ])
        .await?
        .into_iter();
    let (Some(counted), Some(page)) = (results.next(), results.next()) else {
        return Err(ApiError::Internal("ledger batch".into()));
    };
    #[derive(Deserialize)]
    struct N {
        n: f64,
    }
    let total = counted.results::<N>()?.first().map_or(0, |c| c.n as u64);
    let rows = page.results::<LedgerRow>()?;
    let per_part = part_rows(env);
    let answer = LedgerPage {
        total,
        page: q.page,
        size: q.size,
        items: rows.iter().map(|r| item(r, now, lang)).collect(),
        export: ExportParts {
            part_rows: per_part,
            xlsx_parts: total.div_ceil(per_part).max(1),
        },
    };
    Ok(json(&answer, 200)?)
}

fn stamp(now: DateTime<Utc>) -> String {
    domain::time::service_day(now).format("%Y%m%d").to_string()
}

/// `GET /api/staff/ledger.csv?filters`: every filtered row, newest first, streamed a chunk at a
/// time (UTF-8 with BOM, Chinese headers, CRLF). The first chunk is read before the answer starts,
/// so a query that fails is an error answer; a chunk that fails later errors the stream, and the
/// client sees a broken download, never a short file that looks whole.
pub async fn csv(req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    let sel = select(&req, &s, now)?;
    let d1 = env.d1("DB")?;
    let first = chunk(&d1, &sel, NO_ID_ABOVE, CHUNK).await?;
    // how many rows a whole file holds, so any client can tell a short one
    let total = count(&d1, &sel).await?;
    // the rows stay data only (tools count them); the file's name says who made it and when
    let mark = crate::provenance::record(
        &d1,
        &req,
        &s,
        domain::audit::AuditAction::ExportCsv,
        total,
        now,
    )
    .await?;
    // a fault the tests inject: fail when this many chunks have been sent (never set in production)
    let fail_at: Option<u32> = env
        .var("LEDGER_FAIL_AFTER_CHUNKS")
        .ok()
        .and_then(|v| v.to_string().parse().ok());
    struct State {
        d1: D1Database,
        sel: Selection,
        rows: Option<Vec<LedgerRow>>,
        sent: u32,
        fail_at: Option<u32>,
        failed: bool,
    }
    let head = format!("{}{}", ledger::CSV_BOM, ledger::csv_header()).into_bytes();
    let state = State {
        d1,
        sel,
        rows: Some(first),
        sent: 0,
        fail_at,
        failed: false,
    };
    let rest = stream::try_unfold(state, move |mut st| async move {
        if st.failed {
            // after the last line says so, the stream errors: Cloudflare resets the download
            return Err(worker::Error::RustError("ledger export failed".into()));
        }
        let Some(rows) = st.rows.take() else {
            return Ok(None);
        };
        st.sent += 1;
        if rows.len() as u64 == CHUNK || st.fail_at == Some(st.sent) {
            let next = match rows.last() {
                _ if st.fail_at == Some(st.sent) => {
                    Err(ApiError::Internal("injected fault".into()))
                }
                Some(last) => chunk(&st.d1, &st.sel, last.id, CHUNK).await,
                None => Ok(Vec::new()),
            };
            match next {
                Ok(next) => st.rows = Some(next),
                Err(e) => {
                    worker::console_error!("ledger export failed: {e:?}");
                    st.failed = true;
                }
            }
        }
        let mut text: String = rows
            .iter()
            .map(|r| ledger::csv_record(&r.cells(now)))
            .collect();
        if st.failed {
            // whatever the transport does with the error, the file itself says it is not whole
            text.push_str(&ledger::csv_record(&[Cell::Text(
                ledger::EXPORT_FAILED.into(),
            )]));
        }
        Ok(Some((text.into_bytes(), st)))
    });
    let body = stream::once(async move { Ok::<Vec<u8>, worker::Error>(head) }).chain(rest);
    let mut resp = Response::from_stream(body)?;
    resp.headers_mut()
        .set("x-ledger-rows", &total.to_string())?;
    crate::http::download(
        &mut resp,
        "text/csv; charset=utf-8",
        &crate::provenance::csv_name(&mark),
    )?;
    Ok(resp)
}

/// `GET /api/staff/ledger.xlsx?filters&part=N`: the filtered rows as a workbook, `PART_ROWS` per
/// part (part 1 unless asked); `x-ledger-parts` says how many parts the whole set makes.
pub async fn xlsx(req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let (env, now) = (cx.env, cx.now);
    use rust_xlsxwriter::{Format, Workbook};
    let sel = select(&req, &s, now)?;
    let part: u64 = req
        .url()?
        .query_pairs()
        .find(|(k, _)| k == "part")
        .map(|(_, v)| {
            v.parse()
                .map_err(|_| ApiError::Field("part".into(), "err-filter".into()))
        })
        .transpose()?
        .unwrap_or(1);
    let d1 = env.d1("DB")?;
    let per_part = part_rows(env);
    let total = count(&d1, &sel).await?;
    let parts = total.div_ceil(per_part).max(1);
    if part == 0 || part > parts {
        return Err(ApiError::Field("part".into(), "err-filter".into()));
    }
    let mark = crate::provenance::record(
        &d1,
        &req,
        &s,
        domain::audit::AuditAction::ExportXlsx,
        total,
        now,
    )
    .await?;
    // the id just above this part's first row (ids only grow, so parts never overlap)
    let mut before = if part == 1 {
        NO_ID_ABOVE
    } else {
        let mut b = binds(sel.binds.clone());
        b.push(JsValue::from(((part - 1) * per_part - 1) as f64));
        let at = b.len();
        d1.prepare(format!(
            "SELECT id FROM cases WHERE {} ORDER BY id DESC LIMIT 1 OFFSET ?{at}",
            sel.sql
        ))
        .bind(&b)?
        .first::<f64>(Some("id"))
        .await?
        .unwrap_or(0.0) as i64
    };
    let xl = |e: rust_xlsxwriter::XlsxError| ApiError::Internal(format!("xlsx: {e}"));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("台账").map_err(xl)?;
    let bold = Format::new().set_bold();
    for (c, h) in HEADERS.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(xl)?;
        sheet
            .set_column_width(c as u16, if matches!(c, 2 | 8) { 30 } else { 16 })
            .map_err(xl)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xl)?;
    let mut written: u64 = 0;
    while written < per_part {
        let want = CHUNK.min(per_part - written);
        let rows = chunk(&d1, &sel, before, want).await?;
        for r in &rows {
            written += 1;
            let row = written as u32;
            for (c, cell) in r.cells(now).into_iter().enumerate() {
                match cell {
                    Cell::Text(t) => sheet.write_string(row, c as u16, t).map(|_| ()),
                    Cell::Number(n) => sheet.write_number(row, c as u16, n).map(|_| ()),
                    Cell::Empty => Ok(()),
                }
                .map_err(xl)?;
            }
        }
        match rows.last() {
            Some(last) if rows.len() as u64 == want => before = last.id,
            _ => break,
        }
    }
    crate::provenance::mark_workbook(&mut book, &mark).map_err(xl)?;
    let bytes = book.save_to_buffer().map_err(xl)?;
    let mut resp = Response::from_bytes(bytes)?;
    crate::http::download(
        &mut resp,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("ztc-ledger-{}-part{part}of{parts}.xlsx", stamp(now)),
    )?;
    resp.headers_mut()
        .set("x-ledger-parts", &parts.to_string())?;
    Ok(resp)
}
