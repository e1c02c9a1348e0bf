//! The knowledge base on real wrangler dev + D1: atomic, idempotent import; Chinese search on
//! two-character terms and across traditional/simplified characters; the fee catalog by port.

use harness::{send, Server, Staff};
use serde_json::{json, Value};

fn import(admin: &Staff, lines: &[Value]) -> harness::Answer {
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
    let desk = server.login("desk", harness::DEMO_PASSWORD);
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

#[test]
fn policies_and_answers_browse_by_topic() {
    let server = Server::start();
    let admin = server.with_staff();
    let demo = harness::demo_knowledge();
    assert_eq!(admin.import(&demo).status, 200);
    let expected = |kind: &str, topic: &str| {
        demo.lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|e| e["kind"] == kind && e["topic"] == topic)
            .count()
    };
    for kind in ["policy", "faq"] {
        let all = server.get(&format!("/api/knowledge?kind={kind}")).json();
        let topics = all["topics"].as_array().unwrap();
        assert!(topics.len() >= 8, "{kind}: {topics:?}");
        let total: i64 = topics.iter().map(|t| t["count"].as_i64().unwrap()).sum();
        assert_eq!(total, all["total"].as_i64().unwrap());
        every_page_once(&server, kind, total as usize);
        for t in topics {
            let code = t["code"].as_str().unwrap();
            assert_eq!(t["count"].as_u64().unwrap() as usize, expected(kind, code));
            let only = server
                .get(&format!("/api/knowledge?kind={kind}&topic={code}"))
                .json();
            let items = only["items"].as_array().unwrap();
            assert_eq!(
                only["total"].as_u64().unwrap() as usize,
                expected(kind, code)
            );
            assert_eq!(items.len(), expected(kind, code).min(20), "{kind} {code}");
            assert!(items
                .iter()
                .all(|i| i["extra"]["topic"] == code && i["topic_label"] == t["label"]));
            assert_eq!(only["topics"], all["topics"], "chips keep every topic");
        }
    }
    // the administrator's list: fifty a page, with bodies
    let faqs = admin.get("/api/admin/knowledge?kind=faq").json();
    assert_eq!(
        (faqs["total"].as_u64(), faqs["pages"].as_u64()),
        (Some(80), Some(2))
    );
    assert_eq!(faqs["items"].as_array().unwrap().len(), 50);
    assert!(
        faqs["items"][0]["body"].is_string(),
        "the editor starts from the body"
    );
    let second = admin.get("/api/admin/knowledge?kind=faq&page=2").json();
    assert_eq!(second["items"].as_array().unwrap().len(), 30);
    // Topic and department together; an unknown topic is no filter.
    let both = server
        .get("/api/knowledge?kind=faq&topic=tax&department=customs")
        .json();
    let both = both["items"].as_array().unwrap();
    assert!(!both.is_empty());
    assert!(both
        .iter()
        .all(|i| i["extra"]["topic"] == "tax" && i["department"] == "customs"));
    assert_eq!(
        server
            .get("/api/knowledge?kind=policy&topic=weather")
            .json()["items"],
        server.get("/api/knowledge?kind=policy").json()["items"]
    );
    // A retired entry leaves its topic's count.
    let before = server
        .get("/api/knowledge?kind=policy&topic=declaration")
        .json()["total"]
        .as_u64()
        .unwrap() as usize;
    assert_eq!(
        admin
            .post(
                "/api/admin/knowledge/policy/demo-p-two-step/retire",
                &json!({})
            )
            .status,
        200
    );
    let after = server.get("/api/knowledge?kind=policy").json();
    let declaration = after["topics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "declaration")
        .unwrap()["count"]
        .as_u64()
        .unwrap() as usize;
    assert_eq!(declaration, before - 1);
}

/// The browser pages twenty titles at a time: every entry of `kind` is on exactly one page, in
/// order, without its body; a page past the end is empty and a bad page number is a 422.
fn every_page_once(server: &Server, kind: &str, total: usize) {
    let first = server.get(&format!("/api/knowledge?kind={kind}")).json();
    let pages = first["pages"].as_u64().unwrap();
    assert_eq!(pages as usize, total.div_ceil(20));
    assert!(pages > 1, "the demo holds more than one page of {kind}");
    let mut ids = Vec::new();
    for p in 1..=pages {
        let page = server
            .get(&format!("/api/knowledge?kind={kind}&page={p}"))
            .json();
        for it in page["items"].as_array().unwrap() {
            assert!(
                it.get("body").is_none(),
                "a list sends titles, not bodies: {it}"
            );
            ids.push(it["id"].as_str().unwrap().to_string());
        }
    }
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!((ids.len(), sorted.len()), (total, total));
    let past = server.get(&format!("/api/knowledge?kind={kind}&page={}", pages + 1));
    assert_eq!(past.json()["items"].as_array().unwrap().len(), 0);
    let bad = server.get(&format!("/api/knowledge?kind={kind}&page=0"));
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.json()["error"]["fields"]["page"].is_string());
}

