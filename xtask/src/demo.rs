//! Demo data for `cargo xtask dev`, filed through the public API like any case. The
//! idempotency keys are fixed, so loading twice files nothing twice.

use anyhow::{Context, Result};

const CASES: &[(&str, &str, &str, &str, &str, &str, &str, &str)] = &[
    (
        "demo-case-0001",
        "青岛海川进出口有限公司",
        "91350100M000100Y43",
        "王丽",
        "13812345678",
        "qianwan",
        "船边直提已批准，12个集装箱仍被拖进堆场",
        "提单号COSU6234567890，共12个40尺柜，已办理船边直提手续并获批准，卸船后仍被拖进堆场，需另付堆存和短驳费用，请协调。",
    ),
    (
        "demo-case-0002",
        "青岛远洋国际货运代理有限公司",
        "91370200163562681G",
        "刘强",
        "13956781234",
        "dagang",
        "RCEP原产地证书享惠咨询",
        "我司从日本进口机械零部件，想了解RCEP项下原产地声明的填写要求和享受协定税率的操作流程。",
    ),
];

pub fn load(base: &str) -> Result<()> {
    for (key, name, uscc, contact, phone, port, title, description) in CASES {
        let body = serde_json::json!({
            "enterprise_name": name, "uscc": uscc, "contact_name": contact,
            "contact_phone": phone, "port": port, "title": title, "description": description,
        });
        let resp = ureq::post(&format!("{base}/api/cases"))
            .set("idempotency-key", key)
            .send_json(body)
            .with_context(|| format!("demo case {key}"))?;
        let created: serde_json::Value = resp.into_json()?;
        eprintln!("demo case {} → {base}{}", created["case_no"], created["status_url"].as_str().unwrap_or(""));
    }
    Ok(())
}
