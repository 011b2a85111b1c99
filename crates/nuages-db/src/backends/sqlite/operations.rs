//! Binding parameters and decoding rows on SQLite (Django's
//! `sqlite3/operations.py`).

use sqlx::sqlite::{Sqlite, SqliteArguments, SqliteRow};
use sqlx::{Row, TypeInfo, ValueRef};

use crate::models::FieldKind;
use crate::{Error, Result, Value};

pub(crate) type SqliteQuery<'q> = sqlx::query::Query<'q, Sqlite, SqliteArguments>;

/// Bind one value (already adapted by `Vendor::adapt_value`/`build`).
pub(crate) fn bind(query: SqliteQuery<'_>, value: Value) -> SqliteQuery<'_> {
    match value {
        Value::Null => query.bind(None::<String>),
        Value::Bool(b) => query.bind(b),
        Value::Int(i) => query.bind(i),
        Value::Float(f) => query.bind(f),
        Value::Text(s) => query.bind(s),
        Value::Bytes(b) => query.bind(b),
        Value::Duration(d) => query.bind(d.num_microseconds()),
        Value::Uuid(u) => query.bind(u.simple().to_string()),
        Value::List(items) => query.bind(serde_json::to_string(&items).ok()),
        other => query.bind(other.to_text()),
    }
}

fn invalid(i: usize, what: &str, text: &str) -> Error {
    Error::Database {
        kind: crate::DatabaseErrorKind::DatabaseError,
        message: format!("invalid {what} stored in column {i}: {text:?}"),
        source: None,
    }
}

/// A decimal column: SQLite's NUMERIC affinity keeps integers and reals,
/// text only when it is not a number; rounded to `decimal_places` as
/// Django's decimal converter does.
fn decode_decimal(row: &SqliteRow, i: usize, decimal_places: u32) -> Result<Value> {
    let raw = row.try_get_raw(i)?;
    let d = match raw.type_info().name().to_ascii_uppercase().as_str() {
        "INTEGER" => rust_decimal::Decimal::from(row.try_get::<i64, _>(i)?),
        "REAL" => {
            let f: f64 = row.try_get(i)?;
            rust_decimal::Decimal::from_f64_retain(f).ok_or_else(|| invalid(i, "decimal", &f.to_string()))?
        }
        _ => {
            let text: String = row.try_get(i)?;
            text.trim().parse().map_err(|_| invalid(i, "decimal", &text))?
        }
    };
    Ok(Value::Decimal(d.round_dp(decimal_places)))
}

/// Decode column `i` as a value of field kind `kind`.
fn decode_as(row: &SqliteRow, i: usize, kind: FieldKind) -> Result<Value> {
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let text = |row: &SqliteRow| row.try_get::<String, _>(i);
    Ok(match kind.internal() {
        FieldKind::BooleanField => Value::Bool(row.try_get::<i64, _>(i)? != 0),
        FieldKind::FloatField => Value::Float(row.try_get::<f64, _>(i)?),
        k if k.is_text() => Value::Text(text(row)?),
        FieldKind::DateTimeField => {
            let text = text(row)?;
            Value::DateTime(crate::value::parse_datetime(&text).ok_or_else(|| invalid(i, "datetime", &text))?)
        }
        FieldKind::DateField => {
            let text = text(row)?;
            let date = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
            Value::Date(date.ok_or_else(|| invalid(i, "date", &text))?)
        }
        FieldKind::TimeField => {
            let text = text(row)?;
            Value::Time(crate::value::parse_time(&text).ok_or_else(|| invalid(i, "time", &text))?)
        }
        FieldKind::DurationField => Value::Duration(chrono::TimeDelta::microseconds(row.try_get::<i64, _>(i)?)),
        FieldKind::DecimalField { decimal_places, .. } => return decode_decimal(row, i, decimal_places),
        FieldKind::UUIDField => {
            let text = text(row)?;
            Value::Uuid(uuid::Uuid::parse_str(text.trim()).map_err(|_| invalid(i, "UUID", &text))?)
        }
        FieldKind::BinaryField => Value::Bytes(row.try_get::<Vec<u8>, _>(i)?),
        FieldKind::JSONField => {
            let text = text(row)?;
            Value::Json(serde_json::from_str(&text).map_err(|_| invalid(i, "JSON", &text))?)
        }
        _ => Value::Int(row.try_get::<i64, _>(i)?),
    })
}

/// Decode column `i` by the storage class SQLite reports.
fn decode_dynamic(row: &SqliteRow, i: usize) -> Result<Value> {
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let type_name = raw.type_info().name().to_ascii_uppercase();
    Ok(match type_name.as_str() {
        "INTEGER" | "BIGINT" | "INT" => Value::Int(row.try_get::<i64, _>(i)?),
        "BOOLEAN" => Value::Bool(row.try_get::<bool, _>(i)?),
        "REAL" | "FLOAT" | "DOUBLE" => Value::Float(row.try_get::<f64, _>(i)?),
        "BLOB" => Value::Bytes(row.try_get::<Vec<u8>, _>(i)?),
        _ => Value::Text(row.try_get::<String, _>(i)?),
    })
}

/// Decode a row: column `i` as `kinds[i]` when known; else dynamically.
pub(crate) fn decode_row(row: &SqliteRow, kinds: &[Option<FieldKind>]) -> Result<Vec<Value>> {
    let n = row.len();
    (0..n)
        .map(|i| match kinds.get(i).copied().flatten() {
            Some(kind) => decode_as(row, i, kind),
            None => decode_dynamic(row, i),
        })
        .collect()
}
