//! The public API on real `wrangler dev` (workerd + local D1), one fresh server per test.

use std::collections::BTreeSet;

use domain::CaseNo;
use harness::{sample_case, send, Server};
use serde_json::{json, Value};

fn assert_error(answer: &harness::Answer, status: u16, code: &str) -> Value {
    assert_eq!(answer.status, status, "{}", answer.body);
    let v = answer.json();
    assert_eq!(v["error"]["code"], code, "{}", answer.body);
    let message = v["error"]["message"].as_str().unwrap_or_default();
    assert!(!message.is_empty(), "a message: {}", answer.body);
    assert!(
        v["error"]["fields"].is_object(),
        "fields object: {}",
        answer.body
    );
    v
}

#[test]
fn submit_then_read_status_by_token() {
    let server = Server::start();
    let created = server.post_case("first-case-key-01", &sample_case());
    assert_eq!(created.status, 201, "{}", created.body);
    let c = created.json();
    let case_no = CaseNo::parse(c["case_no"].as_str().unwrap()).expect("case number format");
    assert_eq!(case_no.seq, 1);
    let token = c["token"].as_str().unwrap();
    assert!(
        token.len() >= 22
            && token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    assert_eq!(c["status_url"], format!("/c/{token}"));
    assert!(c["submitted_at_text"].as_str().unwrap().contains('年'));

    let status = server.get(&format!("/api/cases/status/{token}"));
    assert_eq!(status.status, 200, "{}", status.body);
    assert_eq!(status.header("cache-control"), Some("no-store"));
    let s = status.json();
    assert_eq!(s["case_no"], c["case_no"]);
    assert_eq!(s["status"], "submitted");
    assert_eq!(s["status_label"], "已受理，正在确定责任单位");
    assert_eq!(s["contact_phone"], "138****5678");
    assert_eq!(s["contact_name"], "王*");
    assert_eq!(s["port_label"], "前湾港区");
    assert!(
        !status.body.contains("13812345678"),
        "full phone never public"
    );
    assert!(
        !status.body.contains("91350100M000100Y43"),
        "credit code not on the public view"
    );
    let timeline = s["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), 1);
    assert_eq!(timeline[0]["kind"], "submitted");
}

#[test]
fn the_same_key_returns_the_same_case() {
    let server = Server::start();
    let first = server.post_case("retry-key-000001", &sample_case());
    let again = server.post_case("retry-key-000001", &sample_case());
    assert_eq!(first.status, 201);
    assert_eq!(again.status, 201, "{}", again.body);
    assert_eq!(first.json()["case_no"], again.json()["case_no"]);
    assert_eq!(first.json()["token"], again.json()["token"]);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));

    // the same key for a different case is refused, not silently answered with the old one
    let mut other = sample_case();
    other["title"] = json!("另一个问题：查验通知迟迟未到");
    assert_error(
        &server.post_case("retry-key-000001", &other),
        409,
        "idempotency_key_reused",
    );

    // a new key is a new case, numbered next
    let next = server.post_case("retry-key-000002", &other).json();
    assert_eq!(
        CaseNo::parse(next["case_no"].as_str().unwrap())
            .unwrap()
            .seq,
        2
    );
    let first_status = server.get(&format!(
        "/api/cases/status/{}",
        first.json()["token"].as_str().unwrap()
    ));
    assert_eq!(
        first_status.json()["timeline"].as_array().unwrap().len(),
        1,
        "a retry adds no event"
    );
}

#[test]
fn twenty_concurrent_submissions_get_twenty_gap_free_numbers() {
    let server = Server::start();
    let url = server.url("/api/cases");
    let handles: Vec<_> = (0..20)
        .map(|i| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut body = sample_case();
                body["title"] = json!(format!("并发提交的第{i}个问题"));
                let key = format!("concurrent-key-{i:04}");
                send(
                    "POST",
                    &url,
                    &[
                        ("content-type", "application/json"),
                        ("idempotency-key", &key),
                    ],
                    Some(body.to_string().as_bytes()),
                )
            })
        })
        .collect();
    let mut numbers = BTreeSet::new();
    let mut tokens = BTreeSet::new();
    for h in handles {
        let a = h.join().unwrap();
        assert_eq!(a.status, 201, "{}", a.body);
        let v = a.json();
        numbers.insert(CaseNo::parse(v["case_no"].as_str().unwrap()).unwrap().seq);
        tokens.insert(v["token"].as_str().unwrap().to_string());
    }
    assert_eq!(
        numbers,
        (1..=20).collect::<BTreeSet<u32>>(),
        "distinct and gap-free"
    );
    assert_eq!(tokens.len(), 20);
}

