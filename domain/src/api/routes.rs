//! The one route table: method, path, operation, who may call it and which rate limit counts
//! it. The Worker dispatches on it (`functions/src/routes.rs`, one exhaustive `match` over
//! [`Op`]) and the OpenAPI document is built from it (`crate::openapi`, another exhaustive
//! `match` for each operation's description), so a route cannot exist without a handler and a
//! document, nor a document without a route.

use crate::staff::Permission;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
}

impl Verb {
    pub fn code(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Post => "POST",
        }
    }

    pub fn parse(method: &str) -> Option<Verb> {
        match method {
            "GET" => Some(Verb::Get),
            "POST" => Some(Verb::Post),
            _ => None,
        }
    }
}

/// Who may call a route. A staff change (POST) also needs the site's Origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// Anyone; the handler checks what it needs (a token, the Origin, a secret).
    Public,
    /// A signed-in member of staff; the operation decides per case what they may do.
    Signed,
    /// A signed-in member of staff whose role has this permission.
    Staff(Permission),
}

/// The per-client rate limits of the public doors (Workers rate-limit bindings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    Submit,
    Triage,
    Search,
    Login,
}

/// How a route is throttled, if at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Throttle {
    /// Counted by a rate-limit binding before the handler runs.
    Door(Door),
    /// Counted by the handler itself, after it has read the request (the case lookup counts
    /// only well-formed tries).
    Handler,
}

/// Every operation of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Op {
    OpenApi,
    Meta,
    Triage,
    FileCase,
    FileRights,
    RightsStatus,
    RightsList,
    AnswerRights,
    CaseStatus,
    AddMessage,
    Rate,
    Lookup,
    QrSvg,
    QrPng,
    Search,
    Knowledge,
    Suggest,
    Deflect,
    Fees,
    Policy,
    Faq,
    Commitment,
    Login,
    Logout,
    Me,
    Bootstrap,
    Queue,
    Intake,
    CaseView,
    CaseAct,
    Similar,
    Review,
    Visit,
    /// The case's contact number in full: a look that is logged.
    RevealContact,
    /// 会同: ask another unit to assist (a task with a sub-deadline).
    AddAssist,
    /// The assisting unit's handler answers its task.
    ReplyAssist,
    /// The desk or the task force withdraws a task.
    WithdrawAssist,
    /// 督办: the task force issues a supervision order at level 3 or 4.
    IssueOrder,
    /// The ordered unit's handler answers the order.
    ReplyOrder,
    /// 决策: the leadership group records its decision at level 4.
    Decide,
    Batches,
    MakeBatch,
    Batch,
    AnswerBatch,
    Templates,
    AddTemplate,
    ChangeTemplate,
    Users,
    AddUser,
    ChangeUser,
    Assignees,
    Audit,
    /// The filtered audit log as CSV (itself logged).
    AuditCsv,
    FollowUps,
    Outbox,
    /// The staff notifications' deliveries to their channels, and their failures.
    StaffOutbox,
    /// The bell: one's own notifications, newest first, with the unread count.
    Notifications,
    /// Marks one's notifications read.
    ReadNotifications,
    /// Where one is told besides the console, and whether in a daily digest.
    NotifyPreference,
    SaveNotifyPreference,
    Ledger,
    LedgerCsv,
    LedgerXlsx,
    Stats,
    RoutingRules,
    SaveRoutingRules,
    Agreement,
    TrainingExport,
    AdminKnowledge,
    Retire,
    Restore,
    Import,
    Settings,
    SaveCalendar,
    SaveCommitment,
    /// How many years a closed case keeps its contact's details.
    SaveRetention,
    /// Every case held about a person (by mobile or credit code): what is held, for them.
    Person,
    /// Erase a person's contact details from every case, with a reason.
    ErasePerson,
    /// Correct one case's contact details, with a reason.
    CorrectPerson,
}

