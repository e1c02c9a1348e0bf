//! An office's year as SQL: cases with a realistic mix of categories, grades, units, ports,
//! channels and statuses, their backdated events and ratings, written straight into a local D1
//! (`execute`), not through the API. Used by the volume tests, `cargo xtask bench volume`, the
//! schema soak and the demo's month in `cargo xtask dev`.
//!
//! What the cases say comes from the held-out reports (`domain/data/triage_heldout.tsv`), each
//! with its labelled category, unit and grade, weighted the way an office hears them: questions
//! and consultations most, practice problems next, innovation requests least. Deadlines are met
//! the way a working office meets them: about one first response in twenty-three and one answer
//! in seventeen late.

use std::fs;

/// How many cases, and how many of them are still open and overdue.
#[derive(Debug, Clone, Copy)]
pub struct Mix {
    pub total: u32,
    /// Unfinished (submitted … reopened) cases, the overdue ones included.
    pub open: u32,
    /// Open cases whose clock runs and whose due time has passed.
    pub overdue: u32,
    /// Finished cases spread over this many days before `now`.
    pub days: u32,
    /// Titles end in "（第i件）", so each case can be found by its own title (tests, bench).
    pub numbered: bool,
}

/// How often an office hears each category, per held-out report of it.
fn weight(category: &str) -> usize {
    match category {
        "consult" => 4,
        "basic" => 3,
        "practice" => 2,
        _ => 1,
    }
}

fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// `s(k, title, description, category, department, importance, urgency)`: the held-out
/// reports, each repeated by its category's weight, numbered from 0.
fn stories() -> (String, usize) {
    let tsv = fs::read_to_string(crate::root().join("domain/data/triage_heldout.tsv"))
        .expect("held-out reports");
    let mut rows = Vec::new();
    for line in tsv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        let [category, department, importance, urgency, title, description] = f[..] else {
            continue;
        };
        for _ in 0..weight(category) {
            rows.push(format!(
                "({}, {}, {}, {}, {}, {}, {})",
                rows.len(),
                quoted(title),
                quoted(description),
                quoted(category),
                quoted(department),
                quoted(importance),
                quoted(urgency)
            ));
        }
    }
    let n = rows.len();
    (
        format!(
            "s(k, title, description, category, department, importance, urgency) AS (VALUES {})",
            rows.join(", ")
        ),
        n,
    )
}

/// The statements: cases numbered 1..=total (case `i` is overdue for `i <= overdue`, open for
/// `i <= open`, answered (`i % 10 < 2`, received in the last 14 days) or closed after), one `submitted` and one `triaged`
/// event each, `answered` and `closed` events and ratings for finished ones; the outbox rows the
/// trigger makes are marked sent (nobody is notified of history). `now` is RFC 3339 UTC, ids
/// start above `first_id`.
pub fn sql(m: &Mix, now: &str, first_id: u32) -> String {
    format!("{} {}", insert_cases(m, now, first_id), history(first_id))
}

fn insert_cases(m: &Mix, now: &str, first_id: u32) -> String {
    let Mix {
        total,
        open,
        overdue,
        days,
        numbered,
    } = *m;
    let span = u64::from(days.max(1)) * 86_400;
    let (stories, n_stories) = stories();
    let suffix = if numbered {
        "|| '（第' || i || '件）'"
    } else {
        ""
    };
    format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {total}), {stories}, \
         t(i, at) AS (SELECT i, CASE \
             WHEN i <= {overdue} THEN strftime('%Y-%m-%dT%H:%M:%fZ', '{now}', '-' || (2 + i % 5) || ' days', '-' || (i % 600) || ' minutes') \
             WHEN i <= {open} THEN strftime('%Y-%m-%dT%H:%M:%fZ', '{now}', '-' || (i % 4000) || ' minutes') \
             ELSE strftime('%Y-%m-%dT%H:%M:%fZ', '{now}', '-' || (3 * 86400 + (i * 2654435761) % {span}) || ' seconds') END FROM n), \
         d(i, at, day, seq) AS (SELECT i, at, strftime('%Y%m%d', at, '+8 hours'), \
             row_number() OVER (PARTITION BY strftime('%Y%m%d', at, '+8 hours') ORDER BY at, i) \
             + coalesce((SELECT n FROM case_seq WHERE case_seq.day = strftime('%Y%m%d', at, '+8 hours')), 0) FROM t) \
         INSERT INTO cases (id, day, seq, token, fingerprint, enterprise_name, uscc, contact_name, contact_phone, port, \
           title, description, channel, status, category, importance, urgency, level, department, submitted_at, \
           received_at, updated_at, due_first_response, due_at, first_response_at, answered_at, handling_minutes, \
           rating, triage_source, triage_confidence, engine_category, engine_department) \
         SELECT {first_id} + i, day, seq, 'vol-' || ({first_id} + i) || '-token-0123456789abcdef', \
           'vol-' || ({first_id} + i), {enterprise}, \
           '91370200MA3C4QXG1E', CASE i % 4 WHEN 0 THEN '王敏' WHEN 1 THEN '李娜' WHEN 2 THEN '张伟' ELSE '刘洋' END, \
           '139' || printf('%08d', 61000000 + i % 997), \
           CASE i % 10 WHEN 0 THEN 'dagang' WHEN 1 THEN 'huangdao' WHEN 2 THEN 'dongjiakou' WHEN 3 THEN 'airport' \
             WHEN 4 THEN 'rail' ELSE 'qianwan' END, \
           s.title {suffix}, s.description, \
           CASE i % 9 WHEN 0 THEN 'hotline' WHEN 1 THEN 'visit' WHEN 2 THEN 'wechat' WHEN 3 THEN 'survey' \
             WHEN 4 THEN 'referral' ELSE 'web' END, \
           {status}, \
           s.category, s.importance, s.urgency, \
           CASE WHEN i % 50 = 0 THEN 3 WHEN i % 7 = 0 THEN 1 ELSE 2 END, s.department, \
           at, at, at, strftime('%Y-%m-%dT%H:%M:%fZ', at, '+2 hours'), {due_at}, {timing}, {engine} \
         FROM d JOIN s ON s.k = {story};",
        enterprise = ENTERPRISE,
        status = status(now, open, overdue),
        due_at = due_at(now, open, overdue),
        timing = timing(open),
        story = story_of(n_stories),
        engine = ENGINE,
    )
}

