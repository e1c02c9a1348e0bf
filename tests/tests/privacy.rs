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
    // the file itself names who made it, when, with which filter, how many rows
    let last = file.body.trim_end().lines().last().unwrap().to_string();
    for part in [
        "导出人：刘静（desk）",
        "导出时间：",
        "筛选条件：department=customs",
        "行数：2",
    ] {
        assert!(last.contains(part), "{part} in {last}");
    }
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
