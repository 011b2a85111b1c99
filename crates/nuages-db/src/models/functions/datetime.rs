//! Date and time functions (Django's `functions/datetime.py`): `Now`,
//! `Extract` and `Trunc` with their per-part shortcuts. Datetimes are
//! stored in UTC, so parts and truncations are taken in UTC (Django with
//! `USE_TZ = True` and `TIME_ZONE = "UTC"`).

use super::{Func, Function};
use crate::models::FieldKind;
use crate::models::expressions::Arg;

/// A part of a date or time, for [`Extract`] and [`Trunc`] (Django's `lookup_name`/`kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DatePart {
    /// `year`
    Year,
    /// `iso_year`
    IsoYear,
    /// `quarter` (1-4)
    Quarter,
    /// `month` (1-12)
    Month,
    /// `week` (ISO-8601 week number)
    Week,
    /// `day` (of the month)
    Day,
    /// `week_day`: 1 = Sunday ... 7 = Saturday
    WeekDay,
    /// `iso_week_day`: 1 = Monday ... 7 = Sunday
    IsoWeekDay,
    /// `hour`
    Hour,
    /// `minute`
    Minute,
    /// `second`
    Second,
    /// `date` (Trunc only: the date at midnight)
    Date,
}

impl DatePart {
    /// Django's name for the part (`"week_day"`), as used in lookups.
    pub fn name(&self) -> &'static str {
        match self {
            DatePart::Year => "year",
            DatePart::IsoYear => "iso_year",
            DatePart::Quarter => "quarter",
            DatePart::Month => "month",
            DatePart::Week => "week",
            DatePart::Day => "day",
            DatePart::WeekDay => "week_day",
            DatePart::IsoWeekDay => "iso_week_day",
            DatePart::Hour => "hour",
            DatePart::Minute => "minute",
            DatePart::Second => "second",
            DatePart::Date => "date",
        }
    }

    /// The part named `name` (a lookup such as `pub_date__year`).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "year" => DatePart::Year,
            "iso_year" => DatePart::IsoYear,
            "quarter" => DatePart::Quarter,
            "month" => DatePart::Month,
            "week" => DatePart::Week,
            "day" => DatePart::Day,
            "week_day" => DatePart::WeekDay,
            "iso_week_day" => DatePart::IsoWeekDay,
            "hour" => DatePart::Hour,
            "minute" => DatePart::Minute,
            "second" => DatePart::Second,
            "date" => DatePart::Date,
            _ => return None,
        })
    }
}

/// The current date and time (Django's `Now`): `CURRENT_TIMESTAMP`.
#[derive(Debug, Clone, Copy)]
pub struct Now;

impl Now {
    /// `Now()`.
    #[allow(clippy::new_ret_no_self)]
    pub fn new() -> Func {
        Func::new(Function::Now, Vec::new()).output_field(FieldKind::DateTimeField)
    }
}

/// A part of a datetime as an integer (Django's `Extract`).
#[derive(Debug, Clone, Copy)]
pub struct Extract;

impl Extract {
    /// `Extract(expression, part)`.
    #[allow(clippy::new_ret_no_self)]
    pub fn new(expr: impl Arg, part: DatePart) -> Func {
        Func::new(Function::Extract(part), vec![expr.into_arg()]).output_field(FieldKind::IntegerField)
    }
}

/// A datetime truncated to a part (Django's `Trunc`): `TruncMonth` of
/// 2024-03-15 10:20 is 2024-03-01 00:00.
#[derive(Debug, Clone, Copy)]
pub struct Trunc;

impl Trunc {
    /// `Trunc(expression, kind)`.
    #[allow(clippy::new_ret_no_self)]
    pub fn new(expr: impl Arg, part: DatePart) -> Func {
        Func::new(Function::Trunc(part), vec![expr.into_arg()]).output_field(FieldKind::DateTimeField)
    }
}

macro_rules! shortcuts {
    ($base:ident: $($name:ident => $part:ident),* $(,)?) => {$(
        #[doc = concat!("`", stringify!($base), "(expression, ", stringify!($part), ")` (Django's `", stringify!($name), "`).")]
        #[derive(Debug, Clone, Copy)]
        pub struct $name;

        impl $name {
            #[doc = concat!("`", stringify!($name), "(expression)`; a string names a field.")]
            #[allow(clippy::new_ret_no_self)]
            pub fn new(expr: impl Arg) -> Func {
                $base::new(expr, DatePart::$part)
            }
        }
    )*};
}

shortcuts!(Extract:
    ExtractYear => Year, ExtractIsoYear => IsoYear, ExtractQuarter => Quarter, ExtractMonth => Month,
    ExtractWeek => Week, ExtractDay => Day, ExtractWeekDay => WeekDay, ExtractIsoWeekDay => IsoWeekDay,
    ExtractHour => Hour, ExtractMinute => Minute, ExtractSecond => Second,
);
shortcuts!(Trunc:
    TruncYear => Year, TruncQuarter => Quarter, TruncMonth => Month, TruncWeek => Week, TruncDay => Day,
    TruncDate => Date, TruncHour => Hour, TruncMinute => Minute, TruncSecond => Second,
);
