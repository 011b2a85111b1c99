//! Database functions (Django's `django.db.models.functions`): text
//! ([`Lower`], [`Upper`], [`Length`], [`Concat`], [`Substr`]), comparison
//! ([`Coalesce`], [`Cast`]) and date/time ([`Now`], [`Extract`], [`Trunc`]
//! and their `ExtractYear`/`TruncMonth`-style shortcuts). Each builds a
//! [`Func`] expression whose SQL is chosen per backend, as Django's
//! `as_sqlite`/`as_postgresql`/`as_mysql` do.
//!
//! # Examples
//! ```
//! use nuages_db::models::functions::{Coalesce, ExtractYear, Lower};
//! use nuages_db::models::{Expression, F};
//! let name = Lower::new("question_text");
//! let year = ExtractYear::new("pub_date");
//! let votes = Coalesce::new([Expression::from(F::new("votes")), Expression::value(0)]);
//! # let _ = (name, year, votes);
//! ```

mod comparison;
mod datetime;
mod text;

pub use comparison::{Cast, Coalesce, Greatest, Least};
pub use datetime::{
    DatePart, Extract, ExtractDay, ExtractHour, ExtractIsoWeekDay, ExtractIsoYear, ExtractMinute, ExtractMonth,
    ExtractQuarter, ExtractSecond, ExtractWeek, ExtractWeekDay, ExtractYear, Now, Trunc, TruncDate, TruncDay,
    TruncHour, TruncMinute, TruncMonth, TruncQuarter, TruncSecond, TruncWeek, TruncYear,
};
pub use text::{Concat, Length, Lower, Replace, StrIndex, Substr, Trim, Upper};

use super::FieldKind;
use super::expressions::Expression;

/// Which database function a [`Func`] calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Function {
    /// `LOWER(x)`
    Lower,
    /// `UPPER(x)`
    Upper,
    /// `LENGTH(x)` (`CHAR_LENGTH` on MySQL)
    Length,
    /// Concatenation, NULL-safe as Django's `Concat` (each part coalesced to '').
    Concat,
    /// `SUBSTR(x, pos[, len])` (1-based)
    Substr,
    /// `TRIM(x)`
    Trim,
    /// `REPLACE(x, from, to)`
    Replace,
    /// `INSTR(x, sub)` / `STRPOS` (1-based, 0 when absent)
    StrIndex,
    /// `CURRENT_TIMESTAMP`
    Now,
    /// `COALESCE(a, b, ...)`
    Coalesce,
    /// `GREATEST(a, b, ...)` (`MAX` on SQLite)
    Greatest,
    /// `LEAST(a, b, ...)` (`MIN` on SQLite)
    Least,
    /// `CAST(x AS type)`
    Cast(FieldKind),
    /// `EXTRACT(part FROM x)`
    Extract(DatePart),
    /// `DATE_TRUNC(part, x)`
    Trunc(DatePart),
}

/// A database function call: build it with [`Lower`], [`Coalesce`], ...
#[derive(Debug, Clone, PartialEq)]
pub struct Func {
    pub(crate) function: Function,
    pub(crate) args: Vec<Expression>,
    pub(crate) output: Option<FieldKind>,
}

impl Func {
    pub(crate) fn new(function: Function, args: Vec<Expression>) -> Self {
        Func {
            function,
            args,
            output: None,
        }
    }

    /// `output_field=...`: the kind the result is decoded as.
    pub fn output_field(mut self, kind: FieldKind) -> Self {
        self.output = Some(kind);
        self
    }
}

impl From<Func> for Expression {
    fn from(f: Func) -> Self {
        Expression::Func(f)
    }
}

/// One-argument function constructors.
macro_rules! unary {
    ($($name:ident => $function:expr, $doc:literal;)*) => {$(
        #[doc = $doc]
        #[derive(Debug, Clone, Copy)]
        pub struct $name;

        impl $name {
            #[doc = concat!("`", stringify!($name), "(expression)`; a string names a field.")]
            #[allow(clippy::new_ret_no_self)]
            pub fn new(expr: impl $crate::models::expressions::Arg) -> $crate::models::functions::Func {
                $crate::models::functions::Func::new($function, vec![expr.into_arg()])
            }
        }
    )*};
}
pub(crate) use unary;
