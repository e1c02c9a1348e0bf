//! Staff are told (issue 19), on real wrangler dev + D1 and a webhook receiver on loopback: a new
//! assignment, a returned case, an assisting task, a supervision order, an escalation, a near
//! deadline and a 差评 reach the people responsible — in the console's bell, and on each
//! person's own channel (a 企业微信 robot or an e-mail webhook), at once or in the daily digest,
//! retried, and listed when it fails for good.

use harness::{execute, send, webhook, Server, Staff, DEMO_PASSWORD};
use serde_json::{json, Value};

fn bell(who: &Staff) -> Value {
    let a = who.get("/api/staff/notifications");
    assert_eq!(a.status, 200, "{}", a.body);
    a.json()
}

/// The kinds in one's bell for a case, newest first.
fn kinds(who: &Staff, no: &str) -> Vec<String> {
    bell(who)["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["case_no"] == no)
        .map(|n| n["kind"].as_str().unwrap().to_string())
        .collect()
}

fn tick(server: &Server) {
    let run = send("GET", &server.url("/__scheduled?cron=*+*+*+*+*"), &[], None);
    assert_eq!(run.status, 200, "{}", run.body);
}

fn channel(who: &Staff, kind: &str, url: &str, digest: bool) -> harness::Answer {
    who.post(
        "/api/staff/me/notify",
        &json!({"channel": {"kind": kind, "url": url, "to": "zhangwei@customs.example.cn"}, "daily_digest": digest}),
    )
}

#[test]
fn each_step_of_a_shared_case_tells_the_people_responsible_and_nobody_else() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let customs = server.login("customs", DEMO_PASSWORD);
    let tax = server.login("tax", DEMO_PASSWORD);
    let sup = server.login("super", DEMO_PASSWORD);
    let leader = server.login("leader", DEMO_PASSWORD);
    let (no, token) = server.file_sample("told-case-000001");

    // routed to customs: customs is told, not the desk that acted, not tax
    desk.route_to(&no, "customs");
    assert_eq!(kinds(&customs, &no), ["assigned"]);
    assert!(
        kinds(&desk, &no).is_empty(),
        "nobody is told of their own act"
    );
    assert!(kinds(&tax, &no).is_empty());
    let first = &bell(&customs)["items"][0];
    assert_eq!(first["label"], "新分派");
    assert_eq!(first["read"], false);
    assert_eq!(bell(&customs)["unread"], 1);

    // returned: the desk is told
    let back = customs.act(&no, json!({"action": "return", "reason": "属税务事项"}));
    assert_eq!(back.status, 200, "{}", back.body);
    assert_eq!(kinds(&desk, &no), ["returned"]);

    // routed again and tax asked to assist: tax is told of its task
    desk.route_to(&no, "customs");
    let due = customs.get(&format!("/api/staff/cases/{no}")).json()["due_at"].clone();
    let task = desk.post(
        &format!("/api/staff/cases/{no}/assists"),
        &json!({"unit": "tax", "ask": "请核实退税进度", "due_at": due}),
    );
    assert_eq!(task.status, 201, "{}", task.body);
    assert_eq!(kinds(&tax, &no), ["assist_task"]);
    assert_eq!(kinds(&customs, &no), ["assigned", "assigned"]);

    // escalated by hand to level 3: the supervisors and the unit; at 4 the leadership too
    let up = desk.act(
        &no,
        json!({"action": "escalate", "level": 3, "reason": "久拖未决"}),
    );
    assert_eq!(up.status, 200, "{}", up.body);
    assert_eq!(kinds(&sup, &no), ["escalated"]);
    assert!(kinds(&leader, &no).is_empty());
    assert_eq!(kinds(&customs, &no)[0], "escalated");
    // the task force's order: the ordered unit is told
    let order = sup.post(
        &format!("/api/staff/cases/{no}/orders"),
        &json!({"unit": "customs", "text": "请于明日下班前办结并报告", "due_at": "2099-01-01T00:00:00Z"}),
    );
    assert_eq!(order.status, 201, "{}", order.body);
    assert_eq!(kinds(&customs, &no)[0], "supervision_order");
    let up = sup.act(
        &no,
        json!({"action": "escalate", "level": 4, "reason": "报领导小组"}),
    );
    assert_eq!(up.status, 200, "{}", up.body);
    assert_eq!(kinds(&leader, &no), ["escalated"]);

    // answered and rated 差评: the supervisors and the unit are told
    let tax_task = customs.get(&format!("/api/staff/cases/{no}")).json()["assists"][0]["id"]
        .as_i64()
        .unwrap();
    let replied = tax.post(
        &format!("/api/staff/cases/{no}/assists/{tax_task}/reply"),
        &json!({"body": "退税已审核完毕"}),
    );
    assert_eq!(replied.status, 200, "{}", replied.body);
    let answered = customs.act(
        &no,
        json!({"action": "answer", "body": "已办结，退税已到账。"}),
    );
    assert_eq!(answered.status, 200, "{}", answered.body);
    let rated = send(
        "POST",
        &server.url(&format!("/api/cases/status/{token}/rating")),
        &[("content-type", "application/json")],
        Some(
            json!({"score": 1, "comment": "拖了很久"})
                .to_string()
                .as_bytes(),
        ),
    );
    assert_eq!(rated.status, 201, "{}", rated.body);
    assert_eq!(kinds(&sup, &no)[0], "bad_rating");
    assert_eq!(kinds(&customs, &no)[0], "bad_rating");
    assert!(kinds(&tax, &no).iter().all(|k| k != "bad_rating"));

    // the statistics count the case once, and the assisting unit by its task
    let stats = sup.get("/api/staff/stats").json();
    assert_eq!(stats["total"], 1, "{stats}");
    assert_eq!(
        stats["assisting"],
        json!([{"code": "tax", "label": "税务", "asked": 1, "replied": 1, "replied_on_time": 1, "open": 0}])
    );
}

