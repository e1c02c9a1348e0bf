//! Installs what is missing, pinned, and skips what is there: the wasm target, the npm tools
//! (wrangler, wasm-opt, WeUI, playwright-core, from package-lock.json) and Debian's Chromium.

use anyhow::{bail, Result};
use std::path::Path;
use std::process::Command;

use crate::run;

pub fn ensure_build_tools() -> Result<()> {
    ensure_wasm_target()?;
    ensure_npm()
}

fn ensure_wasm_target() -> Result<()> {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()?;
    if !String::from_utf8_lossy(&out.stdout).contains("wasm32-unknown-unknown") {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

fn ensure_npm() -> Result<()> {
    let root = harness::root();
    let marker = root.join("node_modules/.package-lock.json");
    let stale = match (marker.metadata(), root.join("package-lock.json").metadata()) {
        (Ok(m), Ok(l)) => m.modified()? < l.modified()?,
        _ => true,
    };
    if stale || !root.join("node_modules/.bin/wrangler").exists() {
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&root))?;
    }
    Ok(())
}

/// Debian's Chromium for the browser tests, and CJK fonts so screenshots show Chinese.
pub fn ensure_chromium() -> Result<()> {
    let fonts = Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
    if Path::new("/usr/bin/chromium").exists() && fonts.exists() {
        return Ok(());
    }
    let root_user = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false);
    if !root_user {
        bail!("Chromium is missing: run `sudo apt-get install -y chromium chromium-driver`");
    }
    run(Command::new("apt-get").arg("update").arg("-q"))?;
    run(Command::new("apt-get")
        .args([
            "install",
            "-y",
            "-q",
            "--no-install-recommends",
            "chromium",
            "fonts-noto-cjk",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

pub fn has_nextest() -> bool {
    Command::new("cargo")
        .args(["nextest", "--version"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Schemathesis from PyPI, pinned, in a virtual environment of the project (`.tools/venv`).
pub const SCHEMATHESIS: &str = "4.32.5";

pub fn ensure_schemathesis() -> Result<std::path::PathBuf> {
    let venv = harness::root().join(".tools/venv");
    let bin = venv.join("bin/schemathesis");
    let installed = Command::new(&bin)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains(SCHEMATHESIS))
        .unwrap_or(false);
    if !installed {
        run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
        run(Command::new(venv.join("bin/pip"))
            .args(["install", "-q", "--disable-pip-version-check"])
            .arg(format!("schemathesis=={SCHEMATHESIS}")))?;
    }
    Ok(bin)
}
