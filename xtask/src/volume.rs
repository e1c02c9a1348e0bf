//! `cargo xtask bench volume`: an office's year. A fresh local D1 gets 100 000 cases over 365
//! days from `harness::volume` (written as SQL, not through the API), 2 400 of them open and 240
//! overdue; then every queue tab for each role, a filtered ledger page, the statistics (the
//! month and the whole year), the CSV, an XLSX part, a status lookup and a submission are timed.
//! p50 and p99 are printed and written to `bench/results.json` under `volume`. Timings only,
//! never pass/fail; the targets are printed beside them.

use std::time::{Duration, Instant};

use anyhow::{ensure, Result};
use serde_json::{json, Value};

use crate::bench::{ms, percentile};

const MIX: harness::volume::Mix = harness::volume::Mix {
    total: 100_000,
    open: 2_400,
    overdue: 240,
    days: 365,
    numbered: true,
};

/// One timed route: its samples, and the target it is held to (if any).
struct Timing {
    name: String,
    samples: Vec<Duration>,
    target_ms: Option<f64>,
}

impl Timing {
    fn json(&mut self) -> Value {
        let p50 = percentile(&mut self.samples, 0.5);
        let p99 = percentile(&mut self.samples, 0.99);
        json!({"name": self.name, "runs": self.samples.len(), "p50_ms": round(p50), "p99_ms": round(p99),
               "target_ms": self.target_ms})
    }
}

fn round(d: Duration) -> f64 {
    (d.as_secs_f64() * 10_000.0).round() / 10.0
}

/// Times `runs` calls of `call`, each of which must answer `ok`.
fn time(
    name: String,
    runs: usize,
    target_ms: Option<f64>,
    mut call: impl FnMut() -> harness::Answer,
    ok: u16,
) -> Result<Timing> {
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let a = call();
        samples.push(t.elapsed());
        ensure!(a.status == ok, "{name}: {} {}", a.status, a.body);
    }
    let mut t = Timing {
        name,
        samples,
        target_ms,
    };
    println!(
        "volume: {:<44} p50 {:>9} · p99 {:>9}{}",
        t.name,
        ms(percentile(&mut t.samples, 0.5)),
        ms(percentile(&mut t.samples, 0.99)),
        target_ms
            .map(|m| format!("  (target p50 ≤ {m} ms)"))
            .unwrap_or_default()
    );
    Ok(t)
}

/// The resident memory of the workerd processes, in MB (for the CSV's "flat memory").
fn workerd_rss_mb() -> f64 {
    let mut kb = 0u64;
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let dir = entry.path();
        let cmd = std::fs::read_to_string(dir.join("cmdline")).unwrap_or_default();
        if !cmd.contains("workerd") {
            continue;
        }
        let status = std::fs::read_to_string(dir.join("status")).unwrap_or_default();
        kb += status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(0);
    }
    kb as f64 / 1024.0
}

fn seed() -> Result<(harness::Server, Duration)> {
    let state = harness::root().join("target/ztc-state/bench-volume");
    let _ = std::fs::remove_dir_all(&state);
    harness::migrate(&state).map_err(anyhow::Error::msg)?;
    let t = Instant::now();
    let sql = harness::volume::sql(&MIX, &domain::time::iso(harness::now()), 0);
    harness::execute(&state, &sql).map_err(anyhow::Error::msg)?;
    let seeded = t.elapsed();
    println!(
        "volume: {} cases ({} open, {} overdue) over {} days written to a fresh local D1 in {}",
        MIX.total,
        MIX.open,
        MIX.overdue,
        MIX.days,
        ms(seeded)
    );
    let server = harness::Server::start_on(harness::free_port(), state, harness::Group::Own, &[])
        .map_err(anyhow::Error::msg)?;
    server.with_staff();
    Ok((server, seeded))
}

