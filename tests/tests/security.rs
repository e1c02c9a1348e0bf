//! Nobody let in, nothing let through, on real wrangler dev + D1: per-client rate limits answer
//! 429 with Retry-After (and another client is unaffected).

use harness::{sample_case, send, Answer, Server};
use serde_json::json;

/// `limit` requests from one client address are all served; then a 429 comes within the next
/// `limit + 1` (the counting window may roll over once during a slow burst). Returns the 429.
fn burst(limit: usize, ip: &str, call: &dyn Fn(usize, &str) -> Answer) -> Answer {
    for i in 0..limit {
        let a = call(i, ip);
        assert!(
            a.status < 400 || a.status == 401,
            "request {i} of {limit}: {} {}",
            a.status,
            a.body
        );
    }
    for i in limit..=2 * limit {
        let a = call(i, ip);
        if a.status == 429 {
            return a;
        }
    }
    panic!("no 429 after {} requests from {ip}", 2 * limit + 1)
}

fn refused(a: &Answer, what: &str) {
    assert_eq!(a.status, 429, "{what}: {}", a.body);
    assert_eq!(a.header("retry-after"), Some("60"), "{what}");
    assert_eq!(a.json()["error"]["code"], "too_many_requests", "{what}");
}

#[test]
fn rate_limits_answer_429_with_retry_after() {
    let server = Server::start();
    let submit = |i: usize, ip: &str| {
        send(
            "POST",
            &server.url("/api/cases"),
            &[
                ("content-type", "application/json"),
                ("cf-connecting-ip", ip),
                (
                    "idempotency-key",
                    &format!("limit-{}-{i:05}", ip.replace('.', "-")),
                ),
            ],
            Some(sample_case().to_string().as_bytes()),
        )
    };
    refused(&burst(30, "203.0.113.1", &submit), "submission");
    assert_eq!(submit(0, "203.0.113.2").status, 201, "another client files");

    let triage = |_: usize, ip: &str| {
        send(
            "POST",
            &server.url("/api/triage"),
            &[
                ("content-type", "application/json"),
                ("cf-connecting-ip", ip),
            ],
            Some(
                json!({"title": "两步申报", "description": "想了解两步申报怎么办理"})
                    .to_string()
                    .as_bytes(),
            ),
        )
    };
    refused(&burst(120, "203.0.113.3", &triage), "triage");
    assert_eq!(triage(0, "203.0.113.4").status, 200);

    let search = |_: usize, ip: &str| {
        send(
            "GET",
            &server.url("/api/search?q=%E7%94%B3%E6%8A%A5"),
            &[("cf-connecting-ip", ip)],
            None,
        )
    };
    refused(&burst(300, "203.0.113.5", &search), "search");
    assert_eq!(search(0, "203.0.113.6").status, 200);

    let login = |_: usize, ip: &str| {
        send(
            "POST",
            &server.url("/api/auth/login"),
            &[
                ("content-type", "application/json"),
                ("origin", &server.base),
                ("cf-connecting-ip", ip),
            ],
            Some(
                json!({"username": "nobody", "password": "wrong-password-1"})
                    .to_string()
                    .as_bytes(),
            ),
        )
    };
    refused(&burst(30, "203.0.113.7", &login), "login");
    assert_eq!(login(0, "203.0.113.8").status, 401);
}

#[test]
fn pages_and_answers_carry_strict_security_headers() {
    let server = Server::start();
    let stylesheet = built("css", "site.");
    for path in [
        "/",
        "/c/unknown-token",
        "/staff",
        "/boot.js",
        stylesheet.as_str(),
        "/api/meta",
    ] {
        let a = server.get(path);
        assert_eq!(a.status, 200, "{path}");
        let csp = a
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{path}: no CSP"));
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
            "{path}: {csp}"
        );
        if !path.starts_with("/api") {
            assert!(
                csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
                "{path}: {csp}"
            );
        }
        assert_eq!(
            a.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert!(a.header("referrer-policy").is_some(), "{path}");
        assert!(
            a.header("strict-transport-security")
                .unwrap_or_default()
                .contains("max-age="),
            "{path}"
        );
    }
    // the page itself has no inline script for the policy to allow
    let html = server.get("/").body;
    assert!(!html.contains("<script>") && html.contains("<script src=\"/boot.js\">"));
    // errors are answers too
    let a = server.get("/api/cases/status/nope");
    assert_eq!(a.status, 404);
    assert!(a.header("content-security-policy").is_some());
}

