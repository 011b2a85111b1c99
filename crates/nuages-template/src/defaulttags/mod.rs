//! Built-in tags (Django's `django/template/defaulttags.py`); `block`,
//! `extends` and `include` live in [`crate::loader_tags`].

pub mod cycle;
mod debug;
pub mod filter_tag;
pub mod for_tag;
pub mod if_tag;
pub mod ifchanged;
pub mod lorem;
pub mod misc;
pub mod partials;
pub mod querystring;
pub(crate) mod simple;
pub mod url;
pub mod widthratio;

use crate::library::Library;

/// The library of built-in tags.
pub fn library() -> Library {
    let mut lib = Library::new();
    lib.tag("autoescape", misc::do_autoescape)
        .tag("comment", misc::do_comment)
        .tag("debug", debug::do_debug)
        .tag("csrf_token", misc::do_csrf_token)
        .tag("cycle", cycle::do_cycle)
        .tag("querystring", querystring::do_querystring)
        .tag("regroup", widthratio::do_regroup)
        .tag("widthratio", widthratio::do_widthratio)
        .tag("resetcycle", cycle::do_resetcycle)
        .tag("filter", filter_tag::do_filter)
        .tag("firstof", misc::do_firstof)
        .tag("for", for_tag::do_for)
        .tag("if", if_tag::do_if)
        .tag("ifchanged", ifchanged::do_ifchanged)
        .tag("load", misc::do_load)
        .tag("lorem", lorem::do_lorem)
        .tag("now", misc::do_now)
        .tag("partial", partials::do_partial)
        .tag("partialdef", partials::do_partialdef)
        .tag("spaceless", misc::do_spaceless)
        .tag("templatetag", misc::do_templatetag)
        .tag("url", url::do_url)
        .tag("verbatim", misc::do_verbatim)
        .tag("with", misc::do_with);
    crate::loader_tags::register(&mut lib);
    lib
}
