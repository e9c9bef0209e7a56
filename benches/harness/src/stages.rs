//! Where the generator's time goes, in process: each stage of
//! `generator::generate` timed on its own through the library's public
//! pieces, the whole call, and the floor (parsing the same text alone).
//!
//! - `read`: `fs::read_to_string`;
//! - `load`: `load::parse` (text → `serde_json::Value`; YAML through `serde_yaml`);
//! - `normalize`: `normalize::normalize` (on a clone, untimed);
//! - `deserialize`: `serde_path_to_error::deserialize` into `openapiv3::OpenAPI`,
//!   as `generator::parse` does;
//! - `lower`: `lower::lower`;
//! - `emit`: `emit::emit` (tokens and their formatting, the files built in
//!   parallel, so this is wall time); `format` is the formatting alone on
//!   one thread, `emit::format_file` timed on the same files' token streams
//!   (re-parsed from the output, untimed) one file after another: the CPU
//!   time formatting takes, part of `emit` but not subtracted from it;
//! - `render`: `render::render` (README.md, API.md);
//! - `write`: writing every file of the result into an empty scratch
//!   directory (`rewrite`: the same files over the ones the previous
//!   repetition wrote, as a regeneration does);
//! - `generate`: one `generator::generate` call (everything but read and write,
//!   `standalone` as the CLI sets it); `end to end` = read + generate + write.
//!
//! The floor is read + `serde_json::from_str`/`serde_yaml::from_str` straight
//! into `openapiv3::OpenAPI`; where openapiv3 rejects the text (a Scribe
//! YAML's integer keys), the untyped parse (into `serde_json::Value` /
//! `serde_yaml::Value`) stands in, and the note says so.

use crate::stats::median;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Default, Clone)]
pub(crate) struct Stages {
    pub read: Duration,
    pub load: Duration,
    pub normalize: Duration,
    pub deserialize: Duration,
    pub lower: Duration,
    pub emit: Duration,
    pub format: Duration,
    /// Parts of `format`: `syn::parse2` of the tokens (owned, not cloned),
    /// `prettyplease::unparse`, dropping the `syn::File`.
    pub syn_parse: Duration,
    pub prettyplease: Duration,
    pub syn_drop: Duration,
    pub render: Duration,
    pub write: Duration,
    /// Writing the same files again, over the existing ones.
    pub rewrite: Duration,
    pub generate: Duration,
    pub end_to_end: Duration,
    /// read + parse into openapiv3, when openapiv3 accepts the text as is.
    pub floor_typed: Option<Duration>,
    /// read + parse into an untyped tree.
    pub floor_untyped: Duration,
    pub floor_note: Option<String>,
    pub operations: usize,
    pub types: usize,
}

impl Stages {
    /// The floor the ratio is taken against: typed when possible.
    pub fn floor(&self) -> Duration {
        self.floor_typed.unwrap_or(self.floor_untyped)
    }
}

fn is_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}

/// Parse straight into openapiv3: `Err` with openapiv3's message when it refuses.
fn parse_typed(text: &str) -> Result<openapiv3::OpenAPI, String> {
    if is_json(text) {
        serde_json::from_str(text).map_err(|e| e.to_string())
    } else {
        serde_yaml::from_str(text).map_err(|e| e.to_string())
    }
}

fn parse_untyped(text: &str) -> Result<(), String> {
    if is_json(text) {
        serde_json::from_str::<serde_json::Value>(text)
            .map(drop)
            .map_err(|e| e.to_string())
    } else {
        serde_yaml::from_str::<serde_yaml::Value>(text)
            .map(drop)
            .map_err(|e| e.to_string())
    }
}

fn time<R>(f: impl FnOnce() -> R) -> (R, Duration) {
    let t = Instant::now();
    let r = f();
    (r, t.elapsed())
}

/// Measures every stage `reps` times (after one warm-up) and keeps the medians.
pub(crate) fn measure(spec: &Path, reps: usize, scratch: &Path) -> Result<Stages, String> {
    let file = spec.display().to_string();
    let options = generator::Options {
        standalone: true,
        ..generator::Options::default()
    };
    let mut samples: Vec<Stages> = Vec::new();
    let mut floor_note = None;
    for rep in 0..=reps {
        let mut s = Stages::default();
        let (text, d) = time(|| std::fs::read_to_string(spec));
        let text = text.map_err(|e| format!("{file}: {e}"))?;
        s.read = d;
        time_pieces(&file, &text, &options, &mut s)?;
        time_generate_and_write(&file, &text, &options, scratch, &mut s)?;
        drop(text);
        if let Some(note) = time_floor(spec, &mut s)? {
            floor_note = Some(note);
        }
        if rep > 0 {
            samples.push(s);
        }
    }
    Ok(medians(&samples, floor_note))
}

