//! Text functions (Django's `functions/text.py`).

use super::{Func, Function, unary};
use crate::Value;
use crate::models::expressions::{Arg, Expression};

unary! {
    Lower => Function::Lower, "`LOWER(x)` (Django's `Lower`).";
    Upper => Function::Upper, "`UPPER(x)` (Django's `Upper`).";
    Length => Function::Length, "The length in characters (Django's `Length`); NULL stays NULL.";
    Trim => Function::Trim, "`TRIM(x)`: leading and trailing spaces removed (Django's `Trim`).";
}

/// Concatenate text (Django's `Concat`): a NULL part counts as '' as in Django.
#[derive(Debug, Clone, Copy)]
pub struct Concat;

impl Concat {
    /// `Concat(a, b, ...)`; a string names a field, `Value::from("x")` is a literal.
    #[allow(clippy::new_ret_no_self)]
    pub fn new<A: Arg>(parts: impl IntoIterator<Item = A>) -> Func {
        Func::new(Function::Concat, parts.into_iter().map(Arg::into_arg).collect())
    }
}

/// A substring (Django's `Substr`): `pos` is 1-based.
#[derive(Debug, Clone, Copy)]
pub struct Substr;

impl Substr {
    /// `Substr(expression, pos, length)`; `length = None` takes the rest.
    #[allow(clippy::new_ret_no_self)]
    pub fn new(expr: impl Arg, pos: i64, length: Option<i64>) -> Func {
        let mut args = vec![expr.into_arg(), Expression::Value(Value::Int(pos))];
        if let Some(n) = length {
            args.push(Expression::Value(Value::Int(n)));
        }
        Func::new(Function::Substr, args)
    }
}

/// Replace every occurrence of `text` by `replacement` (Django's `Replace`).
#[derive(Debug, Clone, Copy)]
pub struct Replace;

impl Replace {
    /// `Replace(expression, text, replacement)`.
    #[allow(clippy::new_ret_no_self)]
    pub fn new(expr: impl Arg, text: &str, replacement: &str) -> Func {
        Func::new(
            Function::Replace,
            vec![expr.into_arg(), Expression::value(text), Expression::value(replacement)],
        )
    }
}

/// The 1-based position of `substring` in the text, 0 when absent (Django's `StrIndex`).
#[derive(Debug, Clone, Copy)]
pub struct StrIndex;

impl StrIndex {
    /// `StrIndex(expression, substring)`; the substring is an expression (`Value::from("x")`) or a field name.
    #[allow(clippy::new_ret_no_self)]
    pub fn new(expr: impl Arg, substring: impl Arg) -> Func {
        Func::new(Function::StrIndex, vec![expr.into_arg(), substring.into_arg()])
    }
}
