//! The OpenAPI document and the Worker's router describe the same API: every route the router
//! matches has an operation in the document, and every operation has a route. Routes are read
//! from `functions/src/lib.rs` itself (the `["api", …] => match method { Method::X => … }` arms).

use std::collections::BTreeSet;

use tests::{root, Server};

/// `(METHOD, /api/path/{param})` for every arm of the router.
fn router_routes() -> BTreeSet<(String, String)> {
    let src = std::fs::read_to_string(root().join("functions/src/lib.rs")).unwrap();
    let mut routes = BTreeSet::new();
    let mut lines = src.lines().peekable();
    while let Some(line) = lines.next() {
        let line = line.trim();
        let Some(pattern) = line
            .strip_prefix('[')
            .and_then(|l| l.split_once("] => match method {"))
        else {
            continue;
        };
        // one path per alternative: `action @ ("retire" | "restore")` is two paths
        let mut paths = vec![String::new()];
        for seg in pattern.0.split(", ") {
            let seg = seg.trim();
            let options: Vec<String> = if let Some((_, alts)) = seg.split_once(" @ ") {
                alts.trim_matches(|c| c == '(' || c == ')')
                    .split(" | ")
                    .map(|a| a.trim_matches('"').to_string())
                    .collect()
            } else if seg.starts_with('"') {
                vec![seg.trim_matches('"').to_string()]
            } else {
                vec![format!("{{{seg}}}")]
            };
            paths = paths
                .iter()
                .flat_map(|p| options.iter().map(move |o| format!("{p}/{o}")))
                .collect();
        }
        while let Some(next) = lines.peek() {
            let next = next.trim();
            if next.starts_with("},") {
                break;
            }
            if let Some(m) = next
                .strip_prefix("Method::")
                .and_then(|m| m.split_once(" =>"))
            {
                for p in &paths {
                    routes.insert((m.0.to_uppercase(), p.clone()));
                }
            }
            lines.next();
        }
    }
    routes
}

#[test]
fn the_document_and_the_router_describe_the_same_api() {
    let routes = router_routes();
    assert!(routes.len() > 40, "the router was read: {routes:?}");
    let documented: BTreeSet<(String, String)> =
        domain::openapi::operations_list().into_iter().collect();
    let undocumented: Vec<_> = routes.difference(&documented).collect();
    let unrouted: Vec<_> = documented.difference(&routes).collect();
    assert!(
        undocumented.is_empty(),
        "routes without an operation in the document: {undocumented:?}"
    );
    assert!(
        unrouted.is_empty(),
        "operations without a route: {unrouted:?}"
    );
}

#[test]
fn the_document_is_served_and_is_openapi_3_1() {
    let server = Server::start();
    let a = server.get("/api/openapi.json");
    assert_eq!(a.status, 200);
    let v = a.json();
    assert_eq!(v["openapi"], "3.1.0");
    assert_eq!(v, domain::openapi::document());
    // every operation answers at its documented method (anything but "no such route")
    for (method, path) in domain::openapi::operations_list() {
        let concrete = path
            .replace("{token}", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
            .replace("{no}", "ZTC-20260101-0001")
            .replace("{kind}", "faq")
            .replace("{id}", "1");
        let a = tests::send(
            &method,
            &server.url(&concrete),
            &[("content-type", "application/json")],
            Some(b"{}"),
        );
        assert!(a.status < 500, "{method} {path}: {}", a.body);
        if a.status == 404 || a.status == 405 {
            let code = a.json()["error"]["code"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            assert!(
                code != "no_route" && code != "method_not_allowed",
                "{method} {path}: no route ({code})"
            );
        }
    }
}