#[test]
fn the_bell_counts_what_is_unread_and_each_marks_only_their_own() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let customs = server.login("customs", DEMO_PASSWORD);
    let tax = server.login("tax", DEMO_PASSWORD);
    let mut numbers = Vec::new();
    for i in 0..3 {
        let (no, _) = server.file_sample(&format!("told-bell-00000{i}"));
        desk.route_to(&no, "customs");
        numbers.push(no);
    }
    let page = bell(&customs);
    assert_eq!(page["unread"], 3);
    assert_eq!(
        page["items"][0]["case_no"],
        numbers[2].as_str(),
        "newest first"
    );
    let ids: Vec<i64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_i64().unwrap())
        .collect();
    // another's ids mark nothing; a bad body is a 422 / 400, never a change
    let foreign = tax.post("/api/staff/notifications/read", &json!({"ids": ids}));
    assert_eq!(foreign.json()["marked"], 0, "{}", foreign.body);
    assert_eq!(
        tax.post("/api/staff/notifications/read", &json!({})).status,
        422
    );
    assert_eq!(
        tax.post("/api/staff/notifications/read", &json!({"ids": "all"}))
            .status,
        400
    );
    let one = customs.post("/api/staff/notifications/read", &json!({"ids": [ids[0]]}));
    assert_eq!(one.json(), json!({"marked": 1, "unread": 2}));
    let unread = customs.get("/api/staff/notifications?unread=1").json();
    assert_eq!(unread["items"].as_array().unwrap().len(), 2);
    let all = customs.post("/api/staff/notifications/read", &json!({"all": true}));
    assert_eq!(all.json(), json!({"marked": 2, "unread": 0}));
    // paging: before an id
    let older = customs
        .get(&format!("/api/staff/notifications?before={}", ids[0]))
        .json();
    assert_eq!(older["items"].as_array().unwrap().len(), 2);
    assert_eq!(customs.get("/api/staff/notifications?before=x").status, 422);
    // signed out: 401
    assert_eq!(
        send("GET", &server.url("/api/staff/notifications"), &[], None).status,
        401
    );
}

