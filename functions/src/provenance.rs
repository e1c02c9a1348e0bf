//! What an export says of itself, and what the audit log says of it (issue 20): before the first
//! byte the export is logged — who, the filter as asked, how many rows the whole file holds —
//! and the file carries them (`domain::privacy::Provenance`): a workbook in its properties and a
//! sheet of its own, a CSV in its name (its rows stay data only).

use chrono::{DateTime, Utc};
use domain::privacy::Provenance;
use domain::Lang;
use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};
use worker::{D1Database, Request};

use crate::auth::session::Session;
use crate::error::ApiResult;

/// Files are marked in Chinese, the office's language.
const LANG: Lang = Lang::ZhCn;

/// Logs the export (`action`: `ExportCsv`, `ExportXlsx`) and gives the facts to mark it with.
pub async fn record(
    d1: &D1Database,
    req: &Request,
    s: &Session,
    action: domain::audit::AuditAction,
    rows: u64,
    now: DateTime<Utc>,
) -> ApiResult<Provenance> {
    let query = req.url()?.query().unwrap_or_default().to_string();
    let detail = serde_json::json!({"query": query, "rows": rows});
    let entry = crate::audit::Entry::by(s, action, "ledger".into(), detail);
    crate::audit::write(d1, entry, now).await?;
    Ok(Provenance {
        by: format!("{}（{}）", s.display_name, s.username),
        account: s.username.clone(),
        at: now,
        filter: query,
        rows,
    })
}

/// A CSV's file name: the day and minute it was made and the account that made it
/// (`ztc-ledger-20261124-1540-desk.csv`); its rows stay data only, as tools count them.
pub fn csv_name(p: &Provenance) -> String {
    let at = p.at.with_timezone(&domain::time::shanghai());
    format!("ztc-ledger-{}-{}.csv", at.format("%Y%m%d-%H%M"), p.account)
}

/// The workbook's properties (author, title, comment) and a last sheet, 导出信息, with the facts.
pub fn mark_workbook(book: &mut Workbook, p: &Provenance) -> Result<(), XlsxError> {
    let title = domain::i18n::t(LANG, "worker-export-title");
    let props = DocProperties::new()
        .set_title(title)
        .set_author(&p.by)
        .set_comment(p.line(LANG));
    book.set_properties(&props);
    let sheet = book.add_worksheet();
    sheet.set_name("导出信息")?;
    sheet.set_column_width(0, 12)?;
    sheet.set_column_width(1, 48)?;
    for (r, (k, v)) in p.facts(LANG).into_iter().enumerate() {
        sheet.write_string(r as u32, 0, k)?;
        sheet.write_string(r as u32, 1, v)?;
    }
    Ok(())
}
