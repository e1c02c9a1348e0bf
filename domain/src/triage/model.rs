//! A small naive-Bayes text classifier over character n-grams and signal tokens, trained in
//! memory from the labelled set that ships with the crate (a few hundred rows: microseconds).
//! Documents count a feature once (binarised multinomial NB), which suits short texts. A
//! softmax regression over the same features is blended into the same table: Bayes is steady
//! on few examples, the regression weighs features that overlap (a consultation's 能否 next to a
//! basic question's 怎么办) against each other, and together they beat either alone on reports
//! written elsewhere (`cargo xtask eval`).

use std::collections::HashMap;

use crate::text::{fold, segments, Segment};

use super::signals::Hit;

/// A feature and how much it weighs at prediction time.
pub type Feature = (String, f32);

/// The knobs of the model, chosen by cross-validation on the training set (`cargo xtask eval --cv`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Laplace smoothing.
    pub alpha: f32,
    /// A signal token against one n-gram: a signal is a reader's judgement, an n-gram a hint.
    pub signal_weight: f32,
    /// A unit word (海关, 码头, 退税 …) for the department model.
    pub unit_weight: f32,
    pub unigram_weight: f32,
    /// The glossary's Chinese terms for a report written in Latin letters, each of their
    /// 2–3-grams against one of the report's own: English reads with the Chinese reports' evidence.
    pub gloss_weight: f32,
    /// How much the logistic-regression table adds to the naive-Bayes one (0: Bayes alone).
    /// Training only: the compiled file holds the blended table.
    pub linear_weight: f32,
    /// The regression's L2 penalty (training only).
    pub l2: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            alpha: 0.4,
            signal_weight: 5.0,
            unit_weight: 6.0,
            unigram_weight: 1.0,
            gloss_weight: 0.5,
            linear_weight: 1.0,
            l2: 1e-4,
        }
    }
}

/// Character 1–3-grams of Chinese runs, lower-case ASCII words, one token per signal and
/// one per unit word.
pub fn features(title: &str, description: &str, hits: &[Hit], params: &Params) -> Vec<Feature> {
    let text = fold(&format!("{title}\n{description}"));
    let mut out: Vec<Feature> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut add = |f: String, w: f32, out: &mut Vec<Feature>| {
        if seen.insert(f.clone()) {
            out.push((f, w));
        }
    };
    for segment in segments(&text) {
        match segment {
            Segment::Han(run) => {
                for n in 1..=3 {
                    let weight = if n == 1 { params.unigram_weight } else { 1.0 };
                    for g in grams(&run, n) {
                        add(g, weight, &mut out);
                    }
                }
            }
            // Numbers alone say little; codes (letters with digits) say "a concrete shipment".
            Segment::Word(word) if word.starts_with(|c: char| c.is_ascii_alphabetic()) => {
                if word.chars().filter(|c| c.is_ascii_digit()).count() >= 4 {
                    add("w:#code".into(), 1.0, &mut out);
                } else if word.len() >= 2 {
                    add(format!("w:{word}"), 1.0, &mut out);
                }
            }
            Segment::Word(_) => {}
        }
    }
    // the glossary's terms for the report's words, appended after its (folded) text, folded once
    let expanded = crate::glossary::expand(&text);
    let terms = fold(&expanded[text.len()..]);
    for g in gloss_grams(&text, &terms) {
        add(g, params.gloss_weight, &mut out);
    }
    for h in hits {
        add(
            format!("s:{}", h.signal.code()),
            params.signal_weight,
            &mut out,
        );
    }
    // a unit named in several of its own words weighs more than one named in passing; the
    // search glossary brings the texts' terms for English and everyday words first ("the
    // terminal billed storage" names 码头 and 堆存费), so a stranger's wording finds its unit
    let named = super::signals::unit_words(&format!("{text}{terms}"));
    for (unit, _) in &named {
        let words = named.iter().filter(|(d, _)| d == unit).count().min(3) as f32;
        add(
            format!("d:{}", unit.code()),
            params.unit_weight * words,
            &mut out,
        );
    }
    out
}

/// The n-grams of a run of Chinese characters.
fn grams(run: &[char], n: usize) -> impl Iterator<Item = String> + '_ {
    run.windows(n).map(|w| w.iter().collect())
}

/// The 2–3-grams of the Chinese terms the glossary added (`terms`, folded) to a report written in
/// Latin letters.
fn gloss_grams(text: &str, terms: &str) -> Vec<String> {
    if !mostly_latin(text) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for segment in segments(terms) {
        if let Segment::Han(run) = segment {
            for n in 2..=3 {
                out.extend(grams(&run, n));
            }
        }
    }
    out
}