#[test]
fn a_wecom_robot_gets_each_notice_once_and_a_dead_one_is_listed_as_failed() {
    let (port, seen) = webhook(1);
    let (dead_port, dead) = webhook(usize::MAX);
    let server = Server::start_with(&[("NOTIFY_BACKOFF_SECONDS", "0")]);
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let customs = server.login("customs", DEMO_PASSWORD);
    let tax = server.login("tax", DEMO_PASSWORD);
    let sup = server.login("super", DEMO_PASSWORD);

    // the address is checked, field by field
    for (kind, url, field) in [
        (
            "wecom",
            "http://qyapi.weixin.qq.com/cgi-bin/webhook/send",
            "channel.url",
        ),
        ("wecom", "", "channel.url"),
        ("sms", "https://relay.example.cn", "channel.kind"),
    ] {
        let bad = channel(&customs, kind, url, false);
        assert_eq!(bad.status, 422, "{}", bad.body);
        assert!(
            bad.json()["error"]["fields"][field].is_string(),
            "{}",
            bad.body
        );
    }
    let bad_mail = customs.post(
        "/api/staff/me/notify",
        &json!({"channel": {"kind": "email", "url": "https://relay.example.cn", "to": "not an address"}, "daily_digest": false}),
    );
    assert!(bad_mail.json()["error"]["fields"]["channel.to"].is_string());
    assert_eq!(
        customs.get("/api/staff/me/notify").json()["channel"]["kind"],
        "none",
        "nothing was saved"
    );
    let robot = format!("http://127.0.0.1:{port}/cgi-bin/webhook/send?key=abc");
    assert_eq!(channel(&customs, "wecom", &robot, false).status, 200);
    let relay = format!("http://127.0.0.1:{dead_port}/mail");
    assert_eq!(channel(&tax, "email", &relay, false).status, 200);
    assert_eq!(
        customs.get("/api/staff/me/notify").json(),
        json!({"channel": {"kind": "wecom", "url": robot}, "daily_digest": false})
    );

    let (no, _) = server.file_sample("told-robot-00001");
    desk.route_to(&no, "customs");
    let (other, _) = server.file_sample("told-robot-00002");
    desk.route_to(&other, "tax");
    for _ in 0..10 {
        tick(&server);
    }
    let calls = seen.lock().unwrap().clone();
    assert_eq!(calls.len(), 2, "one failure, then once: {calls:?}");
    assert_eq!(calls[1]["msgtype"], "text");
    let content = calls[1]["text"]["content"].as_str().unwrap();
    assert!(
        content.contains("新分派") && content.contains(&no),
        "{content}"
    );
    assert!(content.contains(&format!("/staff/cases/{no}")), "{content}");

    // the relay that never answers: eight tries, then failed and listed
    assert_eq!(dead.lock().unwrap().len(), 8);
    let failed = sup.get("/api/staff/outbox/staff?status=failed").json();
    let items = failed["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{failed}");
    assert_eq!(items[0]["staff"], "陈晓");
    assert_eq!(items[0]["channel"], "email");
    assert_eq!(items[0]["attempts"], 8);
    assert_eq!(items[0]["last_error"], "HTTP 500");
    assert!(
        !failed.to_string().contains("127.0.0.1"),
        "addresses stay private"
    );
    let mail = &dead.lock().unwrap()[0];
    assert_eq!(mail["to"], "zhangwei@customs.example.cn");
    assert!(mail["subject"].as_str().unwrap().contains(&other));
    assert_eq!(desk.get("/api/staff/outbox/staff").status, 403);
}

