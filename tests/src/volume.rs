//! An office's year as SQL: cases with a realistic mix of categories, grades, units, ports,
//! channels and statuses, their backdated events and ratings, written straight into a local D1
//! (`execute`), not through the API. Used by the volume tests, `cargo xtask bench volume`, and the
//! demo's history.

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
}

/// The statements: cases numbered 1..=total (case `i` is overdue for `i <= overdue`, open for
/// `i <= open`, answered or closed after), one `submitted` and one `triaged` event each, `answered`
/// and `closed` events and ratings for finished ones; the outbox rows the trigger makes are marked
/// sent (nobody is notified of history). `now` is RFC 3339 UTC, ids start above `first_id`.
pub fn sql(m: &Mix, now: &str, first_id: u32) -> String {
    let Mix {
        total,
        open,
        overdue,
        days,
    } = *m;
    let span = u64::from(days.max(1)) * 86_400;
    format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {total}), \
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
           rating, triage_source, triage_confidence) \
         SELECT {first_id} + i, day, seq, 'vol-' || ({first_id} + i) || '-token-0123456789abcdef', \
           'vol-' || ({first_id} + i), \
           '青岛' || CASE i % 7 WHEN 0 THEN '港湾国际物流' WHEN 1 THEN '鲁海食品进出口' WHEN 2 THEN '北岸机械制造' \
             WHEN 3 THEN '蓝谷跨境电商' WHEN 4 THEN '胶州湾冷链供应链' WHEN 5 THEN '东方纺织品进出口' ELSE '海湾化工' END \
             || '有限公司' || (i % 911), \
           '91370200MA3C4QXG1E', '王敏', '139' || printf('%08d', 61000000 + i % 997), \
           CASE i % 10 WHEN 0 THEN 'dagang' WHEN 1 THEN 'huangdao' WHEN 2 THEN 'dongjiakou' WHEN 3 THEN 'airport' \
             WHEN 4 THEN 'rail' ELSE 'qianwan' END, \
           CASE i % 6 WHEN 0 THEN '船边直提已批准，集装箱仍被拖进堆场' WHEN 1 THEN '出口退税进度查询' \
             WHEN 2 THEN '冷链查验插电费用标准咨询' WHEN 3 THEN '两步申报概要申报后提货时间' \
             WHEN 4 THEN '原产地证书自助打印失败' ELSE '申请开展保税维修新业务试点' END || '（第' || i || '件）', \
           '第' || i || '件：企业反映的情况，含提单号COSU' || (6234567890 + i) || '。', \
           CASE i % 9 WHEN 0 THEN 'hotline' WHEN 1 THEN 'visit' WHEN 2 THEN 'wechat' WHEN 3 THEN 'survey' \
             WHEN 4 THEN 'referral' ELSE 'web' END, \
           CASE WHEN i <= {overdue} THEN (CASE i % 3 WHEN 0 THEN 'triaged' WHEN 1 THEN 'in_progress' ELSE 'reopened' END) \
             WHEN i <= {open} THEN (CASE i % 6 WHEN 0 THEN 'submitted' WHEN 1 THEN 'triaged' WHEN 2 THEN 'needs_info' \
               ELSE 'in_progress' END) \
             WHEN i % 10 < 2 THEN 'answered' ELSE 'closed' END, \
           CASE i % 20 WHEN 0 THEN 'innovation' WHEN 1 THEN 'innovation' WHEN 2 THEN 'practice' WHEN 3 THEN 'practice' \
             WHEN 4 THEN 'practice' WHEN 5 THEN 'practice' WHEN 6 THEN 'practice' WHEN 7 THEN 'consult' WHEN 8 THEN 'consult' \
             WHEN 9 THEN 'consult' WHEN 10 THEN 'consult' WHEN 11 THEN 'consult' WHEN 12 THEN 'consult' ELSE 'basic' END, \
           CASE i % 8 WHEN 0 THEN 'A' WHEN 1 THEN 'B' WHEN 2 THEN 'B' ELSE 'C' END, \
           CASE i % 5 WHEN 0 THEN 'A' WHEN 1 THEN 'B' ELSE 'C' END, \
           CASE WHEN i % 50 = 0 THEN 3 WHEN i % 7 = 0 THEN 1 ELSE 2 END, \
           CASE i % 10 WHEN 0 THEN 'port_operator' WHEN 1 THEN 'port_office' WHEN 2 THEN 'tax' WHEN 3 THEN 'maritime' \
             WHEN 4 THEN 'ftz_center' WHEN 5 THEN 'forex' ELSE 'customs' END, \
           at, at, at, strftime('%Y-%m-%dT%H:%M:%fZ', at, '+2 hours'), \
           CASE WHEN i <= {overdue} THEN strftime('%Y-%m-%dT%H:%M:%fZ', '{now}', '-' || (1 + i % 30) || ' hours') \
             WHEN i <= {open} THEN strftime('%Y-%m-%dT%H:%M:%fZ', '{now}', '+' || (1 + i % 9) || ' days') \
             ELSE strftime('%Y-%m-%dT%H:%M:%fZ', at, '+' || (1 + i % 5) || ' days') END, \
           CASE WHEN i > {open} THEN strftime('%Y-%m-%dT%H:%M:%fZ', at, '+' || (30 + i % 200) || ' minutes') END, \
           CASE WHEN i > {open} THEN strftime('%Y-%m-%dT%H:%M:%fZ', at, '+' || (CASE WHEN i % 13 = 0 THEN 6 ELSE i % 3 END) || ' days', '+3 hours') END, \
           CASE WHEN i > {open} THEN 180 + (i % 5) * 420 END, \
           CASE WHEN i > {open} AND i % 10 >= 2 AND i % 3 <> 0 THEN (CASE i % 11 WHEN 0 THEN 2 WHEN 1 THEN 3 WHEN 2 THEN 4 ELSE 5 END) END, \
           CASE WHEN i <= {open} AND i % 6 = 0 THEN 'auto' ELSE 'staff' END, 0.8 \
         FROM d; \
         INSERT INTO case_seq (day, n) SELECT day, max(seq) FROM cases WHERE true GROUP BY day \
           ON CONFLICT (day) DO UPDATE SET n = max(n, excluded.n); \
         INSERT INTO case_events (case_id, at, actor, role, kind, public) \
           SELECT id, submitted_at, 'enterprise', 'enterprise', 'submitted', 1 FROM cases WHERE id > {first_id}; \
         INSERT INTO case_events (case_id, at, actor, role, kind, public, after) \
           SELECT id, due_first_response, 'system', 'front_desk', 'triaged', 1, json_object('category', category) \
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
    #[test]
    fn the_sql_names_every_placeholder() {
        let s = super::sql(
            &super::Mix {
                total: 10,
                open: 5,
                overdue: 2,
                days: 30,
            },
            "2026-11-23T02:00:00.000Z",
            0,
        );
        assert!(!s.contains('{') || s.contains("json_object"), "{s}");
        assert!(s.contains("2026-11-23T02:00:00.000Z"));
    }
}
