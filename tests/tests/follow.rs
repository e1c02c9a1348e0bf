//! After the answer, on real wrangler dev + D1: asking the enterprise for information, 好差评
//! with every path of the rectification loop, 回访 coverage, lookup without the QR code, and
//! the notification outbox against a webhook on loopback.

use harness::{send, webhook, Server, Staff, DEMO_PASSWORD};
use serde_json::{json, Value};

fn enterprise(server: &Server, token: &str, what: &str, body: Value) -> harness::Answer {
    send(
        "POST",
        &server.url(&format!("/api/cases/status/{token}/{what}")),
        &[("content-type", "application/json")],
        Some(body.to_string().as_bytes()),
    )
}

fn status(server: &Server, token: &str) -> Value {
    server.get(&format!("/api/cases/status/{token}")).json()
}

fn answer(desk: &Staff, no: &str, text: &str) {
    let a = desk.act(no, json!({"action": "answer", "body": text}));
    assert_eq!(a.status, 200, "{}", a.body);
}

fn triaged(desk: &Staff, no: &str) {
    let a = desk.act(
        no,
        json!({"action": "triage", "category": "practice", "importance": "B", "urgency": "A",
        "department": "customs", "level": 2, "reason": "确认"}),
    );
    assert_eq!(a.status, 200, "{}", a.body);
}

