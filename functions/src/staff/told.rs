//! Staff notifications (issue 19): the statements that tell people in the batch that writes the
//! event (rules: `domain::coordination::told`), the bell, marking read, one's delivery
//! preference, and the deliveries' failure list. Delivery itself: [`super::tell`].

use domain::api::told::{
    Deliveries, Delivery, Notification, Notifications, ReadRequest, ReadResult, MAX_READ_IDS, PAGE,
};
use domain::coordination::channel::{DeliveryChannel, EmailAddress, Preference, WebhookUrl};
use domain::coordination::notify::NotificationKind;
use domain::coordination::told::fan_out_sql;
use domain::staff::StaffRole;
use domain::time::{iso, parse as parse_time};
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, Request, Response};

use crate::auth::session::Session;
use crate::cases::db::case_no_text;
use crate::error::{ApiError, ApiResult};
use crate::http::{json, query, read_json, Cx};

/// Tells the people concerned of the case's newest event: goes right after the event's insert.
pub fn of_latest(d1: &D1Database, case_id: i64) -> ApiResult<D1PreparedStatement> {
    let sql = fan_out_sql("e.id = (SELECT max(id) FROM case_events WHERE case_id = ?1)");
    Ok(d1.prepare(sql).bind(&[JsValue::from(case_id as f64)])?)
}

/// Tells the people concerned of the events a sweep part wrote at `at` on the cases it marked.
pub fn of_marked(d1: &D1Database, mark: &JsValue, at: &str) -> ApiResult<D1PreparedStatement> {
    let sql = fan_out_sql("e.at = ?2 AND e.case_id IN (SELECT id FROM cases WHERE mark = ?1)");
    Ok(d1.prepare(sql).bind(&[mark.clone(), at.into()])?)
}

#[derive(Deserialize)]
struct Row {
    id: i64,
    kind: String,
    day: String,
    seq: u32,
    title: String,
    created_at: String,
    read_at: Option<String>,
}

fn id_arg(id: i64) -> JsValue {
    JsValue::from(id as f64)
}

async fn unread(d1: &D1Database, staff: i64) -> ApiResult<u32> {
    #[derive(Deserialize)]
    struct N {
        n: u32,
    }
    let n = d1
        .prepare(
            "SELECT count(*) AS n FROM staff_notifications WHERE staff_id = ?1 AND read_at IS NULL",
        )
        .bind(&[id_arg(staff)])?
        .first::<N>(None)
        .await?;
    Ok(n.map_or(0, |n| n.n))
}

/// `GET /api/staff/notifications[?unread=1][&before=id]`: one's own, newest first.
pub async fn list(req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let only_unread = query(&req, "unread")?.is_some_and(|v| v == "1" || v == "true");
    let before = match query(&req, "before")? {
        Some(v) => v
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| ApiError::Field("before".into(), "err-filter".into()))?,
        None => i64::MAX,
    };
    let d1 = cx.env.d1("DB")?;
    let rows = d1
        .prepare(format!(
            "SELECT n.id, n.kind, n.created_at, n.read_at, c.day, c.seq, c.title \
             FROM staff_notifications n JOIN cases c ON c.id = n.case_id \
             WHERE n.staff_id = ?1 AND n.id < ?2 {} ORDER BY n.id DESC LIMIT {}",
            if only_unread {
                "AND n.read_at IS NULL"
            } else {
                ""
            },
            PAGE + 1
        ))
        .bind(&[id_arg(s.user_id), JsValue::from(before as f64)])?
        .all()
        .await?
        .results::<Row>()?;
    let more = rows.len() > PAGE as usize;
    let items = rows
        .into_iter()
        .take(PAGE as usize)
        .filter_map(|r| {
            let kind = NotificationKind::parse(&r.kind)?;
            Some(Notification {
                id: r.id,
                kind,
                label: kind.label(cx.lang).to_string(),
                case_no: case_no_text(&r.day, r.seq),
                title: r.title,
                at: parse_time(&r.created_at)?,
                read: r.read_at.is_some(),
            })
        })
        .collect();
    let (rights_open, rights_overdue) = match s.role {
        StaffRole::Admin => crate::rights::waiting(&d1, cx.now).await?,
        _ => (0, 0),
    };
    let page = Notifications {
        unread: unread(&d1, s.user_id).await?,
        items,
        more,
        rights_open,
        rights_overdue,
    };
    Ok(json(&page, 200)?)
}

/// `POST /api/staff/notifications/read`: the ids given (one's own only), or all.
pub async fn read(mut req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let body: ReadRequest = read_json(&mut req).await?;
    if body.ids.len() > MAX_READ_IDS || (body.ids.is_empty() && !body.all) {
        return Err(ApiError::Field("ids".into(), "err-filter".into()));
    }
    let d1 = cx.env.d1("DB")?;
    let ids = serde_json::to_string(&body.ids).unwrap_or_else(|_| "[]".into());
    let result = d1
        .prepare(
            "UPDATE staff_notifications SET read_at = ?2 WHERE staff_id = ?1 AND read_at IS NULL \
             AND (?4 = 1 OR id IN (SELECT value FROM json_each(?3)))",
        )
        .bind(&[
            id_arg(s.user_id),
            iso(cx.now).into(),
            ids.into(),
            JsValue::from(u8::from(body.all)),
        ])?
        .run()
        .await?;
    let marked = result.meta()?.and_then(|m| m.changes).unwrap_or(0) as u32;
    let answer = ReadResult {
        marked,
        unread: unread(&d1, s.user_id).await?,
    };
    Ok(json(&answer, 200)?)
}

