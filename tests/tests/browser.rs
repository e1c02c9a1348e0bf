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

#[test]
fn an_officer_grades_replies_and_resolves_at_a_desk() {
    let server = Server::start();
    server.with_staff();
    // a lower-priority question first, then the wharf story, which must top the queue
    let mut consult = tests::sample_case();
    consult["title"] = serde_json::json!("AEO企业能享受哪些便利");
    consult["description"] =
        serde_json::json!("AEO高级认证企业在通关上具体能享受哪些便利措施，有什么政策规定");
    assert_eq!(server.post_case("console-case-0001", &consult).status, 201);
    let c = server
        .post_case("console-case-0002", &tests::sample_case())
        .json();
    let out = Command::new("node")
        .arg(root().join("tests/browser/console.mjs"))
        .env("BASE_URL", &server.base)
        .env("TOKEN", c["token"].as_str().unwrap())
        .env("USERNAME", "desk")
        .env("PASSWORD", tests::DEMO_PASSWORD)
        .env("SHOTS", root().join("target/screenshots"))
        .current_dir(root())
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    if !out.status.success() {
        panic!(
            "console steps failed:\n{stdout}\nserver log:\n{}",
            server.log_tail()
        );
    }
}
