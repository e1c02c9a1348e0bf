//! Personal information (issue 20, first step), on real wrangler dev + D1: the staff case view
//! shows the contact's number masked; seeing it in full is an action the audit log records, behind
//! the department wall; every ledger export is recorded — who, the filter, how many rows — before
//! the file's first byte.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use harness::{send, Server, Staff, DEMO_PASSWORD};
use serde_json::{json, Value};

fn audit(admin: &Staff, action: &str) -> Vec<Value> {
    admin.get("/api/staff/audit").json()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == action)
        .cloned()
        .collect()
}

#[test]
fn a_contact_number_is_masked_and_every_look_at_it_is_logged() {
    let server = Server::start();
    let admin = server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let (no, _) = server.file_sample("privacy-case-0001");
    desk.route_to(&no, "customs");
    let view = desk.get(&format!("/api/staff/cases/{no}")).json();
    assert_eq!(view["contact_phone"], "138****5678", "masked in the view");
    assert!(!view.to_string().contains("13812345678"));
    assert!(
        audit(&admin, "reveal_contact").is_empty(),
        "a view is not a look"
    );

    let path = format!("/api/staff/cases/{no}/contact");
    let shown = desk.post(&path, &json!({}));
    assert_eq!(shown.status, 200, "{}", shown.body);
    assert_eq!(shown.json()["contact_phone"], "13812345678");
    let looks = audit(&admin, "reveal_contact");
    assert_eq!(looks.len(), 1);
    assert_eq!(looks[0]["target"], no.as_str());
    assert!(looks[0]["actor"].as_str().unwrap().starts_with("staff:"));

    // behind the wall: another unit's handler finds no such case; anonymous is refused
    let tax = server.login("tax", DEMO_PASSWORD);
    assert_eq!(tax.post(&path, &json!({})).status, 404);
    let anon = send(
        "POST",
        &server.url(&path),
        &[
            ("origin", &server.base),
            ("content-type", "application/json"),
        ],
        Some(b"{}"),
    );
    assert_eq!(anon.status, 401);
    assert_eq!(
        audit(&admin, "reveal_contact").len(),
        1,
        "refusals reveal nothing"
    );
    // every staff role may look at a case it can see, and each look is one more line
    for who in ["customs", "super", "leader"] {
        let s = server.login(who, DEMO_PASSWORD);
        assert_eq!(s.post(&path, &json!({})).status, 200, "{who}");
    }
    assert_eq!(audit(&admin, "reveal_contact").len(), 4);
}

#[test]
fn every_export_is_in_the_audit_log_with_its_filter_and_rows() {
    let server = Server::start();
    let admin = server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    for i in 0..3 {
        let (no, _) = server.file_sample(&format!("privacy-export-{i:04}"));
        desk.route_to(&no, if i == 0 { "tax" } else { "customs" });
    }
    let file = desk.get("/api/staff/ledger.csv?department=customs");
    assert_eq!(file.status, 200);
    // its rows stay data only (header and two cases); its name says who made it and when
    assert_eq!(file.body.trim_end().lines().count(), 3, "{}", file.body);
    let name = file.header("content-disposition").unwrap().to_string();
    assert!(
        name.contains("ztc-ledger-") && name.contains("-desk.csv"),
        "{name}"
    );
    let csv = audit(&admin, "export_csv");
    assert_eq!(csv.len(), 1);
    let detail: Value = serde_json::from_str(csv[0]["detail"].as_str().unwrap()).unwrap();
    assert_eq!(detail, json!({"query": "department=customs", "rows": 2}));
    assert_eq!(csv[0]["role"], "front_desk");

    let customs = server.login("customs", DEMO_PASSWORD);
    let book = customs.get("/api/staff/ledger.xlsx?part=1");
    assert_eq!(book.status, 200);
    let mut xl: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(book.bytes.clone())).unwrap();
    let mark = xl
        .worksheet_range("导出信息")
        .expect("a sheet naming the export");
    assert_eq!(
        mark.get((0, 1)),
        Some(&Data::String("张伟（customs）".into()))
    );
    assert_eq!(mark.get((3, 1)), Some(&Data::String("2".into())));
    let xlsx = audit(&admin, "export_xlsx");
    assert_eq!(xlsx.len(), 1);
    let detail: Value = serde_json::from_str(xlsx[0]["detail"].as_str().unwrap()).unwrap();
    assert_eq!(
        detail["rows"], 2,
        "a handler's export stays inside its unit"
    );
    // a refused export is no export
    assert_eq!(customs.get("/api/staff/ledger.xlsx?part=9").status, 422);
    assert_eq!(audit(&admin, "export_xlsx").len(), 1);
}

fn tick(server: &Server) {
    let run = send("GET", &server.url("/__scheduled?cron=*+*+*+*+*"), &[], None);
    assert_eq!(run.status, 200, "{}", run.body);
}

