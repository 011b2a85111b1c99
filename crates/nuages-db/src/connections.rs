//! The connection handler (Django's `django.db.connections`): databases by
//! alias, configured once from `DATABASES`, reached from anywhere.
//!
//! Statements run on the task's transaction connection when inside
//! [`atomic`](crate::transaction::atomic), otherwise on the pool.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, RwLock};

use sqlx::pool::PoolConnection;
use sqlx::sqlite::{Sqlite, SqlitePool};
use sqlx::{AssertSqlSafe, Executor};

use crate::backends::Vendor;
use crate::backends::base::features::DatabaseFeatures;
use crate::backends::sqlite::operations as sqlite_ops;
use crate::models::FieldKind;
use crate::transaction;
use crate::{Error, Result, Value};

#[cfg(feature = "mysql")]
use crate::backends::mysql::operations as mysql_ops;
#[cfg(feature = "postgres")]
use crate::backends::postgresql::operations as pg_ops;
#[cfg(feature = "mysql")]
use sqlx::mysql::{MySql, MySqlPool};
#[cfg(feature = "postgres")]
use sqlx::postgres::{PgPool, Postgres};

/// The alias of the default database (Django's `DEFAULT_DB_ALIAS`).
pub const DEFAULT_DB_ALIAS: &str = "default";

static HANDLER: LazyLock<RwLock<HashMap<String, Arc<DatabaseWrapper>>>> = LazyLock::new(|| RwLock::new(HashMap::new()));

static QUERY_COUNT: AtomicU64 = AtomicU64::new(0);

/// A pool of one backend (one variant per driver: sqlx's `Any` driver
/// would lose the column types).
#[derive(Debug, Clone)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    #[cfg(feature = "postgres")]
    Postgres(PgPool),
    #[cfg(feature = "mysql")]
    Mysql(MySqlPool),
}

/// A connection checked out of a pool (held by a transaction).
#[derive(Debug)]
pub(crate) enum PooledConnection {
    Sqlite(PoolConnection<Sqlite>),
    #[cfg(feature = "postgres")]
    Postgres(PoolConnection<Postgres>),
    #[cfg(feature = "mysql")]
    Mysql(PoolConnection<MySql>),
}

fn sqlite_query(sql: String, values: Vec<Value>) -> sqlite_ops::SqliteQuery<'static> {
    values
        .into_iter()
        .fold(sqlx::query::<Sqlite>(AssertSqlSafe(sql)), sqlite_ops::bind)
}

#[cfg(feature = "postgres")]
fn pg_query(sql: String, values: Vec<Value>) -> pg_ops::PgQuery<'static> {
    values
        .into_iter()
        .fold(sqlx::query::<Postgres>(AssertSqlSafe(sql)), pg_ops::bind)
}

#[cfg(feature = "mysql")]
fn mysql_query(sql: String, values: Vec<Value>) -> mysql_ops::MySqlQuery<'static> {
    values
        .into_iter()
        .fold(sqlx::query::<MySql>(AssertSqlSafe(sql)), mysql_ops::bind)
}

impl From<sqlx::sqlite::SqliteQueryResult> for ExecResult {
    fn from(r: sqlx::sqlite::SqliteQueryResult) -> Self {
        ExecResult {
            rows_affected: r.rows_affected(),
            last_insert_id: Some(r.last_insert_rowid()),
        }
    }
}

#[cfg(feature = "postgres")]
impl From<sqlx::postgres::PgQueryResult> for ExecResult {
    fn from(r: sqlx::postgres::PgQueryResult) -> Self {
        ExecResult {
            rows_affected: r.rows_affected(),
            last_insert_id: None,
        }
    }
}

#[cfg(feature = "mysql")]
impl From<sqlx::mysql::MySqlQueryResult> for ExecResult {
    fn from(r: sqlx::mysql::MySqlQueryResult) -> Self {
        ExecResult {
            rows_affected: r.rows_affected(),
            last_insert_id: i64::try_from(r.last_insert_id()).ok(),
        }
    }
}

impl PooledConnection {
    /// Run SQL without parameters (BEGIN, SAVEPOINT, PRAGMA, ...).
    pub(crate) async fn execute_plain(&mut self, sql: &str) -> Result<()> {
        tracing::debug!(target: "nuages::db::backends", sql);
        let raw = sqlx::raw_sql(AssertSqlSafe(sql.to_owned()));
        match self {
            PooledConnection::Sqlite(c) => {
                (&mut **c).execute(raw).await?;
            }
            #[cfg(feature = "postgres")]
            PooledConnection::Postgres(c) => {
                (&mut **c).execute(raw).await?;
            }
            #[cfg(feature = "mysql")]
            PooledConnection::Mysql(c) => {
                (&mut **c).execute(raw).await?;
            }
        }
        Ok(())
    }

