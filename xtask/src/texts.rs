//! The texts a phone downloads: one locale file per bundle and language, holding only the keys
//! that bundle's code can ask for. `/report` then carries the form's words, not the status page's
//! or the policy guide's.
//!
//! Which keys code can ask for is read from its source, conservatively: every quoted literal
//! shaped like a key (`"report-submit"`), every key built from a literal prefix
//! (`format!("field-{}", …)` keeps all `field-…`), and every label of a `code_enum!` list
//! (`Port, "port" {` keeps all `port-…`). All of `domain` counts for every bundle (its labels and
//! error messages are asked for from anywhere). A key missed all the same shows as the key
//! itself, and the phone app reports it on the console (`domain::i18n::on_missing`), which the
//! browser tests fail on.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;

/// What source text can ask for.
#[derive(Debug, Default)]
pub struct Asks {
    exact: BTreeSet<String>,
    prefixes: BTreeSet<String>,
}

fn key_shaped(s: &str) -> bool {
    s.contains('-')
        && !s.starts_with('-')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl Asks {
    /// Reads one source file's string literals (raw strings and `'"'` skipped whole).
    pub fn read(&mut self, src: &str) {
        let b = src.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i..].starts_with(b"'\"'") {
                i += 3;
            } else if b[i..].starts_with(b"r#\"") {
                i += src
                    .get(i..)
                    .and_then(|r| r.find("\"#"))
                    .map_or(b.len(), |e| e + 2);
            } else if b[i] == b'"' {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let lit = src.get(start..j.min(b.len())).unwrap_or_default();
                let after = src.get(j + 1..).unwrap_or_default().trim_start();
                self.literal(lit, after.starts_with('{'));
                i = j + 1;
            } else {
                i += 1;
            }
        }
    }

    fn literal(&mut self, lit: &str, opens_a_list: bool) {
        if let Some((head, _)) = lit.split_once('{') {
            if head.ends_with('-') && key_shaped(head) {
                self.prefixes.insert(head.to_string());
            }
        } else if opens_a_list && lit.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            self.prefixes.insert(format!("{lit}-"));
        } else if key_shaped(lit) {
            self.exact.insert(lit.to_string());
        }
    }

    pub fn wants(&self, key: &str) -> bool {
        self.exact.contains(key) || self.prefixes.iter().any(|p| key.starts_with(p.as_str()))
    }
}

/// The phone's copy of a locale file: without comments and the keys only the Worker uses —
/// `admin-` (it answers the administrator's forms with them), `worker-` (texts it writes) —
/// or the full privacy notice (`notice-`, a static page of its own); and, given `asks`, only
/// the keys it wants.
pub fn phone_texts(ftl: &str, asks: Option<&Asks>) -> String {
    ftl.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .filter(|l| {
            !["admin-", "worker-", "notice-"]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .filter(|l| {
            let key = l.split_once('=').map_or("", |(k, _)| k.trim());
            asks.is_none_or(|a| a.wants(key))
        })
        .flat_map(|l| [l, "\n"])
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// Whether `src` names the app's feature `name` (`name::…`, not `domain::name::…`).
fn names_feature(src: &str, name: &str) -> bool {
    src.match_indices(&format!("{name}::")).any(|(at, _)| {
        let before = &src[..at];
        let word = before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        !word && !before.ends_with("domain::")
    })
}

/// What a phone bundle asks for: `domain`, the app's shared modules, the bundle's own file and
/// the features reachable from it (a feature is reached when reached app code names `feature::`).
pub fn bundle_asks(root: &Path, bundle: &str) -> Result<Asks> {
    let app = root.join("app/src");
    let mut files = Vec::new();
    for entry in fs::read_dir(&app)? {
        let path = entry?.path();
        let shared = path.file_name().is_some_and(|n| n != "main.rs");
        if shared && path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.push(match bundle {
        "app" => app.join("main.rs"),
        other => app.join(format!("bin/{other}.rs")),
    });
    let mut reached: Vec<String> = files
        .iter()
        .map(fs::read_to_string)
        .collect::<Result<_, _>>()?;
    let mut features = Vec::new();
    rust_files(&app.join("features"), &mut features)?;
    let mut open: Vec<(String, String)> = features
        .iter()
        .filter_map(|f| {
            Some((
                f.file_stem()?.to_str()?.to_string(),
                fs::read_to_string(f).ok()?,
            ))
        })
        .collect();
    // a feature the reached app code names is reached, until nothing new is
    while let Some(at) = open
        .iter()
        .position(|(name, _)| reached.iter().any(|s| names_feature(s, name)))
    {
        reached.push(open.remove(at).1);
    }
    let mut domain = Vec::new();
    rust_files(&root.join("domain/src"), &mut domain)?;
    for file in domain {
        reached.push(fs::read_to_string(file)?);
    }
    let mut asks = Asks::default();
    for src in &reached {
        asks.read(src);
    }
    Ok(asks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_phone_texts_leave_out_comments_and_the_servers_keys() {
        let out = phone_texts(
            "a = 1\nadmin-err-x = 2\n# admin-\nworker-x = 4\nnotice-y = 5\n\nb = 3\n",
            None,
        );
        assert_eq!(out, "a = 1\nb = 3\n");
    }

    #[test]
    fn keys_are_read_from_literals_prefixes_and_code_lists() {
        let mut asks = Asks::default();
        asks.read(
            r##"t("report-submit"); t(&format!("field-{}", f)); code_enum!(Port, "port" { Q = "qianwan" });
               let q = '"'; let s = "not a key"; let raw = r#"t("hidden-key")"#; t("common-retry");"##,
        );
        for key in [
            "report-submit",
            "field-title",
            "port-qianwan",
            "common-retry",
        ] {
            assert!(asks.wants(key), "{key}");
        }
        for key in ["status-submitted", "hidden-key", "kb-title"] {
            assert!(!asks.wants(key), "{key}");
        }
    }

    #[test]
    fn a_feature_is_reached_by_its_name_not_by_the_domains_module_of_that_name() {
        assert!(names_feature(
            "use app::features::rights::RightsForm;",
            "rights"
        ));
        assert!(names_feature(
            "<crate::features::suggest::Suggestions/>",
            "suggest"
        ));
        assert!(!names_feature(
            "domain::rights::check_any_lookup(a, b)",
            "rights"
        ));
        assert!(!names_feature("copyrights::x", "rights"));
    }

    #[test]
    fn every_key_has_the_shape_the_reader_looks_for() {
        for tag in ["zh-CN", "en"] {
            let ftl =
                fs::read_to_string(harness::root().join(format!("locales/{tag}.ftl"))).unwrap();
            for line in ftl
                .lines()
                .filter(|l| !l.starts_with('#') && l.contains('='))
            {
                let key = line.split_once('=').unwrap().0.trim();
                assert!(
                    key_shaped(key),
                    "{tag}: the key {key:?} needs a prefix (`common-…`)"
                );
            }
        }
    }

    #[test]
    fn the_report_bundle_wants_its_form_and_not_the_guide() {
        let asks = bundle_asks(&harness::root(), "report").unwrap();
        for key in [
            "report-submit",
            "field-consent",
            "consent-short",
            "err-consent",
            "port-qianwan",
            "suggest-title",
        ] {
            assert!(asks.wants(key), "{key}");
        }
        for key in ["kb-search-placeholder", "lookup-intro"] {
            assert!(!asks.wants(key), "{key}");
        }
    }
}
