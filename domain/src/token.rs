//! The secret in a case's status link `/c/{token}`: 192 random bits, base64url without padding.
//! Randomness comes in as an argument; the domain never draws it.

use serde::{Deserialize, Serialize};
use std::fmt;

pub const TOKEN_BYTES: usize = 24;
pub const TOKEN_LEN: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct CaseToken(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenError;

impl CaseToken {
    pub fn from_random(bytes: [u8; TOKEN_BYTES]) -> Self {
        CaseToken(crate::text::base64url(&bytes))
    }

    pub fn parse(s: &str) -> Result<Self, TokenError> {
        if s.len() == TOKEN_LEN && crate::text::is_base64url(s) {
            Ok(CaseToken(s.to_string()))
        } else {
            Err(TokenError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The portal path the QR code points to.
    pub fn status_path(&self) -> String {
        format!("/c/{}", self.0)
    }
}

impl fmt::Display for CaseToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for CaseToken {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CaseToken::parse(&s).map_err(|_| serde::de::Error::custom("bad token"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn encodes_url_safe() {
        let t = CaseToken::from_random([0xff; TOKEN_BYTES]);
        assert_eq!(t.as_str(), "________________________________");
        let t = CaseToken::from_random([0; TOKEN_BYTES]);
        assert_eq!(t.as_str().len(), TOKEN_LEN);
        assert_eq!(t.status_path(), format!("/c/{}", "A".repeat(32)));
    }

    #[test]
    fn rejects_bad_tokens() {
        assert!(CaseToken::parse("short").is_err());
        assert!(CaseToken::parse(&"a".repeat(31)).is_err());
        assert!(CaseToken::parse(&format!("{}/", "a".repeat(31))).is_err());
        assert!(CaseToken::parse("../../../../etc/passwd_aaaaaaaaa").is_err());
    }

    proptest! {
        #[test]
        fn distinct_bytes_give_distinct_tokens(a in any::<[u8; TOKEN_BYTES]>(), b in any::<[u8; TOKEN_BYTES]>()) {
            let (ta, tb) = (CaseToken::from_random(a), CaseToken::from_random(b));
            prop_assert_eq!(a == b, ta == tb);
            prop_assert_eq!(CaseToken::parse(ta.as_str()).unwrap(), ta);
        }
    }
}
