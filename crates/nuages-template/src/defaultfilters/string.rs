//! String filters (Django's `defaultfilters` "STRINGS" section): `lower`,
//! `upper`, `title`, `capfirst`, `cut`, `slugify`, `stringformat`,
//! `truncatechars`, `truncatewords`, `wordcount`, `urlencode`, ...

use std::sync::LazyLock;

use regex::Regex;

use super::{int_arg, text_of};
use crate::exceptions::Result;
use crate::library::FilterContext;
use crate::utils::text;
use crate::value::{Value, py_float_repr};

type R = Result<Value>;

/// `lower`
pub fn lower(v: Value, _a: Option<Value>, _c: &FilterContext<'_>) -> R {
    let text = text_of(&v);
    if !text.is_ascii() {
        return Ok(Value::from(text.to_lowercase()));
    }
    if !text.bytes().any(|b| b.is_ascii_uppercase()) {
        // Already lower case: the same text, as a plain string.
        return Ok(match v {
            Value::String(s) | Value::SafeString(s) => Value::String(s),
            other => Value::from(other.to_string()),
        });
    }
    Ok(Value::from(text.to_ascii_lowercase()))
}

/// `upper`
pub fn upper(v: Value, _a: Option<Value>, _c: &FilterContext<'_>) -> R {
    Ok(Value::from(text_of(&v).to_uppercase()))
}

static TITLE_APOS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"([a-z])'([A-Z])").expect("static regex"));
static TITLE_DIGIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d([A-Z])").expect("static regex"));

/// Python's `str.title()`.
fn py_title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for c in s.chars() {
        if c.is_alphabetic() {
            if prev_cased {
                out.extend(c.to_lowercase());
            } else {
                // Python's titlecase: `ß` -> `Ss`, `ﬁ` -> `Fi`.
                let mut upper = c.to_uppercase();
                out.extend(upper.next());
                out.extend(upper.flat_map(char::to_lowercase));
            }
            prev_cased = true;
        } else {
            out.push(c);
            prev_cased = false;
        }
    }
    out
}

/// `title` of ASCII text in one pass: what [`title`] computes with
/// Python's `str.title()` and its two regular expressions.
fn title_ascii(s: &str) -> String {
    let mut t = s.as_bytes().to_vec();
    let mut prev_cased = false;
    for b in &mut t {
        if b.is_ascii_alphabetic() {
            *b = if prev_cased {
                b.to_ascii_lowercase()
            } else {
                b.to_ascii_uppercase()
            };
            prev_cased = true;
        } else {
            prev_cased = false;
        }
    }
    // `([a-z])'([A-Z])` -> lower case. Matches do not overlap: a letter
    // lowered here was upper case, so it cannot start the next match.
    let mut lowered = usize::MAX;
    for i in 1..t.len().saturating_sub(1) {
        if t[i] == b'\'' && i - 1 != lowered && t[i - 1].is_ascii_lowercase() && t[i + 1].is_ascii_uppercase() {
            t[i + 1] = t[i + 1].to_ascii_lowercase();
            lowered = i + 1;
        }
    }
    // `\d([A-Z])` -> lower case.
    for i in 1..t.len() {
        if t[i - 1].is_ascii_digit() && t[i].is_ascii_uppercase() {
            t[i] = t[i].to_ascii_lowercase();
        }
    }
    // Only ASCII letters changed case, so the bytes are still ASCII and the
    // conversion cannot fail (the empty default is unreachable).
    String::from_utf8(t).unwrap_or_default()
}

