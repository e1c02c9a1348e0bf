//! A small naive-Bayes text classifier over character n-grams and signal tokens, trained in
//! memory from the labelled set that ships with the crate (a few hundred rows: microseconds).
//! Documents count a feature once (binarised multinomial NB), which suits short texts.

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
}

impl Default for Params {
    fn default() -> Self {
        Params {
            alpha: 0.4,
            signal_weight: 5.0,
            unit_weight: 4.0,
            unigram_weight: 1.0,
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
                    for w in run.windows(n) {
                        let weight = if n == 1 { params.unigram_weight } else { 1.0 };
                        add(w.iter().collect(), weight, &mut out);
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
    for h in hits {
        add(
            format!("s:{}", h.signal.code()),
            params.signal_weight,
            &mut out,
        );
    }
    // a unit named in several of its own words weighs more than one named in passing
    let named = super::signals::unit_words(&text);
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