pub struct Route {
    pub verb: Verb,
    /// `/api/…`, a `{name}` for each path parameter.
    pub path: &'static str,
    pub op: Op,
    pub guard: Guard,
    pub throttle: Option<Throttle>,
}

const fn route(verb: Verb, path: &'static str, op: Op, guard: Guard) -> Route {
    Route {
        verb,
        path,
        op,
        guard,
        throttle: None,
    }
}

const fn limited(verb: Verb, path: &'static str, op: Op, door: Door) -> Route {
    Route {
        verb,
        path,
        op,
        guard: Guard::Public,
        throttle: Some(Throttle::Door(door)),
    }
}

use Guard::{Public, Signed, Staff};
use Permission as P;
use Verb::{Get, Post};

/// One line a route, so the table reads as a table.
#[rustfmt::skip]
pub const ROUTES: &[Route] = &[
    route(Get, "/api/openapi.json", Op::OpenApi, Public),
    route(Get, "/api/meta", Op::Meta, Public),
    limited(Post, "/api/triage", Op::Triage, Door::Triage),
    limited(Post, "/api/cases", Op::FileCase, Door::Submit),
    route(Get, "/api/cases/status/{token}", Op::CaseStatus, Public),
    limited(Post, "/api/rights", Op::FileRights, Door::Submit),
    route(Get, "/api/rights/{token}", Op::RightsStatus, Public),
    route(Post, "/api/cases/status/{token}/messages", Op::AddMessage, Public),
    route(Post, "/api/cases/status/{token}/rating", Op::Rate, Public),
    Route {
        throttle: Some(Throttle::Handler),
        ..route(Post, "/api/cases/lookup", Op::Lookup, Public)
    },
    route(Get, "/api/cases/status/{token}/qr.svg", Op::QrSvg, Public),
    route(Get, "/api/cases/status/{token}/qr.png", Op::QrPng, Public),
    limited(Get, "/api/search", Op::Search, Door::Search),
    route(Get, "/api/knowledge", Op::Knowledge, Public),
    limited(Post, "/api/suggest", Op::Suggest, Door::Triage),
    limited(Post, "/api/deflections", Op::Deflect, Door::Search),
    route(Get, "/api/fees", Op::Fees, Public),
    route(Get, "/api/policies/{id}", Op::Policy, Public),
    route(Get, "/api/faqs/{id}", Op::Faq, Public),
    route(Get, "/api/commitment", Op::Commitment, Public),
    limited(Post, "/api/auth/login", Op::Login, Door::Login),
    route(Post, "/api/auth/logout", Op::Logout, Public),
    route(Get, "/api/auth/me", Op::Me, Signed),
    route(Post, "/api/auth/bootstrap", Op::Bootstrap, Public),
    route(Get, "/api/staff/queue", Op::Queue, Staff(P::ViewCases)),
    route(Post, "/api/staff/cases", Op::Intake, Staff(P::Intake)),
    route(Get, "/api/staff/cases/{no}", Op::CaseView, Staff(P::ViewCases)),
    route(Post, "/api/staff/cases/{no}/actions", Op::CaseAct, Signed),
    route(Get, "/api/staff/cases/{no}/similar", Op::Similar, Staff(P::ViewCases)),
    route(Post, "/api/staff/cases/{no}/review", Op::Review, Staff(P::ReviewRatings)),
    route(Post, "/api/staff/cases/{no}/visits", Op::Visit, Staff(P::ReturnVisit)),
    route(Post, "/api/staff/cases/{no}/contact", Op::RevealContact, Staff(P::ViewCases)),
    route(Post, "/api/staff/cases/{no}/assists", Op::AddAssist, Staff(P::Assign)),
    route(Post, "/api/staff/cases/{no}/assists/{task}/reply", Op::ReplyAssist, Staff(P::Reply)),
    route(Post, "/api/staff/cases/{no}/assists/{task}/withdraw", Op::WithdrawAssist, Staff(P::Assign)),
    route(Post, "/api/staff/cases/{no}/orders", Op::IssueOrder, Staff(P::Escalate)),
    route(Post, "/api/staff/cases/{no}/orders/{order}/reply", Op::ReplyOrder, Staff(P::Reply)),
    route(Post, "/api/staff/cases/{no}/decision", Op::Decide, Staff(P::Escalate)),
    route(Get, "/api/staff/batches", Op::Batches, Staff(P::ViewCases)),
    route(Post, "/api/staff/batches", Op::MakeBatch, Staff(P::Batches)),
    route(Get, "/api/staff/batches/{id}", Op::Batch, Staff(P::ViewCases)),
    route(Post, "/api/staff/batches/{id}/answer", Op::AnswerBatch, Signed),
    route(Get, "/api/staff/templates", Op::Templates, Staff(P::ViewCases)),
    route(Post, "/api/staff/templates", Op::AddTemplate, Staff(P::ManageTemplates)),
    route(Post, "/api/staff/templates/{id}", Op::ChangeTemplate, Staff(P::ManageTemplates)),
    route(Get, "/api/staff/users", Op::Users, Staff(P::ManageUsers)),
    route(Post, "/api/staff/users", Op::AddUser, Staff(P::ManageUsers)),
    route(Post, "/api/staff/users/{id}", Op::ChangeUser, Staff(P::ManageUsers)),
    route(Get, "/api/staff/assignees", Op::Assignees, Staff(P::Assign)),
    route(Get, "/api/staff/audit", Op::Audit, Staff(P::ManageUsers)),
    route(Get, "/api/staff/audit.csv", Op::AuditCsv, Staff(P::ManageUsers)),
    route(Get, "/api/staff/follow-ups", Op::FollowUps, Staff(P::ViewCases)),
    route(Get, "/api/staff/outbox", Op::Outbox, Staff(P::Outbox)),
    route(Get, "/api/staff/outbox/staff", Op::StaffOutbox, Staff(P::Outbox)),
    route(Get, "/api/staff/notifications", Op::Notifications, Signed),
    route(Post, "/api/staff/notifications/read", Op::ReadNotifications, Signed),
    route(Get, "/api/staff/me/notify", Op::NotifyPreference, Signed),
    route(Post, "/api/staff/me/notify", Op::SaveNotifyPreference, Signed),
    route(Get, "/api/staff/ledger", Op::Ledger, Staff(P::ViewCases)),
    route(Get, "/api/staff/ledger.csv", Op::LedgerCsv, Staff(P::ViewCases)),
    route(Get, "/api/staff/ledger.xlsx", Op::LedgerXlsx, Staff(P::ViewCases)),
    route(Get, "/api/staff/stats", Op::Stats, Staff(P::Statistics)),
    route(Get, "/api/admin/routing-rules", Op::RoutingRules, Staff(P::ManageSettings)),
    route(Post, "/api/admin/routing-rules", Op::SaveRoutingRules, Staff(P::ManageSettings)),
    route(Get, "/api/admin/agreement", Op::Agreement, Staff(P::ManageSettings)),
    route(Get, "/api/admin/training.tsv", Op::TrainingExport, Staff(P::ManageSettings)),
    route(Get, "/api/admin/knowledge", Op::AdminKnowledge, Staff(P::ManageTemplates)),
    route(Post, "/api/admin/knowledge/{kind}/{id}/retire", Op::Retire, Staff(P::ManageTemplates)),
    route(Post, "/api/admin/knowledge/{kind}/{id}/restore", Op::Restore, Staff(P::ManageTemplates)),
    route(Post, "/api/admin/import", Op::Import, Staff(P::ManageTemplates)),
    route(Get, "/api/admin/settings", Op::Settings, Staff(P::ManageSettings)),
    route(Post, "/api/admin/calendar/{year}", Op::SaveCalendar, Staff(P::ManageSettings)),
    route(Post, "/api/admin/commitment", Op::SaveCommitment, Staff(P::ManageSettings)),
    route(Post, "/api/admin/retention", Op::SaveRetention, Staff(P::ManageSettings)),
    route(Get, "/api/admin/person", Op::Person, Staff(P::ManageSettings)),
    route(Post, "/api/admin/person/erase", Op::ErasePerson, Staff(P::ManageSettings)),
    route(Post, "/api/admin/person/correct", Op::CorrectPerson, Staff(P::ManageSettings)),
    route(Get, "/api/admin/rights", Op::RightsList, Staff(P::ManageSettings)),
    route(Post, "/api/admin/rights/{request}/answer", Op::AnswerRights, Staff(P::ManageSettings)),
];

