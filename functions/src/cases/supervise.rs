//! 督办 and 决策: the rows of `supervision_orders` and `decisions` and what staff do with them —
//! the task force (or the leadership) orders a unit, that unit's handler answers, the leadership
//! group records its decision — by the rules of `domain::coordination::supervision`. Each change
//! is one D1 batch with the case's event; the order and the decision are public events.

use chrono::{DateTime, Utc};
use domain::api::case::{AssistReply, DecisionView, OrderRequest, OrderView};
use domain::coordination::supervision::{self as sv, OrderState, SupervisedCase};
use domain::grade::Level;
use domain::i18n::t;
use domain::taxonomy::{Department, EventKind};
use domain::time::{display, iso, parse as parse_time};
use domain::Lang;
use serde::Deserialize;
use serde_json::json as j;
use worker::wasm_bindgen::JsValue;
use worker::{D1Database, Request, Response};

use super::db::CaseRow;
use super::returned::staff;
use super::store::{apply, Actor, Change, GUARD_ONE_CHANGED};
use crate::auth::session::Session;
use crate::error::{ApiError, ApiResult};
use crate::http::{field, json, read_json, Cx};

#[derive(Deserialize)]
struct OrderRow {
    id: i64,
    unit: String,
    code: Option<String>,
    text: Option<String>,
    due_at: String,
    issued_by: Option<i64>,
    issued_at: String,
    status: String,
    reply: Option<String>,
    replied_by: Option<i64>,
    replied_at: Option<String>,
}

#[derive(Deserialize)]
struct DecisionRow {
    text: String,
    at: String,
    by_name: Option<String>,
}

fn supervised(row: &CaseRow) -> SupervisedCase {
    SupervisedCase {
        status: row.status(),
        level: row
            .level
            .and_then(|l| Level::new(l).ok())
            .unwrap_or(Level::FIRST_CONTACT),
    }
}

fn refusal(e: sv::SupervisionError) -> ApiError {
    use sv::SupervisionError as E;
    match e {
        E::Forbidden { .. } | E::NotYourOrder { .. } => ApiError::Forbidden,
        E::BelowTaskForce { .. } | E::NotLeadership { .. } | E::CaseNotOpen { .. } => {
            ApiError::ActionNotAllowed
        }
        E::AlreadyReplied => ApiError::Conflict,
        E::Text { .. } | E::DueNotAhead => field("order", "err-order"),
    }
}

async fn orders(d1: &D1Database, case_id: i64) -> ApiResult<Vec<OrderRow>> {
    Ok(d1
        .prepare("SELECT * FROM supervision_orders WHERE case_id = ?1 ORDER BY id")
        .bind(&[JsValue::from(case_id as f64)])?
        .all()
        .await?
        .results::<OrderRow>()?)
}

async fn decision(d1: &D1Database, case_id: i64) -> ApiResult<Option<DecisionRow>> {
    Ok(d1
        .prepare(
            "SELECT d.text, d.at, u.display_name AS by_name FROM decisions d \
             LEFT JOIN staff_users u ON u.id = d.by_id WHERE d.case_id = ?1 ORDER BY d.id DESC LIMIT 1",
        )
        .bind(&[JsValue::from(case_id as f64)])?
        .first::<DecisionRow>(None)
        .await?)
}

/// `POST /api/staff/cases/{no}/orders`: the task force or the leadership, at level 3 or 4.
pub async fn issue(mut req: Request, cx: &Cx<'_>, raw: &str, s: Session) -> ApiResult<Response> {
    let body: OrderRequest = read_json(&mut req).await?;
    let d1 = cx.env.d1("DB")?;
    let row = super::store::load(&d1, &s, raw).await?;
    let new = sv::NewOrder {
        to: Department::parse(&body.unit).ok_or_else(|| field("unit", "err-order"))?,
        text: body.text,
        due: parse_time(&body.due_at).ok_or_else(|| field("due_at", "err-order"))?,
    };
    // an order goes to a unit whose handlers can see the case: its own, or one assisting on it
    let reachable = domain::coordination::assist::may_see_with_tasks(
        domain::staff::StaffRole::Handler,
        Some(new.to),
        row.department(),
        &super::assist::all(&d1, row.id).await?,
    );
    if !reachable {
        return Err(field("unit", "err-order"));
    }
    let order = sv::issue_order(&supervised(&row), &staff(&s)?, &new, cx.now).map_err(refusal)?;
    let sv::Directive::Text(text) = &order.what else {
        return Err(ApiError::Internal("a staff order without its words".into()));
    };
    let insert = d1
        .prepare(
            "INSERT INTO supervision_orders (case_id, unit, text, due_at, issued_by, issued_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .bind(&[
            JsValue::from(row.id as f64),
            order.to.code().into(),
            text.as_str().into(),
            iso(order.due).into(),
            JsValue::from(s.user_id as f64),
            iso(cx.now).into(),
        ])?;
    let mut c = Change::new(EventKind::OrderIssued, true);
    c.reason = Some(text.as_str().to_string());
    c.after = Some(j!({"unit": order.to.code(), "due_at": iso(order.due)}));
    apply(&d1, &row, &Actor::from(&s), c, cx.now, vec![insert]).await?;
    Ok(json(&j!({"ok": true, "unit": order.to.code()}), 201)?)
}