/// `title`: title case, without capitalising after apostrophes or digits.
pub fn title(v: Value, _a: Option<Value>, _c: &FilterContext<'_>) -> R {
    let text = text_of(&v);
    if text.is_ascii() {
        return Ok(Value::from(title_ascii(&text)));
    }
    let t = py_title(&text);
    let t = TITLE_APOS.replace_all(&t, |c: &regex::Captures<'_>| c[0].to_lowercase());
    let t = TITLE_DIGIT.replace_all(&t, |c: &regex::Captures<'_>| c[0].to_lowercase());
    Ok(Value::from(t.into_owned()))
}

/// `capfirst`
pub fn capfirst(v: Value, _a: Option<Value>, _c: &FilterContext<'_>) -> R {
    Ok(Value::from(text::capfirst(&text_of(&v))))
}

/// `cut:" "`: remove every occurrence of the argument.
pub fn cut(v: Value, a: Option<Value>, _c: &FilterContext<'_>) -> R {
    let arg = a.map(|a| a.to_string()).unwrap_or_default();
    let out = text_of(&v).replace(&arg, "");
    Ok(if v.is_safe() && arg != ";" {
        Value::safe(out)
    } else {
        Value::from(out)
    })
}

/// `slugify`
pub fn slugify(v: Value, _a: Option<Value>, _c: &FilterContext<'_>) -> R {
    Ok(Value::from(text::slugify(&text_of(&v))))
}

/// `truncatechars:N` (the `…` counts toward N).
pub fn truncatechars(v: Value, a: Option<Value>, _c: &FilterContext<'_>) -> R {
    let s = text_of(&v);
    let Some(n) = a.as_ref().and_then(int_arg) else {
        return Ok(Value::from(s));
    };
    if n <= 0 {
        return Ok(Value::from(""));
    }
    Ok(Value::from(text::truncate_chars(
        &s,
        usize::try_from(n).unwrap_or(usize::MAX),
    )))
}

/// `truncatewords:N`
pub fn truncatewords(v: Value, a: Option<Value>, _c: &FilterContext<'_>) -> R {
    let s = text_of(&v);
    let Some(n) = a.as_ref().and_then(int_arg) else {
        return Ok(Value::from(s));
    };
    if n <= 0 {
        return Ok(Value::from(""));
    }
    Ok(Value::from(text::truncate_words(
        &s,
        usize::try_from(n).unwrap_or(usize::MAX),
    )))
}

/// `wordcount`
pub fn wordcount(v: Value, _a: Option<Value>, _c: &FilterContext<'_>) -> R {
    Ok(Value::from(text_of(&v).split_whitespace().count()))
}

/// Python's `urllib.parse.quote(s, safe)`: UTF-8 percent-encoding of all
/// but ASCII letters, digits, `_.-~` and the characters in `safe`.
pub(crate) fn quote(s: &str, safe: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"_.-~".contains(&b) || (b.is_ascii() && safe.as_bytes().contains(&b)) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `urlencode[:safe]` (`/` is safe by default).
pub fn urlencode(v: Value, a: Option<Value>, _c: &FilterContext<'_>) -> R {
    let safe = a.map_or_else(|| "/".to_owned(), |a| a.to_string());
    Ok(Value::from(quote(&text_of(&v), &safe)))
}

/// `addslashes`
pub fn addslashes(v: Value, _a: Option<Value>, _c: &FilterContext<'_>) -> R {
    Ok(Value::from(
        text_of(&v)
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\'', "\\'"),
    ))
}

/// `make_list`
pub fn make_list(v: Value, _a: Option<Value>, _c: &FilterContext<'_>) -> R {
    Ok(Value::from(
        text_of(&v)
            .chars()
            .map(|c| Value::from(c.to_string()))
            .collect::<Vec<_>>(),
    ))
}

/// Padding wider than this is refused (the value is returned unpadded)
/// instead of allocating without bound; Django would raise MemoryError.
const MAX_WIDTH: i64 = 1_000_000;

fn pad(v: &Value, a: Option<&Value>, mode: char) -> Value {
    let s = text_of(v);
    let width = a.and_then(int_arg).unwrap_or(0);
    if width > MAX_WIDTH {
        return Value::from(s);
    }
    let len = s.chars().count() as i64;
    if width <= len {
        return Value::from(s);
    }
    let total = usize::try_from(width - len).unwrap_or(0);
    let (left, right) = match mode {
        'l' => (0, total),
        'r' => (total, 0),
        _ => {
            // Python's str.center: extra space goes left when width is odd.
            let left = total / 2 + (total & usize::try_from(width).unwrap_or(0) & 1);
            (left, total - left)
        }
    };
    Value::from(format!("{}{}{}", " ".repeat(left), s, " ".repeat(right)))
}

/// `ljust:N`
pub fn ljust(v: Value, a: Option<Value>, _c: &FilterContext<'_>) -> R {
    Ok(pad(&v, a.as_ref(), 'l'))
}

/// `rjust:N`
pub fn rjust(v: Value, a: Option<Value>, _c: &FilterContext<'_>) -> R {
    Ok(pad(&v, a.as_ref(), 'r'))
}

/// `center:N`
pub fn center(v: Value, a: Option<Value>, _c: &FilterContext<'_>) -> R {
    Ok(pad(&v, a.as_ref(), 'c'))
}

/// `stringformat:"fmt"`: Python's `"%fmt" % value` for one conversion
/// (`s`, `r`, `d`, `i`, `f`, `F`, `e`, `E`, `x`, `X`, `o`); `""` on error.
pub fn stringformat(v: Value, a: Option<Value>, _c: &FilterContext<'_>) -> R {
    let spec = a.map(|a| a.to_string()).unwrap_or_default();
    Ok(Value::from(percent_format(&spec, &v).unwrap_or_default()))
}

fn percent_format(spec: &str, v: &Value) -> Option<String> {
    let conv = spec.chars().last()?;
    let body = &spec[..spec.len() - conv.len_utf8()];
    let flags: String = body.chars().take_while(|c| "-+ 0#".contains(*c)).collect();
    let rest = &body[flags.len()..];
    let (width, precision) = match rest.split_once('.') {
        Some((w, p)) => (w, Some(p.parse::<usize>().ok()?)),
        None => (rest, None),
    };
    let width: usize = if width.is_empty() { 0 } else { width.parse().ok()? };
    if width as i64 > MAX_WIDTH || precision.is_some_and(|p| p as i64 > MAX_WIDTH) {
        return None;
    }
    let left = flags.contains('-');
    let zero = flags.contains('0') && !left;
    let plus = flags.contains('+');
    let space = flags.contains(' ');
    let num = |digits: String, neg: bool| -> String {
        let sign = if neg {
            "-"
        } else if plus {
            "+"
        } else if space {
            " "
        } else {
            ""
        };
        if zero && digits.len() + sign.len() < width {
            format!("{sign}{}{digits}", "0".repeat(width - digits.len() - sign.len()))
        } else {
            format!("{sign}{digits}")
        }
    };
    let body = match conv {
        's' => {
            let s = v.to_string();
            match precision {
                Some(p) => s.chars().take(p).collect(),
                None => s,
            }
        }
        'r' => format!("{v:?}"),
        'd' | 'i' | 'u' => {
            let i = match v {
                Value::Float(f) if f.is_finite() => f.trunc() as i64,
                other => other.as_i64()?,
            };
            num(i.unsigned_abs().to_string(), i < 0)
        }
        'f' | 'F' | 'e' | 'E' => {
            let f = v.as_f64()?;
            let p = precision.unwrap_or(6);
            let digits = match conv {
                'f' | 'F' => format!("{:.*}", p, f.abs()),
                _ => {
                    let s = format!("{:.*e}", p, f.abs());
                    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
                    let e: i32 = e.parse().unwrap_or(0);
                    let s = format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
                    if conv == 'E' { s.to_uppercase() } else { s }
                }
            };
            num(digits, f.is_sign_negative() && f != 0.0)
        }
        'x' | 'X' | 'o' => {
            let i = v.as_i64()?;
            let d = match conv {
                'x' => format!("{:x}", i.unsigned_abs()),
                'X' => format!("{:X}", i.unsigned_abs()),
                _ => format!("{:o}", i.unsigned_abs()),
            };
            num(d, i < 0)
        }
        'g' => py_float_repr(v.as_f64()?),
        _ => return None,
    };
    let n = body.chars().count();
    Some(if n >= width {
        body
    } else if left {
        format!("{body}{}", " ".repeat(width - n))
    } else {
        format!("{}{body}", " ".repeat(width - n))
    })
}

/// `wordwrap:width`: wrap words at `width` characters, keeping line
/// breaks (a non-integer or zero width is Python's `ValueError`).
pub fn wordwrap(v: Value, a: Option<Value>, _c: &FilterContext<'_>) -> R {
    let width = a
        .as_ref()
        .and_then(int_arg)
        .ok_or_else(|| crate::exceptions::TemplateError::ValueError("invalid literal for int()".into()))?;
    let width = usize::try_from(width).unwrap_or(0);
    crate::utils::wrap::wrap(&text_of(&v), width)
        .map(Value::from)
        .ok_or_else(|| crate::exceptions::TemplateError::ValueError(format!("invalid width {width} (must be > 0)")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_matches_python_and_django() {
        assert_eq!(py_title("they're 1st"), "They'Re 1St");
        let o = FilterContext {
            autoescape: true,
            options: &crate::engine::EngineOptions::default(),
        };
        assert_eq!(
            title(Value::from("they're 1st here"), None, &o)
                .ok()
                .map(|v| v.to_string()),
            Some("They're 1st Here".into())
        );
    }

    #[test]
    fn ascii_title_matches_the_general_one() {
        let o = FilterContext {
            autoescape: true,
            options: &crate::engine::EngineOptions::default(),
        };
        // A non-ASCII suffix sends `title` down the general path.
        let general = |s: &str| {
            let t = title(Value::from(format!("{s} \u{e9}")), None, &o)
                .ok()
                .map(|v| v.to_string());
            t.and_then(|t| t.strip_suffix(" \u{c9}").map(str::to_owned))
        };
        let alphabet = [b'a', b'Z', b'k', b'1', b'\'', b' ', b'-', b'Q'];
        let mut state: u32 = 0x9e37_79b9;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let len = (state % 9) as usize;
            let s: String = (0..len)
                .map(|i| char::from(alphabet[((state >> (i * 3)) % 8) as usize]))
                .collect();
            assert_eq!(Some(title_ascii(&s)), general(&s), "{s:?}");
        }
        assert_eq!(
            title_ascii("they're'd 1st o'NEIL ka'k'k"),
            "They're'd 1st O'Neil Ka'k'K"
        );
    }

    #[test]
    fn lower_keeps_lower_case_text() {
        let o = FilterContext {
            autoescape: true,
            options: &crate::engine::EngineOptions::default(),
        };
        let low = |v: Value| lower(v, None, &o).ok();
        assert_eq!(low(Value::from("abc")), Some(Value::from("abc")));
        assert!(low(Value::safe("abc")).is_some_and(|v| !v.is_safe()));
        assert_eq!(low(Value::from("AbC")), Some(Value::from("abc")));
        assert_eq!(
            low(Value::from("\u{3a3}A")).map(|v| v.to_string()),
            Some("\u{3c3}a".into())
        );
        assert_eq!(low(Value::Int(3)), Some(Value::from("3")));
    }

    #[test]
    fn percent_format_basics() {
        assert_eq!(percent_format("03d", &Value::Int(7)).as_deref(), Some("007"));
        assert_eq!(percent_format(".2f", &Value::Float(1.005)).as_deref(), Some("1.00"));
        assert_eq!(percent_format("5s", &Value::from("ab")).as_deref(), Some("   ab"));
        assert_eq!(percent_format("x", &Value::Int(255)).as_deref(), Some("ff"));
        assert_eq!(percent_format("d", &Value::from("a")), None);
    }

    #[test]
    fn quote_keeps_safe_characters() {
        assert_eq!(quote("a b/c?d=é", "/"), "a%20b/c%3Fd%3D%C3%A9");
    }
}
