//! The OpenAPI document and the Worker's router are built from one route table
//! (`domain::api::routes::ROUTES`), so they cannot disagree by construction; these tests check
//! the running Worker against it: every documented operation is routed, the other method of a
//! documented path is 405, and a path outside the table is 404.

use std::collections::BTreeSet;

use harness::{root, Server};

fn concrete(path: &str) -> String {
    path.replace("{token}", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        .replace("{no}", "ZTC-20260101-0001")
        .replace("{kind}", "faq")
        .replace("{id}", "1")
        .replace("{year}", "2026")
}

fn error_code(a: &harness::Answer) -> String {
    a.json()["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_router_refuses_what_the_table_does_not_hold() {
    let server = Server::start();
    let ops: BTreeSet<(String, String)> = domain::openapi::operations_list().into_iter().collect();
    assert!(ops.len() > 40);
    for (method, path) in &ops {
        let other = if method == "GET" { "POST" } else { "GET" };
        if ops.contains(&(other.to_string(), path.clone())) {
            continue;
        }
        let a = harness::send(
            other,
            &server.url(&concrete(path)),
            &[("content-type", "application/json")],
            Some(b"{}"),
        );
        assert_eq!(
            (a.status, error_code(&a)),
            (405, "method_not_allowed".to_string()),
            "{other} {path}"
        );
    }
    for path in [
        "/api/nothing",
        "/api/staff/cases/ZTC-20260101-0001/nothing",
        "/api/cases/status",
    ] {
        let a = server.get(path);
        assert_eq!(
            (a.status, error_code(&a)),
            (404, "no_route".to_string()),
            "{path}"
        );
    }
    // the document is no longer compared with the router's source text
    let lib = std::fs::read_to_string(root().join("functions/src/lib.rs")).unwrap();
    assert!(
        !lib.contains("=> match method"),
        "a hand-written route came back"
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
        let a = harness::send(
            &method,
            &server.url(&concrete(&path)),
            &[("content-type", "application/json")],
            Some(b"{}"),
        );
        assert!(a.status < 500, "{method} {path}: {}", a.body);
        if a.status == 404 || a.status == 405 {
            let code = error_code(&a);
            assert!(
                code != "no_route" && code != "method_not_allowed",
                "{method} {path}: no route ({code})"
            );
        }
    }
}

/// A client (or a generator) that sends the document's own example files a case: the example is
/// taken from the served document, not written here.
#[test]
fn the_documents_example_report_is_filed() {
    let server = Server::start();
    let doc = server.get("/api/openapi.json").json();
    let example = &doc["components"]["schemas"]["NewCase"]["examples"][0];
    assert!(example.is_object(), "no example report");
    let a = server.post_case("openapi-example-0001", example);
    assert_eq!(a.status, 201, "{}", a.body);
    // and a staff intake is described with the same fields and every channel
    let intake = &doc["components"]["schemas"]["Intake"]["properties"]["channel"]["enum"];
    assert!(intake.as_array().unwrap().len() > 2, "{intake}");
    let public = &doc["components"]["schemas"]["NewCase"]["properties"]["channel"]["enum"];
    assert_eq!(public, &serde_json::json!(["web", "wechat"]));
}
