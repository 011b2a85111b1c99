//! Compiling expressions to SQL (Django's `as_sql` on each expression, with
//! the vendor's spelling from `backends::base::operations`), and their
//! output kinds (Django's `output_field`), which decide how result
//! columns are decoded.

use sea_query::{Expr, ExprTrait};

use super::compiler;
use super::query::{Resolver, model_name};
use crate::backends::Vendor;
use crate::models::aggregates::{Aggregate, AggregateFunction};
use crate::models::expressions::{Case, Connector, Expression, Subquery};
use crate::models::functions::{Func, Function};
use crate::models::{FieldKind, ModelMeta};
use crate::{Error, Result, Value};

/// A custom SQL fragment: each `{}` of `template` takes the next of `args`,
/// written with the dialect's placeholder so parameters stay bound.
pub(crate) fn template(vendor: Vendor, template: &str, args: Vec<Expr>) -> Expr {
    let mut out = String::with_capacity(template.len() + 8);
    let mut pieces = template.split("{}");
    if let Some(first) = pieces.next() {
        out.push_str(first);
    }
    for (i, piece) in pieces.enumerate() {
        match vendor {
            Vendor::Postgresql => {
                out.push('$');
                out.push_str(&(i + 1).to_string());
                // `$1` followed by a digit would read as `$12`.
                if piece.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                    out.push(' ');
                }
            }
            _ => out.push('?'),
        }
        out.push_str(piece);
    }
    Expr::cust_with_exprs(out, args)
}

/// A template whose every `{}` is the same expression.
pub(crate) fn template_repeat(vendor: Vendor, tpl: &str, arg: Expr) -> Expr {
    let n = tpl.matches("{}").count();
    template(vendor, tpl, vec![arg; n])
}

fn kind_of_value(v: &Value) -> Option<FieldKind> {
    Some(match v {
        Value::Int(_) => FieldKind::BigIntegerField,
        Value::Float(_) => FieldKind::FloatField,
        Value::Text(_) => FieldKind::TextField,
        Value::Bool(_) => FieldKind::BooleanField,
        Value::DateTime(_) => FieldKind::DateTimeField,
        _ => return None,
    })
}

fn is_integer(kind: Option<FieldKind>) -> bool {
    kind.is_some_and(|k| k.is_integer() || k == FieldKind::BooleanField)
}

impl Resolver {
    /// An expression tree as SQL.
    pub(crate) fn expression(&mut self, e: &Expression) -> Result<Expr> {
        Ok(match e {
            Expression::Value(v) => Expr::val(self.vendor.adapt_value(v)),
            Expression::F(name) => self.field_expr(name)?,
            Expression::Combined(l, op, r) => {
                let l = self.expression(l)?;
                let r = self.expression(r)?;
                match op {
                    Connector::Add => l.add(r),
                    Connector::Sub => l.sub(r),
                    Connector::Mul => l.mul(r),
                    Connector::Div => l.div(r),
                }
            }
            Expression::Func(f) => self.func(f)?,
            Expression::Aggregate(a) => self.aggregate(a)?,
            Expression::Case(c) => self.case(c)?,
            Expression::Subquery(s) => {
                let stmt = self.subquery(s)?;
                Expr::SubQuery(None, Box::new(stmt.into()))
            }
            Expression::Exists(s) => {
                let mut s = s.clone();
                // EXISTS needs no columns, order or more than one row (as Django's `Exists`).
                s.data.values = None;
                s.data.order_by = Some(Vec::new());
                s.data.annotations.retain(|a| !a.select || a.expr.contains_aggregate());
                let stmt = self.subquery_with(&s, compiler::Select::One)?;
                Expr::exists(stmt)
            }
            Expression::OuterRef(name) => self.outer_ref(name)?,
            Expression::Star => Expr::cust("*"),
            Expression::Condition(q) => {
                let cond = self.condition(q)?;
                Expr::from(cond)
            }
        })
    }

