//! Chinese search without a search engine: an inverted index over character unigrams and
//! bigrams (Chinese has no spaces and most queries are 1–4 characters) plus Latin word tokens
//! (English, HS codes, abbreviations), ranked with BM25. Text is folded first, so traditional
//! and simplified characters, and full-width letters, meet. A query of three or more characters
//! with one wrong character still matches through its other bigrams and its unigrams.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use crate::text::{fold, segments, Segment};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Policy,
    Faq,
    Fee,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "policy" => Some(Kind::Policy),
            "faq" => Some(Kind::Faq),
            "fee" => Some(Kind::Fee),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Kind::Policy => "policy",
            Kind::Faq => "faq",
            Kind::Fee => "fee",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Doc {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A piece of a snippet; `hit` marks the words that matched (the page highlights them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    pub text: String,
    pub hit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub score: f32,
    pub snippet: Vec<Piece>,
}

/// Weights of where a term occurs, and of each kind of term in a query.
const TITLE: f32 = 3.0;
const TAG: f32 = 2.0;
const BIGRAM: f32 = 1.0;
const UNIGRAM: f32 = 0.25;
const WORD: f32 = 1.2;
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Terms of a text with their kind weight: `1:关`, `2:关税`, `w:rcep`.
fn terms(text: &str) -> Vec<(String, f32)> {
    let mut out = Vec::new();
    for seg in segments(&fold(text)) {
        match seg {
            Segment::Han(run) => {
                for c in &run {
                    out.push((format!("1:{c}"), UNIGRAM));
                }
                for w in run.windows(2) {
                    out.push((format!("2:{}{}", w[0], w[1]), BIGRAM));
                }
            }
            Segment::Word(w) => out.push((format!("w:{w}"), WORD)),
        }
    }
    out
}

#[derive(Debug, Clone, Default)]
pub struct Index {
    docs: Vec<Doc>,
    /// term → (doc, weighted term frequency)
    postings: HashMap<String, Vec<(u32, f32)>>,
    lengths: Vec<f32>,
    average: f32,
}

impl Index {
    pub fn build(docs: Vec<Doc>) -> Index {
        let mut postings: HashMap<String, Vec<(u32, f32)>> = HashMap::new();
        let mut lengths = Vec::with_capacity(docs.len());
        for (i, d) in docs.iter().enumerate() {
            let mut tf: HashMap<String, f32> = HashMap::new();
            let mut len = 0.0;
            for (field, weight) in [(d.title.as_str(), TITLE), (d.body.as_str(), 1.0)]
                .into_iter()
                .chain(d.tags.iter().map(|t| (t.as_str(), TAG)))
            {
                for (term, _) in terms(field) {
                    *tf.entry(term).or_default() += weight;
                    len += 1.0;
                }
            }
            for (term, f) in tf {
                postings.entry(term).or_default().push((i as u32, f));
            }
            lengths.push(len);
        }
        let average = if lengths.is_empty() {
            1.0
        } else {
            lengths.iter().sum::<f32>() / lengths.len() as f32
        };
        Index {
            docs,
            postings,
            lengths,
            average: average.max(1.0),
        }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    pub fn search(&self, query: &str, kind: Option<Kind>, limit: usize) -> Vec<Hit> {
        let mut q: HashMap<String, f32> = HashMap::new();
        // English and everyday words also look for the terms the texts use
        for (term, w) in terms(&crate::glossary::expand(query)) {
            let e = q.entry(term).or_default();
            *e = e.max(w);
        }
        if q.is_empty() {
            return Vec::new();
        }
        let n = self.docs.len() as f32;
        let mut scores: HashMap<u32, f32> = HashMap::new();
        for (term, qw) in &q {
            let Some(list) = self.postings.get(term) else {
                continue;
            };
            let df = list.len() as f32;
            let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
            for &(doc, tf) in list {
                let norm = K1 * (1.0 - B + B * self.lengths[doc as usize] / self.average);
                *scores.entry(doc).or_default() += qw * idf * tf * (K1 + 1.0) / (tf + norm);
            }
        }
        // A document must share at least one bigram or word with a query that has any:
        // single shared characters alone are noise.
        let strong: Vec<&String> = q.keys().filter(|t| !t.starts_with("1:")).collect();
        let mut hits: Vec<(u32, f32)> = scores
            .into_iter()
            .filter(|(d, _)| kind.is_none_or(|k| self.docs[*d as usize].kind == k))
            .filter(|(d, _)| {
                strong.is_empty()
                    || strong.iter().any(|t| {
                        self.postings
                            .get(*t)
                            .is_some_and(|l| l.iter().any(|(x, _)| x == d))
                    })
            })
            .collect();
        hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        hits.into_iter()
            .take(limit)
            .map(|(d, score)| {
                let doc = &self.docs[d as usize];
                Hit {
                    id: doc.id.clone(),
                    kind: doc.kind,
                    title: doc.title.clone(),
                    score: (score * 1000.0).round() / 1000.0,
                    snippet: snippet(&doc.body, query, 36),
                }
            })
            .collect()
    }
}

/// A judged query of the relevance set: any of `relevant` in the top results counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    pub style: String,
    pub query: String,
    pub relevant: Vec<String>,
}

/// `style \t query \t id,id,…` lines, `#` comments.
pub fn parse_judged(tsv: &str) -> Vec<Judged> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (style, query, ids) = (f.next()?, f.next()?, f.next()?);
            let relevant: Vec<String> = ids
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            (!relevant.is_empty()).then(|| Judged {
                style: style.into(),
                query: query.into(),
                relevant,
            })
        })
        .collect()
}

