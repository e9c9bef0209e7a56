//! The project's structure, checked on its source: no module imports a
//! module that imports it back (directly or through others), and no
//! function is longer than [`MAX_FUNCTION_LINES`], in `generator/src`,
//! `xtask/src` and the benchmark programs (`benches/*/src`).
//!
//! The source is read with a small lexer of our own (comments, strings,
//! char literals and lifetimes told apart; nothing else of Rust's grammar
//! is needed): a module's imports are the paths it names (`use` trees,
//! `crate::…`, `super::…`, `self::…`, and a child module's name followed by
//! `::`), resolved to the deepest module they reach. Code under
//! `#[cfg(test)]` does not count as an import (tests read their parent), and
//! neither does what a `quote!` writes (paths of the generated code).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest a function may be, from its `fn` line to its closing brace.
const MAX_FUNCTION_LINES: usize = 100;

/// The crate roots checked, relative to the repository.
const ROOTS: &[&str] = &[
    "generator/src/lib.rs",
    "xtask/src/main.rs",
    "benches/harness/src/main.rs",
    "benches/client/src/main.rs",
];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository")
        .to_path_buf()
}

// ---------------------------------------------------------------- lexer

#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    text: String,
    line: usize,
}

/// Rust source as tokens: identifiers, `::`, single punctuation; literals
/// become `"lit"`, comments vanish.
fn lex(src: &str) -> Vec<Token> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        let start_line = line;
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
            }
        } else if let Some(end) = raw_string_end(&chars, i) {
            line += chars[i..end].iter().filter(|c| **c == '\n').count();
            i = end;
            out.push(lit(start_line));
        } else if c == '"' || (c == 'b' && at(i + 1) == '"') {
            i += if c == 'b' { 2 } else { 1 };
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                line += usize::from(at(i) == '\n');
                i += 1;
            }
            i += 1;
            out.push(lit(start_line));
        } else if c == '\'' {
            // A char literal ('a', '\n', '\u{1F600}') or a lifetime ('a).
            if at(i + 1) == '\\' {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push(lit(start_line));
            } else if at(i + 2) == '\'' {
                i += 3;
                out.push(lit(start_line));
            } else {
                i += 1;
                while at(i).is_alphanumeric() || at(i) == '_' {
                    i += 1;
                }
            }
        } else if c.is_alphanumeric() || c == '_' {
            let s = i;
            while at(i).is_alphanumeric() || at(i) == '_' {
                i += 1;
            }
            let text: String = chars[s..i].iter().collect();
            out.push(Token { text, line });
        } else if c == ':' && at(i + 1) == ':' {
            out.push(Token {
                text: "::".into(),
                line,
            });
            i += 2;
        } else {
            out.push(Token {
                text: c.to_string(),
                line,
            });
            i += 1;
        }
    }
    out
}

fn lit(line: usize) -> Token {
    Token {
        text: "\"lit\"".into(),
        line,
    }
}

/// Where a raw string (`r"…"`, `r#"…"#`, `br#"…"#`) starting at `i` ends.
fn raw_string_end(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    if chars.get(j) != Some(&'r') {
        return None;
    }
    // Not the tail of an identifier (`for`, `br`…).
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while chars.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    if chars.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < chars.len() {
        if chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(chars.len())
}

/// The index of the token closing the group opened at `open`.
fn close_of(tokens: &[Token], open: usize) -> usize {
    let (o, c) = match tokens[open].text.as_str() {
        "{" => ("{", "}"),
        "(" => ("(", ")"),
        _ => ("[", "]"),
    };
    let mut depth = 0;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        if t.text == o {
            depth += 1;
        } else if t.text == c {
            depth -= 1;
            if depth == 0 {
                return i;
            }
        }
    }
    tokens.len() - 1
}

/// The tokens with every `#[cfg(test)]` item and every `quote!` body left out.
fn without_tests_and_quotes(tokens: &[Token]) -> Vec<Token> {
    let texts: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if texts[i..].starts_with(&["#", "[", "cfg", "(", "test", ")", "]"]) {
            // Skip the item: up to its `;` or its `{…}`.
            let mut j = i + 7;
            while j < tokens.len() && texts[j] != ";" && texts[j] != "{" {
                if texts[j] == "(" || texts[j] == "[" {
                    j = close_of(tokens, j);
                }
                j += 1;
            }
            i = if j < tokens.len() && texts[j] == "{" {
                close_of(tokens, j) + 1
            } else {
                j + 1
            };
            continue;
        }
        if texts[i] == "quote" && texts.get(i + 1) == Some(&"!") {
            i = close_of(tokens, i + 2) + 1;
            continue;
        }
        out.push(tokens[i].clone());
        i += 1;
    }
    out
}

