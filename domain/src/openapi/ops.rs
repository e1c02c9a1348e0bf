//! What each operation of the route table takes and answers, for the OpenAPI document. An
//! exhaustive `match`: an operation added to `crate::api::routes::Op` does not compile until
//! it is described here.

use serde_json::json;

use super::{answer, bodies, codes, doc, r, Doc};
use crate::api::routes::Op;
use crate::taxonomy::{Department, Topic};

#[rustfmt::skip]
pub(super) fn describe(op: Op) -> Doc {
    let page = json!({"type": "string", "pattern": "^[1-9][0-9]{0,5}$"});
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
    match op {
        Op::OpenApi => doc("this document").ok(200, answer("OpenAPI 3.1", r("Object"))),
        Op::Meta => doc("ports, departments, topics, categories, channels, the commitment, the privacy notice in force").ok(200, answer("codes and labels", r("Meta"))),
        Op::Triage => doc("grade a text without storing it").body(r("Text")).ok(200, answer("the grading", r("Triage"))),
        Op::FileCase => doc("file a case (retry with the same Idempotency-Key: the same case)")
            .header("idempotency-key", idem.clone())
            .body(r("NewCase"))
            .ok(201, answer("the receipt", r("CreatedCase"))),
        Op::CaseStatus => doc("the public view of one case").ok(200, answer("status", r("CaseStatus"))),
        Op::FileRights => doc("a person asks to see, correct or delete their information, or withdraws consent (retry with the same Idempotency-Key: the same request)")
            .header("idempotency-key", idem.clone())
            .body(r("RightsInput"))
            .ok(201, answer("the request's number and link", r("RightsFiled"))),
        Op::RightsStatus => doc("where a personal information request stands, the contact masked").ok(200, answer("status", r("Object"))),
        Op::AddMessage => doc("the enterprise adds information")
            .body(r("Message"))
            .ok(201, answer("stored", r("Ok"))),
        Op::Rate => doc("好差评, once per answer")
            .body(r("Rating"))
            .ok(201, answer("rated", r("Object"))),
        Op::Lookup => doc("find a case, or a personal information request (PI-…), by its number and the phone's last four digits")
            .body(r("Lookup"))
            .ok(200, answer("the token", r("Object"))),
        Op::QrSvg => doc("the QR code of the status page, to print").ok(200, file("image/svg+xml", "SVG")),
        Op::QrPng => doc("the QR code of the status page, to long-press in WeChat").ok(200, file("image/png", "PNG")),
        Op::Search => doc("ranked policies, Q&A and fees").query(&["q", "kind", "limit"]).ok(200, answer("results", r("SearchResults"))),
        Op::Knowledge => doc("browse policies or Q&A by topic and department, twenty titles a page").param("kind", true, json!({"type": "string", "enum": ["policy", "faq"]}))
            .param("department", false, json!({"type": "string", "enum": codes(Department::ALL, Department::code)}))
            .param("topic", false, json!({"type": "string", "enum": codes(Topic::ALL, Topic::code)}))
            .param("page", false, page).ok(200, answer("a page of entries, the total and topic counts", r("Object"))),
        Op::Suggest => doc("answers and similar open cases while a report is typed").body(r("Text")).ok(200, answer("suggestions", r("Object"))),
        Op::Deflect => doc("an answer solved the problem (counted once a day per client and answer; a retired answer is 404)")
            .body(r("Deflection"))
            .ok(201, answer("counted", r("Object"))),
        Op::Fees => doc("the published fee catalog").query(&["port", "payee"]).ok(200, answer("fees", r("Object"))),
        Op::Policy => doc("one policy (410 once retired)").ok(200, answer("the policy", r("Object"))),
        Op::Faq => doc("one Q&A (410 once retired)").ok(200, answer("the answer", r("Object"))),
        Op::Commitment => doc("time limits and this month's figures (counts only)").ok(200, answer("figures", r("Object"))),
        Op::Login => doc("staff login (sets the session cookie)")
            .body(json!({"type": "object", "required": ["username", "password"], "properties": {"username": {"type": "string"}, "password": {"type": "string"}}}))
            .ok(200, answer("who is logged in", r("Object"))),
        Op::Logout => doc("end the session").body(r("Object")).ok(200, answer("logged out", r("Object"))),
        Op::Me => doc("the session's user").ok(200, answer("user", r("Object"))),
        Op::Bootstrap => doc("the first administrator, with the deployment's secret").body(r("Bootstrap")).ok(201, answer("created", r("Object"))),
        Op::Queue => doc("the priority queue, fifty a page, with tab counts and a total").query(&["tab", "status", "category", "grade", "department", "level", "port", "channel", "overdue", "flagged_48h", "q", "page"]),
        Op::Intake => doc("intake on behalf (hotline, visit, survey, referral)")
            .header("idempotency-key", idem)
            .body(r("Intake"))
            .ok(201, answer("the receipt", r("CreatedCase"))),
        Op::CaseView => doc("a case with its triage, timeline and allowed actions"),
        Op::CaseAct => doc("one staff action (domain::api::staff::CaseAction)")
            .body(json!({"type": "object", "required": ["action"], "properties": {"action": {"type": "string",
                "enum": crate::api::staff::CaseAction::ALL.map(|a| a.code())}}})),
        Op::Similar => doc("open cases that read alike"),
        Op::Review => doc("verify a 差评: rectify, explain or appeal").body(r("Review")),
        Op::Visit => doc("record a 回访").body(r("Visit")).ok(201, answer("recorded", r("Object"))),
        Op::RevealContact => doc("the contact's full number (shown masked elsewhere); each look is written to the audit log").body(r("Object")),
        Op::AddAssist => doc("会同: ask an assisting unit, with a sub-deadline inside the case's").body(r("Assist")).ok(201, answer("the task", r("Object"))),
        Op::ReplyAssist => doc("the assisting unit's handler answers its task").body(r("Reply")),
        Op::WithdrawAssist => doc("withdraw an open assisting task"),
        Op::IssueOrder => doc("督办: a supervision order to a unit, at level 3 or 4 (task force or leadership)").body(r("Order")).ok(201, answer("the order", r("Object"))),
        Op::ReplyOrder => doc("the ordered unit's handler answers the order").body(r("Reply")),
        Op::Decide => doc("决策: the leadership group's decision on a level-4 case").body(r("Reply")).ok(201, answer("recorded", r("Object"))),
        Op::Batches => doc("batches of similar problems"),
        Op::MakeBatch => doc("merge cases into a batch").body(r("NewBatch")).ok(201, answer("the batch", r("Object"))),
        Op::Batch => doc("one batch"),
        Op::AnswerBatch => doc("answer every member at once (once; a second answer is 409 unless `correction` with a `reason`)").body(r("BatchAnswer")),
        Op::Templates => doc("reply templates"),
        Op::AddTemplate => doc("add a template").body(r("Template")).ok(201, answer("created", r("Object"))),
        Op::ChangeTemplate => doc("change a template").body(r("Template")),
        Op::Users => doc("staff accounts"),
        Op::AddUser => doc("add an account").body(r("NewUser")).ok(201, answer("created", r("Object"))),
        Op::ChangeUser => doc("administrator: disable, enable, unlock or reset the password of an account").body(r("AccountChange")),
        Op::Assignees => doc("who may hold a case of a unit: the front desk and the unit's handlers").query(&["department"]),
        Op::Audit => doc("the audit log, newest first, fifty a page, filtered by account, action and Shanghai dates").query(&["actor", "action", "from", "to", "page"]),
        Op::AuditCsv => doc("the filtered audit log as CSV (the export is itself logged)").query(&["actor", "action", "from", "to"]).ok(200, file("text/csv", "UTF-8 CSV with BOM")),
        Op::FollowUps => doc("差评 (waiting for a visit first) and unrated answers to visit, twenty a page each, with coverage").query(&["page", "unrated_page"]),
        Op::Outbox => doc("notification deliveries and failures").query(&["status"]),
        Op::StaffOutbox => doc("staff notifications' deliveries to their channels, and failures").query(&["status"]),
        Op::Notifications => doc("one's notifications, newest first, twenty a page, with the unread count").query(&["unread", "before"]),
        Op::ReadNotifications => doc("mark notifications read: the listed ids, or all")
            .body(json!({"type": "object", "properties": {
                "ids": {"type": "array", "maxItems": 200, "items": {"type": "integer", "minimum": 1}},
                "all": {"type": "boolean"}}})),
        Op::NotifyPreference => doc("where one is told besides the console (none, 企业微信 robot, e-mail webhook) and the daily digest"),
        Op::SaveNotifyPreference => doc("set where one is told; a bad address is a 422 naming the field")
            .body(json!({"type": "object", "required": ["channel", "daily_digest"], "properties": {
                "channel": {"type": "object", "required": ["kind"], "properties": {
                    "kind": {"type": "string", "enum": ["none", "wecom", "email"]},
                    "url": {"type": "string", "maxLength": crate::coordination::channel::MAX_URL},
                    "to": {"type": "string", "maxLength": crate::coordination::channel::MAX_EMAIL}}},
                "daily_digest": {"type": "boolean"}}})),
        Op::Ledger => doc("the ledger, one page").query(&ledger_filters).query(&["sort", "dir", "page", "size"]),
        Op::LedgerCsv => doc("the filtered ledger as CSV (streamed)").query(&ledger_filters).ok(200, file("text/csv", "UTF-8 CSV with BOM")),
        Op::LedgerXlsx => doc("the filtered ledger as XLSX, in parts")
            .query(&ledger_filters)
            .query(&["part"])
            .ok(200, file("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "workbook")),
        Op::Stats => doc("density, on-time, ratings, recurring problems").query(&ledger_filters),
        Op::RoutingRules => doc("the office's routing rules, in the order they are tried"),
        Op::SaveRoutingRules => doc("replace the routing rules; a bad rule is a 422 naming it (rules.N.field)")
            .body(json!({"type": "object", "required": ["rules"], "properties": {"rules": {"type": "array", "maxItems": 100, "items": {
                "type": "object", "required": ["words"], "properties": {
                    "words": {"type": "array", "minItems": 1, "maxItems": 20, "items": {"type": "string", "minLength": 1, "maxLength": 30}},
                    "unless": {"type": "array", "maxItems": 20, "items": {"type": "string", "minLength": 1, "maxLength": 30}},
                    "category": {"type": ["string", "null"], "enum": ["basic", "consult", "practice", "innovation", "", null]},
                    "department": {"type": ["string", "null"]},
                    "note": {"type": "string", "maxLength": 200}}}}}})),
        Op::Agreement => doc("how often the engine's category and unit were kept on a month's confirmed cases (month YYYY-MM, default last month)").query(&["month"]),
        Op::TrainingExport => doc("a month's confirmed cases as training lines for `cargo xtask train --ledger`").query(&["month"])
            .ok(200, file("text/tab-separated-values", "one report a line: category, department, importance, urgency, title, description")),
        Op::AdminKnowledge => doc("knowledge entries, retired included, fifty a page; q (1–100 characters) matches id or title").query(&["kind", "q", "page"]),
        Op::Retire => doc("retire an entry").body(r("Object")),
        Op::Restore => doc("restore an entry").body(r("Object")),
        Op::Import => doc("import JSON Lines (all or nothing)").ok(200, answer("per-line report", r("Object"))),
        Op::Settings => doc("the commitment and the working calendar (saved, or the built-in days)"),
        Op::SaveCalendar => doc("replace one year's days off and working weekends")
            .body(json!({"type": "object", "required": ["days"], "properties": {"days": {"type": "array", "maxItems": 366, "items": {
                "type": "object", "required": ["day", "kind"], "properties": {
                    "day": {"type": "string", "format": "date"},
                    "kind": {"type": "string", "enum": ["holiday", "workday"]},
                    "note": {"type": ["string", "null"], "maxLength": 40}}}}}})),
        Op::SaveRetention => doc("how many years (1–30) a closed case keeps its contact's name and number before the sweep anonymises them")
            .body(json!({"type": "object", "required": ["years"], "properties": {"years": {"type": "integer", "minimum": 1, "maximum": 30}}})),
        Op::Person => doc("every case held about a person, by mobile number or credit code (exactly one); the look is logged").param("phone", false, json!({"type": "string", "pattern": bodies::PHONE}))
            .param("uscc", false, json!({"type": "string", "pattern": bodies::USCC})),
        Op::ErasePerson => doc("erase a person's contact name and number from every case, with a reason (logged)")
            .body(json!({"type": "object", "required": ["reason"], "properties": {"phone": {"type": "string", "pattern": bodies::PHONE}, "uscc": {"type": "string", "pattern": bodies::USCC}, "reason": {"type": "string", "minLength": 1, "maxLength": crate::text::MAX_TYPED}}})),
        Op::RightsList => doc("personal information requests, the open ones first by deadline").query(&["status"]),
        Op::AnswerRights => doc("answer a personal information request once: done or refused, in words the person reads (logged)")
            .body(json!({"type": "object", "required": ["outcome", "answer"], "properties": {
                "outcome": {"type": "string", "enum": ["done", "refused"]},
                "answer": {"type": "string", "minLength": 1, "maxLength": 2000}}})),
        Op::CorrectPerson => doc("correct one case's contact, with a reason (the old values stay in the audit log)")
            .body(json!({"type": "object", "required": ["case_no", "contact_name", "contact_phone", "reason"], "properties": {
                "case_no": {"type": "string", "pattern": bodies::CASE_NO}, "contact_name": {"type": "string", "minLength": 1, "maxLength": 30},
                "contact_phone": {"type": "string", "pattern": bodies::PHONE}, "reason": {"type": "string", "minLength": 1, "maxLength": crate::text::MAX_TYPED}}})),
        Op::SaveCommitment => doc("the published time limits (for cases graded from now on)")
            .body(json!({"type": "object", "required": ["rows"], "properties": {"rows": {"type": "array", "minItems": 3, "maxItems": 3, "items": {
                "type": "object", "required": ["urgency", "first_response", "resolution", "innovation_resolution"], "properties": {
                    "urgency": {"type": "string", "enum": ["A", "B", "C"]},
                    "first_response": r("Span"), "resolution": r("Span"), "innovation_resolution": r("Span")}}}}})),
    }
}
