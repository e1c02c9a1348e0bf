//! Staff accounts: roles, usernames, the password rule, login lockout, and who may do what.
//! Hashing happens in the Worker (WebCrypto PBKDF2); the rules about it live here.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::lifecycle::Role;
use crate::taxonomy::Department;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    FrontDesk,
    Handler,
    Supervisor,
    Leader,
    Admin,
}

impl StaffRole {
    pub const ALL: [StaffRole; 5] = [
        StaffRole::FrontDesk,
        StaffRole::Handler,
        StaffRole::Supervisor,
        StaffRole::Leader,
        StaffRole::Admin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StaffRole::FrontDesk => "front_desk",
            StaffRole::Handler => "handler",
            StaffRole::Supervisor => "supervisor",
            StaffRole::Leader => "leader",
            StaffRole::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<StaffRole> {
        StaffRole::ALL.into_iter().find(|r| r.code() == s)
    }

    /// The role this account plays in the case lifecycle.
    pub fn lifecycle(self) -> Role {
        match self {
            StaffRole::FrontDesk => Role::FrontDesk,
            StaffRole::Handler => Role::Handler,
            StaffRole::Supervisor => Role::Supervisor,
            StaffRole::Leader => Role::Leader,
            StaffRole::Admin => Role::Admin,
        }
    }
}

/// 3–32 characters of `a-z 0-9 . _ -`, case-insensitive.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Username(String);

impl Username {
    pub fn parse(s: &str) -> Option<Username> {
        let s = s.trim().to_ascii_lowercase();
        let ok = (3..=32).contains(&s.len())
            && s.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
            });
        ok.then_some(Username(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// At least 10 characters, not all of one kind (letters only or digits only).
pub fn password_acceptable(p: &str) -> bool {
    p.chars().count() >= 10
        && p.chars().count() <= 128
        && !(p.chars().all(|c| c.is_ascii_digit()) || p.chars().all(|c| c.is_alphabetic()))
}

/// PBKDF2-SHA256 iterations: the most Workers' WebCrypto allows.
pub const PBKDF2_ITERATIONS: u32 = 100_000;
pub const MAX_FAILURES: u32 = 5;
pub const LOCKOUT_MINUTES: i64 = 15;
pub const SESSION_HOURS: i64 = 8;

/// How long one client stays locked out of one account after `failures` wrong passwords in a
/// row from it: from the fifth on, 15 minutes, doubled for every further five, at most a day.
/// Counted per account and client address, so a stranger who knows a username locks out only
/// themselves, and ever longer; the owner, elsewhere, still logs in. A right password clears it.
pub fn lock_for(failures: u32) -> Option<Duration> {
    if failures < MAX_FAILURES {
        return None;
    }
    let doublings = ((failures - MAX_FAILURES) / MAX_FAILURES).min(8);
    Some(Duration::minutes(
        (LOCKOUT_MINUTES << doublings).min(MAX_LOCKOUT_MINUTES),
    ))
}

/// The longest lock [`lock_for`] gives.
pub const MAX_LOCKOUT_MINUTES: i64 = 24 * 60;

/// What a staff member asks to do, beyond moving a case through its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    ViewCases,
    /// Public message to the enterprise that does not close the matter (first response).
    Reply,
    /// Internal note, never shown to the enterprise.
    Note,
    Assign,
    Escalate,
    /// Key in a case that came by hotline, visit, survey or referral.
    Intake,
    Batches,
    /// Verify a 差评 and decide: rectify, explain or appeal.
    ReviewRatings,
    /// Record a 回访 (return visit).
    ReturnVisit,
    /// See the notification outbox and its failures.
    Outbox,
    ManageUsers,
    ManageTemplates,
    /// The working calendar and the published commitment.
    ManageSettings,
    /// Density table, on-time and satisfaction figures, recurring problems (the ledger itself
    /// is `ViewCases`, within the department wall).
    Statistics,
}

pub fn permitted(role: StaffRole, p: Permission) -> bool {
    use Permission::*;
    use StaffRole::*;
    match p {
        ViewCases => true,
        Reply | Note | Escalate => matches!(role, FrontDesk | Handler | Supervisor | Leader),
        Assign | Intake => matches!(role, FrontDesk | Supervisor),
        Batches | ReviewRatings => matches!(role, Supervisor),
        ReturnVisit => matches!(role, FrontDesk | Supervisor),
        Outbox => matches!(role, Supervisor | Admin),
        ManageUsers | ManageTemplates | ManageSettings => matches!(role, Admin),
        Statistics => matches!(role, FrontDesk | Supervisor | Leader),
    }
}

/// The department wall, the one rule of who sees which cases: a handler sees the cases of their
/// own unit only (a handler without a unit sees none); everyone else sees every unit. Applied to
/// one case by [`Wall::admits`] and to a list in SQL by `ledger::LedgerQuery::condition`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wall {
    Open,
    Unit(Department),
    Closed,
}

impl Wall {
    pub fn of(role: StaffRole, own: Option<Department>) -> Wall {
        match (role, own) {
            (StaffRole::Handler, Some(d)) => Wall::Unit(d),
            (StaffRole::Handler, None) => Wall::Closed,
            _ => Wall::Open,
        }
    }

