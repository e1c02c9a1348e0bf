//! Notice and consent (issue 20; 个人信息保护法 art. 14, 17), on real wrangler dev + D1: a report
//! without the notice agreed to is refused with a message naming it and files nothing, so the
//! same key files it once agreed; the version agreed to is kept with the case; staff intake needs
//! the officer's word that the caller was told; the full notice is a page of its own, in both
//! languages, with the retention period in force.

use domain::consent::NoticeVersion;
use harness::{sample_case, send, Server, DEMO_PASSWORD};
use serde_json::{json, Value};

fn post_case(server: &Server, key: &str, body: &Value, lang: &str) -> harness::Answer {
    send(
        "POST",
        &server.url("/api/cases"),
        &[
            ("content-type", "application/json"),
            ("idempotency-key", key),
            ("accept-language", lang),
        ],
        Some(body.to_string().as_bytes()),
    )
}

#[test]
fn a_report_without_consent_is_refused_and_files_nothing() {
    let server = Server::start();
    let admin = server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let current = NoticeVersion::CURRENT.as_str();
    let queue_total = || {
        desk.get("/api/staff/queue").json()["total"]
            .as_u64()
            .unwrap()
    };
    let before = queue_total();

    for (consent, lang, words) in [
        (None, "zh-CN", "告知"),
        (Some(""), "zh-CN", "勾选同意"),
        (Some("2019-01-01"), "zh-CN", "已更新"),
        (Some("true"), "en", "privacy notice"),
    ] {
        let mut body = sample_case();
        match consent {
            None => drop(body.as_object_mut().unwrap().remove("consent")),
            Some(v) => body["consent"] = json!(v),
        }
        let a = post_case(&server, "consent-case-0001", &body, lang);
        assert_eq!(a.status, 422, "{consent:?}: {}", a.body);
        let err = &a.json()["error"];
        assert_eq!(err["code"], "validation_failed");
        let msg = err["fields"]["consent"].as_str().unwrap_or_default();
        assert!(msg.contains(words), "{consent:?} {lang}: {msg}");
        assert_eq!(
            err["fields"].as_object().unwrap().len(),
            1,
            "only the consent is wrong: {err}"
        );
    }
    assert_eq!(queue_total(), before, "nothing was filed");

    // the same key, now agreed: filed once, with the version kept
    let a = post_case(&server, "consent-case-0001", &sample_case(), "zh-CN");
    assert_eq!(a.status, 201, "{}", a.body);
    let no = a.json()["case_no"].as_str().unwrap().to_string();
    let view = desk.get(&format!("/api/staff/cases/{no}")).json();
    assert_eq!(view["consent_notice"], current);
    assert_eq!(queue_total(), before + 1);

    // the notice in force, with the period the administrator set
    let meta = server.get("/api/meta").json();
    assert_eq!(meta["privacy"]["notice"], current);
    assert_eq!(meta["privacy"]["retention_years"], 3);
    let set = admin.post("/api/admin/retention", &json!({"years": 5}));
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(
        server.get("/api/meta").json()["privacy"]["retention_years"],
        5
    );
}

#[test]
fn staff_intake_needs_the_officers_word_that_the_caller_was_told() {
    let server = Server::start();
    let _admin = server.with_staff();
    let desk = server.login("desk", DEMO_PASSWORD);
    let intake = |key: &str, consent: Option<&str>| {
        let mut body = sample_case();
        body["channel"] = json!("hotline");
        match consent {
            None => drop(body.as_object_mut().unwrap().remove("consent")),
            Some(v) => body["consent"] = json!(v),
        }
        send(
            "POST",
            &server.url("/api/staff/cases"),
            &[
                ("cookie", &desk.cookie),
                ("origin", &server.base),
                ("content-type", "application/json"),
                ("idempotency-key", key),
            ],
            Some(body.to_string().as_bytes()),
        )
    };
    let refused = intake("consent-intake-0001", None);
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.json()["error"]["fields"]["consent"].is_string());
    let filed = intake("consent-intake-0001", Some(NoticeVersion::CURRENT.as_str()));
    assert_eq!(filed.status, 201, "{}", filed.body);
    let no = filed.json()["case_no"].as_str().unwrap().to_string();
    let view = desk.get(&format!("/api/staff/cases/{no}")).json();
    assert_eq!(view["consent_notice"], NoticeVersion::CURRENT.as_str());
    assert_eq!(view["channel"], "hotline");
}

#[test]
fn the_full_notice_is_a_page_of_its_own_in_both_languages() {
    let server = Server::start();
    for (path, words) in [
        ("/privacy", ["个人信息处理告知", "保存多久", "/rights"]),
        (
            "/privacy-en",
            ["Privacy notice", "How long we keep it", "/rights"],
        ),
    ] {
        let a = server.get(path);
        assert_eq!(a.status, 200, "{path}");
        assert!(a
            .header("content-type")
            .unwrap_or_default()
            .contains("text/html"));
        for w in words {
            assert!(a.body.contains(w), "{path} lacks {w}");
        }
        assert!(
            a.body.contains(NoticeVersion::CURRENT.as_str()),
            "{path}: version"
        );
        assert!(
            a.body.contains("class=\"years\""),
            "{path}: the period's slot"
        );
        assert!(
            !a.body.contains("{{") && !a.body.contains("{ $"),
            "{path}: unfilled"
        );
    }
    let js = server.get("/notice.js");
    assert_eq!(js.status, 200);
    assert!(js.body.contains("retention_years"));
}
