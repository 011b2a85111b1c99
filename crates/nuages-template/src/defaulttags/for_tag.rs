//! `{% for %}` ... `{% empty %}` ... `{% endfor %}` (Django's `ForNode`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

/// Identifies each run of a loop (`{% ifchanged %}` state is per run).
static NEXT_LOOP: AtomicUsize = AtomicUsize::new(1);

use crate::context::Context;
use crate::exceptions::{Result, TemplateError};
use crate::lexer::Token;
use crate::nodes::{Node, NodeList};
use crate::parser::Parser;
use crate::value::{Dict, Value};
use crate::variable::FilterExpression;

/// `{% for a, b in seq reversed %}` node.
pub struct ForNode {
    loopvars: Vec<String>,
    sequence: FilterExpression,
    reversed: bool,
    nodelist_loop: NodeList,
    nodelist_empty: Option<NodeList>,
}

impl Node for ForNode {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        let parentloop = ctx.get("forloop").cloned().unwrap_or_else(|| Value::from(Dict::new()));
        ctx.push();
        let loop_id = NEXT_LOOP.fetch_add(1, Ordering::Relaxed);
        ctx.state.loop_ids.push(loop_id);
        let r = self.render_loop(ctx, out, parentloop);
        ctx.state.loop_ids.pop();
        if !ctx.state.loop_memo.is_empty() {
            ctx.state.loop_memo.retain(|k, _| k.0 != loop_id);
        }
        ctx.pop();
        r
    }
}

impl ForNode {
    fn render_loop(&self, ctx: &mut Context, out: &mut String, parentloop: Value) -> Result<()> {
        let seq = self.sequence.resolve(ctx, true)?;
        let values: Arc<Vec<Value>> =
            match seq {
                Value::None => Arc::new(Vec::new()),
                Value::List(l) => l,
                other => Arc::new(other.iterate().ok_or_else(|| {
                    TemplateError::TypeError(format!("'{}' object is not iterable", type_name(&other)))
                })?),
            };
        let len = values.len();
        if len == 0 {
            if let Some(empty) = &self.nodelist_empty {
                return empty.render(ctx, out);
            }
            return Ok(());
        }
        let unpack = self.loopvars.len() > 1;
        for i in 0..len {
            let item = if self.reversed {
                &values[len - 1 - i]
            } else {
                &values[i]
            };
            set_forloop(ctx.innermost_slot("forloop"), &parentloop, i, len);
            if unpack {
                let items: Vec<Value> = match item {
                    Value::List(l) => l.as_ref().clone(),
                    other if other.len().is_some() => other.iterate().unwrap_or_default(),
                    other => vec![other.clone()],
                };
                if items.len() != self.loopvars.len() {
                    return Err(TemplateError::ValueError(format!(
                        "Need {} values to unpack in for loop; got {}. ",
                        self.loopvars.len(),
                        items.len()
                    )));
                }
                ctx.push_with(self.loopvars.iter().cloned().zip(items));
                let r = self.nodelist_loop.render(ctx, out);
                ctx.pop();
                r?;
            } else {
                ctx.insert_value(&self.loopvars[0], item.clone());
                self.nodelist_loop.render(ctx, out)?;
            }
        }
        Ok(())
    }
}

/// The names of `forloop`'s entries, in Django's order (allocated once).
static FORLOOP_KEYS: LazyLock<[Arc<str>; 7]> = LazyLock::new(|| {
    [
        "parentloop",
        "counter0",
        "counter",
        "revcounter",
        "revcounter0",
        "first",
        "last",
    ]
    .map(Arc::from)
});

/// Make `slot` the `forloop` dictionary of iteration `i` of `len`.
///
/// The dictionary is updated in place when nothing else holds it (the
/// usual case), so a loop allocates it once rather than once per
/// iteration; when a template kept a reference to the previous one, a new
/// dictionary is made and the kept one stays unchanged.
fn set_forloop(slot: &mut Value, parentloop: &Value, i: usize, len: usize) {
    let values = [
        Value::from(i),
        Value::from(i + 1),
        Value::from(len - i),
        Value::from(len - i - 1),
        Value::Bool(i == 0),
        Value::Bool(i == len - 1),
    ];
    if let Value::Dict(d) = slot
        && let Some(d) = Arc::get_mut(d)
        && is_forloop(d)
    {
        // Entry 0 is `parentloop`, unchanged during the loop.
        for ((_, old), new) in d.iter_mut().skip(1).zip(values) {
            *old = new;
        }
        return;
    }
    let mut d = Dict::with_capacity(FORLOOP_KEYS.len());
    d.insert(FORLOOP_KEYS[0].clone(), parentloop.clone());
    for (key, value) in FORLOOP_KEYS[1..].iter().zip(values) {
        d.insert(key.clone(), value);
    }
    *slot = Value::from(d);
}

/// Whether `d` is a `forloop` dictionary made by [`set_forloop`] (its keys
/// are the very strings of [`FORLOOP_KEYS`], compared by address).
fn is_forloop(d: &Dict) -> bool {
    d.len() == FORLOOP_KEYS.len() && d.keys().zip(FORLOOP_KEYS.iter()).all(|(a, b)| std::ptr::eq(a, &**b))
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::Bool(_) => "bool",
        Value::Date(_) => "datetime.date",
        Value::Time(_) => "datetime.time",
        Value::DateTime(_) | Value::DateTimeTz(_) => "datetime.datetime",
        _ => "object",
    }
}

/// Compile `{% for %}`.
pub(crate) fn do_for(parser: &mut Parser<'_>, token: &Token) -> Result<Box<dyn Node>> {
    let bits = token.split_contents();
    if bits.len() < 4 {
        return Err(TemplateError::syntax(format!(
            "'for' statements should have at least four words: {}",
            token.contents
        )));
    }
    let reversed = bits[bits.len() - 1] == "reversed";
    let in_index = if reversed { bits.len() - 3 } else { bits.len() - 2 };
    if bits[in_index] != "in" {
        return Err(TemplateError::syntax(format!(
            "'for' statements should use the format 'for x in y': {}",
            token.contents
        )));
    }
    let joined = bits[1..in_index].join(" ");
    let loopvars: Vec<String> = joined.split(',').map(|v| v.trim_matches(' ').to_owned()).collect();
    for v in &loopvars {
        if v.is_empty() || v.contains([' ', '"', '\'', '|']) {
            return Err(TemplateError::syntax(format!(
                "'for' tag received an invalid argument: {}",
                token.contents
            )));
        }
    }
    let sequence = parser.compile_filter(&bits[in_index + 1])?;
    let nodelist_loop = parser.parse(&["empty", "endfor"])?;
    let next = parser.next_token();
    let nodelist_empty = if next.is_some_and(|t| t.contents == "empty") {
        let n = parser.parse(&["endfor"])?;
        parser.delete_first_token();
        Some(n)
    } else {
        None
    };
    Ok(Box::new(ForNode {
        loopvars,
        sequence,
        reversed,
        nodelist_loop,
        nodelist_empty,
    }))
}