/// The stages of `generator::generate` one by one, through the library's
/// public pieces: load, normalize, deserialize, lower, emit (and its
/// formatting, split), render.
fn time_pieces(
    file: &str,
    text: &str,
    options: &generator::Options,
    s: &mut Stages,
) -> Result<(), String> {
    let mut warnings = Vec::new();
    let (tree, d) = time(|| generator::load::parse(file, text, &mut warnings));
    let mut tree = tree.map_err(|e| e.to_string())?;
    s.load = d;
    let ((), d) = time(|| generator::normalize::normalize(&mut tree, &mut warnings));
    s.normalize = d;
    let (doc, d) = time(|| serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&tree));
    let doc = doc.map_err(|e| format!("{file}: openapiv3: {e}"))?;
    s.deserialize = d;
    drop(tree);
    let crate_name = options.crate_name.as_deref();
    let (api, d) = time(|| generator::lower::lower(&doc, crate_name, &Default::default(), &mut warnings));
    s.lower = d;
    let (files, d) = time(|| generator::emit::emit(&api));
    s.emit = d;
    for (path, text) in &files {
        time_format(path, text, s)?;
    }
    let (docs, d) = time(|| generator::render::render(&api, true));
    docs.map_err(|e| e.to_string())?;
    s.render = d;
    s.operations = api.operations.len();
    s.types = api.types.len();
    drop((doc, api, files));
    Ok(())
}

/// The formatting of one emitted file, whole (`emit::format_file`) and in
/// its parts (syn parse, prettyplease, dropping the syntax tree), added up.
fn time_format(path: &str, text: &str, s: &mut Stages) -> Result<(), String> {
    let tokens: proc_macro2::TokenStream = text
        .parse()
        .map_err(|e| format!("{path}: output does not tokenize: {e}"))?;
    let (_, d) = time(|| generator::emit::format_file(tokens.clone()));
    s.format += d;
    let (file, d) = time(|| syn::parse2::<syn::File>(tokens));
    let file = file.map_err(|e| format!("{path}: syn: {e}"))?;
    s.syn_parse += d;
    let (_, d) = time(|| prettyplease::unparse(&file));
    s.prettyplease += d;
    let ((), d) = time(|| drop(file));
    s.syn_drop += d;
    Ok(())
}

/// One `generator::generate` call, then writing its files into an empty
/// directory and over the previous repetition's.
fn time_generate_and_write(
    file: &str,
    text: &str,
    options: &generator::Options,
    scratch: &Path,
    s: &mut Stages,
) -> Result<(), String> {
    let (generated, d) = time(|| generator::generate(file, text, options));
    let generated = generated.map_err(|e| e.to_string())?;
    s.generate = d;
    let out = scratch.join("stages-out");
    let _ = std::fs::remove_dir_all(&out);
    let (written, d) = time(|| write_all(&out, &generated.files));
    written?;
    s.write = d;
    // Over the files the previous repetition wrote (a regeneration).
    let old = scratch.join("stages-rewrite");
    let (written, d) = time(|| write_all(&old, &generated.files));
    written?;
    s.rewrite = d;
    s.end_to_end = s.read + s.generate + s.write;
    drop(generated);
    Ok(())
}

/// The floor: read + parse into openapiv3, and into an untyped tree; a note
/// when openapiv3 refuses the text.
fn time_floor(spec: &Path, s: &mut Stages) -> Result<Option<String>, String> {
    let mut note = None;
    let (typed, d) = time(|| std::fs::read_to_string(spec).map(|t| parse_typed(&t)));
    match typed.map_err(|e| e.to_string())? {
        Ok(doc) => {
            s.floor_typed = Some(d);
            drop(doc);
        }
        Err(e) => {
            note = Some(format!(
                "openapiv3 rejects the text as is ({e}); the floor is the untyped parse"
            ))
        }
    }
    let (untyped, d) = time(|| std::fs::read_to_string(spec).map(|t| parse_untyped(&t)));
    untyped.map_err(|e| e.to_string())??;
    s.floor_untyped = d;
    Ok(note)
}

