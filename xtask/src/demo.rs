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
