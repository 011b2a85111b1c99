//! Opening SQLite pools from a URL (Django's `sqlite3/base.py`).

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

use crate::{Error, Result};

/// Open a lazily-connecting pool for `url` (`sqlite://db.sqlite3`,
/// `sqlite:///abs/path`, `sqlite::memory:`). The file is created if missing
/// and foreign keys are enforced, as Django does; each connection gets a
/// `REGEXP` function (Django registers one for the `regex` lookups), with
/// Rust's `regex` syntax.
pub(crate) fn open_pool(url: &str) -> Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| Error::ImproperlyConfigured(format!("invalid SQLite URL '{url}': {e}")))?
        .create_if_missing(true)
        .foreign_keys(true)
        .with_regexp()
        .busy_timeout(Duration::from_secs(20));
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    // Each connection to ":memory:" would be a separate database: keep one.
    let max = if in_memory { 1 } else { 8 };
    Ok(SqlitePoolOptions::new()
        .max_connections(max)
        .acquire_timeout(Duration::from_secs(30))
        .connect_lazy_with(options))
}
