//! The search glossary (`data/glossary.tsv`): an English query finds the Chinese entry, and a
//! clerk's everyday words (乱收费, 推船的小船) find the terms the texts use (违规收费, 拖轮).
//! Applied to the query: its matching words bring their equivalents along.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::text::fold;

/// The first list, and the second drawn line by line from the seed documents' own terms.
const GLOSSARY: &str = concat!(
    include_str!("../data/glossary.tsv"),
    "\n",
    include_str!("../data/glossary_seeds.tsv")
);

struct Entry {
    /// Folded alternatives; Latin ones match as whole words, others as substrings.
    words: Vec<String>,
    adds: Vec<String>,
}

fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| parse(GLOSSARY))
}

fn parse(tsv: &str) -> Vec<Entry> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(left, right)| Entry {
            words: left
                .split('|')
                .map(|w| fold(w.trim()))
                .filter(|w| !w.is_empty())
                .collect(),
            adds: right
                .split(',')
                .map(|w| fold(w.trim()))
                .filter(|w| !w.is_empty())
                .collect(),
        })
        .collect()
}

fn latin_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
}

fn latin(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii())
}

/// Whether `word` stands in `text` as a word of its own (Latin) or anywhere (Chinese).
fn occurs(text: &str, word: &str) -> bool {
    if !latin(word) {
        return text.contains(word);
    }
    let edge = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
    text.match_indices(word).any(|(i, _)| {
        edge(text[..i].chars().next_back()) && edge(text[i + word.len()..].chars().next())
    })
}

/// The query with the equivalents of its glossary words appended (unchanged when none match).
pub fn expand(query: &str) -> String {
    let folded = fold(query);
    // a Latin alternative is looked for only when its first word is among the text's words:
    // a report of two thousand characters against some seven hundred lines stays cheap
    let words: HashSet<&str> = latin_words(&folded).collect();
    let present = |w: &str| match latin(w).then(|| latin_words(w).next()).flatten() {
        Some(first) => words.contains(first) && occurs(&folded, w),
        None => occurs(&folded, w),
    };
    let mut out = query.to_string();
    for e in entries() {
        if e.words.iter().any(|w| present(w)) {
            for a in &e.adds {
                if !folded.contains(a.as_str()) && !out.contains(a.as_str()) {
                    out.push(' ');
                    out.push_str(a);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_everyday_words_bring_the_texts_terms() {
        assert!(expand("two-step declaration").contains("两步申报"));
        assert!(expand("Demurrage refund?").contains("滞期费"));
        assert!(expand("tug boat booking for pilotage").contains("引航"));
        assert!(expand("码头乱收费怎么办").contains("违规收费"));
        assert!(expand("推船的小船怎么收费").contains("拖轮"));
        // whole words only: "co" is not in "cold", "bl" is not in "table"
        assert!(!expand("cold table").contains("原产地证书"));
        assert!(!expand("cold table").contains("提单"));
        assert_eq!(expand("船边直提"), "船边直提", "nothing to add");
        // the seeds' own terms: a phrase, an abbreviation with a slash, a voice-input slip
        let q = expand("Our B/L was released but the export rebate is still pending");
        assert!(q.contains("提单") && q.contains("出口退税"), "{q}");
        assert!(expand("how to apply for an advance ruling").contains("预裁定"));
        assert!(expand("腿税什么时候到账").contains("退税"));
    }

    /// On the independent set's dev part (the test part is read only by `cargo xtask eval`).
    #[test]
    fn english_queries_find_the_chinese_entries() {
        let docs =
            crate::knowledge::parse_jsonl(include_str!("../data/independent/knowledge.jsonl"))
                .into_iter()
                .filter_map(|(_, r)| r.ok().map(|e| e.to_doc()))
                .collect();
        let index = crate::search::Index::build(docs);
        let judged =
            crate::search::parse_judged(include_str!("../data/independent/search_dev.tsv"));
        let scores = crate::search::evaluate(&index, &judged);
        let english = scores
            .iter()
            .find(|s| s.style == "english")
            .expect("english queries");
        assert!(
            english.recall_at_3 >= 0.9,
            "english recall@3 {}",
            english.recall_at_3
        );
        let overall = scores
            .iter()
            .find(|s| s.style == "overall")
            .expect("overall");
        assert!(
            overall.recall_at_3 >= 0.9,
            "overall recall@3 {}",
            overall.recall_at_3
        );
    }

    #[test]
    fn every_line_of_the_glossary_reads() {
        let lines = GLOSSARY
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        let parsed = parse(GLOSSARY);
        assert_eq!(parsed.len(), lines, "a line without its tab");
        assert!(parsed
            .iter()
            .all(|e| !e.words.is_empty() && !e.adds.is_empty()));
    }
}
