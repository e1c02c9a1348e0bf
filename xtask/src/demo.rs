//! Demo data for `cargo xtask dev`, filed through the public API like any case. The
//! idempotency keys are fixed, so loading twice files nothing twice.

use anyhow::{Context, Result};
use serde_json::{json, Value};

fn cases() -> Vec<(&'static str, Value)> {
    vec![
        (
            "demo-case-0001",
            json!({
                "enterprise_name": "青岛海川进出口有限公司",
                "uscc": "91350100M000100Y43",
                "contact_name": "王丽",
                "contact_phone": "13812345678",
                "port": "qianwan",
                "title": "船边直提已批准，12个集装箱仍被拖进堆场",
                "description": "提单号COSU6234567890，共12个40尺柜，已办理船边直提手续并获批准，卸船后仍被拖进堆场，需另付堆存和短驳费用，请协调。",
                "consent": domain::consent::NoticeVersion::CURRENT.as_str(),
            }),
        ),
        (
            "demo-case-0002",
            json!({
                "enterprise_name": "青岛远洋国际货运代理有限公司",
                "uscc": "91370200163562681G",
                "contact_name": "刘强",
                "contact_phone": "13956781234",
                "port": "dagang",
                "title": "RCEP原产地证书享惠咨询",
                "description": "我司从日本进口机械零部件，想了解RCEP项下原产地声明的填写要求和享受协定税率的操作流程。",
                "consent": domain::consent::NoticeVersion::CURRENT.as_str(),
            }),
        ),
    ]
}

pub fn load(base: &str) -> Result<()> {
    for (key, body) in cases() {
        let resp = ureq::post(&format!("{base}/api/cases"))
            .set("idempotency-key", key)
            .send_json(body)
            .with_context(|| format!("demo case {key}"))?;
        let created: Value = resp.into_json()?;
        eprintln!(
            "demo case {} → {base}{}",
            created["case_no"].as_str().unwrap_or("?"),
            created["status_url"].as_str().unwrap_or("")
        );
    }
    Ok(())
}

/// Demo staff for `cargo xtask dev`: the first admin through the bootstrap route, then one
/// account per role. Local only: the passwords are printed.
pub fn staff(server: &harness::Server) -> Result<()> {
    let boot = server.bootstrap_admin();
    if boot.status != 201 && boot.json()["error"]["code"] != "bootstrap_closed" {
        anyhow::bail!("bootstrap: {}", boot.body);
    }
    let admin = server.login("admin", harness::DEMO_PASSWORD);
    for (username, display_name, role, department) in harness::STAFF {
        let a = admin.post(
            "/api/staff/users",
            &json!({"username": username, "display_name": display_name, "role": role, "department": department,
                    "password": harness::DEMO_PASSWORD}),
        );
        if a.status != 201 && a.status != 422 {
            anyhow::bail!("demo user {username}: {}", a.body);
        }
    }
    eprintln!(
        "demo staff (local only), password {:?}:",
        harness::DEMO_PASSWORD
    );
    eprintln!("  admin (admin)");
    for (username, name, role, department) in harness::STAFF {
        eprintln!(
            "  {username} — {name} ({role}{})",
            department.map(|d| format!(", {d}")).unwrap_or_default()
        );
    }
    Ok(())
}

/// `cargo xtask create-admin USER PASSWORD`: the first administrator of the local server
/// (`cargo xtask dev` running), through the same one-time bootstrap production uses.
pub fn create_admin(base: &str, username: &str, password: &str) -> Result<()> {
    let a = harness::send(
        "POST",
        &format!("{base}/api/auth/bootstrap"),
        &[("content-type", "application/json")],
        Some(
            json!({"secret": harness::BOOTSTRAP_SECRET, "username": username, "display_name": username, "password": password})
                .to_string()
                .as_bytes(),
        ),
    );
    if a.status != 201 {
        anyhow::bail!("{}", a.body);
    }
    eprintln!("administrator {username} created");
    Ok(())
}

/// The demo knowledge base (policies, Q&A, fees; marked 演示), imported like an admin would.
pub fn knowledge(server: &harness::Server) -> Result<()> {
    let admin = server.login("admin", harness::DEMO_PASSWORD);
    let a = admin.import(&harness::demo_knowledge());
    if a.status != 200 {
        anyhow::bail!("demo knowledge: {}", a.body);
    }
    eprintln!(
        "demo knowledge: {} entries",
        a.json()["lines"].as_array().map(|l| l.len()).unwrap_or(0)
    );
    Ok(())
}

/// The demo's month (`harness::DEMO_MONTH`), written into the local D1 before the server starts,
/// once: a second `cargo xtask dev` finds it there and adds nothing. Case ids continue above
/// whatever the database already holds.
pub fn month(state: &std::path::Path) -> Result<()> {
    let found = harness::query(
        state,
        "SELECT (SELECT count(*) FROM cases WHERE token LIKE 'vol-%') AS seeded, \
         coalesce((SELECT max(id) FROM cases), 0) AS top",
    )
    .map_err(anyhow::Error::msg)?;
    if found["seeded"].as_u64().unwrap_or(0) > 0 {
        eprintln!("demo month: already loaded");
        return Ok(());
    }
    let top = found["top"].as_u64().unwrap_or(0) as u32;
    let sql = harness::volume::sql(
        &harness::DEMO_MONTH,
        &domain::time::iso(harness::now()),
        top,
    );
    harness::execute(state, &sql).map_err(anyhow::Error::msg)?;
    eprintln!(
        "demo month: {} cases over the last {} days, {} still open",
        harness::DEMO_MONTH.total,
        harness::DEMO_MONTH.days,
        harness::DEMO_MONTH.open
    );
    Ok(())
}
