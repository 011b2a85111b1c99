//! `Value`: one database value, independent of the backend.
//!
//! Query parameters, decoded rows and field defaults are `Value`s; each
//! backend's operations turn them into what its driver binds (Django's
//! `DatabaseOperations.adapt_*_value`).

use std::net::IpAddr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

/// A database value.
///
/// Serialised (serde) as Django's serializers write field values: dates,
/// times and datetimes in ISO 8601, durations as Django's
/// `duration_string`, decimals, UUIDs and IP addresses as strings, bytes as
/// an array of integers, JSON as itself. Deserialising maps JSON
/// `null`, booleans, integers, floats, strings and arrays back to the
/// matching variant, and objects to [`Value::Json`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// SQL NULL (Python's `None`).
    Null,
    /// A boolean.
    Bool(bool),
    /// Any integer (all integer fields and primary/foreign keys).
    Int(i64),
    /// A float.
    Float(f64),
    /// Text.
    Text(String),
    /// An aware datetime, in UTC (`DateTimeField` with `USE_TZ = True`).
    DateTime(DateTime<Utc>),
    /// A naive datetime (`DateTimeField` holding a `NaiveDateTime`).
    NaiveDateTime(NaiveDateTime),
    /// A date (`DateField`).
    Date(NaiveDate),
    /// A time of day (`TimeField`).
    Time(NaiveTime),
    /// A duration (`DurationField`): microseconds on SQLite and MySQL, `interval` on PostgreSQL.
    Duration(TimeDelta),
    /// An exact decimal (`DecimalField`).
    Decimal(Decimal),
    /// A UUID (`UUIDField`): `char(32)` hex on SQLite and MySQL, `uuid` on PostgreSQL.
    Uuid(Uuid),
    /// Bytes (`BinaryField`).
    Bytes(Vec<u8>),
    /// A JSON document (`JSONField`).
    Json(serde_json::Value),
    /// An IP address (`GenericIPAddressField`): text, `inet` on PostgreSQL.
    IpAddr(IpAddr),
    /// A list, for `__in` lookups only.
    List(Vec<Value>),
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_none(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Int(i) => serializer.serialize_i64(*i),
            Value::Float(f) => serializer.serialize_f64(*f),
            Value::Text(s) => serializer.serialize_str(s),
            Value::DateTime(dt) => dt.serialize(serializer),
            Value::NaiveDateTime(dt) => dt.serialize(serializer),
            Value::Date(d) => d.serialize(serializer),
            Value::Time(t) => t.serialize(serializer),
            Value::Duration(d) => serializer.serialize_str(&duration_string(d)),
            Value::Decimal(d) => serializer.serialize_str(&d.to_string()),
            Value::Uuid(u) => serializer.serialize_str(&u.hyphenated().to_string()),
            Value::Bytes(b) => b.serialize(serializer),
            Value::Json(j) => j.serialize(serializer),
            Value::IpAddr(ip) => serializer.serialize_str(&ip.to_string()),
            Value::List(items) => items.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(deserializer).map(Value::from_json)
    }
}

impl Value {
    /// Whether this is `Null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The integer, if this is `Int`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The text, if this is `Text`.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// A JSON value as the closest `Value` (objects stay [`Value::Json`]).
    pub fn from_json(json: serde_json::Value) -> Self {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => n.as_f64().map_or(Value::Null, Value::Float),
            },
            serde_json::Value::String(s) => Value::Text(s),
            serde_json::Value::Array(items) => Value::List(items.into_iter().map(Value::from_json).collect()),
            object @ serde_json::Value::Object(_) => Value::Json(object),
        }
    }

    /// The value as text, as Django's `str()` of the Python value
    /// (dates in ISO 8601, durations as `duration_string`); empty for NULL and lists.
    pub fn to_text(&self) -> String {
        match self {
            Value::Null | Value::List(_) => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Text(s) => s.clone(),
            Value::DateTime(dt) => format_datetime(dt),
            Value::NaiveDateTime(dt) => format_naive_datetime(dt),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Time(t) => format_time(t),
            Value::Duration(d) => duration_string(d),
            Value::Decimal(d) => d.to_string(),
            Value::Uuid(u) => u.hyphenated().to_string(),
            Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            Value::Json(j) => j.to_string(),
            Value::IpAddr(ip) => ip.to_string(),
        }
    }
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Self {
                Value::Int(i64::from(v))
            }
        }
    )*};
}
from_int!(i8, i16, i32, i64, u8, u16, u32);

macro_rules! from_variant {
    ($($t:ty => $variant:ident),* $(,)?) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Self {
                Value::$variant(v)
            }
        }
    )*};
}
from_variant!(
    bool => Bool,
    f64 => Float,
    String => Text,
    DateTime<Utc> => DateTime,
    NaiveDateTime => NaiveDateTime,
    NaiveDate => Date,
    NaiveTime => Time,
    TimeDelta => Duration,
    Decimal => Decimal,
    Uuid => Uuid,
    serde_json::Value => Json,
    IpAddr => IpAddr,
);

