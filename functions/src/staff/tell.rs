//! Delivers staff notifications to each person's channel (Cron Trigger, after the sweep): at once,
//! or gathered into the working day's digest (`domain::coordination::notify::plan`), with the
//! outbox's retries and backoff. Rows are claimed before sending, so two overlapping runs never
//! send the same one; a row that goes out in a digest is marked with the digest's result.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use domain::coordination::channel::{body, Preference};
use domain::coordination::notify::{plan, NotificationKind, Pending};
use domain::i18n::tf;
use domain::time::{iso, parse as parse_time};
use domain::Lang;
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, Env};

use super::told::preference;
use crate::cases::db::case_no_text;
use crate::error::ApiResult;
use crate::notify::{after_failure, backoff_base, post, var};

const BATCH: u32 = 200;
/// Staff messages are written in Chinese (the office's language).
const LANG: Lang = Lang::ZhCn;

#[derive(Deserialize, Clone)]
struct Due {
    id: i64,
    staff_id: i64,
    kind: String,
    created_at: String,
    attempts: u32,
    notify_channel: String,
    notify_digest: i64,
    day: String,
    seq: u32,
    title: String,
}

#[derive(Debug, Default)]
pub struct Report {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

struct Run<'a> {
    d1: D1Database,
    now: DateTime<Utc>,
    base: i64,
    site: Option<String>,
    report: &'a mut Report,
}

pub async fn deliver(env: &Env, now: DateTime<Utc>) -> ApiResult<Report> {
    let d1 = env.d1("DB")?;
    let claim = format!("claim:{}", iso(now));
    d1.prepare(format!(
        "UPDATE staff_notifications SET next_attempt_at = ?1, claim = ?3 WHERE id IN \
         (SELECT id FROM staff_notifications WHERE delivery = 'pending' AND next_attempt_at <= ?2 \
          ORDER BY id LIMIT {BATCH})"
    ))
    .bind(&[
        iso(now + Duration::minutes(5)).into(),
        iso(now).into(),
        claim.as_str().into(),
    ])?
    .run()
    .await?;
    let due = d1
        .prepare(
            "SELECT n.id, n.staff_id, n.kind, n.created_at, n.attempts, u.notify_channel, \
             u.notify_digest, c.day, c.seq, c.title FROM staff_notifications n \
             JOIN staff_users u ON u.id = n.staff_id JOIN cases c ON c.id = n.case_id \
             WHERE n.claim = ?1 AND n.delivery = 'pending' ORDER BY n.id",
        )
        .bind(&[claim.as_str().into()])?
        .all()
        .await?
        .results::<Due>()?;
    let mut people: BTreeMap<i64, Vec<Due>> = BTreeMap::new();
    for d in due {
        people.entry(d.staff_id).or_default().push(d);
    }
    let cal = crate::settings::calendar(&d1).await?;
    let mut report = Report::default();
    let mut run = Run {
        d1,
        now,
        base: backoff_base(env),
        site: var(env, "SITE_ORIGIN"),
        report: &mut report,
    };
    for rows in people.values() {
        let pref = preference(&rows[0].notify_channel, rows[0].notify_digest != 0);
        let pending: Vec<Pending> = rows.iter().filter_map(pending).collect();
        let p = plan(&pending, &pref, &cal, now);
        let pick = |ids: &[i64]| -> Vec<Due> {
            rows.iter()
                .filter(|r| ids.contains(&r.id))
                .cloned()
                .collect()
        };
        run.mark(&p.skip, "skipped", None).await?;
        for one in pick(&p.each) {
            run.send(&pref, std::slice::from_ref(&one)).await?;
        }
        if !p.digest.is_empty() {
            run.send(&pref, &pick(&p.digest)).await?;
        }
        let handled: Vec<i64> = [&p.skip, &p.each, &p.digest]
            .into_iter()
            .flatten()
            .copied()
            .collect();
        let waiting: Vec<i64> = rows
            .iter()
            .map(|r| r.id)
            .filter(|id| !handled.contains(id))
            .collect();
        let next = p.next_digest.unwrap_or(now + Duration::hours(1));
        run.mark(&waiting, "pending", Some(next)).await?;
    }
    Ok(report)
}