/// Recall@3 (a relevant entry among the first three) and mean reciprocal rank, per style and overall.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quality {
    pub style: String,
    pub queries: usize,
    pub recall_at_3: f32,
    pub mrr: f32,
}

pub fn evaluate(index: &Index, judged: &[Judged]) -> Vec<Quality> {
    let mut styles: Vec<String> = judged.iter().map(|j| j.style.clone()).collect();
    styles.dedup();
    styles.sort();
    styles.dedup();
    styles.push("overall".into());
    styles
        .into_iter()
        .map(|style| {
            let set: Vec<&Judged> = judged
                .iter()
                .filter(|j| style == "overall" || j.style == style)
                .collect();
            let (mut hits, mut rr) = (0.0f32, 0.0f32);
            for j in &set {
                let results = index.search(&j.query, None, 10);
                if let Some(rank) = results.iter().position(|h| j.relevant.contains(&h.id)) {
                    rr += 1.0 / (rank as f32 + 1.0);
                    if rank < 3 {
                        hits += 1.0;
                    }
                }
            }
            let n = set.len().max(1) as f32;
            Quality {
                style,
                queries: set.len(),
                recall_at_3: hits / n,
                mrr: rr / n,
            }
        })
        .collect()
}

/// Where a snippet around `first` starts and ends: at the start of its sentence when that is
/// near enough, else a third of `width` before it; at the end of a sentence when one closes soon
/// after `width`, so a snippet reads as whole words, not a cut mid-phrase.
fn sentence_window(chars: &[char], first: usize, width: usize) -> (usize, usize) {
    let stop = |c: &char| matches!(c, '。' | '！' | '？' | '；' | '\n' | '!' | '?' | ';');
    let sentence = chars[..first]
        .iter()
        .rposition(stop)
        .map(|i| i + 1)
        .unwrap_or(0);
    let start = if first - sentence <= width * 2 / 3 {
        sentence
    } else {
        first.saturating_sub(width / 3)
    };
    let end = (start + width).min(chars.len());
    let closes = chars[end..]
        .iter()
        .take(width / 2)
        .position(stop)
        .map(|i| end + i + 1);
    (start, closes.unwrap_or(end))
}