/// A daily digest holds what is not urgent for the next working morning, sends it as one message
/// once that moment has passed, and never holds a near deadline. The moments are set in D1.
#[test]
fn the_daily_digest_gathers_the_day_and_a_near_deadline_goes_at_once() {
    let (port, seen) = webhook(0);
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let customs = server.login("customs", DEMO_PASSWORD);
    let robot = format!("http://127.0.0.1:{port}/robot");
    assert_eq!(channel(&customs, "wecom", &robot, true).status, 200);
    let mut numbers = Vec::new();
    for i in 0..3 {
        let (no, _) = server.file_sample(&format!("told-digest-0000{i}"));
        desk.route_to(&no, "customs");
        numbers.push(no);
    }
    tick(&server);
    assert!(seen.lock().unwrap().is_empty(), "held for the digest");
    let waiting = customs.get("/api/staff/notifications").json();
    assert_eq!(waiting["unread"], 3, "the bell has them at once");

    // as if they came in three days ago: the digest moment since has passed
    execute(
        &server.state,
        "UPDATE staff_notifications SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-3 days'), \
         next_attempt_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 minutes'); \
         UPDATE cases SET due_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+30 minutes') \
         WHERE id = (SELECT max(id) FROM cases);",
    )
    .unwrap();
    tick(&server);
    tick(&server);
    let calls = seen.lock().unwrap().clone();
    assert_eq!(
        calls.len(),
        2,
        "the digest and the near-due warning: {calls:?}"
    );
    let texts: Vec<&str> = calls
        .iter()
        .map(|c| c["text"]["content"].as_str().unwrap())
        .collect();
    let digest = texts.iter().find(|t| t.contains("今日待办")).unwrap();
    assert!(digest.contains("（3 条）"), "{digest}");
    assert!(
        numbers.iter().all(|n| digest.contains(n.as_str())),
        "{digest}"
    );
    let warning = texts.iter().find(|t| t.contains("即将超时")).unwrap();
    assert!(warning.contains(numbers[2].as_str()), "{warning}");
    // the warning is on the case's log, once per deadline
    tick(&server);
    let view = customs
        .get(&format!("/api/staff/cases/{}", numbers[2]))
        .json();
    let warned = view["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "due_soon")
        .count();
    assert_eq!(warned, 1, "{view}");
    assert_eq!(seen.lock().unwrap().len(), 2, "nothing twice");
}

#[test]
fn an_order_is_reminded_once_before_its_deadline_and_the_sweep_tells_of_what_it_escalates() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let customs = server.login("customs", DEMO_PASSWORD);
    let sup = server.login("super", DEMO_PASSWORD);
    let (no, _) = server.file_sample("told-order-00001");
    desk.route_to(&no, "customs");
    let up = sup.act(
        &no,
        json!({"action": "escalate", "level": 3, "reason": "久拖未决"}),
    );
    assert_eq!(up.status, 200, "{}", up.body);
    let order = sup.post(
        &format!("/api/staff/cases/{no}/orders"),
        &json!({"unit": "customs", "text": "请限期办结", "due_at": "2099-01-01T00:00:00Z"}),
    );
    assert_eq!(order.status, 201, "{}", order.body);
    tick(&server);
    assert_eq!(
        kinds(&customs, &no)[0],
        "supervision_order",
        "not reminded yet"
    );
    // issued long ago, due in an hour: the reminder moment has passed
    execute(
        &server.state,
        "UPDATE supervision_orders SET issued_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-20 days'), \
         due_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+1 hours');",
    )
    .unwrap();
    tick(&server);
    tick(&server);
    let told = kinds(&customs, &no);
    assert_eq!(
        told.iter().filter(|k| *k == "order_due_soon").count(),
        1,
        "{told:?}"
    );

    // the case itself overdue: the sweep escalates it to 4, tells the unit and the leadership
    execute(
        &server.state,
        "UPDATE cases SET due_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hours');",
    )
    .unwrap();
    tick(&server);
    let told = kinds(&customs, &no);
    assert_eq!(
        told.iter().filter(|k| *k == "supervision_order").count(),
        2,
        "the task force's order and the sweep's: {told:?}"
    );
    assert!(told.contains(&"overdue".to_string()), "{told:?}");
    let leader = server.login("leader", DEMO_PASSWORD);
    assert_eq!(kinds(&leader, &no), ["escalated"]);
}

