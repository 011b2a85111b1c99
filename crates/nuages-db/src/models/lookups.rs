//! Lookups: `exact`, `icontains`, `gt`, `in`, `isnull`, ... (Django's
//! `django.db.models.lookups`), rendered as sea-query conditions.
//!
//! On SQLite, `contains`/`startswith`/... use `LIKE ... ESCAPE '\'` as
//! Django does (so they are case-insensitive for ASCII, Django's documented
//! SQLite caveat); PostgreSQL uses `UPPER(col::text) LIKE UPPER(pattern)`
//! for the `i` variants and MySQL `LIKE BINARY` for the case-sensitive ones.

use sea_query::{Expr, ExprTrait, LikeExpr};

use crate::Value;
use crate::backends::Vendor;

/// The lookups Nuages understands.
pub const LOOKUPS: &[&str] = &[
    "exact",
    "iexact",
    "contains",
    "icontains",
    "startswith",
    "istartswith",
    "endswith",
    "iendswith",
    "gt",
    "gte",
    "lt",
    "lte",
    "in",
    "isnull",
    "range",
];

/// The right-hand side of a lookup, already resolved.
pub(crate) enum Rhs {
    Value(Value),
    Expr(Expr),
}

fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn text_of(v: &Value) -> String {
    v.to_text()
}

/// `lhs <lookup> rhs`; `Err(message)` for an unknown lookup or a bad value.
pub(crate) fn build(vendor: Vendor, lookup: &str, lhs: Expr, rhs: Rhs) -> Result<Expr, String> {
    let value = match rhs {
        Rhs::Expr(e) => {
            return Ok(match lookup {
                "exact" => lhs.eq(e),
                "gt" => lhs.gt(e),
                "gte" => lhs.gte(e),
                "lt" => lhs.lt(e),
                "lte" => lhs.lte(e),
                other => return Err(format!("lookup '{other}' does not take an expression")),
            });
        }
        Rhs::Value(v) => v,
    };
    let adapt = |v: &Value| Expr::val(vendor.adapt_value(v));
    let like = |lhs: Expr, pattern: String, insensitive: bool| -> Expr {
        match vendor {
            Vendor::Postgresql if insensitive => {
                Expr::cust_with_exprs("UPPER($1::text) LIKE UPPER($2)", [lhs, Expr::val(pattern)])
            }
            // MySQL's default collations ignore case: `LIKE BINARY` is
            // Django's case-sensitive spelling (backslash is its default escape).
            Vendor::Mysql if !insensitive => {
                // sea-query placeholders are `?` in the MySQL dialect.
                Expr::cust_with_exprs("? LIKE BINARY ?", [lhs, Expr::val(pattern)])
            }
            _ => lhs.like(LikeExpr::new(pattern).escape('\\')),
        }
    };
    Ok(match lookup {
        "exact" if value.is_null() => lhs.is_null(),
        "exact" => lhs.eq(adapt(&value)),
        "iexact" => like(lhs, like_escape(&text_of(&value)), true),
        "contains" => like(lhs, format!("%{}%", like_escape(&text_of(&value))), false),
        "icontains" => like(lhs, format!("%{}%", like_escape(&text_of(&value))), true),
        "startswith" => like(lhs, format!("{}%", like_escape(&text_of(&value))), false),
        "istartswith" => like(lhs, format!("{}%", like_escape(&text_of(&value))), true),
        "endswith" => like(lhs, format!("%{}", like_escape(&text_of(&value))), false),
        "iendswith" => like(lhs, format!("%{}", like_escape(&text_of(&value))), true),
        "gt" => lhs.gt(adapt(&value)),
        "gte" => lhs.gte(adapt(&value)),
        "lt" => lhs.lt(adapt(&value)),
        "lte" => lhs.lte(adapt(&value)),
        "isnull" => match value {
            Value::Bool(true) | Value::Int(1) => lhs.is_null(),
            Value::Bool(false) | Value::Int(0) => lhs.is_not_null(),
            other => return Err(format!("isnull takes a boolean, got {other:?}")),
        },
        "in" => match value {
            Value::List(items) => {
                let items: Vec<&Value> = items.iter().filter(|v| !v.is_null()).collect();
                if items.is_empty() {
                    // Django raises EmptyResultSet: nothing matches.
                    Expr::cust("0 = 1")
                } else {
                    lhs.is_in(items.into_iter().map(adapt))
                }
            }
            other => lhs.is_in([adapt(&other)]),
        },
        "range" => match value {
            Value::List(items) if items.len() == 2 => lhs.between(adapt(&items[0]), adapt(&items[1])),
            other => return Err(format!("range takes two values, got {other:?}")),
        },
        other => return Err(format!("unsupported lookup '{other}'")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(like_escape("50%_a\\b"), "50\\%\\_a\\\\b");
    }
}
