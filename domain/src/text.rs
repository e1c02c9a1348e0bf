//! Text clean-up for codes typed on a phone.

/// Full-width ASCII (from Chinese input methods) to half-width, upper case, no white space.
pub fn normalize_code(input: &str) -> String {
    input
        .chars()
        .filter_map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                _ => c,
            };
            (!c.is_whitespace()).then(|| c.to_ascii_uppercase())
        })
        .collect()
}

/// FNV-1a's 64-bit starting value.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a, 64 bits, continued from `hash` over `bytes`: stable fingerprints (idempotent
/// retries, file names, test fixtures), not a security measure.
pub fn fnv1a(hash: u64, bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(hash, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

const B64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding (RFC 4648 §5), for tokens, salts and hashes.
pub fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for shift in [18, 12, 6, 0].into_iter().take(chars) {
            out.push(B64URL[((n >> shift) & 63) as usize] as char);
        }
    }
    out
}

/// Inverse of [`base64url`]; `None` for anything that is not canonical base64url.
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let vals: Option<Vec<u32>> = s
        .bytes()
        .map(|b| B64URL.iter().position(|&c| c == b).map(|p| p as u32))
        .collect();
    let vals = vals?;
    if vals.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(vals.len() * 3 / 4);
    for chunk in vals.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, v)| acc | (v << (18 - 6 * i)));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    (base64url(&out) == s).then_some(out)
}

/// Whether `s` is base64url text (the token alphabet).
pub fn is_base64url(s: &str) -> bool {
    s.bytes().all(|b| B64URL.contains(&b))
}

/// Compares secrets in time that does not depend on where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Trims, and folds runs of white space inside a single-line field to one space.
pub fn clean_line(input: &str) -> String {
    input
        .split(|c: char| c.is_whitespace() || c == '\u{3000}')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Trims the ends of a multi-line text and normalises line breaks.
pub fn clean_text(input: &str) -> String {
    input
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string()
}

/// Characters no one types: C0/C1 controls other than line break and tab, and the bidirectional
/// overrides that make text display differently from what it is.
pub fn is_hidden_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Why a typed text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypedTextError {
    TooLong,
    HiddenControl,
}

/// The most characters a typed reply, note, reason or message may have.
pub const MAX_TYPED: usize = 4000;

/// A multi-line text a person typed (a reply, a note, a reason, a comment): cleaned as
/// [`clean_text`], at most `max` characters, free of hidden control characters. May be empty.
pub fn typed_text(input: &str, max: usize) -> Result<String, TypedTextError> {
    let text = clean_text(input);
    if text.chars().any(is_hidden_control) {
        Err(TypedTextError::HiddenControl)
    } else if text.chars().count() > max {
        Err(TypedTextError::TooLong)
    } else {
        Ok(text)
    }
}

/// Folds text for matching: traditional → simplified, full-width → half-width, ASCII lower
/// case. Triage and search read text through this, so 關/关 and ＲＣＥＰ/rcep meet.
pub fn fold(input: &str) -> String {
    let table = t2s();
    input
        .chars()
        .map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                _ => c,
            };
            let c = c.to_ascii_lowercase();
            table.get(&c).copied().unwrap_or(c)
        })
        .collect()
}

fn t2s() -> &'static std::collections::HashMap<char, char> {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<char, char>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let pairs: std::collections::HashMap<char, char> = include_str!("../data/t2s.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(|l| {
                let chars: Vec<char> = l.chars().collect();
                chars
                    .chunks(2)
                    .filter(|p| p.len() == 2)
                    .map(|p| (p[0], p[1]))
                    .collect::<Vec<_>>()
            })
            .collect();
        // a pair whose simplified form is itself listed (薴 → 苧 → 苎) goes to the end at once,
        // so folding folded text changes nothing
        pairs
            .iter()
            .map(|(&from, &to)| {
                let mut end = to;
                while let Some(&next) = pairs.get(&end).filter(|&&n| n != end) {
                    end = next;
                }
                (from, end)
            })
            .collect()
    })
}

/// A piece of folded text: a run of CJK ideographs, or a run of ASCII letters and digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Han(Vec<char>),
    Word(String),
}