/// Every operation issue 19 added, by every role: anonymous is 401; a role the rule leaves out is
/// refused (403, or 404 behind the department wall); a role it lets in gets past the guard. The
/// case sits at level 4 with a task for tax, so each operation is possible for someone.
#[test]
fn every_new_operation_admits_exactly_the_roles_its_rule_names() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let sup = server.login("super", DEMO_PASSWORD);
    let (no, _) = server.file_sample("told-matrix-0001");
    desk.route_to(&no, "customs");
    let due = desk.get(&format!("/api/staff/cases/{no}")).json()["due_at"].clone();
    let task = json!({"unit": "tax", "ask": "请核实", "due_at": due});
    let added = desk.post(&format!("/api/staff/cases/{no}/assists"), &task);
    assert_eq!(added.status, 201, "{}", added.body);
    for level in [3, 4] {
        let up = sup.act(
            &no,
            json!({"action": "escalate", "level": level, "reason": "逐级上报"}),
        );
        assert_eq!(up.status, 200, "{}", up.body);
    }
    let order = json!({"unit": "customs", "text": "请限期办结", "due_at": "2099-01-01T00:00:00Z"});
    assert_eq!(
        sup.post(&format!("/api/staff/cases/{no}/orders"), &order)
            .status,
        201
    );
    let view = desk.get(&format!("/api/staff/cases/{no}")).json();
    let (task_id, order_id) = (&view["assists"][0]["id"], &view["orders"][0]["id"]);

    let case = format!("/api/staff/cases/{no}");
    let reply = json!({"body": "已核实"});
    let pref = json!({"channel": {"kind": "none"}, "daily_digest": false});
    // (method, path, body, the roles let in)
    let ops: Vec<(&str, String, Value, &[&str])> = vec![
        (
            "POST",
            format!("{case}/assists"),
            task.clone(),
            &["desk", "super"],
        ),
        (
            "POST",
            format!("{case}/assists/{task_id}/reply"),
            reply.clone(),
            &["tax"],
        ),
        (
            "POST",
            format!("{case}/orders"),
            order.clone(),
            &["super", "leader"],
        ),
        (
            "POST",
            format!("{case}/orders/{order_id}/reply"),
            reply.clone(),
            &["customs"],
        ),
        (
            "POST",
            format!("{case}/decision"),
            json!({"text": "由海关牵头限期办结"}),
            &["leader"],
        ),
        (
            "POST",
            format!("{case}/assists/{task_id}/withdraw"),
            json!({}),
            &["desk", "super"],
        ),
        (
            "GET",
            "/api/staff/notifications".into(),
            Value::Null,
            &ROLES,
        ),
        (
            "POST",
            "/api/staff/notifications/read".into(),
            json!({"all": true}),
            &ROLES,
        ),
        ("GET", "/api/staff/me/notify".into(), Value::Null, &ROLES),
        ("POST", "/api/staff/me/notify".into(), pref, &ROLES),
        (
            "GET",
            "/api/staff/outbox/staff".into(),
            Value::Null,
            &["super", "admin"],
        ),
    ];
    let people: Vec<(&str, Staff)> = ROLES
        .iter()
        .map(|r| (*r, server.login(r, DEMO_PASSWORD)))
        .collect();
    for (method, path, body, allowed) in &ops {
        let anon = send(
            method,
            &server.url(path),
            &[
                ("origin", &server.base),
                ("content-type", "application/json"),
            ],
            (method == &"POST")
                .then(|| body.to_string().into_bytes())
                .as_deref(),
        );
        assert_eq!(anon.status, 401, "anonymous {method} {path}");
        for (role, who) in &people {
            let a = if *method == "GET" {
                who.get(path)
            } else {
                who.post(path, body)
            };
            if allowed.contains(role) {
                assert!(
                    ![401, 403, 404].contains(&a.status),
                    "{role} {method} {path}: {} {}",
                    a.status,
                    a.body
                );
            } else {
                assert!(
                    [403, 404].contains(&a.status),
                    "{role} {method} {path}: {} {}",
                    a.status,
                    a.body
                );
            }
        }
    }
}

