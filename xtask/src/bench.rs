//! `cargo xtask bench`: timings, printed, never pass/fail.
//!
//! - triage in native code: training time, and p50/p95 per report with the shipped model file;
//! - triage inside the Worker on local workerd: p50 of `POST /api/triage` minus p50 of
//!   `GET /api/meta` (same server, same loopback, so the difference is the engine's work);
//! - search inside the Worker over 5 000 imported entries, the same way;
//! - `bench volume` (`volume.rs`): an office's year, 100 000 cases, every route staff and phones use.

use anyhow::Result;
use std::time::{Duration, Instant};

use domain::triage::{parse_labelled, Engine, TRAINING_SET};

pub fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

pub fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

pub fn run() -> Result<()> {
    let held = parse_labelled(&std::fs::read_to_string(
        harness::root().join("domain/data/triage_heldout.tsv"),
    )?)
    .map_err(anyhow::Error::msg)?;

    let started = Instant::now();
    let rows = parse_labelled(TRAINING_SET).map_err(anyhow::Error::msg)?;
    let engine = Engine::train(&rows);
    println!(
        "native: training on {} reports: {}",
        rows.len(),
        ms(started.elapsed())
    );
    let mut times = Vec::new();
    for _ in 0..20 {
        for r in &held {
            let t = Instant::now();
            std::hint::black_box(engine.triage(&r.title, &r.description));
            times.push(t.elapsed());
        }
    }
    println!(
        "native: triage p50 {} · p95 {} ({} calls)",
        ms(percentile(&mut times, 0.5)),
        ms(percentile(&mut times, 0.95)),
        times.len()
    );

    // search: 5 000 entries built from the labelled reports, queried with held-out titles
    let docs: Vec<domain::search::Doc> = (0..5000)
        .map(|i| {
            let r = &rows[i % rows.len()];
            domain::search::Doc {
                id: format!("d{i}"),
                kind: [
                    domain::search::Kind::Policy,
                    domain::search::Kind::Faq,
                    domain::search::Kind::Fee,
                ][i % 3],
                title: r.title.clone(),
                body: format!("{} 第{i}条", r.description),
                tags: vec![],
            }
        })
        .collect();
    let started = Instant::now();
    let index = domain::search::Index::build(docs);
    println!(
        "native: search index of {} entries built in {}",
        index.len(),
        ms(started.elapsed())
    );
    let mut times = Vec::new();
    for r in &held {
        for q in [
            r.title.as_str(),
            &r.title.chars().take(2).collect::<String>(),
        ] {
            let t = Instant::now();
            std::hint::black_box(index.search(q, None, 10));
            times.push(t.elapsed());
        }
    }
    println!(
        "native: search p50 {} · p95 {} ({} queries, 5 000 entries)",
        ms(percentile(&mut times, 0.5)),
        ms(percentile(&mut times, 0.95)),
        times.len()
    );

    let server = harness::Server::start();
    let triage_url = server.url("/api/triage");
    let bodies: Vec<String> = held
        .iter()
        .map(|r| serde_json::json!({"title": r.title, "description": r.description}).to_string())
        .collect();
    let post = |body: &str| {
        let t = Instant::now();
        // each request from its own address: the per-client limit is not what is measured
        let a = harness::send(
            "POST",
            &triage_url,
            &[
                ("content-type", "application/json"),
                (
                    "cf-connecting-ip",
                    &harness::client_for(&format!("{:?}", Instant::now())),
                ),
            ],
            Some(body.as_bytes()),
        );
        assert_eq!(a.status, 200, "{}", a.body);
        t.elapsed()
    };
    let cold = post(&bodies[0]);
    let get = || {
        let t = Instant::now();
        let _ = server.get("/api/meta");
        t.elapsed()
    };
    let (mut tri, mut meta) = (Vec::new(), Vec::new());
    for round in 0..3 {
        for b in &bodies {
            tri.push(post(b));
            meta.push(get());
        }
        let _ = round;
    }
    let (t50, m50) = (percentile(&mut tri, 0.5), percentile(&mut meta, 0.5));
    println!(
        "worker: first triage request of a fresh isolate: {}",
        ms(cold)
    );
    println!(
        "worker: POST /api/triage p50 {} · p95 {}",
        ms(t50),
        ms(percentile(&mut tri, 0.95))
    );
    println!("worker: GET /api/meta p50 {}", ms(m50));
    println!(
        "worker: triage inside the Worker ≈ p50 {} (difference of the two)",
        ms(t50.saturating_sub(m50))
    );

    // search inside the Worker over 5 000 entries, imported in chunks like an administrator would
    let admin = server.with_staff();
    for chunk in 0..10 {
        let lines: String = (0..500)
            .map(|i| {
                let n = chunk * 500 + i;
                let r = &rows[n % rows.len()];
                format!(
                    "{}\n",
                    serde_json::json!({"kind": "faq", "id": format!("bench-{n}"), "title": r.title,
                        "body": format!("{} 第{n}条", r.description)})
                )
            })
            .collect();
        let a = admin.import(&lines);
        anyhow::ensure!(a.status == 200, "import: {}", a.body);
    }
    let search = |q: &str| {
        let encoded: String = q.bytes().map(|b| format!("%{b:02X}")).collect();
        let t = Instant::now();
        let a = harness::send(
            "GET",
            &server.url(&format!("/api/search?q={encoded}")),
            &[(
                "cf-connecting-ip",
                &harness::client_for(&format!("{:?}", Instant::now())),
            )],
            None,
        );
        assert_eq!(a.status, 200, "{}", a.body);
        t.elapsed()
    };
    let cold = search("两步申报");
    let (mut s_times, mut m_times) = (Vec::new(), Vec::new());
    for r in &held {
        s_times.push(search(&r.title.chars().take(4).collect::<String>()));
        m_times.push(get());
    }
    let (s50, m50) = (percentile(&mut s_times, 0.5), percentile(&mut m_times, 0.5));
    println!(
        "worker: first search after the import (builds the index of 5 000 entries): {}",
        ms(cold)
    );
    println!(
        "worker: GET /api/search p50 {} · p95 {} (5 000 entries)",
        ms(s50),
        ms(percentile(&mut s_times, 0.95))
    );
    println!(
        "worker: search inside the Worker ≈ p50 {} (GET /api/meta p50 {})",
        ms(s50.saturating_sub(m50)),
        ms(m50)
    );
    drop(admin);
    drop(server);
    crate::volume::run()?;
    compare()
}

