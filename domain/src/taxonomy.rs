//! The fixed codes of SPEC.md. The API and the database store these exact strings;
//! labels come from the locale files (`taxonomy-<kind>-<code>`).

/// A fixed list of codes: `ALL`, `code()`, `parse()`, `Display`, serde as the code, and its label
/// in the locale files under `<kind>-<code>` (`label_key()`, `label(lang)`).
macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident, $kind:literal { $($(#[$vm:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $code)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($code => Some($name::$variant),)+ _ => None }
            }

            /// The locale key of this code's label.
            pub fn label_key(self) -> String {
                format!("{}-{}", $kind, self.code())
            }

            pub fn label(self, lang: $crate::i18n::Lang) -> &'static str {
                $crate::i18n::t(lang, &self.label_key())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
pub(crate) use code_enum;

code_enum!(
    /// Where the goods are: the Qingdao port areas, airport and rail hub.
    Port, "port" {
        Qianwan = "qianwan",
        Dagang = "dagang",
        Huangdao = "huangdao",
        Dongjiakou = "dongjiakou",
        Airport = "airport",
        Rail = "rail",
        Other = "other",
    }
);

code_enum!(
    Department, "dept" {
        Customs = "customs",
        PortOffice = "port_office",
        Maritime = "maritime",
        Border = "border",
        Tax = "tax",
        Forex = "forex",
        Commerce = "commerce",
        PortOperator = "port_operator",
        MarketRegulation = "market_regulation",
        FtzCenter = "ftz_center",
    }
);

code_enum!(
    /// Topics to browse policies and Q&A by: fixed, coarse, one per entry (tags stay free).
    Topic, "topic" {
        Declaration = "declaration",
        Inspection = "inspection",
        Logistics = "logistics",
        Fees = "fees",
        Tax = "tax",
        Origin = "origin",
        Credit = "credit",
        Zones = "zones",
        Forex = "forex",
        Service = "service",
    }
);

code_enum!(
    Category, "category" {
        Basic = "basic",
        Consult = "consult",
        Practice = "practice",
        Innovation = "innovation",
    }
);

code_enum!(
    Channel, "channel" {
        Web = "web",
        Wechat = "wechat",
        Hotline = "hotline",
        Visit = "visit",
        Survey = "survey",
        Referral = "referral",
    }
);

impl Channel {
    /// Channels an enterprise uses itself; the others are keyed in by staff.
    pub fn is_public(self) -> bool {
        matches!(self, Channel::Web | Channel::Wechat)
    }
}

code_enum!(
    Status, "status" {
        Submitted = "submitted",
        Triaged = "triaged",
        InProgress = "in_progress",
        NeedsInfo = "needs_info",
        Answered = "answered",
        Closed = "closed",
        Merged = "merged",
        Reopened = "reopened",
    }
);

code_enum!(
    /// What happened to a case; each is one row of its append-only event log.
    EventKind, "event" {
        Submitted = "submitted",
        KeyedIn = "keyed_in",
        Triaged = "triaged",
        Regraded = "regraded",
        Accepted = "accepted",
        Assigned = "assigned",
        Reply = "reply",
        Note = "note",
        InfoRequested = "info_requested",
        InfoSupplied = "info_supplied",
        Escalated = "escalated",
        Answered = "answered",
        Closed = "closed",
        Reopened = "reopened",
        Flagged48h = "flagged_48h",
        Merged = "merged",
        Message = "message",
        Rated = "rated",
        Rectification = "rectification",
        Explained = "explained",
        Appealed = "appealed",
        Visited = "visited",
        AnswerCorrected = "answer_corrected",
        AutoClosed = "auto_closed",
        /// 退回: a unit gave the case back to the desk (internal).
        Returned = "returned",
        /// 会同: an assisting unit was asked, answered, or its task withdrawn (internal).
        AssistAsked = "assist_asked",
        AssistReplied = "assist_replied",
        AssistWithdrawn = "assist_withdrawn",
        /// 督办: the task force (or the overdue sweep) issued a supervision order (public).
        OrderIssued = "order_issued",
        /// The unit answered the order (internal).
        OrderReplied = "order_replied",
        /// 决策: the leadership group's decision is on record (public).
        Decided = "decided",
        /// The deadline is near (internal; the sweep warns once per deadline).
        DueSoon = "due_soon",
        /// A supervision order's deadline is near and its unit was reminded (internal).
        OrderReminded = "order_reminded",
    }
);

code_enum!(
    /// How a 回访 reached the enterprise.
    VisitChannel, "visit-channel" {
        Phone = "phone",
        Visit = "visit",
        WeChat = "wechat",
    }
);

code_enum!(
    /// What a 回访 found.
    VisitOutcome, "visit-outcome" {
        Satisfied = "satisfied",
        Unsatisfied = "unsatisfied",
        Unreachable = "unreachable",
    }
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn codes_round_trip_and_have_labels_in_both_languages() {
        fn check<T: Copy + std::fmt::Debug + PartialEq>(
            all: &[T],
            code: fn(T) -> &'static str,
            parse: fn(&str) -> Option<T>,
            label: fn(T, Lang) -> &'static str,
        ) {
            for &v in all {
                assert_eq!(parse(code(v)), Some(v));
                for lang in [Lang::ZhCn, Lang::En] {
                    let l = label(v, lang);
                    // A missing text comes back as its key, `kind-code`.
                    let is_key = l.contains('-')
                        && l.bytes()
                            .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'-');
                    assert!(!l.is_empty() && !is_key, "{v:?} {lang:?} has no label: {l}");
                }
            }
        }
        check(Port::ALL, Port::code, Port::parse, Port::label);
        check(Topic::ALL, Topic::code, Topic::parse, Topic::label);
        check(
            Department::ALL,
            Department::code,
            Department::parse,
            Department::label,
        );
        check(
            Category::ALL,
            Category::code,
            Category::parse,
            Category::label,
        );
        check(Channel::ALL, Channel::code, Channel::parse, Channel::label);
        check(Status::ALL, Status::code, Status::parse, Status::label);
        check(
            EventKind::ALL,
            EventKind::code,
            EventKind::parse,
            EventKind::label,
        );
        check(
            VisitChannel::ALL,
            VisitChannel::code,
            VisitChannel::parse,
            VisitChannel::label,
        );
        check(
            VisitOutcome::ALL,
            VisitOutcome::code,
            VisitOutcome::parse,
            VisitOutcome::label,
        );
        assert_eq!(
            serde_json::to_string(&Department::PortOffice).unwrap(),
            "\"port_office\""
        );
        assert_eq!(Category::parse("Basic"), None);
    }
}