/// Splits text into CJK runs and ASCII words; everything else separates them.
pub fn segments(text: &str) -> Vec<Segment> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        if is_cjk(chars[i]) {
            while i < chars.len() && is_cjk(chars[i]) {
                i += 1;
            }
            out.push(Segment::Han(chars[start..i].to_vec()));
        } else if chars[i].is_ascii_alphanumeric() {
            while i < chars.len() && chars[i].is_ascii_alphanumeric() {
                i += 1;
            }
            out.push(Segment::Word(chars[start..i].iter().collect()));
        } else {
            i += 1;
        }
    }
    out
}

/// A CJK ideograph (the unified block and extension A), where n-grams are taken per character.
/// Whether `word` is in `text`: Chinese anywhere, a Latin word (or stem, like `reimburs`) only
/// where a word starts — `hs` is not in "months", nor `gate` in "investigate".
pub fn has_word(text: &str, word: &str) -> bool {
    if !word.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return text.contains(word);
    }
    text.match_indices(word).any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_ascii_alphanumeric())
    })
}

pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_words_match_where_a_word_starts() {
        assert!(has_word("customs detained it", "customs"));
        assert!(has_word("please reimburse us", "reimburs"));
        assert!(!has_word("six months", "hs"));
        assert!(!has_word("we investigate", "gate"));
        assert!(has_word("at the gate.", "gate"));
        assert!(has_word("货在码头", "码头"));
    }

    #[test]
    fn folding_folded_text_changes_nothing() {
        assert_eq!(fold("薴"), "苎");
        for &from in t2s().keys() {
            let once = fold(&from.to_string());
            assert_eq!(fold(&once), once, "{from}");
        }
        assert_eq!(fold("ＲＣＥＰ　關務"), "rcep 关务");
    }

    proptest::proptest! {
        #[test]
        fn fold_is_idempotent(s in "\\PC{0,40}") {
            let once = fold(&s);
            proptest::prop_assert_eq!(fold(&once), once);
        }
    }

    #[test]
    fn fnv1a_matches_the_published_vectors() {
        assert_eq!(fnv1a(FNV_OFFSET, *b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(FNV_OFFSET, *b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(FNV_OFFSET, *b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(
            fnv1a(fnv1a(FNV_OFFSET, *b"foo"), *b"bar"),
            fnv1a(FNV_OFFSET, *b"foobar")
        );
    }

    #[test]
    fn typed_texts_refuse_hidden_controls_and_length_but_keep_lines() {
        assert_eq!(
            typed_text("  第一行\r\n第二行\t完 ", 20),
            Ok("第一行\n第二行\t完".into())
        );
        assert_eq!(typed_text("", 20), Ok(String::new()));
        assert_eq!(
            typed_text("已处理\u{202E}", 20),
            Err(TypedTextError::HiddenControl)
        );
        assert_eq!(
            typed_text("a\u{0}b", 20),
            Err(TypedTextError::HiddenControl)
        );
        assert_eq!(
            typed_text("回复\u{2066}", 20),
            Err(TypedTextError::HiddenControl)
        );
        assert_eq!(
            typed_text(&"字".repeat(21), 20),
            Err(TypedTextError::TooLong)
        );
        assert_eq!(
            typed_text(&"字".repeat(20), 20).map(|t| t.chars().count()),
            Ok(20)
        );
    }

    #[test]
    fn base64url_matches_rfc4648() {
        assert_eq!(base64url(b""), "");
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
        assert_eq!(base64url(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
        for v in [
            &b""[..],
            b"f",
            b"fo",
            b"foo",
            b"foob",
            &[0xfb, 0xff, 0x00, 0x10],
        ] {
            assert_eq!(base64url_decode(&base64url(v)).as_deref(), Some(v));
        }
        assert_eq!(base64url_decode("Zg="), None);
        assert_eq!(base64url_decode("Z"), None);
        assert!(
            constant_time_eq(b"abc", b"abc")
                && !constant_time_eq(b"abc", b"abd")
                && !constant_time_eq(b"ab", b"abc")
        );
    }

    #[test]
    fn segments_split_han_runs_and_words() {
        assert_eq!(
            segments("提单COSU123，12个柜 ok"),
            vec![
                Segment::Han(vec!['提', '单']),
                Segment::Word("COSU123".into()),
                Segment::Word("12".into()),
                Segment::Han(vec!['个', '柜']),
                Segment::Word("ok".into()),
            ]
        );
    }

    #[test]
    fn folds_traditional_and_width() {
        assert_eq!(fold("報關單被退單"), "报关单被退单");
        assert_eq!(fold("ＲＣＥＰ原產地證書"), "rcep原产地证书");
        assert_eq!(fold("B/L No."), "b/l no.");
    }
}
