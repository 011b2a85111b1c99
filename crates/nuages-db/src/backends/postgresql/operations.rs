//! Binding parameters and decoding rows on PostgreSQL (Django's
//! `postgresql/operations.py`). PostgreSQL types every parameter, so a
//! NULL is sent untyped (OID 0) and the server infers its type from the
//! statement, as psycopg does.

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::types::Oid;
use sqlx::postgres::{PgArgumentBuffer, PgArguments, PgRow, PgTypeInfo, Postgres};
use sqlx::{Row, TypeInfo, ValueRef};

use crate::models::FieldKind;
use crate::{Error, Result, Value};

pub(crate) type PgQuery<'q> = sqlx::query::Query<'q, Postgres, PgArguments>;

/// A NULL parameter whose type the server infers.
struct UntypedNull;

impl sqlx::Type<Postgres> for UntypedNull {
    fn type_info() -> PgTypeInfo {
        PgTypeInfo::with_oid(Oid(0))
    }
}

impl sqlx::Encode<'_, Postgres> for UntypedNull {
    fn encode_by_ref(&self, _buf: &mut PgArgumentBuffer) -> std::result::Result<IsNull, BoxDynError> {
        Ok(IsNull::Yes)
    }
}

/// Bind one value (already adapted by `Vendor::adapt_value`/`build`).
pub(crate) fn bind(query: PgQuery<'_>, value: Value) -> PgQuery<'_> {
    match value {
        Value::Null => query.bind(UntypedNull),
        Value::Bool(b) => query.bind(b),
        Value::Int(i) => query.bind(i),
        Value::Float(f) => query.bind(f),
        Value::Text(s) => query.bind(s),
        Value::DateTime(dt) => query.bind(dt),
        Value::NaiveDateTime(dt) => query.bind(dt),
        Value::Date(d) => query.bind(d),
        Value::Time(t) => query.bind(t),
        Value::Duration(d) => query.bind(d),
        Value::Decimal(d) => query.bind(d),
        Value::Uuid(u) => query.bind(u),
        Value::Bytes(b) => query.bind(b),
        Value::Json(j) => query.bind(sqlx::types::Json(j)),
        Value::IpAddr(ip) => query.bind(Inet(ip)),
        Value::List(items) => query.bind(serde_json::to_string(&items).ok()),
    }
}

/// An `inet` parameter, in PostgreSQL's binary format: family, prefix
/// bits, is-cidr flag, address length, address bytes.
struct Inet(std::net::IpAddr);

const INET_OID: u32 = 869;

impl sqlx::Type<Postgres> for Inet {
    fn type_info() -> PgTypeInfo {
        PgTypeInfo::with_oid(Oid(INET_OID))
    }
}

impl sqlx::Encode<'_, Postgres> for Inet {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> std::result::Result<IsNull, BoxDynError> {
        // PGSQL_AF_INET is 2, PGSQL_AF_INET6 is 3 (AF_INET + 1).
        let (family, bits, bytes): (u8, u8, Vec<u8>) = match self.0 {
            std::net::IpAddr::V4(a) => (2, 32, a.octets().to_vec()),
            std::net::IpAddr::V6(a) => (3, 128, a.octets().to_vec()),
        };
        buf.extend_from_slice(&[family, bits, 0, bytes.len() as u8]);
        buf.extend_from_slice(&bytes);
        Ok(IsNull::No)
    }
}

/// Decode an `inet` value from its binary format.
fn decode_inet(bytes: &[u8]) -> Option<std::net::IpAddr> {
    let addr = bytes.get(4..)?;
    match (bytes.first()?, addr.len()) {
        (2, 4) => <[u8; 4]>::try_from(addr).ok().map(std::net::IpAddr::from),
        (3, 16) => <[u8; 16]>::try_from(addr).ok().map(std::net::IpAddr::from),
        _ => None,
    }
}

/// An `interval` as a duration: months count 30 days, as psycopg's do.
fn interval_to_duration(iv: &sqlx::postgres::types::PgInterval) -> chrono::TimeDelta {
    let days = i64::from(iv.months) * 30 + i64::from(iv.days);
    chrono::TimeDelta::days(days) + chrono::TimeDelta::microseconds(iv.microseconds)
}

