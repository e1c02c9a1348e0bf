//! The ledger 台账 and the statistics on real wrangler dev + D1: the page, the CSV and the XLSX
//! (read back with calamine) hold exactly the filtered rows; the department wall holds in the
//! ledger too; density and rating figures match what was filed; the public commitment page
//! shows figures and nobody's data.

use std::collections::BTreeSet;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use harness::{sample_case, send, Server, Staff, DEMO_PASSWORD};
use serde_json::{json, Value};

const REPORTS: [(&str, &str, &str); 10] = [
    (
        "qianwan",
        "船边直提已批准，集装箱仍进了堆场",
        "提单号COSU6234567890，12个柜获批船边直提，卸船后仍被拖进堆场，多出堆存费。",
    ),
    (
        "qianwan",
        "船边直提批了，柜子还是进了堆场",
        "提单MSCU1234567，8个柜船边直提已批准，码头还是拖进了堆场。",
    ),
    (
        "qianwan",
        "批了船边直提但柜子进堆场产生堆存费",
        "提单OOLU7654321，5个冷柜批了船边直提，结果进了堆场。",
    ),
    (
        "qianwan",
        "船边直提的柜被拖进堆场",
        "提单EGLV5551234，船边直提审批通过，柜子却进了堆场，要求说明。",
    ),
    (
        "dagang",
        "AEO高级认证企业有哪些通关便利",
        "我们是AEO高级认证企业，想了解通关上具体有哪些便利措施和政策依据。",
    ),
    (
        "dagang",
        "两步申报需要什么条件",
        "想了解两步申报的适用条件和办理流程，有没有政策文件。",
    ),
    (
        "dagang",
        "RCEP原产地证书怎么申请",
        "第一次出口日本，想问RCEP原产地证书在哪里申请，需要什么材料。",
    ),
    (
        "airport",
        "单一窗口怎么注册企业账号",
        "新成立的公司，不知道国际贸易单一窗口怎么注册。",
    ),
    (
        "airport",
        "电子口岸卡丢了怎么补办",
        "公司的电子口岸IC卡丢了，请问怎么补办。",
    ),
    (
        "rail",
        "建议中欧班列开通夜间查验",
        "建议在胶州铁路集装箱中心站试点中欧班列夜间查验，缩短等待时间。",
    ),
];