const ROLES: [&str; 6] = ["desk", "customs", "tax", "super", "leader", "admin"];

/// At an office's volume (2 400 cases seeded as SQL, one notification each for customs, 2 100
/// of them unread): the bell counts them all, pages twenty at a time newest first, marks them
/// read in one call, and a new routing still tells customs at once.
#[test]
fn the_bell_holds_at_an_office_volume() {
    use harness::volume::{sql, Mix};
    let mix = Mix {
        total: 2_400,
        open: 2_131,
        overdue: 31,
        days: 60,
        numbered: true,
    };
    let server = Server::start_seeded(&sql(&mix, &domain::time::iso(harness::now()), 0), &[]);
    server.with_staff();
    execute(
        &server.state,
        "INSERT INTO staff_notifications (staff_id, case_id, event_id, kind, created_at, \
         next_attempt_at, read_at, delivery) \
         SELECT (SELECT id FROM staff_users WHERE username = 'customs'), c.id, e.id, 'assigned', \
         e.at, e.at, CASE WHEN c.id % 8 = 0 THEN e.at END, 'skipped' \
         FROM cases c JOIN case_events e ON e.case_id = c.id AND e.kind = 'submitted';",
    )
    .unwrap();
    let customs = server.login("customs", DEMO_PASSWORD);
    let page = bell(&customs);
    assert_eq!(page["unread"], 2_100);
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 20);
    assert_eq!(page["more"], true);
    let ids: Vec<i64> = items.iter().map(|n| n["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first");
    let next = customs
        .get(&format!("/api/staff/notifications?before={}", ids[19]))
        .json();
    assert!(next["items"][0]["id"].as_i64().unwrap() < ids[19]);
    let all = customs.post("/api/staff/notifications/read", &json!({"all": true}));
    assert_eq!(all.json(), json!({"marked": 2_100, "unread": 0}));

    let desk = server.login("desk", DEMO_PASSWORD);
    let (no, _) = server.file_sample("told-volume-0001");
    desk.route_to(&no, "customs");
    assert_eq!(bell(&customs)["unread"], 1);
    assert_eq!(kinds(&customs, &no), ["assigned"]);
}

/// Six officers ask the same unit to assist at the same moment: one task, the rest refused
/// (the case's row is the lock: each change applies only if nobody changed the case meanwhile).
#[test]
fn one_task_when_several_ask_the_same_unit_at_once() {
    let server = Server::start();
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let (no, _) = server.file_sample("told-race-00001");
    desk.route_to(&no, "customs");
    let due = desk.get(&format!("/api/staff/cases/{no}")).json()["due_at"].clone();
    let people: Vec<Staff> = (0..6)
        .map(|i| server.login(if i % 2 == 0 { "desk" } else { "super" }, DEMO_PASSWORD))
        .collect();
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let runs: Vec<_> = people
            .iter()
            .map(|who| {
                let (no, due) = (&no, &due);
                s.spawn(move || {
                    who.post(
                        &format!("/api/staff/cases/{no}/assists"),
                        &json!({"unit": "tax", "ask": "请核实", "due_at": due}),
                    )
                    .status
                })
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    assert_eq!(
        statuses.iter().filter(|&&s| s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| [201, 409, 422].contains(s)),
        "{statuses:?}"
    );
    let view = desk.get(&format!("/api/staff/cases/{no}")).json();
    assert_eq!(view["assists"].as_array().unwrap().len(), 1, "{view}");
    let tax = server.login("tax", DEMO_PASSWORD);
    assert_eq!(kinds(&tax, &no), ["assist_task"], "told once");
}