    /// The backend of this connection.
    pub(crate) fn vendor(&self) -> Vendor {
        match self {
            PooledConnection::Sqlite(_) => Vendor::Sqlite,
            #[cfg(feature = "postgres")]
            PooledConnection::Postgres(_) => Vendor::Postgresql,
            #[cfg(feature = "mysql")]
            PooledConnection::Mysql(_) => Vendor::Mysql,
        }
    }

    /// Don't return this connection to the pool (it may be mid-transaction).
    pub(crate) fn close_on_drop(&mut self) {
        match self {
            PooledConnection::Sqlite(c) => c.close_on_drop(),
            #[cfg(feature = "postgres")]
            PooledConnection::Postgres(c) => c.close_on_drop(),
            #[cfg(feature = "mysql")]
            PooledConnection::Mysql(c) => c.close_on_drop(),
        }
    }

    /// Run one parameterised statement on this connection.
    async fn run(&mut self, sql: String, values: Vec<Value>) -> Result<ExecResult> {
        Ok(match self {
            PooledConnection::Sqlite(c) => sqlite_query(sql, values).execute(&mut **c).await?.into(),
            #[cfg(feature = "postgres")]
            PooledConnection::Postgres(c) => pg_query(sql, values).execute(&mut **c).await?.into(),
            #[cfg(feature = "mysql")]
            PooledConnection::Mysql(c) => mysql_query(sql, values).execute(&mut **c).await?.into(),
        })
    }

    /// Run one parameterised query on this connection and decode its rows.
    async fn fetch(&mut self, sql: String, values: Vec<Value>, kinds: &[Option<FieldKind>]) -> Result<Vec<Vec<Value>>> {
        match self {
            PooledConnection::Sqlite(c) => {
                let rows = sqlite_query(sql, values).fetch_all(&mut **c).await?;
                rows.iter().map(|r| sqlite_ops::decode_row(r, kinds)).collect()
            }
            #[cfg(feature = "postgres")]
            PooledConnection::Postgres(c) => {
                let rows = pg_query(sql, values).fetch_all(&mut **c).await?;
                rows.iter().map(|r| pg_ops::decode_row(r, kinds)).collect()
            }
            #[cfg(feature = "mysql")]
            PooledConnection::Mysql(c) => {
                let rows = mysql_query(sql, values).fetch_all(&mut **c).await?;
                rows.iter().map(|r| mysql_ops::decode_row(r, kinds)).collect()
            }
        }
    }
}

/// What an INSERT/UPDATE/DELETE reports.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ExecResult {
    pub(crate) rows_affected: u64,
    /// The auto-increment id of the inserted row (SQLite, MySQL).
    pub(crate) last_insert_id: Option<i64>,
}

/// One configured database (Django's `DatabaseWrapper`, `connections[alias]`).
#[derive(Debug)]
pub struct DatabaseWrapper {
    alias: String,
    url: String,
    vendor: Vendor,
    pool: Pool,
    features: tokio::sync::OnceCell<DatabaseFeatures>,
}

/// Configure the databases: `(alias, url)` pairs, replacing any previous
/// configuration (Django's `DATABASES`). URLs: `sqlite://db.sqlite3`
/// (created if missing), `sqlite:///abs/path.sqlite3`, `sqlite::memory:`;
/// with the `postgres` feature `postgres://user:pw@host:5432/name`, with
/// the `mysql` feature `mysql://user:pw@host:3306/name` (MariaDB too).
///
/// Pools connect lazily, so this needs no runtime.
///
/// # Errors
/// `ImproperlyConfigured` for an unsupported or malformed URL.
pub fn configure<I, A, U>(databases: I) -> Result<()>
where
    I: IntoIterator<Item = (A, U)>,
    A: Into<String>,
    U: Into<String>,
{
    let mut map = HashMap::new();
    for (alias, url) in databases {
        let alias = alias.into();
        let db = DatabaseWrapper::open(&alias, &url.into())?;
        map.insert(alias, Arc::new(db));
    }
    let mut handler = HANDLER.write().unwrap_or_else(|p| p.into_inner());
    *handler = map;
    Ok(())
}

/// Add or replace one database alias.
///
/// # Errors
/// `ImproperlyConfigured` for an unsupported or malformed URL.
pub fn add(alias: &str, url: &str) -> Result<()> {
    let db = DatabaseWrapper::open(alias, url)?;
    let mut handler = HANDLER.write().unwrap_or_else(|p| p.into_inner());
    handler.insert(alias.to_owned(), Arc::new(db));
    Ok(())
}