/// `(closed before the cutoff with a contact left, closed before it anonymised, closed since
/// anonymised)` for a cutoff `years` back, read from D1.
fn closed(server: &Server, years: u32) -> (u64, u64, u64) {
    let cutoff = format!(
        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-{} months')",
        12 * years
    );
    let row = harness::query(
        &server.state,
        &format!(
            "SELECT sum(updated_at < {cutoff} AND contact_phone <> '') AS kept, \
             sum(updated_at < {cutoff} AND contact_phone = '' AND anonymised_at IS NOT NULL) AS gone, \
             sum(updated_at >= {cutoff} AND contact_phone = '') AS early \
             FROM cases WHERE status = 'closed'"
        ),
    )
    .unwrap();
    let n = |k: &str| row[k].as_u64().unwrap_or(0);
    (n("kept"), n("gone"), n("early"))
}

/// Five and a half years of an office's cases: those closed more than the retention period ago
/// lose their contact's name and number to the sweep, 500 a run, and nothing else changes — not
/// the statistics, not the ledger's counts; a shorter period set by the administrator takes more.
#[test]
fn the_sweep_anonymises_contacts_past_the_retention_period_and_counts_stay() {
    use harness::volume::{sql, Mix};
    let mix = Mix {
        total: 1_500,
        open: 20,
        overdue: 0,
        days: 2_000,
        numbered: false,
    };
    let server = Server::start_seeded(&sql(&mix, &domain::time::iso(harness::now()), 0), &[]);
    let admin = server.with_staff();
    let leader = server.login("leader", DEMO_PASSWORD);
    let (old, _, _) = closed(&server, 3);
    assert!(old > 500, "more than one run's batch: {old}");
    let stats = leader.get("/api/staff/stats?from=2020-01-01").json();
    let ledger = leader.get("/api/staff/ledger?from=2020-01-01").json()["total"].clone();

    tick(&server);
    assert_eq!(
        closed(&server, 3),
        (old - 500, 500, 0),
        "500 a run, the oldest first"
    );
    tick(&server);
    assert_eq!(
        closed(&server, 3),
        (0, old, 0),
        "the rest next run; none too early"
    );
    tick(&server);
    assert_eq!(closed(&server, 3), (0, old, 0), "nothing twice");
    let runs = audit(&admin, "anonymise");
    assert_eq!(runs.len(), 2, "one line per run that did any");
    let detail: Value = serde_json::from_str(runs[1]["detail"].as_str().unwrap()).unwrap();
    assert_eq!(detail["cases"], 500);
    assert_eq!(detail["years"], 3);
    let after = leader.get("/api/staff/stats?from=2020-01-01").json();
    assert_eq!(after["total"], stats["total"]);
    assert_eq!(after["by_category_port"], stats["by_category_port"]);
    assert_eq!(after["ratings"], stats["ratings"]);
    assert_eq!(
        leader.get("/api/staff/ledger?from=2020-01-01").json()["total"],
        ledger
    );

    // the administrator shortens the period: the next runs take what is now past it
    assert_eq!(
        admin.get("/api/admin/settings").json()["retention_years"],
        3
    );
    for bad in [
        json!({"years": 0}),
        json!({"years": 31}),
        json!({"years": "2"}),
    ] {
        let a = admin.post("/api/admin/retention", &bad);
        assert_eq!(a.status, 422, "{bad}: {}", a.body);
        assert!(a.json()["error"]["fields"]["years"].is_string());
    }
    let desk = server.login("desk", DEMO_PASSWORD);
    assert_eq!(
        desk.post("/api/admin/retention", &json!({"years": 1}))
            .status,
        403
    );
    let set = admin.post("/api/admin/retention", &json!({"years": 2}));
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(audit(&admin, "retention_saved").len(), 1);
    for _ in 0..3 {
        tick(&server);
    }
    let (kept, gone, early) = closed(&server, 2);
    assert_eq!((kept, early), (0, 0));
    assert!(gone > old, "{gone} > {old}");
}

/// The administrator's audit page: filtered by account, action and Shanghai dates, and exported
/// with the same filter — an export that is itself in the log.
#[test]
fn the_audit_log_filters_by_person_action_and_date_and_exports_itself() {
    let server = Server::start();
    let admin = server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let customs = server.login("customs", DEMO_PASSWORD);
    let (no, _) = server.file_sample("privacy-audit-0001");
    desk.route_to(&no, "customs");
    assert_eq!(
        desk.post(&format!("/api/staff/cases/{no}/contact"), &json!({}))
            .status,
        200
    );
    assert_eq!(customs.get("/api/staff/ledger.csv").status, 200);

    let page = |q: &str| {
        let a = admin.get(&format!("/api/staff/audit?{q}"));
        assert_eq!(a.status, 200, "{q}: {}", a.body);
        a.json()
    };
    let by_desk = page("actor=desk");
    let items = by_desk["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|e| e["username"] == "desk"), "{by_desk}");
    assert_eq!(
        by_desk["entries"], by_desk["items"],
        "the old name still answers"
    );
    let exports = page("action=export_csv");
    assert_eq!(exports["total"], 1);
    assert_eq!(exports["items"][0]["actor_name"], "张伟");
    assert!(exports["actions"]
        .as_array()
        .unwrap()
        .contains(&json!("reveal_contact")));
    let today = harness::now()
        .with_timezone(&domain::time::shanghai())
        .format("%Y-%m-%d")
        .to_string();
    assert!(
        page(&format!("from={today}&to={today}"))["total"]
            .as_u64()
            .unwrap()
            >= 2
    );
    assert_eq!(page("to=2026-01-01")["total"], 0);
    for (q, field) in [
        ("from=2026-13-01", "from"),
        ("actor=a'b", "actor"),
        ("page=0", "page"),
    ] {
        let a = admin.get(&format!("/api/staff/audit?{q}"));
        assert_eq!(a.status, 422, "{q}");
        assert!(a.json()["error"]["fields"][field].is_string(), "{q}");
    }

    let file = admin.get("/api/staff/audit.csv?action=reveal_contact");
    assert_eq!(file.status, 200, "{}", file.body);
    let lines: Vec<&str> = file.body.trim_end().lines().collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[1].contains("reveal_contact") && lines[1].contains(&no));
    assert_eq!(
        page("action=export_audit")["total"],
        1,
        "the export is logged"
    );
    for path in ["/api/staff/audit", "/api/staff/audit.csv"] {
        assert_eq!(desk.get(path).status, 403, "{path}");
    }
}