/// Phones on bad networks: 1 000 submissions, each sent two or three times with its
/// Idempotency-Key by sixteen clients at once, in shuffled order. Exactly 1 000 cases exist
/// afterwards and every retry was answered with its original case.
#[test]
fn a_thousand_retried_submissions_make_a_thousand_cases() {
    use std::collections::BTreeMap;
    use std::sync::{Arc, Mutex};
    const CASES: usize = 1_000;
    let server = Server::start();
    server.with_staff();
    // (key, copy) pairs: key i is sent 2 or 3 times; a fixed shuffle spreads the copies
    let mut sends: Vec<(usize, usize)> = (0..CASES)
        .flat_map(|i| (0..2 + i % 2).map(move |c| (i, c)))
        .collect();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for i in (1..sends.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        sends.swap(i, (state % (i as u64 + 1)) as usize);
    }
    let total_sends = sends.len();
    let queue = Arc::new(Mutex::new(sends));
    type Got = (u16, String, String, bool);
    let answers: Arc<Mutex<BTreeMap<usize, Vec<Got>>>> = Arc::default();
    let url = server.url("/api/cases");
    let threads: Vec<_> = (0..16)
        .map(|_| {
            let (queue, answers, url) = (queue.clone(), answers.clone(), url.clone());
            std::thread::spawn(move || loop {
                let Some((i, _)) = queue.lock().unwrap().pop() else {
                    return;
                };
                let key = format!("retry-{i:05}");
                let mut body = sample_case();
                body["title"] = json!(format!("网络不稳定时提交的第{i}个问题"));
                let a = send(
                    "POST",
                    &url,
                    &[
                        ("content-type", "application/json"),
                        ("idempotency-key", &key),
                        ("cf-connecting-ip", &harness::client_for(&key)),
                    ],
                    Some(body.to_string().as_bytes()),
                );
                let v = a.json();
                answers.lock().unwrap().entry(i).or_default().push((
                    a.status,
                    v["case_no"].as_str().unwrap_or_default().to_string(),
                    v["token"].as_str().unwrap_or_default().to_string(),
                    a.header("idempotent-replayed") == Some("true"),
                ));
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let answers = answers.lock().unwrap();
    assert_eq!(answers.values().map(Vec::len).sum::<usize>(), total_sends);
    let mut numbers = std::collections::BTreeSet::new();
    for (i, got) in answers.iter() {
        // the first to land creates; every other copy is a replay of the same 201
        let created = got.iter().filter(|a| !a.3).count();
        assert_eq!(created, 1, "key {i}: exactly one creation among {got:?}");
        assert!(got.iter().all(|a| a.0 == 201), "key {i}: {got:?}");
        assert!(
            got.iter().all(|a| a.1 == got[0].1 && a.2 == got[0].2),
            "key {i}: every retry answered with the original case: {got:?}"
        );
        assert!(numbers.insert(got[0].1.clone()), "two keys, one number");
    }
    assert_eq!(numbers.len(), CASES);
    let desk = server.login("desk", harness::DEMO_PASSWORD);
    assert_eq!(
        desk.get("/api/staff/ledger?size=1").json()["total"],
        CASES,
        "exactly one case per key in D1"
    );
    // the same key with another text is refused, and changes nothing
    let mut other = sample_case();
    other["title"] = json!("同一个编号，不同的内容");
    let a = server.post_case("retry-00007", &other);
    assert_eq!(a.status, 409, "{}", a.body);
    assert_eq!(a.json()["error"]["code"], "idempotency_key_reused");
    assert_eq!(desk.get("/api/staff/ledger?size=1").json()["total"], CASES);
}

/// Hostile bodies get a clear 4xx, never a 5xx, and nothing is stored.
#[test]
fn hostile_input_gets_a_clean_4xx() {
    let server = Server::start();
    let post = |key: &str, body: Vec<u8>| {
        send(
            "POST",
            &server.url("/api/cases"),
            &[
                ("content-type", "application/json"),
                ("idempotency-key", key),
                ("cf-connecting-ip", &harness::client_for(key)),
            ],
            Some(&body),
        )
    };
    let deep = format!("{}1{}", "[".repeat(5_000), "]".repeat(5_000));
    let huge_array = format!("{{\"title\": [{}]}}", vec!["1"; 100_000].join(","));
    let mut wrong_types = sample_case();
    wrong_types["port"] = json!({"$ne": null});
    let mut nulls = sample_case();
    nulls["title"] = serde_json::Value::Null;
    for (name, body, status) in [
        (
            "invalid UTF-8",
            b"{\"title\": \"\xff\xfe\xfd\"}".to_vec(),
            400,
        ),
        ("deep JSON", deep.into_bytes(), 400),
        ("huge array", huge_array.into_bytes(), 413),
        ("wrong types", wrong_types.to_string().into_bytes(), 400),
        ("nulls", nulls.to_string().into_bytes(), 400),
        ("empty body", Vec::new(), 400),
        ("a string", b"\"hello\"".to_vec(), 400),
    ] {
        let a = post(&format!("hostile-{}", name.replace(' ', "-")), body);
        assert_eq!(a.status, status, "{name}: {}", a.body);
        assert!(
            a.json()["error"]["code"].is_string(),
            "{name}: the error shape"
        );
    }
    // fields: too long, control characters, direction overrides → 422 naming the field
    for (field, value, code_word) in [
        ("title", "长".repeat(500), "最多"),
        (
            "description",
            format!("提单号{}堆场费用问题", '\u{0}'),
            "控制字符",
        ),
        (
            "enterprise_name",
            format!("青岛{}公司", '\u{202E}'),
            "控制字符",
        ),
        ("contact_name", format!("王{}丽", '\u{1b}'), "控制字符"),
    ] {
        let mut body = sample_case();
        body[field] = json!(value);
        let a = post(
            &format!("hostile-field-{field}"),
            body.to_string().into_bytes(),
        );
        assert_eq!(a.status, 422, "{field}: {}", a.body);
        let message = a.json()["error"]["fields"][field]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(message.contains(code_word), "{field}: {message}");
    }
    let desk = {
        server.with_staff();
        server.login("desk", harness::DEMO_PASSWORD)
    };
    assert_eq!(
        desk.get("/api/staff/ledger?size=1").json()["total"],
        0,
        "nothing stored"
    );
}

/// Pulling the plug mid-load: workerd is SIGKILLed while sixteen clients submit; on restart
/// with the same local state, every case whose 201 reached its client is there and intact, no
/// case lacks its first event (nor an event its case), and resending the unanswered ones with
/// their keys files each exactly once.
#[test]
fn a_crash_mid_load_loses_no_answered_case() {
    use std::collections::BTreeMap;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    let server = Server::start();
    let url = server.url("/api/cases");
    let stop = Arc::new(AtomicBool::new(false));
    let next = Arc::new(AtomicUsize::new(0));
    let answered: Arc<Mutex<BTreeMap<String, (String, String)>>> = Arc::default();
    let tried: Arc<Mutex<Vec<String>>> = Arc::default();
    let body = |key: &str| {
        let mut b = sample_case();
        b["title"] = json!(format!("断电前提交的问题 {key}"));
        b.to_string()
    };
    let threads: Vec<_> = (0..16)
        .map(|_| {
            let (stop, next, answered, tried, url) = (
                stop.clone(),
                next.clone(),
                answered.clone(),
                tried.clone(),
                url.clone(),
            );
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let key = format!("crash-{:05}", next.fetch_add(1, Ordering::Relaxed));
                    tried.lock().unwrap().push(key.clone());
                    let agent = ureq::AgentBuilder::new()
                        .timeout(std::time::Duration::from_secs(5))
                        .build();
                    let mut b = sample_case();
                    b["title"] = json!(format!("断电前提交的问题 {key}"));
                    let r = agent
                        .post(&url)
                        .set("content-type", "application/json")
                        .set("idempotency-key", &key)
                        .set("cf-connecting-ip", &harness::client_for(&key))
                        .send_string(&b.to_string());
                    match r {
                        // a 201 whose body the crash cut short never reached the client
                        Ok(resp) if resp.status() == 201 => {
                            if let Ok(v) = resp.into_json::<serde_json::Value>() {
                                answered.lock().unwrap().insert(
                                    key,
                                    (
                                        v["case_no"].as_str().unwrap().into(),
                                        v["token"].as_str().unwrap().into(),
                                    ),
                                );
                            }
                        }
                        // the plug was pulled: no answer, or a broken one
                        _ => {}
                    }
                }
            })
        })
        .collect();
    // let the load run, then kill in the middle of it
    let started = std::time::Instant::now();
    while answered.lock().unwrap().len() < 150 {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(120),
            "the load never got going: {} answers",
            answered.lock().unwrap().len()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let state = server.crash();
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().unwrap();
    }
    let answered = answered.lock().unwrap().clone();
    let tried = tried.lock().unwrap().clone();
    assert!(
        tried.len() > answered.len(),
        "the crash cut some requests off"
    );

    let server = Server::start_on(harness::free_port(), state, harness::Group::Own, &[]).unwrap();
    for (key, (case_no, token)) in &answered {
        let s = server.get(&format!("/api/cases/status/{token}"));
        assert_eq!(
            s.status, 200,
            "{key}: answered 201 before the crash, gone after: {}",
            s.body
        );
        let v = s.json();
        assert_eq!(v["case_no"], *case_no, "{key}");
        assert!(
            v["title"]
                .as_str()
                .unwrap_or_default()
                .contains(key.as_str()),
            "{key}: intact"
        );
        assert_eq!(
            v["timeline"].as_array().map(Vec::len),
            Some(1),
            "{key}: its first event"
        );
    }
    let counts = harness::wrangler(&["d1", "execute", "DB", "--local", "--json", "--persist-to"])
        .arg(&server.state)
        .args([
            "--command",
            "SELECT (SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id)) AS bare_cases, \
             (SELECT count(*) FROM case_events e WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id)) AS stray_events, \
             (SELECT count(*) FROM cases) AS cases",
        ])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&counts.stdout);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let row = &v[0]["results"][0];
    assert_eq!(row["bare_cases"], 0, "a case without its first event");
    assert_eq!(row["stray_events"], 0, "an event without its case");
    let stored = row["cases"].as_u64().unwrap() as usize;
    assert!(stored >= answered.len());
    // the phones that got no answer send again with the same key: each is filed exactly once
    for key in &tried {
        let a = send(
            "POST",
            &server.url("/api/cases"),
            &[
                ("content-type", "application/json"),
                ("idempotency-key", key),
                ("cf-connecting-ip", &harness::client_for(key)),
            ],
            Some(body(key).as_bytes()),
        );
        assert_eq!(a.status, 201, "{key}: {}", a.body);
        if let Some((case_no, _)) = answered.get(key) {
            assert_eq!(a.json()["case_no"], *case_no, "{key}: the same case");
        }
    }
    server.with_staff();
    let desk = server.login("desk", harness::DEMO_PASSWORD);
    assert_eq!(
        desk.get("/api/staff/ledger?size=1").json()["total"],
        tried.len(),
        "one case per key, none twice"
    );
}

