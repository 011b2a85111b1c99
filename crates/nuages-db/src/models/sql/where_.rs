//! Compiling `Q` trees to conditions (Django's `sql.where.WhereNode` and
//! `Lookup.as_sql`): each lookup's left side is resolved (with its joins
//! and date transforms), its value checked against the field's type, and
//! the lookup rendered for the vendor.

use chrono::{Datelike, TimeZone, Utc};
use sea_query::{Condition, Expr, ExprTrait};

use super::expressions::template;
use super::query::{Resolved, Resolver, model_name};
use crate::backends::Vendor;
use crate::models::expressions::Expression;
use crate::models::functions::DatePart;
use crate::models::lookups::{self, Rhs};
use crate::models::{FieldKind, Q};
use crate::{Error, Result, Value};

const TEXT_LOOKUPS: &[&str] = &[
    "iexact",
    "contains",
    "icontains",
    "startswith",
    "istartswith",
    "endswith",
    "iendswith",
    "regex",
    "iregex",
];

/// Django's check of a lookup value against the field's type
/// (`Field.get_prep_value` raising "Field 'id' expected a number but got 'x'.").
fn check_value(kind: Option<FieldKind>, lookup: &str, value: &Value) -> std::result::Result<(), String> {
    let Some(kind) = kind else { return Ok(()) };
    if lookup == "isnull" || TEXT_LOOKUPS.contains(&lookup) {
        return Ok(());
    }
    let check_one = |v: &Value| -> std::result::Result<(), String> {
        match (kind, v) {
            (_, Value::Null) => Ok(()),
            (k, Value::Text(s)) if k.is_integer() && s.trim().parse::<i64>().is_err() => {
                Err(format!("expected a number but got '{s}'."))
            }
            (k, Value::DateTime(_) | Value::Date(_)) if k.is_integer() => {
                Err(format!("expected a number but got {v:?}."))
            }
            (FieldKind::FloatField, Value::Text(s)) if s.trim().parse::<f64>().is_err() => {
                Err(format!("expected a number but got '{s}'."))
            }
            (FieldKind::DateTimeField, Value::Text(s)) if crate::value::parse_datetime(s).is_none() => Err(format!(
                "'{s}' value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format."
            )),
            (FieldKind::DateTimeField, Value::Int(_) | Value::Float(_) | Value::Bool(_)) => {
                Err(format!("expected a datetime but got {v:?}."))
            }
            _ => Ok(()),
        }
    };
    match value {
        Value::List(items) => items.iter().try_for_each(check_one),
        other => check_one(other),
    }
}

/// The start of `year` and the last microsecond of it, as Django's
/// `YearLookup.year_lookup_bounds`.
fn year_bounds(year: i64) -> Option<(Value, Value)> {
    let year = i32::try_from(year).ok()?;
    let start = Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0).single()?;
    let end = Utc.with_ymd_and_hms(year, 12, 31, 23, 59, 59).single()? + chrono::Duration::microseconds(999_999);
    Some((Value::DateTime(start), Value::DateTime(end)))
}

/// A lookup's left side after its transform, or the whole condition.
enum Transformed {
    Lookup(Box<(Expr, Rhs)>),
    Done(Expr),
}

impl Resolver {
    /// A `Q` tree as a condition.
    pub(crate) fn condition(&mut self, q: &Q) -> Result<Condition> {
        Ok(match q {
            Q::Lookup { path, rhs } => Condition::all().add(self.lookup(path, rhs)?),
            Q::And(items) => {
                let mut c = Condition::all();
                for item in items {
                    c = c.add(self.condition(item)?);
                }
                c
            }
            Q::Or(items) => {
                let mut c = Condition::any();
                for item in items {
                    c = c.add(self.condition(item)?);
                }
                c
            }
            Q::Not(inner) => self.condition(inner)?.not(),
            Q::Expr(e) => Condition::all().add(self.expression(e)?),
        })
    }

