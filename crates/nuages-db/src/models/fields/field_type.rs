//! `FieldType`: how a Rust type maps to a Django field kind and to `Value`.

use std::net::IpAddr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::{FieldKind, RelatedTarget};
use crate::Value;

/// A Rust type that can be a model field: the public trait for custom
/// field types (Django's `Field` subclass with `from_db_value` and
/// `get_prep_value`).
///
/// Built in: `i16`/`i32`/`i64` (Small/Big IntegerField, the auto fields as
/// primary keys), `f64` (FloatField), `bool`, `String` (TextField unless
/// `max_length` makes it a CharField), `DateTime<Utc>` (aware
/// DateTimeField), `NaiveDateTime` (naive DateTimeField), `NaiveDate`,
/// `NaiveTime`, `TimeDelta` (DurationField), `rust_decimal::Decimal`
/// (DecimalField), `uuid::Uuid`, `Vec<u8>` (BinaryField),
/// `serde_json::Value` (JSONField), `std::net::IpAddr`
/// (GenericIPAddressField), `ForeignKey<T>`, and `Option<T>` of those
/// (`null=True`).
///
/// # A custom field
/// A newtype stored as text, written as its own class in migrations:
/// ```
/// use nuages_db::models::{CustomKind, FieldKind, FieldType};
/// use nuages_db::Value;
///
/// #[derive(Debug, Clone, PartialEq)]
/// pub struct Color(pub String);
///
/// impl FieldType for Color {
///     fn field_kind() -> FieldKind {
///         FieldKind::Custom(CustomKind { class_name: "ColorField", internal: &FieldKind::CharField { max_length: 7 } })
///     }
///     fn to_value(&self) -> Value {
///         Value::Text(self.0.clone())
///     }
///     fn from_value(value: Value) -> Result<Self, String> {
///         match value {
///             Value::Text(s) if s.starts_with('#') => Ok(Color(s)),
///             other => Err(format!("expected a #rrggbb color, got {other:?}")),
///         }
///     }
/// }
/// assert_eq!(Color::from_value(Value::from("#ff0000")), Ok(Color("#ff0000".into())));
/// ```
pub trait FieldType: Sized + Send + Sync + 'static {
    /// Whether the type holds NULL (`Option<T>`).
    const NULL: bool = false;
    /// The field kind for this type.
    fn field_kind() -> FieldKind;
    /// The related model, for relations.
    fn related_target() -> Option<RelatedTarget> {
        None
    }
    /// This value as a database value.
    fn to_value(&self) -> Value;
    /// Decode a database value; the error says what was wrong.
    fn from_value(value: Value) -> Result<Self, String>;
}

fn mismatch(expected: &str, got: &Value) -> String {
    format!("expected {expected}, got {got:?}")
}

macro_rules! int_field {
    ($t:ty, $kind:expr) => {
        impl FieldType for $t {
            fn field_kind() -> FieldKind {
                $kind
            }
            fn to_value(&self) -> Value {
                Value::Int(i64::from(*self))
            }
            fn from_value(value: Value) -> Result<Self, String> {
                match value {
                    Value::Int(i) => <$t>::try_from(i).map_err(|_| format!("{i} is out of range")),
                    Value::Bool(b) => Ok(<$t>::from(b)),
                    Value::Text(ref s) => s.trim().parse().map_err(|_| mismatch("an integer", &value)),
                    other => Err(mismatch("an integer", &other)),
                }
            }
        }
    };
}
int_field!(i16, FieldKind::SmallIntegerField);
int_field!(i32, FieldKind::IntegerField);
int_field!(i64, FieldKind::BigIntegerField);

impl FieldType for f64 {
    fn field_kind() -> FieldKind {
        FieldKind::FloatField
    }
    fn to_value(&self) -> Value {
        Value::Float(*self)
    }
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Float(f) => Ok(f),
            Value::Int(i) => Ok(i as f64),
            Value::Decimal(d) => f64::try_from(d).map_err(|e| e.to_string()),
            other => Err(mismatch("a float", &other)),
        }
    }
}

impl FieldType for bool {
    fn field_kind() -> FieldKind {
        FieldKind::BooleanField
    }
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Bool(b) => Ok(b),
            Value::Int(i) => Ok(i != 0),
            other => Err(mismatch("a boolean", &other)),
        }
    }
}

impl FieldType for String {
    fn field_kind() -> FieldKind {
        FieldKind::TextField
    }
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Text(s) => Ok(s),
            Value::Int(i) => Ok(i.to_string()),
            other => Err(mismatch("text", &other)),
        }
    }
}

impl FieldType for DateTime<Utc> {
    fn field_kind() -> FieldKind {
        FieldKind::DateTimeField
    }
    fn to_value(&self) -> Value {
        Value::DateTime(*self)
    }
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::DateTime(dt) => Ok(dt),
            Value::NaiveDateTime(dt) => Ok(dt.and_utc()),
            Value::Date(d) => Ok(d.and_time(NaiveTime::MIN).and_utc()),
            Value::Text(ref s) => crate::value::parse_datetime(s).ok_or_else(|| mismatch("a datetime", &value)),
            other => Err(mismatch("a datetime", &other)),
        }
    }
}