/// The database called `alias` (Django's `connections[alias]`).
///
/// # Errors
/// `ConnectionDoesNotExist` when it is not configured.
pub fn get(alias: &str) -> Result<Arc<DatabaseWrapper>> {
    let handler = HANDLER.read().unwrap_or_else(|p| p.into_inner());
    handler
        .get(alias)
        .cloned()
        .ok_or_else(|| Error::ConnectionDoesNotExist {
            alias: alias.to_owned(),
        })
}

/// The configured aliases, sorted.
pub fn aliases() -> Vec<String> {
    let handler = HANDLER.read().unwrap_or_else(|p| p.into_inner());
    let mut v: Vec<String> = handler.keys().cloned().collect();
    v.sort();
    v
}

/// How many statements the ORM has sent since start-up (for tests in the
/// spirit of Django's `assertNumQueries`; count the difference).
pub fn queries_executed() -> u64 {
    QUERY_COUNT.load(Ordering::Relaxed)
}

/// Close every pool (waits for checked-out connections to come back).
pub async fn close_all() {
    let dbs: Vec<Arc<DatabaseWrapper>> = {
        let handler = HANDLER.read().unwrap_or_else(|p| p.into_inner());
        handler.values().cloned().collect()
    };
    for db in dbs {
        db.close().await;
    }
}

/// Remove alias `alias` from the handler and close its pool (test
/// databases are torn down this way before being dropped).
pub async fn remove(alias: &str) {
    let db = {
        let mut handler = HANDLER.write().unwrap_or_else(|p| p.into_inner());
        handler.remove(alias)
    };
    if let Some(db) = db {
        db.close().await;
    }
}

/// The URL schemes this build accepts.
fn supported_schemes() -> &'static str {
    match (cfg!(feature = "postgres"), cfg!(feature = "mysql")) {
        (true, true) => "sqlite:, postgres:, mysql:",
        (true, false) => "sqlite:, postgres: (enable the `mysql` feature for mysql:)",
        (false, true) => "sqlite:, mysql: (enable the `postgres` feature for postgres:)",
        (false, false) => "sqlite: (enable the `postgres` or `mysql` feature for the others)",
    }
}

impl DatabaseWrapper {
    fn open(alias: &str, url: &str) -> Result<Self> {
        let scheme = url.split(':').next().unwrap_or_default();
        let (vendor, pool) = match scheme {
            "sqlite" => (
                Vendor::Sqlite,
                Pool::Sqlite(crate::backends::sqlite::base::open_pool(url)?),
            ),
            #[cfg(feature = "postgres")]
            "postgres" | "postgresql" => (
                Vendor::Postgresql,
                Pool::Postgres(crate::backends::postgresql::base::open_pool(url)?),
            ),
            #[cfg(feature = "mysql")]
            "mysql" | "mariadb" => (
                Vendor::Mysql,
                Pool::Mysql(crate::backends::mysql::base::open_pool(url)?),
            ),
            _ => {
                return Err(Error::ImproperlyConfigured(format!(
                    "database '{alias}': unsupported URL scheme '{scheme}:' (this build supports {})",
                    supported_schemes()
                )));
            }
        };
        Ok(DatabaseWrapper {
            alias: alias.to_owned(),
            url: url.to_owned(),
            vendor,
            pool,
            features: tokio::sync::OnceCell::new(),
        })
    }

    /// The server's version-dependent features (Django's
    /// `connection.features`), read once from `SELECT VERSION()` on MySQL
    /// and MariaDB; the other vendors need no query.
    ///
    /// # Errors
    /// `OperationalError` when the server cannot be reached.
    pub async fn features(&self) -> Result<DatabaseFeatures> {
        if self.vendor != Vendor::Mysql {
            return Ok(DatabaseFeatures::default());
        }
        self.features
            .get_or_try_init(|| async {
                let rows = self.fetch_all("SELECT VERSION()", &[]).await?;
                let version = rows
                    .first()
                    .and_then(|r| r.first())
                    .map(Value::to_text)
                    .unwrap_or_default();
                Ok(DatabaseFeatures::from_server_version(self.vendor, &version))
            })
            .await
            .copied()
    }

