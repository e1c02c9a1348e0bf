//! The named schemas of the document (`#/components/schemas/…`), built from the domain's own
//! codes and field limits.

use serde_json::{json, Map, Value};

use super::bodies::{bodies, CASE_NO, PHONE, USCC, USCC_EXAMPLE};
use super::{codes, text};
use crate::intake::Field;
use crate::taxonomy::{Category, Channel, Department, Port, Status, Topic};

pub(super) fn schemas() -> Value {
    let mut new_case = Map::new();
    for (name, field) in [
        ("enterprise_name", Field::EnterpriseName),
        ("contact_name", Field::ContactName),
        ("title", Field::Title),
        ("description", Field::Description),
    ] {
        new_case.insert(name.into(), text(field));
    }
    new_case.insert(
        "uscc".into(),
        json!({"type": "string", "pattern": USCC, "examples": [USCC_EXAMPLE],
        "description": "统一社会信用代码, 18 characters with its GB 32100 check character"}),
    );
    new_case.insert(
        "contact_phone".into(),
        json!({"type": "string", "pattern": PHONE, "description": "mainland mobile number, 11 digits"}),
    );
    new_case.insert(
        "port".into(),
        json!({"type": "string", "enum": codes(Port::ALL, Port::code)}),
    );
    new_case.insert(
        "consent".into(),
        json!({"type": "string", "enum": crate::consent::NoticeVersion::published(),
               "description": "the version of the privacy notice the contact agreed to (staff intake: the version the caller was told); without it the case is refused with 422"}),
    );
    // an enterprise files on the web or in WeChat; staff key in every other channel too
    let mut intake = new_case.clone();
    intake.insert(
        "channel".into(),
        json!({"type": "string", "enum": codes(Channel::ALL, Channel::code)}),
    );
    intake.insert(
        "received_at".into(),
        json!({"type": "string", "format": "date-time", "description": "when the enterprise raised it, within the last 30 days (default now)"}),
    );
    let public: Vec<&str> = Channel::ALL
        .iter()
        .filter(|c| c.is_public())
        .map(|c| c.code())
        .collect();
    new_case.insert("channel".into(), json!({"type": "string", "enum": public}));
    let required = [
        "enterprise_name",
        "uscc",
        "contact_name",
        "contact_phone",
        "port",
        "title",
        "description",
        "consent",
    ];
    let nullable = |t: &str| json!({"type": [t, "null"]});
    let mut all = json!({
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
        "NewCase": {
            "type": "object", "required": required, "properties": new_case,
            "examples": [new_case_example()]
        },
        "Intake": {
            "type": "object", "required": required, "properties": intake,
            "examples": [new_case_example()]
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
                "categories": {"type": "array"}, "channels": {"type": "array"}, "commitment": {"type": "object"},
                "privacy": {"type": "object", "properties": {"notice": {"type": "string"}, "retention_years": {"type": "integer"}}}
            }
        },
        "RightsInput": {
            "type": "object", "required": ["kind", "contact_name", "contact_phone"],
            "properties": {
                "kind": {"type": "string", "enum": codes(crate::rights::RightsKind::ALL, crate::rights::RightsKind::code)},
                "contact_name": {"type": "string", "minLength": 1, "maxLength": 30},
                "contact_phone": {"type": "string", "pattern": PHONE, "description": "mainland mobile number, 11 digits"},
                "uscc": {"type": "string", "anyOf": [{"maxLength": 0}, {"pattern": USCC}]},
                "case_no": {"type": "string", "anyOf": [{"maxLength": 0}, {"pattern": CASE_NO}]},
                "detail": {"type": "string", "maxLength": 1000, "description": "required to correct"}
            }
        },
        "RightsFiled": {
            "type": "object", "required": ["request_no", "token", "status_url", "due_at"],
            "properties": {
                "request_no": {"type": "string", "pattern": "^PI-[0-9]{8}-[0-9]{4}$"},
                "token": {"type": "string"}, "status_url": {"type": "string"},
                "due_at": {"type": "string"}, "due_at_text": {"type": "string"}
            }
        },
        "SearchResults": {"type": "object", "required": ["results"], "properties": {"results": {"type": "array"}}}
    });
    for (name, schema) in bodies() {
        all[name] = schema;
    }
    all
}

/// A report the API files: every field valid, the notice in force agreed to.
pub(super) fn new_case_example() -> Value {
    json!({
        "enterprise_name": "青岛海晏进出口有限公司", "uscc": USCC_EXAMPLE,
        "contact_name": "王敏", "contact_phone": "13912345678", "port": Port::ALL[0].code(),
        "title": "船边直提已批准但集装箱进了堆场",
        "description": "12个集装箱已办理船边直提，卸船后仍被拖进堆场，产生了额外的吊装费。",
        "consent": crate::consent::NoticeVersion::published().last().copied().unwrap_or_default()
    })
}
