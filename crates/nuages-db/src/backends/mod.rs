//! Database backends (Django's `django.db.backends`): one folder per vendor,
//! repeating `base`'s file names. SQLite is always built; PostgreSQL and
//! MySQL/MariaDB come with the `postgres` and `mysql` cargo features, each
//! with its own pool (see `connections`).

pub mod base;
#[cfg(feature = "mysql")]
pub mod mysql;
#[cfg(feature = "postgres")]
pub mod postgresql;
pub mod sqlite;

use sea_query::{MysqlQueryBuilder, PostgresQueryBuilder, QueryStatementWriter, SqliteQueryBuilder};

use crate::Value;

/// Which database engine a connection talks to (Django's `connection.vendor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Vendor {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgresql,
    /// MySQL / MariaDB.
    Mysql,
}

impl Vendor {
    /// Django's vendor string: `"sqlite"`, `"postgresql"`, `"mysql"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Vendor::Sqlite => "sqlite",
            Vendor::Postgresql => "postgresql",
            Vendor::Mysql => "mysql",
        }
    }

    /// Render a sea-query statement in this vendor's dialect.
    ///
    /// The parameters come back as [`Value`]s already adapted to the vendor
    /// (sea-query's own values are not `Send`).
    pub(crate) fn build<S: QueryStatementWriter>(self, stmt: &S) -> (String, Vec<Value>) {
        let (sql, values) = match self {
            Vendor::Sqlite => stmt.build(SqliteQueryBuilder),
            Vendor::Postgresql => stmt.build(PostgresQueryBuilder),
            Vendor::Mysql => stmt.build(MysqlQueryBuilder),
        };
        (sql, values.0.into_iter().map(from_sea_value).collect())
    }

    /// The `n`-th (1-based) parameter placeholder of raw SQL: `?` on SQLite
    /// and MySQL, `$n` on PostgreSQL.
    pub fn placeholder(self, n: usize) -> String {
        match self {
            Vendor::Postgresql => format!("${n}"),
            _ => "?".to_owned(),
        }
    }

    /// Quote an identifier (Django's `ops.quote_name`).
    pub fn quote_name(self, name: &str) -> String {
        match self {
            Vendor::Mysql => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// Turn a [`Value`] into what this vendor stores (Django's
    /// `adapt_datetimefield_value` and friends): on SQLite and MySQL a
    /// datetime is `YYYY-MM-DD HH:MM:SS[.ffffff]` text in UTC, a UUID 32 hex
    /// digits, a duration its microseconds, JSON its text; PostgreSQL gets
    /// its native types.
    pub(crate) fn adapt_value(self, value: &Value) -> sea_query::Value {
        use sea_query::Value as V;
        let pg = self == Vendor::Postgresql;
        match value {
            Value::Null => V::String(None),
            Value::Bool(b) => V::Bool(Some(*b)),
            Value::Int(i) => V::BigInt(Some(*i)),
            Value::Float(f) => V::Double(Some(*f)),
            Value::Text(s) => V::String(Some(s.clone())),
            Value::DateTime(dt) if pg => V::ChronoDateTimeUtc(Some(*dt)),
            Value::NaiveDateTime(dt) if pg => V::ChronoDateTime(Some(*dt)),
            Value::Date(d) if pg => V::ChronoDate(Some(*d)),
            Value::Time(t) if pg => V::ChronoTime(Some(*t)),
            Value::Duration(d) if !pg => V::BigInt(d.num_microseconds()),
            // 32 hex digits: `char(32)` (Django's `value.hex`); MariaDB's `uuid` accepts them too.
            Value::Uuid(u) if !pg => V::String(Some(u.simple().to_string())),
            Value::Bytes(b) => V::Bytes(Some(b.clone())),
            Value::Decimal(_) | Value::Uuid(_) | Value::Json(_) | Value::Duration(_) | Value::IpAddr(_) if pg => {
                carry::wrap(value)
            }
            Value::List(items) => {
                // Only `__in` takes lists, and it expands them; a list bound
                // as a scalar is stored as its JSON text.
                V::String(serde_json::to_string(items).ok())
            }
            other => V::String(Some(other.to_text())),
        }
    }

    /// Whether DDL runs inside transactions (Django's
    /// `features.can_rollback_ddl`): false on MySQL, where each `CREATE`
    /// or `ALTER` commits, so migrations there are not atomic.
    pub fn can_rollback_ddl(self) -> bool {
        !matches!(self, Vendor::Mysql)
    }

    /// Django's `max_name_length()`: the longest identifier (None: no limit, 200 used).
    pub(crate) fn max_name_length(self) -> usize {
        match self {
            Vendor::Sqlite => 200,
            Vendor::Postgresql => 63,
            Vendor::Mysql => 64,
        }
    }
}

/// Split Django's `connect_timeout` option (seconds) off a server URL's
/// query string: it bounds how long a query waits for a connection
/// (sqlx's acquire timeout, 30 s by default), so an unreachable database
/// is an `OperationalError` after that long, never a hang.
#[cfg_attr(not(any(feature = "postgres", feature = "mysql")), allow(dead_code))]
pub(crate) fn take_connect_timeout(url: &str) -> (String, std::time::Duration) {
    let default = std::time::Duration::from_secs(30);
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_owned(), default);
    };
    let mut timeout = default;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| match pair.split_once('=') {
            Some(("connect_timeout", v)) => {
                if let Ok(secs) = v.parse::<f64>()
                    && secs.is_finite()
                    && secs > 0.0
                {
                    timeout = std::time::Duration::from_secs_f64(secs.min(3600.0));
                }
                false
            }
            _ => !pair.is_empty(),
        })
        .collect();
    let url = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (url, timeout)
}

