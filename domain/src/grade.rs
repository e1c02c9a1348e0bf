//! Importance × urgency (`A` > `B` > `C` each), the grade `AB`, and the handling level 1–4.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Letter {
    A,
    B,
    C,
}

impl Letter {
    pub const ALL: [Letter; 3] = [Letter::A, Letter::B, Letter::C];

    pub fn parse(s: &str) -> Option<Letter> {
        match s.trim() {
            "A" | "a" => Some(Letter::A),
            "B" | "b" => Some(Letter::B),
            "C" | "c" => Some(Letter::C),
            _ => None,
        }
    }

    pub fn as_char(self) -> char {
        match self {
            Letter::A => 'A',
            Letter::B => 'B',
            Letter::C => 'C',
        }
    }
}

impl fmt::Display for Letter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.as_char())
    }
}

/// Importance letter then urgency letter, e.g. `BA`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Grade {
    pub importance: Letter,
    pub urgency: Letter,
}

impl Grade {
    pub fn new(importance: Letter, urgency: Letter) -> Self {
        Grade {
            importance,
            urgency,
        }
    }

    pub fn parse(s: &str) -> Option<Grade> {
        let mut c = s.trim().chars();
        let (i, u) = (c.next()?, c.next()?);
        if c.next().is_some() {
            return None;
        }
        Some(Grade::new(
            Letter::parse(&i.to_string())?,
            Letter::parse(&u.to_string())?,
        ))
    }

    /// "BB and above" (AA, AB, BA, BB): handled first.
    pub fn is_priority(self) -> bool {
        self.importance <= Letter::B && self.urgency <= Letter::B
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.importance, self.urgency)
    }
}

impl Serialize for Grade {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Grade {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Grade::parse(&s)
            .ok_or_else(|| serde::de::Error::custom("grade is two letters from A, B, C"))
    }
}

/// 办理层级: 1 首问自办 · 2 责任单位分办 · 3 工作专班督办 · 4 领导小组决策.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Level(u8);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LevelError {
    OutOfRange(u8),
    /// Escalation goes up one step at a time.
    NotNext {
        from: Level,
        to: Level,
    },
}

impl Level {
    pub const FIRST_CONTACT: Level = Level(1);
    pub const RESPONSIBLE_UNIT: Level = Level(2);
    pub const TASK_FORCE: Level = Level(3);
    pub const LEADERSHIP: Level = Level(4);

    pub fn new(n: u8) -> Result<Level, LevelError> {
        (1..=4)
            .contains(&n)
            .then_some(Level(n))
            .ok_or(LevelError::OutOfRange(n))
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// Raises the level by exactly one step (levels are not skipped); never lowers or keeps it.
    pub fn escalate_to(self, to: Level) -> Result<Level, LevelError> {
        if self.next() == Some(to) {
            Ok(to)
        } else {
            Err(LevelError::NotNext { from: self, to })
        }
    }

    /// 首问自办 · 责任单位分办 · 工作专班督办 · 领导小组决策, from the locale files.
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        crate::i18n::t(lang, &format!("level-{}", self.0))
    }

    /// One step up, or `None` at the top.
    pub fn next(self) -> Option<Level> {
        Level::new(self.0 + 1).ok()
    }
}

impl TryFrom<u8> for Level {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        Level::new(n).map_err(|_| format!("level {n} is not 1–4"))
    }
}

impl From<Level> for u8 {
    fn from(l: Level) -> u8 {
        l.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_is_bb_and_above() {
        let all: Vec<String> = Letter::ALL
            .iter()
            .flat_map(|&i| Letter::ALL.iter().map(move |&u| Grade::new(i, u)))
            .filter(|g| g.is_priority())
            .map(|g| g.to_string())
            .collect();
        assert_eq!(all, ["AA", "AB", "BA", "BB"]);
        assert_eq!(Grade::parse("ba"), Some(Grade::new(Letter::B, Letter::A)));
        assert_eq!(Grade::parse("BAC"), None);
        assert_eq!(Grade::parse("D1"), None);
    }

    #[test]
    fn escalation_goes_up_one_step_at_a_time() {
        let l = Level::RESPONSIBLE_UNIT;
        assert_eq!(l.escalate_to(Level::TASK_FORCE), Ok(Level::TASK_FORCE));
        assert!(l.escalate_to(Level::FIRST_CONTACT).is_err());
        assert!(l.escalate_to(l).is_err());
        // one step at a time: 2 → 4 skips the task force
        assert!(l.escalate_to(Level::LEADERSHIP).is_err());
        assert!(Level::FIRST_CONTACT.escalate_to(Level::TASK_FORCE).is_err());
        assert!(Level::LEADERSHIP.escalate_to(Level::LEADERSHIP).is_err());
        assert_eq!(Level::LEADERSHIP.next(), None);
        assert!(Level::new(0).is_err() && Level::new(5).is_err());
        assert_eq!(serde_json::to_string(&Level::TASK_FORCE).unwrap(), "3");
        assert!(serde_json::from_str::<Level>("7").is_err());
    }
}