    pub fn admits(self, case: Option<Department>) -> bool {
        match self {
            Wall::Open => true,
            Wall::Unit(d) => case == Some(d),
            Wall::Closed => false,
        }
    }
}

/// Whether this member of staff sees a case of this unit ([`Wall`]).
pub fn may_see(role: StaffRole, own: Option<Department>, case: Option<Department>) -> bool {
    Wall::of(role, own).admits(case)
}

/// Who may hold a case as its 经办人: the front desk (首问自办) and the handlers of the case's
/// own unit. Supervisors and the leadership oversee and decide; they do not hold cases.
pub fn may_be_assigned(role: StaffRole, own: Option<Department>, case: Option<Department>) -> bool {
    match role {
        StaffRole::FrontDesk => true,
        StaffRole::Handler => own.is_some() && own == case,
        StaffRole::Supervisor | StaffRole::Leader | StaffRole::Admin => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_are_held_by_the_desk_or_their_own_unit() {
        use Department::{Customs, Tax};
        assert!(may_be_assigned(StaffRole::FrontDesk, None, Some(Tax)));
        assert!(may_be_assigned(
            StaffRole::Handler,
            Some(Customs),
            Some(Customs)
        ));
        assert!(!may_be_assigned(
            StaffRole::Handler,
            Some(Customs),
            Some(Tax)
        ));
        assert!(!may_be_assigned(StaffRole::Handler, None, None));
        for r in [StaffRole::Supervisor, StaffRole::Leader, StaffRole::Admin] {
            assert!(!may_be_assigned(r, None, Some(Customs)), "{r:?}");
        }
    }

    #[test]
    fn five_failures_lock_and_the_lock_grows() {
        assert_eq!(lock_for(4), None);
        assert_eq!(lock_for(5), Some(Duration::minutes(15)));
        assert_eq!(lock_for(9), Some(Duration::minutes(15)));
        assert_eq!(lock_for(10), Some(Duration::minutes(30)));
        assert_eq!(lock_for(15), Some(Duration::minutes(60)));
        assert_eq!(
            lock_for(1_000),
            Some(Duration::minutes(MAX_LOCKOUT_MINUTES))
        );
        // never shorter after more failures
        for n in 5..200 {
            assert!(lock_for(n + 1) >= lock_for(n), "{n}");
        }
    }

    #[test]
    fn names_passwords_roles() {
        assert_eq!(Username::parse(" Wang.Li ").unwrap().as_str(), "wang.li");
        assert!(Username::parse("ab").is_none() && Username::parse("王丽").is_none());
        assert!(
            password_acceptable("harbour-2026")
                && !password_acceptable("1234567890")
                && !password_acceptable("short1")
        );
        for r in StaffRole::ALL {
            assert_eq!(StaffRole::parse(r.code()), Some(r));
        }
        assert!(may_see(
            StaffRole::Handler,
            Some(Department::Customs),
            Some(Department::Customs)
        ));
        assert!(!may_see(
            StaffRole::Handler,
            Some(Department::Customs),
            Some(Department::Tax)
        ));
        assert!(!may_see(
            StaffRole::Handler,
            Some(Department::Customs),
            None
        ));
        assert!(may_see(StaffRole::Leader, None, Some(Department::Tax)));
        assert!(
            permitted(StaffRole::Supervisor, Permission::Batches)
                && !permitted(StaffRole::Handler, Permission::Batches)
        );
        assert!(
            !permitted(StaffRole::Admin, Permission::Reply)
                && permitted(StaffRole::Admin, Permission::ManageUsers)
        );
    }
}
