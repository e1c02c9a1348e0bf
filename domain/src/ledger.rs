//! The problem ledger 台账: which cases a filter selects, in what order, and how one case reads
//! as a row of the CSV and XLSX exports (Chinese headers, the same columns in both).
//!
//! The filter is parsed here once and turned into a SQL condition with numbered parameters, so
//! the page, the CSV and the XLSX select exactly the same rows.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::grade::{Grade, Level};
use crate::i18n::Lang;
use crate::taxonomy::{Category, Channel, Department, Port, Status};

/// A value bound to a numbered SQL parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Bind {
    Text(String),
    Int(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatingFilter {
    #[default]
    Any,
    /// 差评: 1–2
    Bad,
    /// 3–5
    Good,
    /// answered, never rated
    Unrated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    Received,
    Due,
    Grade,
    Level,
    Status,
}

/// One ledger query: filters, order and page. Built only by [`LedgerQuery::parse`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LedgerQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub status: Option<Status>,
    pub category: Option<Category>,
    pub grade: Option<Grade>,
    pub department: Option<Department>,
    pub level: Option<Level>,
    pub port: Option<Port>,
    pub channel: Option<Channel>,
    pub overdue: bool,
    pub rating: RatingFilter,
    pub q: String,
    pub sort: SortKey,
    pub ascending: bool,
    pub page: u32,
    pub size: u32,
}

pub const MAX_PAGE_SIZE: u32 = 200;
pub const DEFAULT_PAGE_SIZE: u32 = 50;
/// The last line of an export that failed midway (the file says it is not whole).
pub const EXPORT_FAILED: &str =
    "导出中断：本文件不完整，请重新导出 / Export failed: this file is incomplete";

/// A handler's wall in SQL (`$1`, `$2`: their unit): its own cases and those it assists on (会同,
/// task not withdrawn: `assist::may_see_with_tasks`); `id IN (…)` keeps the department index.
pub const ASSISTED_WALL_SQL: &str = "(department = $1 OR id IN (SELECT case_id FROM assist_tasks \
     WHERE unit = $2 AND status <> 'withdrawn'))";

/// The longest search text (`q`), in characters.
pub const MAX_QUERY_CHARS: usize = 100;

/// Which parameter was wrong (the field name for the `{"error":{"fields":…}}` shape).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadParam(pub &'static str);

