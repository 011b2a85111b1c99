//! Query expressions (Django's `django.db.models.expressions`): `F()`,
//! literal values, arithmetic, `Case`/`When`, `Subquery`, `OuterRef`,
//! `Exists`. Aggregates live in [`aggregates`](super::aggregates), database
//! functions in [`functions`](super::functions); all of them are
//! [`Expression`]s, compiled to SQL per backend by `sql::expressions`.

use std::ops::{Add, Div, Mul, Sub};

use super::aggregates::Aggregate;
use super::functions::Func;
use super::sql::compiler::QueryData;
use super::{FieldKind, Model, ModelMeta, Q, QuerySet};
use crate::Value;

/// A reference to a field of the row being queried or updated: Django's
/// `F("votes")`. `F::new("votes") + 1` builds an [`Expression`]. The name
/// is resolved like a lookup path (`"question__pub_date"`) or names an
/// annotation.
#[derive(Debug, Clone, PartialEq)]
pub struct F(pub(crate) String);

impl F {
    /// `F("name")`.
    pub fn new(name: impl Into<String>) -> Self {
        F(name.into())
    }

    /// Descending order of this field (Django's `F("x").desc()`), for `order_by`.
    pub fn desc(&self) -> String {
        format!("-{}", self.0)
    }

    /// Ascending order of this field (Django's `F("x").asc()`), for `order_by`.
    pub fn asc(&self) -> String {
        self.0.clone()
    }
}

/// A reference to a field of the outer query from inside a [`Subquery`] or
/// [`Exists`] (Django's `OuterRef("pk")`).
#[derive(Debug, Clone, PartialEq)]
pub struct OuterRef(pub(crate) String);

impl OuterRef {
    /// `OuterRef("name")`.
    pub fn new(name: impl Into<String>) -> Self {
        OuterRef(name.into())
    }
}

/// An arithmetic operator of a [`Expression::Combined`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Connector {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

/// An SQL expression: what `annotate`, `filter(Q::expr(...))`, `update`
/// and `order_by` take (Django's `Expression` hierarchy).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Expression {
    /// A literal, bound as a parameter (Django's `Value(...)`).
    Value(Value),
    /// A field or annotation reference (`F("votes")`).
    F(String),
    /// `lhs <op> rhs` (Django's `CombinedExpression`).
    Combined(Box<Expression>, Connector, Box<Expression>),
    /// A database function (`Lower`, `Coalesce`, `Cast`, `ExtractYear`, ...).
    Func(Func),
    /// An aggregate (`Count`, `Sum`, ...).
    Aggregate(Aggregate),
    /// `CASE WHEN ... THEN ... ELSE ... END`.
    Case(Case),
    /// `(SELECT ...)`: a one-column subquery.
    Subquery(Subquery),
    /// `EXISTS (SELECT ...)`.
    Exists(Subquery),
    /// A field of the outer query (`OuterRef("pk")`), inside a subquery.
    OuterRef(String),
    /// `*` (in `Count("*")`).
    Star,
    /// A condition used as a value (Django's `ExpressionWrapper(Q(...))`).
    Condition(Box<Q>),
}

impl Expression {
    /// A literal (Django's `Value(v)`).
    pub fn value(v: impl Into<Value>) -> Self {
        Expression::Value(v.into())
    }

    /// Whether this contains an aggregate (Django's `contains_aggregate`);
    /// subqueries are self-contained.
    pub(crate) fn contains_aggregate(&self) -> bool {
        match self {
            Expression::Aggregate(_) => true,
            Expression::Combined(l, _, r) => l.contains_aggregate() || r.contains_aggregate(),
            Expression::Func(f) => f.args.iter().any(Expression::contains_aggregate),
            Expression::Case(c) => {
                c.whens.iter().any(|w| w.then.contains_aggregate()) || c.default.contains_aggregate()
            }
            _ => false,
        }
    }

    /// The `F()` names this refers to (to find references to aggregate annotations).
    pub(crate) fn refs(&self, out: &mut Vec<String>) {
        match self {
            Expression::F(n) => out.push(n.clone()),
            Expression::Combined(l, _, r) => {
                l.refs(out);
                r.refs(out);
            }
            Expression::Func(f) => f.args.iter().for_each(|a| a.refs(out)),
            Expression::Aggregate(a) => a.expr.refs(out),
            Expression::Case(c) => {
                for w in &c.whens {
                    w.condition.refs(out);
                    w.then.refs(out);
                }
                c.default.refs(out);
            }
            Expression::Condition(q) => q.refs(out),
            _ => {}
        }
    }
}

impl From<F> for Expression {
    fn from(f: F) -> Self {
        Expression::F(f.0)
    }
}

impl From<OuterRef> for Expression {
    fn from(r: OuterRef) -> Self {
        Expression::OuterRef(r.0)
    }
}

impl<T: Into<Value>> From<T> for Expression {
    fn from(v: T) -> Self {
        Expression::Value(v.into())
    }
}

/// An argument of a database function or aggregate: a field name (a
/// string, as Django turns strings into `F()`) or any expression.
pub trait Arg {
    /// The argument as an expression.
    fn into_arg(self) -> Expression;
}

impl Arg for &str {
    fn into_arg(self) -> Expression {
        Expression::F(self.to_owned())
    }
}

impl Arg for String {
    fn into_arg(self) -> Expression {
        Expression::F(self)
    }
}

