//! Template values: what a variable resolves to.
//!
//! [`Value`] models the Python values Django templates see: `None`, `bool`,
//! `int`, `float`, `str` and `SafeString`, `list`, `dict`, `date`, `time`,
//! `datetime`, plus [`Object`]s supplied by the framework. Any
//! `serde::Serialize` value converts with [`Value::from_serialize`].

mod decimal;
mod dict;
mod object;
mod ops;
mod repr;
mod zoned;

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

pub use decimal::{Decimal, InvalidDecimal, Special};
pub use dict::Dict;
pub use object::Object;
pub(crate) use repr::{py_float_repr, py_repr};
pub use zoned::{ZonedDateTime, as_zoned};

/// A value in a template context.
///
/// Strings come in two flavours as in Django: [`Value::String`] (escaped
/// on output when autoescaping is on) and [`Value::SafeString`] (Django's
/// `mark_safe` result, printed as is). Compound values are reference
/// counted, so cloning a `Value` is cheap.
#[derive(Clone, Default)]
pub enum Value {
    /// Python's `None`.
    #[default]
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float (printed like Python's `repr`).
    Float(f64),
    /// An exact decimal (Python's `decimal.Decimal`).
    Decimal(Arc<Decimal>),
    /// Text that autoescaping escapes.
    String(Arc<str>),
    /// Text marked safe (Django's `SafeString`): never escaped again.
    SafeString(Arc<str>),
    /// A list (Python `list`/`tuple`).
    List(Arc<Vec<Value>>),
    /// An insertion-ordered dictionary.
    Dict(Arc<Dict>),
    /// A calendar date (`datetime.date`).
    Date(NaiveDate),
    /// A time of day (`datetime.time`).
    Time(NaiveTime),
    /// A naive date and time (`datetime.datetime` without tzinfo).
    DateTime(NaiveDateTime),
    /// An aware date and time with its UTC offset.
    DateTimeTz(DateTime<FixedOffset>),
    /// A framework object exposing attributes (see [`Object`]).
    Object(Arc<dyn Object>),
}

impl Value {
    /// Text marked safe (Django's `mark_safe`).
    pub fn safe(s: impl Into<Arc<str>>) -> Value {
        Value::SafeString(s.into())
    }

    /// Convert any `Serialize` value (through `serde_json::Value`).
    ///
    /// Maps become [`Value::Dict`] (key order kept), sequences
    /// [`Value::List`], numbers [`Value::Int`] or [`Value::Float`]. Serde
    /// has no date type: dates arrive as strings, which the `date` and
    /// `time` filters parse (see [`crate::defaultfilters`]). A value that
    /// cannot be serialised (a map with non-string keys, ...) becomes
    /// [`Value::None`]; use [`Value::try_from_serialize`] to see the error.
    pub fn from_serialize<T: serde::Serialize + ?Sized>(value: &T) -> Value {
        Value::try_from_serialize(value).unwrap_or(Value::None)
    }

    /// Like [`Value::from_serialize`], reporting serialisation errors.
    pub fn try_from_serialize<T: serde::Serialize + ?Sized>(value: &T) -> Result<Value, serde_json::Error> {
        serde_json::to_value(value).map(Value::from)
    }

    /// A `Decimal` from its literal (`"1.2300"` keeps its trailing zeros).
    ///
    /// # Errors
    /// [`InvalidDecimal`] when `text` is not a decimal literal.
    pub fn decimal(text: &str) -> Result<Value, InvalidDecimal> {
        Decimal::parse(text).map(|d| Value::Decimal(Arc::new(d)))
    }

    /// An aware datetime. `zone` (an IANA name) and `name` (a fixed-offset
    /// zone's name such as `+0030`) are what Python's tzinfo would carry;
    /// the value keeps its UTC offset, and the `T`/`e` date formats derive
    /// the zone's name from the offset and the current time zone.
    pub fn aware_datetime(dt: DateTime<FixedOffset>, zone: Option<&str>, name: Option<&str>) -> Value {
        if zone.is_none() && name.is_none() {
            return Value::DateTimeTz(dt);
        }
        Value::Object(Arc::new(ZonedDateTime {
            datetime: dt,
            zone: zone.map(str::to_owned),
            name: name.map(str::to_owned),
        }))
    }

    /// Whether this is a safe string or a safe object (no escaping).
    pub fn is_safe(&self) -> bool {
        match self {
            Value::SafeString(_) => true,
            Value::Object(o) => o.is_safe(),
            _ => false,
        }
    }

    /// Whether this is `None`.
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// The text of a string value (safe or not).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) | Value::SafeString(s) => Some(s),
            _ => None,
        }
    }

    /// Python's `str(value)`: what `{{ value }}` prints before
    /// localisation and escaping.
    pub fn to_display(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        repr::write_str(self, f)
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::SafeString(s) => write!(f, "SafeString({s:?})"),
            other => f.write_str(&repr::py_repr(other)),
        }
    }
}

impl PartialEq for Value {
    /// Python equality (`1 == 1.0 == True`, lists element-wise).
    fn eq(&self, other: &Self) -> bool {
        self.py_eq(other)
    }
}

impl From<serde_json::Value> for Value {
    fn from(v: serde_json::Value) -> Self {
        match v {
            serde_json::Value::Null => Value::None,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => Value::String(s.into()),
            serde_json::Value::Array(a) => Value::List(Arc::new(a.into_iter().map(Value::from).collect())),
            serde_json::Value::Object(m) => {
                Value::Dict(Arc::new(m.into_iter().map(|(k, v)| (k, Value::from(v))).collect()))
            }
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.into())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s.into())
    }
}
impl From<std::borrow::Cow<'_, str>> for Value {
    fn from(s: std::borrow::Cow<'_, str>) -> Self {
        Value::String(s.into())
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}
impl From<i32> for Value {
    fn from(i: i32) -> Self {
        Value::Int(i64::from(i))
    }
}
impl From<usize> for Value {
    fn from(i: usize) -> Self {
        i64::try_from(i).map_or(Value::Float(i as f64), Value::Int)
    }
}
impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}
impl From<Vec<Value>> for Value {
    fn from(v: Vec<Value>) -> Self {
        Value::List(Arc::new(v))
    }
}
impl From<Dict> for Value {
    fn from(d: Dict) -> Self {
        Value::Dict(Arc::new(d))
    }
}
impl From<NaiveDate> for Value {
    fn from(d: NaiveDate) -> Self {
        Value::Date(d)
    }
}
impl From<NaiveDateTime> for Value {
    fn from(d: NaiveDateTime) -> Self {
        Value::DateTime(d)
    }
}
impl From<NaiveTime> for Value {
    fn from(t: NaiveTime) -> Self {
        Value::Time(t)
    }
}
impl From<DateTime<FixedOffset>> for Value {
    fn from(d: DateTime<FixedOffset>) -> Self {
        Value::DateTimeTz(d)
    }
}
impl From<DateTime<chrono::Utc>> for Value {
    fn from(d: DateTime<chrono::Utc>) -> Self {
        Value::DateTimeTz(d.fixed_offset())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(o: Option<T>) -> Self {
        o.map_or(Value::None, Into::into)
    }
}
