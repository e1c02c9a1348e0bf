//! What a person does, in headless Debian Chromium, against a real server holding an office's
//! worth of cases (`harness::office`: more than one page of queue, ledger, 回访 and knowledge): a
//! clerk on a phone (390x844, tests/browser/report.mjs) and an officer at a desk (1440x900,
//! console.mjs).
//! Screenshots land in target/screenshots/.

use std::process::Command;

use harness::{root, Server};

/// Runs a browser script; fails the test with the script's steps and the server's log when a
/// step fails.
fn run_script(server: &Server, script: &str, env: &[(&str, &str)]) {
    let out = Command::new("node")
        .arg(root().join("tests/browser").join(script))
        .env("BASE_URL", &server.base)
        .env("SHOTS", root().join("target/screenshots"))
        .envs(env.iter().copied())
        .current_dir(root())
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    if !out.status.success() {
        panic!(
            "{script} failed:\n{stdout}\nserver log:\n{}",
            server.log_tail()
        );
    }
}

#[test]
fn a_clerk_reports_on_a_phone_and_follows_the_qr_link() {
    let server = harness::office();
    run_script(&server, "report.mjs", &[]);
}

#[test]
fn an_officer_grades_replies_and_resolves_at_a_desk() {
    let server = harness::office();
    let (token, no) = harness::console_scenario(&server);
    // the handbook the case page quotes from
    let admin = server.login("admin", harness::DEMO_PASSWORD);
    assert_eq!(admin.import(&harness::demo_knowledge()).status, 200);
    run_script(
        &server,
        "console.mjs",
        &[
            ("TOKEN", &token),
            ("CASE_NO", &no),
            ("USERNAME", "desk"),
            ("PASSWORD", harness::DEMO_PASSWORD),
        ],
    );
}

#[test]
fn an_enterprise_answers_a_question_then_rates_on_a_phone() {
    use serde_json::json;
    let server = harness::office();
    server.with_staff();
    let desk = server.login("desk", harness::DEMO_PASSWORD);
    // a case filed and graded for customs, then each action the desk takes on it
    let graded = |key: &str| {
        let c = server.post_case(key, &harness::sample_case()).json();
        let (no, token) = (c["case_no"].as_str().unwrap(), c["token"].as_str().unwrap());
        let (no, token) = (no.to_string(), token.to_string());
        let act = {
            let (desk, no) = (&desk, no.clone());
            move |body| assert_eq!(desk.act(&no, body).status, 200)
        };
        act(
            json!({"action": "triage", "category": "practice", "importance": "B", "urgency": "A", "department": "customs", "level": 2, "reason": "当天卸船"}),
        );
        (no, token, act)
    };
    let phone = |no: &str, token: &str, phase: &str| {
        run_script(
            &server,
            "follow.mjs",
            &[("TOKEN", token), ("CASE_NO", no), ("PHASE", phase)],
        )
    };
    let (no, token, act) = graded("follow-case-0001");
    act(json!({"action": "request_info", "body": "请补充船边直提审批单的编号"}));
    phone(&no, &token, "reply");
    act(json!({"action": "answer", "body": "经协调，码头已退还堆存费3600元。"}));
    phone(&no, &token, "rate");
    // a second case, answered, that the enterprise rates badly on the phone
    let (no, token, act) = graded("follow-case-0002");
    act(json!({"action": "answer", "body": "请自行联系码头。"}));
    phone(&no, &token, "bad");
}

#[test]
fn an_enterprise_searches_policies_and_is_offered_an_answer() {
    let server = harness::office();
    let admin = server.with_staff();
    let imported = admin.import(&harness::demo_knowledge());
    assert_eq!(imported.status, 200, "{}", imported.body);
    run_script(&server, "knowledge.mjs", &[]);
}

