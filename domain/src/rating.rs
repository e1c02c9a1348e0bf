//! 好差评: five levels, 1–2 are 差评 (bad) and enter the rectification loop.

use serde::{Deserialize, Serialize};

use crate::i18n::{t, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Score(u8);

impl Score {
    pub fn new(n: u8) -> Option<Score> {
        (1..=5).contains(&n).then_some(Score(n))
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// 1 非常不满意 and 2 不满意.
    pub fn is_bad(self) -> bool {
        self.0 <= 2
    }

    pub fn label(self, lang: Lang) -> &'static str {
        t(lang, &format!("rating-{}", self.0))
    }
}

impl TryFrom<u8> for Score {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        Score::new(n).ok_or_else(|| format!("score {n} is not 1–5"))
    }
}

impl From<Score> for u8 {
    fn from(s: Score) -> u8 {
        s.0
    }
}

/// What a supervisor decides about a 差评 after verifying it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Review {
    /// Reopen with a deadline (default 5 working days); the enterprise may rate again after.
    Rectify,
    /// No legal basis to change the outcome: explain why.
    Explain,
    /// The rating looks false or mistaken: it goes to review.
    Appeal,
}

impl Review {
    pub fn parse(s: &str) -> Option<Review> {
        match s {
            "rectify" => Some(Review::Rectify),
            "explain" => Some(Review::Explain),
            "appeal" => Some(Review::Appeal),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Review::Rectify => "rectify",
            Review::Explain => "explain",
            Review::Appeal => "appeal",
        }
    }
}

pub const DEFAULT_RECTIFY_DAYS: u32 = 5;
/// An answered case unrated this long is invited again and listed for a return visit.
pub const REINVITE_DAYS: i64 = 3;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_levels_two_bad() {
        assert!(Score::new(0).is_none() && Score::new(6).is_none());
        assert!(Score::new(1).unwrap().is_bad() && Score::new(2).unwrap().is_bad());
        assert!(!Score::new(3).unwrap().is_bad());
        assert_eq!(Score::new(5).unwrap().label(Lang::ZhCn), "非常满意");
        assert_eq!(Score::new(1).unwrap().label(Lang::ZhCn), "非常不满意");
        assert!(serde_json::from_str::<Score>("9").is_err());
        assert_eq!(Review::parse("appeal"), Some(Review::Appeal));
    }
}
