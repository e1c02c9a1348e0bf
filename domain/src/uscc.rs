//! 统一社会信用代码 (unified social credit code), GB 32100-2015.
//!
//! 18 characters from a 31-symbol alphabet (digits and capitals without I, O, S, V, Z):
//! registration authority (1), organisation type (1), administrative division (6 digits),
//! organisation code (9), check character (1). The check character makes the weighted sum
//! of all 18 values divisible by 31, with weights 3^i mod 31.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::text::normalize_code;

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A code whose length, alphabet, division digits and check character are right.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Uscc(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsccError {
    Empty,
    /// Not 18 characters after spaces are removed; carries the count.
    Length(usize),
    /// A character outside the alphabet (I, O, S, V, Z, punctuation …), 1-based position.
    Character {
        position: usize,
        found: char,
    },
    /// Positions 3–8 are the administrative division code and must be digits.
    Division,
    /// The last character does not match; carries the expected one.
    Check {
        expected: char,
    },
}

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// The check character for the first 17 characters (which must be in the alphabet).
pub fn check_char(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (b, w) in bytes.iter().zip(WEIGHTS) {
        sum += value_of(*b)? * w;
    }
    let c = (31 - sum % 31) % 31;
    Some(ALPHABET[c as usize] as char)
}

impl Uscc {
    /// Accepts what people type: lower case, spaces and full-width characters are normalised.
    pub fn parse(input: &str) -> Result<Self, UsccError> {
        let code = normalize_code(input);
        if code.is_empty() {
            return Err(UsccError::Empty);
        }
        let n = code.chars().count();
        if n != 18 {
            return Err(UsccError::Length(n));
        }
        for (i, c) in code.chars().enumerate() {
            if !c.is_ascii() || value_of(c as u8).is_none() {
                return Err(UsccError::Character {
                    position: i + 1,
                    found: c,
                });
            }
        }
        if !code[2..8].bytes().all(|b| b.is_ascii_digit()) {
            return Err(UsccError::Division);
        }
        let expected = check_char(&code[..17]).expect("alphabet checked above");
        if code.as_bytes()[17] as char != expected {
            return Err(UsccError::Check { expected });
        }
        Ok(Uscc(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Uscc {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Uscc::parse(&s).map_err(|e| serde::de::Error::custom(format!("{e:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // Real-format codes (the first is the standard's own worked example); each check character
    // was computed independently of this module.
    const VALID: &[&str] = &[
        "91350100M000100Y43",
        "91110000802100433B",
        "91370200163562681G",
        "91370200718002639H",
    ];

    #[test]
    fn accepts_real_format_codes() {
        for code in VALID {
            assert_eq!(Uscc::parse(code).unwrap().as_str(), *code, "{code}");
        }
    }

    #[test]
    fn normalises_what_people_type() {
        let u = Uscc::parse(" 9135 0100m000100y43 ").unwrap();
        assert_eq!(u.as_str(), "91350100M000100Y43");
        // full-width digits and letters from a Chinese IME
        let u = Uscc::parse("９１３５０１００Ｍ０００１００Ｙ４３").unwrap();
        assert_eq!(u.as_str(), "91350100M000100Y43");
    }

    #[test]
    fn rejects_wrong_check_character() {
        assert_eq!(
            Uscc::parse("91350100M000100Y44"),
            Err(UsccError::Check { expected: '3' })
        );
    }

    #[test]
    fn rejects_wrong_length_and_characters() {
        assert_eq!(Uscc::parse(""), Err(UsccError::Empty));
        assert_eq!(Uscc::parse("9135010"), Err(UsccError::Length(7)));
        assert_eq!(
            Uscc::parse("91350100M000100Y431"),
            Err(UsccError::Length(19))
        );
        assert_eq!(
            Uscc::parse("91350100M0001O0Y43"),
            Err(UsccError::Character {
                position: 14,
                found: 'O'
            })
        );
        assert_eq!(Uscc::parse("913A0100M000100Y43"), Err(UsccError::Division));
    }

    fn body() -> impl Strategy<Value = String> {
        (
            proptest::sample::select(ALPHABET.to_vec()),
            proptest::sample::select(ALPHABET.to_vec()),
            "[0-9]{6}",
            proptest::collection::vec(proptest::sample::select(ALPHABET.to_vec()), 9),
        )
            .prop_map(|(a, b, div, org)| {
                let mut s = String::new();
                s.push(a as char);
                s.push(b as char);
                s.push_str(&div);
                s.extend(org.into_iter().map(|c| c as char));
                s
            })
    }

    proptest! {
        #[test]
        fn any_body_with_its_check_char_parses(b in body()) {
            let code = format!("{b}{}", check_char(&b).unwrap());
            let parsed = Uscc::parse(&code).unwrap();
            prop_assert_eq!(parsed.as_str(), code.as_str());
        }

        #[test]
        fn any_single_substitution_is_caught(b in body(), pos in 0usize..18, sym in 0usize..31) {
            let code = format!("{b}{}", check_char(&b).unwrap());
            let mut bytes = code.clone().into_bytes();
            prop_assume!(bytes[pos] != ALPHABET[sym]);
            prop_assume!(!(2..8).contains(&pos) || ALPHABET[sym].is_ascii_digit());
            bytes[pos] = ALPHABET[sym];
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert!(Uscc::parse(&changed).is_err());
        }

        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = Uscc::parse(&s);
        }
    }
}
