//! The compiled node tree (Django's `Node`, `NodeList`, `TextNode` and
//! `VariableNode` in `django/template/base.py`).
//!
//! Every tag compiles to a [`Node`] that writes its output into one
//! buffer; rendering never reparses.

use std::any::Any;
use std::fmt::Write;

use crate::context::Context;
use crate::exceptions::Result;
use crate::utils::{dateformat, html, numberformat};
use crate::value::Value;
use crate::variable::FilterExpression;

/// A compiled piece of a template that renders itself.
pub trait Node: Send + Sync {
    /// Append this node's output for `ctx` to `out`.
    ///
    /// # Errors
    /// Any render error (missing template, bad value, ...).
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()>;

    /// Whether this is literal text (used for the "must be first" check of
    /// `{% extends %}`).
    fn is_text(&self) -> bool {
        false
    }

    /// Whether the node must be the first non-text node of a template
    /// (Django's `must_be_first`; `{% extends %}`).
    fn must_be_first(&self) -> bool {
        false
    }

    /// Downcasting hook for nodes that other code needs to recognise.
    fn as_any(&self) -> Option<&dyn Any> {
        None
    }
}

/// A sequence of nodes (Django's `NodeList`).
#[derive(Default)]
pub struct NodeList {
    nodes: Vec<Box<dyn Node>>,
    contains_nontext: bool,
}

impl NodeList {
    /// An empty node list.
    pub fn new() -> Self {
        NodeList::default()
    }

    /// Append a node.
    pub fn push(&mut self, node: Box<dyn Node>) {
        if !node.is_text() {
            self.contains_nontext = true;
        }
        self.nodes.push(node);
    }

    /// Whether a non-text node was added.
    pub fn contains_nontext(&self) -> bool {
        self.contains_nontext
    }

    /// The nodes, in order.
    pub fn nodes(&self) -> &[Box<dyn Node>] {
        &self.nodes
    }

    /// Render every node in order into `out`.
    ///
    /// # Errors
    /// The first node error.
    pub fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        for node in &self.nodes {
            node.render(ctx, out)?;
        }
        Ok(())
    }

    /// Render into a fresh string.
    ///
    /// # Errors
    /// The first node error.
    pub fn render_to_string(&self, ctx: &mut Context) -> Result<String> {
        let mut out = String::new();
        self.render(ctx, &mut out)?;
        Ok(out)
    }
}

/// Literal text.
pub struct TextNode(pub String);

impl Node for TextNode {
    fn render(&self, _ctx: &mut Context, out: &mut String) -> Result<()> {
        out.push_str(&self.0);
        Ok(())
    }
    fn is_text(&self) -> bool {
        true
    }
}

/// `{{ expression }}`.
pub struct VariableNode(pub FilterExpression);

impl Node for VariableNode {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        self.0.render(ctx, out)
    }
}

/// Write `value` as Django's `render_value_in_context` does: localise
/// dates and numbers, then escape unless the value is safe or
/// autoescaping is off.
pub fn render_value_in_context(value: &Value, ctx: &Context, out: &mut String) {
    let escape = ctx.autoescape() && !value.is_safe();
    match value {
        Value::String(s) | Value::SafeString(s) => push_text(s, escape, out),
        // Digits, `-` and Python's `True`/`False`/`None` never need escaping.
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
        Value::None => out.push_str("None"),
        _ => push_text(&localize(value, ctx), escape, out),
    }
}

fn push_text(text: &str, escape: bool, out: &mut String) {
    if escape {
        html::escape_into(text, out);
    } else {
        out.push_str(text);
    }
}

/// Django's `formats.localize` for English: dates with the engine's
/// DATE/DATETIME/TIME formats, floats without exponent.
pub(crate) fn localize(value: &Value, ctx: &Context) -> String {
    let opts = ctx.options();
    match value {
        Value::String(s) | Value::SafeString(s) => s.to_string(),
        Value::Date(_) => dateformat::format_value_in(value, &opts.date_format, Some(&opts.time_zone))
            .ok()
            .flatten()
            .unwrap_or_default(),
        Value::DateTime(_) | Value::DateTimeTz(_) => {
            dateformat::format_value_in(value, &opts.datetime_format, Some(&opts.time_zone))
                .ok()
                .flatten()
                .unwrap_or_default()
        }
        Value::Time(_) => dateformat::format_value_in(value, &opts.time_format, Some(&opts.time_zone))
            .ok()
            .flatten()
            .unwrap_or_default(),
        Value::Float(f) => numberformat::float_plain(*f),
        other => other.to_string(),
    }
}
