//! What a person does, in headless Debian Chromium at 390x844 (tests/browser/report.mjs),
//! against a real server. Screenshots land in target/screenshots/.

use std::process::Command;

use tests::{root, Server};

#[test]
fn a_clerk_reports_on_a_phone_and_follows_the_qr_link() {
    let server = Server::start();
    let out = Command::new("node")
        .arg(root().join("tests/browser/report.mjs"))
        .env("BASE_URL", &server.base)
        .env("SHOTS", root().join("target/screenshots"))
        .current_dir(root())
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    if !out.status.success() {
        panic!(
            "browser steps failed:\n{stdout}\nserver log:\n{}",
            server.log_tail()
        );
    }
}
