//! `Q` objects: filter conditions combined with `&`, `|` and `!`
//! (Django's `django.db.models.query_utils.Q`).

use std::ops::{BitAnd, BitOr, Not};

use crate::Value;
use crate::models::expressions::{Exists, Expression, Subquery};
use crate::models::{Model, QuerySet};

/// A filter condition: one lookup (`Q::new("pub_date__lte", now)`) or a
/// combination (`q1 & q2`, `q1 | q2`, `!q`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Q {
    /// `lookup=value`: `lookup` is Django's `field__field__lookup` string.
    Lookup {
        /// The path with its lookup, e.g. `"question__pub_date__lte"`.
        path: String,
        /// The right-hand side.
        rhs: Expression,
    },
    /// All must hold (an empty `And` always holds).
    And(Vec<Q>),
    /// One must hold.
    Or(Vec<Q>),
    /// Negation (`~Q`).
    Not(Box<Q>),
    /// A boolean expression as a condition (`filter(Exists(...))`).
    Expr(Expression),
}

impl Q {
    /// `Q(path=value)`, e.g. `Q::new("question__pub_date__lte", now)`.
    pub fn new(path: impl Into<String>, value: impl Into<Value>) -> Self {
        Q::Lookup {
            path: path.into(),
            rhs: Expression::Value(value.into()),
        }
    }

    /// `Q(path=F(...))`: compare against an expression.
    pub fn expr(path: impl Into<String>, rhs: impl Into<Expression>) -> Self {
        Q::Lookup {
            path: path.into(),
            rhs: rhs.into(),
        }
    }

    /// The condition that always holds (`Q()`).
    pub fn all() -> Self {
        Q::And(Vec::new())
    }

    /// `filter(Exists(queryset))`: rows for which the subquery has a row;
    /// `!Q::exists(...)` is `NOT EXISTS`.
    pub fn exists(exists: Exists) -> Self {
        Q::Expr(exists.into())
    }

    /// `Q(path__in=queryset)`: the subquery selects one column (its
    /// `values([...])`, else its primary key).
    pub fn in_subquery<M: Model, R>(path: impl Into<String>, qs: QuerySet<M, R>) -> Self {
        let path = path.into();
        let path = if path.ends_with("__in") {
            path
        } else {
            format!("{path}__in")
        };
        Q::Lookup {
            path,
            rhs: Expression::Subquery(Subquery::new(qs)),
        }
    }

    /// The names this condition's lookups start from and the `F()` names it uses.
    pub(crate) fn refs(&self, out: &mut Vec<String>) {
        match self {
            Q::Lookup { path, rhs } => {
                out.push(path.split("__").next().unwrap_or(path).to_owned());
                rhs.refs(out);
            }
            Q::And(items) | Q::Or(items) => items.iter().for_each(|q| q.refs(out)),
            Q::Not(inner) => inner.refs(out),
            Q::Expr(e) => e.refs(out),
        }
    }

    /// Whether an aggregate appears directly in this condition.
    pub(crate) fn contains_aggregate(&self) -> bool {
        match self {
            Q::Lookup { rhs, .. } => rhs.contains_aggregate(),
            Q::And(items) | Q::Or(items) => items.iter().any(Q::contains_aggregate),
            Q::Not(inner) => inner.contains_aggregate(),
            Q::Expr(e) => e.contains_aggregate(),
        }
    }
}

impl BitAnd for Q {
    type Output = Q;
    fn bitand(self, rhs: Q) -> Q {
        match self {
            Q::And(mut v) => {
                v.push(rhs);
                Q::And(v)
            }
            other => Q::And(vec![other, rhs]),
        }
    }
}

impl BitOr for Q {
    type Output = Q;
    fn bitor(self, rhs: Q) -> Q {
        match self {
            Q::Or(mut v) => {
                v.push(rhs);
                Q::Or(v)
            }
            other => Q::Or(vec![other, rhs]),
        }
    }
}

impl Not for Q {
    type Output = Q;
    fn not(self) -> Q {
        match self {
            Q::Not(inner) => *inner,
            other => Q::Not(Box::new(other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinators_flatten() {
        let q = Q::new("a", 1) & Q::new("b", 2) & Q::new("c", 3);
        assert!(matches!(&q, Q::And(v) if v.len() == 3));
        let q = Q::new("a", 1) | Q::new("b", 2);
        assert!(matches!(&q, Q::Or(v) if v.len() == 2));
        assert_eq!(!!Q::new("a", 1), Q::new("a", 1));
    }
}