#[test]
fn bad_input_gets_a_clean_4xx() {
    let server = Server::start();
    let url = server.url("/api/cases");
    let json_ct = ("content-type", "application/json");
    let key = ("idempotency-key", "bad-input-key-01");

    let a = send(
        "POST",
        &url,
        &[json_ct, key],
        Some(b"{\"enterprise_name\": "),
    );
    assert_error(&a, 400, "invalid_json");
    let a = send("POST", &url, &[json_ct, key], Some(b"[1,2,3]"));
    assert_error(&a, 400, "invalid_json");
    let a = send("POST", &url, &[json_ct, key], Some(br#"{"title": 42}"#));
    assert_error(&a, 400, "invalid_json");
    let a = send(
        "POST",
        &url,
        &[("content-type", "text/plain"), key],
        Some(sample_case().to_string().as_bytes()),
    );
    assert_error(&a, 415, "unsupported_media_type");
    let a = send(
        "POST",
        &url,
        &[key],
        Some(sample_case().to_string().as_bytes()),
    );
    assert_error(&a, 415, "unsupported_media_type");

    let mut huge = sample_case();
    huge["description"] = json!("柜".repeat(30_000));
    let a = send(
        "POST",
        &url,
        &[json_ct, key],
        Some(huge.to_string().as_bytes()),
    );
    assert_error(&a, 413, "body_too_large");

    let a = send(
        "POST",
        &url,
        &[json_ct],
        Some(sample_case().to_string().as_bytes()),
    );
    assert_error(&a, 400, "idempotency_key_missing");
    let a = send(
        "POST",
        &url,
        &[json_ct, ("idempotency-key", "bad key!")],
        Some(sample_case().to_string().as_bytes()),
    );
    assert_error(&a, 400, "idempotency_key_malformed");

    let mut wrong = sample_case();
    wrong["uscc"] = json!("91350100M000100Y44");
    wrong["contact_phone"] = json!("1381234");
    wrong["port"] = json!("atlantis");
    wrong["title"] = json!("");
    let v = assert_error(
        &server.post_case("bad-input-key-02", &wrong),
        422,
        "validation_failed",
    );
    let fields = v["error"]["fields"].as_object().unwrap();
    let names: BTreeSet<&str> = fields.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        BTreeSet::from(["uscc", "contact_phone", "port", "title"])
    );
    assert!(fields["uscc"]
        .as_str()
        .unwrap()
        .contains("统一社会信用代码"));
    assert!(fields["contact_phone"].as_str().unwrap().contains("11位"));

    let a = send("GET", &server.url("/api/nothing-here"), &[], None);
    assert_error(&a, 404, "no_route");
    let a = send("DELETE", &server.url("/api/cases"), &[], None);
    assert_error(&a, 405, "method_not_allowed");
    let a = send("POST", &server.url("/api/meta"), &[json_ct], Some(b"{}"));
    assert_error(&a, 405, "method_not_allowed");
    assert_error(
        &server.get(&format!("/api/cases/status/{}", "A".repeat(32))),
        404,
        "case_not_found",
    );
    assert_error(
        &server.get("/api/cases/status/..%2F..%2Fetc"),
        404,
        "case_not_found",
    );
    assert_error(
        &server.get(&format!("/api/cases/status/{}/qr.svg", "A".repeat(32))),
        404,
        "case_not_found",
    );

    // English when the browser asks for it
    let a = send(
        "GET",
        &server.url("/api/nothing-here"),
        &[("accept-language", "en-US,en;q=0.9")],
        None,
    );
    assert_eq!(a.json()["error"]["message"], "No such address");

    // nothing above was stored
    let first = server.post_case("bad-input-key-03", &sample_case()).json();
    assert_eq!(
        CaseNo::parse(first["case_no"].as_str().unwrap())
            .unwrap()
            .seq,
        1
    );
}

/// Turns the SVG the Worker draws back into pixels and reads the QR code in it.
fn decode_qr_svg(svg: &str) -> String {
    let size: usize = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|s| s.parse().ok())
        .expect("viewBox");
    let d = svg
        .split(" d=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("path");
    let mut dark = vec![false; size * size];
    for cmd in d.split('M').filter(|s| !s.is_empty()) {
        let (x, rest) = cmd.split_once(' ').expect("x y");
        let y = rest.split('h').next().unwrap();
        let w: usize = rest
            .split('h')
            .nth(1)
            .and_then(|s| s.split('v').next())
            .unwrap()
            .parse()
            .unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        for yy in y..y + w {
            for xx in x..x + w {
                dark[yy * size + xx] = true;
            }
        }
    }
    read_qr(size, |x, y| dark[y * size + x])
}

/// The text of the one QR code in a `side`×`side` picture whose dark pixels `dark` tells.
fn read_qr(side: usize, mut dark: impl FnMut(usize, usize) -> bool) -> String {
    let mut img =
        rqrr::PreparedImage::prepare_from_greyscale(
            side,
            side,
            |x, y| {
                if dark(x, y) {
                    0
                } else {
                    255
                }
            },
        );
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the picture");
    grids[0].decode().expect("decodable").1
}

#[test]
fn the_qr_code_encodes_the_status_link() {
    let server = Server::start();
    let c = server.post_case("qr-case-key-0001", &sample_case()).json();
    let qr = server.get(c["qr_svg_url"].as_str().unwrap());
    assert_eq!(qr.status, 200);
    assert_eq!(qr.header("content-type"), Some("image/svg+xml"));
    assert_eq!(
        decode_qr_svg(&qr.body),
        server.url(c["status_url"].as_str().unwrap())
    );
}

/// Reads the PNG the Worker draws (checking every chunk's CRC) and the QR code in it.
fn decode_qr_png(png: &[u8]) -> String {
    use std::io::Read;
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    let (mut at, mut header, mut data) = (8, Vec::new(), Vec::new());
    while at < png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        let chunk = &png[at + 4..at + 8 + len];
        let crc = u32::from_be_bytes(png[at + 8 + len..at + 12 + len].try_into().unwrap());
        assert_eq!(crc32fast::hash(chunk), crc, "chunk CRC");
        match &chunk[..4] {
            b"IHDR" => header = chunk[4..].to_vec(),
            b"IDAT" => data.extend_from_slice(&chunk[4..]),
            _ => {}
        }
        at += 12 + len;
    }
    let side = u32::from_be_bytes(header[..4].try_into().unwrap()) as usize;
    assert_eq!(&header[8..10], &[1, 0], "1-bit greyscale");
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&data[..])
        .read_to_end(&mut raw)
        .unwrap();
    let row = side.div_ceil(8) + 1;
    assert_eq!(raw.len(), row * side);
    read_qr(side, |x, y| {
        assert_eq!(raw[y * row], 0, "filter none");
        raw[y * row + 1 + x / 8] & (0x80 >> (x % 8)) == 0
    })
}