/// Twice as many Latin letters as other characters: a report in English (or pinyin).
fn mostly_latin(text: &str) -> bool {
    let latin = text.chars().filter(char::is_ascii_alphabetic).count();
    latin > 2 * text.chars().filter(|c| !c.is_ascii()).count()
}

/// Reports a feature must occur in to enter the model.
pub const MIN_DOCS: f32 = 2.0;

#[derive(Debug, Clone)]
pub struct NaiveBayes {
    classes: usize,
    log_prior: Vec<f32>,
    log_lik: HashMap<String, Vec<f32>>,
}

impl NaiveBayes {
    /// `docs`: the features of each document and its class index (`< classes`).
    pub fn train(classes: usize, docs: &[(Vec<Feature>, usize)], alpha: f32) -> NaiveBayes {
        let mut count: HashMap<&str, Vec<f32>> = HashMap::new();
        let mut totals = vec![0f32; classes];
        let mut docs_per = vec![0f32; classes];
        for (features, class) in docs {
            docs_per[*class] += 1.0;
            for (f, _) in features {
                count
                    .entry(f.as_str())
                    .or_insert_with(|| vec![0.0; classes])[*class] += 1.0;
                totals[*class] += 1.0;
            }
        }
        // A feature seen in a single report is an accident of wording: keep what recurs.
        count.retain(|f, c| {
            f.starts_with("s:") || f.starts_with("d:") || c.iter().sum::<f32>() >= MIN_DOCS
        });
        let vocab = count.len() as f32;
        let n_docs: f32 = docs_per.iter().sum();
        let log_prior = docs_per
            .iter()
            .map(|d| ((d + 1.0) / (n_docs + classes as f32)).ln())
            .collect();
        let log_lik = count
            .into_iter()
            .map(|(f, c)| {
                let row = (0..classes)
                    .map(|k| ((c[k] + alpha) / (totals[k] + alpha * vocab)).ln())
                    .collect();
                (f.to_string(), row)
            })
            .collect();
        NaiveBayes {
            classes,
            log_prior,
            log_lik,
        }
    }

    pub fn log_prior(&self) -> &[f32] {
        &self.log_prior
    }

    /// Every feature with its per-class log-likelihoods.
    pub fn rows(&self) -> impl Iterator<Item = (&str, &[f32])> {
        self.log_lik.iter().map(|(f, r)| (f.as_str(), r.as_slice()))
    }
}

/// Where a classifier's numbers come from: a model trained in memory, or the compiled file.
pub trait Table: Send + Sync {
    fn classes(&self) -> usize;
    fn prior(&self) -> Vec<f32>;
    fn row(&self, feature: &str) -> Option<Vec<f32>>;
}

impl Table for NaiveBayes {
    fn classes(&self) -> usize {
        self.classes
    }
    fn prior(&self) -> Vec<f32> {
        self.log_prior.clone()
    }
    fn row(&self, feature: &str) -> Option<Vec<f32>> {
        self.log_lik.get(feature).cloned()
    }
}

/// Class probabilities, and each known feature's push towards each class (centred, so a
/// feature equally likely everywhere contributes nothing).
pub fn predict(table: &dyn Table, features: &[Feature]) -> (Vec<f32>, Vec<(String, Vec<f32>)>) {
    let classes = table.classes();
    let mut score = table.prior();
    let mut contributions = Vec::new();
    for (f, w) in features {
        if let Some(row) = table.row(f) {
            let mean = row.iter().sum::<f32>() / classes as f32;
            let centred: Vec<f32> = row.iter().map(|v| (v - mean) * w).collect();
            for k in 0..classes {
                score[k] += centred[k];
            }
            contributions.push((f.clone(), centred));
        }
    }
    // NB is over-confident on many correlated n-grams: temper by the number of features.
    let t = (contributions.len() as f32).sqrt().max(1.0);
    let max = score.iter().cloned().fold(f32::MIN, f32::max);
    let exp: Vec<f32> = score.iter().map(|s| ((s - max) / t).exp()).collect();
    let sum: f32 = exp.iter().sum();
    (exp.iter().map(|e| e / sum).collect(), contributions)
}