impl LedgerQuery {
    /// Reads `from, to, status, category, grade, department, level, port, channel, overdue,
    /// rating, q, sort, dir, page, size`; empty values mean "any", unknown names are ignored,
    /// a value that is not a valid code is an error naming the parameter.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, BadParam> {
        fn code<T>(
            v: &str,
            name: &'static str,
            f: fn(&str) -> Option<T>,
        ) -> Result<Option<T>, BadParam> {
            f(v).map(Some).ok_or(BadParam(name))
        }
        let mut q = LedgerQuery {
            size: DEFAULT_PAGE_SIZE,
            page: 1,
            ..LedgerQuery::default()
        };
        for (k, v) in pairs {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            let date = |name| {
                NaiveDate::parse_from_str(v, "%Y-%m-%d")
                    .map(Some)
                    .map_err(|_| BadParam(name))
            };
            match k {
                "from" => q.from = date("from")?,
                "to" => q.to = date("to")?,
                "status" => q.status = code(v, "status", Status::parse)?,
                "category" => q.category = code(v, "category", Category::parse)?,
                "grade" => q.grade = code(v, "grade", Grade::parse)?,
                "department" => q.department = code(v, "department", Department::parse)?,
                "port" => q.port = code(v, "port", Port::parse)?,
                "channel" => q.channel = code(v, "channel", Channel::parse)?,
                "level" => {
                    q.level = Some(
                        v.parse::<u8>()
                            .ok()
                            .and_then(|n| Level::new(n).ok())
                            .ok_or(BadParam("level"))?,
                    )
                }
                "overdue" => q.overdue = matches!(v, "1" | "true" | "yes"),
                "rating" => {
                    q.rating = match v {
                        "bad" => RatingFilter::Bad,
                        "good" => RatingFilter::Good,
                        "unrated" => RatingFilter::Unrated,
                        "any" => RatingFilter::Any,
                        _ => return Err(BadParam("rating")),
                    }
                }
                "q" if v.chars().count() > MAX_QUERY_CHARS => return Err(BadParam("q")),
                "q" => q.q = v.to_string(),
                "sort" => {
                    q.sort = match v {
                        "received" => SortKey::Received,
                        "due" => SortKey::Due,
                        "grade" => SortKey::Grade,
                        "level" => SortKey::Level,
                        "status" => SortKey::Status,
                        _ => return Err(BadParam("sort")),
                    }
                }
                "dir" => q.ascending = v == "asc",
                "page" => q.page = v.parse().ok().filter(|&p| p >= 1).ok_or(BadParam("page"))?,
                "size" => {
                    q.size = v
                        .parse()
                        .ok()
                        .filter(|s| (1..=MAX_PAGE_SIZE).contains(s))
                        .ok_or(BadParam("size"))?
                }
                _ => {}
            }
        }
        if let (Some(f), Some(t)) = (q.from, q.to) {
            if f > t {
                return Err(BadParam("to"));
            }
        }
        Ok(q)
    }

    /// The condition on table `cases` (no leading `WHERE`) and its parameters, numbered from
    /// `?1`. `now` decides what is overdue; `wall` is a handler's own unit (they see only its
    /// cases and the cases it assists on).
    pub fn condition(&self, now: DateTime<Utc>, wall: Option<Department>) -> (String, Vec<Bind>) {
        let mut b = Binder::default();
        let sql = self.condition_with(now, wall, &mut b);
        (sql, b.binds)
    }

    /// [`condition`](Self::condition), its parameters numbered after those `b` holds already.
    pub fn condition_with(
        &self,
        now: DateTime<Utc>,
        wall: Option<Department>,
        b: &mut Binder,
    ) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut push = |sql: &str, binds: Vec<Bind>| parts.push(b.place(sql, binds));
        // days are Shanghai days of when the enterprise raised it (keyed-in cases: received_at)
        let midnight = |d: NaiveDate| Bind::Text(crate::time::iso(crate::time::day_start(d)));
        let text = |s: &str| Bind::Text(s.to_string());
        if let Some(d) = self.from {
            push(
                "coalesce(received_at, submitted_at) >= $1",
                vec![midnight(d)],
            );
        }
        if let Some(d) = self.to.and_then(|d| d.succ_opt()) {
            push(
                "coalesce(received_at, submitted_at) < $1",
                vec![midnight(d)],
            );
        }
        if let Some(s) = self.status {
            push("status = $1", vec![text(s.code())]);
        }
        if let Some(c) = self.category {
            push("category = $1", vec![text(c.code())]);
        }
        if let Some(g) = self.grade {
            let s = g.to_string();
            push(
                "importance = $1 AND urgency = $2",
                vec![text(&s[..1]), text(&s[1..])],
            );
        }
        if let Some(d) = wall {
            // the unit's own cases, and those it assists on (会同) until its task is withdrawn
            push(ASSISTED_WALL_SQL, vec![text(d.code()), text(d.code())]);
        }
        if let Some(d) = self.department {
            push("department = $1", vec![text(d.code())]);
        }
        if let Some(l) = self.level {
            push("level = $1", vec![Bind::Int(i64::from(l.get()))]);
        }
        if let Some(p) = self.port {
            push("port = $1", vec![text(p.code())]);
        }
        if let Some(c) = self.channel {
            push("channel = $1", vec![text(c.code())]);
        }
        if self.overdue {
            let running = running_sql();
            push(
                &format!("status IN ({running}) AND due_at < $1"),
                vec![Bind::Text(crate::time::iso(now))],
            );
        }
        match self.rating {
            RatingFilter::Any => {}
            RatingFilter::Bad => push("rating <= 2", vec![]),
            RatingFilter::Good => push("rating >= 3", vec![]),
            RatingFilter::Unrated => push("rating IS NULL AND answered_at IS NOT NULL", vec![]),
        }
        if !self.q.is_empty() {
            // instr, not LIKE: any text up to 100 characters is taken literally (D1 refuses LIKE
            // patterns over 50 bytes, and `%` or `_` in a title are not wildcards)
            push(
                "(instr(lower(title), lower($1)) > 0 OR instr(lower(enterprise_name), lower($1)) > 0 \
                 OR instr(uscc, upper($1)) > 0 OR instr(contact_phone, $1) > 0 \
                 OR instr('ZTC-' || day || '-' || printf('%04d', seq), upper($1)) > 0)",
                vec![text(&self.q)],
            );
        }
        if parts.is_empty() {
            "1 = 1".into()
        } else {
            parts.join(" AND ")
        }
    }

    /// `ORDER BY …` (always ending in `id` so pages never overlap).
    pub fn order(&self) -> String {
        let dir = if self.ascending { "ASC" } else { "DESC" };
        let keys: &[&str] = match self.sort {
            SortKey::Received => &["coalesce(received_at, submitted_at)"],
            SortKey::Due => &["due_at"],
            SortKey::Grade => &["importance", "urgency"],
            SortKey::Level => &["level"],
            SortKey::Status => &["status"],
        };
        // cases without a due time last, whatever the direction
        let nulls = if self.sort == SortKey::Due {
            "due_at IS NULL, "
        } else {
            ""
        };
        let keyed = keys
            .iter()
            .map(|k| format!("{k} {dir}"))
            .collect::<Vec<_>>()
            .join(", ");
        let keyed = format!("{nulls}{keyed}");
        format!("ORDER BY {keyed}, id {dir}")
    }

    pub fn offset(&self) -> u64 {
        u64::from(self.page.saturating_sub(1)) * u64::from(self.size)
    }
}