// ---------------------------------------------------------------- modules

/// A crate's modules (by path from the root, `[]` for the root) and their files.
fn modules(root_file: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    let mut found = BTreeMap::new();
    let mut stack = vec![(Vec::new(), root_file.to_path_buf())];
    while let Some((path, file)) = stack.pop() {
        let src =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let tokens = without_tests_and_quotes(&lex(&src));
        let dir = child_dir(&file);
        for (k, w) in tokens.windows(3).enumerate() {
            if w[0].text == "mod" && w[2].text == ";" {
                let name = w[1].text.clone();
                let mut candidates = vec![
                    dir.join(format!("{name}.rs")),
                    dir.join(&name).join("mod.rs"),
                ];
                // `#[path = "…"]`: relative to the folder of the declaring file.
                if let Some(at) = path_attribute(&tokens[..k], &src) {
                    let folder = file.parent().expect("a file has a folder");
                    candidates = vec![folder.join(at)];
                }
                let child = candidates
                    .iter()
                    .find(|p| p.is_file())
                    .unwrap_or_else(|| panic!("{}: no file for `mod {name};`", file.display()));
                let mut p = path.clone();
                p.push(name);
                stack.push((p, child.clone()));
            }
        }
        found.insert(path, file);
    }
    found
}

/// The file a `#[path = "…"]` attribute among the attributes just before
/// a `mod` declaration (`before` ends there) names, if one does.
fn path_attribute(before: &[Token], src: &str) -> Option<String> {
    let texts: Vec<&str> = before.iter().map(|t| t.text.as_str()).collect();
    let mut end = texts.len();
    // Visibility: `pub`, `pub(crate)`, `pub(super)`.
    if texts[..end].ends_with(&[")"]) && end >= 4 && texts[end - 4] == "pub" {
        end -= 4;
    } else if texts[..end].ends_with(&["pub"]) {
        end -= 1;
    }
    // Each attribute `#[…]` before, last first.
    while end >= 2 && texts[end - 1] == "]" {
        let open = (0..end - 1)
            .rev()
            .find(|&i| texts[i] == "[" && i > 0 && texts[i - 1] == "#")?;
        if texts[open..end].starts_with(&["[", "path", "=", "\"lit\"", "]"]) {
            let line = src.lines().nth(before[open].line - 1)?;
            let (_, rest) = line.split_once("path")?;
            let (_, quoted) = rest.split_once('"')?;
            return quoted.split_once('"').map(|(path, _)| path.to_string());
        }
        end = open - 1;
    }
    None
}

/// Where a module file's child modules live.
fn child_dir(file: &Path) -> PathBuf {
    let parent = file.parent().expect("a file has a folder").to_path_buf();
    match file.file_name().and_then(|n| n.to_str()) {
        Some("lib.rs" | "main.rs" | "mod.rs") => parent,
        _ => parent.join(file.file_stem().expect("a .rs file")),
    }
}

/// The deepest module `segments` reach from `base`.
fn reach(
    modules: &BTreeMap<Vec<String>, PathBuf>,
    base: &[String],
    segments: &[String],
) -> Vec<String> {
    let mut at = base.to_vec();
    for s in segments {
        let mut next = at.clone();
        next.push(s.clone());
        if !modules.contains_key(&next) {
            break;
        }
        at = next;
    }
    at
}

