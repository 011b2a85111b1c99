//! The `interop` corpus: one module per file, each dispatching its cases
//! on `kind`. Add a file by writing its module and listing it in [`SUITES`].

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::report::{CaseResult, FileReport, FileStatus, Outcome};

pub mod cookies;
pub mod csrf;
pub mod dates;
pub mod hashers;
pub mod querydict;
pub mod redirect_safety;
pub mod sessions;
pub mod signing;
pub mod text;
pub mod urls;
pub mod validators;

/// A parsed corpus file: its metadata and its cases.
pub struct Document {
    /// Every top-level key but `cases` (`django_version`, `settings`, ...).
    pub meta: Map<String, Value>,
    /// The cases, in file order.
    pub cases: Vec<Value>,
}

/// A runner for one corpus file: it returns one result per case.
pub type Runner = fn(&Document) -> Vec<CaseResult>;

/// The implemented files.
pub const SUITES: &[(&str, Runner)] = &[
    ("urls.json", urls::run),
    ("querydict.json", querydict::run),
    ("cookies.json", cookies::run),
    ("text.json", text::run),
    ("dates.json", dates::run),
    ("validators.json", validators::run),
    ("hashers.json", hashers::run),
    ("signing.json", signing::run),
    ("sessions.json", sessions::run),
    ("csrf.json", csrf::run),
    ("redirect_safety.json", redirect_safety::run),
];

/// A case's id.
pub fn case_id(case: &Value) -> String {
    case.get("id").and_then(Value::as_str).unwrap_or("<no id>").to_owned()
}

/// A case's kind.
pub fn case_kind(case: &Value) -> &str {
    case.get("kind").and_then(Value::as_str).unwrap_or("")
}

/// Run each case with `run_case`; a panic fails that case (and is a bug:
/// nothing in Nuages may panic on input).
pub fn run_cases(doc: &Document, mut run_case: impl FnMut(&Value) -> Outcome) -> Vec<CaseResult> {
    doc.cases
        .iter()
        .map(|case| {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_case(case)))
                .unwrap_or_else(|_| Outcome::fail("no panic", "a panic"));
            CaseResult {
                id: case_id(case),
                outcome,
            }
        })
        .collect()
}

/// The outcome for a kind this runner does not know.
pub fn unknown_kind(case: &Value) -> Outcome {
    Outcome::fail("a known kind", format!("unknown kind {:?}", case_kind(case)))
}

/// Every `*.json` file under `paths` (files as given, folders recursed),
/// sorted within each folder.
pub fn collect_files(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            entries.sort();
            for entry in entries {
                if entry.is_dir() {
                    out.extend(collect_files(&[entry])?);
                } else if entry.extension().is_some_and(|e| e == "json") {
                    out.push(entry);
                }
            }
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

/// Run one corpus file.
pub fn run_file(path: &Path) -> FileStatus {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some((_, runner)) = SUITES.iter().find(|(name, _)| *name == file) else {
        return FileStatus::Skipped { file };
    };
    let document = std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str::<Value>(&text).map_err(|e| e.to_string()));
    let mut meta = match document {
        Ok(Value::Object(map)) => map,
        Ok(_) => {
            return FileStatus::Unreadable {
                file,
                error: "not a JSON object".into(),
            };
        }
        Err(error) => return FileStatus::Unreadable { file, error },
    };
    let cases = match meta.remove("cases") {
        Some(Value::Array(cases)) => cases,
        _ => {
            return FileStatus::Unreadable {
                file,
                error: "no \"cases\" list".into(),
            };
        }
    };
    let doc = Document { meta, cases };
    FileStatus::Ran(FileReport {
        file,
        results: runner(&doc),
    })
}