#[derive(Deserialize)]
struct PrefRow {
    notify_channel: String,
    notify_digest: i64,
}

/// A person's preference as stored (the console only, if it cannot be read).
pub fn preference(channel: &str, digest: bool) -> Preference {
    Preference {
        channel: serde_json::from_str(channel).unwrap_or(DeliveryChannel::None),
        daily_digest: digest,
    }
}

/// `GET /api/staff/me/notify`.
pub async fn get_preference(cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let d1 = cx.env.d1("DB")?;
    let row = d1
        .prepare("SELECT notify_channel, notify_digest FROM staff_users WHERE id = ?1")
        .bind(&[id_arg(s.user_id)])?
        .first::<PrefRow>(None)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let pref = preference(&row.notify_channel, row.notify_digest != 0);
    Ok(json(&pref, 200)?)
}

/// The body of `POST /api/staff/me/notify`, checked field by field (a 422 names the field).
#[derive(Deserialize)]
struct RawPreference {
    channel: RawChannel,
    daily_digest: bool,
}

#[derive(Deserialize)]
struct RawChannel {
    kind: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    to: String,
}

fn checked(raw: RawPreference) -> ApiResult<Preference> {
    let bad = |field: &str, key: &str| ApiError::Field(field.into(), key.into());
    let url = || {
        WebhookUrl::parse(&raw.channel.url).map_err(|_| bad("channel.url", "admin-err-webhook-url"))
    };
    let channel = match raw.channel.kind.as_str() {
        "none" => DeliveryChannel::None,
        "wecom" => DeliveryChannel::Wecom { url: url()? },
        "email" => DeliveryChannel::Email {
            url: url()?,
            to: EmailAddress::parse(&raw.channel.to)
                .map_err(|_| bad("channel.to", "admin-err-email"))?,
        },
        _ => return Err(bad("channel.kind", "admin-err-channel")),
    };
    Ok(Preference {
        channel,
        daily_digest: raw.daily_digest,
    })
}

/// `POST /api/staff/me/notify`: where one is told; what is not yet sent follows the new choice.
pub async fn save_preference(mut req: Request, cx: &Cx<'_>, s: Session) -> ApiResult<Response> {
    let pref = checked(read_json::<RawPreference>(&mut req).await?)?;
    let channel = serde_json::to_string(&pref.channel).unwrap_or_default();
    let d1 = cx.env.d1("DB")?;
    d1.prepare("UPDATE staff_users SET notify_channel = ?2, notify_digest = ?3 WHERE id = ?1")
        .bind(&[
            id_arg(s.user_id),
            channel.into(),
            JsValue::from(u8::from(pref.daily_digest)),
        ])?
        .run()
        .await?;
    Ok(json(&pref, 200)?)
}

#[derive(Deserialize)]
struct DeliveryRow {
    id: i64,
    display_name: String,
    notify_channel: String,
    kind: String,
    day: String,
    seq: u32,
    delivery: String,
    attempts: u32,
    last_error: Option<String>,
    created_at: String,
}

/// `GET /api/staff/outbox/staff[?status=failed]`: staff deliveries, newest first (the channel
/// shown by its kind only: a robot's URL carries its key).
pub async fn deliveries(req: Request, cx: &Cx<'_>) -> ApiResult<Response> {
    let status = query(&req, "status")?
        .filter(|v| matches!(v.as_str(), "pending" | "sent" | "failed" | "skipped"));
    let d1 = cx.env.d1("DB")?;
    let rows = d1
        .prepare(
            "SELECT n.id, u.display_name, u.notify_channel, n.kind, c.day, c.seq, n.delivery, \
             n.attempts, n.last_error, n.created_at FROM staff_notifications n \
             JOIN staff_users u ON u.id = n.staff_id JOIN cases c ON c.id = n.case_id \
             WHERE ?1 IS NULL OR n.delivery = ?1 ORDER BY n.id DESC LIMIT 500",
        )
        .bind(&[status.map(JsValue::from).unwrap_or(JsValue::NULL)])?
        .all()
        .await?
        .results::<DeliveryRow>()?;
    let items = rows
        .into_iter()
        .filter_map(|r| {
            let kind = NotificationKind::parse(&r.kind)?;
            Some(Delivery {
                id: r.id,
                staff: r.display_name,
                kind,
                label: kind.label(cx.lang).into(),
                case_no: case_no_text(&r.day, r.seq),
                channel: preference(&r.notify_channel, false).channel.code().into(),
                delivery: r.delivery,
                attempts: r.attempts,
                last_error: r.last_error,
                at: parse_time(&r.created_at)?,
            })
        })
        .collect();
    Ok(json(&Deliveries { items }, 200)?)
}
