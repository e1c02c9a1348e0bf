//! Part of `cargo xtask lint`: no import circle between the files of a crate of `functions/` or
//! `app/`. A file depends on another when it names a path into it (`use crate::cases::store::…`,
//! `super::db::…`, `crate::http::json(…)`, or a child module by name); the check finds the
//! strongly connected groups of that graph and fails on any of more than one file.

use anyhow::{bail, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each crate: its source folder and its root file (binaries under `app/src/bin/` are their own).
const CRATES: &[(&str, &str)] = &[
    ("functions/src", "lib.rs"),
    ("app/src", "lib.rs"),
    ("app/src/bin/console", "main.rs"),
];

type Module = Vec<String>;

/// The module path of each file of a crate (`cases/store.rs` → `cases::store`).
fn modules(dir: &Path, root_file: &str) -> Result<BTreeMap<Module, String>> {
    let mut out = BTreeMap::new();
    walk(dir, dir, root_file, &mut out)?;
    Ok(out)
}

fn walk(
    base: &Path,
    dir: &Path,
    root_file: &str,
    out: &mut BTreeMap<Module, String>,
) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let rel = path
            .strip_prefix(base)?
            .to_string_lossy()
            .replace('\\', "/");
        if path.is_dir() {
            // a binary's own folder is a crate of its own
            if rel != "bin" {
                walk(base, &path, root_file, out)?;
            }
            continue;
        }
        let Some(stem) = rel.strip_suffix(".rs") else {
            continue;
        };
        if base == dir && (rel == "main.rs" || rel == "lib.rs") && rel != root_file {
            continue;
        }
        let mut module: Module = stem.split('/').map(String::from).collect();
        if matches!(module.last().map(String::as_str), Some("mod")) || rel == root_file {
            module.pop();
        }
        out.insert(module, std::fs::read_to_string(&path)?);
    }
    Ok(())
}

