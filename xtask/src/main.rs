//! `cargo xtask <verb>`: every chore of the project, so a fresh machine needs two commands.
//!
//! dev          install what is missing, build, migrate, load demo data, serve on :8787
//! test         install what is missing, check formatting, build, run every test
//! build        build the worker (build/worker) and the app (dist/)
//! bench        timings (triage and search inside the Worker; `bench ledger`: 50 000 cases), printed, never pass/fail
//! backup       the local D1 of `dev` as one SQL file in backups/ (restore FILE loads one back)
//! train        retrain the triage model from domain/data/triage_train*.tsv into triage_model.bin
//!              (--ledger FILE first adds an export of the office's confirmed cases)
//! create-admin the first administrator of the local server (bootstrap route)
//! eval         triage accuracy on the held-out reports (--misses lists the misses;
//!              --set FILE: one labelled file alone, e.g. a new training file before it is added;
//!              --hands: each training file judged by a model trained on the others; --cv)
//! lint         rustfmt --check, no production file over 400 lines, clippy -D warnings everywhere
//! screenshots  phone screenshots of the portal into docs/screenshots/
//! soak         schemathesis against every operation of /api/openapi.json (no 5xx, answers match)

mod bench;
mod build;
mod circles;
mod css;
mod demo;
mod eval;
mod load;
mod reader;
mod sizes;
mod soak;
mod texts;
mod tools;
mod volume;

use anyhow::{bail, Result};
use std::process::Command;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verb = args.first().map(String::as_str).unwrap_or("help");
    let result = match verb {
        "dev" => dev(),
        "test" => test(&args[1..]),
        "build" => tools::ensure_build_tools().and_then(|_| build::all()),
        "screenshots" => screenshots(),
        "soak" => soak::run(),
        "backup" => backup(args.get(1).map(String::as_str)),
        "restore" => {
            match args.get(1) {
                Some(file) => restore(file),
                None => {
                    eprintln!("usage: cargo xtask restore backups/FILE.sql (with `cargo xtask dev` stopped)");
                    std::process::exit(2);
                }
            }
        }
        "train" => match args.get(1).map(String::as_str) {
            None => eval::train(None),
            Some("--ledger") if args.len() == 3 => eval::train(Some(&args[2])),
            _ => {
                eprintln!("usage: cargo xtask train [--ledger EXPORT.tsv]");
                std::process::exit(2);
            }
        },
        "create-admin" => match (args.get(1), args.get(2)) {
            (Some(u), Some(p)) => demo::create_admin("http://127.0.0.1:8787", u, p),
            _ => {
                eprintln!("usage: cargo xtask create-admin USERNAME PASSWORD (with `cargo xtask dev` running)");
                std::process::exit(2);
            }
        },
        "eval" if args.iter().any(|a| a == "--cv") => eval::tune(),
        "eval" if args.get(1).is_some_and(|a| a == "--set") => eval::one_set(args.get(2)),
        "eval" if args.iter().any(|a| a == "--hands") => eval::hands(),
        "eval" => eval::run(args.iter().any(|a| a == "--misses")),
        "bench" => tools::ensure_build_tools()
            .and_then(|_| build::all())
            .and_then(|_| match args.get(1).map(String::as_str) {
                Some("volume") => volume::run(),
                Some("compare") => bench::compare(),
                Some("lighthouse") => bench::lighthouse(),
                _ => bench::run(),
            }),
        "lint" => tools::ensure_build_tools().and_then(|_| lint()),
        _ => {
            eprintln!("usage: cargo xtask <dev|test|build|bench|train|eval|lint|screenshots>");
            std::process::exit(2);
        }
    };
    if let Err(e) = result {
        eprintln!("xtask {verb}: {e:#}");
        std::process::exit(1);
    }
}

pub fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("$ {cmd:?}");
    let status = cmd.status()?;
    if !status.success() {
        bail!("{cmd:?} failed: {status}");
    }
    Ok(())
}

/// Local time as `YYYYMMDD-HHMMSS`, for file names.
fn stamp() -> Result<String> {
    let out = Command::new("date").arg("+%Y%m%d-%H%M%S").output()?;
    Ok(String::from_utf8(out.stdout)?.trim().to_string())
}

/// `cargo xtask backup [FILE]`: the local D1 of `cargo xtask dev` (`.ztc/state`) as one SQL file,
/// by default `backups/ztc-YYYYMMDD-HHMMSS.sql`.
fn backup(file: Option<&str>) -> Result<()> {
    tools::ensure_build_tools()?;
    let state = harness::root().join(".ztc/state");
    anyhow::ensure!(
        state.exists(),
        "no local database yet: run `cargo xtask dev` once"
    );
    let file = match file {
        Some(f) => std::path::PathBuf::from(f),
        None => {
            let stamp = stamp()?;
            let dir = harness::root().join("backups");
            std::fs::create_dir_all(&dir)?;
            dir.join(format!("ztc-{stamp}.sql"))
        }
    };
    harness::backup(&state, &file).map_err(anyhow::Error::msg)?;
    eprintln!("backup written to {}", file.display());
    Ok(())
}

/// `cargo xtask restore FILE`: the current `.ztc/state` is kept aside, and a new one is loaded from
/// the backup. Stop `cargo xtask dev` first.
fn restore(file: &str) -> Result<()> {
    tools::ensure_build_tools()?;
    let state = harness::root().join(".ztc/state");
    if state.exists() {
        let stamp = stamp()?;
        let aside = harness::root().join(format!(".ztc/state.before-restore-{stamp}"));
        std::fs::rename(&state, &aside)?;
        eprintln!(
            "the database before the restore is kept in {}",
            aside.display()
        );
    }
    harness::restore(std::path::Path::new(file), &state).map_err(anyhow::Error::msg)?;
    eprintln!("restored {file} into {}", state.display());
    Ok(())
}

