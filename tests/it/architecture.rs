//! The module tree keeps its shape: no import circle between the modules of any folder of
//! `src/` (the top level included), arrows between top-level modules point down the layers
//! below, and the renderers take data, never the diary. Read from the source itself: a `use`
//! (or a `crate::`, `super::` or `self::` path) of a module in another module is an arrow;
//! a name a module re-exports counts as the module it comes from; test code does not count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules from the bottom up: a module may use those of its own layer or below.
const LAYERS: &[&[&str]] = &[
    &["format"],
    &["domain"],
    &["analysis", "clock", "files", "paths", "sync"],
    &["config", "crypt", "store"],
    &["demo", "experiment", "remind", "report", "unlock"],
    &["export"],
    &["tui"],
    &["cli"],
];

type Module = Vec<String>;

struct Tree {
    /// Each module of the library with its source (test code cut off).
    source: BTreeMap<Module, String>,
    /// What each module's `use` statements bind: name -> the module it comes from.
    bindings: BTreeMap<Module, BTreeMap<String, Module>>,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn module_of(src: &Path, file: &Path) -> Module {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Module = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The source without comments and without its `#[cfg(test)]` module.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths one `use` brings in, its braces expanded: `a::{b, c::{d, e}}` -> a::b, a::c::d, a::c::e.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.to_string()];
    };
    let prefix = tree[..open].trim_end_matches("::").trim();
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
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
        .flat_map(expand)
        .map(|p| match p.as_str() {
            "self" => prefix.to_string(),
            _ if prefix.is_empty() => p,
            _ => format!("{prefix}::{p}"),
        })
        .collect()
}

/// Every `use` of a module (a statement starting a line), expanded: (path, the name it binds).
fn uses(code: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in code.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let mut text = line.trim_start();
        if let Some(rest) = text.strip_prefix("pub") {
            text = match rest.strip_prefix('(') {
                Some(r) => r.split_once(')').map_or(r, |(_, r)| r),
                None => rest,
            }
            .trim_start();
        }
        let Some(after) = text.strip_prefix("use ") else {
            continue;
        };
        let from = start + (line.len() - after.len());
        let end = code[from..].find(';').map_or(code.len(), |e| from + e);
        let tree: String = code[from..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for path in expand(&tree) {
            let (path, name) = match path.split_once(" as ") {
                Some((p, alias)) => (p.trim().to_string(), alias.trim().to_string()),
                None => {
                    let name = path.rsplit("::").next().unwrap_or("").trim().to_string();
                    (path.trim().to_string(), name)
                }
            };
            out.push((path, name));
        }
    }
    out
}

/// Every `crate::`, `super::` or `self::` path written in the code.
fn inline_paths(code: &str) -> Vec<String> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start) {
            let at = from + i;
            from = at + start.len();
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            let len = code[at..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(code.len() - at);
            out.push(code[at..at + len].trim_end_matches(':').to_string());
        }
    }
    out
}

impl Tree {
    fn read() -> Self {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let source = files
            .iter()
            // main.rs is the binary's own crate; tests.rs files are test code.
            .filter(|f| !f.ends_with("main.rs") && !f.ends_with("tests.rs"))
            .map(|f| {
                (
                    module_of(&src, f),
                    code(&std::fs::read_to_string(f).unwrap()),
                )
            })
            .collect();
        let mut tree = Tree {
            source,
            bindings: BTreeMap::new(),
        };
        let mut bindings = BTreeMap::new();
        for (module, code) in &tree.source {
            let mut bound = BTreeMap::new();
            for (path, name) in uses(code) {
                if let Some(target) = tree.resolve(module, &path, false)
                    && name != "self"
                    && name != "*"
                {
                    bound.insert(name, target);
                }
            }
            bindings.insert(module.clone(), bound);
        }
        tree.bindings = bindings;
        tree
    }

    /// The module a path written in `from` refers to: the longest module prefix, or the module
    /// a name it re-exports comes from.
    fn resolve(&self, from: &Module, path: &str, follow: bool) -> Option<Module> {
        let parts: Vec<&str> = path.split("::").map(str::trim).collect();
        let mut base: Module = match parts[0] {
            "crate" => Vec::new(),
            "super" | "self" => from.clone(),
            child => {
                let mut m = from.clone();
                m.push(child.to_string());
                if !self.source.contains_key(&m) {
                    return None;
                }
                from.clone()
            }
        };
        let mut rest = &parts[..];
        if parts[0] == "crate" || parts[0] == "self" {
            rest = &parts[1..];
        }
        while rest.first() == Some(&"super") {
            base.pop();
            rest = &rest[1..];
        }
        let full: Module = base
            .into_iter()
            .chain(rest.iter().map(|s| s.to_string()))
            .collect();
        (0..=full.len()).rev().find_map(|n| {
            let module = full[..n].to_vec();
            if !self.source.contains_key(&module) {
                return None;
            }
            if follow
                && let Some(name) = full.get(n)
                && let Some(target) = self.bindings.get(&module).and_then(|b| b.get(name))
            {
                return Some(target.clone());
            }
            Some(module)
        })
    }