    async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            #[cfg(feature = "postgres")]
            Pool::Postgres(p) => p.close().await,
            #[cfg(feature = "mysql")]
            Pool::Mysql(p) => p.close().await,
        }
    }

    /// The alias, e.g. `default`.
    pub fn alias(&self) -> &str {
        &self.alias
    }

    /// The URL it was configured with.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The backend (Django's `connection.vendor`).
    pub fn vendor(&self) -> Vendor {
        self.vendor
    }

    pub(crate) async fn acquire(&self) -> Result<PooledConnection> {
        Ok(match &self.pool {
            Pool::Sqlite(p) => PooledConnection::Sqlite(p.acquire().await?),
            #[cfg(feature = "postgres")]
            Pool::Postgres(p) => PooledConnection::Postgres(p.acquire().await?),
            #[cfg(feature = "mysql")]
            Pool::Mysql(p) => PooledConnection::Mysql(p.acquire().await?),
        })
    }

    /// Execute one parameterised statement; returns the rows affected
    /// (Django's `cursor.execute(sql, params)`). Placeholders are the
    /// driver's: `?` on SQLite and MySQL, `$1, $2, ...` on PostgreSQL.
    ///
    /// # Errors
    /// The database's error, classified.
    pub async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64> {
        Ok(self.run(sql.to_owned(), params.to_vec()).await?.rows_affected)
    }

    /// Run one parameterised query and return its rows, each column decoded
    /// by the type the database reports (placeholders as for [`execute`](Self::execute)).
    ///
    /// # Errors
    /// The database's error, classified.
    pub async fn fetch_all(&self, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>> {
        self.fetch(sql.to_owned(), params.to_vec(), None).await
    }

    /// Run several `;`-separated statements without parameters (migrations' `RunSql`).
    ///
    /// # Errors
    /// The database's error, classified.
    pub async fn execute_script(&self, sql: &str) -> Result<()> {
        QUERY_COUNT.fetch_add(1, Ordering::Relaxed);
        crate::test::record(&self.alias, sql);
        if let Some(tx) = transaction::current(&self.alias) {
            let mut guard = tx.lock().await;
            return guard.conn()?.execute_plain(sql).await;
        }
        tracing::debug!(target: "nuages::db::backends", sql);
        let raw = sqlx::raw_sql(AssertSqlSafe(sql.to_owned()));
        match &self.pool {
            Pool::Sqlite(p) => {
                p.execute(raw).await?;
            }
            #[cfg(feature = "postgres")]
            Pool::Postgres(p) => {
                p.execute(raw).await?;
            }
            #[cfg(feature = "mysql")]
            Pool::Mysql(p) => {
                p.execute(raw).await?;
            }
        }
        Ok(())
    }

    pub(crate) async fn run(&self, sql: String, values: Vec<Value>) -> Result<ExecResult> {
        QUERY_COUNT.fetch_add(1, Ordering::Relaxed);
        crate::test::record(&self.alias, &sql);
        tracing::debug!(target: "nuages::db::backends", sql = %sql, params = ?values);
        if let Some(tx) = transaction::current(&self.alias) {
            let mut guard = tx.lock().await;
            return guard.conn()?.run(sql, values).await;
        }
        Ok(match &self.pool {
            Pool::Sqlite(p) => sqlite_query(sql, values).execute(p).await?.into(),
            #[cfg(feature = "postgres")]
            Pool::Postgres(p) => pg_query(sql, values).execute(p).await?.into(),
            #[cfg(feature = "mysql")]
            Pool::Mysql(p) => mysql_query(sql, values).execute(p).await?.into(),
        })
    }

    pub(crate) async fn fetch(
        &self,
        sql: String,
        values: Vec<Value>,
        kinds: Option<&[FieldKind]>,
    ) -> Result<Vec<Vec<Value>>> {
        let kinds: Vec<Option<FieldKind>> = kinds.unwrap_or_default().iter().copied().map(Some).collect();
        self.fetch_columns(sql, values, &kinds).await
    }

    /// Run one parameterised query; column `i` is decoded as `kinds[i]`
    /// when known, else by the type the database reports.
    pub(crate) async fn fetch_columns(
        &self,
        sql: String,
        values: Vec<Value>,
        kinds: &[Option<FieldKind>],
    ) -> Result<Vec<Vec<Value>>> {
        QUERY_COUNT.fetch_add(1, Ordering::Relaxed);
        crate::test::record(&self.alias, &sql);
        tracing::debug!(target: "nuages::db::backends", sql = %sql, params = ?values);
        if let Some(tx) = transaction::current(&self.alias) {
            let mut guard = tx.lock().await;
            return guard.conn()?.fetch(sql, values, kinds).await;
        }
        match &self.pool {
            Pool::Sqlite(p) => {
                let rows = sqlite_query(sql, values).fetch_all(p).await?;
                rows.iter().map(|r| sqlite_ops::decode_row(r, kinds)).collect()
            }
            #[cfg(feature = "postgres")]
            Pool::Postgres(p) => {
                let rows = pg_query(sql, values).fetch_all(p).await?;
                rows.iter().map(|r| pg_ops::decode_row(r, kinds)).collect()
            }
            #[cfg(feature = "mysql")]
            Pool::Mysql(p) => {
                let rows = mysql_query(sql, values).fetch_all(p).await?;
                rows.iter().map(|r| mysql_ops::decode_row(r, kinds)).collect()
            }
        }
    }
}
