//! 好差评: five levels, 1–2 are 差评 (bad) and enter the rectification loop.

use serde::{Deserialize, Serialize};

use crate::i18n::{t, Lang};

/// The highest score that is a 差评.
pub const BAD_AT_MOST: u8 = 2;

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
        self.0 <= BAD_AT_MOST
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
/// The event kinds that give the enterprise an answer to read and rate: a staff answer, and a
/// supervisor's explanation after a 差评 (`functions/src/cases/public_view.sql` lists the same).
pub const ANSWER_KINDS_SQL: &str = "'answered', 'explained'";

/// A 差评 is verified, and the enterprise called back (回访), within this many working days; the
/// status page says by when.
pub const VERIFY_WORKING_DAYS: u32 = 2;

/// While a reopened case waits for a supervisor to verify its 差评: when the rating was given.
/// `events` are the public (kind, time) pairs in order; a later rectification ends the wait.
pub fn awaiting_verification<'a>(
    events: impl DoubleEndedIterator<Item = (&'a str, &'a str)>,
) -> Option<&'a str> {
    events
        .rev()
        .find(|(kind, _)| matches!(*kind, "rated" | "rectification"))
        .and_then(|(kind, at)| (kind == "rated").then_some(at))
}

/// An answered case unrated this long is invited again and listed for a return visit.
pub const REINVITE_DAYS: i64 = 3;
/// An answer the enterprise has not rated in this many working days closes the case by itself
/// (published on the status page and `/commitment`).
pub const AUTO_CLOSE_WORKING_DAYS: u32 = 7;

/// Whether an answer given at `answered` and still unrated closes at `now`.
pub fn auto_closes(
    cal: &crate::calendar::WorkCalendar,
    answered: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    cal.add_working_minutes(
        answered,
        i64::from(AUTO_CLOSE_WORKING_DAYS) * cal.minutes_per_day(),
    ) <= now
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_bad_rating_waits_for_verification_until_a_rectification() {
        let rated = [("answered", "t1"), ("rated", "t2")];
        assert_eq!(awaiting_verification(rated.into_iter()), Some("t2"));
        let rectifying = [("answered", "t1"), ("rated", "t2"), ("rectification", "t3")];
        assert_eq!(awaiting_verification(rectifying.into_iter()), None);
        let again = [
            ("rated", "t2"),
            ("rectification", "t3"),
            ("answered", "t4"),
            ("rated", "t5"),
        ];
        assert_eq!(awaiting_verification(again.into_iter()), Some("t5"));
    }

    #[test]
    fn an_unrated_answer_closes_after_seven_working_days() {
        use crate::time::at_shanghai as sh;
        let cal = crate::calendar::WorkCalendar::china_default();
        let answered = sh(2026, 11, 20, 15, 0); // a Friday
                                                // seven working days: the next Tuesday but one, at the same hour
        assert!(!super::auto_closes(&cal, answered, sh(2026, 12, 1, 14, 59)));
        assert!(super::auto_closes(&cal, answered, sh(2026, 12, 1, 15, 0)));
    }

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
