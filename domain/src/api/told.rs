//! The bell (`GET /api/staff/notifications`), marking read, one's delivery preference
//! (`/api/staff/me/notify`, the body is `coordination::channel::Preference`) and the staff
//! deliveries' failure list (`GET /api/staff/outbox/staff`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::coordination::notify::NotificationKind;

/// The most ids one call may mark read.
pub const MAX_READ_IDS: usize = 200;
/// Notifications in one page of the bell.
pub const PAGE: u32 = 20;

/// One notification, with its label in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub kind: NotificationKind,
    pub label: String,
    pub case_no: String,
    pub title: String,
    pub at: DateTime<Utc>,
    pub read: bool,
}

/// A page of the bell, newest first; `more` when older ones follow (ask with `before`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notifications {
    pub unread: u32,
    pub items: Vec<Notification>,
    pub more: bool,
    /// For the administrator: personal information requests waiting for an answer, and how
    /// many of them are past their deadline (they count on the bell too).
    #[serde(default)]
    pub rights_open: u32,
    #[serde(default)]
    pub rights_overdue: u32,
}

/// `POST /api/staff/notifications/read`: these ids (one's own; others are ignored), or all.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReadRequest {
    #[serde(default)]
    pub ids: Vec<i64>,
    #[serde(default)]
    pub all: bool,
}

/// What marking read left: the unread count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadResult {
    pub marked: u32,
    pub unread: u32,
}

/// How one staff notification's delivery stands (pending, sent, failed, skipped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub id: i64,
    pub staff: String,
    pub kind: NotificationKind,
    pub label: String,
    pub case_no: String,
    pub channel: String,
    pub delivery: String,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deliveries {
    pub items: Vec<Delivery>,
}