/// `cargo xtask backup` / `restore`: a backup taken while the server runs, restored into a fresh
/// database, holds the same schema (tables, indexes, the outbox trigger) and every row of every
/// table; a server started on it shows the same cases.
#[test]
fn a_backup_restores_every_table() {
    let month = harness::volume::Mix {
        total: 60,
        open: 12,
        overdue: 2,
        ..harness::DEMO_MONTH
    };
    let server = Server::start_seeded(
        &harness::volume::sql(&month, &domain::time::iso(harness::now()), 0),
        &[],
    );
    let admin = server.with_staff();
    assert_eq!(admin.import(&harness::demo_knowledge()).status, 200);
    let filed = server.post_case("backup-case-0001", &sample_case()).json();
    let dir = harness::root().join("target/ztc-state");
    let file = dir.join(format!("backup-test-{}.sql", std::process::id()));
    harness::backup(&server.state, &file).unwrap();
    let restored = dir.join(format!("restored-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&restored);
    harness::restore(&file, &restored).unwrap();

    let before = harness::dump(&server.state).unwrap();
    let after = harness::dump(&restored).unwrap();
    assert_eq!(
        before["schema"], after["schema"],
        "schema, indexes and triggers"
    );
    let tables = before["tables"].as_object().unwrap();
    assert!(tables["cases"].as_array().unwrap().len() >= 21);
    assert!(tables["knowledge"].as_array().unwrap().len() >= 150);
    assert!(!tables["staff_users"].as_array().unwrap().is_empty());
    assert!(!tables["ratings"].as_array().unwrap().is_empty());
    for (name, rows) in tables {
        assert_eq!(&after["tables"][name], rows, "table {name}");
    }
    assert_eq!(
        before["tables"].as_object().unwrap().len(),
        after["tables"].as_object().unwrap().len()
    );

    drop(admin);
    drop(server);
    let again = Server::start_on(harness::free_port(), restored, harness::Group::Own, &[]).unwrap();
    let s = again.get(&format!(
        "/api/cases/status/{}",
        filed["token"].as_str().unwrap()
    ));
    assert_eq!(s.status, 200);
    assert_eq!(s.json()["case_no"], filed["case_no"]);
    let _ = std::fs::remove_file(&file);
}

/// A session ends by itself: with a two-second lifetime, the same cookie is refused once it
/// has passed (and logging out ends one at once: `tests/staff.rs`).
#[test]
fn a_session_expires() {
    let server = Server::start_with(&[("SESSION_SECONDS", "2")]);
    server.with_staff();
    let desk = server.login("desk", harness::DEMO_PASSWORD);
    assert_eq!(desk.get("/api/auth/me").status, 200);
    assert_eq!(desk.get("/api/staff/queue").status, 200);
    std::thread::sleep(std::time::Duration::from_millis(2_500));
    assert_eq!(desk.get("/api/auth/me").status, 401);
    let q = desk.get("/api/staff/queue");
    assert_eq!(q.status, 401);
    assert_eq!(q.json()["error"]["code"], "unauthorized");
}

/// The path of the built file under `dist/{dir}` whose name starts with `prefix` (the rest is
/// its content hash).
fn built(dir: &str, prefix: &str) -> String {
    built_where(dir, |n| n.starts_with(prefix))
}

fn built_where(dir: &str, wanted: impl Fn(&str) -> bool) -> String {
    let name = std::fs::read_dir(harness::root().join("dist").join(dir))
        .expect("dist is built")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| wanted(n))
        .unwrap_or_else(|| panic!("no such file in dist/{dir}"));
    format!("/{dir}/{name}")
}

#[test]
fn fingerprinted_files_are_cached_for_a_year_and_pages_are_not() {
    let server = Server::start();
    let html = server.get("/").body;
    let stylesheet = built("css", "site.");
    assert!(html.contains(&stylesheet), "index.html names {stylesheet}");
    let boot = server.get("/boot.js").body;
    for bundle in ["app", "report", "guide", "rights", "console"] {
        let wasm = built("pkg", &format!("{bundle}_bg."));
        let js = built("pkg", &format!("{bundle}."));
        assert!(
            boot.contains(&wasm) && boot.contains(&js),
            "boot.js names {wasm} and {js}"
        );
        for file in [wasm, js] {
            let a = server.get(&file);
            assert_eq!(a.status, 200, "{file}");
            assert_eq!(
                a.header("cache-control"),
                Some("public, max-age=31536000, immutable"),
                "{file}"
            );
        }
    }
    // the texts, one file per bundle and language: named by boot.js, long-cached, labelled
    // as text
    for (bundle, tag) in ["app", "report", "guide", "rights", "console"]
        .into_iter()
        .flat_map(|b| [(b, "zh-CN"), (b, "en")])
    {
        let texts = built_where("locales", |n| {
            n.starts_with(&format!("{bundle}.")) && n.ends_with(&format!(".{tag}.txt"))
        });
        assert!(boot.contains(&texts), "boot.js names {texts}");
        let a = server.get(&texts);
        assert_eq!(a.status, 200, "{texts}");
        assert!(a.body.contains("app-name ="), "{texts} is the locale file");
        assert_eq!(
            a.header("cache-control"),
            Some("public, max-age=31536000, immutable"),
            "{texts}"
        );
    }
    let a = server.get(&stylesheet);
    assert!(a
        .header("cache-control")
        .unwrap_or_default()
        .contains("immutable"));
    for page in ["/", "/boot.js", "/report"] {
        let cache = server
            .get(page)
            .header("cache-control")
            .unwrap_or_default()
            .to_string();
        assert!(!cache.contains("immutable"), "{page}: {cache}");
    }
}
