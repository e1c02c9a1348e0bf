//! The HTTP client the tests speak through: plain answers whatever their status, the phone's
//! requests, and a logged-in member of staff.

use std::time::Duration;

use crate::fixtures::{DEMO_PASSWORD, STAFF};
use crate::server::{Server, BOOTSTRAP_SECRET};

/// A client address of the documentation range 198.18.0.0/15 derived from `seed`.
pub fn client_for(seed: &str) -> String {
    let h = domain::text::fnv1a(domain::text::FNV_OFFSET, seed.bytes());
    format!(
        "198.{}.{}.{}",
        18 + (h & 1),
        (h >> 8) & 0xff,
        (h >> 16) & 0xff
    )
}

/// A plain HTTP answer, whatever its status.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    /// The body as sent (for binary answers: XLSX, PNG).
    pub bytes: Vec<u8>,
    pub headers: Vec<(String, String)>,
    /// The body broke off (the connection failed before the answer was whole).
    pub broken: bool,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends `method url` with the given headers and raw body; never fails on a 4xx/5xx.
pub fn send(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Answer {
    let mut req = ureq::request(method, url).timeout(Duration::from_secs(30));
    for (k, v) in headers {
        req = req.set(k, v);
    }
    let result = match body {
        Some(b) => req.send_bytes(b),
        None => req.call(),
    };
    let resp = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{method} {url}: {e}"),
    };
    let status = resp.status();
    let headers = resp
        .headers_names()
        .into_iter()
        .filter_map(|n| resp.header(&n).map(|v| (n.clone(), v.to_string())))
        .collect();
    let mut bytes = Vec::new();
    let broken = resp.into_reader().read_to_end(&mut bytes).is_err();
    Answer {
        status,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
        headers,
        broken,
    }
}
impl Server {
    /// `POST /api/cases` as one phone among many: each key comes from its own client address
    /// (derived from the key), so the per-client submission limit applies per phone, as in life.
    pub fn post_case(&self, key: &str, body: &serde_json::Value) -> Answer {
        send(
            "POST",
            &self.url("/api/cases"),
            &[
                ("content-type", "application/json"),
                ("idempotency-key", key),
                ("cf-connecting-ip", &client_for(key)),
            ],
            Some(body.to_string().as_bytes()),
        )
    }

    pub fn get(&self, path: &str) -> Answer {
        send("GET", &self.url(path), &[], None)
    }

    /// A JSON `POST` as the enterprise's phone sends it (no session).
    pub fn post_json(&self, path: &str, body: &serde_json::Value) -> Answer {
        send(
            "POST",
            &self.url(path),
            &[("content-type", "application/json")],
            Some(body.to_string().as_bytes()),
        )
    }
}

/// A logged-in staff member: the session cookie, sent with the Origin header browsers send.
pub struct Staff<'a> {
    pub server: &'a Server,
    pub cookie: String,
    pub username: String,
}

impl Server {
    /// Creates the first administrator through the bootstrap route.
    pub fn bootstrap_admin(&self) -> Answer {
        send(
            "POST",
            &self.url("/api/auth/bootstrap"),
            &[("content-type", "application/json")],
            Some(
                serde_json::json!({
                    "secret": BOOTSTRAP_SECRET, "username": "admin", "display_name": "系统管理员",
                    "password": DEMO_PASSWORD,
                })
                .to_string()
                .as_bytes(),
            ),
        )
    }

    pub fn login_answer(&self, username: &str, password: &str) -> Answer {
        send(
            "POST",
            &self.url("/api/auth/login"),
            &[("content-type", "application/json"), ("origin", &self.base)],
            Some(
                serde_json::json!({"username": username, "password": password})
                    .to_string()
                    .as_bytes(),
            ),
        )
    }

    pub fn login(&self, username: &str, password: &str) -> Staff<'_> {
        let a = self.login_answer(username, password);
        assert_eq!(a.status, 200, "login {username}: {}", a.body);
        let set = a.header("set-cookie").expect("session cookie");
        let cookie = set.split(';').next().unwrap().to_string();
        Staff {
            server: self,
            cookie,
            username: username.to_string(),
        }
    }

    /// The sample report filed under `key`: its case number and status-page token.
    pub fn file_sample(&self, key: &str) -> (String, String) {
        let a = self.post_case(key, &crate::sample_case());
        assert_eq!(a.status, 201, "{}", a.body);
        let v = a.json();
        let text = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        (text("case_no"), text("token"))
    }

    /// Admin plus one account per role (handlers for customs and tax), all with `DEMO_PASSWORD`.
    pub fn with_staff(&self) -> Staff<'_> {
        let a = self.bootstrap_admin();
        assert_eq!(a.status, 201, "{}", a.body);
        let admin = self.login("admin", DEMO_PASSWORD);
        for (username, display_name, role, department) in STAFF {
            let a = admin.post(
                "/api/staff/users",
                &serde_json::json!({"username": username, "display_name": display_name, "role": role,
                    "department": department, "password": DEMO_PASSWORD}),
            );
            assert_eq!(a.status, 201, "{username}: {}", a.body);
        }
        admin
    }
}

impl Staff<'_> {
    pub fn get(&self, path: &str) -> Answer {
        send(
            "GET",
            &self.server.url(path),
            &[("cookie", &self.cookie)],
            None,
        )
    }

    pub fn post(&self, path: &str, body: &serde_json::Value) -> Answer {
        send(
            "POST",
            &self.server.url(path),
            &[
                ("cookie", &self.cookie),
                ("origin", &self.server.base),
                ("content-type", "application/json"),
            ],
            Some(body.to_string().as_bytes()),
        )
    }

    pub fn act(&self, case_no: &str, body: serde_json::Value) -> Answer {
        self.post(&format!("/api/staff/cases/{case_no}/actions"), &body)
    }

    /// Grades the case a practice problem BB at level 2 and routes it to `unit` (the desk's step).
    pub fn route_to(&self, case_no: &str, unit: &str) {
        let a = self.act(
            case_no,
            serde_json::json!({"action": "triage", "category": "practice", "importance": "B",
                "urgency": "B", "department": unit, "level": 2, "reason": "分办"}),
        );
        assert_eq!(a.status, 200, "{}", a.body);
    }
}
impl Staff<'_> {
    /// `POST /api/admin/import` of a JSON Lines text (an administrator's session).
    pub fn import(&self, jsonl: &str) -> Answer {
        send(
            "POST",
            &self.server.url("/api/admin/import"),
            &[
                ("cookie", &self.cookie),
                ("origin", &self.server.base),
                ("content-type", "application/x-ndjson"),
            ],
            Some(jsonl.as_bytes()),
        )
    }
}
