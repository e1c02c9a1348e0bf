//! The staff side on real wrangler dev + D1: login and lockout, who may do what, department
//! walls, the scheduled sweep, and what the enterprise sees of staff work.

use harness::{sample_case, send, Server, Staff, DEMO_PASSWORD};
use serde_json::{json, Value};

/// The actions of the audit log's latest entries, as the administrator reads them.
fn audit_actions(admin: &Staff) -> Vec<String> {
    admin.get("/api/staff/audit").json()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

/// A staff account's id, by username, as the administrator's list gives it.
fn user_id(admin: &Staff, name: &str) -> i64 {
    admin.get("/api/staff/users").json()["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == name)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

/// The SPEC's commitment as the admin form sends it.
fn default_commitment() -> Value {
    json!({"rows": [
        {"urgency": "A", "first_response": {"working_hours": 2}, "resolution": {"working_days": 1}, "innovation_resolution": {"working_days": 20}},
        {"urgency": "B", "first_response": {"working_hours": 4}, "resolution": {"working_days": 3}, "innovation_resolution": {"working_days": 20}},
        {"urgency": "C", "first_response": {"working_days": 1}, "resolution": {"working_days": 5}, "innovation_resolution": {"working_days": 20}},
    ]})
}

fn triage_body(reason: &str) -> Value {
    json!({"action": "triage", "category": "practice", "importance": "B", "urgency": "A",
           "department": "customs", "level": 2, "reason": reason})
}

#[test]
fn login_lockout_and_sessions() {
    let server = Server::start();
    assert_eq!(server.bootstrap_admin().status, 201);
    assert_eq!(
        server.bootstrap_admin().json()["error"]["code"],
        "bootstrap_closed",
        "only once"
    );

    // no Origin: refused before any password work
    let a = send(
        "POST",
        &server.url("/api/auth/login"),
        &[("content-type", "application/json")],
        Some(
            json!({"username": "admin", "password": DEMO_PASSWORD})
                .to_string()
                .as_bytes(),
        ),
    );
    assert_eq!(
        (a.status, a.json()["error"]["code"].clone()),
        (403, json!("bad_origin"))
    );

    let admin = server.login("admin", DEMO_PASSWORD);
    let set = server.login_answer("admin", DEMO_PASSWORD);
    let cookie = set.header("set-cookie").unwrap();
    for flag in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    assert_eq!(admin.get("/api/auth/me").json()["role"], "admin");
    assert_eq!(
        send("GET", &server.url("/api/auth/me"), &[], None).status,
        401
    );
    assert_eq!(
        server.login_answer("nobody", DEMO_PASSWORD).json()["error"]["code"],
        "invalid_credentials"
    );

    for i in 1..=4 {
        let a = server.login_answer("admin", "wrong-password-1");
        assert_eq!(
            (a.status, a.json()["error"]["code"].clone()),
            (401, json!("invalid_credentials")),
            "try {i}"
        );
    }
    let fifth = server.login_answer("admin", "wrong-password-1");
    assert_eq!(fifth.status, 423, "{}", fifth.body);
    assert!(fifth.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("锁定"));
    let right = server.login_answer("admin", DEMO_PASSWORD);
    assert_eq!(
        right.status, 423,
        "the right password waits too: {}",
        right.body
    );

    // every attempt is in the audit log
    let actions = audit_actions(&admin);
    assert_eq!(
        actions.iter().filter(|a| **a == "login_failed").count(),
        5,
        "{actions:?}"
    );
    assert!(actions.iter().any(|a| a == "login_locked") && actions.iter().any(|a| a == "login_ok"));

    // an existing session still works; logging out ends it
    assert_eq!(admin.get("/api/auth/me").status, 200);
    let out = admin.post("/api/auth/logout", &json!({}));
    assert_eq!(out.status, 200);
    assert_eq!(admin.get("/api/auth/me").status, 401);
}

const ROLES: [&str; 7] = [
    "anonymous",
    "admin",
    "desk",
    "customs",
    "tax",
    "super",
    "leader",
];

/// Actions, the steps (by the supervisor) that make each possible, and who may take it.
fn action_table() -> Vec<(&'static str, Vec<Value>, Value, Vec<&'static str>)> {
    let triage = triage_body("核实后确认");
    let answer = json!({"action": "answer", "body": "已协调码头，费用按规定免除。"});
    vec![
        (
            "triage",
            vec![],
            triage_body("改为实务问题"),
            vec!["desk", "super"],
        ),
        (
            "accept",
            vec![triage.clone()],
            json!({"action": "accept"}),
            vec!["desk", "customs", "super", "leader"],
        ),
        (
            "reply",
            vec![],
            json!({"action": "reply", "body": "已收到，正在核实。"}),
            vec!["desk", "customs", "super", "leader"],
        ),
        (
            "note",
            vec![],
            json!({"action": "note", "body": "内部：等码头回复"}),
            vec!["desk", "customs", "super", "leader"],
        ),
        (
            "request_info",
            vec![triage.clone()],
            json!({"action": "request_info", "body": "请补充船边直提审批单"}),
            vec!["desk", "customs", "super"],
        ),
        (
            "escalate",
            vec![],
            json!({"action": "escalate", "reason": "涉及多部门"}),
            vec!["desk", "customs", "super", "leader"],
        ),
        (
            "answer",
            vec![triage.clone()],
            answer.clone(),
            vec!["desk", "customs", "super", "leader"],
        ),
        (
            "close",
            vec![triage.clone(), answer.clone()],
            json!({"action": "close"}),
            vec!["desk", "super"],
        ),
        (
            "reopen",
            vec![triage.clone(), answer.clone()],
            json!({"action": "reopen", "reason": "企业不满意"}),
            vec!["super"],
        ),
        (
            "assign",
            vec![],
            json!({"action": "assign", "assignee": "customs"}),
            vec!["desk", "super"],
        ),
    ]
}

#[test]
fn every_role_can_do_exactly_what_it_may() {
    let server = Server::start();
    let admin = server.with_staff();
    let id_of = |name: &str| json!(user_id(&admin, name));
    let mut staff: Vec<(&str, Option<Staff>)> = vec![("anonymous", None)];
    for r in &ROLES[1..] {
        staff.push((
            r,
            Some(if *r == "admin" {
                server.login("admin", DEMO_PASSWORD)
            } else {
                server.login(r, DEMO_PASSWORD)
            }),
        ));
    }
    let sup = server.login("super", DEMO_PASSWORD);
    let anon_get = |path: &str| send("GET", &server.url(path), &[], None);
    let anon_post = |path: &str, body: &Value| {
        send(
            "POST",
            &server.url(path),
            &[
                ("origin", &server.base),
                ("content-type", "application/json"),
            ],
            Some(body.to_string().as_bytes()),
        )
    };
    let get = |who: &Option<Staff>, path: &str| match who {
        Some(s) => s.get(path),
        None => anon_get(path),
    };
    let post = |who: &Option<Staff>, path: &str, body: &Value| match who {
        Some(s) => s.post(path, body),
        None => anon_post(path, body),
    };

    let (case_no, _) = server.file_sample("matrix-view-case");
    let mut n = 0;
    for (role, who) in &staff {
        let expect = |ok: u16, allowed: &[&str]| -> u16 {
            if *role == "anonymous" {
                401
            } else if allowed.contains(role) {
                ok
            } else {
                403
            }
        };
        assert_eq!(
            get(who, "/api/staff/queue").status,
            expect(200, &ROLES),
            "{role} queue"
        );
        assert_eq!(
            get(who, "/api/staff/users").status,
            expect(200, &["admin"]),
            "{role} users"
        );
        assert_eq!(
            get(who, "/api/staff/ledger").status,
            expect(200, &ROLES),
            "{role} ledger"
        );
        assert_eq!(
            get(who, "/api/staff/stats").status,
            expect(200, &["desk", "super", "leader"]),
            "{role} statistics"
        );
        n += 1;
        let user = json!({"username": format!("new{n}"), "display_name": "新同事", "role": "front_desk", "password": DEMO_PASSWORD});
        assert_eq!(
            post(who, "/api/staff/users", &user).status,
            expect(201, &["admin"]),
            "{role} add user"
        );
        assert_eq!(
            post(
                who,
                &format!("/api/staff/users/{}", id_of("leader")),
                &json!({"action": "unlock"})
            )
            .status,
            expect(200, &["admin"]),
            "{role} unlock an account"
        );
        assert_eq!(
            get(who, "/api/admin/settings").status,
            expect(200, &["admin"]),
            "{role} settings"
        );
        assert_eq!(
            post(who, "/api/admin/commitment", &default_commitment()).status,
            expect(200, &["admin"]),
            "{role} commitment"
        );
        assert_eq!(
            post(who, "/api/admin/calendar/2035", &json!({"days": []})).status,
            expect(200, &["admin"]),
            "{role} calendar"
        );
        let a = match who {
            Some(s) => send("POST", &server.url("/api/staff/cases"),
                &[("cookie", &s.cookie), ("origin", &server.base), ("content-type", "application/json"), ("idempotency-key", &format!("intake-{role}-0001"))],
                Some(json!({"enterprise_name": "青岛远洋国际货运代理有限公司", "uscc": "91370200163562681G", "contact_name": "刘强",
                    "contact_phone": "13956781234", "port": "dagang", "title": "电话反映：提柜预约系统一直失败",
                    "description": "热线来电，前湾港区提柜预约这两天一直提示系统繁忙，5个柜提不出来。", "channel": "hotline", "consent": "2026-11-24"}).to_string().as_bytes())),
            None => anon_post("/api/staff/cases", &json!({})),
        };
        assert_eq!(
            a.status,
            expect(201, &["desk", "super"]),
            "{role} intake: {}",
            a.body
        );
        let view = get(who, &format!("/api/staff/cases/{case_no}")).status;
        let want = match *role {
            "anonymous" => 401,
            "tax" => 404,
            _ => 200,
        };
        assert_eq!(view, want, "{role} view");
    }

    for (action, setup, body, allowed) in action_table() {
        for (role, who) in &staff {
            n += 1;
            let (case_no, _) = server.file_sample(&format!("matrix-{action}-{n:04}"));
            for step in &setup {
                let a = sup.act(&case_no, step.clone());
                assert_eq!(a.status, 200, "setup {step} for {action}: {}", a.body);
            }
            let mut body = body.clone();
            if body["assignee"].is_string() {
                body["assignee"] = id_of(body["assignee"].as_str().unwrap());
            }
            let a = post(who, &format!("/api/staff/cases/{case_no}/actions"), &body);
            let want = match *role {
                "anonymous" => 401,
                "tax" => 404,
                r if allowed.contains(&r) => 200,
                _ => 403,
            };
            assert_eq!(a.status, want, "{role} {action}: {}", a.body);
        }
    }
}

#[test]
fn a_handler_cannot_see_another_units_cases() {
    let server = Server::start();
    server.with_staff();
    let (case_no, _) = server.file_sample("wall-case-00001");
    let customs = server.login("customs", DEMO_PASSWORD);
    let tax = server.login("tax", DEMO_PASSWORD);
    assert_eq!(
        customs.get(&format!("/api/staff/cases/{case_no}")).status,
        200
    );
    let hidden = tax.get(&format!("/api/staff/cases/{case_no}"));
    assert_eq!(hidden.status, 404);
    assert_eq!(
        hidden.json()["error"]["code"],
        "case_not_found",
        "same answer as a number that does not exist"
    );
    assert_eq!(
        tax.get("/api/staff/cases/ZTC-20991231-0001").json()["error"]["code"],
        "case_not_found"
    );
    assert!(customs.get("/api/staff/queue").json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["case_no"] == case_no.as_str()));
    assert!(tax.get("/api/staff/queue").json()["items"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(
        tax.act(&case_no, json!({"action": "note", "body": "x"}))
            .status,
        404
    );
}

#[test]
fn the_queue_puts_priority_first_then_due_time() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    // a C-urgency consult question, then the A-urgency wharf story
    let mut consult = sample_case();
    consult["title"] = json!("AEO企业能享受哪些便利");
    consult["description"] = json!("AEO高级认证企业在通关上具体能享受哪些便利措施，有什么政策规定");
    assert_eq!(server.post_case("queue-case-000001", &consult).status, 201);
    let (wharf, _) = server.file_sample("queue-case-000002");
    let q = desk.get("/api/staff/queue").json();
    let items = q["items"].as_array().unwrap();
    assert_eq!(items[0]["case_no"], wharf.as_str(), "BB+ first: {q}");
    assert_eq!(items[0]["priority"], true);
    assert_eq!(q["counts"]["new"], 2);
    assert_eq!(q["counts"]["priority"], 1);
    let filtered = desk.get("/api/staff/queue?category=consult").json();
    assert_eq!(filtered["items"].as_array().unwrap().len(), 1);
    let by_grade = desk
        .get(&format!(
            "/api/staff/queue?grade={}",
            items[0]["grade"].as_str().unwrap()
        ))
        .json();
    assert!(by_grade["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["case_no"] == wharf.as_str()));
    // what the console reads, as the types it reads them with (domain::api::desk)
    let page: domain::api::desk::QueuePage = serde_json::from_value(q).unwrap();
    assert_eq!((page.total, page.pages, page.items.len()), (2, 1, 2));
    assert_eq!(page.items[0].status, domain::taxonomy::Status::Submitted);
    let me: domain::api::desk::Me =
        serde_json::from_value(desk.get("/api/auth/me").json()).unwrap();
    assert_eq!(me.username, "desk");
    assert!(me.may(domain::staff::Permission::Assign));
    assert_eq!(me.wall(), domain::staff::Wall::Open);
}

#[test]
fn the_sweep_escalates_an_overdue_case_once() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    // a visit three weeks ago, keyed in today: long past any practice deadline
    let received = {
        let out = std::process::Command::new("date")
            .args(["-u", "-d", "21 days ago", "+%Y-%m-%dT%H:%M:%S.000Z"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let mut body = sample_case();
    body["channel"] = json!("visit");
    body["received_at"] = json!(received);
    let a = send(
        "POST",
        &server.url("/api/staff/cases"),
        &[
            ("cookie", &desk.cookie),
            ("origin", &server.base),
            ("content-type", "application/json"),
            ("idempotency-key", "sweep-case-00001"),
        ],
        Some(body.to_string().as_bytes()),
    );
    assert_eq!(a.status, 201, "{}", a.body);
    let case_no = a.json()["case_no"].as_str().unwrap().to_string();
    let level = |s: &Staff| {
        s.get(&format!("/api/staff/cases/{case_no}")).json()["level"]
            .as_u64()
            .unwrap()
    };
    let events = |s: &Staff, kind: &str| {
        s.get(&format!("/api/staff/cases/{case_no}")).json()["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == kind)
            .count()
    };
    assert_eq!(level(&desk), 2);
    assert!(
        desk.get(&format!("/api/staff/cases/{case_no}")).json()["flags"]["overdue"]
            .as_bool()
            .unwrap()
    );

    for _ in 0..2 {
        let run = send(
            "GET",
            &server.url("/__scheduled?cron=*/10+*+*+*+*"),
            &[],
            None,
        );
        assert_eq!(run.status, 200, "{}", run.body);
    }
    assert_eq!(level(&desk), 3, "one level up");
    assert_eq!(events(&desk, "escalated"), 1, "once and only once");
    assert_eq!(events(&desk, "flagged_48h"), 1);
    // at level 3 the sweep issues a supervision order to the case's unit (督办), once
    let view = desk.get(&format!("/api/staff/cases/{case_no}")).json();
    let orders = view["orders"].as_array().unwrap();
    assert_eq!(orders.len(), 1, "{view}");
    assert_eq!(orders[0]["by_sweep"], true);
    assert_eq!(orders[0]["unit"], view["department"]);
    assert_eq!(events(&desk, "order_issued"), 1);
}

#[test]
fn the_enterprise_sees_replies_and_never_internal_notes() {
    let server = Server::start();
    server.with_staff();
    let (case_no, token) = server.file_sample("public-case-00001");
    let desk = server.login("desk", DEMO_PASSWORD);
    let customs = server.login("customs", DEMO_PASSWORD);
    assert_eq!(desk.act(&case_no, triage_body("确认")).status, 200);
    let changed = desk.act(
        &case_no,
        json!({"action": "triage", "category": "practice", "importance": "A", "urgency": "A",
        "department": "customs", "level": 2}),
    );
    assert_eq!(
        changed.json()["error"]["fields"]["reason"]
            .as_str()
            .map(|s| s.contains("理由")),
        Some(true),
        "a change needs a reason"
    );
    assert_eq!(
        customs.act(&case_no, json!({"action": "accept"})).status,
        200
    );
    // what staff write is held to the enterprise's rule: no hidden control or direction-override
    // characters, which would make the phone show something other than what was stored
    for (body, field) in [
        (
            json!({"action": "reply", "body": format!("已核实{}费用免除", '\u{202E}')}),
            "body",
        ),
        (
            json!({"action": "note", "body": format!("内部{}", '\u{0}')}),
            "body",
        ),
        (
            json!({"action": "escalate", "reason": format!("多部门{}", '\u{2066}')}),
            "reason",
        ),
    ] {
        let refused = customs.act(&case_no, body);
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert!(
            refused.json()["error"]["fields"][field]
                .as_str()
                .is_some_and(|m| m.contains("控制字符")),
            "{}",
            refused.body
        );
    }
    assert_eq!(
        customs
            .act(
                &case_no,
                json!({"action": "note", "body": "内部：码头说系统故障，别外传"})
            )
            .status,
        200
    );
    assert_eq!(
        customs
            .act(
                &case_no,
                json!({"action": "reply", "body": "已联系码头核实，今天下班前答复您。"})
            )
            .status,
        200
    );
    let done = customs.act(&case_no, json!({"action": "answer", "body": "经核实为码头调度失误，堆存费已免除，请到前湾港区窗口办理退费。"}));
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.json()["status"], "answered");
    // acting on a stale state is refused, not applied twice
    assert_eq!(
        customs
            .act(&case_no, json!({"action": "answer", "body": "again"}))
            .status,
        409
    );

    let public = server.get(&format!("/api/cases/status/{token}"));
    assert_eq!(public.json()["status"], "answered");
    assert!(public.body.contains("今天下班前答复您") && public.body.contains("堆存费已免除"));
    assert!(
        !public.body.contains("别外传"),
        "internal note leaked: {}",
        public.body
    );
    assert!(!public.body.contains("staff:"), "no staff ids in public");
    let staff_view = desk.get(&format!("/api/staff/cases/{case_no}")).json();
    let note = staff_view["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "note")
        .unwrap();
    assert_eq!(note["public"], false);
    assert!(staff_view["first_response_at"].is_string());
}

#[test]
fn a_batch_answer_reaches_every_member() {
    let server = Server::start();
    let admin = server.with_staff();
    let sup = server.login("super", DEMO_PASSWORD);
    let mut cases = Vec::new();
    for (i, (title, desc)) in [
        (
            "船边直提的柜被拖进堆场",
            "提单号COSU6234567890，船边直提已批准，柜子还是进了堆场，产生堆存费",
        ),
        (
            "船边直提批了但还是进堆场",
            "提单号COSU6239999999，6个柜船边直提已经批准，卸船后被拖进堆场，要付堆存费",
        ),
        (
            "船邊直提的櫃進了堆場",
            "提單號COSU6231111111，船邊直提批了，櫃子還是進了堆場，多收堆存費",
        ),
        (
            "出口退税迟迟没到账",
            "十月份申报的出口退税约30万元，一直没到账，资金紧张",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let mut body = sample_case();
        body["title"] = json!(title);
        body["description"] = json!(desc);
        let a = server.post_case(&format!("batch-case-{i:05}"), &body);
        assert_eq!(a.status, 201, "{}", a.body);
        cases.push((
            a.json()["case_no"].as_str().unwrap().to_string(),
            a.json()["token"].as_str().unwrap().to_string(),
        ));
    }
    let similar = sup
        .get(&format!("/api/staff/cases/{}/similar", cases[0].0))
        .json();
    let found: Vec<&str> = similar["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["case_no"].as_str().unwrap())
        .collect();
    assert!(
        found.contains(&cases[1].0.as_str()) && found.contains(&cases[2].0.as_str()),
        "{similar}"
    );
    assert!(
        !found.contains(&cases[3].0.as_str()),
        "a tax refund is another problem: {similar}"
    );

    let members: Vec<&str> = cases[..3].iter().map(|(n, _)| n.as_str()).collect();
    let b = sup.post(
        "/api/staff/batches",
        &json!({"title": "船边直提柜进堆场", "case_nos": members}),
    );
    assert_eq!(b.status, 201, "{}", b.body);
    let id = b.json()["id"].as_i64().unwrap();
    assert!(b.json()["cases"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["status"] == "merged"));
    let answer =
        "经口岸办协调，船边直提柜误入堆场产生的费用由码头承担，请于本周内到前湾港区窗口办理退费。";
    let a = sup.post(
        &format!("/api/staff/batches/{id}/answer"),
        &json!({"body": answer}),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    for (no, token) in &cases[..3] {
        let v = sup.get(&format!("/api/staff/cases/{no}")).json();
        assert_eq!(v["status"], "answered");
        let answered: Vec<_> = v["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "answered")
            .collect();
        assert_eq!(answered.len(), 1, "its own event");
        let public = server.get(&format!("/api/cases/status/{token}"));
        assert!(public.body.contains("由码头承担"), "{}", public.body);
    }
    assert_eq!(
        sup.get(&format!("/api/staff/cases/{}", cases[3].0)).json()["status"],
        "submitted"
    );
    assert_eq!(
        sup.get(&format!("/api/staff/batches/{id}")).json()["answer"],
        answer
    );

    // templates: everyone reads, the admin edits
    let list = sup.get("/api/staff/templates?category=practice").json();
    let first = &list["templates"].as_array().unwrap()[0];
    assert_eq!(first["category"], "practice");
    let edited = admin.post(
        &format!("/api/staff/templates/{}", first["id"]),
        &json!({"category": "practice", "title": "已协调处理", "body": "您好，经核实已处理完毕。"}),
    );
    assert_eq!(edited.status, 200, "{}", edited.body);
    assert!(sup
        .get("/api/staff/templates")
        .body
        .contains("经核实已处理完毕"));
}

/// An open problem is what the lifecycle calls open: a case waiting on the enterprise's answer
/// (or reopened) still counts for the phone's "others report the same" and is still a batch
/// candidate for a supervisor.
#[test]
fn similar_open_problems_include_cases_waiting_on_the_enterprise() {
    let server = Server::start();
    server.with_staff();
    let (first, _) = server.file_sample("similar-open-00001");
    let (waiting, _) = server.file_sample("similar-open-00002");
    let desk = server.login("desk", DEMO_PASSWORD);
    assert_eq!(desk.act(&waiting, triage_body("确认")).status, 200);
    let asked = desk.act(
        &waiting,
        json!({"action": "request_info", "body": "请补充船边直提审批单"}),
    );
    assert_eq!(asked.json()["status"], "needs_info", "{}", asked.body);

    let case = sample_case();
    let typing = json!({"title": case["title"], "description": case["description"]});
    let suggest = send(
        "POST",
        &server.url("/api/suggest"),
        &[("content-type", "application/json")],
        Some(typing.to_string().as_bytes()),
    );
    assert_eq!(suggest.json()["similar_open"], 2, "{}", suggest.body);

    let supervisor = server.login("super", DEMO_PASSWORD);
    let similar = supervisor.get(&format!("/api/staff/cases/{first}/similar"));
    assert_eq!(similar.status, 200, "{}", similar.body);
    assert!(
        similar.json()["items"]
            .as_array()
            .is_some_and(|items| items.iter().any(|c| c["case_no"] == waiting.as_str())),
        "{}",
        similar.body
    );
}

/// An administrator enters the coming fortnight as days off (as if the State Council had just
/// published them): a case graded afterwards is due after them. The first save keeps the other
/// years' built-in days; a longer commitment moves the next deadline and shows on /api/meta.
#[test]
fn the_admin_calendar_and_commitment_move_the_deadlines_of_cases_graded_afterwards() {
    use chrono::{Datelike, Duration};
    let server = Server::start();
    let admin = server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let before = admin.get("/api/admin/settings").json();
    assert_eq!(before["calendar"]["source"], "default");
    assert!(before["calendar"]["days"]
        .as_array()
        .unwrap()
        .contains(&json!({"day": "2026-01-04", "kind": "workday", "note": null})));

    let now = domain::time::from_millis(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64,
    );
    let today = (now + Duration::hours(8)).date_naive();
    let block: Vec<chrono::NaiveDate> = (0..14).map(|d| today + Duration::days(d)).collect();
    let mut years: Vec<i32> = block.iter().map(|d| d.year()).collect();
    years.dedup();
    for year in &years {
        let days: Vec<Value> = block
            .iter()
            .filter(|d| d.year() == *year)
            .map(|d| json!({"day": d.to_string(), "kind": "holiday", "note": "测试假期"}))
            .collect();
        let a = admin.post(
            &format!("/api/admin/calendar/{year}"),
            &json!({ "days": days }),
        );
        assert_eq!(a.status, 200, "{}", a.body);
    }
    let after = admin.get("/api/admin/settings").json();
    assert_eq!(after["calendar"]["source"], "table");
    let listed = after["calendar"]["days"].as_array().unwrap();
    assert!(listed
        .contains(&json!({"day": block[3].to_string(), "kind": "holiday", "note": "测试假期"})));
    if !years.contains(&2026) {
        assert!(
            listed.iter().any(|d| d["day"] == "2026-10-01"),
            "built-in 2026 kept"
        );
    }

    let due = |key: &str| {
        let (case_no, _) = server.file_sample(key);
        let a = desk.act(&case_no, triage_body("按新日历"));
        assert_eq!(a.status, 200, "{}", a.body);
        let detail = desk.get(&format!("/api/staff/cases/{case_no}")).json();
        let at = detail["case"]["due_at"]
            .as_str()
            .or(detail["due_at"].as_str())
            .unwrap_or_else(|| panic!("due_at in {detail}"))
            .to_string();
        chrono::DateTime::parse_from_rfc3339(&at)
            .unwrap()
            .date_naive()
    };
    // urgency A: one working day, which now lies after the fortnight off
    let first = due("calendar-case-0001");
    assert!(
        first > *block.last().unwrap(),
        "due {first} inside the days off"
    );

    let mut longer = default_commitment();
    longer["rows"][0]["resolution"] = json!({"working_days": 3});
    let a = admin.post("/api/admin/commitment", &longer);
    assert_eq!(a.status, 200, "{}", a.body);
    let meta = server.get("/api/meta").json();
    assert!(meta.to_string().contains(r#"{"working_days":3}"#), "{meta}");
    let second = due("calendar-case-0002");
    assert!(
        second > first,
        "a longer commitment: {second} after {first}"
    );

    // refused, naming the field; nothing saved by a refused call
    let weekday = block
        .iter()
        .find(|d| d.weekday().number_from_monday() <= 5)
        .unwrap();
    let a = admin.post(
        &format!("/api/admin/calendar/{}", weekday.year()),
        &json!({"days": [{"day": weekday.to_string(), "kind": "workday"}]}),
    );
    assert_eq!(a.status, 422, "{}", a.body);
    assert!(
        a.json()["error"]["fields"]["days.0.day"].is_string(),
        "{}",
        a.body
    );
    assert_eq!(
        admin
            .post("/api/admin/calendar/2099", &json!({"days": []}))
            .status,
        422
    );
    let mut slow = default_commitment();
    slow["rows"][0]["resolution"] = json!({"working_days": 9});
    let a = admin.post("/api/admin/commitment", &slow);
    assert_eq!(a.status, 422, "{}", a.body);
    assert!(a.json()["error"]["fields"]["rows.0.resolution"].is_string());
    assert!(server
        .get("/api/meta")
        .json()
        .to_string()
        .contains(r#"{"working_days":3}"#));

    let audit = admin.get("/api/staff/audit").json().to_string();
    assert!(audit.contains("calendar_saved") && audit.contains("commitment_saved"));
}

#[test]
fn an_administrator_disables_enables_unlocks_and_resets_accounts() {
    let server = Server::start();
    let admin = server.with_staff();
    let id_of = |name: &str| user_id(&admin, name);
    let change = |id: i64, body: Value| admin.post(&format!("/api/staff/users/{id}"), &body);
    let (customs, desk, me) = (id_of("customs"), id_of("desk"), id_of("admin"));

    // someone leaves: the account is disabled and its open session ends at once
    let handler = server.login("customs", DEMO_PASSWORD);
    assert_eq!(handler.get("/api/staff/queue").status, 200);
    assert_eq!(change(customs, json!({"action": "disable"})).status, 200);
    assert_eq!(handler.get("/api/staff/queue").status, 401, "session ended");
    assert_eq!(
        server.login_answer("customs", DEMO_PASSWORD).status,
        401,
        "no new session"
    );
    let offered = server
        .login("desk", DEMO_PASSWORD)
        .get("/api/staff/assignees?department=customs")
        .json();
    assert!(
        offered["users"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["id"] != customs),
        "a disabled account is not offered cases"
    );
    assert_eq!(change(customs, json!({"action": "enable"})).status, 200);
    assert_eq!(server.login_answer("customs", DEMO_PASSWORD).status, 200);

    // a lockout is lifted by the administrator
    for _ in 0..5 {
        server.login_answer("desk", "wrong-password-1");
    }
    assert_eq!(server.login_answer("desk", DEMO_PASSWORD).status, 423);
    assert_eq!(change(desk, json!({"action": "unlock"})).status, 200);
    assert_eq!(server.login_answer("desk", DEMO_PASSWORD).status, 200);

    // a forgotten password is replaced; a weak one is refused by name
    let weak = change(desk, json!({"action": "reset_password", "password": "123"}));
    assert_eq!(weak.status, 422);
    assert!(
        weak.json()["error"]["fields"]["password"].is_string(),
        "{}",
        weak.body
    );
    let reset = change(
        desk,
        json!({"action": "reset_password", "password": "new-harbour-77"}),
    );
    assert_eq!(reset.status, 200, "{}", reset.body);
    assert_eq!(server.login_answer("desk", DEMO_PASSWORD).status, 401);
    assert_eq!(server.login_answer("desk", "new-harbour-77").status, 200);

    // not oneself, not a made-up action, not a missing account
    assert_eq!(change(me, json!({"action": "disable"})).status, 422);
    assert_eq!(change(desk, json!({"action": "promote"})).status, 422);
    assert_eq!(change(99_999, json!({"action": "unlock"})).status, 404);

    // every change is in the audit log
    let actions = audit_actions(&admin);
    for a in [
        "user_disable",
        "user_enable",
        "user_unlock",
        "user_reset_password",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a}: {actions:?}");
    }
}

#[test]
fn a_case_is_graded_and_handed_to_an_officer_in_one_step() {
    let server = Server::start();
    let admin = server.with_staff();
    let id_of = |name: &str| user_id(&admin, name);
    let desk = server.login("desk", DEMO_PASSWORD);
    let (no, _) = server.file_sample("grade-assign-0001");
    let with = |who: &str, department: &str| {
        let mut b = triage_body("确认分级并指派");
        b["assignee"] = json!(id_of(who));
        b["department"] = json!(department);
        b
    };
    // a tax handler cannot hold a customs case, nor can a supervisor
    assert_eq!(desk.act(&no, with("tax", "customs")).status, 422);
    assert_eq!(desk.act(&no, with("super", "customs")).status, 422);
    let ok = desk.act(&no, with("customs", "customs"));
    assert_eq!(ok.status, 200, "{}", ok.body);
    let case = desk.get(&format!("/api/staff/cases/{no}")).json();
    assert_eq!(case["assignee_id"], id_of("customs"));
    let events = case["events"].as_array().unwrap();
    assert_eq!(
        events.iter().filter(|e| e["kind"] == "triaged").count(),
        1,
        "one step, one event"
    );
    assert!(events.iter().all(|e| e["kind"] != "assigned"));
    // moved to another unit without naming an officer: the old holder lets go
    let mut to_tax = triage_body("改由税务办理");
    to_tax["department"] = json!("tax");
    assert_eq!(desk.act(&no, to_tax).status, 200);
    let case = desk.get(&format!("/api/staff/cases/{no}")).json();
    assert_eq!(case["department"], "tax");
    assert!(case["assignee_id"].is_null(), "{}", case["assignee_id"]);
}