    /// Every arrow between two modules.
    fn arrows(&self) -> BTreeSet<(Module, Module)> {
        let mut arrows = BTreeSet::new();
        for (module, code) in &self.source {
            let paths = uses(code).into_iter().map(|(p, _)| p);
            for path in paths.chain(inline_paths(code)) {
                if let Some(target) = self.resolve(module, &path, true)
                    && &target != module
                {
                    arrows.insert((module.clone(), target));
                }
            }
        }
        arrows
    }

    /// The folders of the tree (the top level is the empty one).
    fn folders(&self) -> BTreeSet<Module> {
        self.source
            .keys()
            .flat_map(|m| (0..m.len()).map(|n| m[..n].to_vec()))
            .collect()
    }
}

/// The arrows between the modules directly inside `folder` (deeper ones count as theirs).
fn level(
    arrows: &BTreeSet<(Module, Module)>,
    folder: &Module,
) -> BTreeMap<String, BTreeSet<String>> {
    let n = folder.len();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (a, b) in arrows {
        if a.len() > n
            && b.len() > n
            && a[..n] == folder[..]
            && b[..n] == folder[..]
            && a[n] != b[n]
        {
            graph.entry(a[n].clone()).or_default().insert(b[n].clone());
        }
    }
    graph
}

/// The circles of a graph: its strongly connected parts of more than one module.
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&String> = graph.keys().chain(graph.values().flatten()).collect();
    let reach = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from];
        while let Some(n) = todo.pop() {
            for next in graph.get(n).into_iter().flatten() {
                if seen.insert(next) {
                    todo.push(next);
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&String, BTreeSet<&String>> =
        nodes.iter().map(|n| (*n, reach(n))).collect();
    let mut found: BTreeSet<Vec<String>> = BTreeSet::new();
    for n in &nodes {
        let part: Vec<String> = nodes
            .iter()
            .filter(|m| reached[*n].contains(*m) && reached[*m].contains(*n))
            .map(|m| (*m).clone())
            .collect();
        if part.len() > 1 {
            found.insert(part);
        }
    }
    found.into_iter().collect()
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

#[test]
fn no_folder_of_src_has_an_import_circle() {
    let tree = Tree::read();
    let arrows = tree.arrows();
    let mut found = Vec::new();
    for folder in tree.folders() {
        for circle in circles(&level(&arrows, &folder)) {
            let place = if folder.is_empty() {
                "src".to_string()
            } else {
                format!("src/{}", folder.join("/"))
            };
            found.push(format!("{place}: {}", circle.join(" <-> ")));
        }
    }
    assert!(found.is_empty(), "import circles:\n{}", found.join("\n"));
}

#[test]
fn arrows_between_top_level_modules_point_down() {
    let tree = Tree::read();
    let top = level(&tree.arrows(), &Vec::new());
    let mut up = Vec::new();
    for module in tree.source.keys().filter(|m| m.len() == 1) {
        assert!(
            layer_of(&module[0]).is_some(),
            "src/{} is in no layer: add it to LAYERS in tests/it/architecture.rs",
            module[0]
        );
    }
    for (from, targets) in &top {
        for to in targets {
            if layer_of(to) > layer_of(from) {
                up.push(format!("{from} -> {to}"));
            }
        }
    }
    assert!(up.is_empty(), "arrows pointing up:\n{}", up.join("\n"));
}

/// Whether `code` names the diary's handle, `Store` (not `StoreError` or a word inside another).
fn names_the_store(code: &str) -> bool {
    code.match_indices("Store").any(|(i, _)| {
        let before = code[..i].chars().last();
        let after = code[i + 5..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[test]
fn renderers_take_data_never_the_diary() {
    let tree = Tree::read();
    let drawing = |path: &str| {
        path.starts_with("tui/screens")
            || path.starts_with("tui/widgets")
            || path == "tui/view"
            || path.starts_with("report")
            || (path.starts_with("export/") && path != "export/html/load")
            || path == "format"
            || path.starts_with("format/")
    };
    let offenders: Vec<String> = tree
        .source
        .iter()
        .map(|(m, code)| (m.join("/"), code))
        .filter(|(path, code)| drawing(path) && names_the_store(code))
        .map(|(path, _)| path)
        .collect();
    assert!(
        offenders.is_empty(),
        "renderers reading the diary (they should take the data they draw): {offenders:?}"
    );
    assert!(names_the_store("fn f(s: &Store)") && !names_the_store("StoreError"));
}

#[test]
fn the_checks_see_a_circle_and_an_arrow_up_when_there_is_one() {
    // The reader of the tree is itself checked: two modules using each other are a circle,
    // and `format` using `analysis` would point up.
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    graph.insert(
        "b".to_string(),
        BTreeSet::from(["a".to_string(), "c".to_string()]),
    );
    assert_eq!(
        circles(&graph),
        vec![vec!["a".to_string(), "b".to_string()]]
    );
    assert!(layer_of("analysis") > layer_of("format"));
    assert_eq!(
        expand("super::{a, b::{c, self}, d as e}"),
        ["super::a", "super::b::c", "super::b", "super::d as e"]
    );
    let tree = Tree::read();
    let arrows = tree.arrows();
    let has = |a: &str, b: &str| {
        arrows.contains(&(
            a.split('/').map(String::from).collect(),
            b.split('/').map(String::from).collect(),
        ))
    };
    // Known arrows are found, through a `use`, a written path and a re-export.
    assert!(has("cli", "tui"));
    assert!(has("store/import/rules", "store/periods"));
    assert!(has("export/html", "experiment"));
}