/// A person's rights: the administrator finds every case of a mobile number or credit code (the
/// answer is what is held, as a download), erases the contact with a reason, corrects one case;
/// each step is in the audit log, and only the administrator may.
#[test]
fn the_administrator_finds_erases_and_corrects_what_is_held_about_a_person() {
    let server = Server::start();
    let admin = server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let (first, _) = server.file_sample("privacy-person-001");
    let (second, _) = server.file_sample("privacy-person-002");
    let mut other = harness::sample_case();
    other["contact_phone"] = json!("13900001111");
    assert_eq!(server.post_case("privacy-person-003", &other).status, 201);

    let held = admin.get("/api/admin/person?phone=138%201234%205678");
    assert_eq!(held.status, 200, "{}", held.body);
    assert!(held
        .header("content-disposition")
        .unwrap()
        .contains("attachment"));
    let cases = held.json()["cases"].as_array().unwrap().clone();
    let numbers: Vec<&str> = cases
        .iter()
        .map(|c| c["case_no"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, [first.as_str(), second.as_str()]);
    assert_eq!(
        cases[0]["contact_phone"], "13812345678",
        "in full, for the person"
    );
    assert_eq!(audit(&admin, "person_lookup").len(), 1);
    for q in [
        "",
        "phone=123",
        "uscc=x",
        "phone=13812345678&uscc=91350100M000100Y43",
    ] {
        let a = admin.get(&format!("/api/admin/person?{q}"));
        assert_eq!(a.status, 422, "{q}: {}", a.body);
    }
    let by_code = admin
        .get("/api/admin/person?uscc=91350100M000100Y43")
        .json();
    assert_eq!(by_code["cases"].as_array().unwrap().len(), 3);

    // corrected: one case, with a reason; the old number stays only in the log
    let fix = json!({"case_no": first, "contact_name": "王敏", "contact_phone": "13700002222", "reason": "本人来电更正号码"});
    let mut no_reason = fix.clone();
    no_reason["reason"] = json!(" ");
    assert_eq!(
        admin.post("/api/admin/person/correct", &no_reason).status,
        422
    );
    let mut bad_phone = fix.clone();
    bad_phone["contact_phone"] = json!("12");
    assert_eq!(
        admin.post("/api/admin/person/correct", &bad_phone).status,
        422
    );
    assert_eq!(admin.post("/api/admin/person/correct", &fix).status, 200);
    let corrected = audit(&admin, "person_corrected");
    assert!(corrected[0]["detail"]
        .as_str()
        .unwrap()
        .contains("13812345678"));
    assert_eq!(
        admin.get("/api/admin/person?phone=13700002222").json()["cases"][0]["case_no"],
        first.as_str()
    );

    // erased: every case of the number, with a reason, once
    let erase = json!({"phone": "13812345678", "reason": "本人书面申请删除"});
    assert_eq!(
        admin
            .post("/api/admin/person/erase", &json!({"phone": "13812345678"}))
            .status,
        422
    );
    let done = admin.post("/api/admin/person/erase", &erase);
    assert_eq!(done.json(), json!({"erased": 1}), "{}", done.body);
    assert_eq!(
        admin.post("/api/admin/person/erase", &erase).json(),
        json!({"erased": 0})
    );
    assert!(
        admin.get("/api/admin/person?phone=13812345678").json()["cases"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let view = desk.get(&format!("/api/staff/cases/{second}")).json();
    assert_eq!(view["contact_name"], "");
    assert_eq!(audit(&admin, "person_erased").len(), 2);

    // only the administrator
    for (who, path) in [
        ("desk", "/api/admin/person?phone=13812345678"),
        ("super", "/api/admin/person?phone=13812345678"),
    ] {
        assert_eq!(server.login(who, DEMO_PASSWORD).get(path).status, 403);
    }
    assert_eq!(desk.post("/api/admin/person/erase", &erase).status, 403);
    assert_eq!(desk.post("/api/admin/person/correct", &fix).status, 403);
}