/// What the engine said: one case in nine in another category, one in thirteen at another
/// unit, as a desk corrects them.
const ENGINE: &str = "CASE WHEN i % 9 = 0 THEN (CASE s.category WHEN 'innovation' THEN 'practice' \
     WHEN 'consult' THEN 'basic' WHEN 'basic' THEN 'consult' ELSE 'consult' END) ELSE s.category END, \
     CASE WHEN i % 13 = 0 THEN (CASE s.department WHEN 'port_office' THEN 'customs' ELSE 'port_office' END) \
     ELSE s.department END";

/// Which story case `i` tells: bits 16–31 of a multiplicative hash, so neighbouring cases (and
/// so the open ones, the answered ones, every `i % m` the other columns use) tell unrelated
/// stories. (`i * 7919 % n` was `i % n` when 7919 ≡ 1 mod n: every open case told one of the
/// first few stories, all from one unit.)
fn story_of(n_stories: usize) -> String {
    format!("((i * 2654435761) % 4294967296 / 65536) % {n_stories}")
}

const ENTERPRISE: &str =
    "'青岛' || CASE i % 7 WHEN 0 THEN '港湾国际物流' WHEN 1 THEN '鲁海食品进出口' \
     WHEN 2 THEN '北岸机械制造' WHEN 3 THEN '蓝谷跨境电商' WHEN 4 THEN '胶州湾冷链供应链' \
     WHEN 5 THEN '东方纺织品进出口' ELSE '海湾化工' END || '有限公司' || (i % 911)";

/// Finished cases received in the last fortnight are one in five still answered and unrated;
/// older ones are closed (rated, or closed by the sweep after seven working days), as in an
/// office where the sweep runs.
fn status(now: &str, open: u32, overdue: u32) -> String {
    format!(
        "CASE WHEN i <= {overdue} THEN (CASE i % 3 WHEN 0 THEN 'triaged' WHEN 1 THEN 'in_progress' ELSE 'reopened' END) \
           WHEN i <= {open} THEN (CASE i % 6 WHEN 0 THEN 'submitted' WHEN 1 THEN 'triaged' WHEN 2 THEN 'needs_info' \
             ELSE 'in_progress' END) \
           WHEN i % 10 < 2 AND at > strftime('%Y-%m-%dT%H:%M:%fZ', '{now}', '-14 days') THEN 'answered' \
           ELSE 'closed' END"
    )
}

fn due_at(now: &str, open: u32, overdue: u32) -> String {
    format!(
        "CASE WHEN i <= {overdue} THEN strftime('%Y-%m-%dT%H:%M:%fZ', '{now}', '-' || (1 + i % 30) || ' hours') \
           WHEN i <= {open} THEN strftime('%Y-%m-%dT%H:%M:%fZ', '{now}', '+' || (1 + i % 9) || ' days') \
           ELSE strftime('%Y-%m-%dT%H:%M:%fZ', at, '+' || (1 + i % 5) || ' days') END"
    )
}

