//! Query counting for tests (Django's `CaptureQueriesContext` and
//! `TestCase.assertNumQueries`).
//!
//! Captures are scoped to the running task (a task-local, like
//! transactions), so tests running side by side do not see each other's
//! queries; nested captures each see the queries of their block.
//!
//! # Examples
//! ```
//! use nuages_db::test::{assert_num_queries, capture_queries};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> nuages_db::Result<()> {
//! nuages_db::connections::add("capture_doc", "sqlite::memory:")?;
//! let db = nuages_db::connections::get("capture_doc")?;
//! let (rows, queries) = capture_queries(db.fetch_all("SELECT 1", &[])).await;
//! assert_eq!(rows?.len(), 1);
//! assert_eq!(queries.len(), 1);
//! assert_eq!(queries[0].sql, "SELECT 1");
//! let rows = assert_num_queries(1, db.fetch_all("SELECT 2", &[])).await?;
//! assert_eq!(rows.len(), 1);
//! # Ok(())
//! # }
//! ```

use std::future::Future;
use std::sync::{Arc, Mutex};

/// One statement sent to a database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapturedQuery {
    /// The database alias.
    pub alias: String,
    /// The SQL, with placeholders (parameters are bound separately).
    pub sql: String,
}

type Sink = Arc<Mutex<Vec<CapturedQuery>>>;

tokio::task_local! {
    static CAPTURES: Vec<Sink>;
}

/// Record a statement in every capture active in this task.
pub(crate) fn record(alias: &str, sql: &str) {
    let _ = CAPTURES.try_with(|sinks| {
        for sink in sinks {
            sink.lock().unwrap_or_else(|p| p.into_inner()).push(CapturedQuery {
                alias: alias.to_owned(),
                sql: sql.to_owned(),
            });
        }
    });
}

/// Run `block` and return its output with the statements it sent, in order
/// (Django's `CaptureQueriesContext.captured_queries`).
pub async fn capture_queries<F: Future>(block: F) -> (F::Output, Vec<CapturedQuery>) {
    let sink: Sink = Arc::new(Mutex::new(Vec::new()));
    let mut sinks = CAPTURES.try_with(Clone::clone).unwrap_or_default();
    sinks.push(sink.clone());
    let out = CAPTURES.scope(sinks, block).await;
    let queries = std::mem::take(&mut *sink.lock().unwrap_or_else(|p| p.into_inner()));
    (out, queries)
}

/// Run `block`, assert it sent exactly `expected` statements, and return its
/// output (Django's `assertNumQueries`).
///
/// # Panics
/// When the count differs: the message lists the statements, as Django's does.
pub async fn assert_num_queries<F: Future>(expected: usize, block: F) -> F::Output {
    let (out, queries) = capture_queries(block).await;
    if queries.len() != expected {
        let list: Vec<String> = queries
            .iter()
            .enumerate()
            .map(|(i, q)| format!("{}. {}", i + 1, q.sql))
            .collect();
        panic!(
            "{} queries executed, {expected} expected\nCaptured queries were:\n{}",
            queries.len(),
            list.join("\n")
        );
    }
    out
}