impl Arg for Value {
    fn into_arg(self) -> Expression {
        Expression::Value(self)
    }
}

impl<M, T> Arg for super::Field<M, T> {
    fn into_arg(self) -> Expression {
        Expression::F(self.name().to_owned())
    }
}

macro_rules! expression_types {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn into_arg(self) -> Expression {
                self.into()
            }
        }
    )*};
}
expression_types!(F, OuterRef, Expression, Aggregate, Func, Case, Subquery, Exists);

macro_rules! arith {
    ($trait:ident, $method:ident, $conn:ident) => {
        impl<R: Into<Expression>> $trait<R> for Expression {
            type Output = Expression;
            fn $method(self, rhs: R) -> Expression {
                Expression::Combined(Box::new(self), Connector::$conn, Box::new(rhs.into()))
            }
        }
        arith!(@for $trait, $method, F, OuterRef, Aggregate, Func, Case, Subquery);
    };
    (@for $trait:ident, $method:ident, $($t:ty),*) => {$(
        impl<R: Into<Expression>> $trait<R> for $t {
            type Output = Expression;
            fn $method(self, rhs: R) -> Expression {
                Expression::from(self).$method(rhs)
            }
        }
    )*};
}
arith!(Add, add, Add);
arith!(Sub, sub, Sub);
arith!(Mul, mul, Mul);
arith!(Div, div, Div);

/// One `WHEN condition THEN value` of a [`Case`] (Django's `When`).
#[derive(Debug, Clone, PartialEq)]
pub struct When {
    pub(crate) condition: Q,
    pub(crate) then: Expression,
}

impl When {
    /// `When(condition, then=value)`; `then` is a literal or expression
    /// (a field is `F::new("name")`).
    pub fn new(condition: Q, then: impl Into<Expression>) -> Self {
        When {
            condition,
            then: then.into(),
        }
    }
}

/// `CASE WHEN ... THEN ... ELSE default END` (Django's `Case`).
///
/// # Examples
/// ```
/// use nuages_db::models::expressions::{Case, When};
/// use nuages_db::Q;
/// let kind = Case::new([When::new(Q::new("votes__gte", 10), "popular")]).default("quiet");
/// # let _ = kind;
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub(crate) whens: Vec<When>,
    pub(crate) default: Box<Expression>,
    pub(crate) output: Option<FieldKind>,
}

impl Case {
    /// `Case(When(...), ...)` with no default (NULL).
    pub fn new(whens: impl IntoIterator<Item = When>) -> Self {
        Case {
            whens: whens.into_iter().collect(),
            default: Box::new(Expression::Value(Value::Null)),
            output: None,
        }
    }

    /// `default=value`.
    pub fn default(mut self, value: impl Into<Expression>) -> Self {
        self.default = Box::new(value.into());
        self
    }

    /// `output_field=...`: the kind the result is decoded as.
    pub fn output_field(mut self, kind: FieldKind) -> Self {
        self.output = Some(kind);
        self
    }
}

impl From<Case> for Expression {
    fn from(c: Case) -> Self {
        Expression::Case(c)
    }
}

/// A query over another model used as a value (Django's `Subquery`): it
/// must select one column, e.g. `Subquery::new(Choice::objects()
/// .filter(Q::expr("question", OuterRef::new("pk"))).values(["choice_text"]).slice(..1))`.
#[derive(Debug, Clone)]
pub struct Subquery {
    pub(crate) meta: &'static ModelMeta,
    pub(crate) data: Box<QueryData>,
}

impl PartialEq for Subquery {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.meta, other.meta) && self.data == other.data
    }
}

impl Subquery {
    /// Wrap a QuerySet (any row shape: `values([...])` picks the column).
    pub fn new<M: Model, R>(qs: QuerySet<M, R>) -> Self {
        Subquery {
            meta: M::meta(),
            data: Box::new(qs.into_data()),
        }
    }
}

impl From<Subquery> for Expression {
    fn from(s: Subquery) -> Self {
        Expression::Subquery(s)
    }
}

/// `EXISTS (SELECT ...)` (Django's `Exists`); use it in `annotate` or as a
/// filter with [`Q::exists`](super::Q::exists); `!Q::exists(...)` negates it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exists(pub(crate) Subquery);

impl Exists {
    /// `Exists(queryset)`.
    pub fn new<M: Model, R>(qs: QuerySet<M, R>) -> Self {
        Exists(Subquery::new(qs))
    }
}

impl From<Exists> for Expression {
    fn from(e: Exists) -> Self {
        Expression::Exists(e.0)
    }
}

/// One `field = expression` of `QuerySet::update`.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub(crate) field: String,
    pub(crate) value: Expression,
}

impl<E: Into<Expression>> From<(&str, E)> for Assignment {
    fn from((field, value): (&str, E)) -> Self {
        Assignment {
            field: field.to_owned(),
            value: value.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f_arithmetic_builds_a_tree() {
        let e = F::new("votes") + 1;
        assert_eq!(
            e,
            Expression::Combined(
                Box::new(Expression::F("votes".into())),
                Connector::Add,
                Box::new(Expression::Value(Value::Int(1)))
            )
        );
        let e = (F::new("a") * 2) - F::new("b");
        assert!(matches!(e, Expression::Combined(_, Connector::Sub, _)));
    }
}
