//! List filters that reorder or pick: `dictsort`, `dictsortreversed`,
//! `random`, `unordered_list` (Django's `defaultfilters` "LISTS").

use std::cmp::Ordering;

use super::text_of;
use crate::exceptions::Result;
use crate::library::FilterContext;
use crate::utils::html;
use crate::value::Value;

type R = Result<Value>;

/// Django's `_property_resolver(arg)`: a numeric argument is an item
/// index; otherwise a dotted path of keys/attributes, private names
/// (`_x`) refused. `None` when the argument is refused.
/// A sort key: an item's value for `dictsort`'s argument.
type KeyFn = Box<dyn Fn(&Value) -> Option<Value>>;

fn property_key(arg: &Value) -> Option<KeyFn> {
    let text = arg.to_string();
    let numeric = match arg {
        Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::Decimal(_) => true,
        _ => text.trim().parse::<f64>().is_ok(),
    };
    if numeric {
        let index = arg.clone();
        return Some(Box::new(move |v: &Value| match (&index, v) {
            (Value::Int(_) | Value::Bool(_), Value::List(_)) => v.lookup(&index.as_i64()?.to_string()),
            (Value::String(k) | Value::SafeString(k), Value::Dict(d)) => d.get(k).cloned(),
            _ => None,
        }));
    }
    if text.contains("._") || text.starts_with('_') {
        return None;
    }
    let parts: Vec<String> = text.split('.').map(str::to_owned).collect();
    Some(Box::new(move |v: &Value| {
        let mut cur = v.clone();
        for p in &parts {
            cur = cur.lookup(p)?;
        }
        Some(cur)
    }))
}

fn sort_by_key(v: &Value, arg: Option<&Value>, reverse: bool) -> Option<Value> {
    let key = property_key(arg?)?;
    let items = match v {
        Value::List(_) | Value::Object(_) => v.iterate()?,
        _ => return None,
    };
    let mut keyed: Vec<(Value, Value)> = Vec::with_capacity(items.len());
    for item in items {
        keyed.push((key(&item)?, item));
    }
    let mut failed = false;
    keyed.sort_by(|a, b| {
        let ord = a.0.py_cmp(&b.0).unwrap_or_else(|| {
            failed = true;
            Ordering::Equal
        });
        if reverse { ord.reverse() } else { ord }
    });
    if failed {
        return None;
    }
    Some(Value::from(keyed.into_iter().map(|(_, item)| item).collect::<Vec<_>>()))
}

/// `dictsort:key`: the list sorted by each item's `key`; `""` when an
/// item lacks it or the keys do not compare.
pub fn dictsort(v: Value, a: Option<Value>, _c: &FilterContext<'_>) -> R {
    Ok(sort_by_key(&v, a.as_ref(), false).unwrap_or_else(|| Value::from("")))
}

/// `dictsortreversed:key`
pub fn dictsortreversed(v: Value, a: Option<Value>, _c: &FilterContext<'_>) -> R {
    Ok(sort_by_key(&v, a.as_ref(), true).unwrap_or_else(|| Value::from("")))
}

/// `random`: a random item (`""` for an empty list).
pub fn random(v: Value, _a: Option<Value>, _c: &FilterContext<'_>) -> R {
    let items = v.iterate().unwrap_or_default();
    if items.is_empty() {
        return Ok(Value::from(""));
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() as usize);
    let seed = nanos ^ (std::ptr::from_ref(&items).addr() >> 4);
    Ok(items[seed % items.len()].clone())
}

fn is_sublist(v: &Value) -> bool {
    matches!(v, Value::List(_))
}

fn list_formatter(items: &[Value], tabs: usize, autoescape: bool, out: &mut Vec<String>) {
    if tabs > 100 {
        return;
    }
    let indent = "\t".repeat(tabs);
    let mut i = 0;
    while i < items.len() {
        let item = &items[i];
        let mut sublist = String::new();
        i += 1;
        if let Some(next) = items.get(i).filter(|n| is_sublist(n)) {
            i += 1;
            let children = next.iterate().unwrap_or_default();
            if !children.is_empty() {
                let mut inner = Vec::new();
                list_formatter(&children, tabs + 1, autoescape, &mut inner);
                sublist = format!("\n{indent}<ul>\n{}\n{indent}</ul>\n{indent}", inner.join("\n"));
            }
        }
        let text = if autoescape {
            html::conditional_escape(item)
        } else {
            text_of(item).into_owned()
        };
        out.push(format!("{indent}<li>{text}{sublist}</li>"));
    }
}

/// `unordered_list`: nested `<li>` items from a list whose sublists
/// follow their parent item.
pub fn unordered_list(v: Value, _a: Option<Value>, c: &FilterContext<'_>) -> R {
    let items = v.iterate().unwrap_or_default();
    let mut out = Vec::new();
    list_formatter(&items, 1, c.autoescape, &mut out);
    Ok(Value::safe(out.join("\n")))
}