/// About `width` characters of `body` around the first place the query's words occur, with the
/// matching characters marked.
pub fn snippet(body: &str, query: &str, width: usize) -> Vec<Piece> {
    let chars: Vec<char> = body.chars().collect();
    let folded: Vec<char> = fold(body).chars().collect();
    let q: Vec<char> = fold(query).chars().filter(|c| !c.is_whitespace()).collect();
    // mark every position covered by a query bigram (or a query character, for one-character queries)
    let mut hit = vec![false; folded.len()];
    let n = if q.len() >= 2 { 2 } else { 1 };
    for w in q.windows(n) {
        for i in 0..folded.len().saturating_sub(n - 1) {
            if folded[i..i + n] == *w {
                hit[i..i + n].iter_mut().for_each(|h| *h = true);
            }
        }
    }
    let first = hit.iter().position(|h| *h).unwrap_or(0);
    let (start, end) = sentence_window(&chars, first, width);
    let mut out: Vec<Piece> = Vec::new();
    if start > 0 {
        out.push(Piece {
            text: "…".into(),
            hit: false,
        });
    }
    for i in start..end {
        match out.last_mut() {
            Some(p) if p.hit == hit[i] && p.text != "…" => p.text.push(chars[i]),
            _ => out.push(Piece {
                text: chars[i].to_string(),
                hit: hit[i],
            }),
        }
    }
    if end < chars.len() {
        out.push(Piece {
            text: "…".into(),
            hit: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, kind: Kind, title: &str, body: &str) -> Doc {
        Doc {
            id: id.into(),
            kind,
            title: title.into(),
            body: body.into(),
            tags: vec![],
        }
    }

    fn index() -> Index {
        Index::build(vec![
            doc(
                "p1",
                Kind::Policy,
                "关于推进两步申报改革的公告",
                "企业可先进行概要申报，货物提离后再完成完整申报。",
            ),
            doc(
                "p2",
                Kind::Policy,
                "RCEP原产地规则解读",
                "区域累积规则允许使用成员国原产材料。HS 8471 适用。",
            ),
            doc(
                "q1",
                Kind::Faq,
                "查验没问题，吊装移位费谁出？",
                "对查验没有问题的外贸企业，免除吊装、移位、仓储费用。",
            ),
            doc(
                "f1",
                Kind::Fee,
                "集装箱堆存费",
                "前湾港区 重箱堆存 每箱每天 元",
            ),
            doc(
                "q2",
                Kind::Faq,
                "關稅怎麼繳納",
                "可以通過單一窗口線上繳納關稅。",
            ),
        ])
    }

    #[test]
    fn two_character_terms_are_found() {
        let hits = index().search("申报", None, 3);
        assert_eq!(hits[0].id, "p1");
        let hits = index().search("查验", None, 3);
        assert_eq!(hits[0].id, "q1");
    }

    #[test]
    fn traditional_and_simplified_meet_both_ways() {
        assert_eq!(
            index().search("兩步申報", None, 3)[0].id,
            "p1",
            "traditional query, simplified text"
        );
        assert_eq!(
            index().search("关税缴纳", None, 3)[0].id,
            "q2",
            "simplified query, traditional text"
        );
    }

    #[test]
    fn english_codes_and_one_wrong_character() {
        assert_eq!(index().search("rcep", None, 3)[0].id, "p2");
        assert_eq!(index().search("HS 8471", None, 3)[0].id, "p2");
        assert_eq!(
            index().search("两步申包", None, 3)[0].id,
            "p1",
            "one wrong character of four"
        );
        assert_eq!(index().search("吊装移为费", None, 3)[0].id, "q1");
    }

    #[test]
    fn kinds_filter_and_noise_is_dropped() {
        assert!(index().search("堆存", Some(Kind::Policy), 5).is_empty());
        assert_eq!(index().search("堆存", Some(Kind::Fee), 5)[0].id, "f1");
        assert!(index().search("  ", None, 5).is_empty());
        assert!(
            index().search("天气预报", None, 5).is_empty(),
            "no shared bigram, no result"
        );
    }

    #[test]
    fn the_relevance_set_is_met_on_the_demo_content() {
        let docs = crate::knowledge::parse_jsonl(include_str!("../../data/knowledge/demo.jsonl"))
            .into_iter()
            .map(|(_, r)| r.unwrap().to_doc())
            .collect();
        let judged = parse_judged(include_str!("../data/search_relevance.tsv"));
        assert!(judged.len() >= 100, "{} judged queries", judged.len());
        let q = evaluate(&Index::build(docs), &judged);
        let overall = q.iter().find(|x| x.style == "overall").unwrap();
        assert!(overall.recall_at_3 >= 0.9, "{q:?}");
    }

    proptest::proptest! {
        #[test]
        fn any_query_is_safe(q in "\\PC{0,30}", limit in 0usize..10) {
            let hits = index().search(&q, None, limit);
            proptest::prop_assert!(hits.len() <= limit);
            for h in hits {
                proptest::prop_assert!(h.score.is_finite() && h.score > 0.0);
            }
        }

        #[test]
        fn a_title_finds_its_own_document(i in 0usize..5) {
            let idx = index();
            let title = idx.docs[i].title.clone();
            let hits = idx.search(&title, None, 1);
            proptest::prop_assert_eq!(&hits[0].id, &idx.docs[i].id);
        }
    }

    #[test]
    fn snippets_mark_the_matching_words() {
        let hit = &index().search("概要申报", None, 1)[0];
        let marked: String = hit
            .snippet
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.as_str())
            .collect();
        assert!(marked.contains("概要申报"), "{:?}", hit.snippet);
        let s = snippet("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥", "午未", 6);
        assert!(s.first().unwrap().text == "…" && s.last().unwrap().text == "…");
        assert!(s.iter().any(|p| p.hit && p.text == "午未"));
        // with punctuation, the snippet is the sentence that holds the words
        let body = "第一句讲别的事情。企业可以申请船边直提，海关在卸船后放行。后面还有一句很长的话用来凑满长度的内容";
        let s: String = snippet(body, "船边直提", 20)
            .iter()
            .map(|p| p.text.as_str())
            .collect();
        assert!(s.starts_with("…企业可以申请"), "{s}");
        assert!(s.ends_with("放行。…"), "{s}");
    }
}