impl FieldType for NaiveDateTime {
    fn field_kind() -> FieldKind {
        FieldKind::DateTimeField
    }
    fn to_value(&self) -> Value {
        Value::NaiveDateTime(*self)
    }
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::NaiveDateTime(dt) => Ok(dt),
            Value::DateTime(dt) => Ok(dt.naive_utc()),
            Value::Text(ref s) => crate::value::parse_datetime(s)
                .map(|dt| dt.naive_utc())
                .ok_or_else(|| mismatch("a datetime", &value)),
            other => Err(mismatch("a datetime", &other)),
        }
    }
}

impl FieldType for NaiveDate {
    fn field_kind() -> FieldKind {
        FieldKind::DateField
    }
    fn to_value(&self) -> Value {
        Value::Date(*self)
    }
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Date(d) => Ok(d),
            Value::DateTime(dt) => Ok(dt.date_naive()),
            Value::NaiveDateTime(dt) => Ok(dt.date()),
            Value::Text(ref s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .ok()
                .or_else(|| crate::value::parse_datetime(s).map(|dt| dt.date_naive()))
                .ok_or_else(|| mismatch("a date", &value)),
            other => Err(mismatch("a date", &other)),
        }
    }
}

impl FieldType for NaiveTime {
    fn field_kind() -> FieldKind {
        FieldKind::TimeField
    }
    fn to_value(&self) -> Value {
        Value::Time(*self)
    }
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Time(t) => Ok(t),
            Value::Text(ref s) => crate::value::parse_time(s).ok_or_else(|| mismatch("a time", &value)),
            other => Err(mismatch("a time", &other)),
        }
    }
}

impl FieldType for TimeDelta {
    fn field_kind() -> FieldKind {
        FieldKind::DurationField
    }
    fn to_value(&self) -> Value {
        Value::Duration(*self)
    }
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Duration(d) => Ok(d),
            // Microseconds, as Django stores durations on SQLite and MySQL.
            Value::Int(us) => Ok(TimeDelta::microseconds(us)),
            other => Err(mismatch("a duration", &other)),
        }
    }
}

impl FieldType for Decimal {
    fn field_kind() -> FieldKind {
        FieldKind::DecimalField {
            max_digits: 0,
            decimal_places: 0,
        }
    }
    fn to_value(&self) -> Value {
        Value::Decimal(*self)
    }
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Decimal(d) => Ok(d),
            Value::Int(i) => Ok(Decimal::from(i)),
            Value::Float(f) => Decimal::try_from(f).map_err(|e| format!("{f} is not a decimal: {e}")),
            Value::Text(ref s) => s.trim().parse().map_err(|_| mismatch("a decimal", &value)),
            other => Err(mismatch("a decimal", &other)),
        }
    }
}

impl FieldType for Uuid {
    fn field_kind() -> FieldKind {
        FieldKind::UUIDField
    }
    fn to_value(&self) -> Value {
        Value::Uuid(*self)
    }
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Uuid(u) => Ok(u),
            Value::Text(ref s) => Uuid::parse_str(s.trim()).map_err(|_| mismatch("a UUID", &value)),
            other => Err(mismatch("a UUID", &other)),
        }
    }
}

impl FieldType for Vec<u8> {
    fn field_kind() -> FieldKind {
        FieldKind::BinaryField
    }
    fn to_value(&self) -> Value {
        Value::Bytes(self.clone())
    }
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Bytes(b) => Ok(b),
            Value::Text(s) => Ok(s.into_bytes()),
            other => Err(mismatch("bytes", &other)),
        }
    }
}

impl FieldType for serde_json::Value {
    fn field_kind() -> FieldKind {
        FieldKind::JSONField
    }
    fn to_value(&self) -> Value {
        Value::Json(self.clone())
    }
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Json(j) => Ok(j),
            Value::Text(ref s) => serde_json::from_str(s).map_err(|e| format!("invalid JSON {s:?}: {e}")),
            other => serde_json::to_value(&other).map_err(|e| e.to_string()),
        }
    }
}

impl FieldType for IpAddr {
    fn field_kind() -> FieldKind {
        FieldKind::GenericIPAddressField
    }
    fn to_value(&self) -> Value {
        Value::IpAddr(*self)
    }
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::IpAddr(ip) => Ok(ip),
            Value::Text(ref s) => {
                // PostgreSQL's inet text may carry a prefix length (`/32`).
                let addr = s.trim().split('/').next().unwrap_or_default();
                addr.parse().map_err(|_| mismatch("an IP address", &value))
            }
            other => Err(mismatch("an IP address", &other)),
        }
    }
}

impl<T: FieldType> FieldType for Option<T> {
    const NULL: bool = true;
    fn field_kind() -> FieldKind {
        T::field_kind()
    }
    fn related_target() -> Option<RelatedTarget> {
        T::related_target()
    }
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, T::to_value)
    }
    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_check_their_range() {
        assert_eq!(i32::from_value(Value::Int(7)), Ok(7));
        assert!(i32::from_value(Value::Int(i64::MAX)).is_err());
        assert!(i32::from_value(Value::Null).is_err());
        assert_eq!(Option::<i32>::from_value(Value::Null), Ok(None));
        assert_eq!(bool::from_value(Value::Int(1)), Ok(true));
    }
}
