//! Part of `cargo xtask lint`: no production file over 400 lines (a file's lines before its
//! `#[cfg(test)]` module). The files over it when the check came are listed with their size then:
//! they may shrink, never grow, and leave the list once under the limit (issue 18 splits them).

use anyhow::{bail, Result};
use std::path::Path;

const LIMIT: usize = 400;

const KNOWN: &[(&str, usize)] = &[("domain/src/ledger.rs", 524), ("xtask/src/bench.rs", 514)];

const ROOTS: &[&str] = &[
    "functions/src",
    "app/src",
    "domain/src",
    "xtask/src",
    "tests/src",
];

/// Lines before the first top-level `#[cfg(test)]`.
fn production_lines(text: &str) -> usize {
    text.lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .count()
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

pub fn check(root: &Path) -> Result<()> {
    let mut all = Vec::new();
    for r in ROOTS {
        files(&root.join(r), &mut all)?;
    }
    let mut problems = Vec::new();
    for path in all {
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let n = production_lines(&std::fs::read_to_string(&path)?);
        match KNOWN.iter().find(|(p, _)| *p == rel) {
            Some((_, ceiling)) if n > *ceiling => problems.push(format!(
                "{rel}: {n} lines, more than the {ceiling} it had: split it, do not grow it"
            )),
            Some(_) if n <= LIMIT => problems.push(format!(
                "{rel}: {n} lines, under {LIMIT} now: take it off the list in xtask/src/sizes.rs"
            )),
            None if n > LIMIT => problems.push(format!(
                "{rel}: {n} lines, over {LIMIT}: split it into files that each do one job"
            )),
            _ => {}
        }
    }
    if !problems.is_empty() {
        bail!("file sizes:\n  {}", problems.join("\n  "));
    }
    println!("file sizes: every production file within {LIMIT} lines (or its recorded size)");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_lines_before_the_tests() {
        assert_eq!(production_lines("a\nb\n#[cfg(test)]\nmod tests {}\n"), 2);
        assert_eq!(production_lines("a\n    #[cfg(test)]\nb\n"), 3);
    }
}