fn dev() -> Result<()> {
    tools::ensure_build_tools()?;
    build::all()?;
    let state = harness::root().join(".ztc/state");
    harness::migrate(&state).map_err(anyhow::Error::msg)?;
    demo::month(&state)?;
    let config = snapshot()?;
    let server =
        harness::Server::start_config(Some(&config), 8787, state, harness::Group::Terminal, &[])
            .map_err(anyhow::Error::msg)?;
    demo::load(&server.base)?;
    demo::staff(&server)?;
    demo::knowledge(&server)?;
    eprintln!("直通车 is running at http://127.0.0.1:8787 (Ctrl-C stops it)");
    server.wait();
    Ok(())
}

/// What `dev` serves: a copy of this build (`build/`, `dist/`, `wrangler.toml`) in
/// `.ztc/serve/`. A later `cargo xtask build`, `test` or `bench` rewrites `dist/` with new hashed
/// file names, which a running `wrangler dev` would not know (it would answer them with the
/// page's HTML); the copy keeps the running server whole until it is restarted.
fn snapshot() -> Result<std::path::PathBuf> {
    let root = harness::root();
    let serve = root.join(".ztc/serve");
    let _ = std::fs::remove_dir_all(&serve);
    for dir in ["build", "dist", "migrations"] {
        harness::copy_dir(&root.join(dir), &serve.join(dir))?;
    }
    let config = serve.join("wrangler.toml");
    std::fs::copy(root.join("wrangler.toml"), &config)?;
    Ok(config)
}

fn test(extra: &[String]) -> Result<()> {
    tools::ensure_build_tools()?;
    tools::ensure_chromium()?;
    lint()?;
    build::all()?;
    let mut cmd = if tools::has_nextest() {
        let mut c = Command::new("cargo");
        c.args([
            "nextest",
            "run",
            "--workspace",
            "--exclude",
            "app",
            "--exclude",
            "functions",
        ])
        .args(["--no-fail-fast", "--retries", "0"]);
        c
    } else {
        let mut c = Command::new("cargo");
        c.args([
            "test",
            "--workspace",
            "--exclude",
            "app",
            "--exclude",
            "functions",
            "--no-fail-fast",
        ]);
        c
    };
    cmd.args(extra);
    let tests = run(&mut cmd);
    // every operation of /api/openapi.json against a live server: no 5xx, answers as documented
    let soak = soak::check();
    tests.and(soak)
}

fn lint() -> Result<()> {
    run(Command::new("cargo").args(["fmt", "--all", "--check"]))?;
    sizes::check(&harness::root())?;
    circles::check(&harness::root())?;
    run(Command::new("cargo").args([
        "clippy",
        "--workspace",
        "--exclude",
        "app",
        "--exclude",
        "functions",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(Command::new("cargo").args([
        "clippy",
        "-p",
        "app",
        "-p",
        "functions",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))
}

fn screenshots() -> Result<()> {
    tools::ensure_build_tools()?;
    tools::ensure_chromium()?;
    build::all()?;
    let out = harness::root().join("docs/screenshots");
    let script = |server: &harness::Server, name: &str, env: &[(&str, &str)]| {
        run(Command::new("node")
            .arg(harness::root().join("tests/browser").join(name))
            .env("BASE_URL", &server.base)
            .env("SHOTS", &out)
            .envs(env.iter().copied()))
    };
    // each flow on its own office (a few pages of everything), as the browser tests run it
    let server = harness::office();
    script(&server, "report.mjs", &[])?;
    drop(server);

    let server = harness::office();
    let admin = server.with_staff();
    admin.import(&harness::demo_knowledge());
    script(&server, "knowledge.mjs", &[])?;
    drop(admin);
    drop(server);

    let server = harness::office();
    let (token, no) = harness::console_scenario(&server);
    script(
        &server,
        "console.mjs",
        &[
            ("TOKEN", &token),
            ("CASE_NO", &no),
            ("USERNAME", "desk"),
            ("PASSWORD", harness::DEMO_PASSWORD),
        ],
    )?;
    drop(server);

    let server = harness::office();
    server.with_staff();
    let desk = server.login("desk", harness::DEMO_PASSWORD);
    let case = server
        .post_case("screenshot-case-02", &harness::sample_case())
        .json();
    let (no, token) = (
        case["case_no"].as_str().unwrap_or_default(),
        case["token"].as_str().unwrap_or_default(),
    );
    for body in [
        serde_json::json!({"action": "triage", "category": "practice", "importance": "B", "urgency": "A",
            "department": "customs", "level": 2, "reason": "当天卸船"}),
        serde_json::json!({"action": "request_info", "body": "请补充船边直提审批单的编号"}),
    ] {
        desk.act(no, body);
    }
    script(
        &server,
        "follow.mjs",
        &[("TOKEN", token), ("CASE_NO", no), ("PHASE", "reply")],
    )?;
    desk.act(
        no,
        serde_json::json!({"action": "answer", "body": "经协调，码头已退还堆存费3600元。"}),
    );
    script(
        &server,
        "follow.mjs",
        &[("TOKEN", token), ("CASE_NO", no), ("PHASE", "rate")],
    )?;
    drop(desk);
    drop(server);

    let server = harness::Server::start_seeded(&harness::demo_month_sql(), &[]);
    server.with_staff();
    script(
        &server,
        "ledger.mjs",
        &[("USERNAME", "super"), ("PASSWORD", harness::DEMO_PASSWORD)],
    )
}
