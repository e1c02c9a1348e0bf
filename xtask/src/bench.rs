//! `cargo xtask bench`: timings, printed, never pass/fail.
//!
//! - triage in native code: training time, and p50/p95 per report with the shipped model file;
//! - triage inside the Worker on local workerd: p50 of `POST /api/triage` minus p50 of
//!   `GET /api/meta` (same server, same loopback, so the difference is the engine's work);
//! - search inside the Worker over 5 000 imported entries, the same way.

use anyhow::Result;
use std::time::{Duration, Instant};

use domain::triage::{parse_labelled, Engine, TRAINING_SET};

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

pub fn run() -> Result<()> {
    let held = parse_labelled(&std::fs::read_to_string(
        tests::root().join("domain/data/triage_heldout.tsv"),
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

    let server = tests::Server::start();
    let triage_url = server.url("/api/triage");
    let bodies: Vec<String> = held
        .iter()
        .map(|r| serde_json::json!({"title": r.title, "description": r.description}).to_string())
        .collect();
    let post = |body: &str| {
        let t = Instant::now();
        let a = tests::send(
            "POST",
            &triage_url,
            &[("content-type", "application/json")],
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
        let a = server.get(&format!("/api/search?q={encoded}"));
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
    Ok(())
}
