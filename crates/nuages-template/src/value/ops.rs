//! Python semantics of values: truthiness, equality, ordering, `len`,
//! iteration, `in`, and Django's variable lookup step.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::sync::Arc;

use chrono::{Datelike, Timelike};

use super::Value;

impl Value {
    /// Python truthiness: `None`, `False`, `0`, `0.0`, `""`, `[]` and `{}`
    /// are false.
    pub fn is_true(&self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Decimal(d) => !d.is_zero(),
            Value::String(s) | Value::SafeString(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Dict(d) => !d.is_empty(),
            Value::Object(o) => o.is_true(),
            Value::Date(_) | Value::Time(_) | Value::DateTime(_) | Value::DateTimeTz(_) => true,
        }
    }

    /// The value as a float when it is a number (`bool` counts, as in Python).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Bool(b) => Some(f64::from(u8::from(*b))),
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            Value::Decimal(d) => Some(d.to_f64()),
            _ => None,
        }
    }

    /// The value as an integer when it is an `int` or `bool`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Bool(b) => Some(i64::from(*b)),
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// Python `==`.
    pub fn py_eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (a, b) if a.as_i64().is_some() && b.as_i64().is_some() => a.as_i64() == b.as_i64(),
            (a, b) if a.as_f64().is_some() && b.as_f64().is_some() => a.as_f64() == b.as_f64(),
            (a, b) if a.as_str().is_some() && b.as_str().is_some() => a.as_str() == b.as_str(),
            (Value::List(a), Value::List(b)) => a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.py_eq(y)),
            (Value::Dict(a), Value::Dict(b)) => {
                a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| v.py_eq(w)))
            }
            (Value::Date(a), Value::Date(b)) => a == b,
            (Value::Time(a), Value::Time(b)) => a == b,
            (Value::DateTime(a), Value::DateTime(b)) => a == b,
            (Value::DateTimeTz(a), Value::DateTimeTz(b)) => a == b,
            (Value::Object(a), Value::Object(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// Python ordering (`<`, `>`); `None` when Python raises `TypeError`.
    pub fn py_cmp(&self, other: &Value) -> Option<Ordering> {
        match (self, other) {
            (a, b) if a.as_i64().is_some() && b.as_i64().is_some() => a.as_i64().partial_cmp(&b.as_i64()),
            (a, b) if a.as_f64().is_some() && b.as_f64().is_some() => {
                a.as_f64().and_then(|x| b.as_f64().and_then(|y| x.partial_cmp(&y)))
            }
            (a, b) if a.as_str().is_some() && b.as_str().is_some() => a.as_str().partial_cmp(&b.as_str()),
            (Value::List(a), Value::List(b)) => {
                for (x, y) in a.iter().zip(b.iter()) {
                    if !x.py_eq(y) {
                        return x.py_cmp(y);
                    }
                }
                Some(a.len().cmp(&b.len()))
            }
            (Value::Date(a), Value::Date(b)) => Some(a.cmp(b)),
            (Value::Time(a), Value::Time(b)) => Some(a.cmp(b)),
            (Value::DateTime(a), Value::DateTime(b)) => Some(a.cmp(b)),
            (Value::DateTimeTz(a), Value::DateTimeTz(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }

    /// Python `self in container`; `None` when Python raises `TypeError`.
    pub fn py_in(&self, container: &Value) -> Option<bool> {
        match container {
            Value::String(hay) | Value::SafeString(hay) => self.as_str().map(|n| hay.contains(n)),
            Value::List(items) => Some(items.iter().any(|i| i.py_eq(self))),
            Value::Dict(d) => self.as_str().map(|k| d.get(k).is_some()),
            Value::Object(o) => o.iterate().map(|items| items.iter().any(|i| i.py_eq(self))),
            _ => None,
        }
    }

    /// Python `len(value)`, when the value has a length.
    #[allow(clippy::len_without_is_empty)] // Python's `len`, absent for unsized values
    pub fn len(&self) -> Option<usize> {
        match self {
            Value::String(s) | Value::SafeString(s) => Some(s.chars().count()),
            Value::List(l) => Some(l.len()),
            Value::Dict(d) => Some(d.len()),
            Value::Object(o) => o.len(),
            _ => None,
        }
    }

    /// The items Python's `iter(value)` yields: list items, dict keys,
    /// string characters, an object's items. `None` when not iterable.
    pub fn iterate(&self) -> Option<Vec<Value>> {
        match self {
            Value::List(l) => Some(l.as_ref().clone()),
            Value::Dict(d) => Some(d.keys().map(Value::from).collect()),
            Value::String(s) | Value::SafeString(s) => {
                Some(s.chars().map(|c| Value::String(c.to_string().into())).collect())
            }
            Value::Object(o) => o.iterate(),
            _ => None,
        }
    }

    /// One step of Django's variable resolution (`Variable._resolve_lookup`):
    /// dictionary key, then attribute or zero-argument method, then list
    /// index. `None` means the lookup failed.
    pub fn lookup(&self, bit: &str) -> Option<Value> {
        self.lookup_ref(bit).map(Cow::into_owned)
    }

    /// [`Value::lookup`] borrowing what it can: a dictionary entry or a
    /// list item is returned by reference, computed values owned.
    pub fn lookup_ref(&self, bit: &str) -> Option<Cow<'_, Value>> {
        let borrowed = match self {
            Value::Dict(d) => d.get(bit),
            Value::List(l) => index(bit, l.len()).and_then(|i| l.get(i)),
            _ => None,
        };
        match borrowed {
            Some(v) => Some(Cow::Borrowed(v)),
            None => self.lookup_owned(bit).map(Cow::Owned),
        }
    }

    /// The lookups that compute a new value.
    fn lookup_owned(&self, bit: &str) -> Option<Value> {
        match self {
            Value::Dict(_) => dict_method(self, bit),
            Value::List(_) => None,
            Value::String(s) | Value::SafeString(s) => string_attr(s, bit),
            Value::Object(o) => o.get_attr(bit).or_else(|| {
                let items = o.iterate()?;
                index(bit, items.len()).and_then(|i| items.get(i).cloned())
            }),
            Value::Date(d) => date_attr(d.year(), d.month(), d.day(), bit),
            Value::DateTime(dt) => date_attr(dt.year(), dt.month(), dt.day(), bit)
                .or_else(|| time_attr(dt.hour(), dt.minute(), dt.second(), bit)),
            Value::DateTimeTz(dt) => date_attr(dt.year(), dt.month(), dt.day(), bit)
                .or_else(|| time_attr(dt.hour(), dt.minute(), dt.second(), bit)),
            Value::Time(t) => time_attr(t.hour(), t.minute(), t.second(), bit),
            _ => None,
        }
    }
}

/// A Python index (negative counts from the end) into a sequence of `len`.
fn index(bit: &str, len: usize) -> Option<usize> {
    let i: i64 = bit.parse().ok()?;
    let len = i64::try_from(len).ok()?;
    let i = if i < 0 { i + len } else { i };
    if (0..len).contains(&i) {
        usize::try_from(i).ok()
    } else {
        None
    }
}

fn dict_method(v: &Value, bit: &str) -> Option<Value> {
    let Value::Dict(d) = v else { return None };
    match bit {
        "items" => Some(Value::from(
            d.iter()
                .map(|(k, v)| Value::from(vec![Value::from(k), v.clone()]))
                .collect::<Vec<_>>(),
        )),
        "keys" => Some(Value::from(d.keys().map(Value::from).collect::<Vec<_>>())),
        "values" => Some(Value::from(d.iter().map(|(_, v)| v.clone()).collect::<Vec<_>>())),
        _ => None,
    }
}

fn string_attr(s: &Arc<str>, bit: &str) -> Option<Value> {
    match bit {
        "upper" => Some(Value::from(s.to_uppercase())),
        "lower" => Some(Value::from(s.to_lowercase())),
        "strip" => Some(Value::from(s.trim())),
        _ => {
            let n = s.chars().count();
            index(bit, n)
                .and_then(|i| s.chars().nth(i))
                .map(|c| Value::from(c.to_string()))
        }
    }
}

fn date_attr(y: i32, m: u32, d: u32, bit: &str) -> Option<Value> {
    match bit {
        "year" => Some(Value::Int(i64::from(y))),
        "month" => Some(Value::Int(i64::from(m))),
        "day" => Some(Value::Int(i64::from(d))),
        _ => None,
    }
}

fn time_attr(h: u32, m: u32, s: u32, bit: &str) -> Option<Value> {
    match bit {
        "hour" => Some(Value::Int(i64::from(h))),
        "minute" => Some(Value::Int(i64::from(m))),
        "second" => Some(Value::Int(i64::from(s))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn truthiness_is_pythons() {
        assert!(!Value::from("").is_true());
        assert!(!Value::Int(0).is_true());
        assert!(!Value::from_serialize(&json!([])).is_true());
        assert!(Value::from_serialize(&json!({"a": 0})).is_true());
        assert!(!Value::None.is_true());
    }

    #[test]
    fn equality_mixes_numbers_like_python() {
        assert!(Value::Int(1).py_eq(&Value::Float(1.0)));
        assert!(Value::Bool(true).py_eq(&Value::Int(1)));
        assert!(!Value::from("1").py_eq(&Value::Int(1)));
        assert_eq!(Value::from("a").py_cmp(&Value::Int(1)), None);
    }

    #[test]
    fn lookup_follows_dict_then_index() {
        let v = Value::from_serialize(&json!({"a": [10, 20], "items": 3}));
        assert_eq!(v.lookup("items"), Some(Value::Int(3)));
        let a = v.lookup("a").unwrap_or_default();
        assert_eq!(a.lookup("1"), Some(Value::Int(20)));
        assert_eq!(a.lookup("-1"), Some(Value::Int(20)));
        assert_eq!(a.lookup("2"), None);
        assert_eq!(Value::from("abc").lookup("0"), Some(Value::from("a")));
    }
}
