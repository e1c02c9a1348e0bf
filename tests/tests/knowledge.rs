//! The knowledge base on real wrangler dev + D1: atomic, idempotent import; Chinese search on
//! two-character terms and across traditional/simplified characters; the fee catalog by port.

use serde_json::{json, Value};
use tests::{send, Server, Staff};

fn import(admin: &Staff, lines: &[Value]) -> tests::Answer {
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    send(
        "POST",
        &admin.server.url("/api/admin/import"),
        &[
            ("cookie", &admin.cookie),
            ("origin", &admin.server.base),
            ("content-type", "application/x-ndjson"),
        ],
        Some(body.as_bytes()),
    )
}

fn content() -> Vec<Value> {
    vec![
        json!({"kind": "policy", "id": "demo-p-two-step", "title": "关于推进进口货物“两步申报”的说明（演示）",
               "body": "企业可先凭提单信息进行概要申报，货物提离后再在规定期限内完成完整申报。",
               "department": "customs", "tags": ["两步申报", "通关"], "doc_no": "演示公告第1号", "validity": "in_force",
               "issued_on": "2026-01-15", "interpretation": "先放货、后补全：适合急需提货的进口企业。"}),
        json!({"kind": "faq", "id": "demo-q-inspection-fee", "title": "查驗沒問題，吊裝移位費由誰承擔？（演示）",
               "body": "對查驗沒有問題的外貿企業，吊裝、移位、倉儲費用按規定免除。", "department": "port_office", "tags": ["查驗"]}),
        json!({"kind": "fee", "id": "demo-f-qw-storage", "title": "重箱堆存费（演示）", "body": "免费期满后按天计收",
               "port": "qianwan", "payee": "码头", "unit": "元/箱·天", "price": 12, "basis": "港口收费目录"}),
        json!({"kind": "fee", "id": "demo-f-dg-storage", "title": "重箱堆存费（演示）", "body": "免费期满后按天计收",
               "port": "dagang", "payee": "码头", "unit": "元/箱·天", "price": 10, "basis": "港口收费目录"}),
    ]
}

#[test]
fn import_is_atomic_and_idempotent() {
    let server = Server::start();
    let admin = server.with_staff();
    let desk = server.login("desk", tests::DEMO_PASSWORD);
    let mut lines = content();
    lines.push(json!({"kind": "fee", "id": "bad-fee", "title": "没有价格", "body": "x", "port": "qianwan", "payee": "码头", "unit": "元"}));
    let bad = import(&admin, &lines);
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert_eq!(bad.json()["error"]["code"], "import_rejected");
    assert!(bad.json()["error"]["fields"]["line 5"]
        .as_str()
        .unwrap()
        .contains("price"));
    assert_eq!(
        server.get("/api/search?q=两步申报").json()["results"]
            .as_array()
            .unwrap()
            .len(),
        0,
        "nothing half-imported"
    );

    assert_eq!(import(&desk, &content()).status, 403, "admins only");
    let first = import(&admin, &content());
    assert_eq!(first.status, 200, "{}", first.body);
    assert!(first.json()["lines"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["result"] == "created"));
    let again = import(&admin, &content());
    assert!(
        again.json()["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["result"] == "unchanged"),
        "{}",
        again.body
    );
    assert_eq!(
        again.json()["version"],
        first.json()["version"],
        "nothing written"
    );
    let mut changed = content();
    changed[0]["title"] = json!("关于推进“两步申报”的说明（演示，修订）");
    let third = import(&admin, &changed);
    assert_eq!(third.json()["lines"][0]["result"], "updated");
    assert_eq!(
        server.get("/api/policies/demo-p-two-step").json()["title"],
        "关于推进“两步申报”的说明（演示，修订）"
    );
}

#[test]
fn search_handles_two_characters_and_both_scripts() {
    let server = Server::start();
    let admin = server.with_staff();
    assert_eq!(import(&admin, &content()).status, 200);
    let first = |q: &str| {
        let v = server
            .get(&format!("/api/search?q={}", urlencode(q)))
            .json();
        v["results"][0]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(first("申报"), "demo-p-two-step", "a two-character term");
    assert_eq!(
        first("兩步申報"),
        "demo-p-two-step",
        "traditional query, simplified text"
    );
    assert_eq!(
        first("吊装移位费"),
        "demo-q-inspection-fee",
        "simplified query, traditional text"
    );
    let hit = server
        .get(&format!("/api/search?q={}&kind=policy", urlencode("申报")))
        .json();
    assert!(hit["results"][0]["snippet"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["hit"] == true));
    let fees = server.get("/api/fees?port=dagang").json();
    let fees = fees["fees"].as_array().unwrap();
    assert_eq!(fees.len(), 1);
    assert_eq!(fees[0]["extra"]["price"], 10);
    assert_eq!(
        server.get("/api/fees").json()["fees"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