#[test]
fn a_supervisor_reads_the_ledger_and_the_density_table() {
    let server = Server::start_seeded(&harness::demo_month_sql(), &[]);
    server.with_staff();
    run_script(
        &server,
        "ledger.mjs",
        &[("USERNAME", "super"), ("PASSWORD", harness::DEMO_PASSWORD)],
    );
}

#[test]
fn xss_payloads_stay_text_in_the_console_and_on_the_phone() {
    use serde_json::json;
    let server = Server::start();
    server.with_staff();
    let payloads = [
        r#"<script>alert(1)</script>"#,
        r#"<img src=x onerror="window.__pwned++">"#,
        r#"<svg onload=alert(1)>"#,
        r#""><iframe src="javascript:alert(1)">"#,
        r#"javascript:alert(document.cookie)"#,
        r#"{{constructor.constructor('alert(1)')()}}"#,
        r#"<a href="javascript:alert(1)" onclick="alert(1)">点我</a>"#,
        r#"</textarea><math><mi xlink:href="javascript:alert(1)">x"#,
    ];
    let desk = server.login("desk", harness::DEMO_PASSWORD);
    let mut cases = Vec::new();
    for (i, p) in payloads.iter().enumerate() {
        let mut body = harness::sample_case();
        let title = format!("反映{i}：{p}");
        body["title"] = json!(title);
        body["description"] = json!(format!("提单号COSU{i:04}，内容：{p}"));
        body["enterprise_name"] = json!(format!("青岛{p}公司"));
        body["contact_name"] = json!(format!("王{i}"));
        let a = server.post_case(&format!("xss-case-{i:04}"), &body);
        assert_eq!(a.status, 201, "{p}: {}", a.body);
        let v = a.json();
        let case_no = v["case_no"].as_str().unwrap().to_string();
        // staff text reaches the enterprise too
        let r = desk.act(
            &case_no,
            json!({"action": "reply", "body": format!("已收到：{p}")}),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        cases.push(json!({"case_no": case_no, "token": v["token"], "title": title}));
    }
    run_script(
        &server,
        "xss.mjs",
        &[
            ("USERNAME", "desk"),
            ("PASSWORD", harness::DEMO_PASSWORD),
            ("CASES", &serde_json::Value::from(cases).to_string()),
        ],
    );
}

/// The phone's weight budget (150 KB brotli per first load), measured on what each page
/// really requests; fails the test run when a page goes over.
#[test]
fn every_phone_page_loads_within_the_budget() {
    let server = Server::start();
    let c = server
        .post_case("budget-case-0001", &harness::sample_case())
        .json();
    run_script(
        &server,
        "budget.mjs",
        &[("TOKEN", c["token"].as_str().unwrap())],
    );
}

/// Every code the product stores, as a reader must never see it.
fn product_codes() -> Vec<String> {
    use domain::taxonomy::*;
    let mut codes: Vec<String> = Vec::new();
    codes.extend(Status::ALL.iter().map(|c| c.code().to_string()));
    codes.extend(Category::ALL.iter().map(|c| c.code().to_string()));
    codes.extend(Department::ALL.iter().map(|c| c.code().to_string()));
    codes.extend(Port::ALL.iter().map(|c| c.code().to_string()));
    codes.extend(Channel::ALL.iter().map(|c| c.code().to_string()));
    codes.extend(Topic::ALL.iter().map(|c| c.code().to_string()));
    codes.extend(EventKind::ALL.iter().map(|c| c.code().to_string()));
    codes.extend(VisitChannel::ALL.iter().map(|c| c.code().to_string()));
    codes.extend(VisitOutcome::ALL.iter().map(|c| c.code().to_string()));
    codes.extend(
        domain::staff::StaffRole::ALL
            .iter()
            .map(|c| c.code().to_string()),
    );
    codes.extend(
        domain::triage::signals::Signal::ALL
            .iter()
            .map(|c| c.code().to_string()),
    );
    codes.extend(
        [
            "rectify",
            "explain",
            "appeal",
            "pending",
            "enterprise",
            "system",
        ]
        .map(String::from),
    );
    codes.sort();
    codes.dedup();
    codes
}

#[test]
fn staff_pages_show_names_never_internal_codes() {
    use serde_json::json;
    // a month of cases (more than one page of queue, ledger and follow-ups); what enterprises
    // wrote in Latin letters is replaced, so that only the product's own texts are judged
    let sql = format!(
        "{}\nUPDATE cases SET title = '进口货物查验放行咨询', description = '企业反映通关时限问题，请协调。' \
         WHERE title GLOB '*[a-z]*' OR description GLOB '*[a-z]*';",
        harness::demo_month_sql()
    );
    let server = Server::start_seeded(&sql, &[]);
    server.with_staff();
    let desk = server.login("desk", harness::DEMO_PASSWORD);
    let customs = server.login("customs", harness::DEMO_PASSWORD);
    let sup = server.login("super", harness::DEMO_PASSWORD);
    // one case through every kind of step: graded, assigned, noted, answered, a 差评, verified,
    // rectified, visited
    let c = server
        .post_case("codes-case-0001", &harness::sample_case())
        .json();
    let (no, token) = (c["case_no"].as_str().unwrap(), c["token"].as_str().unwrap());
    let ok = |a: harness::Answer| assert!(a.status < 300, "{}", a.body);
    ok(desk.act(
        no,
        json!({"action": "triage", "category": "practice", "importance": "B",
        "urgency": "A", "department": "customs", "level": 2, "reason": "当天卸船"}),
    ));
    let assignees = desk.get("/api/staff/assignees?department=customs").json();
    let handler = assignees["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["role"] == "handler")
        .expect("the customs handler is offered");
    assert!(
        assignees["users"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["role"] != "supervisor"
                && u["role"] != "leader"
                && (u["role"] != "handler" || u["department"] == "customs")),
        "only the desk and the case's own unit hold cases: {assignees}"
    );
    ok(desk.act(no, json!({"action": "assign", "assignee": handler["id"]})));
    ok(customs.act(no, json!({"action": "note", "body": "已联系码头核实"})));
    ok(customs.act(
        no,
        json!({"action": "answer", "body": "经协调，码头已退还堆存费。"}),
    ));
    ok(server.post_json(
        &format!("/api/cases/status/{token}/rating"),
        &json!({"score": 2}),
    ));
    ok(sup.post(
        &format!("/api/staff/cases/{no}/review"),
        &json!({"outcome": "rectify", "note": "核实属实"}),
    ));
    ok(sup.post(
        &format!("/api/staff/cases/{no}/visits"),
        &json!({"channel": "phone", "outcome": "unsatisfied", "note": "企业希望尽快处理"}),
    ));
    // dates read in the reader's language, on the console and on the phone
    let en = |path: &str, cookie: &str| {
        harness::send(
            "GET",
            &server.url(path),
            &[("cookie", cookie), ("accept-language", "en")],
            None,
        )
        .json()
    };
    let staff_view = en(&format!("/api/staff/cases/{no}"), &desk.cookie);
    let public_view = en(&format!("/api/cases/status/{token}"), "");
    for text in [
        &staff_view["submitted_at_text"],
        &staff_view["events"][0]["at_text"],
        &public_view["submitted_at_text"],
        &public_view["timeline"][0]["at_text"],
    ] {
        let text = text.as_str().unwrap();
        assert!(text.contains(" 20") && !text.contains('年'), "{text}");
    }
    let codes = serde_json::to_string(&product_codes()).unwrap();
    for locale in ["zh-CN", "en-US"] {
        run_script(
            &server,
            "codes.mjs",
            &[
                ("PASSWORD", harness::DEMO_PASSWORD),
                ("CASE_NO", no),
                ("CODES", &codes),
                ("LOCALE", locale),
            ],
        );
    }
}