/// Files the ten reports; returns (case_no, token) in filing order.
fn file_all(server: &Server) -> Vec<(String, String)> {
    REPORTS
        .iter()
        .enumerate()
        .map(|(i, (port, title, description))| {
            let mut body = sample_case();
            body["port"] = json!(port);
            body["title"] = json!(title);
            body["description"] = json!(description);
            let a = server.post_case(&format!("ledger-case-{i:04}"), &body);
            assert_eq!(a.status, 201, "{}", a.body);
            let v = a.json();
            (
                v["case_no"].as_str().unwrap().to_string(),
                v["token"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn answer_and_rate(server: &Server, desk: &Staff, case: &(String, String), score: u8) {
    let a = desk.act(
        &case.0,
        json!({"action": "triage", "category": "consult", "importance": "B", "urgency": "B",
               "department": "customs", "level": 1, "reason": "确认"}),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    let a = desk.act(
        &case.0,
        json!({"action": "answer", "body": "已答复：请见政策解读。"}),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    let r = send(
        "POST",
        &server.url(&format!("/api/cases/status/{}/rating", case.1)),
        &[("content-type", "application/json")],
        Some(json!({"score": score}).to_string().as_bytes()),
    );
    assert_eq!(r.status, 201, "{}", r.body);
}

fn numbers(items: &Value) -> BTreeSet<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["case_no"].as_str().unwrap().to_string())
        .collect()
}

/// The case numbers of a CSV export, after checking the BOM and the Chinese header.
fn csv_numbers(a: &harness::Answer) -> Vec<String> {
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(a.header("content-type").unwrap().starts_with("text/csv"));
    assert!(a.bytes.starts_with(&[0xef, 0xbb, 0xbf]), "UTF-8 BOM");
    let text = &a.body['\u{feff}'.len_utf8()..];
    let mut lines = text.split("\r\n").filter(|l| !l.is_empty());
    assert!(lines
        .next()
        .unwrap()
        .starts_with("受理编号,受理时间,企业名称"));
    lines
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect()
}

/// The case numbers of an XLSX export, read back with calamine.
fn xlsx_numbers(a: &harness::Answer) -> Vec<String> {
    assert_eq!(a.status, 200, "{}", a.body);
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(a.bytes.clone())).expect("a real XLSX");
    let sheet = book.worksheet_range("台账").expect("sheet 台账");
    let mut rows = sheet.rows();
    let header = rows.next().unwrap();
    assert_eq!(header[0], Data::String("受理编号".into()));
    assert_eq!(header[11], Data::String("责任单位".into()));
    let numbers = rows.map(|r| r[0].to_string()).collect();
    // and a sheet of its own names who exported it and when (issue 20)
    let mark = book.worksheet_range("导出信息").expect("sheet 导出信息");
    assert_eq!(mark.get((0, 0)), Some(&Data::String("导出人".into())));
    numbers
}

#[test]
fn the_ledger_exports_exactly_the_filtered_rows() {
    let server = Server::start_with(&[("LEDGER_PART_ROWS", "2")]);
    server.with_staff();
    let cases = file_all(&server);
    let desk = server.login("desk", DEMO_PASSWORD);
    answer_and_rate(&server, &desk, &cases[4], 1);
    answer_and_rate(&server, &desk, &cases[5], 5);

    let all = desk.get("/api/staff/ledger?size=200").json();
    assert_eq!(all["total"], 10);
    let items = all["items"].as_array().unwrap().clone();
    // the file lists the cases in the order the page shows them: newest first
    let shown: Vec<String> = items
        .iter()
        .map(|i| i["case_no"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(csv_numbers(&desk.get("/api/staff/ledger.csv")), shown);
    let expect = |f: &dyn Fn(&Value) -> bool| -> BTreeSet<String> {
        items
            .iter()
            .filter(|i| f(i))
            .map(|i| i["case_no"].as_str().unwrap().to_string())
            .collect()
    };
    let practice_qianwan = expect(&|i| i["port"] == "qianwan" && i["category"] == "practice");
    assert!(!practice_qianwan.is_empty());
    let day = items[0]["case_no"].as_str().unwrap()[4..12].to_string();
    let today = format!("{}-{}-{}", &day[..4], &day[4..6], &day[6..]);
    for (filter, want) in [
        ("port=dagang", expect(&|i| i["port"] == "dagang")),
        ("port=qianwan&category=practice", practice_qianwan),
        ("rating=bad", BTreeSet::from([cases[4].0.clone()])),
        ("rating=good", BTreeSet::from([cases[5].0.clone()])),
        ("status=answered", BTreeSet::new()),
        (
            &format!("from={today}&to={today}") as &str,
            numbers(&all["items"]),
        ),
        ("to=2020-01-01", BTreeSet::new()),
        ("q=RCEP", BTreeSet::from([cases[6].0.clone()])),
    ] {
        let page = desk
            .get(&format!("/api/staff/ledger?size=200&{filter}"))
            .json();
        assert_eq!(numbers(&page["items"]), want, "page {filter}");
        assert_eq!(page["total"], want.len(), "{filter}");

        let csv = csv_numbers(&desk.get(&format!("/api/staff/ledger.csv?{filter}")));
        assert_eq!(csv.len(), want.len(), "csv has no duplicates: {filter}");
        assert_eq!(
            csv.into_iter().collect::<BTreeSet<_>>(),
            want,
            "csv {filter}"
        );

        // parts of two rows each, read back and put together
        let parts = page["export"]["xlsx_parts"].as_u64().unwrap();
        assert_eq!(parts, (want.len() as u64).div_ceil(2).max(1), "{filter}");
        let mut xlsx = Vec::new();
        for part in 1..=parts {
            let a = desk.get(&format!("/api/staff/ledger.xlsx?{filter}&part={part}"));
            assert_eq!(a.header("x-ledger-parts"), Some(parts.to_string().as_str()));
            let rows = xlsx_numbers(&a);
            assert!(rows.len() <= 2);
            xlsx.extend(rows);
        }
        assert_eq!(
            xlsx.len(),
            want.len(),
            "xlsx parts do not overlap: {filter}"
        );
        assert_eq!(
            xlsx.into_iter().collect::<BTreeSet<_>>(),
            want,
            "xlsx {filter}"
        );
    }

    // pages cover the set once
    let mut seen = BTreeSet::new();
    for page in 1..=4 {
        let p = desk
            .get(&format!(
                "/api/staff/ledger?size=3&page={page}&sort=due&dir=asc"
            ))
            .json();
        for n in numbers(&p["items"]) {
            assert!(seen.insert(n), "a row on two pages");
        }
    }
    assert_eq!(seen, numbers(&all["items"]));

    // the wall: a customs handler's ledger and exports hold customs cases only
    let customs = server.login("customs", DEMO_PASSWORD);
    let own = expect(&|i| i["department"] == "customs");
    assert_eq!(
        numbers(&customs.get("/api/staff/ledger?size=200").json()["items"]),
        own
    );
    let csv = csv_numbers(&customs.get("/api/staff/ledger.csv"));
    assert_eq!(csv.into_iter().collect::<BTreeSet<_>>(), own);

    // a bad filter names its field; no session, no ledger
    let bad = desk.get("/api/staff/ledger?status=lost");
    assert_eq!(bad.status, 422);
    assert!(bad.json()["error"]["fields"]["status"].is_string());
    assert_eq!(desk.get("/api/staff/ledger.xlsx?part=9").status, 422);
    for path in [
        "/api/staff/ledger",
        "/api/staff/ledger.csv",
        "/api/staff/ledger.xlsx",
    ] {
        assert_eq!(
            send("GET", &server.url(path), &[], None).status,
            401,
            "{path}"
        );
    }
}

#[test]
fn statistics_and_the_public_page_match_what_was_filed() {
    let server = Server::start();
    server.with_staff();
    let cases = file_all(&server);
    let desk = server.login("desk", DEMO_PASSWORD);
    answer_and_rate(&server, &desk, &cases[4], 1);
    answer_and_rate(&server, &desk, &cases[5], 5);
    answer_and_rate(&server, &desk, &cases[7], 4);

    let leader = server.login("leader", DEMO_PASSWORD);
    let st = leader.get("/api/staff/stats").json();
    assert_eq!(st["total"], 10);
    // density: every cell is the number of ledger rows with that category and port
    let items = leader.get("/api/staff/ledger?size=200").json()["items"].clone();
    let items = items.as_array().unwrap();
    let m = &st["by_category_port"];
    let mut cells = 0;
    for (r, row) in m["rows"].as_array().unwrap().iter().enumerate() {
        for (c, col) in m["cols"].as_array().unwrap().iter().enumerate() {
            let n = items
                .iter()
                .filter(|i| i["category"] == row["code"] && i["port"] == col["code"])
                .count();
            assert_eq!(m["counts"][r][c], n, "{} × {}", row["code"], col["code"]);
            cells += n;
        }
    }
    assert_eq!(cells, 10, "every case triaged, so in one cell");
    assert_eq!(st["weekly"].as_array().unwrap().len(), 1);
    assert_eq!(st["weekly"][0]["count"], 10);
    assert_eq!(st["ratings"], json!([1, 0, 0, 1, 1]));
    assert!((st["satisfaction"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    // answered at once: on time, and a few working minutes at most
    assert_eq!(st["overall"]["resolution"]["met"], 3);
    assert_eq!(st["overall"]["resolution"]["due"], 3);
    assert!(st["overall"]["average_hours"].as_f64().unwrap() < 1.0);
    assert_eq!(st["rectification"]["pending"], 1);
    assert_eq!(
        st["visits"],
        json!({"bad_total": 1, "bad_visited": 0, "coverage": 0.0})
    );
    // the four 船边直提 reports are one recurring problem
    let top = &st["recurring"][0];
    assert_eq!(
        top["case_nos"].as_array().unwrap().len(),
        4,
        "{}",
        st["recurring"]
    );
    // filters apply to the figures too
    assert_eq!(
        leader.get("/api/staff/stats?port=dagang").json()["total"],
        3
    );

    assert_eq!(
        server
            .login("customs", DEMO_PASSWORD)
            .get("/api/staff/stats")
            .status,
        403
    );
    assert_eq!(
        server
            .login("admin", DEMO_PASSWORD)
            .get("/api/staff/stats")
            .status,
        403
    );
    assert_eq!(desk.get("/api/staff/stats").status, 200);

    let public = server.get("/api/commitment");
    assert_eq!(public.status, 200);
    let p = public.json();
    assert_eq!(p["received"], 10);
    assert_eq!(p["rated"], 3);
    assert_eq!(p["on_time"]["met"], 3);
    assert_eq!(p["commitment"][0]["urgency"], "A");
    assert_eq!(
        p["commitment"][0]["first_response"],
        json!({"unit": "working_hours", "n": 2})
    );
    for private in [
        "青岛海川",
        "1381234",
        "王丽",
        "91350100",
        "船边直提",
        "ZTC-",
    ] {
        assert!(
            !public.body.contains(private),
            "{private} on the public page"
        );
    }
}

/// Issue 15, item 14: the demo's month (what a newcomer reads first on `/commitment` and the
/// statistics) has the figures of a working office, not of history answered all at once.
#[test]
fn the_demo_month_reads_like_a_working_office() {
    let server = harness::Server::start_seeded(&harness::demo_month_sql(), &[]);
    let c = server.get("/api/commitment").json();
    let first = c["first_response_on_time"].as_f64().unwrap();
    let resolution = c["on_time"]["rate"].as_f64().unwrap();
    let satisfaction = c["satisfaction"].as_f64().unwrap();
    assert!((0.85..1.0).contains(&first), "first response {first}: {c}");
    assert!(
        (0.85..1.0).contains(&resolution),
        "resolution {resolution}: {c}"
    );
    assert!(
        (0.8..1.0).contains(&satisfaction),
        "satisfaction {satisfaction}: {c}"
    );
    assert!(c["received"].as_u64().unwrap() >= 100, "{c}");
    eprintln!("demo month: {c}");
}

/// The statistics are aggregated by D1 (`domain::stats::group_sql`); the same figures computed
/// case by case with the domain's rule (`Stats::build` over the ledger's rows) must agree, so
/// the SQL and the rule cannot drift apart. The ledger has no first-response times, so that
/// rate is compared through the demo-month test's bounds only.
#[test]
fn d1_aggregates_agree_with_the_rule_case_by_case() {
    use domain::stats::{StatRow, Stats};
    let server = Server::start_seeded(&harness::demo_month_sql(), &[]);
    server.with_staff();
    let leader = server.login("leader", DEMO_PASSWORD);
    let mut rows = Vec::new();
    for page in 1.. {
        let p = leader
            .get(&format!("/api/staff/ledger?size=200&page={page}"))
            .json();
        let items = p["items"].as_array().unwrap().clone();
        if items.is_empty() {
            break;
        }
        for it in items {
            let text = |k: &str| it[k].as_str().map(String::from);
            let grade = text("grade").unwrap_or_default();
            rows.push(StatRow {
                port: text("port").unwrap(),
                department: text("department"),
                category: text("category"),
                importance: grade.get(0..1).map(String::from),
                urgency: grade.get(1..2).map(String::from),
                status: text("status").unwrap(),
                received: text("received_at").unwrap(),
                due_first_response: None,
                first_response_at: None,
                due_at: text("due_at"),
                answered_at: text("answered_at"),
                handling_minutes: None,
                rating: it["rating"].as_i64(),
            });
        }
    }
    assert!(rows.len() > 200, "more than one page: {}", rows.len());
    let expected = Stats::build(&rows, harness::now(), domain::Lang::ZhCn);
    let got = leader.get("/api/staff/stats").json();
    assert_eq!(got["total"], expected.total);
    assert_eq!(got["by_category_port"], json!(expected.by_category_port));
    assert_eq!(
        got["by_category_department"],
        json!(expected.by_category_department)
    );
    assert_eq!(got["weekly"], json!(expected.weekly));
    assert_eq!(got["monthly"], json!(expected.monthly));
    assert_eq!(got["ratings"], json!(expected.ratings));
    let resolution = |p: &Value| {
        (
            p["resolution"]["due"].clone(),
            p["resolution"]["met"].clone(),
        )
    };
    assert_eq!(
        resolution(&got["overall"]),
        (
            json!(expected.overall.resolution.due),
            json!(expected.overall.resolution.met)
        )
    );
    for (g, e) in got["by_grade"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&expected.by_grade)
    {
        assert_eq!(g["code"], e.code.as_str());
        assert_eq!(
            resolution(g),
            (json!(e.resolution.due), json!(e.resolution.met)),
            "grade {}",
            e.code
        );
    }
    assert_eq!(
        got["by_grade"].as_array().unwrap().len(),
        expected.by_grade.len()
    );
}