    fn outer_ref(&mut self, name: &str) -> Result<Expr> {
        let Some(outer) = self.outer.pop() else {
            return Err(Error::field(
                model_name(self.scope.root),
                format!("OuterRef('{name}') is only allowed in a subquery"),
            ));
        };
        let inner = std::mem::replace(&mut self.scope, outer);
        let result = self.field_expr(name);
        let outer = std::mem::replace(&mut self.scope, inner);
        self.outer.push(outer);
        result
    }

    /// A subquery selecting its `values()` column (or its primary key).
    pub(crate) fn subquery(&mut self, s: &Subquery) -> Result<sea_query::SelectStatement> {
        let what = if s.data.values.is_some() {
            compiler::Select::Values
        } else {
            compiler::Select::Pk
        };
        self.subquery_with(s, what)
    }

    fn subquery_with(&mut self, s: &Subquery, what: compiler::Select) -> Result<sea_query::SelectStatement> {
        self.enter_subquery(s.meta);
        let compiled = compiler::compile_select(self, s.meta, &s.data, what);
        self.leave_subquery();
        Ok(compiled?.stmt)
    }

    fn func(&mut self, f: &Func) -> Result<Expr> {
        let vendor = self.vendor;
        let mut args = Vec::with_capacity(f.args.len());
        for a in &f.args {
            args.push(self.expression(a)?);
        }
        let one = |args: &mut Vec<Expr>| args.pop().unwrap_or_else(|| Expr::cust("NULL"));
        let call = |name: &str, args: Vec<Expr>| {
            let tpl = format!("{name}({})", vec!["{}"; args.len()].join(", "));
            template(vendor, &tpl, args)
        };
        Ok(match f.function {
            Function::Lower => call("LOWER", args),
            Function::Upper => call("UPPER", args),
            Function::Length => match vendor {
                Vendor::Mysql => call("CHAR_LENGTH", args),
                _ => call("LENGTH", args),
            },
            Function::Trim => call("TRIM", args),
            Function::Replace => call("REPLACE", args),
            Function::StrIndex => match vendor {
                Vendor::Postgresql => call("STRPOS", args),
                _ => call("INSTR", args),
            },
            Function::Substr => match vendor {
                // Bound positions are bigint; PostgreSQL's SUBSTRING takes integer.
                Vendor::Postgresql => {
                    let mut tpl = "SUBSTRING({}".to_owned();
                    for _ in 1..args.len() {
                        tpl.push_str(", CAST({} AS integer)");
                    }
                    tpl.push(')');
                    template(vendor, &tpl, args)
                }
                _ => call("SUBSTR", args),
            },
            Function::Concat => {
                let n = args.len();
                template(vendor, &vendor.concat_sql(n), args)
            }
            Function::Now => Expr::cust("CURRENT_TIMESTAMP"),
            Function::Coalesce => {
                if args.len() < 2 {
                    return Err(self.func_error("Coalesce must take at least two expressions"));
                }
                call("COALESCE", args)
            }
            Function::Greatest | Function::Least => {
                if args.len() < 2 {
                    return Err(self.func_error("Greatest and Least must take at least two expressions"));
                }
                let name = match (f.function, vendor) {
                    (Function::Greatest, Vendor::Sqlite) => "MAX",
                    (Function::Least, Vendor::Sqlite) => "MIN",
                    (Function::Greatest, _) => "GREATEST",
                    _ => "LEAST",
                };
                call(name, args)
            }
            Function::Cast(kind) => {
                let tpl = format!("CAST({{}} AS {})", vendor.cast_type(kind));
                template(vendor, &tpl, vec![one(&mut args)])
            }
            Function::Extract(part) => {
                let Some(tpl) = vendor.datetime_extract_sql(part) else {
                    return Err(self.func_error(format!("Extract does not support '{}'", part.name())));
                };
                template_repeat(vendor, &tpl, one(&mut args))
            }
            Function::Trunc(part) => {
                let Some(tpl) = vendor.datetime_trunc_sql(part) else {
                    return Err(self.func_error(format!("Trunc does not support '{}'", part.name())));
                };
                template_repeat(vendor, &tpl, one(&mut args))
            }
        })
    }

    fn func_error(&self, message: impl Into<String>) -> Error {
        Error::field(model_name(self.scope.root), message.into())
    }

