//! `redirect_safety.json`: `url_has_allowed_host_and_scheme`.

use serde_json::{Value, json};

use super::{Document, case_kind, run_cases, unknown_kind};
use crate::report::{CaseResult, Outcome};
use nuages::utils::http::url_has_allowed_host_and_scheme;

/// Run every case.
pub fn run(doc: &Document) -> Vec<CaseResult> {
    run_cases(doc, |case| match case_kind(case) {
        "url_check" => url_check(case),
        _ => unknown_kind(case),
    })
}

fn url_check(case: &Value) -> Outcome {
    let Some(url) = case.get("url").and_then(Value::as_str) else {
        return Outcome::fail("a url", "none");
    };
    let hosts: Vec<&str> = case
        .get("allowed_hosts")
        .and_then(Value::as_array)
        .map(|hosts| hosts.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let require_https = case.get("require_https").and_then(Value::as_bool).unwrap_or(false);
    let actual = url_has_allowed_host_and_scheme(url, &hosts, require_https);
    Outcome::compare(case.get("result").unwrap_or(&Value::Null), &json!(actual))
}
