//! `cargo xtask soak`: schemathesis (PyPI, pinned) generates requests for every operation of
//! `/api/openapi.json` against a local wrangler dev with demo data and a staff session, and
//! checks that no answer is a 5xx and every answer matches its documented status, content type
//! and schema.

use anyhow::Result;
use std::process::Command;

use crate::tools;

/// Examples per operation (the CI run uses this; raise it locally for a longer soak).
const EXAMPLES: &str = "20";

pub fn run() -> Result<()> {
    tools::ensure_build_tools()?;
    crate::build::all()?;
    check()
}

/// The run itself, on the already built worker (`cargo xtask test` calls this last).
pub fn check() -> Result<()> {
    let schemathesis = tools::ensure_schemathesis()?;
    let server = harness::Server::start_seeded(&harness::demo_month_sql(), &[]);
    let admin = server.with_staff();
    admin.import(&harness::demo_knowledge());
    // a supervisor's session: every staff operation is reachable, with the site's Origin
    let sup = server.login("super", harness::DEMO_PASSWORD);
    let admin_session = server.login("admin", harness::DEMO_PASSWORD);
    let report = harness::root().join("target/schemathesis");
    let examples = std::env::var("SOAK_EXAMPLES").unwrap_or_else(|_| EXAMPLES.into());
    // the supervisor runs everything but the administrators' operations; the administrator
    // runs those
    let admin_only = "^/api/(admin/|staff/(audit|users|templates))";
    let mut failed = Vec::new();
    // (schemathesis 4.32.5's coverage phase crashes inside itself on the retire/restore
    // operations, so the administrator's run fuzzes without it)
    for (who, cookie, selection, phases) in [
        (
            "supervisor",
            &sup.cookie,
            ["--exclude-path-regex", admin_only],
            "examples,coverage,fuzzing",
        ),
        (
            "administrator",
            &admin_session.cookie,
            ["--include-path-regex", admin_only],
            "examples,fuzzing",
        ),
    ] {
        eprintln!("schemathesis as the {who}:");
        let status = Command::new(&schemathesis)
            .arg("run")
            .arg(server.url("/api/openapi.json"))
            .args(["--url", &server.base])
            .args([
                "--checks",
                "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            ])
            .args(["--max-examples", &examples, "--seed", "20261122", "--workers", "2"])
            .args(selection)
            .args(["--phases", phases])
            // logging out would end the session every other staff operation runs in (its own
            // behaviour is covered by tests/staff.rs)
            .args(["--exclude-path", "/api/auth/logout"])
            // our session, not generated cookie values
            .args(["--generation-with-security-parameters", "false"])
            .args(["--header", &format!("Cookie: {cookie}")])
            .args(["--header", &format!("Origin: {}", server.base)])
            .args(["--report", "junit", "--report-dir"])
            .arg(&report)
            .status()?;
        if !status.success() {
            failed.push(who);
        }
    }
    drop(admin_session);
    drop(sup);
    drop(admin);
    drop(server);
    anyhow::ensure!(
        failed.is_empty(),
        "schemathesis found problems as the {} (reports in {})",
        failed.join(" and the "),
        report.display()
    );
    Ok(())
}
