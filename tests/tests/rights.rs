//! A person's rights (issue 20; 个人信息保护法 art. 44–47), on real wrangler dev + D1: a request
//! filed through the portal is a case of its own kind — a `PI-` number, a status link, fifteen
//! working days — answered once by the administrator, racing or not; and every operation issue 20
//! added lets in exactly the roles it names.

use harness::{send, Answer, Server, DEMO_PASSWORD};
use serde_json::{json, Value};

fn file(server: &Server, key: &str, body: &Value) -> Answer {
    send(
        "POST",
        &server.url("/api/rights"),
        &[
            ("content-type", "application/json"),
            ("idempotency-key", key),
        ],
        Some(body.to_string().as_bytes()),
    )
}

fn erase_request() -> Value {
    json!({"kind": "erase", "contact_name": "王丽", "contact_phone": "138 1234 5678",
        "case_no": "ZTC-20261124-0001", "detail": "公司已换联系人，请删除我的号码"})
}

#[test]
fn a_request_gets_its_own_number_and_link_and_is_answered_once() {
    let server = Server::start();
    let admin = server.with_staff();

    // each wrong field named, nothing filed
    let bad = file(
        &server,
        "rights-0001",
        &json!({"kind": "all", "contact_phone": "123", "uscc": "x"}),
    );
    assert_eq!(bad.status, 422, "{}", bad.body);
    let fields = bad.json()["error"]["fields"].clone();
    for f in ["kind", "contact_name", "contact_phone", "uscc"] {
        assert!(fields[f].is_string(), "{f}: {fields}");
    }
    let correct =
        json!({"kind": "correct", "contact_name": "王丽", "contact_phone": "13812345678"});
    let a = file(&server, "rights-0001", &correct);
    assert_eq!(a.status, 422);
    assert!(a.json()["error"]["fields"]["detail"]
        .as_str()
        .unwrap()
        .contains("更正"));

    let filed = file(&server, "rights-0001", &erase_request());
    assert_eq!(filed.status, 201, "{}", filed.body);
    let f = filed.json();
    let no = f["request_no"].as_str().unwrap().to_string();
    assert!(
        no.starts_with("PI-") && no.len() == "PI-20261124-0001".len(),
        "{no}"
    );
    let token = f["token"].as_str().unwrap().to_string();
    assert_eq!(f["status_url"], format!("/rights/{token}"));
    // a retry is the same request; the key with other words is refused
    let again = file(&server, "rights-0001", &erase_request());
    assert_eq!(
        (again.status, again.json()["request_no"].clone()),
        (201, json!(no))
    );
    let mut other = erase_request();
    other["kind"] = json!("access");
    assert_eq!(file(&server, "rights-0001", &other).status, 409);

    let status = |t: &str| server.get(&format!("/api/rights/{t}"));
    let v = status(&token).json();
    assert_eq!(
        (v["status"].as_str(), v["kind"].as_str()),
        (Some("open"), Some("erase"))
    );
    assert_eq!(v["contact_phone"], "138****5678", "masked");
    assert!(v["answer"].is_null());
    assert_eq!(status("A".repeat(32).as_str()).status, 404);
    // a lost link is found again by the number and the mobile's last four digits
    let lookup = |last4: &str| {
        send(
            "POST",
            &server.url("/api/cases/lookup"),
            &[("content-type", "application/json")],
            Some(
                json!({"case_no": no, "phone_last4": last4})
                    .to_string()
                    .as_bytes(),
            ),
        )
    };
    let found = lookup("5678");
    assert_eq!(found.status, 200, "{}", found.body);
    assert_eq!(found.json()["status_url"], format!("/rights/{token}"));
    assert_eq!(lookup("0000").status, 404);

    // the administrator's bell counts it (nobody else's), without naming anyone
    let bell = |who: &harness::Staff| who.get("/api/staff/notifications?unread=1").json();
    let desk = server.login("desk", DEMO_PASSWORD);
    assert_eq!(
        (
            bell(&admin)["rights_open"].as_u64(),
            bell(&admin)["rights_overdue"].as_u64()
        ),
        (Some(1), Some(0))
    );
    assert_eq!(bell(&desk)["rights_open"], 0);
    assert!(!bell(&admin).to_string().contains("13812345678"));

    // the administrator sees it in full, open, with its deadline — a look the log records
    let list = admin.get("/api/admin/rights").json();
    let looks = admin.get("/api/staff/audit?action=rights_listed").json();
    assert_eq!(looks["entries"].as_array().unwrap().len(), 1, "{looks}");
    assert_eq!(list["open"], 1);
    let item = &list["items"][0];
    assert_eq!(
        (item["request_no"].as_str(), item["contact_phone"].as_str()),
        (Some(no.as_str()), Some("13812345678"))
    );
    assert_eq!(item["overdue"], false);
    let path = format!("/api/admin/rights/{no}/answer");
    for outcome in ["open", "maybe"] {
        let a = admin.post(&path, &json!({"outcome": outcome, "answer": "好"}));
        assert_eq!(a.status, 422, "{outcome}: {}", a.body);
        assert!(a.json()["error"]["fields"]["outcome"].is_string());
    }
    assert_eq!(
        admin
            .post(&path, &json!({"outcome": "done", "answer": " "}))
            .status,
        422
    );
    assert_eq!(
        admin
            .post(
                "/api/admin/rights/PI-20000101-0001/answer",
                &json!({"outcome": "done", "answer": "好"})
            )
            .status,
        404
    );

    // four administrators' tabs answer at once: one answer, one audit line
    let words = "已电话核实本人，已删除您在 1 件诉求中的姓名和手机号。";
    let answers: Vec<u16> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    admin
                        .post(&path, &json!({"outcome": "done", "answer": words}))
                        .status
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(
        answers.iter().filter(|s| **s == 200).count(),
        1,
        "{answers:?}"
    );
    assert!(
        answers.iter().all(|s| [200, 409].contains(s)),
        "{answers:?}"
    );
    let log = admin.get("/api/staff/audit?action=rights_answered").json();
    assert_eq!(log["entries"].as_array().unwrap().len(), 1, "{log}");
    assert_eq!(log["entries"][0]["target"], no.as_str());

    let v = status(&token).json();
    assert_eq!(
        (v["status"].as_str(), v["answer"].as_str()),
        (Some("done"), Some(words))
    );
    assert_eq!(admin.get("/api/admin/rights").json()["open"], 0);
    assert_eq!(bell(&admin)["rights_open"], 0);
    assert_eq!(
        admin.get("/api/admin/rights?status=done").json()["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(admin.get("/api/admin/rights?status=maybe").status, 422);

    // past the retention period the sweep forgets who asked; the number and the answer stay
    harness::execute(
        &server.state,
        "UPDATE rights_requests SET answered_at = '2019-01-01T00:00:00.000Z'",
    )
    .unwrap();
    let run = send("GET", &server.url("/__scheduled?cron=*+*+*+*+*"), &[], None);
    assert_eq!(run.status, 200, "{}", run.body);
    let item = &admin.get("/api/admin/rights?status=all").json()["items"][0];
    assert_eq!(
        (item["contact_phone"].as_str(), item["detail"].as_str()),
        (Some(""), Some(""))
    );
    assert_eq!(
        (item["request_no"].as_str(), item["answer"].as_str()),
        (Some(no.as_str()), Some(""))
    );
    let swept = admin.get("/api/staff/audit?action=anonymise").json();
    let entries = swept["entries"].as_array().unwrap();
    assert!(
        entries.iter().any(|e| e["target"] == "rights_requests"),
        "{swept}"
    );
}

#[test]
fn a_withdrawal_answered_marks_the_persons_cases() {
    let server = Server::start();
    let admin = server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let (no, _) = server.file_sample("rights-withdraw-0001");
    let mut ask = erase_request();
    ask["kind"] = json!("withdraw");
    let filed = file(&server, "rights-withdraw-0002", &ask).json();
    let path = format!(
        "/api/admin/rights/{}/answer",
        filed["request_no"].as_str().unwrap()
    );
    let view = || desk.get(&format!("/api/staff/cases/{no}")).json();
    assert!(view()["consent_withdrawn_at"].is_null());
    let words = json!({"outcome": "done", "answer": "已记录您撤回同意，今后不再联系您。"});
    let a = admin.post(&path, &words);
    assert_eq!(a.status, 200, "{}", a.body);
    let at = view()["consent_withdrawn_at"].clone();
    assert!(at.as_str().is_some_and(|at| at.contains('年')), "{at}");
    assert_eq!(admin.post(&path, &words).status, 409);
}

#[test]
fn every_issue_20_operation_admits_exactly_the_roles_its_rule_names() {
    let server = Server::start();
    server.with_staff();
    let (no, _) = server.file_sample("rights-matrix-0001");
    let desk = server.login("desk", DEMO_PASSWORD);
    desk.route_to(&no, "customs");
    let filed = file(&server, "rights-matrix-0002", &erase_request()).json();
    let request = filed["request_no"].as_str().unwrap().to_string();

    let everyone: &[&str] = &["desk", "customs", "tax", "super", "leader", "admin"];
    let admin_only: &[&str] = &["admin"];
    // (method, path, body, the roles let in); customs handles the case, so it may see the number
    let ops: Vec<(&str, String, Value, &[&str])> = vec![
        (
            "POST",
            format!("/api/staff/cases/{no}/contact"),
            json!({}),
            &["desk", "customs", "super", "leader", "admin"],
        ),
        ("GET", "/api/staff/ledger.csv".into(), Value::Null, everyone),
        ("GET", "/api/staff/audit".into(), Value::Null, admin_only),
        (
            "GET",
            "/api/staff/audit.csv".into(),
            Value::Null,
            admin_only,
        ),
        (
            "POST",
            "/api/admin/retention".into(),
            json!({"years": 3}),
            admin_only,
        ),
        (
            "GET",
            "/api/admin/person?phone=13812345678".into(),
            Value::Null,
            admin_only,
        ),
        (
            "POST",
            "/api/admin/person/correct".into(),
            json!({"case_no": no, "contact_name": "王丽", "contact_phone": "13812345678", "reason": "核对"}),
            admin_only,
        ),
        ("GET", "/api/admin/rights".into(), Value::Null, admin_only),
        // refused by its rule or answered (a second admin answer is 422, still let in)
        (
            "POST",
            format!("/api/admin/rights/{request}/answer"),
            json!({"outcome": "refused", "answer": "无法核实本人"}),
            admin_only,
        ),
        (
            "POST",
            "/api/admin/person/erase".into(),
            json!({"phone": "13900000000", "reason": "本人申请"}),
            admin_only,
        ),
    ];
    let staff: Vec<_> = everyone
        .iter()
        .map(|r| (*r, server.login(r, DEMO_PASSWORD)))
        .collect();
    for (method, path, body, allowed) in &ops {
        for (role, who) in &staff {
            let a = match *method {
                "GET" => who.get(path),
                _ => who.post(path, body),
            };
            let let_in = allowed.contains(role);
            assert_eq!(
                let_in,
                !matches!(a.status, 401 | 403 | 404),
                "{role} {method} {path}: {} {}",
                a.status,
                a.body
            );
        }
        let anon = match *method {
            "GET" => server.get(path),
            _ => send(
                "POST",
                &server.url(path),
                &[
                    ("origin", &server.base),
                    ("content-type", "application/json"),
                ],
                Some(body.to_string().as_bytes()),
            ),
        };
        assert_eq!(anon.status, 401, "anonymous {method} {path}");
    }
    // the public side needs nobody
    assert_eq!(
        server
            .get(&format!("/api/rights/{}", filed["token"].as_str().unwrap()))
            .status,
        200
    );
}