/// Production text without comments and without the test module.
fn code(text: &str) -> String {
    text.lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(path: &str) -> Vec<String> {
    let path = path.trim();
    let Some(open) = path.find('{') else {
        return vec![path.to_string()];
    };
    let (head, rest) = path.split_at(open);
    let inner = &rest[1..rest.rfind('}').unwrap_or(rest.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(|p| expand(&format!("{head}{}", p.trim())))
        .collect()
}

/// Every path the file names that may lead into the crate: `use` trees, and `crate::`/`super::`
/// paths written inline.
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for stmt in code.split(';') {
        let s = stmt.trim_start();
        let s = s.strip_prefix("pub ").unwrap_or(s);
        let s = s.strip_prefix("pub(crate) ").unwrap_or(s);
        if let Some(tree) = s.strip_prefix("use ") {
            out.extend(expand(tree).into_iter().map(|p| segments(&p)));
        }
    }
    let bytes = code.as_bytes();
    for start in ["crate::", "super::", "self::"] {
        for (i, _) in code.match_indices(start) {
            let before = i.checked_sub(1).map(|j| bytes[j] as char);
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let end = code[i..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .map_or(code.len(), |e| i + e);
            out.push(segments(&code[i..end]));
        }
    }
    out
}

fn segments(path: &str) -> Vec<String> {
    path.split(" as ")
        .next()
        .unwrap_or_default()
        .split("::")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The file a path from `from` lands in: the longest module prefix that is a file of the crate.
fn target(from: &Module, path: &[String], files: &BTreeMap<Module, String>) -> Option<Module> {
    let mut base: Module = match path.first().map(String::as_str) {
        Some("crate") => Vec::new(),
        Some("self") => from.clone(),
        Some("super") => {
            let mut m = from.clone();
            m.pop();
            m
        }
        Some(first) => {
            let mut child = from.clone();
            child.push(first.to_string());
            // a child module named without `self::`
            if !files.contains_key(&child) {
                return None;
            }
            from.clone()
        }
        None => return None,
    };
    let mut rest = match path.first().map(String::as_str) {
        Some("crate" | "self" | "super") => &path[1..],
        _ => path,
    };
    while rest.first().is_some_and(|s| s == "super") {
        base.pop();
        rest = &rest[1..];
    }
    let mut best = None;
    let mut m = base;
    if files.contains_key(&m) {
        best = Some(m.clone());
    }
    for s in rest {
        m.push(s.clone());
        if files.contains_key(&m) {
            best = Some(m.clone());
        } else {
            break;
        }
    }
    best
}

/// The groups of files that import each other, each sorted, largest first.
fn circles(files: &BTreeMap<Module, String>) -> Vec<Vec<Module>> {
    let names: Vec<&Module> = files.keys().collect();
    let index: BTreeMap<&Module, usize> = names.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let mut edges = vec![BTreeSet::new(); names.len()];
    for (i, m) in names.iter().enumerate() {
        for p in paths(&code(&files[*m])) {
            if let Some(t) = target(m, &p, files) {
                // a module's own children are declared, not imported
                let child_of = t.len() > m.len() && t.starts_with(m);
                if t != **m && !child_of {
                    edges[i].insert(index[&t]);
                }
            }
        }
    }
    strongly_connected(&edges)
        .into_iter()
        .filter(|g| g.len() > 1)
        .map(|g| g.into_iter().map(|i| names[i].clone()).collect())
        .collect()
}

/// Tarjan's algorithm over `edges`.
fn strongly_connected(edges: &[BTreeSet<usize>]) -> Vec<Vec<usize>> {
    struct State<'a> {
        edges: &'a [BTreeSet<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(s: &mut State, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on[v] = true;
        for &w in s.edges[v].iter() {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(i) if s.on[w] => s.low[v] = s.low[v].min(i),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on[w] = false;
                group.push(w);
                if w == v {
                    break;
                }
            }
            group.sort();
            s.out.push(group);
        }
    }
    let n = edges.len();
    let mut s = State {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on: vec![false; n],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.out
}

fn name(dir: &str, m: &Module) -> String {
    if m.is_empty() {
        format!("{dir} (root)")
    } else {
        format!("{dir}/{}", m.join("/"))
    }
}

pub fn check(root: &Path) -> Result<()> {
    let mut problems = Vec::new();
    for (dir, root_file) in CRATES {
        let files = modules(&root.join(dir), root_file)?;
        for group in circles(&files) {
            let names: Vec<String> = group.iter().map(|m| name(dir, m)).collect();
            problems.push(format!("import circle: {}", names.join(" ↔ ")));
        }
    }
    if !problems.is_empty() {
        bail!(
            "{}\n(move what both sides need to a module below them)",
            problems.join("\n")
        );
    }
    println!("imports: no circle between the files of functions/ or app/");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crate_of(files: &[(&str, &str)]) -> BTreeMap<Module, String> {
        files
            .iter()
            .map(|(m, text)| {
                (
                    m.split("::")
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect(),
                    text.to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn use_trees_expand() {
        assert_eq!(
            expand("crate::a::{b, c::{d, e as f}}"),
            ["crate::a::b", "crate::a::c::d", "crate::a::c::e as f"]
        );
    }

    #[test]
    fn a_circle_through_use_super_and_inline_paths_is_found() {
        let files = crate_of(&[
            ("", "mod a;\nmod b;\nmod c;"),
            ("a", "use crate::b::thing;"),
            ("b", "fn f() { super::c::g(); }"),
            ("c", "use crate::a::{x, y};"),
        ]);
        let found = circles(&files);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].len(), 3);
    }

    /// store → db in code, db → store: a circle, reached through `super::` and a child named
    /// without `self::` from the root.
    #[test]
    fn sibling_modules_naming_each_other_are_a_circle() {
        let files = crate_of(&[
            ("", "pub mod cases;\nuse cases::store::apply;"),
            ("cases", "pub mod store;\npub mod db;"),
            ("cases::store", "use super::db::Row;"),
            ("cases::db", "use crate::cases::store;"),
        ]);
        let found = circles(&files);
        assert_eq!(found.len(), 1, "db ↔ store: {found:?}");
        assert_eq!(found[0].len(), 2);
    }

    /// A parent declaring its children, a path in a comment, and the test module are not imports.
    #[test]
    fn declarations_comments_and_tests_are_not_imports() {
        let files = crate_of(&[
            ("", "pub mod cases;"),
            ("cases", "pub mod store;\npub mod db;"),
            (
                "cases::store",
                "use super::db::Row; // crate::cases::store\n",
            ),
            (
                "cases::db",
                "// crate::cases::store\n#[cfg(test)]\nmod tests { use crate::cases::store; }",
            ),
        ]);
        assert!(circles(&files).is_empty());
    }
}