/// Numbers the `$1, $2, …` of SQL fragments as the next free `?N`, and keeps their values.
#[derive(Debug, Default)]
pub struct Binder {
    pub binds: Vec<Bind>,
}

impl Binder {
    pub fn place(&mut self, sql: &str, binds: Vec<Bind>) -> String {
        let mut sql = sql.to_string();
        // highest first, so `$1` does not eat the front of `$10`
        let start = self.binds.len();
        let n = binds.len();
        self.binds.extend(binds);
        for i in (1..=n).rev() {
            sql = sql.replace(&format!("${i}"), &format!("?{}", start + i));
        }
        sql
    }
}

/// [`clock_running`](crate::lifecycle::clock_running) as a SQL list: `'submitted', 'triaged', …`.
pub fn running_sql() -> String {
    statuses_sql(crate::lifecycle::clock_running)
}

/// [`is_open`](crate::lifecycle::is_open) as a SQL list: every status of a problem not yet
/// answered, the ones waiting on the enterprise included.
pub fn open_sql() -> String {
    statuses_sql(crate::lifecycle::is_open)
}

fn statuses_sql(keep: fn(Status) -> bool) -> String {
    Status::ALL
        .iter()
        .filter(|&&s| keep(s))
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One case as the ledger reads it from D1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerRow {
    pub id: i64,
    pub day: String,
    pub seq: i64,
    pub enterprise_name: String,
    pub uscc: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub port: String,
    pub channel: String,
    pub title: String,
    pub category: Option<String>,
    pub importance: Option<String>,
    pub urgency: Option<String>,
    pub department: Option<String>,
    pub level: Option<i64>,
    pub status: String,
    pub submitted_at: String,
    pub received_at: Option<String>,
    pub due_at: Option<String>,
    pub first_response_at: Option<String>,
    pub answered_at: Option<String>,
    pub handling_minutes: Option<i64>,
    pub rating: Option<i64>,
}

/// The columns D1 must return for [`LedgerRow`].
pub const ROW_COLUMNS: &str = "id, day, seq, enterprise_name, uscc, contact_name, contact_phone, port, channel, title, \
     category, importance, urgency, department, level, status, submitted_at, received_at, due_at, first_response_at, \
     answered_at, handling_minutes, rating";

/// A cell of an export: text stays text (never a formula), numbers stay numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

/// The export's header row, in the order of [`LedgerRow::cells`].
pub const HEADERS: [&str; 20] = [
    "受理编号",
    "受理时间",
    "企业名称",
    "统一社会信用代码",
    "联系人",
    "联系电话",
    "口岸",
    "渠道",
    "问题标题",
    "问题类别",
    "分级",
    "责任单位",
    "办理层级",
    "状态",
    "办结时限",
    "首次响应时间",
    "答复时间",
    "办理用时（工作小时）",
    "是否超期",
    "评价",
];

fn time_cn(s: &Option<String>) -> Cell {
    s.as_deref()
        .and_then(crate::time::parse)
        .map(|t| Cell::Text(crate::time::format_cn(t)))
        .unwrap_or(Cell::Empty)
}

impl LedgerRow {
    pub fn case_no(&self) -> String {
        format!("{}-{}-{:04}", crate::case_no::PREFIX, self.day, self.seq)
    }

    pub fn grade(&self) -> Option<String> {
        Some(format!(
            "{}{}",
            self.importance.as_deref()?,
            self.urgency.as_deref()?
        ))
    }

    /// Open past its due time (`now`), or answered after it.
    pub fn overdue(&self, now: DateTime<Utc>) -> bool {
        let parse = |s: &Option<String>| s.as_deref().and_then(crate::time::parse);
        let Some(due) = parse(&self.due_at) else {
            return false;
        };
        let open = Status::parse(&self.status).is_some_and(crate::lifecycle::clock_running);
        match parse(&self.answered_at) {
            Some(at) => at > due,
            None => open && now > due,
        }
    }

    /// The row under [`HEADERS`] (labels in Chinese, like the headers).
    pub fn cells(&self, now: DateTime<Utc>) -> Vec<Cell> {
        let label = |s: Option<&str>, f: fn(&str) -> Option<String>| {
            s.and_then(f).map(Cell::Text).unwrap_or(Cell::Empty)
        };
        let t = |s: &str| Cell::Text(s.to_string());
        vec![
            t(&self.case_no()),
            time_cn(&Some(
                self.received_at
                    .clone()
                    .unwrap_or_else(|| self.submitted_at.clone()),
            )),
            t(&self.enterprise_name),
            t(&self.uscc),
            t(&self.contact_name),
            t(&self.contact_phone),
            label(Some(&self.port), |c| {
                Port::parse(c).map(|p| p.label(Lang::ZhCn).into())
            }),
            label(Some(&self.channel), |c| {
                Channel::parse(c).map(|p| p.label(Lang::ZhCn).into())
            }),
            t(&self.title),
            label(self.category.as_deref(), |c| {
                Category::parse(c).map(|p| p.label(Lang::ZhCn).into())
            }),
            self.grade().map(Cell::Text).unwrap_or(Cell::Empty),
            label(self.department.as_deref(), |c| {
                Department::parse(c).map(|p| p.label(Lang::ZhCn).into())
            }),
            self.level
                .and_then(|l| u8::try_from(l).ok())
                .and_then(|l| Level::new(l).ok())
                .map(|l| Cell::Text(l.label(Lang::ZhCn).into()))
                .unwrap_or(Cell::Empty),
            label(Some(&self.status), |c| {
                Status::parse(c).map(|p| p.label(Lang::ZhCn).into())
            }),
            time_cn(&self.due_at),
            time_cn(&self.first_response_at),
            time_cn(&self.answered_at),
            self.handling_minutes
                .map(|m| Cell::Number((m as f64 / 60.0 * 10.0).round() / 10.0))
                .unwrap_or(Cell::Empty),
            t(if self.overdue(now) { "是" } else { "否" }),
            self.rating
                .and_then(|r| crate::rating::Score::new(r as u8))
                .map(|s| Cell::Text(s.label(Lang::ZhCn).into()))
                .unwrap_or(Cell::Empty),
        ]
    }
}

/// UTF-8 byte order mark: Excel opens a CSV as UTF-8 (Chinese intact) only with it.
pub const CSV_BOM: &str = "\u{feff}";

/// One CSV record (RFC 4180, CRLF). A text that a spreadsheet would run as a formula
/// (`= + - @`, tab, CR) is prefixed with `'` so it opens as the text the enterprise typed.
pub fn csv_record(cells: &[Cell]) -> String {
    let mut out = String::new();
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match c {
            Cell::Empty => {}
            Cell::Number(n) => out.push_str(&n.to_string()),
            Cell::Text(s) => {
                let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                    format!("'{s}")
                } else {
                    s.clone()
                };
                if guarded.contains([',', '"', '\n', '\r']) {
                    out.push('"');
                    out.push_str(&guarded.replace('"', "\"\""));
                    out.push('"');
                } else {
                    out.push_str(&guarded);
                }
            }
        }
    }
    out.push_str("\r\n");
    out
}

