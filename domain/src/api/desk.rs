//! What the staff console reads: who is signed in (`GET /api/auth/me`) and the queue
//! (`GET /api/staff/queue`). Written by the Worker, read by the console, one type each.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::staff::{permitted, Permission, StaffRole, Wall};
use crate::taxonomy::{Category, Channel, Department, Status};

/// The signed-in member of staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: StaffRole,
    pub department: Option<Department>,
    pub expires_at: DateTime<Utc>,
}

impl Me {
    /// What the console offers follows the same rule the Worker enforces.
    pub fn may(&self, p: Permission) -> bool {
        permitted(self.role, p)
    }

    pub fn wall(&self) -> Wall {
        Wall::of(self.role, self.department)
    }
}

/// One row of the queue, with its labels in the reader's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub case_no: String,
    pub title: String,
    pub enterprise_name: String,
    pub status: Status,
    pub status_label: String,
    pub category: Option<Category>,
    pub category_label: Option<String>,
    /// Importance and urgency, e.g. `BA`.
    pub grade: Option<String>,
    /// BB and above: shown first.
    pub priority: bool,
    pub department: Option<Department>,
    pub department_label: Option<String>,
    pub level: Option<u8>,
    pub level_label: Option<String>,
    pub port_label: Option<String>,
    pub channel: Option<Channel>,
    pub channel_label: Option<String>,
    pub submitted_at: String,
    pub submitted_at_text: String,
    pub due_at: Option<String>,
    pub due_at_text: Option<String>,
    pub overdue: bool,
    pub near_due: bool,
    pub flagged_48h: bool,
    pub assignee_id: Option<i64>,
    /// The automatic grading is below the confirmation threshold: the desk checks it first.
    pub unsure: bool,
    /// Given back to the desk by its unit (退回) and not routed again yet.
    #[serde(default)]
    pub returned: bool,
}

/// A page of the queue with the count of every tab and the total under the filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuePage {
    /// Cases per tab code (`domain::queue::Tab`).
    pub counts: BTreeMap<String, u64>,
    pub items: Vec<QueueItem>,
    pub total: u64,
    pub page: u32,
    pub size: u32,
    pub pages: u64,
}

/// One row of the problem ledger (`GET /api/staff/ledger`), with its labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerItem {
    pub case_no: String,
    pub title: String,
    pub enterprise_name: String,
    /// When the clock started.
    pub received_at: String,
    pub port: String,
    pub port_label: Option<String>,
    pub channel: String,
    pub channel_label: Option<String>,
    pub category: Option<Category>,
    pub category_label: Option<String>,
    pub grade: Option<String>,
    pub level: Option<u8>,
    pub department: Option<Department>,
    pub department_label: Option<String>,
    pub status: Status,
    pub status_label: String,
    pub due_at: Option<String>,
    pub answered_at: Option<String>,
    pub overdue: bool,
    /// Working hours from receipt to answer, one decimal.
    pub handling_hours: Option<f64>,
    /// The enterprise's latest rating, 1–5.
    pub rating: Option<u8>,
    pub rating_label: Option<String>,
}

/// A page of the ledger, the total under the filters, and how an export of them is cut.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerPage {
    pub total: u64,
    pub page: u32,
    pub size: u32,
    pub items: Vec<LedgerItem>,
    pub export: ExportParts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportParts {
    /// Rows in one XLSX part.
    pub part_rows: u64,
    pub xlsx_parts: u64,
}
