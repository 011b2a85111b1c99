//! Lookups: `exact`, `icontains`, `gt`, `in`, `isnull`, ... (Django's
//! `django.db.models.lookups`), rendered as sea-query conditions.
//!
//! On SQLite, `contains`/`startswith`/... use `LIKE ... ESCAPE '\'` as
//! Django does (so they are case-insensitive for ASCII, Django's documented
//! SQLite caveat); PostgreSQL uses `UPPER(col::text) LIKE UPPER(pattern)`
//! for the `i` variants and MySQL `LIKE BINARY` for the case-sensitive ones.

use sea_query::{Expr, ExprTrait};

use crate::models::sql::expressions::template;

use crate::Value;
use crate::backends::Vendor;

/// The lookups Nuages understands (Django's built-in lookups; the date
/// transforms `year`, `month`, `day`, `week_day`, `hour`, `date`, ... come
/// before them: `pub_date__year__gte`).
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
    "regex",
    "iregex",
];

/// The right-hand side of a lookup, already resolved.
pub(crate) enum Rhs {
    Value(Value),
    Expr(Expr),
    /// `__in=<QuerySet>`.
    Subquery(Box<sea_query::SelectStatement>),
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

/// `lhs LIKE pattern` as the vendor spells the case-(in)sensitive forms.
fn like(vendor: Vendor, lhs: Expr, pattern: Expr, insensitive: bool) -> Expr {
    match vendor {
        Vendor::Postgresql if insensitive => template(vendor, "UPPER({}::text) LIKE UPPER({})", vec![lhs, pattern]),
        Vendor::Postgresql => template(vendor, "{}::text LIKE {}", vec![lhs, pattern]),
        // MySQL's default collations ignore case: `LIKE BINARY` is Django's
        // case-sensitive spelling (backslash is its default escape).
        Vendor::Mysql if !insensitive => template(vendor, "{} LIKE BINARY {}", vec![lhs, pattern]),
        Vendor::Mysql => template(vendor, "{} LIKE {}", vec![lhs, pattern]),
        // SQLite's LIKE ignores ASCII case for both (Django's documented caveat).
        Vendor::Sqlite => template(vendor, "{} LIKE {} ESCAPE '\\'", vec![lhs, pattern]),
    }
}

/// The pattern of a LIKE lookup with an expression on the right (Django's
/// `pattern_ops`: the expression's special characters are escaped in SQL).
fn like_expr_pattern(vendor: Vendor, rhs: Expr, prefix: bool, suffix: bool) -> Expr {
    // The escape strings are bound: MySQL reads backslashes in literals.
    let escaped = template(
        vendor,
        "REPLACE(REPLACE(REPLACE({}, {}, {}), {}, {}), {}, {})",
        vec![
            rhs,
            Expr::val("\\"),
            Expr::val("\\\\"),
            Expr::val("%"),
            Expr::val("\\%"),
            Expr::val("_"),
            Expr::val("\\_"),
        ],
    );
    let pct = || Expr::val("%");
    let parts: Vec<Expr> = match (prefix, suffix) {
        (true, true) => vec![pct(), escaped, pct()],
        (true, false) => vec![pct(), escaped],
        (false, true) => vec![escaped, pct()],
        (false, false) => vec![escaped],
    };
    let n = parts.len();
    let tpl = match vendor {
        Vendor::Mysql => format!("CONCAT({})", vec!["{}"; n].join(", ")),
        _ => format!("({})", vec!["{}"; n].join(" || ")),
    };
    template(vendor, &tpl, parts)
}

/// `(prefix %, suffix %)` of each pattern lookup.
fn pattern_shape(lookup: &str) -> Option<(bool, bool, bool)> {
    Some(match lookup {
        "iexact" => (false, false, true),
        "contains" => (true, true, false),
        "icontains" => (true, true, true),
        "startswith" => (false, true, false),
        "istartswith" => (false, true, true),
        "endswith" => (true, false, false),
        "iendswith" => (true, false, true),
        _ => return None,
    })
}

/// `lhs <lookup> rhs`; `Err(message)` for an unknown lookup or a bad value.
pub(crate) fn build(vendor: Vendor, lookup: &str, lhs: Expr, rhs: Rhs) -> Result<Expr, String> {
    let adapt = |v: &Value| Expr::val(vendor.adapt_value(v));
    let value = match rhs {
        Rhs::Subquery(stmt) => {
            return match lookup {
                "in" => Ok(lhs.in_subquery(*stmt)),
                "exact" => Ok(lhs.eq(Expr::SubQuery(None, Box::new((*stmt).into())))),
                other => Err(format!("lookup '{other}' does not take a QuerySet")),
            };
        }
        Rhs::Expr(e) => {
            return Ok(match lookup {
                "exact" => lhs.eq(e),
                "gt" => lhs.gt(e),
                "gte" => lhs.gte(e),
                "lt" => lhs.lt(e),
                "lte" => lhs.lte(e),
                "iexact" if vendor == Vendor::Postgresql => {
                    template(vendor, "UPPER({}::text) = UPPER({})", vec![lhs, e])
                }
                "regex" | "iregex" => regex(vendor, lhs, e, lookup == "iregex"),
                other => match pattern_shape(other) {
                    Some((prefix, suffix, insensitive)) => {
                        like(vendor, lhs, like_expr_pattern(vendor, e, prefix, suffix), insensitive)
                    }
                    None => return Err(format!("lookup '{other}' does not take an expression")),
                },
            });
        }
        Rhs::Value(v) => v,
    };
    if let Some((prefix, suffix, insensitive)) = pattern_shape(lookup) {
        if lookup == "iexact" && value.is_null() {
            return Ok(lhs.is_null());
        }
        if lookup == "iexact" && vendor == Vendor::Postgresql {
            return Ok(template(
                vendor,
                "UPPER({}::text) = UPPER({})",
                vec![lhs, Expr::val(text_of(&value))],
            ));
        }
        let mut pattern = like_escape(&text_of(&value));
        if prefix {
            pattern.insert(0, '%');
        }
        if suffix {
            pattern.push('%');
        }
        return Ok(like(vendor, lhs, Expr::val(pattern), insensitive));
    }
    Ok(match lookup {
        "exact" if value.is_null() => lhs.is_null(),
        "exact" => lhs.eq(adapt(&value)),
        "gt" => lhs.gt(adapt(&value)),
        "gte" => lhs.gte(adapt(&value)),
        "lt" => lhs.lt(adapt(&value)),
        "lte" => lhs.lte(adapt(&value)),
        "regex" | "iregex" => regex(vendor, lhs, Expr::val(text_of(&value)), lookup == "iregex"),
        "isnull" => match value {
            Value::Bool(true) | Value::Int(1) => lhs.is_null(),
            Value::Bool(false) | Value::Int(0) => lhs.is_not_null(),
            other => {
                return Err(format!(
                    "The QuerySet value for an isnull lookup must be True or False, got {other:?}"
                ));
            }
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

fn regex(vendor: Vendor, lhs: Expr, pattern: Expr, insensitive: bool) -> Expr {
    if vendor == Vendor::Sqlite && insensitive {
        // Rust's regex syntax takes the flag inline.
        return template(vendor, "{} REGEXP ({} || {})", vec![lhs, Expr::val("(?i)"), pattern]);
    }
    template(vendor, vendor.regex_lookup(insensitive), vec![lhs, pattern])
}

/// Typed spellings of the lookups that `Field` constants don't get from
/// their comparison macros: `Question::QUESTION_TEXT.regex(r"^W")`,
/// `Question::PUB_DATE.year(2024)`, `Choice::VOTES.range(1, 5)`.
impl<M, T> crate::models::Field<M, T> {
    fn q(&self, lookup: &str, value: Value) -> crate::models::Q {
        crate::models::Q::new(format!("{}__{lookup}", self.name()), value)
    }

    /// `name__range=(low, high)` (inclusive, `BETWEEN`).
    pub fn range<V: crate::models::IntoFieldValue<T>>(&self, low: V, high: V) -> crate::models::Q {
        self.q(
            "range",
            Value::List(vec![low.into_field_value(), high.into_field_value()]),
        )
    }

    /// `name__in=<QuerySet>`: the subquery selects one column.
    pub fn in_subquery<N: crate::models::Model, R>(&self, qs: crate::models::QuerySet<N, R>) -> crate::models::Q {
        crate::models::Q::in_subquery(self.name(), qs)
    }

    /// A date part compared with `lookup` (`exact`, `gt`, `gte`, `lt`, `lte`):
    /// `Question::PUB_DATE.date_part(DatePart::Month, "gte", 6)` is `pub_date__month__gte=6`.
    pub fn date_part(
        &self,
        part: crate::models::functions::DatePart,
        lookup: &str,
        value: impl Into<Value>,
    ) -> crate::models::Q {
        crate::models::Q::new(format!("{}__{}__{lookup}", self.name(), part.name()), value.into())
    }

    /// `name__year=y`.
    pub fn year(&self, year: i32) -> crate::models::Q {
        self.q("year", Value::Int(i64::from(year)))
    }

    /// `name__month=m` (1-12).
    pub fn month(&self, month: u32) -> crate::models::Q {
        self.q("month", Value::Int(i64::from(month)))
    }

    /// `name__day=d`.
    pub fn day(&self, day: u32) -> crate::models::Q {
        self.q("day", Value::Int(i64::from(day)))
    }

    /// `name__week_day=d` (1 = Sunday ... 7 = Saturday).
    pub fn week_day(&self, day: u32) -> crate::models::Q {
        self.q("week_day", Value::Int(i64::from(day)))
    }

    /// `name__hour=h`.
    pub fn hour(&self, hour: u32) -> crate::models::Q {
        self.q("hour", Value::Int(i64::from(hour)))
    }

    /// `name__date=d`: the date part of a datetime.
    pub fn date(&self, date: chrono::NaiveDate) -> crate::models::Q {
        self.q("date", Value::Text(date.format("%Y-%m-%d").to_string()))
    }
}

impl<M, T: crate::models::fields::TextField> crate::models::Field<M, T> {
    /// `name__regex=pattern` (case-sensitive).
    pub fn regex(&self, pattern: &str) -> crate::models::Q {
        self.q("regex", Value::Text(pattern.to_owned()))
    }

    /// `name__iregex=pattern` (case-insensitive).
    pub fn iregex(&self, pattern: &str) -> crate::models::Q {
        self.q("iregex", Value::Text(pattern.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(like_escape("50%_a\\b"), "50\\%\\_a\\\\b");
    }
}
