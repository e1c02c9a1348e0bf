//! Only the WeUI the app uses: the stylesheet's rules are kept when every class they name
//! appears in the app's sources, at-rules follow their contents, and custom properties
//! (`--weui-*`) are kept when something kept reads them. WeUI's full file is 180 KB (18 KB
//! brotli), mostly icons and components the portal never shows.

use std::collections::BTreeSet;

/// A rule or an at-rule of a stylesheet, as written (minified input is fine).
#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// `selectors { body }`
    Rule { selectors: String, body: String },
    /// `@media … { nodes }`, `@supports … { nodes }`
    Group { prelude: String, nodes: Vec<Node> },
    /// `@keyframes name { … }`, `@font-face { … }`: kept or dropped whole
    Block { prelude: String, body: String },
    /// `@charset …;`, `@import …;`
    Statement(String),
}

/// `css` without the rules no class of `used` can match, and without unread custom properties.
/// `also_read` is CSS that comes after (the app's own) whose `var(--…)` reads count too.
pub fn subset(css: &str, used: &BTreeSet<String>, also_read: &str) -> String {
    let nodes = parse(&strip_comments(css));
    let nodes = keep_used(nodes, used);
    let mut read = BTreeSet::new();
    collect_reads(&nodes, &mut read);
    reads_in(also_read, &mut read);
    // Properties defined in terms of others: follow until nothing new is read.
    loop {
        let before = read.len();
        let mut defs = String::new();
        definitions(&nodes, &read, &mut defs);
        reads_in(&defs, &mut read);
        if read.len() == before {
            break;
        }
    }
    let nodes = drop_unread(nodes, &read);
    let mut text = String::new();
    collect_text(&nodes, &mut text);
    let nodes = keep_animations(nodes, &text);
    let mut out = String::new();
    write(&nodes, &mut out);
    out
}