fn deflect(server: &Server, faq: &str, client: &str) -> harness::Answer {
    send(
        "POST",
        &server.url("/api/deflections"),
        &[
            ("content-type", "application/json"),
            ("cf-connecting-ip", client),
        ],
        Some(json!({ "faq_id": faq }).to_string().as_bytes()),
    )
}

/// Issue 15, item 13: a retired entry is gone from its public address (410, said so), a
/// deflection is counted once a day per client and answer, every change to the knowledge base
/// is in the audit log, templates answer 201 when created, and the admin list filters by `q`.
#[test]
fn retired_entries_are_withdrawn_and_every_change_is_audited() {
    let server = Server::start();
    let admin = server.with_staff();
    assert_eq!(import(&admin, &content()).status, 200);
    let audit = admin.get("/api/staff/audit").json().to_string();
    assert!(audit.contains("knowledge_imported"), "{audit}");

    let first = deflect(&server, "demo-q-inspection-fee", "203.0.113.7");
    assert_eq!(first.status, 201, "{}", first.body);
    assert_eq!(first.json()["counted"], true);
    for _ in 0..3 {
        assert_eq!(
            deflect(&server, "demo-q-inspection-fee", "203.0.113.7").json()["counted"],
            false,
            "the same phone tapping again is not another deflection"
        );
    }
    assert_eq!(
        deflect(&server, "demo-q-inspection-fee", "203.0.113.8").json()["counted"],
        true
    );
    assert_eq!(deflect(&server, "", "203.0.113.7").status, 422);

    for (kind, id, path) in [
        ("policy", "demo-p-two-step", "/api/policies/demo-p-two-step"),
        (
            "faq",
            "demo-q-inspection-fee",
            "/api/faqs/demo-q-inspection-fee",
        ),
    ] {
        assert_eq!(server.get(path).status, 200);
        let retired = admin.post(
            &format!("/api/admin/knowledge/{kind}/{id}/retire"),
            &json!({}),
        );
        assert_eq!(retired.status, 200, "{}", retired.body);
        let gone = server.get(path);
        assert_eq!(gone.status, 410, "{}", gone.body);
        assert_eq!(gone.json()["error"]["code"], "gone");
        assert!(
            !gone.body.contains("两步申报") && !gone.body.contains("吊裝"),
            "{}",
            gone.body
        );
    }
    assert_eq!(
        deflect(&server, "demo-q-inspection-fee", "203.0.113.9").status,
        404,
        "a retired answer solves nothing"
    );
    let listed = admin
        .get(&format!(
            "/api/admin/knowledge?kind=policy&q={}",
            urlencode("两步")
        ))
        .json();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed["items"][0]["retired"], true);
    let none = admin
        .get(&format!(
            "/api/admin/knowledge?kind=policy&q={}",
            urlencode("没有这个词")
        ))
        .json();
    assert_eq!(none["items"].as_array().unwrap().len(), 0);
    let long = admin.get(&format!(
        "/api/admin/knowledge?kind=policy&q={}",
        urlencode(&"长".repeat(101))
    ));
    assert_eq!(long.status, 422);

    let created = admin.post(
        "/api/staff/templates",
        &json!({"category": "practice", "title": "放行答复（演示）", "body": "已核实，今日放行。"}),
    );
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.json()["id"].as_i64().unwrap();
    let edited = admin.post(
        &format!("/api/staff/templates/{id}"),
        &json!({"category": "practice", "title": "放行答复（演示）", "body": "已核实，今日已放行。"}),
    );
    assert_eq!(edited.status, 200, "{}", edited.body);
}
