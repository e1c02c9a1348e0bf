//! Working a case together (issue 19): assisting units and their tasks (会同, [`assist`]), a case
//! handed back to the desk (退回, [`returned`]), the task force's supervision orders and the
//! leadership's decisions (督办, [`supervision`]) with what the enterprise reads about them
//! ([`stage`]), staff notifications, who gets them and where they go ([`told`], [`notify`], [`channel`]), and the
//! first-contact rules (首问负责, 一次性告知: [`first_contact`], [`materials`]).
//!
//! Pure rules, like the rest of the crate: no I/O, no clock, no randomness. Time is an argument;
//! every text shown to people is a code here, its words live in the locale files.

use serde::{Deserialize, Serialize};

use crate::staff::StaffRole;
use crate::taxonomy::Department;
use crate::text::{typed_text, TypedTextError};

pub mod assist;
pub mod channel;
pub mod first_contact;
pub mod materials;
pub mod notify;
pub mod returned;
pub mod stage;
pub mod supervision;
pub mod told;

pub(crate) use crate::taxonomy::code_enum;

/// A staff account's id (`users.id`, always positive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct StaffId(i64);

impl StaffId {
    pub fn new(id: i64) -> Option<StaffId> {
        (id > 0).then_some(StaffId(id))
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl TryFrom<i64> for StaffId {
    type Error = String;
    fn try_from(id: i64) -> Result<Self, Self::Error> {
        StaffId::new(id).ok_or_else(|| format!("staff id {id} is not positive"))
    }
}

impl From<StaffId> for i64 {
    fn from(id: StaffId) -> i64 {
        id.0
    }
}

/// The member of staff taking an action: who, in which role, of which unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    pub id: StaffId,
    pub role: StaffRole,
    pub unit: Option<Department>,
}

impl Staff {
    /// A handler of `unit`: the only one who answers for that unit (a task, an order).
    pub fn acts_for(&self, unit: Department) -> bool {
        self.role == StaffRole::Handler && self.unit == Some(unit)
    }
}

/// An answer from the unit a task or an order went to, by one of its handlers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub text: Text500,
    pub by: StaffId,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// Why a typed text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextError {
    Empty,
    TooLong { max: usize },
    HiddenControl,
}

/// What a person typed (an ask, a reply, a reason, an order): cleaned as
/// [`crate::text::typed_text`], not empty, at most `MAX` characters, no hidden control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Text<const MAX: usize>(String);

/// The usual bound: an ask, a reply, a reason, an order, a decision.
pub const MAX_TEXT: usize = 500;

/// A typed text of at most [`MAX_TEXT`] characters.
pub type Text500 = Text<MAX_TEXT>;

impl<const MAX: usize> Text<MAX> {
    pub fn parse(raw: &str) -> Result<Self, TextError> {
        let text = typed_text(raw, MAX).map_err(|e| match e {
            TypedTextError::TooLong => TextError::TooLong { max: MAX },
            TypedTextError::HiddenControl => TextError::HiddenControl,
        })?;
        if text.is_empty() {
            return Err(TextError::Empty);
        }
        Ok(Text(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<const MAX: usize> TryFrom<String> for Text<MAX> {
    type Error = TextError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Text::parse(&s)
    }
}

impl<const MAX: usize> From<Text<MAX>> for String {
    fn from(t: Text<MAX>) -> String {
        t.0
    }
}

impl std::fmt::Display for TextError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TextError::Empty => f.write_str("empty"),
            TextError::TooLong { max } => write!(f, "longer than {max} characters"),
            TextError::HiddenControl => f.write_str("hidden control characters"),
        }
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    pub fn staff(id: i64, role: StaffRole, unit: Option<Department>) -> Staff {
        Staff {
            id: StaffId::new(id).unwrap(),
            role,
            unit,
        }
    }

    /// One member of staff of every role, with and without a unit, for role tables.
    pub fn everyone(units: &[Department]) -> Vec<Staff> {
        let mut all = Vec::new();
        for (i, role) in StaffRole::ALL.into_iter().enumerate() {
            all.push(staff(100 + i as i64, role, None));
            for (j, u) in units.iter().enumerate() {
                all.push(staff(200 + (i * 20 + j) as i64, role, Some(*u)));
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn texts_are_cleaned_and_bounded() {
        assert_eq!(
            Text500::parse("  请协助核实  ").unwrap().as_str(),
            "请协助核实"
        );
        assert_eq!(Text500::parse(" \r\n "), Err(TextError::Empty));
        assert!(Text500::parse(&"字".repeat(500)).is_ok());
        assert_eq!(
            Text500::parse(&"字".repeat(501)),
            Err(TextError::TooLong { max: 500 })
        );
        assert_eq!(Text500::parse("a\u{202E}b"), Err(TextError::HiddenControl));
        let t: Text500 = serde_json::from_str("\"ok\"").unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"ok\"");
        assert!(serde_json::from_str::<Text500>("\"  \"").is_err());
    }

    #[test]
    fn staff_ids_are_positive_and_only_handlers_act_for_a_unit() {
        assert!(StaffId::new(0).is_none() && StaffId::new(-3).is_none());
        assert_eq!(
            serde_json::to_string(&StaffId::new(7).unwrap()).unwrap(),
            "7"
        );
        assert!(serde_json::from_str::<StaffId>("0").is_err());
        let tax = Department::Tax;
        for s in fixtures::everyone(&[tax, Department::Customs]) {
            let expect = s.role == StaffRole::Handler && s.unit == Some(tax);
            assert_eq!(s.acts_for(tax), expect, "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn a_parsed_text_is_never_empty_or_too_long(raw in "\\PC{0,600}") {
            if let Ok(t) = Text500::parse(&raw) {
                prop_assert!(!t.as_str().is_empty());
                prop_assert!(t.as_str().chars().count() <= MAX_TEXT);
                prop_assert_eq!(Text500::parse(t.as_str()), Ok(t.clone()));
            }
        }
    }
}