/// The header record, as text cells.
pub fn csv_header() -> String {
    csv_record(&HEADERS.map(|h| Cell::Text(h.into())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lists_follow_the_lifecycle() {
        assert_eq!(
            running_sql(),
            "'submitted', 'triaged', 'in_progress', 'reopened'"
        );
        assert_eq!(
            open_sql(),
            "'submitted', 'triaged', 'in_progress', 'needs_info', 'reopened'"
        );
    }
    use crate::time::at_shanghai as sh;

    fn parse(s: &str) -> Result<LedgerQuery, BadParam> {
        LedgerQuery::parse(s.split('&').filter_map(|kv| kv.split_once('=')))
    }

    #[test]
    fn filters_become_numbered_conditions() {
        let q = parse("from=2026-11-01&to=2026-11-30&status=answered&grade=BA&port=qianwan&level=2&rating=bad&overdue=1")
            .unwrap();
        let (sql, binds) = q.condition(sh(2026, 11, 22, 9, 0), Some(Department::Customs));
        assert_eq!(
            sql,
            "coalesce(received_at, submitted_at) >= ?1 AND coalesce(received_at, submitted_at) < ?2 AND status = ?3 AND importance = ?4 AND urgency = ?5 \
             AND (department = ?6 OR id IN (SELECT case_id FROM assist_tasks WHERE unit = ?7 AND status <> 'withdrawn')) \
             AND level = ?8 AND port = ?9 AND status IN ('submitted', 'triaged', 'in_progress', 'reopened') \
             AND due_at < ?10 AND rating <= 2"
        );
        assert_eq!(binds[0], Bind::Text("2026-10-31T16:00:00.000Z".into()));
        assert_eq!(binds[1], Bind::Text("2026-11-30T16:00:00.000Z".into()));
        assert_eq!(binds[3], Bind::Text("B".into()));
        assert_eq!(binds[5], Bind::Text("customs".into()));
        assert_eq!(binds[6], Bind::Text("customs".into()));
        assert_eq!(binds[7], Bind::Int(2));
        assert_eq!(binds.len(), 10);
        assert_eq!(
            LedgerQuery::parse([])
                .unwrap()
                .condition(sh(2026, 11, 22, 9, 0), None)
                .0,
            "1 = 1"
        );
        // searched for literally, whatever it holds and however long (up to 100 characters)
        let q = parse("q=50%_off").unwrap();
        let (sql, binds) = q.condition(sh(2026, 11, 22, 9, 0), None);
        assert!(sql.matches("?1").count() == 5 && binds == vec![Bind::Text("50%_off".into())]);
        assert!(!sql.contains("LIKE"), "{sql}");
        let long = "船".repeat(MAX_QUERY_CHARS);
        assert_eq!(parse(&format!("q={long}")).unwrap().q, long);
        assert_eq!(parse(&format!("q={long}船")).unwrap_err(), BadParam("q"));
    }

    #[test]
    fn bad_values_name_their_parameter() {
        for (s, name) in [
            ("status=lost", "status"),
            ("grade=ZZ", "grade"),
            ("level=9", "level"),
            ("from=2026-13-01", "from"),
            ("from=2026-11-30&to=2026-11-01", "to"),
            ("size=5000", "size"),
            ("page=0", "page"),
            ("sort=random", "sort"),
            ("rating=meh", "rating"),
        ] {
            assert_eq!(parse(s), Err(BadParam(name)), "{s}");
        }
        assert_eq!(parse("status=&unknown=1").unwrap().status, None);
    }

    #[test]
    fn order_always_ends_in_id() {
        let q = parse("sort=due&dir=asc").unwrap();
        assert_eq!(q.order(), "ORDER BY due_at IS NULL, due_at ASC, id ASC");
        assert_eq!(
            parse("").unwrap().order(),
            "ORDER BY coalesce(received_at, submitted_at) DESC, id DESC"
        );
        assert_eq!(parse("page=3&size=20").unwrap().offset(), 40);
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let r = csv_record(&[
            Cell::Text("a,b".into()),
            Cell::Text("say \"hi\"".into()),
            Cell::Text("=HYPERLINK(\"x\")".into()),
            Cell::Number(1.5),
            Cell::Empty,
            Cell::Text("两行\n文字".into()),
        ]);
        assert_eq!(
            r,
            "\"a,b\",\"say \"\"hi\"\"\",\"'=HYPERLINK(\"\"x\"\")\",1.5,,\"两行\n文字\"\r\n"
        );
        assert!(csv_header().starts_with("受理编号,受理时间,企业名称"));
    }

    #[test]
    fn a_row_reads_in_chinese() {
        let row = LedgerRow {
            id: 1,
            day: "20261120".into(),
            seq: 7,
            enterprise_name: "青岛某进出口有限公司".into(),
            uscc: "91370200MA3C4XXXXX".into(),
            contact_name: "王敏".into(),
            contact_phone: "13800000000".into(),
            port: "qianwan".into(),
            channel: "wechat".into(),
            title: "船边直提的柜子进了堆场".into(),
            category: Some("practice".into()),
            importance: Some("B".into()),
            urgency: Some("A".into()),
            department: Some("customs".into()),
            level: Some(1),
            status: "answered".into(),
            submitted_at: "2026-11-20T02:00:00.000Z".into(),
            received_at: None,
            due_at: Some("2026-11-23T02:00:00.000Z".into()),
            first_response_at: Some("2026-11-20T03:00:00.000Z".into()),
            answered_at: Some("2026-11-23T03:00:00.000Z".into()),
            handling_minutes: Some(425),
            rating: Some(2),
        };
        let cells = row.cells(sh(2026, 11, 24, 9, 0));
        assert_eq!(cells.len(), HEADERS.len());
        assert_eq!(cells[0], Cell::Text("ZTC-20261120-0007".into()));
        assert_eq!(cells[6], Cell::Text("前湾港区".into()));
        assert_eq!(cells[10], Cell::Text("BA".into()));
        assert_eq!(cells[12], Cell::Text("首问自办".into()), "levels by name");
        assert_eq!(cells[17], Cell::Number(7.1));
        assert_eq!(
            cells[18],
            Cell::Text("是".into()),
            "answered after its due time"
        );
        assert_eq!(cells[19], Cell::Text("不满意".into()));
    }
}
