//! The OpenAPI 3.1 description of the whole API, served at `GET /api/openapi.json`. Built from
//! the route table (`crate::api::routes::ROUTES`: methods, paths, guards, rate limits) and the
//! description of each operation (`ops.rs`), next to the types it describes (field limits,
//! codes, in `schemas.rs`), so it cannot drift from the router or the rules.

mod bodies;
mod ops;
mod schemas;

use serde_json::{json, Map, Value};

use crate::api::routes::{Guard, ROUTES};
use crate::intake::Field;

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

/// One operation's description: its summary, query and header parameters, body and success
/// answer. The method, path, path parameters, security and 429 come from the route table.
pub(crate) struct Doc {
    summary: &'static str,
    params: Vec<Value>,
    body: Option<Value>,
    ok: (u16, Value),
}

/// An operation's description with this summary, no parameters or body, and `200 done`.
fn doc(summary: &'static str) -> Doc {
    Doc {
        summary,
        params: Vec::new(),
        body: None,
        ok: (200, answer("done", r("Object"))),
    }
}

impl Doc {
    fn query(mut self, names: &[&str]) -> Doc {
        for n in names {
            self.params.push(
                json!({"name": n, "in": "query", "required": false, "schema": {"type": "string"}}),
            );
        }
        self
    }
    /// One query parameter with its own schema.
    fn param(mut self, name: &str, required: bool, schema: Value) -> Doc {
        self.params
            .push(json!({"name": name, "in": "query", "required": required, "schema": schema}));
        self
    }
    fn header(mut self, name: &str, schema: Value) -> Doc {
        self.params
            .push(json!({"name": name, "in": "header", "required": true, "schema": schema}));
        self
    }
    fn body(mut self, schema: Value) -> Doc {
        self.body =
            Some(json!({"required": true, "content": {"application/json": {"schema": schema}}}));
        self
    }
    fn ok(mut self, status: u16, response: Value) -> Doc {
        self.ok = (status, response);
        self
    }
}

fn path_params(path: &str) -> Vec<Value> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| {
            let schema = match name {
                "token" => json!({"type": "string", "pattern": "^[A-Za-z0-9_-]{32}$"}),
                "no" => json!({"type": "string", "pattern": bodies::CASE_NO}),
                "kind" => json!({"type": "string", "enum": ["policy", "faq", "fee"]}),
                "year" => json!({"type": "string", "pattern": "^20[0-9]{2}$"}),
                "request" => json!({"type": "string", "pattern": "^PI-[0-9]{8}-[0-9]{4}$"}),
                "task" | "order" => json!({"type": "string", "pattern": "^[1-9][0-9]{0,11}$"}),
                _ => json!({"type": "string", "minLength": 1, "maxLength": 64}),
            };
            json!({"name": name, "in": "path", "required": true, "schema": schema})
        })
        .collect()
}

/// The operation object of one route.
fn operation(route: &crate::api::routes::Route) -> Value {
    let d = ops::describe(route.op);
    let mut responses = errors(if route.throttle.is_some() {
        &[429]
    } else {
        &[]
    });
    responses.insert(d.ok.0.to_string(), d.ok.1);
    let mut params = path_params(route.path);
    params.extend(d.params);
    let method = route.verb.code().to_lowercase();
    let mut operation = json!({
        "summary": d.summary,
        "operationId": format!("{method}{}", route.path.replace(['/', '.', '{', '}', '-'], "_")),
        "parameters": params,
        "responses": responses,
    });
    if let Some(b) = d.body {
        operation["requestBody"] = b;
    }
    if route.guard != Guard::Public {
        operation["security"] = json!([{"session": []}]);
    }
    operation
}

/// The document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for route in ROUTES {
        let item = paths.entry(route.path).or_insert_with(|| json!({}));
        item[route.verb.code().to_lowercase()] = operation(route);
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
            "schemas": schemas::schemas(),
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "ztc_session"}}
        }
    })
}

/// `(METHOD, path)` of every operation the document describes.
pub fn operations_list() -> Vec<(String, String)> {
    ROUTES
        .iter()
        .map(|r| (r.verb.code().to_string(), r.path.to_string()))
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

    fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    out.push(r);
                }
                m.values().for_each(|v| refs(v, out));
            }
            Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_body_read_is_described_and_every_reference_resolves() {
        let doc = document();
        let mut all = Vec::new();
        refs(&doc, &mut all);
        for r in all {
            let name = r.trim_start_matches("#/components/schemas/");
            assert!(doc["components"]["schemas"].get(name).is_some(), "{r}");
        }
        // only the operations that read no body take any object
        let bodyless = ["/logout", "/contact", "/retire", "/restore"];
        for (method, path) in operations_list() {
            let body = &doc["paths"][&path][method.to_lowercase()]["requestBody"];
            if body["content"]["application/json"]["schema"] == r("Object") {
                assert!(
                    bodyless.iter().any(|b| path.ends_with(b)),
                    "{method} {path}"
                );
            }
        }
    }

    #[test]
    fn the_documented_report_is_one_the_api_files() {
        let input: crate::intake::NewCaseInput =
            serde_json::from_value(schemas::new_case_example()).unwrap();
        assert!(input.validate().is_ok());
        let staff = crate::intake::Filer::Staff;
        assert!(input.validate_as(staff).is_ok());
    }
}
