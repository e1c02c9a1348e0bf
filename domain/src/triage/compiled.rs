//! The trained model as a file (`data/triage_model.bin`, written by `cargo xtask train`), read
//! in place: no parsing, no allocation at start-up, so a fresh Worker isolate answers at once.
//!
//! Layout, little-endian: `ZTC3`, n features, n category classes, n department classes (u32);
//! the five `Params` read when grading and the rows' scale (f32); both priors (f32); n+1 string offsets (u32);
//! n rows of category-then-department log-likelihoods, each `round(value × scale)` as i16
//! (`i16::MIN` where a model lacks the feature) — half the bytes of f32, and a step of about
//! a thousandth, far below what moves a prediction; the feature strings, sorted, concatenated.

use super::model::{NaiveBayes, Params, Table};

const MAGIC: &[u8; 4] = b"ZTC3";
/// Where a model lacks the feature.
const MISSING: i16 = i16::MIN;

pub fn write(category: &NaiveBayes, department: &NaiveBayes, params: &Params) -> Vec<u8> {
    let (nc, nd) = (category.log_prior().len(), department.log_prior().len());
    let mut features: std::collections::BTreeMap<&str, Vec<f32>> =
        std::collections::BTreeMap::new();
    for (f, row) in category.rows() {
        features.entry(f).or_insert_with(|| vec![f32::NAN; nc + nd])[..nc].copy_from_slice(row);
    }
    for (f, row) in department.rows() {
        features.entry(f).or_insert_with(|| vec![f32::NAN; nc + nd])[nc..].copy_from_slice(row);
    }
    let largest = features
        .values()
        .flatten()
        .filter(|v| !v.is_nan())
        .fold(1.0f32, |m, v| m.max(v.abs()));
    let scale = f32::from(i16::MAX) / largest;
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    for n in [features.len(), nc, nd] {
        out.extend_from_slice(&(n as u32).to_le_bytes());
    }
    for v in [
        params.alpha,
        params.signal_weight,
        params.unit_weight,
        params.unigram_weight,
        params.gloss_weight,
        scale,
    ]
    .iter()
    .chain(category.log_prior())
    .chain(department.log_prior())
    {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let mut offset = 0u32;
    out.extend_from_slice(&offset.to_le_bytes());
    for f in features.keys() {
        offset += f.len() as u32;
        out.extend_from_slice(&offset.to_le_bytes());
    }
    for row in features.values() {
        for v in row {
            let q = if v.is_nan() {
                MISSING
            } else {
                (v * scale).round() as i16
            };
            out.extend_from_slice(&q.to_le_bytes());
        }
    }
    for f in features.keys() {
        out.extend_from_slice(f.as_bytes());
    }
    out
}

#[derive(Debug, Clone, Copy)]
pub struct Compiled {
    bytes: &'static [u8],
    n: usize,
    nc: usize,
    nd: usize,
    offsets: usize,
    rows: usize,
    blob: usize,
    /// The rows' fixed-point scale, read once.
    scale: f32,
}

/// The five `Params`, then the rows' scale, before the priors.
const PARAMS: usize = 6;
const SCALE: usize = 5;

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn f32_at(b: &[u8], at: usize) -> f32 {
    f32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

impl Compiled {
    pub fn parse(bytes: &'static [u8]) -> Result<Compiled, String> {
        if bytes.len() < 16 || &bytes[..4] != MAGIC {
            return Err("not a triage model (run `cargo xtask train`)".into());
        }
        let (n, nc, nd) = (
            u32_at(bytes, 4) as usize,
            u32_at(bytes, 8) as usize,
            u32_at(bytes, 12) as usize,
        );
        let offsets = 16 + 4 * (PARAMS + nc + nd);
        let rows = offsets + 4 * (n + 1);
        let blob = rows + 2 * n * (nc + nd);
        if bytes.len() < blob || bytes.len() != blob + u32_at(bytes, rows - 4) as usize {
            return Err("triage model is truncated".into());
        }
        Ok(Compiled {
            scale: f32_at(bytes, 16 + 4 * SCALE),
            bytes,
            n,
            nc,
            nd,
            offsets,
            rows,
            blob,
        })
    }

    pub fn params(&self) -> Params {
        let p = |i: usize| f32_at(self.bytes, 16 + 4 * i);
        Params {
            alpha: p(0),
            signal_weight: p(1),
            unit_weight: p(2),
            unigram_weight: p(3),
            gloss_weight: p(4),
            ..Params::default()
        }
    }

    fn feature(&self, i: usize) -> &'static [u8] {
        let a = u32_at(self.bytes, self.offsets + 4 * i) as usize;
        let b = u32_at(self.bytes, self.offsets + 4 * (i + 1)) as usize;
        &self.bytes[self.blob + a..self.blob + b]
    }

    fn find(&self, feature: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.feature(mid).cmp(feature.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    pub fn category(self) -> CompiledTable {
        CompiledTable {
            model: self,
            start: 0,
            classes: self.nc,
        }
    }

    pub fn department(self) -> CompiledTable {
        CompiledTable {
            model: self,
            start: self.nc,
            classes: self.nd,
        }
    }
}

/// One of the two classifiers in the file.
#[derive(Debug, Clone, Copy)]
pub struct CompiledTable {
    model: Compiled,
    start: usize,
    classes: usize,
}

impl Table for CompiledTable {
    fn classes(&self) -> usize {
        self.classes
    }

    fn prior(&self) -> Vec<f32> {
        (0..self.classes)
            .map(|k| f32_at(self.model.bytes, 16 + 4 * (PARAMS + self.start + k)))
            .collect()
    }

    fn row(&self, feature: &str) -> Option<Vec<f32>> {
        let i = self.model.find(feature)?;
        let width = self.model.nc + self.model.nd;
        let at = self.model.rows + 2 * (i * width + self.start);
        let b = self.model.bytes;
        let q = |k: usize| i16::from_le_bytes([b[at + 2 * k], b[at + 2 * k + 1]]);
        if q(0) == MISSING {
            return None;
        }
        Some(
            (0..self.classes)
                .map(|k| f32::from(q(k)) / self.model.scale)
                .collect(),
        )
    }
}