/// The median of every stage over the samples.
fn medians(samples: &[Stages], floor_note: Option<String>) -> Stages {
    let m = |f: fn(&Stages) -> Duration| median(&samples.iter().map(f).collect::<Vec<_>>());
    let first = &samples[0];
    Stages {
        read: m(|s| s.read),
        load: m(|s| s.load),
        normalize: m(|s| s.normalize),
        deserialize: m(|s| s.deserialize),
        lower: m(|s| s.lower),
        emit: m(|s| s.emit),
        format: m(|s| s.format),
        render: m(|s| s.render),
        syn_parse: m(|s| s.syn_parse),
        prettyplease: m(|s| s.prettyplease),
        syn_drop: m(|s| s.syn_drop),
        write: m(|s| s.write),
        rewrite: m(|s| s.rewrite),
        generate: m(|s| s.generate),
        end_to_end: m(|s| s.end_to_end),
        floor_typed: first
            .floor_typed
            .map(|_| m(|s| s.floor_typed.unwrap_or_default())),
        floor_untyped: m(|s| s.floor_untyped),
        floor_note,
        operations: first.operations,
        types: first.types,
    }
}

fn write_all(dir: &Path, files: &[generator::GeneratedFile]) -> Result<(), String> {
    for f in files {
        let path: PathBuf = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &f.contents).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// `bench stages SPEC [--reps N]`: the breakdown of one spec, printed.
pub(crate) fn command(args: &[String]) -> Result<(), String> {
    let (spec, reps) = match args {
        [spec] => (spec, 10),
        [spec, flag, n] if flag == "--reps" => (spec, n.parse().map_err(|_| "bad --reps")?),
        _ => return Err("usage: bench stages SPEC [--reps N]".into()),
    };
    let scratch = std::env::temp_dir().join(format!("bench-stages-{}", std::process::id()));
    let s = measure(Path::new(spec), reps, &scratch)?;
    let _ = std::fs::remove_dir_all(&scratch);
    println!("{}", header());
    println!("{}", row(spec, &s));
    println!("\n{}", format_header());
    println!("{}", format_row(spec, &s));
    if let Some(note) = &s.floor_note {
        println!("\n{note}");
    }
    Ok(())
}

pub(crate) fn header() -> String {
    "| spec | read | load | normalize | deserialize | lower | emit (files in parallel) | format (one thread, every file) | render | write | sum | **read + generate + write** | floor: parse alone | ratio to floor | rewrite (over existing files) |\n\
     | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        .to_string()
}

pub(crate) fn row(label: &str, s: &Stages) -> String {
    use crate::units::fmt_dur as f;
    let sum = s.read + s.load + s.normalize + s.deserialize + s.lower + s.emit + s.render + s.write;
    let floor = match s.floor_typed {
        Some(d) => f(d),
        None => format!("{} (untyped)", f(s.floor_untyped)),
    };
    format!(
        "| {label} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | **{}** | {floor} | {:.1}× | {} |",
        f(s.read),
        f(s.load),
        f(s.normalize),
        f(s.deserialize),
        f(s.lower),
        f(s.emit),
        f(s.format),
        f(s.render),
        f(s.write),
        f(sum),
        f(s.end_to_end),
        s.end_to_end.as_secs_f64() / s.floor().as_secs_f64(),
        f(s.rewrite),
    )
}

pub(crate) fn format_header() -> String {
    "| spec | `format_file` | `syn::parse2` (owned tokens) | `prettyplease::unparse` | drop `syn::File` | rest (`space_items`, the token clone) |\n\
     | --- | ---: | ---: | ---: | ---: | ---: |"
        .to_string()
}

pub(crate) fn format_row(label: &str, s: &Stages) -> String {
    use crate::units::fmt_dur as f;
    let rest = s
        .format
        .saturating_sub(s.syn_parse + s.prettyplease + s.syn_drop);
    format!(
        "| {label} | {} | {} | {} | {} | {} |",
        f(s.format),
        f(s.syn_parse),
        f(s.prettyplease),
        f(s.syn_drop),
        f(rest)
    )
}

/// `bench parse SPEC`: read and parse into openapiv3 (or untyped, when
/// openapiv3 refuses), the floor whose wall time and peak memory `suite` takes.
pub(crate) fn parse_command(args: &[String]) -> Result<(), String> {
    let [spec] = args else {
        return Err("usage: bench parse SPEC".into());
    };
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{spec}: {e}"))?;
    match parse_typed(&text) {
        Ok(doc) => {
            println!("typed: {} paths", doc.paths.paths.len());
            Ok(())
        }
        Err(e) => {
            parse_untyped(&text)?;
            println!("untyped (openapiv3 refuses: {e})");
            Ok(())
        }
    }
}
