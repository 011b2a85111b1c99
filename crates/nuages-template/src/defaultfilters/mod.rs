//! Built-in filters (Django's `django/template/defaultfilters.py`).
//!
//! Each filter is an ordinary function `(value, argument, context)`;
//! [`library`] registers them with Django's `is_safe` /
//! `needs_autoescape` flags and arity.

pub mod date;
pub mod encoding;
pub mod html;
pub mod list;
pub mod logic;
pub mod number;
pub mod sorting;
pub mod string;

use std::borrow::Cow;

use crate::library::{FilterArg, FilterFlags, Library};
use crate::value::Value;

/// Python's `str(value)`, what Django's `@stringfilter` passes on.
pub(crate) fn text_of(v: &Value) -> Cow<'_, str> {
    match v {
        Value::String(s) | Value::SafeString(s) => Cow::Borrowed(s),
        other => Cow::Owned(other.to_string()),
    }
}

/// Python's `int(arg)` for filter arguments; `None` on `ValueError`.
pub(crate) fn int_arg(v: &Value) -> Option<i64> {
    match v {
        Value::Float(f) if f.is_finite() => Some(f.trunc() as i64),
        Value::String(s) | Value::SafeString(s) => s.trim().parse().ok(),
        other => other.as_i64(),
    }
}

const fn flags(is_safe: bool, needs_autoescape: bool, arg: FilterArg) -> FilterFlags {
    FilterFlags {
        is_safe,
        needs_autoescape,
        arg,
    }
}

/// The library of built-in filters.
pub fn library() -> Library {
    use FilterArg::{None as No, Optional as Opt, Required as Req};
    let mut lib = Library::new();
    lib.filter("add", number::add, flags(false, false, Req))
        .filter("addslashes", string::addslashes, flags(true, false, No))
        .filter("capfirst", string::capfirst, flags(true, false, No))
        .filter("center", string::center, flags(true, false, Req))
        .filter("cut", string::cut, flags(false, false, Req))
        .filter("date", date::date, flags(false, false, Opt))
        .filter("default", logic::default, flags(false, false, Req))
        .filter("dictsort", sorting::dictsort, flags(false, false, Req))
        .filter("dictsortreversed", sorting::dictsortreversed, flags(false, false, Req))
        .filter("escapejs", encoding::escapejs, flags(false, false, No))
        .filter("filesizeformat", number::filesizeformat, flags(true, false, No))
        .filter("get_digit", number::get_digit, flags(false, false, Req))
        .filter("iriencode", encoding::iriencode, flags(true, false, No))
        .filter("json_script", encoding::json_script, flags(false, false, Opt))
        .filter("phone2numeric", encoding::phone2numeric, flags(true, false, No))
        .filter("pprint", encoding::pprint, flags(true, false, No))
        .filter("random", sorting::random, flags(true, false, No))
        .filter("unordered_list", sorting::unordered_list, flags(true, true, No))
        .filter("urlize", html::urlize, flags(true, true, No))
        .filter("urlizetrunc", html::urlizetrunc, flags(true, true, Req))
        .filter("wordwrap", string::wordwrap, flags(true, false, Req))
        .filter("default_if_none", logic::default_if_none, flags(false, false, Req))
        .filter("divisibleby", number::divisibleby, flags(false, false, Req))
        .filter("escape", html::escape, flags(true, false, No))
        .filter("escapeseq", html::escapeseq, flags(false, false, No))
        .filter("first", list::first, flags(false, false, No))
        .filter("floatformat", number::floatformat, flags(true, false, Opt))
        .filter("force_escape", html::force_escape, flags(true, false, No))
        .filter("join", list::join, flags(true, true, Req))
        .filter("last", list::last, flags(true, false, No))
        .filter("length", list::length, flags(false, false, No))
        .filter("linebreaks", html::linebreaks, flags(true, true, No))
        .filter("linebreaksbr", html::linebreaksbr, flags(true, true, No))
        .filter("linenumbers", html::linenumbers, flags(true, true, No))
        .filter("ljust", string::ljust, flags(true, false, Req))
        .filter("lower", string::lower, flags(true, false, No))
        .filter("make_list", string::make_list, flags(false, false, No))
        .filter("pluralize", number::pluralize, flags(false, false, Opt))
        .filter("rjust", string::rjust, flags(true, false, Req))
        .filter("safe", html::safe, flags(true, false, No))
        .filter("safeseq", html::safeseq, flags(true, false, No))
        .filter("slice", list::slice, flags(true, false, Req))
        .filter("slugify", string::slugify, flags(true, false, No))
        .filter("stringformat", string::stringformat, flags(true, false, Req))
        .filter("striptags", html::striptags, flags(true, false, No))
        .filter("time", date::time, flags(false, false, Opt))
        .filter("timesince", date::timesince, flags(false, false, Opt))
        .filter("timeuntil", date::timeuntil, flags(false, false, Opt))
        .filter("title", string::title, flags(true, false, No))
        .filter("truncatechars", string::truncatechars, flags(true, false, Req))
        .filter("truncatechars_html", html::truncatechars_html, flags(true, false, Req))
        .filter("truncatewords_html", html::truncatewords_html, flags(true, false, Req))
        .filter("truncatewords", string::truncatewords, flags(true, false, Req))
        .filter("upper", string::upper, flags(false, false, No))
        .filter("urlencode", string::urlencode, flags(false, false, Opt))
        .filter("wordcount", string::wordcount, flags(false, false, No))
        .filter("yesno", logic::yesno, flags(false, false, Opt));
    lib
}
