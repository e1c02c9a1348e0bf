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
        include_str!("../data/t2s.txt")
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
            .collect()
    })
}

/// A CJK ideograph (the unified block and extension A), where n-grams are taken per character.
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_traditional_and_width() {
        assert_eq!(fold("報關單被退單"), "报关单被退单");
        assert_eq!(fold("ＲＣＥＰ原產地證書"), "rcep原产地证书");
        assert_eq!(fold("B/L No."), "b/l no.");
    }
}
