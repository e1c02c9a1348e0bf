//! At an office's volume, on real wrangler dev + D1 seeded with SQL (not through the API): the
//! queue holds every open case however many there are, pages them fifty at a time in priority
//! order, and counts its tabs as the ledger does; a long ledger search works in the page, the
//! statistics, the CSV and the XLSX; an export that fails midway breaks off visibly.

use harness::volume::{sql, Mix};
use harness::{Server, DEMO_PASSWORD};
use serde_json::Value;

fn now_iso() -> String {
    domain::time::iso(harness::now())
}

const MIX: Mix = Mix {
    total: 2_400,
    open: 2_131,
    overdue: 31,
    days: 60,
    numbered: true,
};

/// The queue's order: work on staff's desk (BB and above first) before cases waiting on the
/// enterprise, then the due time.
fn keys(items: &[Value]) -> Vec<(u8, String, String)> {
    items
        .iter()
        .map(|it| {
            let running = ["submitted", "triaged", "in_progress", "reopened"]
                .contains(&it["status"].as_str().unwrap());
            (
                match (running, it["priority"].as_bool().unwrap()) {
                    (false, _) => 2,
                    (true, true) => 0,
                    (true, false) => 1,
                },
                it["due_at"].as_str().unwrap_or("~").to_string(),
                it["case_no"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_open_case_is_in_the_queue_at_an_office_volume() {
    let server = Server::start_seeded(&sql(&MIX, &now_iso(), 0), &[]);
    server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);

    // unfinished: the open ones and the answered ones (waiting for a rating)
    let answered = desk.get("/api/staff/ledger?status=answered").json()["total"]
        .as_u64()
        .unwrap();
    assert!(answered > 0);
    let unfinished = u64::from(MIX.open) + answered;
    let q = desk.get("/api/staff/queue").json();
    assert_eq!(q["counts"]["all"], unfinished, "{}", q["counts"]);
    assert_eq!(q["total"], unfinished);
    assert_eq!(q["items"].as_array().unwrap().len(), 50, "fifty a page");
    assert_eq!(q["pages"], unfinished.div_ceil(50));

    // every overdue case is in its tab, and the count equals the ledger's
    let overdue = desk.get("/api/staff/queue?tab=overdue").json();
    assert_eq!(overdue["counts"]["overdue"], u64::from(MIX.overdue));
    assert_eq!(overdue["total"], u64::from(MIX.overdue));
    let listed = overdue["items"].as_array().unwrap();
    assert_eq!(listed.len(), MIX.overdue as usize);
    assert!(listed.iter().all(|it| it["overdue"] == true));
    let ledger = desk.get("/api/staff/ledger?overdue=1").json();
    assert_eq!(ledger["total"], overdue["total"], "queue and ledger agree");

    // the order holds across pages: work before waiting, priority first, then the earliest due
    let mut all = Vec::new();
    for page in 1..=3 {
        let p = desk.get(&format!("/api/staff/queue?page={page}")).json();
        all.extend(keys(p["items"].as_array().unwrap()));
    }
    let flags: Vec<(u8, String)> = all.iter().map(|(p, d, _)| (*p, d.clone())).collect();
    let mut sorted = flags.clone();
    sorted.sort();
    assert_eq!(flags, sorted, "work, priority, then due time, across pages");
    assert!(
        flags.iter().all(|(rank, _)| *rank < 2),
        "with thousands of cases to work on, the first pages hold no answered case"
    );
    let mut nos: Vec<&String> = all.iter().map(|(_, _, n)| n).collect();
    nos.dedup();
    assert_eq!(nos.len(), 150, "pages never overlap");
    // the last page is reachable and short
    let last = desk
        .get(&format!("/api/staff/queue?page={}", q["pages"]))
        .json();
    assert_eq!(
        last["items"].as_array().unwrap().len() as u64,
        unfinished - (q["pages"].as_u64().unwrap() - 1) * 50
    );
    assert_eq!(desk.get("/api/staff/queue?tab=later").status, 422);

    // a handler's tabs stop at the wall, and match the ledger's within it
    let customs = server.login("customs", DEMO_PASSWORD);
    let mine = customs.get("/api/staff/queue?tab=overdue").json();
    let theirs = customs.get("/api/staff/ledger?overdue=1").json();
    assert_eq!(mine["total"], theirs["total"]);
    assert!(mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|it| it["department"] == "customs"));
    // levels are named wherever staff read them
    let first = &q["items"][0];
    assert!(
        first["level_label"]
            .as_str()
            .is_some_and(|l| l.contains("分办") || l.contains("自办") || l.contains("督办")),
        "{first}"
    );
}

#[test]
fn a_long_search_works_everywhere_and_a_broken_export_breaks_off() {
    let mix = Mix {
        total: 1_300,
        open: 100,
        overdue: 5,
        days: 30,
        numbered: true,
    };
    let server = Server::start_seeded(
        &sql(&mix, &now_iso(), 0),
        &[("LEDGER_FAIL_AFTER_CHUNKS", "1")],
    );
    server.with_staff();
    let leader = server.login("leader", DEMO_PASSWORD);
    // a case's own title: 17 and more Chinese characters (D1 refuses LIKE patterns that long)
    let first = leader.get("/api/staff/ledger?size=50").json();
    let title = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|it| it["title"].as_str())
        .max_by_key(|t| t.chars().count())
        .unwrap()
        .to_string();
    assert!(title.chars().count() >= 17, "{title}");
    let q = format!("q={}", urlencode(&title));
    let page = leader.get(&format!("/api/staff/ledger?{q}"));
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.json()["total"], 1, "{}", page.body);
    for path in [
        "/api/staff/stats",
        "/api/staff/ledger.xlsx",
        "/api/staff/queue",
    ] {
        let a = leader.get(&format!("{path}?{q}"));
        assert_eq!(a.status, 200, "{path}: {}", a.body);
    }
    let hundred = "港".repeat(100);
    let a = leader.get(&format!("/api/staff/ledger?q={}", urlencode(&hundred)));
    assert_eq!((a.status, a.json()["total"].as_u64()), (200, Some(0)));
    let a = leader.get(&format!(
        "/api/staff/ledger?q={}",
        urlencode(&format!("{hundred}港"))
    ));
    assert_eq!(a.status, 422, "{}", a.body);
    assert!(a.json()["error"]["fields"]["q"].is_string());
    // also by case number, credit code and phone
    let no = page.json()["items"][0]["case_no"]
        .as_str()
        .unwrap()
        .to_string();
    let by_no = leader.get(&format!("/api/staff/ledger?q={}", no.to_lowercase()));
    assert_eq!(by_no.json()["total"], 1, "{}", by_no.body);

    follow_ups_page_in_d1(&server);

    // one chunk (1 000 rows) goes out, then the export fails: the download breaks off instead
    // of ending like a whole file
    let csv = leader.get("/api/staff/ledger.csv");
    assert_eq!(csv.status, 200);
    let whole: usize = csv.header("x-ledger-rows").unwrap().parse().unwrap();
    assert_eq!(
        whole, 1_300,
        "the answer says how many rows a whole file has"
    );
    let lines: Vec<&str> = csv.body.lines().collect();
    assert!(lines.len() - 2 < whole, "{} lines", lines.len());
    assert!(
        csv.broken
            || lines
                .last()
                .unwrap()
                .contains(domain::ledger::EXPORT_FAILED),
        "the client must see the failure: ends {:?}",
        lines.last()
    );
}

/// Every 差评 and unrated answer of the month is on some page of 回访, once; those waiting for
/// their visit come first; a handler sees its own unit's; a bad page number is a 422.
fn follow_ups_page_in_d1(server: &Server) {
    let desk = server.login("desk", DEMO_PASSWORD);
    let all_of = |list: &str, param: &str| {
        let first = desk.get("/api/staff/follow-ups").json();
        let (total, pages) = (
            first[list]["total"].as_u64().unwrap(),
            first[list]["pages"].as_u64().unwrap(),
        );
        assert!(total > 20, "more than one page of {list}: {first}");
        assert_eq!(pages, total.div_ceil(20));
        let mut seen: Vec<String> = (1..=pages)
            .flat_map(|p| {
                let page = desk
                    .get(&format!("/api/staff/follow-ups?{param}={p}"))
                    .json();
                assert_eq!(page[list]["page"], p);
                page[list]["items"].as_array().unwrap().clone()
            })
            .map(|it| it["case_no"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(seen.len() as u64, total, "{list}");
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len() as u64, total, "{list}: a case on two pages");
        (total, seen)
    };
    let (bad_total, bad) = all_of("bad", "page");
    all_of("unrated", "unrated_page");
    let f = desk.get("/api/staff/follow-ups").json();
    assert_eq!(f["coverage"]["bad_total"], bad_total);

    // a 差评 from the last page gets its visit: the coverage counts it and it leaves page 1's
    // waiting list for the end
    let last = desk
        .get(&format!(
            "/api/staff/follow-ups?page={}",
            bad_total.div_ceil(20)
        ))
        .json();
    let visited = last["bad"]["items"].as_array().unwrap().last().unwrap()["case_no"]
        .as_str()
        .unwrap()
        .to_string();
    let v = desk.post(
        &format!("/api/staff/cases/{visited}/visits"),
        &serde_json::json!({"channel": "phone", "outcome": "satisfied"}),
    );
    assert_eq!(v.status, 201, "{}", v.body);
    let f = desk.get("/api/staff/follow-ups").json();
    assert_eq!(f["coverage"]["bad_visited"], 1);
    let first: Vec<&Value> = f["bad"]["items"].as_array().unwrap().iter().collect();
    assert!(
        first.iter().all(|it| it["visits"] == 0),
        "waiting first: {f}"
    );
    assert!(bad.contains(&visited));

    let customs = server.login("customs", DEMO_PASSWORD);
    let mine = customs.get("/api/staff/follow-ups").json();
    let own = mine["bad"]["total"].as_u64().unwrap();
    assert!(own > 0 && own < bad_total, "{own} of {bad_total}");
    for bad_page in ["0", "-2", "two"] {
        let r = desk.get(&format!("/api/staff/follow-ups?page={bad_page}"));
        assert_eq!(r.status, 422, "{bad_page}: {}", r.body);
        assert!(r.json()["error"]["fields"]["page"].is_string());
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
