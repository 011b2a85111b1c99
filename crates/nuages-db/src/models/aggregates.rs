//! Aggregates (Django's `django.db.models.aggregates`): `Count`, `Sum`,
//! `Avg`, `Min`, `Max`, `StdDev`, `Variance`, with `distinct` and `filter`.
//!
//! Used by `QuerySet::aggregate` (one row over the whole QuerySet) and
//! `QuerySet::annotate` (one value per row, which adds a GROUP BY).
//!
//! # Examples
//! ```
//! use nuages_db::models::aggregates::{Avg, Count};
//! use nuages_db::Q;
//! let n = Count::new("choice");
//! let popular = Count::new("choice").filter(Q::new("choice__votes__gt", 10));
//! let distinct = Count::new("choice__choice_text").distinct();
//! let avg = Avg::new("choice__votes");
//! # let _ = (n, popular, distinct, avg);
//! ```

use super::Q;
use super::expressions::{Arg, Expression};

/// The aggregate function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AggregateFunction {
    /// `COUNT`
    Count,
    /// `SUM`
    Sum,
    /// `AVG`
    Avg,
    /// `MIN`
    Min,
    /// `MAX`
    Max,
    /// `STDDEV_POP` / `STDDEV_SAMP`
    StdDev {
        /// `sample=True`.
        sample: bool,
    },
    /// `VAR_POP` / `VAR_SAMP`
    Variance {
        /// `sample=True`.
        sample: bool,
    },
}

impl AggregateFunction {
    /// Django's default alias suffix (`choice__count`, `votes__sum`).
    pub(crate) fn default_alias(&self) -> &'static str {
        match self {
            AggregateFunction::Count => "count",
            AggregateFunction::Sum => "sum",
            AggregateFunction::Avg => "avg",
            AggregateFunction::Min => "min",
            AggregateFunction::Max => "max",
            AggregateFunction::StdDev { .. } => "stddev",
            AggregateFunction::Variance { .. } => "variance",
        }
    }
}

/// An aggregate expression; build it with [`Count`], [`Sum`], ...
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregate {
    pub(crate) function: AggregateFunction,
    pub(crate) expr: Box<Expression>,
    pub(crate) distinct: bool,
    pub(crate) filter: Option<Box<Q>>,
    /// `default=...`: the value instead of NULL over no rows (wraps in COALESCE).
    pub(crate) default: Option<Box<Expression>>,
}

impl Aggregate {
    fn new(function: AggregateFunction, expr: Expression) -> Self {
        Aggregate {
            function,
            expr: Box::new(expr),
            distinct: false,
            filter: None,
            default: None,
        }
    }

    /// `distinct=True`: aggregate distinct values only.
    pub fn distinct(mut self) -> Self {
        self.distinct = true;
        self
    }

    /// `filter=Q(...)`: aggregate only the rows matching (SQL's
    /// `FILTER (WHERE ...)` where supported, else `CASE WHEN`).
    pub fn filter(mut self, q: Q) -> Self {
        self.filter = Some(Box::new(q));
        self
    }

    /// `default=value`: returned instead of NULL when there are no rows.
    pub fn default(mut self, value: impl Into<Expression>) -> Self {
        self.default = Some(Box::new(value.into()));
        self
    }

    /// The alias `aggregate()` gives an unnamed aggregate: `<field>__<name>`
    /// (Django's `default_alias`); `None` for a complex expression.
    pub(crate) fn default_alias(&self) -> Option<String> {
        match &*self.expr {
            Expression::F(name) => Some(format!("{name}__{}", self.function.default_alias())),
            _ => None,
        }
    }
}

impl From<Aggregate> for Expression {
    fn from(a: Aggregate) -> Self {
        Expression::Aggregate(a)
    }
}

macro_rules! aggregate {
    ($($name:ident => $function:expr, $doc:literal;)*) => {$(
        #[doc = $doc]
        #[derive(Debug, Clone, Copy)]
        pub struct $name;

        impl $name {
            #[doc = concat!("`", stringify!($name), "(expression)`; a string names a field.")]
            #[allow(clippy::new_ret_no_self)]
            pub fn new(expr: impl Arg) -> Aggregate {
                Aggregate::new($function, expr.into_arg())
            }
        }
    )*};
}

aggregate! {
    Count => AggregateFunction::Count, "`COUNT(...)`: the number of non-NULL values (Django's `Count`); the result is an integer, 0 over no rows.";
    Sum => AggregateFunction::Sum, "`SUM(...)` (Django's `Sum`); NULL over no rows unless `default` is given.";
    Avg => AggregateFunction::Avg, "`AVG(...)` (Django's `Avg`); a float.";
    Min => AggregateFunction::Min, "`MIN(...)` (Django's `Min`).";
    Max => AggregateFunction::Max, "`MAX(...)` (Django's `Max`).";
}

impl Count {
    /// `Count("*")`: every row.
    pub fn all() -> Aggregate {
        Aggregate::new(AggregateFunction::Count, Expression::Star)
    }
}

/// The standard deviation (Django's `StdDev`; population by default).
#[derive(Debug, Clone, Copy)]
pub struct StdDev;

impl StdDev {
    /// `StdDev(expression)` (population).
    #[allow(clippy::new_ret_no_self)]
    pub fn new(expr: impl Arg) -> Aggregate {
        Aggregate::new(AggregateFunction::StdDev { sample: false }, expr.into_arg())
    }

    /// `StdDev(expression, sample=True)`.
    pub fn sample(expr: impl Arg) -> Aggregate {
        Aggregate::new(AggregateFunction::StdDev { sample: true }, expr.into_arg())
    }
}

/// The variance (Django's `Variance`; population by default).
#[derive(Debug, Clone, Copy)]
pub struct Variance;

impl Variance {
    /// `Variance(expression)` (population).
    #[allow(clippy::new_ret_no_self)]
    pub fn new(expr: impl Arg) -> Aggregate {
        Aggregate::new(AggregateFunction::Variance { sample: false }, expr.into_arg())
    }

    /// `Variance(expression, sample=True)`.
    pub fn sample(expr: impl Arg) -> Aggregate {
        Aggregate::new(AggregateFunction::Variance { sample: true }, expr.into_arg())
    }
}