pub fn run() -> Result<()> {
    let (server, seeded) = seed()?;
    let mut timings = Vec::new();
    for (username, _, _, _) in harness::STAFF {
        let who = server.login(username, harness::DEMO_PASSWORD);
        for tab in domain::queue::Tab::ALL {
            let path = format!("/api/staff/queue?tab={}", tab.code());
            timings.push(time(
                format!("queue {username} {}", tab.code()),
                15,
                Some(100.0),
                || who.get(&path),
                200,
            )?);
        }
    }
    timings.extend(ledger(&server)?);
    timings.extend(public(&server)?);
    let (csv_ms, rows, mb, rss) = csv(&server)?;
    let results = json!({
        "measured_on": "2 cores, 24 GiB, local wrangler dev (workerd + local D1)",
        "date": harness::now().format("%Y-%m-%d").to_string(),
        "cases": MIX.total, "open": MIX.open, "overdue": MIX.overdue, "days": MIX.days,
        "seed_ms": round(seeded),
        "routes": timings.iter_mut().map(Timing::json).collect::<Vec<_>>(),
        "csv": {"rows": rows, "mb": mb, "ms": csv_ms, "workerd_rss_mb_before_after": rss},
    });
    let file = harness::root().join("bench/results.json");
    let mut all: Value = std::fs::read_to_string(&file)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_else(|| json!({}));
    all["volume"] = results;
    std::fs::write(&file, serde_json::to_string_pretty(&all)? + "\n")?;
    println!("volume: written to {}", file.display());
    Ok(())
}

fn ledger(server: &harness::Server) -> Result<Vec<Timing>> {
    let leader = server.login("leader", harness::DEMO_PASSWORD);
    let customs = server.login("customs", harness::DEMO_PASSWORD);
    let year_ago = (harness::now() - chrono::Duration::days(365)).format("%Y-%m-%d");
    let month = (harness::now() - chrono::Duration::days(30)).format("%Y-%m-%d");
    let mut out = Vec::new();
    for (name, who, path, runs, target) in [
        (
            "ledger page (leader, no filter)",
            &leader,
            "/api/staff/ledger?size=50".to_string(),
            10,
            None,
        ),
        (
            "ledger page (port + category + overdue)",
            &leader,
            "/api/staff/ledger?size=50&port=qianwan&category=practice&overdue=1".into(),
            10,
            None,
        ),
        (
            "ledger page (handler, search 通关)",
            &customs,
            format!("/api/staff/ledger?size=50&q={}", "%E9%80%9A%E5%85%B3"),
            10,
            None,
        ),
        (
            "statistics (last 30 days)",
            &leader,
            format!("/api/staff/stats?from={month}"),
            5,
            Some(1000.0),
        ),
        (
            "statistics (the year)",
            &leader,
            format!("/api/staff/stats?from={year_ago}"),
            5,
            Some(1000.0),
        ),
        (
            "XLSX part 1",
            &leader,
            "/api/staff/ledger.xlsx?part=1".into(),
            3,
            None,
        ),
    ] {
        out.push(time(name.into(), runs, target, || who.get(&path), 200)?);
    }
    Ok(out)
}

fn public(server: &harness::Server) -> Result<Vec<Timing>> {
    let token = "vol-50000-token-0123456789abcdef";
    let status = format!("/api/cases/status/{token}");
    let mut out = vec![time(
        "status page (public)".into(),
        30,
        None,
        || server.get(&status),
        200,
    )?];
    let mut n = 0;
    out.push(time(
        "submission (public)".into(),
        20,
        None,
        || {
            n += 1;
            server.post_case(&format!("bench-volume-{n:04}"), &harness::sample_case())
        },
        201,
    )?);
    Ok(out)
}

/// The whole ledger as CSV: time, size, and workerd's memory before and after.
fn csv(server: &harness::Server) -> Result<(f64, usize, f64, [f64; 2])> {
    let leader = server.login("leader", harness::DEMO_PASSWORD);
    let before = workerd_rss_mb();
    let t = Instant::now();
    let a = leader.get("/api/staff/ledger.csv");
    let took = round(t.elapsed());
    let after = workerd_rss_mb();
    ensure!(a.status == 200, "csv: {}", a.body);
    let rows = a.body.split("\r\n").filter(|l| !l.is_empty()).count() - 1;
    let mb = (a.bytes.len() as f64 / 1e5).round() / 10.0;
    println!(
        "volume: CSV of {rows} rows ({mb} MB, streamed) in {took} ms; workerd RSS {before:.0} → {after:.0} MB"
    );
    Ok((took, rows, mb, [before.round(), after.round()]))
}