#[test]
fn a_question_from_staff_is_answered_on_the_status_page() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let (no, token) = server.file_sample("info-case-00001");
    triaged(&desk, &no);
    let a = desk.act(
        &no,
        json!({"action": "request_info", "body": "请补充船边直提审批单的截图"}),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    let s = status(&server, &token);
    assert_eq!(s["status"], "needs_info");
    assert_eq!(s["question"], "请补充船边直提审批单的截图");
    assert_eq!(s["can_message"], true);
    assert_eq!(
        s["deadline"], "paused",
        "the clock is paused, never overdue, and the page says so"
    );
    let empty = enterprise(&server, &token, "messages", json!({"body": "  "}));
    assert_eq!(empty.status, 422);
    let reply = enterprise(
        &server,
        &token,
        "messages",
        json!({"body": "审批单编号QDCS2026-1188，已上传到邮箱"}),
    );
    assert_eq!(reply.status, 201, "{}", reply.body);
    let s = status(&server, &token);
    assert_eq!(s["status"], "in_progress", "the reply resumes the clock");
    assert!(s["question"].is_null());
    assert!(s["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "info_supplied" && e["note"].as_str().unwrap().contains("QDCS2026")));
    let staff_view = desk.get(&format!("/api/staff/cases/{no}")).json();
    assert!(staff_view["paused_at"].is_null());
    // extra information is welcome any time the case is open, without changing its state
    assert_eq!(
        enterprise(
            &server,
            &token,
            "messages",
            json!({"body": "补充：共12个柜"})
        )
        .status,
        201
    );
    assert_eq!(status(&server, &token)["status"], "in_progress");
}

#[test]
fn a_good_rating_closes_the_case_once() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let (no, token) = server.file_sample("good-case-00001");
    assert_eq!(
        enterprise(&server, &token, "rating", json!({"score": 5})).json()["error"]["code"],
        "action_not_allowed",
        "nothing to rate yet"
    );
    triaged(&desk, &no);
    answer(&desk, &no, "已协调码头，费用已免除。");
    let s = status(&server, &token);
    assert_eq!(
        (
            s["can_rate"].clone(),
            s["step"].clone(),
            s["deadline"].clone()
        ),
        (json!(true), json!(3), json!("met"))
    );
    for bad in [json!({}), json!({"score": 0}), json!({"score": 6})] {
        assert_eq!(enterprise(&server, &token, "rating", bad).status, 422);
    }
    let r = enterprise(
        &server,
        &token,
        "rating",
        json!({"score": 5, "comment": "处理很快"}),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let s = status(&server, &token);
    assert_eq!(s["status"], "closed");
    assert_eq!(s["step"], 4);
    assert!(s["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "rated" && e["note"].as_str().unwrap().contains("非常满意")));
    assert_eq!(
        enterprise(&server, &token, "rating", json!({"score": 4})).status,
        409,
        "once per answer"
    );
}

#[test]
fn a_bad_rating_is_verified_rectified_visited_and_rated_again() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let sup = server.login("super", DEMO_PASSWORD);
    let (no, token) = server.file_sample("bad-case-000001");
    triaged(&desk, &no);
    answer(&desk, &no, "请自行联系码头。");
    let r = enterprise(
        &server,
        &token,
        "rating",
        json!({"score": 1, "comment": "没有解决问题"}),
    );
    assert_eq!(r.json()["bad"], true);
    let s = status(&server, &token);
    assert_eq!(s["status"], "reopened");
    // before anyone checked: thanks, and who calls back by when — not "整改中"
    assert_eq!(s["status_label"], "感谢您的评价，正在核实", "{s}");
    assert_eq!(s["deadline"], "verifying");
    let label = s["deadline_label"].as_str().unwrap();
    assert!(
        label.contains("回访") && label.contains(s["due_at_text"].as_str().unwrap()),
        "{label}"
    );

    let f = desk.get("/api/staff/follow-ups").json();
    assert_eq!(f["bad"]["items"][0]["case_no"], no.as_str());
    assert_eq!(f["bad"]["items"][0]["review"], "pending");
    assert_eq!(f["coverage"]["bad_total"], 1);
    assert_eq!(f["coverage"]["bad_visited"], 0);

    // only a supervisor decides, with a note
    assert_eq!(
        desk.post(
            &format!("/api/staff/cases/{no}/review"),
            &json!({"outcome": "rectify", "note": "x"})
        )
        .status,
        403
    );
    assert_eq!(
        sup.post(
            &format!("/api/staff/cases/{no}/review"),
            &json!({"outcome": "rectify"})
        )
        .status,
        422
    );
    let rev = sup.post(
        &format!("/api/staff/cases/{no}/review"),
        &json!({"outcome": "rectify", "note": "核实属实，责成码头退费", "days": 5}),
    );
    assert_eq!(rev.status, 200, "{}", rev.body);
    let staff_view = sup.get(&format!("/api/staff/cases/{no}")).json();
    assert!(staff_view["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "rectification"));
    let s = status(&server, &token);
    assert!(s["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "rectification"));
    assert_eq!(
        s["can_rate"], false,
        "nothing new to rate during rectification"
    );
    assert_eq!(s["status_label"], "整改中", "checked, now being put right");
    assert_eq!(s["deadline"], "on_track");

    // the return visit
    let v = desk.post(
        &format!("/api/staff/cases/{no}/visits"),
        &json!({"channel": "phone", "outcome": "unsatisfied", "note": "企业要求退费"}),
    );
    assert_eq!(v.status, 201, "{}", v.body);
    assert_eq!(
        desk.get("/api/staff/follow-ups").json()["coverage"]["bad_visited"],
        1
    );

    // rectified, answered again, rated again
    assert_eq!(desk.act(&no, json!({"action": "accept"})).status, 200);
    answer(&desk, &no, "码头已退还堆存费3600元，请查收。");
    assert_eq!(status(&server, &token)["can_rate"], true);
    assert_eq!(
        enterprise(&server, &token, "rating", json!({"score": 4})).status,
        201
    );
    assert_eq!(status(&server, &token)["status"], "closed");

    // what the console reads, as the types it reads them with (domain::api)
    let read = |path: &str| sup.get(path).json();
    let case: domain::api::case::CaseView =
        serde_json::from_value(read(&format!("/api/staff/cases/{no}"))).unwrap();
    assert_eq!(case.status, domain::taxonomy::Status::Closed);
    let visit = case.events.iter().find_map(|e| e.visit());
    assert_eq!(
        visit,
        Some((
            domain::taxonomy::VisitChannel::Phone,
            domain::taxonomy::VisitOutcome::Unsatisfied
        ))
    );
    assert_eq!(
        case.latest_answer().map(|a| a.0),
        Some("码头已退还堆存费3600元，请查收。")
    );
    let f: domain::api::follow::FollowUps =
        serde_json::from_value(read("/api/staff/follow-ups")).unwrap();
    assert_eq!((f.coverage.bad_total, f.coverage.bad_visited), (1, 1));
    assert!(!f.bad.items[0].pending());
    let ledger: domain::api::desk::LedgerPage =
        serde_json::from_value(read("/api/staff/ledger")).unwrap();
    let row = ledger.items.iter().find(|r| r.case_no == no).unwrap();
    assert_eq!(row.rating, Some(4));
    let stats: domain::api::stats::StatsView =
        serde_json::from_value(read("/api/staff/stats")).unwrap();
    assert_eq!(stats.rectification.rectify, 1);
    assert_eq!(stats.visits.bad_visited, 1);
}

#[test]
fn a_bad_rating_can_be_explained_or_appealed() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let sup = server.login("super", DEMO_PASSWORD);
    for (i, outcome) in ["explain", "appeal"].into_iter().enumerate() {
        let (no, token) = server.file_sample(&format!("review-case-{i:04}"));
        triaged(&desk, &no);
        answer(&desk, &no, "按规定该费用属于正常收费。");
        assert_eq!(
            enterprise(&server, &token, "rating", json!({"score": 2})).status,
            201
        );
        let note = format!("{outcome}：核实情况（内部）");
        let message = format!("{outcome}：给企业的说明");
        let rev = sup.post(
            &format!("/api/staff/cases/{no}/review"),
            &json!({"outcome": outcome, "note": note, "message": message}),
        );
        assert_eq!(rev.status, 200, "{}", rev.body);
        let s = status(&server, &token);
        // an explanation is a new answer the enterprise may rate; an appeal closes the case
        assert_eq!(
            s["status"],
            if outcome == "explain" {
                "answered"
            } else {
                "closed"
            }
        );
        let shown = |text: &str| s.to_string().contains(text);
        assert!(!shown(&note), "the findings are internal: {s}");
        assert_eq!(
            shown(&message),
            outcome == "explain",
            "an explanation is public; an appeal is internal"
        );
        // after an appeal the 差评 stands as given: the case is concluded, not rated again
        assert_eq!(s["can_rate"], outcome == "explain", "{s}");
        assert_eq!(
            sup.post(
                &format!("/api/staff/cases/{no}/review"),
                &json!({"outcome": "rectify", "note": "again"})
            )
            .status,
            409
        );
    }
}

#[test]
fn a_lost_qr_is_found_by_number_and_phone_digits() {
    let server = Server::start();
    let (no, token) = server.file_sample("lookup-case-0001");
    let look = |case_no: &str, last4: &str| {
        send(
            "POST",
            &server.url("/api/cases/lookup"),
            &[("content-type", "application/json")],
            Some(
                json!({"case_no": case_no, "phone_last4": last4})
                    .to_string()
                    .as_bytes(),
            ),
        )
    };
    let ok = look(&no, "5678");
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.json()["token"], token.as_str());
    let wrong_digits = look(&no, "1234");
    let no_case = look("ZTC-20991231-0001", "5678");
    assert_eq!((wrong_digits.status, no_case.status), (404, 404));
    assert_eq!(
        wrong_digits.body, no_case.body,
        "the same answer either way"
    );
    for _ in 0..7 {
        look(&no, "0000");
    }
    let limited = look(&no, "5678");
    assert_eq!(
        limited.status, 429,
        "ten tries per 15 minutes: {}",
        limited.body
    );
}

#[test]
fn a_notification_fails_twice_then_is_sent_exactly_once() {
    let (port, seen) = webhook(2);
    let hook = format!("http://127.0.0.1:{port}/hook");
    let server = Server::start_with(&[
        ("NOTIFY_WEBHOOK_URL", &hook),
        ("NOTIFY_BACKOFF_SECONDS", "0"),
    ]);
    server.with_staff();
    let sup = server.login("super", DEMO_PASSWORD);
    let (no, _) = server.file_sample("notify-case-0001");
    let tick = || {
        assert_eq!(
            send("GET", &server.url("/__scheduled?cron=*+*+*+*+*"), &[], None).status,
            200
        )
    };
    tick();
    tick();
    let pending = sup.get("/api/staff/outbox?status=pending").json();
    assert_eq!(pending["items"][0]["attempts"], 2, "{pending}");
    assert_eq!(pending["items"][0]["last_error"], "HTTP 500");
    tick();
    tick();
    let all = sup.get("/api/staff/outbox").json();
    let items = all["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "one public event, one notification: {all}");
    assert_eq!(items[0]["status"], "sent");
    assert_eq!(items[0]["attempts"], 3);
    assert_eq!(items[0]["case_no"], no.as_str());
    let calls = seen.lock().unwrap();
    assert_eq!(calls.len(), 3, "two failures, one success, nothing after");
    assert_eq!(calls[2]["case_no"], no.as_str());
    assert_eq!(calls[2]["kind"], "submitted");
    assert_eq!(
        calls[2]["contact_phone"], "13812345678",
        "the bridge needs the number to send the SMS"
    );
}

/// Eight taps on "rate" at once: one rating, one event, the case closed once; every other tap is
/// refused (409), and nothing of it is left half-written — the rating row goes in the same D1
/// batch as the case change.
#[test]
fn ratings_sent_at_once_are_taken_once() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let (no, token) = server.file_sample("race-rating-0001");
    triaged(&desk, &no);
    answer(&desk, &no, "已协调码头，费用已免除。");
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let taps: Vec<_> = (0..8)
            .map(|i| {
                let (server, token) = (&server, &token);
                s.spawn(move || {
                    enterprise(server, token, "rating", json!({"score": 3 + i % 3})).status
                })
            })
            .collect();
        taps.into_iter().map(|t| t.join().unwrap()).collect()
    });
    assert_eq!(
        statuses.iter().filter(|&&s| s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|&s| s == 201 || s == 409),
        "{statuses:?}"
    );
    let s = status(&server, &token);
    assert_eq!(s["status"], "closed");
    let rated = s["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "rated")
        .count();
    assert_eq!(rated, 1, "{s}");
}
