//! Several people on one case (issue 19), on real wrangler dev + D1: a unit gives a case outside
//! its remit back to the desk (退回) — one recorded action, the clock running, the desk seeing it
//! first — and only that unit's handler may.

use harness::{sample_case, Server, Staff, DEMO_PASSWORD};
use serde_json::{json, Value};

/// A case filed and routed by the desk to customs: its number, token and deadline.
fn routed(server: &Server, desk: &Staff, key: &str) -> (String, String, String) {
    let (no, token) = server.file_sample(key);
    desk.route_to(&no, "customs");
    let due = case(desk, &no)["due_at"].as_str().unwrap().to_string();
    (no, token, due)
}

fn give_back(who: &Staff, no: &str, reason: &str) -> harness::Answer {
    who.act(no, json!({"action": "return", "reason": reason}))
}

fn case(who: &Staff, no: &str) -> Value {
    who.get(&format!("/api/staff/cases/{no}")).json()
}

#[test]
fn a_unit_returns_a_case_outside_its_remit_and_the_desk_routes_it_again() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let customs = server.login("customs", DEMO_PASSWORD);
    let tax = server.login("tax", DEMO_PASSWORD);
    let (no, token) = server.file_sample("return-case-000001");
    desk.route_to(&no, "customs");
    let a = customs.act(&no, json!({"action": "accept"}));
    assert_eq!(a.status, 200, "{}", a.body);
    let before = case(&customs, &no);
    assert!(before["actions"]
        .as_array()
        .unwrap()
        .contains(&json!("return")));

    // a reason is required; nobody but the unit's own handler may return it
    let empty = give_back(&customs, &no, "  ");
    assert_eq!(empty.status, 422, "{}", empty.body);
    assert!(empty.json()["error"]["fields"]["reason"].is_string());
    for other in ["desk", "super", "leader"] {
        let s = server.login(other, DEMO_PASSWORD);
        assert_eq!(give_back(&s, &no, "不属本单位").status, 403, "{other}");
    }
    // another unit's handler cannot even see the case behind the department wall
    assert_eq!(give_back(&tax, &no, "不属本单位").status, 404);

    let back = give_back(&customs, &no, "属出口退税事项，应由税务部门办理");
    assert_eq!(back.status, 200, "{}", back.body);
    let after = case(&desk, &no);
    assert_eq!(
        after["status"], before["status"],
        "a return is not a status"
    );
    assert_eq!(after["due_at"], before["due_at"], "the clock keeps running");
    assert!(after["assignee_id"].is_null());
    assert!(after["returned_at"].is_string());
    let event = after["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "returned")
        .unwrap();
    assert_eq!(event["public"], false);
    assert_eq!(event["reason"], "属出口退税事项，应由税务部门办理");
    assert_eq!(event["after"]["returned_from"], "customs");
    // once: a returned case waits at the desk, it is not returned again
    assert_eq!(give_back(&customs, &no, "再退").status, 409);
    assert!(!case(&customs, &no)["actions"]
        .as_array()
        .unwrap()
        .contains(&json!("return")));

    // while it waits at the desk, the unit may only add notes to it
    let view = case(&customs, &no);
    assert_eq!(view["actions"], json!(["note"]), "{view}");
    assert_eq!(
        customs
            .act(&no, json!({"action": "reply", "body": "仍在办理"}))
            .status,
        409
    );
    assert_eq!(
        customs
            .act(&no, json!({"action": "note", "body": "已转告税务"}))
            .status,
        200
    );

    // the desk sees it in its own tab, counted, flagged
    let q = desk.get("/api/staff/queue?tab=returned").json();
    assert_eq!(q["counts"]["returned"], 1);
    assert_eq!(q["items"][0]["case_no"], no.as_str());
    assert_eq!(q["items"][0]["returned"], true);

    // routed again: to tax, out of the returned tab, the deadline as it was
    desk.route_to(&no, "tax");
    let routed = case(&tax, &no);
    assert!(routed["returned_at"].is_null());
    assert_eq!(routed["department"], "tax");
    assert_eq!(desk.get("/api/staff/queue").json()["counts"]["returned"], 0);
    // the enterprise's page never shows the internal return
    let page = server.get(&format!("/api/cases/status/{token}")).json();
    assert!(page["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["kind"] != "returned"));
}

#[test]
fn only_a_case_in_the_units_hands_can_be_returned() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let customs = server.login("customs", DEMO_PASSWORD);
    let (no, _) = server.file_sample("return-case-000002");
    desk.route_to(&no, "customs");
    // waiting on the enterprise: the unit asked (in words up to 4 000 characters, as always), so it
    // holds the case until the answer
    let asked = customs.act(
        &no,
        json!({"action": "request_info", "body": "请提供提单号。".repeat(100)}),
    );
    assert_eq!(asked.status, 200, "{}", asked.body);
    assert_eq!(give_back(&customs, &no, "不属本单位").status, 409);
    assert!(!case(&customs, &no)["actions"]
        .as_array()
        .unwrap()
        .contains(&json!("return")));
}

#[test]
fn the_first_member_of_staff_to_act_stays_first_responsible() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let customs = server.login("customs", DEMO_PASSWORD);
    let (no, token) = server.file_sample("first-case-000001");
    assert!(
        case(&desk, &no)["first_responsible"].is_null(),
        "nobody yet"
    );
    desk.route_to(&no, "customs");
    // whoever works on it later, the desk officer who took it up stays named
    assert_eq!(customs.act(&no, json!({"action": "accept"})).status, 200);
    assert_eq!(
        customs
            .act(&no, json!({"action": "reply", "body": "已联系码头核实。"}))
            .status,
        200
    );
    let view = case(&customs, &no);
    assert_eq!(view["first_responsible"]["name"], "刘静");
    assert_eq!(view["first_responsible"]["role"], "front_desk");
    // the enterprise reads the role, never the name
    let page = server.get(&format!("/api/cases/status/{token}")).json();
    assert_eq!(page["first_responsible"], "前台首问受理员");
    assert!(!page.to_string().contains("刘静"));

    // keyed in on the enterprise's behalf: the officer who took it down is first-responsible
    let mut body = sample_case();
    body["channel"] = json!("hotline");
    let keyed = harness::send(
        "POST",
        &server.url("/api/staff/cases"),
        &[
            ("cookie", &desk.cookie),
            ("origin", &server.base),
            ("content-type", "application/json"),
            ("idempotency-key", "first-case-000002"),
        ],
        Some(body.to_string().as_bytes()),
    );
    assert_eq!(keyed.status, 201, "{}", keyed.body);
    let keyed_no = keyed.json()["case_no"].as_str().unwrap().to_string();
    assert_eq!(case(&desk, &keyed_no)["first_responsible"]["name"], "刘静");
}