/// PostgreSQL values sea-query has no variant for (numeric, uuid, jsonb,
/// interval, inet) cross sea-query as tagged text and come back out of
/// `Vendor::build` as the original [`Value`], which the driver binds natively.
mod carry {
    use crate::Value;

    /// A private-use character no real parameter starts with, then a tag.
    const MARK: &str = "\u{F8FF}nuages\u{0}";

    pub(super) fn wrap(value: &Value) -> sea_query::Value {
        let (tag, payload) = match value {
            Value::Decimal(d) => ("decimal", d.to_string()),
            Value::Uuid(u) => ("uuid", u.simple().to_string()),
            Value::Json(j) => ("json", j.to_string()),
            Value::Duration(d) => ("duration", d.num_microseconds().unwrap_or(i64::MAX).to_string()),
            Value::IpAddr(ip) => ("inet", ip.to_string()),
            other => return sea_query::Value::String(Some(other.to_text())),
        };
        sea_query::Value::String(Some(format!("{MARK}{tag}\u{0}{payload}")))
    }

    pub(super) fn unwrap(text: String) -> Value {
        let Some((tag, payload)) = text.strip_prefix(MARK).and_then(|rest| rest.split_once('\u{0}')) else {
            return Value::Text(text);
        };
        let parsed = match tag {
            "decimal" => payload.parse().ok().map(Value::Decimal),
            "uuid" => uuid::Uuid::parse_str(payload).ok().map(Value::Uuid),
            "json" => serde_json::from_str(payload).ok().map(Value::Json),
            "duration" => payload
                .parse()
                .ok()
                .map(|us| Value::Duration(chrono::TimeDelta::microseconds(us))),
            "inet" => payload.parse().ok().map(Value::IpAddr),
            _ => None,
        };
        parsed.unwrap_or(Value::Text(text))
    }
}

/// A sea-query parameter back as a [`Value`] (for binding).
fn from_sea_value(v: sea_query::Value) -> Value {
    use sea_query::Value as V;
    let int = |i: Option<i64>| i.map_or(Value::Null, Value::Int);
    match v {
        V::Bool(b) => b.map_or(Value::Null, Value::Bool),
        V::TinyInt(i) => int(i.map(i64::from)),
        V::SmallInt(i) => int(i.map(i64::from)),
        V::Int(i) => int(i.map(i64::from)),
        V::BigInt(i) => int(i),
        V::TinyUnsigned(i) => int(i.map(i64::from)),
        V::SmallUnsigned(i) => int(i.map(i64::from)),
        V::Unsigned(i) => int(i.map(i64::from)),
        V::BigUnsigned(i) => int(i.and_then(|u| i64::try_from(u).ok())),
        V::Float(f) => f.map_or(Value::Null, |f| Value::Float(f64::from(f))),
        V::Double(f) => f.map_or(Value::Null, Value::Float),
        V::String(s) => s.map_or(Value::Null, carry::unwrap),
        V::Char(c) => c.map_or(Value::Null, |c| Value::Text(c.to_string())),
        V::Bytes(b) => b.map_or(Value::Null, Value::Bytes),
        V::ChronoDateTimeUtc(dt) => dt.map_or(Value::Null, Value::DateTime),
        V::ChronoDateTime(dt) => dt.map_or(Value::Null, Value::NaiveDateTime),
        V::ChronoDate(d) => d.map_or(Value::Null, Value::Date),
        V::ChronoTime(t) => t.map_or(Value::Null, Value::Time),
        other => Value::Text(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_only_values_cross_sea_query_intact() {
        let values = [
            Value::Decimal(rust_decimal::Decimal::new(12345, 2)),
            Value::Uuid(uuid::Uuid::from_u128(7)),
            Value::Json(serde_json::json!({"a": [1, "x"]})),
            Value::Duration(chrono::TimeDelta::microseconds(-5)),
            Value::IpAddr("::1".parse().expect("ip")),
            Value::Date(chrono::NaiveDate::from_ymd_opt(2024, 1, 2).expect("date")),
            Value::Bytes(vec![0, 255]),
        ];
        for v in values {
            assert_eq!(from_sea_value(Vendor::Postgresql.adapt_value(&v)), v);
        }
        let uuid = Value::Uuid(uuid::Uuid::from_u128(7));
        assert_eq!(
            from_sea_value(Vendor::Sqlite.adapt_value(&uuid)),
            Value::Text("00000000000000000000000000000007".into())
        );
    }

    #[test]
    fn connect_timeout_is_taken_off_the_url() {
        let (url, t) = take_connect_timeout("postgres://u@h/db?sslmode=disable&connect_timeout=2");
        assert_eq!((url.as_str(), t.as_secs()), ("postgres://u@h/db?sslmode=disable", 2));
        let (url, t) = take_connect_timeout("mysql://u@h/db?connect_timeout=0.5");
        assert_eq!((url.as_str(), t.as_millis()), ("mysql://u@h/db", 500));
        let (url, t) = take_connect_timeout("mysql://u@h/db");
        assert_eq!((url.as_str(), t.as_secs()), ("mysql://u@h/db", 30));
    }
}
