//! Comparison and conversion functions (Django's `functions/comparison.py`).

use super::{Func, Function};
use crate::models::FieldKind;
use crate::models::expressions::Arg;

/// The first non-NULL argument (Django's `Coalesce`; at least two).
#[derive(Debug, Clone, Copy)]
pub struct Coalesce;

impl Coalesce {
    /// `Coalesce(a, b, ...)`: strings name fields; mix kinds as
    /// expressions: `[Expression::from(F::new("votes")), Expression::value(0)]`.
    #[allow(clippy::new_ret_no_self)]
    pub fn new<A: Arg>(args: impl IntoIterator<Item = A>) -> Func {
        Func::new(Function::Coalesce, args.into_iter().map(Arg::into_arg).collect())
    }
}

/// The greatest argument (Django's `Greatest`).
#[derive(Debug, Clone, Copy)]
pub struct Greatest;

impl Greatest {
    /// `Greatest(a, b, ...)`; strings name fields.
    #[allow(clippy::new_ret_no_self)]
    pub fn new<A: Arg>(args: impl IntoIterator<Item = A>) -> Func {
        Func::new(Function::Greatest, args.into_iter().map(Arg::into_arg).collect())
    }
}

/// The least argument (Django's `Least`).
#[derive(Debug, Clone, Copy)]
pub struct Least;

impl Least {
    /// `Least(a, b, ...)`; strings name fields.
    #[allow(clippy::new_ret_no_self)]
    pub fn new<A: Arg>(args: impl IntoIterator<Item = A>) -> Func {
        Func::new(Function::Least, args.into_iter().map(Arg::into_arg).collect())
    }
}

/// `CAST(x AS type)` to a field kind's column type (Django's `Cast`).
#[derive(Debug, Clone, Copy)]
pub struct Cast;

impl Cast {
    /// `Cast(expression, output_field)`.
    #[allow(clippy::new_ret_no_self)]
    pub fn new(expr: impl Arg, output_field: FieldKind) -> Func {
        Func::new(Function::Cast(output_field), vec![expr.into_arg()]).output_field(output_field)
    }
}