/// Softmax (multinomial logistic) regression over the same features, written into the same
/// table shape: the prior holds the biases, each row a feature's weights. Deterministic: a
/// fixed visiting order and AdaGrad steps, no randomness.
pub fn train_linear(classes: usize, docs: &[(Vec<Feature>, usize)], l2: f32) -> NaiveBayes {
    const EPOCHS: usize = 10;
    let mut df: HashMap<&str, f32> = HashMap::new();
    for (features, _) in docs {
        for (f, _) in features {
            *df.entry(f.as_str()).or_default() += 1.0;
        }
    }
    let mut names: Vec<&str> = df
        .iter()
        .filter(|(f, n)| f.starts_with("s:") || f.starts_with("d:") || **n >= MIN_DOCS)
        .map(|(f, _)| *f)
        .collect();
    names.sort_unstable();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, f)| (*f, i)).collect();
    let encoded: Vec<(Vec<(usize, f32)>, usize)> = docs
        .iter()
        .map(|(fs, c)| {
            let x = fs
                .iter()
                .filter_map(|(f, w)| index.get(f.as_str()).map(|i| (*i, *w)))
                .collect();
            (x, *c)
        })
        .collect();
    let mut w = vec![0f32; names.len() * classes];
    let mut g2 = vec![1e-6f32; names.len() * classes];
    let mut b = vec![0f32; classes];
    let mut gb = vec![1e-6f32; classes];
    let rate = 0.5f32;
    let n = encoded.len().max(1);
    // a fixed stride through the documents, co-prime with their count, for a mixed order
    let stride = (1..n)
        .rev()
        .find(|s| gcd(*s, n) == 1 && *s < n / 2 + 1)
        .unwrap_or(1);
    for epoch in 0..EPOCHS {
        for step in 0..n {
            let (x, y) = &encoded[(step * stride + epoch) % n];
            let mut score = b.clone();
            for (i, v) in x {
                for k in 0..classes {
                    score[k] += w[i * classes + k] * v;
                }
            }
            let max = score.iter().cloned().fold(f32::MIN, f32::max);
            let exp: Vec<f32> = score.iter().map(|s| (s - max).exp()).collect();
            let sum: f32 = exp.iter().sum();
            for k in 0..classes {
                let err = exp[k] / sum - if k == *y { 1.0 } else { 0.0 };
                gb[k] += err * err;
                b[k] -= rate * err / gb[k].sqrt();
                for (i, v) in x {
                    let j = i * classes + k;
                    let g = err * v + l2 * w[j];
                    g2[j] += g * g;
                    w[j] -= rate * g / g2[j].sqrt();
                }
            }
        }
    }
    NaiveBayes {
        classes,
        log_prior: b,
        log_lik: names
            .iter()
            .enumerate()
            .map(|(i, f)| (f.to_string(), w[i * classes..(i + 1) * classes].to_vec()))
            .collect(),
    }
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Two tables as one: each score is the first's plus `weight` times the second's.
pub fn blend(a: &NaiveBayes, b: &NaiveBayes, weight: f32) -> NaiveBayes {
    let mut log_lik = a.log_lik.clone();
    for (f, row) in &b.log_lik {
        let mean = row.iter().sum::<f32>() / row.len() as f32;
        let out = log_lik
            .entry(f.clone())
            .or_insert_with(|| vec![0.0; a.classes]);
        for (o, v) in out.iter_mut().zip(row) {
            *o += weight * (v - mean);
        }
    }
    NaiveBayes {
        classes: a.classes,
        log_prior: a
            .log_prior
            .iter()
            .zip(&b.log_prior)
            .map(|(x, y)| x + weight * y)
            .collect(),
        log_lik,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(features: &[Feature], f: &str) -> Option<f32> {
        features.iter().find(|(g, _)| g == f).map(|(_, w)| *w)
    }

    #[test]
    fn english_reports_read_the_glossarys_chinese_terms() {
        let p = Params::default();
        let en = features(
            "Demurrage",
            "The shipping line billed demurrage for our box.",
            &[],
            &p,
        );
        // 滞期费 (the glossary's term for demurrage): its 2- and 3-grams, at the gloss weight
        assert_eq!(has(&en, "滞期费"), Some(p.gloss_weight));
        assert_eq!(has(&en, "滞期"), Some(p.gloss_weight));
        assert!(has(&en, "w:demurrage").is_some());
        // a Chinese report keeps its own words only: the glossary adds nothing to its n-grams
        let zh = features("乱收费", "码头乱收费怎么办", &[], &p);
        assert_eq!(has(&zh, "违规收费"), None);
        assert_eq!(has(&zh, "乱收费"), Some(1.0));
    }
}
