//! The OpenAPI 3.1 description of the whole API, served at `GET /api/openapi.json`. Built here,
//! next to the types it describes (field limits, codes), so it cannot drift from the rules; a
//! test compares its paths with the Worker's router, both ways.

use serde_json::{json, Map, Value};

use crate::intake::Field;
use crate::taxonomy::{Category, Channel, Department, Port, Status, Topic};

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Value {
    Value::from(all.iter().map(|&v| code(v)).collect::<Vec<_>>())
}

fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn text(field: Field) -> Value {
    let (min, max) = field.length_limits().unwrap_or((1, 100));
    json!({"type": "string", "minLength": min, "maxLength": max})
}

/// A JSON answer with this schema.
fn answer(description: &str, schema: Value) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": schema}}})
}

fn errors(extra: &[u16]) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(
        "4XX".into(),
        answer("a clear error, in the `error` shape", r("Error")),
    );
    for code in extra {
        m.insert(code.to_string(), answer("error", r("Error")));
    }
    m
}

struct Op {
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    staff: bool,
    params: Vec<Value>,
    body: Option<Value>,
    ok: (u16, Value),
}

fn op(method: &'static str, path: &'static str, summary: &'static str) -> Op {
    Op {
        method,
        path,
        summary,
        staff: path.starts_with("/api/staff") || path.starts_with("/api/admin"),
        params: path_params(path),
        body: None,
        ok: (200, answer("done", r("Object"))),
    }
}

impl Op {
    fn query(mut self, names: &[&str]) -> Op {
        for n in names {
            self.params.push(
                json!({"name": n, "in": "query", "required": false, "schema": {"type": "string"}}),
            );
        }
        self
    }
    fn header(mut self, name: &str, schema: Value) -> Op {
        self.params
            .push(json!({"name": name, "in": "header", "required": true, "schema": schema}));
        self
    }
    fn body(mut self, schema: Value) -> Op {
        self.body =
            Some(json!({"required": true, "content": {"application/json": {"schema": schema}}}));
        self
    }
    fn ok(mut self, status: u16, response: Value) -> Op {
        self.ok = (status, response);
        self
    }
    fn public(mut self) -> Op {
        self.staff = false;
        self
    }
}

fn path_params(path: &str) -> Vec<Value> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| {
            let schema = match name {
                "token" => json!({"type": "string", "pattern": "^[A-Za-z0-9_-]{32}$"}),
                "no" => json!({"type": "string", "pattern": "^ZTC-[0-9]{8}-[0-9]{4}$"}),
                "kind" => json!({"type": "string", "enum": ["policy", "faq", "fee"]}),
                "year" => json!({"type": "string", "pattern": "^20[0-9]{2}$"}),
                _ => json!({"type": "string", "minLength": 1, "maxLength": 64}),
            };
            json!({"name": name, "in": "path", "required": true, "schema": schema})
        })
        .collect()
}