#[test]
fn the_qr_picture_for_wechat_is_a_png_of_the_same_link() {
    let server = Server::start();
    let c = server.post_case("qr-case-key-0002", &sample_case()).json();
    let png = server.get(&format!(
        "/api/cases/status/{}/qr.png",
        c["token"].as_str().unwrap()
    ));
    assert_eq!(png.status, 200);
    assert_eq!(png.header("content-type"), Some("image/png"));
    assert_eq!(
        decode_qr_png(&png.bytes),
        server.url(c["status_url"].as_str().unwrap())
    );
    let missing = server.get(&format!("/api/cases/status/{}/qr.png", "A".repeat(32)));
    assert_eq!(missing.status, 404);
}

#[test]
fn meta_lists_ports_and_the_commitment() {
    let server = Server::start();
    let m = server.get("/api/meta").json();
    let ports: Vec<&str> = m["ports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert!(ports.contains(&"qianwan") && ports.contains(&"other"));
    let depts: Vec<&str> = m["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(depts.len(), 10);
    assert!(depts.contains(&"customs") && depts.contains(&"ftz_center"));
    let rows = m["commitment"]["rows"].as_array().unwrap();
    assert_eq!(rows[0]["urgency"], "A");
    assert_eq!(rows[0]["first_response"], json!({"working_hours": 2}));
    assert_eq!(
        rows[2]["innovation_resolution"],
        json!({"working_days": 20})
    );

    // the portal is served as a single-page app: deep links get the shell
    let page = server.get("/c/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("/start.js") && page.body.contains("反映问题"));
    let console = server.get("/staff/cases/ZTC-20261121-0001");
    assert_eq!(
        console.status, 200,
        "console deep links get the same shell, which picks the console bundle"
    );
}

/// One report per category, as an enterprise would type it.
fn four_reports() -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    vec![
        (
            "basic",
            "ftz_center",
            "单一窗口怎么注册",
            "新公司第一次做进口，国际贸易单一窗口的企业账号怎么注册，需要什么材料",
        ),
        (
            "consult",
            "customs",
            "RCEP关税减让是否适用我们的产品",
            "我们进口日本的汽车零部件，RCEP生效后关税怎么降，有什么政策规定",
        ),
        (
            "practice",
            "customs",
            "船边直提已批准，12个集装箱仍进了堆场",
            "提单号COSU6234567890，12个柜已批准船边直提，今天卸船后仍被拖进堆场，每天产生堆存费",
        ),
        (
            "innovation",
            "port_office",
            "建议建立口岸收费统一查询平台",
            "港口、船代、货代的收费分散在各家，建议推动建立统一的收费公示和查询平台",
        ),
    ]
}

#[test]
fn triage_answers_one_report_per_category_with_reasons() {
    let server = Server::start();
    for (category, department, title, description) in four_reports() {
        let a = send(
            "POST",
            &server.url("/api/triage"),
            &[("content-type", "application/json")],
            Some(
                json!({"title": title, "description": description})
                    .to_string()
                    .as_bytes(),
            ),
        );
        assert_eq!(a.status, 200, "{}", a.body);
        let t = a.json();
        assert_eq!(t["category"], category, "{title}: {}", a.body);
        assert_eq!(t["department"], department, "{title}: {}", a.body);
        let c = t["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c));
        assert!(["A", "B", "C"].contains(&t["importance"].as_str().unwrap()));
        assert!(["A", "B", "C"].contains(&t["urgency"].as_str().unwrap()));
        assert!((1..=4).contains(&t["level"].as_u64().unwrap()));
        let reasons = t["reasons"].as_array().unwrap();
        assert!(!reasons.is_empty(), "reasons for {title}");
        for r in reasons {
            assert!(["signal", "phrase"].contains(&r["kind"].as_str().unwrap()));
            assert!(!r["text"].as_str().unwrap().is_empty());
        }
        assert!(t["suggestions"].is_array());
    }
    // the wharf story: practice, BA, customs, identifier named as a reason
    let (_, _, title, description) = four_reports()[2];
    let t = send(
        "POST",
        &server.url("/api/triage"),
        &[("content-type", "application/json")],
        Some(
            json!({"title": title, "description": description})
                .to_string()
                .as_bytes(),
        ),
    )
    .json();
    assert_eq!(t["grade"], "BA");
    assert_eq!(t["priority"], true);
    assert!(t["reasons"].as_array().unwrap().iter().any(
        |r| r["code"] == "identifier" && r["text"].as_str().unwrap().contains("cosu6234567890")
    ));

    let empty = send(
        "POST",
        &server.url("/api/triage"),
        &[("content-type", "application/json")],
        Some(b"{}"),
    );
    assert_error(&empty, 422, "validation_failed");
    // the document's limit is the Worker's: 4 000 characters a part, for grading and suggesting
    let long = "船".repeat(domain::text::MAX_TYPED + 1);
    for path in ["/api/triage", "/api/suggest"] {
        let a = send(
            "POST",
            &server.url(path),
            &[("content-type", "application/json")],
            Some(
                json!({"title": "提货", "description": long})
                    .to_string()
                    .as_bytes(),
            ),
        );
        assert_error(&a, 422, "validation_failed");
        assert!(
            a.json()["error"]["fields"]["description"].is_string(),
            "{path}: {}",
            a.body
        );
    }
}

#[test]
fn every_new_case_is_graded_and_given_deadlines() {
    let server = Server::start();
    for (i, (category, department, title, description)) in four_reports().into_iter().enumerate() {
        let mut body = sample_case();
        body["title"] = json!(title);
        body["description"] = json!(description);
        let c = server.post_case(&format!("graded-case-{i:04}"), &body);
        assert_eq!(c.status, 201, "{}", c.body);
        let c = c.json();
        assert_eq!(c["category"], category, "{title}");
        assert_eq!(c["department"], department, "{title}");
        let level = c["level"].as_u64().unwrap();
        assert_eq!(
            level,
            match category {
                "basic" => 1,
                "innovation" => 3,
                _ => 2,
            }
        );
        let grade = c["grade"].as_str().unwrap();
        assert_eq!(grade.len(), 2);
        let submitted = c["submitted_at"].as_str().unwrap();
        let first = c["due_first_response"].as_str().unwrap();
        let due = c["due_at"].as_str().unwrap();
        assert!(
            submitted < first && first <= due,
            "{submitted} < {first} <= {due}"
        );

        let s = server
            .get(&format!(
                "/api/cases/status/{}",
                c["token"].as_str().unwrap()
            ))
            .json();
        assert_eq!(s["department"], department);
        assert!(s["due_at_text"].as_str().unwrap().contains('年'));
    }
}