fn supply(server: &Server, token: &str, body: &str) {
    let a = harness::send(
        "POST",
        &server.url(&format!("/api/cases/status/{token}/messages")),
        &[("content-type", "application/json")],
        Some(json!({ "body": body }).to_string().as_bytes()),
    );
    assert_eq!(a.status, 201, "{}", a.body);
}

#[test]
fn materials_are_asked_for_once_as_a_checklist_and_again_only_with_approval() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let customs = server.login("customs", DEMO_PASSWORD);
    let sup = server.login("super", DEMO_PASSWORD);
    let (no, token) = server.file_sample("ask-case-000001");
    desk.route_to(&no, "customs");
    let ask = |who: &Staff, body: Value| {
        let mut b = json!({"action": "request_info"});
        b.as_object_mut()
            .unwrap()
            .extend(body.as_object().unwrap().clone());
        who.act(&no, b)
    };
    // only codes of the case's category's list, each once; "other" needs words
    for bad in [
        json!({"materials": ["no_such_thing"]}),
        json!({"materials": ["proposal"]}),
        json!({"materials": ["other"]}),
    ] {
        let a = ask(&customs, bad.clone());
        assert_eq!(a.status, 422, "{bad}: {}", a.body);
    }
    let a = ask(
        &customs,
        json!({"materials": ["bill_of_lading", "declaration_number"], "body": "请在今天下班前提供"}),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    let page = server.get(&format!("/api/cases/status/{token}")).json();
    let question = page["question"].as_str().unwrap();
    // in the list's order, numbered, with the officer's words
    assert!(
        question.contains("1. 报关单号") && question.contains("2. 提单号或运单号"),
        "{question}"
    );
    assert!(question.contains("请在今天下班前提供"), "{question}");
    let event = case(&customs, &no)["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "info_requested")
        .cloned()
        .unwrap();
    assert_eq!(
        event["after"]["materials"],
        json!(["declaration_number", "bill_of_lading"])
    );

    // asking again: not by the unit alone, and the task force only with a reason
    supply(
        &server,
        &token,
        "提单号COSU6234567890，报关单号422020261009999999",
    );
    let again = ask(&customs, json!({"materials": ["container_number"]}));
    assert_eq!(again.status, 422, "{}", again.body);
    assert!(again.json()["error"]["fields"]["reason"].is_string());
    assert_eq!(
        ask(&sup, json!({"materials": ["container_number"]})).status,
        422
    );
    let approved = ask(
        &sup,
        json!({"materials": ["container_number"], "reason": "提单下有多个柜，需逐柜核对"}),
    );
    assert_eq!(approved.status, 200, "{}", approved.body);
    let second = case(&sup, &no)["events"]
        .as_array()
        .unwrap()
        .iter()
        .rfind(|e| e["kind"] == "info_requested")
        .cloned()
        .unwrap();
    assert_eq!(second["reason"], "提单下有多个柜，需逐柜核对");
    assert!(second["after"]["approved_by"].is_number());
}

#[test]
fn an_assisting_unit_answers_its_own_task_and_the_lead_answers_after() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let customs = server.login("customs", DEMO_PASSWORD);
    let tax = server.login("tax", DEMO_PASSWORD);
    let sup = server.login("super", DEMO_PASSWORD);
    let (no, token, due) = routed(&server, &desk, "assist-case-000001");
    let add = |who: &Staff, body: Value| who.post(&format!("/api/staff/cases/{no}/assists"), &body);
    // not the lead itself, not after the case's own deadline, not by the unit
    for bad in [
        json!({"unit": "customs", "ask": "核实", "due_at": due}),
        json!({"unit": "tax", "ask": "核实", "due_at": "2099-01-01T00:00:00Z"}),
        json!({"unit": "tax", "ask": " ", "due_at": due}),
        json!({"unit": "nowhere", "ask": "核实", "due_at": due}),
    ] {
        assert_eq!(add(&desk, bad.clone()).status, 422, "{bad}");
    }
    assert_eq!(
        add(
            &customs,
            json!({"unit": "tax", "ask": "核实", "due_at": due})
        )
        .status,
        403
    );
    let asked = add(
        &desk,
        json!({"unit": "tax", "ask": "请核实该票货物的出口退税办理进度", "due_at": due}),
    );
    assert_eq!(asked.status, 201, "{}", asked.body);
    assert_eq!(
        add(&sup, json!({"unit": "tax", "ask": "再问", "due_at": due})).status,
        422,
        "one open task per unit"
    );

    // the assisting handler sees the case and its own task, and nothing of the lead's
    let note = customs.act(
        &no,
        json!({"action": "note", "body": "内部：货主曾有违规记录"}),
    );
    assert_eq!(note.status, 200, "{}", note.body);
    let seen = case(&tax, &no);
    assert_eq!(seen["actions"], json!([]));
    let events = seen["events"].as_array().unwrap();
    assert!(
        events.iter().all(|e| e["kind"] != "note"),
        "the lead's internal events stay the lead's: {events:?}"
    );
    assert!(events.iter().any(|e| e["kind"] == "assist_asked"));
    assert!(events.iter().any(|e| e["kind"] == "submitted"));
    let task = &seen["assists"][0];
    assert_eq!(task["unit"], "tax");
    assert_eq!(task["may_reply"], true);
    let id = task["id"].as_i64().unwrap();
    assert_eq!(
        tax.act(&no, json!({"action": "answer", "body": "x"}))
            .status,
        404
    );
    let tax_ledger = tax.get("/api/staff/ledger").json();
    assert!(tax_ledger["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["case_no"] == no.as_str()));

    // the lead cannot answer while the task is open
    let early = customs.act(&no, json!({"action": "answer", "body": "已处理"}));
    assert_eq!(early.status, 422, "{}", early.body);
    assert!(early.json()["error"]["fields"]["body"].is_string());

    let reply_path = format!("/api/staff/cases/{no}/assists/{id}/reply");
    assert_eq!(
        customs.post(&reply_path, &json!({"body": "代答"})).status,
        403,
        "only the assisting unit replies"
    );
    let replied = tax.post(
        &reply_path,
        &json!({"body": "退税已于昨日审核通过，三个工作日内到账"}),
    );
    assert_eq!(replied.status, 200, "{}", replied.body);
    assert_eq!(tax.post(&reply_path, &json!({"body": "again"})).status, 409);
    let lead_view = case(&customs, &no);
    assert_eq!(lead_view["assists"][0]["status"], "replied");
    assert!(lead_view["assists"][0]["reply"]
        .as_str()
        .unwrap()
        .contains("退税"));

    let answered = customs.act(
        &no,
        json!({"action": "answer", "body": "经会同税务部门核实，退税三个工作日内到账。"}),
    );
    assert_eq!(answered.status, 200, "{}", answered.body);
    // the enterprise reads one answer, the lead unit and the assisting one
    let page = server.get(&format!("/api/cases/status/{token}")).json();
    assert_eq!(page["assisting"].as_array().unwrap().len(), 1);
    assert!(page["department_label"].is_string());
    assert!(page["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| !e["kind"].as_str().unwrap().starts_with("assist_")));
}

/// Routed onto the unit that was assisting, that unit leads: its open task ends with it.
#[test]
fn routing_a_case_to_its_assisting_unit_ends_that_units_task() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let (no, _, due) = routed(&server, &desk, "assist-case-000003");
    let asked = desk.post(
        &format!("/api/staff/cases/{no}/assists"),
        &json!({"unit": "tax", "ask": "请核实", "due_at": due}),
    );
    assert_eq!(asked.status, 201, "{}", asked.body);
    desk.route_to(&no, "tax");
    let view = case(&desk, &no);
    assert_eq!(view["department"], "tax");
    assert_eq!(view["assists"][0]["status"], "withdrawn", "{view}");
    let tax = server.login("tax", DEMO_PASSWORD);
    let answered = tax.act(&no, json!({"action": "answer", "body": "已办结。"}));
    assert_eq!(
        answered.status, 200,
        "no open task holds the new lead back: {}",
        answered.body
    );
}

#[test]
fn an_open_task_can_be_withdrawn_by_the_desk_or_the_task_force_only() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let customs = server.login("customs", DEMO_PASSWORD);
    let tax = server.login("tax", DEMO_PASSWORD);
    let sup = server.login("super", DEMO_PASSWORD);
    let (no, _, due) = routed(&server, &desk, "assist-case-000002");
    let asked = desk.post(
        &format!("/api/staff/cases/{no}/assists"),
        &json!({"unit": "tax", "ask": "请核实", "due_at": due}),
    );
    assert_eq!(asked.status, 201, "{}", asked.body);
    let id = case(&desk, &no)["assists"][0]["id"].as_i64().unwrap();
    let path = format!("/api/staff/cases/{no}/assists/{id}/withdraw");
    assert_eq!(tax.post(&path, &json!({})).status, 403);
    assert_eq!(customs.post(&path, &json!({})).status, 403);
    assert_eq!(sup.post(&path, &json!({})).status, 200);
    assert_eq!(sup.post(&path, &json!({})).status, 409, "once");
    // withdrawn: the unit no longer sees the case, and the lead may answer
    assert_eq!(tax.get(&format!("/api/staff/cases/{no}")).status, 404);
    assert_eq!(
        customs
            .act(&no, json!({"action": "answer", "body": "已处理。"}))
            .status,
        200
    );
}

fn stage(server: &Server, token: &str) -> Value {
    server.get(&format!("/api/cases/status/{token}")).json()["stage_label"].clone()
}

#[test]
fn the_task_force_orders_and_the_leadership_decides_and_the_enterprise_is_told_only_what_is_so() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let customs = server.login("customs", DEMO_PASSWORD);
    let sup = server.login("super", DEMO_PASSWORD);
    let leader = server.login("leader", DEMO_PASSWORD);
    let (no, token, _) = routed(&server, &desk, "order-case-000001");
    let order = |who: &Staff| {
        who.post(
            &format!("/api/staff/cases/{no}/orders"),
            &json!({"unit": "customs", "text": "请于明日下班前办结并报告", "due_at": "2099-01-01T00:00:00Z"}),
        )
    };
    assert_eq!(order(&sup).status, 409, "orders start at level 3");
    assert!(stage(&server, &token).is_null(), "no stage below level 3");
    let up = sup.act(
        &no,
        json!({"action": "escalate", "level": 3, "reason": "久拖未决"}),
    );
    assert_eq!(up.status, 200, "{}", up.body);
    assert_eq!(
        stage(&server, &token),
        "已提交工作专班",
        "not 'supervised' without an order"
    );
    assert_eq!(order(&desk).status, 403);
    // only a unit that can see the case may be ordered: its own, or one assisting on it
    let elsewhere = sup.post(
        &format!("/api/staff/cases/{no}/orders"),
        &json!({"unit": "tax", "text": "请核实", "due_at": "2099-01-01T00:00:00Z"}),
    );
    assert_eq!(elsewhere.status, 422, "{}", elsewhere.body);
    assert_eq!(order(&customs).status, 403);
    let bad = sup.post(
        &format!("/api/staff/cases/{no}/orders"),
        &json!({"unit": "customs", "text": "x", "due_at": "2000-01-01T00:00:00Z"}),
    );
    assert_eq!(bad.status, 422, "{}", bad.body);
    let issued = order(&sup);
    assert_eq!(issued.status, 201, "{}", issued.body);
    assert_eq!(stage(&server, &token), "工作专班已督办");
    let view = case(&customs, &no);
    let id = view["orders"][0]["id"].as_i64().unwrap();
    assert_eq!(view["orders"][0]["may_reply"], true);
    let path = format!("/api/staff/cases/{no}/orders/{id}/reply");
    assert_eq!(sup.post(&path, &json!({"body": "代答"})).status, 403);
    assert_eq!(
        customs
            .post(&path, &json!({"body": "已办结，报告见附件"}))
            .status,
        200
    );
    assert_eq!(customs.post(&path, &json!({"body": "again"})).status, 409);

    // level 4: only the leadership group records its decision, once it is theirs
    let decide = |who: &Staff| {
        who.post(
            &format!("/api/staff/cases/{no}/decision"),
            &json!({"body": "同意试点，由口岸办牵头落实"}),
        )
    };
    assert_eq!(
        decide(&leader).status,
        409,
        "decisions are taken at level 4"
    );
    let up = sup.act(
        &no,
        json!({"action": "escalate", "level": 4, "reason": "需决策"}),
    );
    assert_eq!(up.status, 200, "{}", up.body);
    assert_eq!(stage(&server, &token), "已提交领导小组");
    assert_eq!(decide(&sup).status, 403);
    assert_eq!(decide(&leader).status, 201);
    assert_eq!(decide(&leader).status, 409, "one decision a case");
    assert_eq!(stage(&server, &token), "领导小组已作出决定");
    let view = case(&leader, &no);
    assert_eq!(view["decision"]["text"], "同意试点，由口岸办牵头落实");
    assert_eq!(view["may_decide"], false);
    let timeline = server.get(&format!("/api/cases/status/{token}")).json()["timeline"].clone();
    let kinds: Vec<&str> = timeline
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"order_issued") && kinds.contains(&"decided"),
        "{kinds:?}"
    );
    assert!(
        !kinds.contains(&"order_replied"),
        "the unit's answer stays internal"
    );
}