fn operations() -> Vec<Op> {
    let idem = json!({"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$"});
    let ledger_filters = [
        "from",
        "to",
        "status",
        "category",
        "grade",
        "department",
        "level",
        "port",
        "channel",
        "overdue",
        "rating",
        "q",
    ];
    let file = |ctype: &str, what: &str| json!({"description": what, "content": {ctype: {"schema": {"type": "string"}}}});
    vec![
        op("GET", "/api/openapi.json", "this document").ok(200, answer("OpenAPI 3.1", r("Object"))),
        op("GET", "/api/meta", "ports, departments, topics, categories, channels, the commitment").ok(200, answer("codes and labels", r("Meta"))),
        op("POST", "/api/triage", "grade a text without storing it").body(r("Text")).ok(200, answer("the grading", r("Triage"))),
        op("POST", "/api/cases", "file a case (retry with the same Idempotency-Key: the same case)")
            .header("idempotency-key", idem.clone())
            .body(r("NewCase"))
            .ok(201, answer("the receipt", r("CreatedCase"))),
        op("GET", "/api/cases/status/{token}", "the public view of one case").ok(200, answer("status", r("CaseStatus"))),
        op("POST", "/api/cases/status/{token}/messages", "the enterprise adds information")
            .body(json!({"type": "object", "required": ["body"], "properties": {"body": {"type": "string", "minLength": 1, "maxLength": 4000}}}))
            .ok(201, answer("stored", r("Ok"))),
        op("POST", "/api/cases/status/{token}/rating", "好差评, once per answer")
            .body(json!({"type": "object", "required": ["score"], "properties": {"score": {"type": "integer", "minimum": 1, "maximum": 5}, "comment": {"type": "string", "maxLength": 500}}}))
            .ok(201, answer("rated", r("Object"))),
        op("POST", "/api/cases/lookup", "find a case by number and the phone's last four digits")
            .body(json!({"type": "object", "required": ["case_no", "phone_last4"], "properties": {"case_no": {"type": "string"}, "phone_last4": {"type": "string"}}}))
            .ok(200, answer("the token", r("Object"))),
        op("GET", "/api/cases/status/{token}/qr.svg", "the QR code of the status page, to print").ok(200, file("image/svg+xml", "SVG")),
        op("GET", "/api/cases/status/{token}/qr.png", "the QR code of the status page, to long-press in WeChat").ok(200, file("image/png", "PNG")),
        op("GET", "/api/search", "ranked policies, Q&A and fees").query(&["q", "kind", "limit"]).ok(200, answer("results", r("SearchResults"))),
        op("GET", "/api/knowledge", "browse policies or Q&A by topic and department, twenty titles a page").query(&["kind", "department", "topic", "page"]).ok(200, answer("a page of entries, the total and topic counts", r("Object"))),
        op("POST", "/api/suggest", "answers and similar open cases while a report is typed").body(r("Text")).ok(200, answer("suggestions", r("Object"))),
        op("POST", "/api/deflections", "an answer solved the problem (counted once a day per client and answer; a retired answer is 404)")
            .body(json!({"type": "object", "required": ["faq_id"], "properties": {"faq_id": {"type": "string"}}}))
            .ok(201, answer("counted", r("Object"))),
        op("GET", "/api/fees", "the published fee catalog").query(&["port", "payee"]).ok(200, answer("fees", r("Object"))),
        op("GET", "/api/policies/{id}", "one policy (410 once retired)").ok(200, answer("the policy", r("Object"))),
        op("GET", "/api/faqs/{id}", "one Q&A (410 once retired)").ok(200, answer("the answer", r("Object"))),
        op("GET", "/api/commitment", "time limits and this month's figures (counts only)").ok(200, answer("figures", r("Object"))),
        op("POST", "/api/auth/login", "staff login (sets the session cookie)")
            .public()
            .body(json!({"type": "object", "required": ["username", "password"], "properties": {"username": {"type": "string"}, "password": {"type": "string"}}}))
            .ok(200, answer("who is logged in", r("Object"))),
        op("POST", "/api/auth/logout", "end the session").public().body(r("Object")).ok(200, answer("logged out", r("Object"))),
        op("GET", "/api/auth/me", "the session's user").public().ok(200, answer("user", r("Object"))),
        op("POST", "/api/auth/bootstrap", "the first administrator, with the deployment's secret").public().body(r("Object")).ok(201, answer("created", r("Object"))),
        op("GET", "/api/staff/queue", "the priority queue, fifty a page, with tab counts and a total").query(&["tab", "status", "category", "grade", "department", "level", "port", "channel", "overdue", "flagged_48h", "q", "page"]),
        op("POST", "/api/staff/cases", "intake on behalf (hotline, visit, survey, referral)")
            .header("idempotency-key", idem)
            .body(r("Object"))
            .ok(201, answer("the receipt", r("CreatedCase"))),
        op("GET", "/api/staff/cases/{no}", "a case with its triage, timeline and allowed actions"),
        op("POST", "/api/staff/cases/{no}/actions", "one staff action (domain::api::staff::CaseAction)")
            .body(json!({"type": "object", "required": ["action"], "properties": {"action": {"type": "string",
                "enum": crate::api::staff::CaseAction::ALL.map(|a| a.code())}}})),
        op("GET", "/api/staff/cases/{no}/similar", "open cases that read alike"),
        op("POST", "/api/staff/cases/{no}/review", "verify a 差评: rectify, explain or appeal").body(r("Object")),
        op("POST", "/api/staff/cases/{no}/visits", "record a 回访").body(r("Object")).ok(201, answer("recorded", r("Object"))),
        op("GET", "/api/staff/batches", "batches of similar problems"),
        op("POST", "/api/staff/batches", "merge cases into a batch").body(r("Object")).ok(201, answer("the batch", r("Object"))),
        op("GET", "/api/staff/batches/{id}", "one batch"),
        op("POST", "/api/staff/batches/{id}/answer", "answer every member at once (once; a second answer is 409 unless `correction` with a `reason`)").body(r("Object")),
        op("GET", "/api/staff/templates", "reply templates"),
        op("POST", "/api/staff/templates", "add a template").body(r("Object")).ok(201, answer("created", r("Object"))),
        op("POST", "/api/staff/templates/{id}", "change a template").body(r("Object")),
        op("GET", "/api/staff/users", "staff accounts"),
        op("POST", "/api/staff/users", "add an account").body(r("Object")).ok(201, answer("created", r("Object"))),
        op("POST", "/api/staff/users/{id}", "administrator: disable, enable, unlock or reset the password of an account").body(r("Object")),
        op("GET", "/api/staff/assignees", "who may hold a case of a unit: the front desk and the unit's handlers").query(&["department"]),
        op("GET", "/api/staff/audit", "the audit log of staff actions"),
        op("GET", "/api/staff/follow-ups", "差评 (waiting for a visit first) and unrated answers to visit, twenty a page each, with coverage").query(&["page", "unrated_page"]),
        op("GET", "/api/staff/outbox", "notification deliveries and failures").query(&["status"]),
        op("GET", "/api/staff/ledger", "the ledger, one page").query(&ledger_filters).query(&["sort", "dir", "page", "size"]),
        op("GET", "/api/staff/ledger.csv", "the filtered ledger as CSV (streamed)").query(&ledger_filters).ok(200, file("text/csv", "UTF-8 CSV with BOM")),
        op("GET", "/api/staff/ledger.xlsx", "the filtered ledger as XLSX, in parts")
            .query(&ledger_filters)
            .query(&["part"])
            .ok(200, file("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "workbook")),
        op("GET", "/api/staff/stats", "density, on-time, ratings, recurring problems").query(&ledger_filters),
        op("GET", "/api/admin/routing-rules", "the office's routing rules, in the order they are tried"),
        op("POST", "/api/admin/routing-rules", "replace the routing rules; a bad rule is a 422 naming it (rules.N.field)")
            .body(json!({"type": "object", "required": ["rules"], "properties": {"rules": {"type": "array", "maxItems": 100, "items": {
                "type": "object", "required": ["words"], "properties": {
                    "words": {"type": "array", "minItems": 1, "maxItems": 20, "items": {"type": "string", "minLength": 1, "maxLength": 30}},
                    "unless": {"type": "array", "maxItems": 20, "items": {"type": "string", "minLength": 1, "maxLength": 30}},
                    "category": {"type": ["string", "null"], "enum": ["basic", "consult", "practice", "innovation", "", null]},
                    "department": {"type": ["string", "null"]},
                    "note": {"type": "string", "maxLength": 200}}}}}})),
        op("GET", "/api/admin/agreement", "how often the engine's category and unit were kept on a month's confirmed cases (month YYYY-MM, default last month)").query(&["month"]),
        op("GET", "/api/admin/training.tsv", "a month's confirmed cases as training lines for `cargo xtask train --ledger`").query(&["month"])
            .ok(200, file("text/tab-separated-values", "one report a line: category, department, importance, urgency, title, description")),
        op("GET", "/api/admin/knowledge", "knowledge entries, retired included, fifty a page; q (1–100 characters) matches id or title").query(&["kind", "q", "page"]),
        op("POST", "/api/admin/knowledge/{kind}/{id}/retire", "retire an entry").body(r("Object")),
        op("POST", "/api/admin/knowledge/{kind}/{id}/restore", "restore an entry").body(r("Object")),
        op("POST", "/api/admin/import", "import JSON Lines (all or nothing)").ok(200, answer("per-line report", r("Object"))),
        op("GET", "/api/admin/settings", "the commitment and the working calendar (saved, or the built-in days)"),
        op("POST", "/api/admin/calendar/{year}", "replace one year's days off and working weekends")
            .body(json!({"type": "object", "required": ["days"], "properties": {"days": {"type": "array", "maxItems": 366, "items": {
                "type": "object", "required": ["day", "kind"], "properties": {
                    "day": {"type": "string", "format": "date"},
                    "kind": {"type": "string", "enum": ["holiday", "workday"]},
                    "note": {"type": ["string", "null"], "maxLength": 40}}}}}})),
        op("POST", "/api/admin/commitment", "the published time limits (for cases graded from now on)")
            .body(json!({"type": "object", "required": ["rows"], "properties": {"rows": {"type": "array", "minItems": 3, "maxItems": 3, "items": {
                "type": "object", "required": ["urgency", "first_response", "resolution", "innovation_resolution"], "properties": {
                    "urgency": {"type": "string", "enum": ["A", "B", "C"]},
                    "first_response": r("Span"), "resolution": r("Span"), "innovation_resolution": r("Span")}}}}})),
    ]
}

fn schemas() -> Value {
    let mut new_case = Map::new();
    for (name, field) in [
        ("enterprise_name", Field::EnterpriseName),
        ("contact_name", Field::ContactName),
        ("title", Field::Title),
        ("description", Field::Description),
    ] {
        new_case.insert(name.into(), text(field));
    }
    new_case.insert("uscc".into(), json!({"type": "string", "description": "统一社会信用代码, 18 characters with its GB 32100 check character"}));
    new_case.insert(
        "contact_phone".into(),
        json!({"type": "string", "description": "mainland mobile number, 11 digits"}),
    );
    new_case.insert(
        "port".into(),
        json!({"type": "string", "enum": codes(Port::ALL, Port::code)}),
    );
    new_case.insert(
        "channel".into(),
        json!({"type": "string", "enum": codes(Channel::ALL, Channel::code)}),
    );
    let nullable = |t: &str| json!({"type": [t, "null"]});
    json!({
        "Object": {"type": "object"},
        "Ok": {"type": "object", "required": ["ok"], "properties": {"ok": {"type": "boolean"}}},
        "Span": {"oneOf": [
            {"type": "object", "required": ["working_hours"], "additionalProperties": false,
             "properties": {"working_hours": {"type": "integer", "minimum": 1, "maximum": 40}}},
            {"type": "object", "required": ["working_days"], "additionalProperties": false,
             "properties": {"working_days": {"type": "integer", "minimum": 1, "maximum": 60}}}]},
        "Error": {
            "type": "object", "required": ["error"],
            "properties": {"error": {
                "type": "object", "required": ["code", "message", "fields"],
                "properties": {
                    "code": {"type": "string"}, "message": {"type": "string"},
                    "fields": {"type": "object", "additionalProperties": {"type": "string"}}
                }
            }}
        },
        "Text": {"type": "object", "properties": {"title": {"type": "string"}, "description": {"type": "string"}}},
        "NewCase": {
            "type": "object",
            "required": ["enterprise_name", "uscc", "contact_name", "contact_phone", "port", "title", "description"],
            "properties": new_case
        },
        "CreatedCase": {
            "type": "object",
            "required": ["case_no", "token", "status_url", "qr_svg_url", "submitted_at"],
            "properties": {
                "case_no": {"type": "string", "pattern": "^ZTC-[0-9]{8}-[0-9]{4}$"},
                "token": {"type": "string"}, "status_url": {"type": "string"}, "qr_svg_url": {"type": "string"},
                "submitted_at": {"type": "string"}, "category": nullable("string"), "grade": nullable("string"),
                "level": nullable("integer"), "department": nullable("string"), "due_at": nullable("string"),
                "due_first_response": nullable("string"), "suggestions": {"type": "array"}
            }
        },
        "CaseStatus": {
            "type": "object", "required": ["case_no", "status", "timeline"],
            "properties": {
                "case_no": {"type": "string"},
                "status": {"type": "string", "enum": codes(Status::ALL, Status::code)},
                "timeline": {"type": "array", "items": {"type": "object"}}
            }
        },
        "Triage": {
            "type": "object", "required": ["category", "confidence", "department", "level", "reasons", "unsure"],
            "properties": {
                "category": {"type": "string", "enum": codes(Category::ALL, Category::code)},
                "confidence": {"type": "number"},
                "unsure": {"type": "boolean", "description": "below the confirmation threshold: the desk checks it first"},
                "department": {"type": "string", "enum": codes(Department::ALL, Department::code)},
                "level": {"type": "integer", "minimum": 1, "maximum": 4},
                "reasons": {"type": "array"}
            }
        },
        "Meta": {
            "type": "object", "required": ["ports", "departments", "topics", "categories", "channels", "commitment"],
            "properties": {
                "ports": {"type": "array"}, "departments": {"type": "array"},
                "topics": {"type": "array", "items": {"type": "object", "properties": {"code": {"enum": codes(Topic::ALL, Topic::code)}}}},
                "categories": {"type": "array"}, "channels": {"type": "array"}, "commitment": {"type": "object"}
            }
        },
        "SearchResults": {"type": "object", "required": ["results"], "properties": {"results": {"type": "array"}}}
    })
}

/// The document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for o in operations() {
        let mut responses = errors(
            if matches!(
                o.path,
                "/api/cases"
                    | "/api/triage"
                    | "/api/search"
                    | "/api/suggest"
                    | "/api/auth/login"
                    | "/api/cases/lookup"
            ) {
                &[429]
            } else {
                &[]
            },
        );
        responses.insert(o.ok.0.to_string(), o.ok.1);
        let mut operation = json!({
            "summary": o.summary,
            "operationId": format!("{}{}", o.method.to_lowercase(), o.path.replace(['/', '.', '{', '}', '-'], "_")),
            "parameters": o.params,
            "responses": responses,
        });
        if let Some(b) = o.body {
            operation["requestBody"] = b;
        }
        if o.staff {
            operation["security"] = json!([{"session": []}]);
        }
        let item = paths.entry(o.path).or_insert_with(|| json!({}));
        item[o.method.to_lowercase()] = operation;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "直通车 API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Enterprises file and follow cases; staff handle them. Errors are always {\"error\":{\"code\",\"message\",\"fields\"}} with a 4xx status."
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": schemas(),
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "ztc_session"}}
        }
    })
}

/// `(METHOD, path)` of every operation the document describes.
pub fn operations_list() -> Vec<(String, String)> {
    operations()
        .into_iter()
        .map(|o| (o.method.to_string(), o.path.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_unique_and_answers_errors_in_one_shape() {
        let doc = document();
        let ops = operations_list();
        let unique: std::collections::BTreeSet<_> = ops.iter().collect();
        assert_eq!(unique.len(), ops.len(), "an operation listed twice");
        for (method, path) in &ops {
            let o = &doc["paths"][path][method.to_lowercase()];
            assert_eq!(
                o["responses"]["4XX"]["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/Error"
            );
            let declared: Vec<&str> = o["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["in"] == "path")
                .filter_map(|p| p["name"].as_str())
                .collect();
            assert_eq!(
                declared,
                path_params(path)
                    .iter()
                    .filter_map(|p| p["name"].as_str())
                    .collect::<Vec<_>>()
            );
        }
        assert_eq!(
            doc["components"]["schemas"]["NewCase"]["properties"]["title"]["maxLength"],
            80
        );
    }
}
