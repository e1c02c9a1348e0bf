//! Nobody let in, nothing let through, on real wrangler dev + D1: per-client rate limits answer
//! 429 with Retry-After (and another client is unaffected).

use serde_json::json;
use tests::{sample_case, send, Answer, Server};

/// `limit` requests from one client address are all served; then a 429 comes within the next
/// `limit + 1` (the counting window may roll over once during a slow burst). Returns the 429.
fn burst(limit: usize, ip: &str, call: &dyn Fn(usize, &str) -> Answer) -> Answer {
    for i in 0..limit {
        let a = call(i, ip);
        assert!(
            a.status < 400 || a.status == 401,
            "request {i} of {limit}: {} {}",
            a.status,
            a.body
        );
    }
    for i in limit..=2 * limit {
        let a = call(i, ip);
        if a.status == 429 {
            return a;
        }
    }
    panic!("no 429 after {} requests from {ip}", 2 * limit + 1)
}

fn refused(a: &Answer, what: &str) {
    assert_eq!(a.status, 429, "{what}: {}", a.body);
    assert_eq!(a.header("retry-after"), Some("60"), "{what}");
    assert_eq!(a.json()["error"]["code"], "too_many_requests", "{what}");
}

#[test]
fn rate_limits_answer_429_with_retry_after() {
    let server = Server::start();
    let submit = |i: usize, ip: &str| {
        send(
            "POST",
            &server.url("/api/cases"),
            &[
                ("content-type", "application/json"),
                ("cf-connecting-ip", ip),
                (
                    "idempotency-key",
                    &format!("limit-{}-{i:05}", ip.replace('.', "-")),
                ),
            ],
            Some(sample_case().to_string().as_bytes()),
        )
    };
    refused(&burst(30, "203.0.113.1", &submit), "submission");
    assert_eq!(submit(0, "203.0.113.2").status, 201, "another client files");

    let triage = |_: usize, ip: &str| {
        send(
            "POST",
            &server.url("/api/triage"),
            &[
                ("content-type", "application/json"),
                ("cf-connecting-ip", ip),
            ],
            Some(
                json!({"title": "两步申报", "description": "想了解两步申报怎么办理"})
                    .to_string()
                    .as_bytes(),
            ),
        )
    };
    refused(&burst(120, "203.0.113.3", &triage), "triage");
    assert_eq!(triage(0, "203.0.113.4").status, 200);

    let search = |_: usize, ip: &str| {
        send(
            "GET",
            &server.url("/api/search?q=%E7%94%B3%E6%8A%A5"),
            &[("cf-connecting-ip", ip)],
            None,
        )
    };
    refused(&burst(300, "203.0.113.5", &search), "search");
    assert_eq!(search(0, "203.0.113.6").status, 200);

    let login = |_: usize, ip: &str| {
        send(
            "POST",
            &server.url("/api/auth/login"),
            &[
                ("content-type", "application/json"),
                ("origin", &server.base),
                ("cf-connecting-ip", ip),
            ],
            Some(
                json!({"username": "nobody", "password": "wrong-password-1"})
                    .to_string()
                    .as_bytes(),
            ),
        )
    };
    refused(&burst(30, "203.0.113.7", &login), "login");
    assert_eq!(login(0, "203.0.113.8").status, 401);
}

#[test]
fn pages_and_answers_carry_strict_security_headers() {
    let server = Server::start();
    for path in [
        "/",
        "/c/unknown-token",
        "/staff",
        "/boot.js",
        "/css/app.css",
        "/api/meta",
    ] {
        let a = server.get(path);
        assert_eq!(a.status, 200, "{path}");
        let csp = a
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{path}: no CSP"));
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
            "{path}: {csp}"
        );
        if !path.starts_with("/api") {
            assert!(
                csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
                "{path}: {csp}"
            );
        }
        assert_eq!(
            a.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert!(a.header("referrer-policy").is_some(), "{path}");
        assert!(
            a.header("strict-transport-security")
                .unwrap_or_default()
                .contains("max-age="),
            "{path}"
        );
    }
    // the page itself has no inline script for the policy to allow
    let html = server.get("/").body;
    assert!(!html.contains("<script>") && html.contains("<script src=\"/boot.js\">"));
    // errors are answers too
    let a = server.get("/api/cases/status/nope");
    assert_eq!(a.status, 404);
    assert!(a.header("content-security-policy").is_some());
}
