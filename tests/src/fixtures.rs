//! What the tests and the demo run on: a sample report, the demo accounts, the desk scenario of
//! the browser walk, the demo knowledge, and the office's and the demo's volumes of cases.

use std::fs;

use crate::server::Server;
use crate::{root, volume};

/// This machine's clock, as the Worker reads it (for seeds that must be recent or old).
pub fn now() -> chrono::DateTime<chrono::Utc> {
    domain::time::from_millis(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or_default(),
    )
}

/// A valid submission (the wharf clerk of the product brief).
pub fn sample_case() -> serde_json::Value {
    serde_json::json!({
        "enterprise_name": "青岛海川进出口有限公司",
        "uscc": "91350100M000100Y43",
        "contact_name": "王丽",
        "contact_phone": "138 1234 5678",
        "port": "qianwan",
        "title": "船边直提已批准，12个集装箱仍进了堆场",
        "description": "提单号COSU6234567890，12个40尺柜已获批船边直提，卸船后仍被拖进堆场。",
        "consent": domain::consent::NoticeVersion::CURRENT.as_str()
    })
}

pub const DEMO_PASSWORD: &str = "harbour-2026!";

/// Demo accounts: username, display name, role, department.
pub const STAFF: [(&str, &str, &str, Option<&str>); 5] = [
    ("desk", "刘静", "front_desk", None),
    ("customs", "张伟", "handler", Some("customs")),
    ("tax", "陈晓", "handler", Some("tax")),
    ("super", "王磊", "supervisor", None),
    ("leader", "赵明", "leader", None),
];

/// The desk scenario of `browser/console.mjs`: staff accounts, a low-priority consult question,
/// then the wharf story. Returns the wharf case's token and number.
pub fn console_scenario(server: &Server) -> (String, String) {
    server.with_staff();
    let mut consult = sample_case();
    consult["title"] = serde_json::json!("AEO企业能享受哪些便利");
    consult["description"] =
        serde_json::json!("AEO高级认证企业在通关上具体能享受哪些便利措施，有什么政策规定");
    assert_eq!(server.post_case("console-case-0001", &consult).status, 201);
    let c = server.post_case("console-case-0002", &sample_case()).json();
    let text = |k: &str| c[k].as_str().expect(k).to_string();
    (text("token"), text("case_no"))
}

/// The demo knowledge base shipped in `data/knowledge/demo.jsonl`.
pub fn demo_knowledge() -> String {
    fs::read_to_string(root().join("data/knowledge/demo.jsonl")).expect("demo knowledge")
}

/// What the browser walks run on: more than one page of everything a person pages through
/// (queue fifty a page, ledger, 回访 twenty a page), written as SQL so the walk starts in
/// seconds; the walk's own cases come on top, through the API.
pub const OFFICE: volume::Mix = volume::Mix {
    total: 1_200,
    open: 130,
    overdue: 8,
    days: 60,
    numbered: false,
};

/// A server on [`OFFICE`], ending now.
pub fn office() -> Server {
    Server::start_seeded(&volume::sql(&OFFICE, &domain::time::iso(now()), 0), &[])
}

/// The demo's month (and the statistics screenshot's): what a working office of Qingdao's
/// size holds after thirty days, written as SQL (`volume`), about twenty cases a day, a few
/// dozen still open and a handful overdue, deadlines met the way a real office meets them.
pub const DEMO_MONTH: volume::Mix = volume::Mix {
    total: 640,
    open: 48,
    overdue: 4,
    days: 30,
    numbered: false,
};

/// [`DEMO_MONTH`] ending now, the case ids starting above `first_id`.
pub fn demo_month_sql() -> String {
    volume::sql(&DEMO_MONTH, &domain::time::iso(now()), 0)
}