/// Every path of a `use` tree starting at token `i` (after `use`), as segments.
fn use_paths(
    tokens: &[Token],
    mut i: usize,
    prefix: Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> usize {
    let mut path = prefix;
    while i < tokens.len() {
        match tokens[i].text.as_str() {
            "::" => i += 1,
            "{" => {
                i += 1;
                loop {
                    i = use_paths(tokens, i, path.clone(), out);
                    match tokens.get(i).map(|t| t.text.as_str()) {
                        Some(",") => i += 1,
                        _ => break,
                    }
                    if tokens.get(i).map(|t| t.text.as_str()) == Some("}") {
                        break;
                    }
                }
                return i + 1; // past `}`
            }
            "," | "}" | ";" => {
                out.push(path);
                return i;
            }
            "as" => i += 2,
            "*" => i += 1,
            name => {
                path.push(name.to_string());
                i += 1;
            }
        }
    }
    out.push(path);
    i
}

/// The modules `module` names, other than itself.
fn imports_of(
    modules: &BTreeMap<Vec<String>, PathBuf>,
    module: &[String],
    tokens: &[Token],
) -> BTreeSet<Vec<String>> {
    let mut paths: Vec<Vec<String>> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.text == "use" {
            use_paths(tokens, i + 1, Vec::new(), &mut paths);
        } else if tokens.get(i + 1).is_some_and(|n| n.text == "::")
            && (i == 0 || tokens[i - 1].text != "::")
        {
            let mut path = vec![t.text.clone()];
            let mut j = i + 1;
            while tokens.get(j).is_some_and(|n| n.text == "::")
                && tokens
                    .get(j + 1)
                    .is_some_and(|n| n.text != "{" && n.text != "<")
            {
                path.push(tokens[j + 1].text.clone());
                j += 2;
            }
            if tokens.get(j).is_some_and(|n| n.text == "::") {
                continue; // `a::{…}` or `a::*`: a `use` tree, read above
            }
            paths.push(path);
        }
    }
    let mut found = BTreeSet::new();
    for path in paths {
        let target = match path.first().map(String::as_str) {
            Some("crate") => reach(modules, &[], &path[1..]),
            Some("self") => reach(modules, module, &path[1..]),
            Some("super") => {
                let mut base = module.to_vec();
                let mut rest = &path[..];
                while rest.first().map(String::as_str) == Some("super") {
                    base.pop();
                    rest = &rest[1..];
                }
                reach(modules, &base, rest)
            }
            Some(first) => {
                let mut child = module.to_vec();
                child.push(first.to_string());
                if !modules.contains_key(&child) {
                    continue; // another crate, or an item in scope
                }
                reach(modules, module, &path)
            }
            None => continue,
        };
        if target != module {
            found.insert(target);
        }
    }
    found
}

fn name(m: &[String]) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        m.join("::")
    }
}

/// A cycle through `start`, if the import graph has one.
fn cycle_from(
    graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    start: &Vec<String>,
) -> Option<Vec<Vec<String>>> {
    let mut trail = vec![start.clone()];
    let mut seen = BTreeSet::new();
    fn go(
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        start: &Vec<String>,
        trail: &mut Vec<Vec<String>>,
        seen: &mut BTreeSet<Vec<String>>,
    ) -> bool {
        let at = trail.last().expect("the trail starts with start").clone();
        for next in graph.get(&at).into_iter().flatten() {
            if next == start {
                trail.push(next.clone());
                return true;
            }
            if seen.insert(next.clone()) {
                trail.push(next.clone());
                if go(graph, start, trail, seen) {
                    return true;
                }
                trail.pop();
            }
        }
        false
    }
    go(graph, start, &mut trail, &mut seen).then_some(trail)
}

fn import_graph(root: &str) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let modules = modules(&repo().join(root));
    modules
        .iter()
        .map(|(m, file)| {
            let src = std::fs::read_to_string(file).expect("listed files exist");
            let tokens = without_tests_and_quotes(&lex(&src));
            (m.clone(), imports_of(&modules, m, &tokens))
        })
        .collect()
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let mut cycles = Vec::new();
    for root in ROOTS {
        let graph = import_graph(root);
        let mut seen = BTreeSet::new();
        for m in graph.keys() {
            if let Some(c) = cycle_from(&graph, m) {
                let members: BTreeSet<Vec<String>> = c.iter().cloned().collect();
                if seen.insert(members) {
                    let text: Vec<String> = c.iter().map(|m| name(m)).collect();
                    cycles.push(format!("{root}: {}", text.join(" → ")));
                }
            }
        }
    }
    assert!(
        cycles.is_empty(),
        "import cycles (move what both sides need into a leaf module):\n{}",
        cycles.join("\n")
    );
}

// ---------------------------------------------------------------- functions