/// `POST /api/staff/cases/{no}/orders/{order}/reply`: a handler of the ordered unit.
pub async fn reply(
    mut req: Request,
    cx: &Cx<'_>,
    raw: &str,
    id: &str,
    s: Session,
) -> ApiResult<Response> {
    let body: AssistReply = read_json(&mut req).await?;
    let d1 = cx.env.d1("DB")?;
    let id: i64 = id.parse().map_err(|_| ApiError::NotFound)?;
    let (row, _) = super::assist::load_seen(&d1, &s, raw).await?;
    let found = orders(&d1, row.id).await?;
    let o = found
        .iter()
        .find(|o| o.id == id)
        .ok_or(ApiError::NotFound)?;
    let order = domain_order(o).ok_or(ApiError::NotFound)?;
    let done = sv::reply_order(&order, &staff(&s)?, &body.body, cx.now).map_err(refusal)?;
    let OrderState::Replied(r) = &done.state else {
        return Err(ApiError::Internal("a reply without its text".into()));
    };
    let update = super::assist::replied(&d1, "supervision_orders", "issued", id, r)?;
    let mut c = Change::new(EventKind::OrderReplied, false);
    c.note = Some(r.text.as_str().to_string());
    let guard = d1.prepare(GUARD_ONE_CHANGED);
    apply(&d1, &row, &Actor::from(&s), c, cx.now, vec![update, guard]).await?;
    Ok(json(&j!({"ok": true}), 200)?)
}

/// `POST /api/staff/cases/{no}/decision`: the leadership group, at level 4.
pub async fn decide(mut req: Request, cx: &Cx<'_>, raw: &str, s: Session) -> ApiResult<Response> {
    let body: AssistReply = read_json(&mut req).await?;
    let d1 = cx.env.d1("DB")?;
    let row = super::store::load(&d1, &s, raw).await?;
    if decision(&d1, row.id).await?.is_some() {
        return Err(ApiError::ActionNotAllowed);
    }
    let d = sv::record_decision(&supervised(&row), &staff(&s)?, &body.body, cx.now).map_err(
        |e| match e {
            sv::SupervisionError::Text { .. } => field("body", "err-decision"),
            other => refusal(other),
        },
    )?;
    let insert = d1
        .prepare("INSERT INTO decisions (case_id, text, by_id, at) VALUES (?1, ?2, ?3, ?4)")
        .bind(&[
            JsValue::from(row.id as f64),
            d.text.as_str().into(),
            JsValue::from(d.by.get() as f64),
            iso(cx.now).into(),
        ])?;
    let mut c = Change::new(EventKind::Decided, true);
    c.reason = Some(d.text.as_str().to_string());
    apply(&d1, &row, &Actor::from(&s), c, cx.now, vec![insert]).await?;
    Ok(json(&j!({"ok": true}), 201)?)
}

fn domain_order(o: &OrderRow) -> Option<sv::SupervisionOrder> {
    let what = match (&o.code, &o.text) {
        (Some(code), _) => sv::Directive::Standard(sv::OrderCode::parse(code)?),
        (None, Some(text)) => sv::Directive::Text(domain::coordination::Text500::parse(text).ok()?),
        (None, None) => return None,
    };
    Some(sv::SupervisionOrder {
        to: Department::parse(&o.unit)?,
        what,
        due: parse_time(&o.due_at)?,
        issued_by: match o.issued_by.and_then(domain::coordination::StaffId::new) {
            Some(id) => sv::Issuer::Staff(id),
            None => sv::Issuer::Sweep,
        },
        issued_at: parse_time(&o.issued_at)?,
        state: if o.status == "replied" {
            OrderState::Replied(domain::coordination::Reply {
                text: domain::coordination::Text500::parse(o.reply.as_deref()?).ok()?,
                by: domain::coordination::StaffId::new(o.replied_by?)?,
                at: parse_time(o.replied_at.as_deref()?)?,
            })
        } else {
            OrderState::Issued
        },
    })
}

/// What staff read of the case's orders and decision, and what this reader may do.
pub struct Supervision {
    pub orders: Vec<OrderView>,
    pub decision: Option<DecisionView>,
    pub may_order: bool,
    pub may_decide: bool,
}

pub async fn view(
    d1: &D1Database,
    row: &CaseRow,
    s: &Session,
    now: DateTime<Utc>,
    lang: Lang,
) -> ApiResult<Supervision> {
    let me = staff(s)?;
    let case = supervised(row);
    let orders: Vec<OrderView> = orders(d1, row.id)
        .await?
        .iter()
        .filter_map(|o| {
            let order = domain_order(o)?;
            Some(OrderView {
                id: o.id,
                unit: order.to,
                unit_label: order.to.label(lang).into(),
                text: match &order.what {
                    sv::Directive::Standard(code) => t(lang, &code.label_key()).into(),
                    sv::Directive::Text(text) => text.as_str().into(),
                },
                by_sweep: order.issued_by == sv::Issuer::Sweep,
                due_at_text: display(&o.due_at, lang),
                issued_at_text: display(&o.issued_at, lang),
                status: order.status(),
                reply: o.reply.clone(),
                overdue: order.is_overdue(now),
                may_reply: order.state == OrderState::Issued && me.acts_for(order.to),
            })
        })
        .collect();
    let decision = decision(d1, row.id).await?.map(|d| DecisionView {
        at_text: display(&d.at, lang),
        text: d.text,
        by_name: d.by_name,
    });
    let may_order = sv::may_order(&case, &me).is_ok();
    let may_decide = decision.is_none() && sv::may_decide(&case, &me).is_ok();
    Ok(Supervision {
        orders,
        decision,
        may_order,
        may_decide,
    })
}