    fn aggregate(&mut self, a: &Aggregate) -> Result<Expr> {
        let vendor = self.vendor;
        if matches!(*a.expr, Expression::Star) && a.filter.is_some() {
            return Err(self.func_error("Star cannot be used with filter. Please specify a field."));
        }
        if a.expr.contains_aggregate() {
            return Err(self.func_error("Cannot compute an aggregate of an aggregate"));
        }
        let source_kind = self.output_kind(&a.expr)?;
        let promote = std::mem::replace(&mut self.promote, true);
        let arg = self.expression(&a.expr);
        self.promote = promote;
        let mut arg = arg?;
        let mut filter_sql = None;
        if let Some(q) = &a.filter {
            let cond = Expr::from(self.condition(q)?);
            if vendor.supports_aggregate_filter_clause() {
                filter_sql = Some(cond);
            } else {
                arg = template(vendor, "CASE WHEN {} THEN {} ELSE NULL END", vec![cond, arg]);
            }
        }
        let distinct = if a.distinct { "DISTINCT " } else { "" };
        let name = match a.function {
            AggregateFunction::Count => "COUNT",
            AggregateFunction::Sum => "SUM",
            AggregateFunction::Avg => "AVG",
            AggregateFunction::Min => "MIN",
            AggregateFunction::Max => "MAX",
            AggregateFunction::StdDev { sample } => {
                if sample {
                    "STDDEV_SAMP"
                } else {
                    "STDDEV_POP"
                }
            }
            AggregateFunction::Variance { sample } => {
                if sample {
                    "VAR_SAMP"
                } else {
                    "VAR_POP"
                }
            }
        };
        let mut args = vec![arg];
        let mut tpl = if vendor == Vendor::Sqlite
            && matches!(
                a.function,
                AggregateFunction::StdDev { .. } | AggregateFunction::Variance { .. }
            ) {
            // SQLite has no STDDEV/VARIANCE (Django registers Python ones):
            // the same statistics from sums.
            if a.distinct {
                return Err(self.func_error("StdDev and Variance do not take distinct on SQLite"));
            }
            let x = args.remove(0);
            let (sample, sqrt) = match a.function {
                AggregateFunction::StdDev { sample } => (sample, true),
                AggregateFunction::Variance { sample } => (sample, false),
                _ => (false, false),
            };
            let denominator = if sample { "(COUNT({}) - 1)" } else { "COUNT({})" };
            let tpl = format!(
                "((SUM(CAST({{}} AS REAL) * {{}}) - SUM(CAST({{}} AS REAL)) * SUM({{}}) / COUNT({{}})) / NULLIF({denominator}, 0))"
            );
            if sqrt {
                // No SQRT in SQLite's core: the column's square root is taken
                // when it is decoded, so StdDev must be a whole result column.
                if !self.sqrt_column {
                    return Err(self.func_error(
                        "StdDev on SQLite must be a whole annotation or aggregate, not inside an expression",
                    ));
                }
                self.sqrt_pending = true;
            }
            args = vec![x; tpl.matches("{}").count()];
            tpl
        } else {
            format!("{name}({distinct}{{}})")
        };
        if let Some(cond) = filter_sql {
            tpl.push_str(" FILTER (WHERE {})");
            args.push(cond);
        }
        // PostgreSQL and MySQL answer SUM/AVG of integers as NUMERIC/DECIMAL;
        // cast to the output Django converts to.
        let cast = match (vendor, a.function) {
            (Vendor::Sqlite, _) => None,
            (_, AggregateFunction::Sum) if is_integer(source_kind) => Some(FieldKind::BigIntegerField),
            (_, AggregateFunction::Sum) if source_kind == Some(FieldKind::FloatField) => Some(FieldKind::FloatField),
            (_, AggregateFunction::Avg | AggregateFunction::StdDev { .. } | AggregateFunction::Variance { .. }) => {
                Some(FieldKind::FloatField)
            }
            _ => None,
        };
        if let Some(kind) = cast {
            tpl = format!("CAST({tpl} AS {})", vendor.cast_type(kind));
        }
        if let Some(default) = &a.default {
            let d = self.expression(default)?;
            tpl = format!("COALESCE({tpl}, {{}})");
            args.push(d);
        }
        Ok(template(vendor, &tpl, args))
    }