/// The Rust Worker against the JavaScript baseline of `bench/baseline/` (the least work a Worker
/// can do for the same routes), served side by side in the same run, each loaded with 16
/// connections for a fixed time: status lookup, submission, triage.
pub fn compare() -> Result<()> {
    use std::sync::Arc;
    const CONNECTIONS: usize = 16;
    const ROUNDS: u32 = 6;
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let ours = harness::Server::start();
    let config = harness::root().join("bench/baseline/wrangler.toml");
    let state = harness::root().join(format!("target/ztc-state/baseline-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&state);
    harness::migrate_with(&state, Some(&config)).map_err(anyhow::Error::msg)?;
    let base = harness::Server::start_config(
        Some(&config),
        harness::free_port(),
        state,
        harness::Group::Own,
        &[],
    )
    .map_err(anyhow::Error::msg)?;
    let case = harness::sample_case().to_string();
    let (our_token, base_token) = (
        seed_case(&ours, "bench-compare-0001")?,
        seed_case(&base, "bench-compare-0001")?,
    );
    let held = parse_labelled(&std::fs::read_to_string(
        harness::root().join("domain/data/triage_heldout.tsv"),
    )?)
    .map_err(anyhow::Error::msg)?;
    let reports: Arc<Vec<String>> = Arc::new(
        held.iter()
            .map(|r| {
                serde_json::json!({"title": r.title, "description": r.description}).to_string()
            })
            .collect(),
    );
    println!(
        "compare: {CONNECTIONS} connections × {seconds} s per route and worker, in {ROUNDS} alternating rounds; Rust Worker vs JavaScript baseline (bench/baseline)"
    );
    println!(
        "{:<14} {:>10} {:>9} {:>10} {:>10} {:>10} {:>8} {:>9}",
        "route", "worker", "requests", "req/s", "p50", "p99", "errors", "CPU/req"
    );
    let mut ratios = Vec::new();
    // BENCH_ROUTES=status,triage measures only those
    let only = std::env::var("BENCH_ROUTES").unwrap_or_default();
    // `floor`: a path neither worker knows (both answer 404 at once), the cost of entering each
    // runtime at all, so the other ratios can be read against it.
    for route in ["floor", "status", "submission", "triage"] {
        if !only.is_empty() && !only.split(',').any(|r| r.trim() == route) {
            continue;
        }
        let mut sends = Vec::new();
        for (who, server, token) in [
            ("rust", &ours, &our_token),
            ("baseline", &base, &base_token),
        ] {
            let base_url = server.base.clone();
            let token = token.clone();
            let case = case.clone();
            let reports = reports.clone();
            let send: Arc<crate::load::Send> = match route {
                "status" => Arc::new(move |agent: &ureq::Agent, _| {
                    crate::load::status(
                        agent
                            .get(&format!("{base_url}/api/cases/status/{token}"))
                            .call(),
                    )
                }),
                "submission" => Arc::new(move |agent: &ureq::Agent, _| {
                    // a new key for every request, the warm-up's included
                    static NEXT: std::sync::atomic::AtomicU64 =
                        std::sync::atomic::AtomicU64::new(0);
                    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let key = format!("bench-{who}-{n:08}");
                    crate::load::status(
                        agent
                            .post(&format!("{base_url}/api/cases"))
                            .set("content-type", "application/json")
                            .set("idempotency-key", &key)
                            .set("cf-connecting-ip", &harness::client_for(&key))
                            .send_string(&case),
                    )
                }),
                "floor" => Arc::new(move |agent: &ureq::Agent, _| {
                    match crate::load::status(
                        agent.get(&format!("{base_url}/api/bench-floor")).call(),
                    ) {
                        404 => 200,
                        other => other,
                    }
                }),
                _ => Arc::new(move |agent: &ureq::Agent, n| {
                    let key = format!("triage-{who}-{n}");
                    crate::load::status(
                        agent
                            .post(&format!("{base_url}/api/triage"))
                            .set("content-type", "application/json")
                            .set("cf-connecting-ip", &harness::client_for(&key))
                            .send_string(&reports[n as usize % reports.len()]),
                    )
                }),
            };
            // a short warm-up of each
            crate::load::run(CONNECTIONS, Duration::from_secs(1), send.clone());
            sends.push((who, send, server));
        }
        // The two take turns in short rounds, so a slower or busier stretch of this machine
        // falls on both alike instead of on whichever ran second.
        let mut outcomes = [
            crate::load::Outcome::default(),
            crate::load::Outcome::default(),
        ];
        // CPU seconds of each server's whole process group (workerd with the local D1 and the
        // dev proxy): an upper bound on the CPU time the Worker itself spends per request
        let mut cpu = [0.0f64; 2];
        let round = Duration::from_secs(seconds).div_f64(ROUNDS as f64);
        for r in 0..ROUNDS {
            // and each goes first in every other round
            for k in 0..2 {
                let i = (k + r as usize) % 2;
                let (_, send, server) = &sends[i];
                let before = server.cpu_seconds();
                outcomes[i].add(crate::load::run(CONNECTIONS, round, send.clone()));
                if let (Some(a), Some(b)) = (before, server.cpu_seconds()) {
                    cpu[i] += b - a;
                }
            }
        }
        let mut rates = Vec::new();
        let mut cpu_ms = Vec::new();
        for (i, ((who, _, _), o)) in sends.iter().zip(&outcomes).enumerate() {
            let per_request = cpu[i] * 1000.0 / o.requests().max(1) as f64;
            println!(
                "{:<14} {:>10} {:>9} {:>10.0} {:>10} {:>10} {:>8} {:>9}",
                route,
                who,
                o.requests(),
                o.per_second(),
                format!("{:.1} ms", o.percentile(0.5).as_secs_f64() * 1000.0),
                format!("{:.1} ms", o.percentile(0.99).as_secs_f64() * 1000.0),
                o.errors,
                format!("{per_request:.2} ms"),
            );
            rates.push(o.per_second());
            cpu_ms.push(per_request);
        }
        let ratio = rates[0] / rates[1].max(f64::EPSILON);
        let target = match route {
            "floor" => None,
            "status" => Some(0.9),
            "submission" => Some(0.7),
            _ => Some(0.5),
        };
        match target {
            Some(target) => println!(
                "{:<14} ratio {:.2} × baseline (target ≥ {target})",
                route, ratio
            ),
            None => println!(
                "{:<14} ratio {:.2} × baseline: entering the Rust Worker costs {:.2} ms more per request",
                route,
                ratio,
                1000.0 / rates[0] - 1000.0 / rates[1]
            ),
        }
        ratios.push((route, ratio, target, cpu_ms[0]));
    }
    let mut summary = serde_json::Map::new();
    for (route, ratio, target, cpu_ms) in &ratios {
        summary.insert(
            (*route).into(),
            serde_json::json!({"ratio": ratio, "target": target, "cpu_ms_per_request": cpu_ms}),
        );
    }
    let out = harness::root().join("bench/results.json");
    std::fs::write(
        &out,
        serde_json::to_string_pretty(&serde_json::Value::Object(summary))?,
    )?;
    println!("compare: written to {}", out.display());
    Ok(())
}

/// The pinned Lighthouse, installed on first use into `.tools/lighthouse` (only the bench
/// needs it, so `npm ci` for the tests stays lean).
const LIGHTHOUSE: &str = "lighthouse@13.5.0";

/// Lighthouse (mobile form factor, its simulated slow-4G phone) on the three pages a phone
/// opens first: home, a status page reached by QR, policies. Debian Chromium, headless.
pub fn lighthouse() -> Result<()> {
    let root = harness::root();
    let dir = root.join(".tools/lighthouse");
    let bin = dir.join("node_modules/.bin/lighthouse");
    if !bin.exists() {
        std::fs::create_dir_all(&dir)?;
        crate::run(
            std::process::Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--prefix"])
                .arg(&dir)
                .arg(LIGHTHOUSE),
        )?;
    }
    let server = harness::Server::start();
    let token = seed_case(&server, "bench-lighthouse-0001")?;
    // /policies lists what `cargo xtask dev` loads, not an empty shelf
    server.with_staff();
    crate::demo::knowledge(&server)?;
    let out_dir = root.join("target/lighthouse");
    std::fs::create_dir_all(&out_dir)?;
    println!(
        "{:<12} {:>11} {:>13} {:>14} {:>8} {:>8} {:>7}",
        "page", "performance", "accessibility", "best practices", "FCP", "LCP", "TBT"
    );
    let mut summary = serde_json::Map::new();
    for (label, path) in [
        ("/", "/".to_string()),
        ("/c/{token}", format!("/c/{token}")),
        ("/policies", "/policies".to_string()),
    ] {
        let profile = out_dir.join(format!("profile-{}", std::process::id()));
        crate::build::fresh_dir(&profile)?;
        let report = out_dir.join(format!("{}.json", label.replace(['/', '{', '}'], "_")));
        crate::run(
            std::process::Command::new(&bin)
                .arg(format!("{}{path}", server.base))
                .args([
                    "--quiet",
                    "--output=json",
                    "--only-categories=performance,accessibility,best-practices",
                    "--form-factor=mobile",
                ])
                .arg(format!("--output-path={}", report.display()))
                .arg(format!(
                    "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
                     --disable-background-networking --disable-component-update --disable-sync \
                     --user-data-dir={}",
                    profile.display()
                ))
                .env("CHROME_PATH", "/usr/bin/chromium"),
        )?;
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report)?)?;
        let score = |c: &str| (v["categories"][c]["score"].as_f64().unwrap_or(0.0) * 100.0).round();
        let audit = |a: &str| v["audits"][a]["numericValue"].as_f64().unwrap_or(f64::NAN);
        let row = serde_json::json!({
            "performance": score("performance"),
            "accessibility": score("accessibility"),
            "best_practices": score("best-practices"),
            "fcp_ms": audit("first-contentful-paint").round(),
            "lcp_ms": audit("largest-contentful-paint").round(),
            "tbt_ms": audit("total-blocking-time").round(),
        });
        let f = |k: &str| row[k].as_f64().unwrap_or_default();
        println!(
            "{:<12} {:>11} {:>13} {:>14} {:>6.0}ms {:>6.0}ms {:>5.0}ms",
            label,
            f("performance"),
            f("accessibility"),
            f("best_practices"),
            f("fcp_ms"),
            f("lcp_ms"),
            f("tbt_ms"),
        );
        // what keeps a category from 100: its weighted audits that fail
        for category in ["performance", "accessibility", "best-practices"] {
            if score(category) >= 100.0 {
                continue;
            }
            let refs = v["categories"][category]["auditRefs"].as_array();
            for r in refs.into_iter().flatten() {
                let a = &v["audits"][r["id"].as_str().unwrap_or_default()];
                if r["weight"].as_f64().unwrap_or(0.0) > 0.0
                    && a["score"].as_f64().is_some_and(|s| s < 0.9)
                {
                    println!(
                        "    {category}: {}: {}",
                        r["id"].as_str().unwrap_or_default(),
                        a["title"].as_str().unwrap_or_default()
                    );
                }
            }
        }
        summary.insert(label.into(), row);
        let _ = std::fs::remove_dir_all(profile);
    }
    let out = root.join("bench/lighthouse.json");
    std::fs::write(
        &out,
        serde_json::to_string_pretty(&serde_json::Value::Object(summary))?,
    )?;
    println!(
        "lighthouse: reports in {}, summary in {}",
        out_dir.display(),
        out.display()
    );
    Ok(())
}

/// Files one case on `server` and answers its status token.
fn seed_case(server: &harness::Server, key: &str) -> Result<String> {
    let a = server.post_case(key, &harness::sample_case());
    anyhow::ensure!(a.status == 201, "seed case: {}", a.body);
    Ok(a.json()["token"].as_str().unwrap_or_default().to_string())
}
