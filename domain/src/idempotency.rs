//! `Idempotency-Key`: the client makes one per draft and sends it again on every retry.

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotencyKeyError {
    Missing,
    Malformed,
}

impl IdempotencyKey {
    /// 8–128 characters of `[A-Za-z0-9_-]` (UUIDs and base64url both fit).
    pub fn parse(header: Option<&str>) -> Result<Self, IdempotencyKeyError> {
        let s = header.map(str::trim).unwrap_or_default();
        if s.is_empty() {
            return Err(IdempotencyKeyError::Missing);
        }
        if !(8..=128).contains(&s.len())
            || !s
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(IdempotencyKeyError::Malformed);
        }
        Ok(IdempotencyKey(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A stable 64-bit FNV-1a fingerprint, hex: tells a retry (same body) from a reused key (other body).
pub fn fingerprint(parts: &[&str]) -> String {
    let h = parts.iter().fold(crate::text::FNV_OFFSET, |h, part| {
        crate::text::fnv1a(h, part.bytes().chain([0x1f]))
    });
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys() {
        assert_eq!(
            IdempotencyKey::parse(None),
            Err(IdempotencyKeyError::Missing)
        );
        assert_eq!(
            IdempotencyKey::parse(Some("  ")),
            Err(IdempotencyKeyError::Missing)
        );
        assert_eq!(
            IdempotencyKey::parse(Some("short")),
            Err(IdempotencyKeyError::Malformed)
        );
        assert_eq!(
            IdempotencyKey::parse(Some("has space in it")),
            Err(IdempotencyKeyError::Malformed)
        );
        let k = IdempotencyKey::parse(Some("3f2a9c1e-7b4d-4e8a-9f00-1234567890ab")).unwrap();
        assert_eq!(k.as_str().len(), 36);
    }

    #[test]
    fn fingerprint_separates_fields() {
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
        assert_eq!(fingerprint(&["x"]), fingerprint(&["x"]));
    }
}
