//! Mainland China mobile numbers: 11 digits, 1[3-9]…, typed with or without +86, spaces or dashes.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::text::normalize_code;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Phone(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    /// Not 11 digits once the country code and separators are removed.
    Length(usize),
    NotDigits,
    /// Mainland mobile numbers start with 13–19.
    Prefix,
}

impl Phone {
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let mut s: String = normalize_code(input)
            .chars()
            .filter(|c| !matches!(c, '-' | '(' | ')' | '.'))
            .collect();
        if s.is_empty() {
            return Err(PhoneError::Empty);
        }
        if let Some(rest) = s.strip_prefix("+86").or_else(|| s.strip_prefix("0086")) {
            s = rest.to_string();
        } else if s.len() == 13 && s.starts_with("86") {
            s = s[2..].to_string();
        }
        if !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(PhoneError::NotDigits);
        }
        if s.len() != 11 {
            return Err(PhoneError::Length(s.len()));
        }
        let b = s.as_bytes();
        if b[0] != b'1' || !(b'3'..=b'9').contains(&b[1]) {
            return Err(PhoneError::Prefix);
        }
        Ok(Phone(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****5678`: what the public status page shows.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }

    /// A stored number as staff lists show it: a mobile as [`Phone::masked`], anything else
    /// (an old landline, a number keyed in by hand) with all but its last four characters hidden.
    pub fn mask_stored(stored: &str) -> String {
        if let Ok(p) = Phone::parse(stored) {
            return p.masked();
        }
        let chars: Vec<char> = stored.chars().collect();
        if chars.len() <= 4 {
            return "****".into();
        }
        let last4: String = chars[chars.len() - 4..].iter().collect();
        format!("****{last4}")
    }

    pub fn last4(&self) -> &str {
        &self.0[7..]
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Phone {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Phone::parse(&s).map_err(|e| serde::de::Error::custom(format!("{e:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_common_spellings() {
        for s in [
            "13812345678",
            "138 1234 5678",
            "+86 138-1234-5678",
            "8613812345678",
            "１３８１２３４５６７８",
        ] {
            assert_eq!(Phone::parse(s).unwrap().as_str(), "13812345678", "{s}");
        }
    }

    #[test]
    fn rejects_bad_numbers() {
        assert_eq!(Phone::parse(""), Err(PhoneError::Empty));
        assert_eq!(Phone::parse("1381234567"), Err(PhoneError::Length(10)));
        assert_eq!(Phone::parse("12812345678"), Err(PhoneError::Prefix));
        assert_eq!(Phone::parse("0532-8888888"), Err(PhoneError::Prefix));
        assert_eq!(Phone::parse("138abc45678"), Err(PhoneError::NotDigits));
    }

    #[test]
    fn masks_the_middle() {
        let p = Phone::parse("13812345678").unwrap();
        assert_eq!(p.masked(), "138****5678");
        assert_eq!(p.last4(), "5678");
    }

    proptest! {
        #[test]
        fn valid_numbers_round_trip(n in "1[3-9][0-9]{9}") {
            let p = Phone::parse(&n).unwrap();
            prop_assert_eq!(p.as_str(), n.as_str());
            // the middle four digits are gone: only the first three and the last four remain
            prop_assert_eq!(p.masked(), format!("{}****{}", &n[..3], &n[7..]));
        }

        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let _ = Phone::parse(&s);
        }
    }

    #[test]
    fn stored_numbers_are_masked_for_staff_lists() {
        assert_eq!(Phone::mask_stored("13812345678"), "138****5678");
        assert_eq!(Phone::mask_stored("0532-8888 1234"), "****1234");
        assert_eq!(Phone::mask_stored("123"), "****");
        assert_eq!(Phone::mask_stored(""), "****");
    }
}
