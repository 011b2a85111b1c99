//! Python's `str()` and `repr()` of template values, so printed lists,
//! dicts and floats look exactly as in Django.

use std::fmt::{self, Write};

use chrono::{Datelike, NaiveTime, Timelike};

use super::Value;

/// Write Python's `str(value)`.
pub(super) fn write_str(v: &Value, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match v {
        Value::None => f.write_str("None"),
        Value::Bool(true) => f.write_str("True"),
        Value::Bool(false) => f.write_str("False"),
        Value::Int(i) => write!(f, "{i}"),
        Value::Float(x) => f.write_str(&py_float_repr(*x)),
        Value::Decimal(d) => write!(f, "{d}"),
        Value::String(s) | Value::SafeString(s) => f.write_str(s),
        Value::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        Value::Time(t) => f.write_str(&time_str(t)),
        Value::DateTime(dt) => write!(f, "{} {}", dt.date().format("%Y-%m-%d"), time_str(&dt.time())),
        Value::DateTimeTz(dt) => {
            let off = dt.offset().local_minus_utc();
            let sign = if off < 0 { '-' } else { '+' };
            let off = off.abs();
            write!(
                f,
                "{} {}{}{:02}:{:02}",
                dt.date_naive().format("%Y-%m-%d"),
                time_str(&dt.time()),
                sign,
                off / 3600,
                (off % 3600) / 60
            )
        }
        Value::Object(o) => f.write_str(&o.to_display()),
        Value::List(_) | Value::Dict(_) => f.write_str(&py_repr(v)),
    }
}

fn time_str(t: &NaiveTime) -> String {
    let micro = t.nanosecond() / 1000;
    if micro == 0 {
        format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
    } else {
        format!("{:02}:{:02}:{:02}.{:06}", t.hour(), t.minute(), t.second(), micro)
    }
}

/// Python's `repr(value)`.
pub(crate) fn py_repr(v: &Value) -> String {
    let mut out = String::new();
    write_repr(v, &mut out);
    out
}

fn write_repr(v: &Value, out: &mut String) {
    match v {
        Value::String(s) | Value::SafeString(s) => py_str_repr(s, out),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_repr(item, out);
            }
            out.push(']');
        }
        Value::Dict(d) => {
            out.push('{');
            for (i, (k, item)) in d.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                py_str_repr(k, out);
                out.push_str(": ");
                write_repr(item, out);
            }
            out.push('}');
        }
        Value::Date(d) => {
            let _ = write!(out, "datetime.date({}, {}, {})", d.year(), d.month(), d.day());
        }
        Value::Time(t) => {
            out.push_str("datetime.time(");
            out.push_str(&hms_repr(t.hour(), t.minute(), t.second(), t.nanosecond() / 1000));
            out.push(')');
        }
        Value::DateTime(dt) => {
            let _ = write!(out, "datetime.datetime({}, {}, {}, ", dt.year(), dt.month(), dt.day());
            out.push_str(&hms_repr(dt.hour(), dt.minute(), dt.second(), dt.nanosecond() / 1000));
            out.push(')');
        }
        Value::Decimal(d) => {
            let _ = write!(out, "Decimal('{d}')");
        }
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

fn hms_repr(h: u32, m: u32, s: u32, micro: u32) -> String {
    if micro != 0 {
        format!("{h}, {m}, {s}, {micro}")
    } else if s != 0 {
        format!("{h}, {m}, {s}")
    } else {
        format!("{h}, {m}")
    }
}

/// Python's `repr(str)`: single quotes unless the text holds a single
/// quote and no double quote.
fn py_str_repr(s: &str, out: &mut String) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
}

/// Python's `repr(float)`: shortest round-trip digits, scientific notation
/// below 1e-4 and from 1e16.
pub(crate) fn py_float_repr(x: f64) -> String {
    if let Some(s) = py_float_repr_fixed(x) {
        return s;
    }
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if x < 0.0 { "-" } else { "" };
    let (first, rest) = digits.split_at(1);
    let frac = if rest.is_empty() {
        String::new()
    } else {
        format!(".{rest}")
    };
    let esign = if exp < 0 { '-' } else { '+' };
    format!("{sign}{first}{frac}e{esign}{:02}", exp.abs())
}

/// Python's `repr` of a float from 1e-4 (inclusive) to 1e16, the range
/// where Python writes no exponent; `None` outside it. Python and Rust's
/// `Display` both print the shortest digits that read back as the same
/// float, and `Display` never uses an exponent, so only the `.0` of whole
/// numbers needs adding.
pub(crate) fn py_float_repr_fixed(x: f64) -> Option<String> {
    if !(1e-4..1e16).contains(&x.abs()) {
        return None;
    }
    let mut s = x.to_string();
    if !s.contains('.') {
        s.push_str(".0");
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn floats_print_like_python() {
        assert_eq!(py_float_repr(1.0), "1.0");
        assert_eq!(py_float_repr(0.1), "0.1");
        assert_eq!(py_float_repr(-2.5), "-2.5");
        assert_eq!(py_float_repr(1e16), "1e+16");
        assert_eq!(py_float_repr(123456789012345.0), "123456789012345.0");
        assert_eq!(py_float_repr(0.0001), "0.0001");
        assert_eq!(py_float_repr(0.00001), "1e-05");
        assert_eq!(py_float_repr(1.5e-7), "1.5e-07");
        assert_eq!(py_float_repr(f64::INFINITY), "inf");
        assert_eq!(py_float_repr(-0.0), "-0.0");
        assert_eq!(py_float_repr(1e15), "1000000000000000.0");
        assert_eq!(py_float_repr(9999999999999998.0), "9999999999999998.0");
        assert_eq!(py_float_repr(9.999999999999999e-5), "9.999999999999999e-05");
        assert_eq!(py_float_repr(-0.0001), "-0.0001");
        assert_eq!(py_float_repr(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(py_float_repr(1.0 / 3.0), "0.3333333333333333");
        assert_eq!(py_float_repr(-1234.5e-3), "-1.2345");
    }

    #[test]
    fn lists_and_dicts_print_like_python() {
        let v = Value::List(Arc::new(vec![
            Value::from("a"),
            Value::from("it's"),
            Value::Int(1),
            Value::None,
            Value::Bool(true),
        ]));
        assert_eq!(v.to_string(), r#"['a', "it's", 1, None, True]"#);
        let d = Value::from_serialize(&serde_json::json!({"a": 1, "b": [1.5]}));
        assert_eq!(d.to_string(), "{'a': 1, 'b': [1.5]}");
    }
}