/// First response, answer, handling minutes, rating and triage source of finished cases: one
/// first response in 23 after its two hours, one answer in 17 after its due day.
fn timing(open: u32) -> String {
    format!(
        "CASE WHEN i > {open} THEN strftime('%Y-%m-%dT%H:%M:%fZ', at, '+' || \
           (CASE WHEN i % 23 = 0 THEN 150 + i % 90 ELSE 10 + i % 95 END) || ' minutes') END, \
         CASE WHEN i > {open} THEN strftime('%Y-%m-%dT%H:%M:%fZ', at, '+' || \
           (CASE WHEN i % 17 = 0 THEN 2 + i % 5 ELSE i % (1 + i % 5) END) || ' days', '+5 hours') END, \
         CASE WHEN i > {open} THEN 180 + (i % 5) * 420 END, \
         CASE WHEN i > {open} AND i % 10 >= 2 AND i % 3 <> 0 THEN \
           (CASE i % 29 WHEN 0 THEN 1 WHEN 1 THEN 2 WHEN 2 THEN 3 WHEN 3 THEN 4 WHEN 4 THEN 4 ELSE 5 END) END, \
         CASE WHEN i <= {open} AND i % 6 = 0 THEN 'auto' ELSE 'staff' END, 0.8"
    )
}

fn history(first_id: u32) -> String {
    format!(
        "INSERT INTO case_seq (day, n) SELECT day, max(seq) FROM cases WHERE true GROUP BY day \
           ON CONFLICT (day) DO UPDATE SET n = max(n, excluded.n); \
         INSERT INTO case_events (case_id, at, actor, role, kind, public) \
           SELECT id, submitted_at, 'enterprise', 'enterprise', 'submitted', 1 FROM cases WHERE id > {first_id}; \
         INSERT INTO case_events (case_id, at, actor, role, kind, public, after) \
           SELECT id, strftime('%Y-%m-%dT%H:%M:%fZ', submitted_at, '+' || (5 + id % 40) || ' minutes'), 'system', \
             'front_desk', 'triaged', 1, json_object('category', category) \
           FROM cases WHERE id > {first_id} AND status <> 'submitted'; \
         INSERT INTO case_events (case_id, at, actor, role, kind, public, note) \
           SELECT id, answered_at, 'system', 'handler', 'answered', 1, '已答复（演示历史）。' \
           FROM cases WHERE id > {first_id} AND answered_at IS NOT NULL; \
         INSERT INTO ratings (case_id, answer_event_id, at, score, bad, review) \
           SELECT c.case_id, c.id, strftime('%Y-%m-%dT%H:%M:%fZ', c.at, '+1 hours'), k.rating, k.rating <= 2, \
             CASE WHEN k.rating <= 2 THEN 'explain' END \
           FROM case_events c JOIN cases k ON k.id = c.case_id \
           WHERE c.kind = 'answered' AND k.id > {first_id} AND k.rating IS NOT NULL; \
         INSERT INTO case_events (case_id, at, actor, role, kind, public) \
           SELECT id, strftime('%Y-%m-%dT%H:%M:%fZ', answered_at, '+1 days'), 'enterprise', 'enterprise', 'closed', 1 \
           FROM cases WHERE id > {first_id} AND status = 'closed'; \
         UPDATE outbox SET status = 'sent', sent_at = created_at WHERE status = 'pending' \
           AND case_id > {first_id};"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sql_names_every_placeholder() {
        let s = sql(
            &Mix {
                total: 10,
                open: 5,
                overdue: 2,
                days: 30,
                numbered: true,
            },
            "2026-11-23T02:00:00.000Z",
            0,
        );
        assert!(!s.contains('{') || s.contains("json_object"), "{s}");
        assert!(s.contains("2026-11-23T02:00:00.000Z"));
    }

    #[test]
    fn open_cases_tell_stories_of_many_units() {
        let (values, n) = stories();
        let departments: Vec<&str> = values
            .split("), (")
            .map(|row| row.split(", ").nth(4).unwrap_or_default())
            .collect();
        assert_eq!(departments.len(), n);
        // the first 48 cases are the demo's open ones
        let mut seen: Vec<&str> = (1..=48u64)
            .map(|i| departments[((i * 2_654_435_761) % 4_294_967_296 / 65_536) as usize % n])
            .collect();
        seen.sort();
        seen.dedup();
        assert!(seen.len() >= 4, "{seen:?}");
        assert!(story_of(n).contains("2654435761"));
    }

    #[test]
    fn stories_are_weighted_by_category() {
        let (values, n) = stories();
        assert!(n > 150, "{n}");
        let consult = values.matches("'consult'").count();
        let innovation = values.matches("'innovation'").count();
        assert!(consult > 3 * innovation, "{consult} {innovation}");
    }
}