/// Every function of a source file with a body: (name, first line, lines).
fn functions(src: &str) -> Vec<(String, usize, usize)> {
    let tokens = lex(src);
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.text != "fn" {
            continue;
        }
        let Some(name) = tokens.get(i + 1).filter(|n| {
            n.text
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
        }) else {
            continue; // `fn(u8) -> u8`, a pointer type
        };
        let mut j = i + 2;
        while j < tokens.len() && tokens[j].text != "{" && tokens[j].text != ";" {
            if tokens[j].text == "(" || tokens[j].text == "[" {
                j = close_of(&tokens, j);
            }
            j += 1;
        }
        if j < tokens.len() && tokens[j].text == "{" {
            let end = close_of(&tokens, j);
            out.push((name.text.clone(), t.line, tokens[end].line - t.line + 1));
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if p.file_name()
                .is_some_and(|n| n == "target" || n == "snapshots")
            {
                continue;
            }
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_function_is_longer_than_the_limit() {
    let root = repo();
    let mut files = Vec::new();
    for dir in ["generator/src", "xtask/src", "benches"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 50, "the scan finds the sources: {files:?}");
    let mut long = Vec::new();
    for file in &files {
        let src = std::fs::read_to_string(file).expect("listed files exist");
        for (name, line, lines) in functions(&src) {
            if lines > MAX_FUNCTION_LINES {
                let rel = file.strip_prefix(&root).unwrap_or(file);
                long.push(format!(
                    "{}:{line}: `{name}` is {lines} lines",
                    rel.display()
                ));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines (split them by what they do):\n{}",
        long.join("\n")
    );
}

// ---------------------------------------------------------------- the checks, checked

#[test]
fn the_lexer_skips_comments_strings_and_lifetimes() {
    let src = "fn a<'x>(s: &'x str) -> char { /* { */ let _ = \"}\"; let _ = r#\"{\"#; '}' }\n// fn b() {\nfn c() {}";
    let fns = functions(src);
    assert_eq!(
        fns.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        ["a", "c"]
    );
    assert_eq!(fns[1].1, 3, "line numbers count the newlines of comments");
}

#[test]
fn function_lengths_count_from_fn_to_the_closing_brace() {
    let src = "/// doc\nfn long() {\n    1;\n    2;\n}\ntrait T { fn declared(&self); }\nfn ptr(f: fn(u8) -> u8) {}";
    assert_eq!(
        functions(src),
        [("long".to_string(), 2, 4), ("ptr".to_string(), 7, 1)]
    );
}

#[test]
fn imports_are_found_in_uses_paths_and_groups_but_not_in_tests_or_quotes() {
    let modules: BTreeMap<Vec<String>, PathBuf> = [
        vec![],
        vec!["a".to_string()],
        vec!["a".to_string(), "b".to_string()],
        vec!["c".to_string()],
        vec!["d".to_string()],
        vec!["e".to_string()],
    ]
    .into_iter()
    .map(|m| (m, PathBuf::new()))
    .collect();
    let src = "use crate::a::{b::X, self}; use super::super::c; fn f() { d::g(); quote! { crate::e::Y } }\n#[cfg(test)] mod tests { use crate::e; }";
    let tokens = without_tests_and_quotes(&lex(src));
    let found = imports_of(&modules, &["a".to_string(), "b".to_string()], &tokens);
    let names: Vec<String> = found.iter().map(|m| name(m)).collect();
    // `d::g()` from `a::b` names no child of `a::b`: it is not an import.
    assert_eq!(names, ["a", "c"]);
    let found = imports_of(&modules, &[], &lex("fn f() { d::g(); }"));
    assert_eq!(found.iter().map(|m| name(m)).collect::<Vec<_>>(), ["d"]);
}

#[test]
fn a_path_attribute_names_the_module_file() {
    let src = "#[allow(dead_code)] // why\n#[path = \"../x/y.rs\"]\npub mod y;\nmod z;";
    let tokens = lex(src);
    let at = |name: &str| tokens.iter().position(|t| t.text == name).unwrap() - 1;
    assert_eq!(
        path_attribute(&tokens[..at("y")], src).as_deref(),
        Some("../x/y.rs")
    );
    assert_eq!(path_attribute(&tokens[..at("z")], src), None);
}

#[test]
fn a_cycle_is_found() {
    let m = |s: &str| vec![s.to_string()];
    let graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = [
        (m("a"), [m("b")].into()),
        (m("b"), [m("c")].into()),
        (m("c"), [m("a")].into()),
        (m("d"), [m("a")].into()),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        cycle_from(&graph, &m("a")).map(|c| c.len()),
        Some(4),
        "a → b → c → a"
    );
    assert_eq!(cycle_from(&graph, &m("d")), None);
}