/// The words of `sources` that could be class names.
pub fn words(sources: &str) -> BTreeSet<String> {
    sources
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// Index of the first `stop` character outside strings and parentheses, from `from`.
fn find_top(s: &str, from: usize, stops: &[u8]) -> Option<usize> {
    let b = s.as_bytes();
    let (mut depth, mut quote) = (0i32, 0u8);
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        if quote != 0 {
            if c == b'\\' {
                i += 1;
            } else if c == quote {
                quote = 0;
            }
        } else if c == b'"' || c == b'\'' {
            quote = c;
        } else if c == b'(' {
            depth += 1;
        } else if c == b')' {
            depth -= 1;
        } else if depth == 0 && stops.contains(&c) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Index of the `}` closing the block whose `{` is just before `from`.
fn block_end(s: &str, from: usize) -> usize {
    let mut depth = 1;
    let mut i = from;
    while let Some(j) = find_top(s, i, b"{}") {
        if s.as_bytes()[j] == b'{' {
            depth += 1;
        } else {
            depth -= 1;
            if depth == 0 {
                return j;
            }
        }
        i = j + 1;
    }
    s.len()
}

fn parse(css: &str) -> Vec<Node> {
    let mut nodes = Vec::new();
    let mut i = 0;
    while i < css.len() {
        let Some(open) = find_top(css, i, b"{;}") else {
            break;
        };
        let head = css[i..open].trim();
        if css.as_bytes()[open] != b'{' {
            if head.starts_with('@') {
                nodes.push(Node::Statement(head.to_string()));
            }
            i = open + 1;
            continue;
        }
        let close = block_end(css, open + 1);
        let inner = &css[open + 1..close.min(css.len())];
        let name = head.split([' ', '(']).next().unwrap_or_default();
        nodes.push(match name {
            "@media" | "@supports" | "@layer" | "@container" => Node::Group {
                prelude: head.to_string(),
                nodes: parse(inner),
            },
            _ if head.starts_with('@') => Node::Block {
                prelude: head.to_string(),
                body: inner.to_string(),
            },
            _ => Node::Rule {
                selectors: head.to_string(),
                body: inner.to_string(),
            },
        });
        i = close + 1;
    }
    nodes
}

/// The selectors of a list, split at top-level commas (not those inside `:not(a, b)`).
fn selector_list(selectors: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(j) = find_top(selectors, i, b",") {
        out.push(selectors[i..j].trim());
        i = j + 1;
    }
    out.push(selectors[i..].trim());
    out
}

/// Whether every class the selector names is one the app uses.
fn selector_used(selector: &str, used: &BTreeSet<String>) -> bool {
    let b = selector.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'.' && b.get(i + 1).is_some_and(|c| !c.is_ascii_digit()) {
            let start = i + 1;
            let mut end = start;
            while end < b.len()
                && (b[end].is_ascii_alphanumeric() || b[end] == b'-' || b[end] == b'_')
            {
                end += 1;
            }
            if end > start && !used.contains(&selector[start..end]) {
                return false;
            }
            i = end;
        } else {
            i += 1;
        }
    }
    true
}

/// `nodes` with `keep` applied to every node that is not a group, inside groups too; a group
/// left empty goes.
fn retain(nodes: Vec<Node>, keep: &dyn Fn(Node) -> Option<Node>) -> Vec<Node> {
    nodes
        .into_iter()
        .filter_map(|n| match n {
            Node::Group { prelude, nodes } => {
                let nodes = retain(nodes, keep);
                (!nodes.is_empty()).then_some(Node::Group { prelude, nodes })
            }
            other => keep(other),
        })
        .collect()
}

/// Calls `see` on every node that is not a group, inside groups too.
fn each(nodes: &[Node], see: &mut dyn FnMut(&Node)) {
    for n in nodes {
        match n {
            Node::Group { nodes, .. } => each(nodes, see),
            other => see(other),
        }
    }
}

fn keep_used(nodes: Vec<Node>, used: &BTreeSet<String>) -> Vec<Node> {
    retain(nodes, &|n| match n {
        Node::Rule { selectors, body } => {
            let kept: Vec<&str> = selector_list(&selectors)
                .into_iter()
                .filter(|s| selector_used(s, used))
                .collect();
            (!kept.is_empty()).then(|| Node::Rule {
                selectors: kept.join(","),
                body,
            })
        }
        other => Some(other),
    })
}

/// Declarations of a body, split at top-level semicolons.
fn declarations(body: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(j) = find_top(body, i, b";") {
        out.push(&body[i..j]);
        i = j + 1;
    }
    out.push(&body[i..]);
    out.into_iter().filter(|d| !d.trim().is_empty()).collect()
}

fn property(declaration: &str) -> &str {
    declaration.split(':').next().unwrap_or_default().trim()
}

fn reads_in(text: &str, read: &mut BTreeSet<String>) {
    let mut rest = text;
    while let Some(at) = rest.find("var(") {
        rest = &rest[at + 4..];
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        read.insert(name);
    }
}

/// What kept declarations read, other than custom-property definitions (those count only once
/// their own property is read).
fn collect_reads(nodes: &[Node], read: &mut BTreeSet<String>) {
    each(nodes, &mut |n| {
        if let Node::Rule { body, .. } | Node::Block { body, .. } = n {
            for d in declarations(body) {
                if !property(d).starts_with("--") {
                    reads_in(d, read);
                }
            }
        }
    });
}

/// The values of the definitions of `read` properties.
fn definitions(nodes: &[Node], read: &BTreeSet<String>, out: &mut String) {
    each(nodes, &mut |n| {
        if let Node::Rule { body, .. } = n {
            for d in declarations(body) {
                if read.contains(property(d)) {
                    out.push_str(d);
                    out.push(';');
                }
            }
        }
    });
}

fn drop_unread(nodes: Vec<Node>, read: &BTreeSet<String>) -> Vec<Node> {
    retain(nodes, &|n| match n {
        Node::Rule { selectors, body } => {
            let kept: Vec<&str> = declarations(&body)
                .into_iter()
                .filter(|d| {
                    let p = property(d);
                    !p.starts_with("--") || read.contains(p)
                })
                .collect();
            (!kept.is_empty()).then(|| Node::Rule {
                selectors,
                body: kept.join(";"),
            })
        }
        other => Some(other),
    })
}

fn collect_text(nodes: &[Node], out: &mut String) {
    each(nodes, &mut |n| {
        if let Node::Rule { body, .. } = n {
            out.push_str(body);
        }
    });
}

/// `@keyframes` only when a kept rule animates with it.
fn keep_animations(nodes: Vec<Node>, text: &str) -> Vec<Node> {
    retain(nodes, &|n| match n {
        Node::Block { ref prelude, .. } if prelude.contains("keyframes") => {
            let name = prelude.split_whitespace().nth(1).unwrap_or_default();
            text.contains(name).then_some(n)
        }
        other => Some(other),
    })
}

fn write(nodes: &[Node], out: &mut String) {
    for n in nodes {
        match n {
            Node::Rule {
                selectors: head,
                body,
            }
            | Node::Block {
                prelude: head,
                body,
            } => {
                out.push_str(head);
                out.push('{');
                out.push_str(body);
                out.push('}');
            }
            Node::Group { prelude, nodes } => {
                out.push_str(prelude);
                out.push('{');
                write(nodes, out);
                out.push('}');
            }
            Node::Statement(s) => {
                out.push_str(s);
                out.push(';');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn used(words: &[&str]) -> BTreeSet<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn keeps_rules_whose_classes_are_used_and_drops_the_rest() {
        let css = "/*! c */.a{color:red}.b,.a .c{margin:0}@media (min-width:1px){.b{x:1}.a{y:2}}body{z:3}";
        assert_eq!(
            subset(css, &used(&["a", "c"]), ""),
            ".a{color:red}.a .c{margin:0}@media (min-width:1px){.a{y:2}}body{z:3}"
        );
    }

    #[test]
    fn keeps_custom_properties_only_when_read_even_through_others() {
        let css = "body{--x:1;--y:var(--x);--z:2}.a{color:var(--y)}.b{color:var(--z)}";
        assert_eq!(
            subset(css, &used(&["a"]), ""),
            "body{--x:1;--y:var(--x)}.a{color:var(--y)}"
        );
        assert_eq!(
            subset(css, &used(&[]), ".mine{color:var(--z)}"),
            "body{--z:2}"
        );
    }

    #[test]
    fn strings_parentheses_and_keyframes() {
        let css = r#".i{mask:url("data:image/svg+xml;a{b}c,d")}:not(.a,.b) .i{k:1}@keyframes spin{0%{x:0}}@keyframes gone{0%{x:0}}.i{animation:spin 1s}"#;
        assert_eq!(
            subset(css, &used(&["i", "a", "b"]), ""),
            r#".i{mask:url("data:image/svg+xml;a{b}c,d")}:not(.a,.b) .i{k:1}@keyframes spin{0%{x:0}}.i{animation:spin 1s}"#
        );
    }
}
