//! What the enterprise's timeline says about a case above level 2. The words must be true:
//! "supervised" (督办) only once a supervision order is on record, "decided" only once the
//! leadership group's decision is.

use super::code_enum;
use crate::grade::Level;

code_enum!(
    /// The public timeline's code for a case's stage at level 3 or 4.
    PublicStage, "timeline" {
        /// Level 3, no order yet: 已提交工作专班.
        SubmittedToTaskForce = "submitted_to_task_force",
        /// Level 3 with an order on record: 工作专班已督办.
        SupervisionOrderIssued = "supervision_order_issued",
        /// Level 4, no decision yet: 已提交领导小组.
        SubmittedToLeadership = "submitted_to_leadership",
        /// Level 4 with the decision on record: 领导小组已作出决定.
        LeadershipDecided = "leadership_decided",
    }
);

impl PublicStage {
    /// Whether the words claim a supervision order.
    pub fn claims_order(self) -> bool {
        self == PublicStage::SupervisionOrderIssued
    }

    /// Whether the words claim a leadership decision.
    pub fn claims_decision(self) -> bool {
        self == PublicStage::LeadershipDecided
    }
}

/// The stage shown for a case at `level`, given whether a supervision order and a leadership
/// decision are on record. Levels 1 and 2 have no stage of their own (None). At level 4 the
/// leadership's stage is shown, whether or not an order exists.
pub fn public_stage(level: Level, order_issued: bool, decided: bool) -> Option<PublicStage> {
    match level.get() {
        3 if order_issued => Some(PublicStage::SupervisionOrderIssued),
        3 => Some(PublicStage::SubmittedToTaskForce),
        4 if decided => Some(PublicStage::LeadershipDecided),
        4 => Some(PublicStage::SubmittedToLeadership),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_says_supervised_without_an_order_or_decided_without_a_decision() {
        for n in 1..=4 {
            let level = Level::new(n).unwrap();
            for order in [false, true] {
                for decided in [false, true] {
                    let stage = public_stage(level, order, decided);
                    assert_eq!(stage.is_some(), n >= 3, "{n}");
                    if let Some(s) = stage {
                        assert!(!s.claims_order() || order, "{n} {order} {decided}");
                        assert!(!s.claims_decision() || decided, "{n} {order} {decided}");
                        assert!(order || !s.code().contains("supervis"), "{s}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_stages() {
        use PublicStage::*;
        let (l3, l4) = (Level::TASK_FORCE, Level::LEADERSHIP);
        assert_eq!(public_stage(l3, false, false), Some(SubmittedToTaskForce));
        assert_eq!(public_stage(l3, true, false), Some(SupervisionOrderIssued));
        assert_eq!(public_stage(l4, true, false), Some(SubmittedToLeadership));
        assert_eq!(public_stage(l4, false, true), Some(LeadershipDecided));
        assert_eq!(public_stage(Level::RESPONSIBLE_UNIT, true, true), None);
        for &s in PublicStage::ALL {
            assert_eq!(PublicStage::parse(s.code()), Some(s));
        }
        assert_eq!(
            serde_json::to_string(&SupervisionOrderIssued).unwrap(),
            "\"supervision_order_issued\""
        );
        assert_eq!(LeadershipDecided.label_key(), "timeline-leadership_decided");
    }
}
