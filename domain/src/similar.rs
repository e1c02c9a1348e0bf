//! How alike two reports read: cosine similarity of character bigrams over folded text, so
//! 櫃/柜 and full-width letters meet. Used to suggest batches of the same problem.

use std::collections::HashMap;

use crate::text::{fold, segments, Segment};

/// Character bigrams of the CJK runs and lower-case ASCII words of a text, with counts.
pub fn profile(text: &str) -> HashMap<String, f32> {
    let mut out: HashMap<String, f32> = HashMap::new();
    for segment in segments(&fold(text)) {
        match segment {
            Segment::Han(run) => {
                for w in run.windows(2) {
                    *out.entry(w.iter().collect()).or_default() += 1.0;
                }
            }
            Segment::Word(word) if word.len() >= 2 && !word.chars().all(|c| c.is_ascii_digit()) => {
                *out.entry(word).or_default() += 1.0;
            }
            Segment::Word(_) => {}
        }
    }
    out
}

/// Similar enough to offer as a batch candidate (staff look and decide).
pub const CANDIDATE: f32 = 0.2;
/// Alike enough to count as the same problem without a person looking (counts, clusters).
pub const SAME_PROBLEM: f32 = 0.35;

pub fn cosine(a: &HashMap<String, f32>, b: &HashMap<String, f32>) -> f32 {
    let dot: f32 = a.iter().filter_map(|(k, v)| b.get(k).map(|w| v * w)).sum();
    let norm = |m: &HashMap<String, f32>| m.values().map(|v| v * v).sum::<f32>().sqrt();
    let n = norm(a) * norm(b);
    if n == 0.0 {
        0.0
    } else {
        dot / n
    }
}

pub fn similarity(a: &str, b: &str) -> f32 {
    cosine(&profile(a), &profile(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_problem_in_other_words_is_closer_than_another_problem() {
        let a = "船边直提已批准，柜子还是被拖进了堆场，产生堆存费";
        let b = "船邊直提批了但櫃子進了堆場，多收堆存費";
        let c = "出口退税迟迟没有到账，资金紧张";
        assert!(similarity(a, b) > 0.3, "{}", similarity(a, b));
        assert!(similarity(a, b) > 2.0 * similarity(a, c));
        assert!((similarity(a, a) - 1.0).abs() < 1e-5);
        assert_eq!(similarity("", a), 0.0);
    }
}