    fn lookup(&mut self, path: &str, rhs: &Expression) -> Result<Expr> {
        // `isnull=True` across a relation needs the LEFT JOIN (Django promotes it).
        let promote = path.ends_with("__isnull") && matches!(rhs, Expression::Value(Value::Bool(true)));
        let promote = self.promote || promote;
        let saved = std::mem::replace(&mut self.promote, promote);
        let resolved = self.resolve(path, true, true);
        self.promote = saved;
        let r = resolved?;
        let model = model_name(r.model);
        let field_name = r.field.map_or_else(|| path.to_owned(), |f| f.name.clone());
        let error = |m: String| Error::field(model, format!("{}.{field_name}: {m}", r.model.object_name));
        if r.field.is_some_and(|f| f.related.is_some())
            && r.transforms.is_empty()
            && TEXT_LOOKUPS.contains(&r.lookup.as_str())
        {
            return Err(Error::field(
                model,
                format!("Related Field got invalid lookup: {}", r.lookup),
            ));
        }
        let kind = if r.transforms.iter().any(|t| *t != DatePart::Date) {
            Some(FieldKind::IntegerField)
        } else {
            r.kind
        };
        let rhs = match rhs {
            Expression::Value(v) => {
                if r.transforms.is_empty() || kind == Some(FieldKind::IntegerField) {
                    check_value(kind, &r.lookup, v)
                        .map_err(|m| Error::field(model, format!("Field '{field_name}' {m}")))?;
                }
                Rhs::Value(v.clone())
            }
            Expression::Subquery(s) => Rhs::Subquery(Box::new(self.subquery(s)?)),
            other => Rhs::Expr(self.expression(other)?),
        };
        match self.apply_transforms(&r, rhs) {
            Transformed::Done(cond) => Ok(cond),
            Transformed::Lookup(parts) => {
                let (lhs, rhs) = *parts;
                lookups::build(self.vendor, &r.lookup, lhs, rhs).map_err(error)
            }
        }
    }

    /// The left side with its date transform applied (`EXTRACT(...)`), or
    /// Django's year-bounds form for `__year` comparisons on a datetime.
    fn apply_transforms(&mut self, r: &Resolved, rhs: Rhs) -> Transformed {
        let vendor = self.vendor;
        let lhs = r.expr.clone();
        let Some(part) = r.transforms.first().copied() else {
            return Transformed::Lookup(Box::new((lhs, rhs)));
        };
        if part == DatePart::Date {
            let lhs = template(vendor, vendor.datetime_cast_date_sql(), vec![lhs]);
            let rhs = match rhs {
                Rhs::Value(Value::DateTime(dt)) => Rhs::Value(Value::Text(format!(
                    "{:04}-{:02}-{:02}",
                    dt.year(),
                    dt.month(),
                    dt.day()
                ))),
                other => other,
            };
            let rhs = match (vendor, rhs) {
                (Vendor::Postgresql, Rhs::Value(v @ Value::Text(_))) => Rhs::Expr(template(
                    vendor,
                    "CAST({} AS date)",
                    vec![Expr::val(vendor.adapt_value(&v))],
                )),
                (_, other) => other,
            };
            return Transformed::Lookup(Box::new((lhs, rhs)));
        }
        if part == DatePart::Year
            && let Rhs::Value(Value::Int(year)) = &rhs
            && let Some((start, end)) = year_bounds(*year)
        {
            // `BETWEEN` on the column keeps an index usable (Django's YearLookup).
            let (s, e) = (
                Expr::val(vendor.adapt_value(&start)),
                Expr::val(vendor.adapt_value(&end)),
            );
            let cond = match r.lookup.as_str() {
                "exact" => Some(lhs.clone().between(s, e)),
                "gt" => Some(lhs.clone().gt(e)),
                "gte" => Some(lhs.clone().gte(s)),
                "lt" => Some(lhs.clone().lt(s)),
                "lte" => Some(lhs.clone().lte(e)),
                _ => None,
            };
            if let Some(cond) = cond {
                return Transformed::Done(cond);
            }
        }
        let tpl = vendor.datetime_extract_sql(part).unwrap_or_else(|| "{}".to_owned());
        Transformed::Lookup(Box::new((super::expressions::template_repeat(vendor, &tpl, lhs), rhs)))
    }
}