    fn case(&mut self, c: &Case) -> Result<Expr> {
        let mut tpl = String::from("CASE");
        let mut args = Vec::new();
        for w in &c.whens {
            tpl.push_str(" WHEN {} THEN {}");
            args.push(Expr::from(self.condition(&w.condition)?));
            args.push(self.expression(&w.then)?);
        }
        tpl.push_str(" ELSE {} END");
        args.push(self.expression(&c.default)?);
        if c.whens.is_empty() {
            return self.expression(&c.default);
        }
        Ok(template(self.vendor, &tpl, args))
    }

    /// The kind of value an expression produces (Django's `output_field`);
    /// `None` when unknown (decoded by the type the database reports).
    pub(crate) fn output_kind(&mut self, e: &Expression) -> Result<Option<FieldKind>> {
        Ok(match e {
            Expression::Value(v) => kind_of_value(v),
            Expression::F(name) => self.resolve(name, false, false)?.kind,
            Expression::OuterRef(name) => {
                let Some(outer) = self.outer.pop() else { return Ok(None) };
                let inner = std::mem::replace(&mut self.scope, outer);
                let kind = self.resolve(name, false, false).map(|r| r.kind);
                let outer = std::mem::replace(&mut self.scope, inner);
                self.outer.push(outer);
                kind?
            }
            Expression::Combined(l, _, r) => {
                let (l, r) = (self.output_kind(l)?, self.output_kind(r)?);
                if l == Some(FieldKind::FloatField) || r == Some(FieldKind::FloatField) {
                    Some(FieldKind::FloatField)
                } else {
                    l.or(r)
                }
            }
            Expression::Func(f) => match (f.output, f.function) {
                (Some(k), _) => Some(k),
                (
                    None,
                    Function::Lower
                    | Function::Upper
                    | Function::Concat
                    | Function::Substr
                    | Function::Trim
                    | Function::Replace,
                ) => Some(FieldKind::TextField),
                (None, Function::Length | Function::StrIndex) => Some(FieldKind::IntegerField),
                (None, _) => {
                    let mut kind = None;
                    for a in &f.args {
                        kind = kind.or(self.output_kind(a)?);
                    }
                    kind
                }
            },
            Expression::Aggregate(a) => match a.function {
                AggregateFunction::Count => Some(FieldKind::BigIntegerField),
                AggregateFunction::Avg | AggregateFunction::StdDev { .. } | AggregateFunction::Variance { .. } => {
                    Some(FieldKind::FloatField)
                }
                AggregateFunction::Sum if is_integer(self.output_kind(&a.expr)?) => Some(FieldKind::BigIntegerField),
                _ => self.output_kind(&a.expr)?,
            },
            Expression::Case(c) => match c.output {
                Some(k) => Some(k),
                None => {
                    let mut kind = None;
                    for w in &c.whens {
                        kind = kind.or(self.output_kind(&w.then)?);
                    }
                    match kind {
                        Some(k) => Some(k),
                        None => self.output_kind(&c.default)?,
                    }
                }
            },
            Expression::Subquery(s) => subquery_kind(self.vendor, s.meta, s)?,
            Expression::Exists(_) | Expression::Condition(_) => Some(FieldKind::BooleanField),
            Expression::Star => None,
        })
    }
}

/// The kind of the one column a subquery selects.
fn subquery_kind(vendor: Vendor, meta: &'static ModelMeta, s: &Subquery) -> Result<Option<FieldKind>> {
    let Some(values) = &s.data.values else {
        return Ok(Some(meta.pk().kind));
    };
    let Some(name) = values.first() else {
        return Ok(None);
    };
    let mut resolver = Resolver::new(vendor, meta, true);
    resolver.scope.annotations = s
        .data
        .annotations
        .iter()
        .map(|a| (a.name.clone(), a.expr.clone()))
        .collect();
    resolver.output_kind(&Expression::F(name.clone()))
}
