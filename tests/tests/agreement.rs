//! The engine against the desk on real wrangler dev + D1: every case keeps what the automatic
//! grading said; once the desk confirms or corrects it, the administrator's agreement table
//! counts it (`/api/admin/agreement`), and the month's confirmed cases export as training lines
//! that `cargo xtask train --ledger` reads (`domain::triage::parse_labelled`). A case the desk
//! never graded is not counted; a bad month is a 422; only the administrator sees either.

use domain::taxonomy::Category;
use domain::triage::parse_labelled;
use harness::{sample_case, Server, DEMO_PASSWORD};
use serde_json::json;

fn file(server: &Server, key: &str, title: &str, description: &str) -> String {
    let mut c = sample_case();
    c["title"] = json!(title);
    c["description"] = json!(description);
    let a = server.post_case(key, &c);
    assert_eq!(a.status, 201, "{}", a.body);
    a.json()["case_no"].as_str().unwrap().to_string()
}

#[test]
fn the_administrator_sees_how_the_engine_did_and_exports_what_the_desk_decided() {
    let server = Server::start();
    let admin = server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let month = domain::time::service_day(harness::now())
        .format("%Y-%m")
        .to_string();

    let kept = file(
        &server,
        "agree-0001",
        "船边直提已批准，集装箱仍进了堆场",
        "12个柜获批船边直提，卸船后仍被拖进堆场。",
    );
    let moved = file(
        &server,
        "agree-0002",
        "冷链货物\t查验\n太慢",
        "进口冷冻肉查验排队三天，\t希望改进。",
    );
    let _untouched = file(
        &server,
        "agree-0003",
        "出口退税多久到账",
        "上月申报的出口退税什么时候能到账？",
    );
    let engine = |no: &str| desk.get(&format!("/api/staff/cases/{no}")).json();
    let said = engine(&moved);
    let said_department = said["department"].as_str().unwrap().to_string();
    let said_category = said["category"].as_str().unwrap().to_string();
    // the desk moves it to another category than the engine's (and than the first case's)
    let to = if said_category == "consult" {
        "basic"
    } else {
        "consult"
    };

    // the desk confirms one as the engine graded it, and moves the other
    let k = engine(&kept);
    let confirm = desk.act(
        &kept,
        json!({"action": "triage", "category": k["category"], "importance": "B", "urgency": "A",
            "department": k["department"], "level": 2, "reason": "核对无误"}),
    );
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    let regrade = desk.act(
        &moved,
        json!({"action": "triage", "category": to, "importance": "B", "urgency": "B",
            "department": said_department, "level": 2, "reason": "按企业实际诉求改类"}),
    );
    assert_eq!(regrade.status, 200, "{}", regrade.body);

    let a = admin.get(&format!("/api/admin/agreement?month={month}"));
    assert_eq!(a.status, 200, "{}", a.body);
    let a = a.json();
    assert_eq!(a["month"], month.as_str());
    assert_eq!(a["confirmed"], 2, "the untouched case is not counted: {a}");
    assert_eq!(a["category_agreed"], 1, "{a}");
    assert_eq!(a["department_agreed"], 2, "{a}");
    let row = a["by_category"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == to)
        .expect("a row for the desk's category");
    assert_eq!(row["confirmed"], 1);
    assert_eq!(row["agreed"], 0);
    assert_eq!(row["engine_said"], json!([[said_category, 1]]));

    // last month by default: none of these
    let last = admin.get("/api/admin/agreement").json();
    assert_eq!(last["confirmed"], 0, "{last}");
    assert_ne!(last["month"], month.as_str());
    let bad = admin.get("/api/admin/agreement?month=2026-13");
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(
        bad.json()["error"]["fields"]["month"].is_string(),
        "{}",
        bad.body
    );
    assert_eq!(desk.get("/api/admin/agreement").status, 403);
    assert_eq!(desk.get("/api/admin/training.tsv").status, 403);
    assert_eq!(server.get("/api/admin/agreement").status, 401);

    // the export: what the desk decided, one line a case, readable by `cargo xtask train --ledger`
    let export = admin.get(&format!("/api/admin/training.tsv?month={month}"));
    assert_eq!(export.status, 200, "{}", export.body);
    assert!(
        export
            .header("content-disposition")
            .unwrap()
            .contains("attachment"),
        "{:?}",
        export.header("content-disposition")
    );
    assert!(
        !export.body.contains("海川"),
        "no company names: {}",
        export.body
    );
    assert!(!export.body.contains("138"), "no contacts: {}", export.body);
    let rows = parse_labelled(&export.body).expect("training lines");
    assert_eq!(rows.len(), 2, "{}", export.body);
    let cold = rows.iter().find(|r| r.title.contains("冷链")).unwrap();
    assert_eq!(cold.category, Category::parse(to).unwrap());
    assert_eq!(
        cold.title, "冷链货物 查验 太慢",
        "tabs and line breaks become spaces"
    );
    assert_eq!(cold.description, "进口冷冻肉查验排队三天， 希望改进。");
    let audit = admin.get("/api/staff/audit").json().to_string();
    assert!(audit.contains("training_exported"), "{audit}");
}
