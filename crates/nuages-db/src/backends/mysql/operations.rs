//! Binding parameters and decoding rows on MySQL / MariaDB (Django's
//! `mysql/operations.py`): datetimes are naive UTC `datetime(6)` values,
//! booleans `tinyint(1)`.

use sqlx::mysql::{MySql, MySqlArguments, MySqlRow};
use sqlx::{Row, TypeInfo, ValueRef};

use crate::models::FieldKind;
use crate::{Error, Result, Value};

pub(crate) type MySqlQuery<'q> = sqlx::query::Query<'q, MySql, MySqlArguments>;

/// Bind one value (already adapted by `Vendor::adapt_value`/`build`).
pub(crate) fn bind(query: MySqlQuery<'_>, value: Value) -> MySqlQuery<'_> {
    match value {
        Value::Null => query.bind(None::<String>),
        Value::Bool(b) => query.bind(b),
        Value::Int(i) => query.bind(i),
        Value::Float(f) => query.bind(f),
        Value::Text(s) => query.bind(s),
        Value::DateTime(dt) => query.bind(dt.naive_utc()),
        Value::NaiveDateTime(dt) => query.bind(dt),
        Value::Date(d) => query.bind(d),
        Value::Time(t) => query.bind(t),
        Value::Duration(d) => query.bind(d.num_microseconds()),
        Value::Decimal(d) => query.bind(d),
        // 32 hex digits: what `char(32)` holds and MariaDB's `uuid` accepts.
        Value::Uuid(u) => query.bind(u.simple().to_string()),
        Value::Bytes(b) => query.bind(b),
        Value::List(items) => query.bind(serde_json::to_string(&items).ok()),
        other => query.bind(other.to_text()),
    }
}

fn bad(i: usize, type_name: &str) -> Error {
    Error::Database {
        kind: crate::DatabaseErrorKind::DatabaseError,
        message: format!("cannot decode column {i} of type {type_name}"),
        source: None,
    }
}

/// Decode column `i` by the type MySQL reports.
fn decode_dynamic(row: &MySqlRow, i: usize) -> Result<Value> {
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let type_name = raw.type_info().name().to_ascii_uppercase();
    Ok(match type_name.as_str() {
        "BOOLEAN" => Value::Bool(row.try_get::<bool, _>(i)?),
        "TINYINT" | "SMALLINT" | "MEDIUMINT" | "INT" | "BIGINT" => Value::Int(row.try_get::<i64, _>(i)?),
        "TINYINT UNSIGNED" | "SMALLINT UNSIGNED" | "MEDIUMINT UNSIGNED" | "INT UNSIGNED" | "BIGINT UNSIGNED" => {
            let u = row.try_get::<u64, _>(i)?;
            Value::Int(i64::try_from(u).map_err(|_| bad(i, &type_name))?)
        }
        "FLOAT" => Value::Float(f64::from(row.try_get::<f32, _>(i)?)),
        "DOUBLE" => Value::Float(row.try_get::<f64, _>(i)?),
        "DATETIME" | "TIMESTAMP" => Value::DateTime(row.try_get::<chrono::NaiveDateTime, _>(i)?.and_utc()),
        "DATE" => Value::Date(row.try_get::<chrono::NaiveDate, _>(i)?),
        "TIME" => match row.try_get::<chrono::NaiveTime, _>(i) {
            Ok(t) => Value::Time(t),
            // Outside 00:00..24:00 (a MySQL time interval).
            Err(_) => Value::Duration(row.try_get::<chrono::TimeDelta, _>(i)?),
        },
        "DECIMAL" | "NEWDECIMAL" => Value::Decimal(row.try_get::<rust_decimal::Decimal, _>(i)?),
        "BLOB" | "TINYBLOB" | "MEDIUMBLOB" | "LONGBLOB" | "BINARY" | "VARBINARY" => {
            match row.try_get::<String, _>(i) {
                // Text columns (longtext) report as BLOB with a text charset.
                Ok(s) => Value::Text(s),
                Err(_) => Value::Bytes(row.try_get::<Vec<u8>, _>(i)?),
            }
        }
        _ => match row.try_get::<String, _>(i) {
            Ok(s) => Value::Text(s),
            Err(_) => match row.try_get::<Vec<u8>, _>(i) {
                Ok(bytes) => Value::Text(String::from_utf8_lossy(&bytes).into_owned()),
                Err(_) => return Err(bad(i, &type_name)),
            },
        },
    })
}

/// Decode column `i` as a value of field kind `kind`.
fn decode_as(row: &MySqlRow, i: usize, kind: FieldKind) -> Result<Value> {
    let value = decode_dynamic(row, i)?;
    if kind.internal() == FieldKind::BinaryField {
        return Ok(Value::Bytes(row.try_get::<Vec<u8>, _>(i)?));
    }
    Ok(match (kind.internal(), value) {
        (FieldKind::BooleanField, Value::Int(n)) => Value::Bool(n != 0),
        (FieldKind::DurationField, Value::Int(us)) => Value::Duration(chrono::TimeDelta::microseconds(us)),
        (FieldKind::DecimalField { decimal_places, .. }, Value::Decimal(d)) => {
            Value::Decimal(d.round_dp(decimal_places))
        }
        (FieldKind::UUIDField, Value::Text(t)) => match uuid::Uuid::parse_str(t.trim()) {
            Ok(u) => Value::Uuid(u),
            Err(_) => return Err(bad(i, "char(32) (as a UUID)")),
        },
        (FieldKind::JSONField, Value::Text(t)) => match serde_json::from_str(&t) {
            Ok(j) => Value::Json(j),
            Err(_) => return Err(bad(i, "text (as JSON)")),
        },
        (FieldKind::FloatField, Value::Int(n)) => Value::Float(n as f64),
        (FieldKind::DateTimeField, Value::Text(t)) => match crate::value::parse_datetime(&t) {
            Some(dt) => Value::DateTime(dt),
            None => return Err(bad(i, "text (as a datetime)")),
        },
        (k, Value::Int(n)) if k.is_text() => Value::Text(n.to_string()),
        (_, v) => v,
    })
}

/// Decode a row: column `i` as `kinds[i]` when known; else dynamically.
pub(crate) fn decode_row(row: &MySqlRow, kinds: &[Option<FieldKind>]) -> Result<Vec<Value>> {
    (0..row.len())
        .map(|i| match kinds.get(i).copied().flatten() {
            Some(kind) => decode_as(row, i, kind),
            None => decode_dynamic(row, i),
        })
        .collect()
}
