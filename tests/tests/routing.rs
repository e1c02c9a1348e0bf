//! The office's routing rules on real wrangler dev + D1: the administrator saves a rule, and
//! from then on the engine's grading (`/api/triage`) and every report filed follow it, saying
//! so among the reasons; an exception leaves a report to the model; a bad rule is refused,
//! naming it, and saves nothing; only the administrator may change them; each change is audited.

use harness::{sample_case, Server, DEMO_PASSWORD};
use serde_json::{json, Value};

fn triage(server: &Server, title: &str, description: &str) -> Value {
    let a = server.post_json(
        "/api/triage",
        &json!({"title": title, "description": description}),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    a.json()
}

fn by_rule(t: &Value) -> bool {
    t["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["kind"] == "rule")
}

const AGENT: (&str, &str) = (
    "报关行乱收费",
    "代理报关时额外收取了一笔说不清的服务费，要求退还。",
);
const TERMINAL: (&str, &str) = ("码头乱收费", "码头另外收取了一笔堆存费，不合理。");

#[test]
fn an_office_routes_a_kind_of_report_without_retraining() {
    let server = Server::start();
    let admin = server.with_staff();
    assert_eq!(
        admin.get("/api/admin/routing-rules").json()["rules"],
        json!([])
    );
    let before = triage(&server, AGENT.0, AGENT.1);
    assert!(!by_rule(&before));

    let rule = json!({"words": ["乱收费", "违规收费"], "unless": ["码头"], "category": "practice",
        "department": "port_office", "note": "收费投诉由口岸办统一受理"});
    // a bad second rule: nothing is saved, and the answer names the rule and its field
    let bad = admin.post(
        "/api/admin/routing-rules",
        &json!({"rules": [rule, {"words": ["冷链"], "department": "nowhere"}]}),
    );
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(
        bad.json()["error"]["fields"]["rules.1.department"].is_string(),
        "{}",
        bad.body
    );
    let none = admin.post(
        "/api/admin/routing-rules",
        &json!({"rules": [{"words": [], "department": "customs"}]}),
    );
    assert!(none.json()["error"]["fields"]["rules.0.words"].is_string());
    assert_eq!(
        admin.get("/api/admin/routing-rules").json()["rules"],
        json!([])
    );
    // only the administrator
    let desk = server.login("desk", DEMO_PASSWORD);
    let refused = desk.post("/api/admin/routing-rules", &json!({"rules": [rule]}));
    assert_eq!(refused.status, 403, "{}", refused.body);

    let saved = admin.post("/api/admin/routing-rules", &json!({"rules": [rule]}));
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(
        admin.get("/api/admin/routing-rules").json()["rules"][0]["department"],
        "port_office"
    );
    let audit = admin.get("/api/staff/audit").json().to_string();
    assert!(audit.contains("routing_rules_saved"), "{audit}");

    let after = triage(&server, AGENT.0, AGENT.1);
    assert_eq!(
        (&after["category"], &after["department"]),
        (&json!("practice"), &json!("port_office"))
    );
    assert_eq!(after["reasons"][0]["text"], "收费投诉由口岸办统一受理");
    assert!(before["unsure"].is_boolean());
    assert_eq!(
        after["unsure"], false,
        "a rule's category is the office's decision"
    );
    // traditional characters are folded as reports are
    assert!(by_rule(&triage(&server, "報關行亂收費", AGENT.1)));
    // the exception leaves the terminal's fees to the model
    assert!(!by_rule(&triage(&server, TERMINAL.0, TERMINAL.1)));

    // a report filed now is graded by the rule too
    let mut case = sample_case();
    case["title"] = json!(AGENT.0);
    case["description"] = json!(AGENT.1);
    let filed = server.post_case("routing-case-01", &case);
    assert_eq!(filed.status, 201, "{}", filed.body);
    let no = filed.json()["case_no"].as_str().unwrap().to_string();
    let staff_view = desk.get(&format!("/api/staff/cases/{no}")).json();
    assert_eq!(staff_view["department"], "port_office", "{staff_view}");
    assert!(
        staff_view["triage"]["reasons"]
            .to_string()
            .contains("\"rule\""),
        "{staff_view}"
    );
    assert_eq!(staff_view["triage"]["unsure"], false);

    // an empty list removes every rule
    assert_eq!(
        admin
            .post("/api/admin/routing-rules", &json!({"rules": []}))
            .status,
        200
    );
    assert!(!by_rule(&triage(&server, AGENT.0, AGENT.1)));
}
