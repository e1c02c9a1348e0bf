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