/// A path that matched no route (404), or matched one under another method (405).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Miss {
    NoRoute,
    MethodNotAllowed,
}

/// The path parameters of a matched route, in the order the path names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params<'a>(Vec<&'a str>);

impl<'a> Params<'a> {
    /// The `i`-th parameter; empty if the route has fewer (the handler's own check answers).
    pub fn get(&self, i: usize) -> &'a str {
        self.0.get(i).copied().unwrap_or_default()
    }
}

fn matches<'a>(pattern: &str, path: &'a str) -> Option<Params<'a>> {
    let mut want = pattern.split('/');
    let mut got = path.split('/');
    let mut params = Vec::new();
    loop {
        match (want.next(), got.next()) {
            (None, None) => return Some(Params(params)),
            (Some(w), Some(g)) if w.starts_with('{') && w.ends_with('}') && !g.is_empty() => {
                params.push(g)
            }
            (Some(w), Some(g)) if w == g => {}
            _ => return None,
        }
    }
}

/// The route for a request's method and path (a trailing `/` is ignored). `method` is the
/// HTTP method as sent; anything but GET and POST on a known path is 405.
pub fn find<'a>(method: &str, path: &'a str) -> Result<(&'static Route, Params<'a>), Miss> {
    let path = path.trim_end_matches('/');
    let verb = Verb::parse(method);
    let mut seen = false;
    for r in ROUTES {
        if let Some(params) = matches(r.path, path) {
            if Some(r.verb) == verb {
                return Ok((r, params));
            }
            seen = true;
        }
    }
    Err(if seen {
        Miss::MethodNotAllowed
    } else {
        Miss::NoRoute
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_found_at_its_own_path_and_no_other_route_shadows_it() {
        for r in ROUTES {
            let concrete = r.path.replace('{', "x").replace('}', "");
            let (found, _) = find(r.verb.code(), &concrete).unwrap();
            assert_eq!(found.op, r.op, "{} {}", r.verb.code(), r.path);
        }
        let mut ops: Vec<Op> = ROUTES.iter().map(|r| r.op).collect();
        ops.sort();
        ops.dedup();
        assert_eq!(ops.len(), ROUTES.len(), "an operation with two routes");
    }

    #[test]
    fn parameters_come_in_path_order_and_misses_say_which() {
        let (r, p) = find("POST", "/api/admin/knowledge/faq/q-7/retire/").unwrap();
        assert_eq!(r.op, Op::Retire);
        assert_eq!((p.get(0), p.get(1), p.get(2)), ("faq", "q-7", ""));
        assert_eq!(find("GET", "/api/nothing").err(), Some(Miss::NoRoute));
        assert_eq!(
            find("DELETE", "/api/staff/cases/ZTC-20260101-0001").err(),
            Some(Miss::MethodNotAllowed)
        );
        assert_eq!(
            find("GET", "/api/cases/status//qr.svg").err(),
            Some(Miss::NoRoute)
        );
        // a change of a staff resource needs a signed-in member of staff
        for r in ROUTES.iter().filter(|r| r.path.starts_with("/api/staff/")) {
            assert_ne!(r.guard, Guard::Public, "{}", r.path);
        }
    }
}