impl From<f32> for Value {
    fn from(v: f32) -> Self {
        Value::Float(f64::from(v))
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Self {
        Value::List(v.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Value> + Clone, const N: usize> From<[T; N]> for Value {
    fn from(v: [T; N]) -> Self {
        Value::List(v.into_iter().map(Into::into).collect())
    }
}

/// Format a naive datetime as `YYYY-MM-DD HH:MM:SS[.ffffff]`.
pub fn format_naive_datetime(dt: &NaiveDateTime) -> String {
    format!("{} {}", dt.format("%Y-%m-%d"), format_time(&dt.time()))
}

/// Format a time as Python's `time.isoformat()`: `HH:MM:SS[.ffffff]`.
pub fn format_time(t: &NaiveTime) -> String {
    let micros = t.nanosecond() / 1000 % 1_000_000;
    if micros == 0 {
        t.format("%H:%M:%S").to_string()
    } else {
        format!("{}.{micros:06}", t.format("%H:%M:%S"))
    }
}

/// Parse a time as Django's `parse_time`: `HH:MM[:SS[.ffffff]]`.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .find_map(|fmt| NaiveTime::parse_from_str(s, fmt).ok())
}

/// Django's `duration_string`: `[-][D ]HH:MM:SS[.ffffff]`, days first.
pub fn duration_string(d: &TimeDelta) -> String {
    let total = i128::from(d.num_microseconds().unwrap_or(i64::MAX));
    // Python's timedelta: days (floored, may be negative) + seconds + microseconds.
    let day = 86_400_000_000_i128;
    let days = total.div_euclid(day);
    let rest = total.rem_euclid(day);
    let (secs, micros) = (rest / 1_000_000, rest % 1_000_000);
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    let mut out = String::new();
    if days != 0 {
        out.push_str(&format!("{days} "));
    }
    out.push_str(&format!("{h:02}:{m:02}:{s:02}"));
    if micros != 0 {
        out.push_str(&format!(".{micros:06}"));
    }
    out
}

/// Format a datetime as Django stores it on SQLite and MySQL:
/// `YYYY-MM-DD HH:MM:SS[.ffffff]` in UTC (Python's `isoformat(" ")`).
pub fn format_datetime(dt: &DateTime<Utc>) -> String {
    let micros = dt.timestamp_subsec_micros();
    if micros == 0 {
        dt.format("%Y-%m-%d %H:%M:%S").to_string()
    } else {
        format!("{}.{:06}", dt.format("%Y-%m-%d %H:%M:%S"), micros)
    }
}

/// Parse a datetime stored by Django (or by Nuages): `YYYY-MM-DD HH:MM:SS[.f]`,
/// also with a `T` separator or a UTC offset. Naive values are UTC.
pub fn parse_datetime(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.with_timezone(&Utc));
    }
    for fmt in ["%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S%.f%z"] {
        if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
            return Some(dt.with_timezone(&Utc));
        }
    }
    for fmt in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M"] {
        if let Ok(naive) = chrono::NaiveDateTime::parse_from_str(s, fmt) {
            return Some(naive.and_utc());
        }
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|n| n.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn datetime_round_trips_in_djangos_format() {
        let dt = Utc
            .with_ymd_and_hms(2024, 3, 1, 12, 30, 5)
            .single()
            .expect("valid date");
        assert_eq!(format_datetime(&dt), "2024-03-01 12:30:05");
        assert_eq!(parse_datetime("2024-03-01 12:30:05"), Some(dt));
        let with_micros = dt + chrono::Duration::microseconds(1500);
        assert_eq!(format_datetime(&with_micros), "2024-03-01 12:30:05.001500");
        assert_eq!(parse_datetime("2024-03-01 12:30:05.001500"), Some(with_micros));
        assert_eq!(parse_datetime("2024-03-01T12:30:05+00:00"), Some(dt));
        assert_eq!(parse_datetime("garbage"), None);
    }

    #[test]
    fn durations_and_times_format_as_django() {
        assert_eq!(duration_string(&TimeDelta::seconds(3661)), "01:01:01");
        assert_eq!(
            duration_string(&TimeDelta::microseconds(86_400_000_001)),
            "1 00:00:00.000001"
        );
        assert_eq!(duration_string(&TimeDelta::seconds(-1)), "-1 23:59:59");
        let t = NaiveTime::from_hms_micro_opt(9, 5, 0, 250).expect("valid time");
        assert_eq!(format_time(&t), "09:05:00.000250");
        assert_eq!(parse_time("09:05:00.000250"), Some(t));
        assert_eq!(parse_time("9:05"), NaiveTime::from_hms_opt(9, 5, 0));
    }

    #[test]
    fn values_serialize_like_djangos_serializers() {
        let v = Value::Uuid(Uuid::nil());
        assert_eq!(
            serde_json::to_string(&v).ok().as_deref(),
            Some("\"00000000-0000-0000-0000-000000000000\"")
        );
        let d = Value::Date(NaiveDate::from_ymd_opt(2024, 2, 29).expect("valid date"));
        assert_eq!(serde_json::to_string(&d).ok().as_deref(), Some("\"2024-02-29\""));
        let back: Value = serde_json::from_str("{\"a\": [1, 2]}").expect("json");
        assert_eq!(back, Value::Json(serde_json::json!({"a": [1, 2]})));
    }
}