fn bad(i: usize, type_name: &str) -> Error {
    Error::Database {
        kind: crate::DatabaseErrorKind::DatabaseError,
        message: format!("cannot decode column {i} of type {type_name}"),
        source: None,
    }
}

/// Decode column `i` by the type PostgreSQL reports.
fn decode_dynamic(row: &PgRow, i: usize) -> Result<Value> {
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let type_name = raw.type_info().name().to_ascii_uppercase();
    Ok(match type_name.as_str() {
        "BOOL" => Value::Bool(row.try_get::<bool, _>(i)?),
        "INT2" => Value::Int(i64::from(row.try_get::<i16, _>(i)?)),
        "INT4" => Value::Int(i64::from(row.try_get::<i32, _>(i)?)),
        "INT8" => Value::Int(row.try_get::<i64, _>(i)?),
        "OID" => Value::Int(i64::from(row.try_get::<Oid, _>(i)?.0)),
        "FLOAT4" => Value::Float(f64::from(row.try_get::<f32, _>(i)?)),
        "FLOAT8" => Value::Float(row.try_get::<f64, _>(i)?),
        "TIMESTAMPTZ" => Value::DateTime(row.try_get::<chrono::DateTime<chrono::Utc>, _>(i)?),
        "TIMESTAMP" => Value::DateTime(row.try_get::<chrono::NaiveDateTime, _>(i)?.and_utc()),
        "TEXT" | "VARCHAR" | "BPCHAR" | "NAME" | "UNKNOWN" | "CHAR" => Value::Text(row.try_get::<String, _>(i)?),
        "DATE" => Value::Date(row.try_get::<chrono::NaiveDate, _>(i)?),
        "TIME" => Value::Time(row.try_get::<chrono::NaiveTime, _>(i)?),
        "INTERVAL" => Value::Duration(interval_to_duration(
            &row.try_get::<sqlx::postgres::types::PgInterval, _>(i)?,
        )),
        "NUMERIC" => Value::Decimal(row.try_get::<rust_decimal::Decimal, _>(i)?),
        "UUID" => Value::Uuid(row.try_get::<uuid::Uuid, _>(i)?),
        "BYTEA" => Value::Bytes(row.try_get::<Vec<u8>, _>(i)?),
        "JSON" | "JSONB" => Value::Json(row.try_get::<sqlx::types::Json<serde_json::Value>, _>(i)?.0),
        "INET" | "CIDR" => {
            let bytes = raw.as_bytes().map_err(|_| bad(i, &type_name))?;
            if raw.format() == sqlx::postgres::PgValueFormat::Text {
                Value::Text(String::from_utf8_lossy(bytes).into_owned())
            } else {
                Value::IpAddr(decode_inet(bytes).ok_or_else(|| bad(i, &type_name))?)
            }
        }
        other => match row.try_get::<String, _>(i) {
            Ok(s) => Value::Text(s),
            Err(_) => return Err(bad(i, other)),
        },
    })
}

/// Decode column `i` as a value of field kind `kind`.
fn decode_as(row: &PgRow, i: usize, kind: FieldKind) -> Result<Value> {
    let value = decode_dynamic(row, i)?;
    Ok(match (kind.internal(), value) {
        (FieldKind::BooleanField, Value::Int(n)) => Value::Bool(n != 0),
        (FieldKind::DecimalField { decimal_places, .. }, Value::Decimal(d)) => {
            Value::Decimal(d.round_dp(decimal_places))
        }
        // An `inet` read back as text keeps Django's plain address form.
        (FieldKind::GenericIPAddressField, Value::IpAddr(ip)) => Value::Text(ip.to_string()),
        (FieldKind::FloatField, Value::Int(n)) => Value::Float(n as f64),
        (FieldKind::DateTimeField, Value::Text(t)) => match crate::value::parse_datetime(&t) {
            Some(dt) => Value::DateTime(dt),
            None => return Err(bad(i, "text (as a datetime)")),
        },
        (_, v) => v,
    })
}

/// Decode a row: column `i` as `kinds[i]` when known; else dynamically.
pub(crate) fn decode_row(row: &PgRow, kinds: &[Option<FieldKind>]) -> Result<Vec<Value>> {
    (0..row.len())
        .map(|i| match kinds.get(i).copied().flatten() {
            Some(kind) => decode_as(row, i, kind),
            None => decode_dynamic(row, i),
        })
        .collect()
}