fn pending(d: &Due) -> Option<Pending> {
    Some(Pending {
        id: d.id,
        kind: NotificationKind::parse(&d.kind)?,
        created_at: parse_time(&d.created_at)?,
    })
}

fn line(d: &Due) -> String {
    let kind = NotificationKind::parse(&d.kind).map_or("", |k| k.label(LANG));
    tf(
        LANG,
        "worker-notify-line",
        &[
            ("kind", kind),
            ("case", &case_no_text(&d.day, d.seq)),
            ("title", &d.title),
        ],
    )
}

impl Run<'_> {
    /// The subject and text of one message: one notification, or a digest of several.
    fn message(&self, rows: &[Due]) -> (String, String) {
        let first = &rows[0];
        let case = case_no_text(&first.day, first.seq);
        let subject = if rows.len() == 1 {
            let kind = NotificationKind::parse(&first.kind).map_or("", |k| k.label(LANG));
            tf(
                LANG,
                "worker-notify-subject",
                &[("kind", kind), ("case", &case)],
            )
        } else {
            let n = rows.len().to_string();
            tf(LANG, "worker-notify-digest-subject", &[("count", &n)])
        };
        let mut text: Vec<String> = rows.iter().map(line).collect();
        if rows.len() == 1 {
            let link = format!("{}/staff/cases/{case}", self.site.as_deref().unwrap_or(""));
            text.push(tf(LANG, "worker-notify-open", &[("link", &link)]));
        }
        (subject, text.join("\n"))
    }

    async fn send(&mut self, pref: &Preference, rows: &[Due]) -> ApiResult<()> {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let (subject, text) = self.message(rows);
        let (Some(url), Some(payload)) = (pref.channel.url(), body(&pref.channel, &subject, &text))
        else {
            return self.mark(&ids, "skipped", None).await;
        };
        // a digest shares one fate: its rows' tries are counted together
        let attempts = rows.iter().map(|r| r.attempts).max().unwrap_or(0) + 1;
        match post(url.as_str(), None, &payload).await {
            Ok(()) => {
                self.report.sent += ids.len();
                self.finish(&ids, "sent", attempts, None, None).await
            }
            Err(error) => {
                let (failed, next) = after_failure(attempts, self.base, self.now);
                if failed {
                    self.report.failed += ids.len();
                } else {
                    self.report.retried += ids.len();
                }
                let state = if failed { "failed" } else { "pending" };
                self.finish(&ids, state, attempts, Some(next), Some(error))
                    .await
            }
        }
    }

    /// Sets the rows' state (and their next try) without counting a try.
    async fn mark(&self, ids: &[i64], state: &str, next: Option<DateTime<Utc>>) -> ApiResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        self.d1
            .prepare(
                "UPDATE staff_notifications SET delivery = ?2, claim = NULL, \
                 next_attempt_at = coalesce(?3, next_attempt_at) \
                 WHERE id IN (SELECT value FROM json_each(?1))",
            )
            .bind(&[json_ids(ids), state.into(), opt_time(next)])?
            .run()
            .await?;
        Ok(())
    }

    async fn finish(
        &self,
        ids: &[i64],
        state: &str,
        attempts: u32,
        next: Option<DateTime<Utc>>,
        error: Option<String>,
    ) -> ApiResult<()> {
        let sent_at = (state == "sent").then(|| iso(self.now));
        self.d1
            .prepare(
                "UPDATE staff_notifications SET delivery = ?2, attempts = ?3, claim = NULL, \
                 next_attempt_at = coalesce(?4, next_attempt_at), last_error = ?5, sent_at = ?6 \
                 WHERE id IN (SELECT value FROM json_each(?1)) AND delivery = 'pending'",
            )
            .bind(&[
                json_ids(ids),
                state.into(),
                JsValue::from(attempts),
                opt_time(next),
                error.map(JsValue::from).unwrap_or(JsValue::NULL),
                sent_at.map(JsValue::from).unwrap_or(JsValue::NULL),
            ])?
            .run()
            .await?;
        Ok(())
    }
}

fn json_ids(ids: &[i64]) -> JsValue {
    serde_json::to_string(ids)
        .unwrap_or_else(|_| "[]".into())
        .into()
}

fn opt_time(t: Option<DateTime<Utc>>) -> JsValue {
    t.map(|t| JsValue::from(iso(t))).unwrap_or(JsValue::NULL)
}
