//! Variables and filter expressions (Django's `Variable` and
//! `FilterExpression` in `django/template/base.py`).

use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

use regex::Regex;

use crate::context::Context;
use crate::exceptions::{Result, TemplateError};
use crate::library::{Filter, FilterArg, apply_filter};
use crate::nodes::render_value_in_context;
use crate::value::Value;

/// A variable reference or literal: `article.title`, `"text"`, `_("x")`,
/// `3`, `1.5`.
#[derive(Debug, Clone)]
pub struct Variable {
    var: String,
    literal: Option<Value>,
    lookups: Vec<String>,
    /// Whether a lookup is `super` (`{{ block.super }}` renders a block,
    /// which needs the context mutably).
    has_super: bool,
}

/// The names Django resolves when the context lacks them.
static TRUE: Value = Value::Bool(true);
static FALSE: Value = Value::Bool(false);
static NONE: Value = Value::None;

impl Variable {
    /// Parse a variable as Django does: a number, a quoted string (marked
    /// safe), a translated string `_("...")` (treated as literal text), or
    /// dotted lookups.
    ///
    /// # Errors
    /// `TemplateSyntaxError` for names starting with an underscore.
    pub fn new(var: &str) -> Result<Variable> {
        let mut v = Variable {
            var: var.to_owned(),
            literal: None,
            lookups: Vec::new(),
            has_super: false,
        };
        if let Some(n) = parse_number(var) {
            v.literal = Some(n);
            return Ok(v);
        }
        let mut text = var;
        if text.len() >= 3 && text.starts_with("_(") && text.ends_with(')') {
            text = &text[2..text.len() - 1];
        }
        if let Some(s) = unescape_string_literal(text) {
            v.literal = Some(Value::safe(s));
            return Ok(v);
        }
        if var.contains("._") || var.starts_with('_') {
            return Err(TemplateError::syntax(format!(
                "Variables and attributes may not begin with underscores: '{var}'"
            )));
        }
        v.lookups = var.split('.').map(str::to_owned).collect();
        v.has_super = v.lookups.iter().skip(1).any(|b| b == "super");
        Ok(v)
    }

    /// The variable as written.
    pub fn as_str(&self) -> &str {
        &self.var
    }

    /// The literal value, when the variable is a literal.
    pub fn literal(&self) -> Option<&Value> {
        self.literal.as_ref()
    }

    /// Resolve against `ctx`; `Ok(None)` is Django's `VariableDoesNotExist`.
    ///
    /// # Errors
    /// Only from rendering `{{ block.super }}`.
    pub fn resolve(&self, ctx: &mut Context) -> Result<Option<Value>> {
        if !self.has_super {
            return Ok(self.resolve_ref(ctx).map(Cow::into_owned));
        }
        let Some((first, rest)) = self.lookups.split_first() else {
            return Ok(None);
        };
        let Some(mut current) = lookup_name(ctx, first).cloned() else {
            return Ok(None);
        };
        for bit in rest {
            let sup = if bit == "super" {
                crate::loader_tags::block_super(&current, ctx)?
            } else {
                None
            };
            if let Some(s) = sup {
                current = s;
                continue;
            }
            match current.lookup(bit) {
                Some(v) => current = v,
                None => return Ok(None),
            }
        }
        Ok(Some(current))
    }

    /// [`Variable::resolve`] for variables without a `super` lookup,
    /// borrowing the value from the context (or the literal) when it can.
    /// `None` is Django's `VariableDoesNotExist`.
    fn resolve_ref<'a>(&'a self, ctx: &'a Context) -> Option<Cow<'a, Value>> {
        debug_assert!(!self.has_super, "block.super needs Variable::resolve");
        if let Some(l) = &self.literal {
            return Some(Cow::Borrowed(l));
        }
        let (first, rest) = self.lookups.split_first()?;
        let mut current = Cow::Borrowed(lookup_name(ctx, first)?);
        for bit in rest {
            current = match current {
                Cow::Borrowed(v) => v.lookup_ref(bit)?,
                Cow::Owned(v) => Cow::Owned(v.lookup(bit)?),
            };
        }
        Some(current)
    }
}

/// A name looked up in the context, then among Python's constants.
fn lookup_name<'a>(ctx: &'a Context, name: &str) -> Option<&'a Value> {
    ctx.get(name).or(match name {
        "True" => Some(&TRUE),
        "False" => Some(&FALSE),
        "None" => Some(&NONE),
        _ => None,
    })
}

fn parse_number(var: &str) -> Option<Value> {
    let first = var.chars().next()?;
    if !(first.is_ascii_digit() || matches!(first, '-' | '+' | '.')) {
        return None;
    }
    if var.contains('.') || var.to_lowercase().contains('e') {
        if var.ends_with('.') {
            return None;
        }
        var.parse::<f64>().ok().map(Value::Float)
    } else {
        var.parse::<i64>().ok().map(Value::Int).or_else(|| {
            var.parse::<f64>()
                .ok()
                .filter(|_| var.chars().skip(1).all(|c| c.is_ascii_digit()))
                .map(Value::Float)
        })
    }
}

/// Django's `unescape_string_literal`: `"a\"b"` -> `a"b`.
pub(crate) fn unescape_string_literal(s: &str) -> Option<String> {
    let quote = s.chars().next()?;
    if !(quote == '"' || quote == '\'') || !s.ends_with(quote) || s.len() < 2 {
        return None;
    }
    let inner = &s[1..s.len() - 1];
    Some(
        inner
            .replace(&format!("\\{quote}"), &quote.to_string())
            .replace("\\\\", "\\"),
    )
}

const CONSTANT: &str = r#"(?:_\("[^"\\]*(?:\\.[^"\\]*)*"\)|_\('[^'\\]*(?:\\.[^'\\]*)*'\)|"[^"\\]*(?:\\.[^"\\]*)*"|'[^'\\]*(?:\\.[^'\\]*)*')"#;
const NUM: &str = r"[-+\.]?\d[\d\.e]*";

static FILTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"^(?P<constant>{CONSTANT})|^(?P<var>[\w\.]+|{NUM})|(?:\s*\|\s*(?P<filter_name>\w+)(?::(?:(?P<constant_arg>{CONSTANT})|(?P<var_arg>[\w\.]+|{NUM})))?)"
    );
    Regex::new(&pattern).expect("static regex")
});

/// The head of a filter expression: a variable, or a constant resolved at
/// parse time (a missing constant is `None`).
#[derive(Debug, Clone)]
enum Head {
    Var(Variable),
    Constant(Value),
}

/// A filter argument: a constant or a variable resolved at render time.
#[derive(Clone)]
enum FilterArgValue {
    Constant(Value),
    Var(Variable),
}

/// `variable|filter:arg|filter` compiled once (Django's `FilterExpression`).
#[derive(Clone)]
pub struct FilterExpression {
    token: String,
    head: Head,
    filters: Vec<(Arc<Filter>, Option<FilterArgValue>)>,
}

impl std::fmt::Debug for FilterExpression {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FilterExpression({:?})", self.token)
    }
}

impl FilterExpression {
    /// Compile `token`, looking filters up with `find_filter`.
    ///
    /// # Errors
    /// `TemplateSyntaxError` for unparsable characters, unknown filters or
    /// a wrong number of filter arguments.
    pub fn new(token: &str, find_filter: &dyn Fn(&str) -> Result<Arc<Filter>>) -> Result<FilterExpression> {
        let mut head: Option<Head> = None;
        let mut filters = Vec::new();
        let mut upto = 0;
        for m in FILTER_RE.captures_iter(token) {
            let Some(whole) = m.get(0) else { continue };
            let start = whole.start();
            if upto != start {
                return Err(TemplateError::syntax(format!(
                    "Could not parse some characters: {}|{}|{}",
                    &token[..upto],
                    &token[upto..start],
                    &token[start..]
                )));
            }
            if head.is_none() {
                if let Some(c) = m.name("constant") {
                    head = Some(Head::Constant(
                        Variable::new(c.as_str())?.literal.unwrap_or(Value::None),
                    ));
                } else if let Some(v) = m.name("var") {
                    head = Some(Head::Var(Variable::new(v.as_str())?));
                } else {
                    return Err(TemplateError::syntax(format!(
                        "Could not find variable at start of {token}."
                    )));
                }
            } else {
                let name = m.name("filter_name").map_or("", |n| n.as_str());
                let arg = if let Some(c) = m.name("constant_arg") {
                    Some(FilterArgValue::Constant(
                        Variable::new(c.as_str())?.literal.unwrap_or(Value::None),
                    ))
                } else if let Some(v) = m.name("var_arg") {
                    Some(FilterArgValue::Var(Variable::new(v.as_str())?))
                } else {
                    None
                };
                let filter = find_filter(name)?;
                args_check(name, &filter, arg.is_some())?;
                filters.push((filter, arg));
            }
            upto = whole.end();
        }
        if upto != token.len() {
            return Err(TemplateError::syntax(format!(
                "Could not parse the remainder: '{}' from '{}'",
                &token[upto..],
                token
            )));
        }
        let head =
            head.ok_or_else(|| TemplateError::syntax(format!("Could not find variable at start of {token}.")))?;
        Ok(FilterExpression {
            token: token.to_owned(),
            head,
            filters,
        })
    }

    /// The expression's source text.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The head variable, when the expression starts with one.
    pub fn variable(&self) -> Option<&Variable> {
        match &self.head {
            Head::Var(v) => Some(v),
            Head::Constant(_) => None,
        }
    }

    /// Whether the expression is a bare variable name with no filters
    /// (what `{% cycle name %}` and similar check).
    pub fn is_plain_var(&self) -> bool {
        self.filters.is_empty() && matches!(&self.head, Head::Var(v) if v.literal.is_none())
    }

    /// Resolve, apply the filters and write the result as `{{ ... }}`
    /// does ([`render_value_in_context`]). A bare variable is written
    /// straight from the context, without copying its value.
    ///
    /// # Errors
    /// As [`FilterExpression::resolve`].
    pub fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        if self.filters.is_empty()
            && let Head::Var(var) = &self.head
            && !var.has_super
            && let Some(value) = var.resolve_ref(ctx)
        {
            render_value_in_context(&value, ctx, out);
            return Ok(());
        }
        let value = self.resolve(ctx, false)?;
        render_value_in_context(&value, ctx, out);
        Ok(())
    }

    /// Resolve and apply the filters. A missing variable becomes the
    /// engine's `string_if_invalid` (filters are then skipped when it is
    /// non-empty, as in Django), or `None` when `ignore_failures` is set.
    ///
    /// # Errors
    /// A missing filter-argument variable, or a filter's own error.
    pub fn resolve(&self, ctx: &mut Context, ignore_failures: bool) -> Result<Value> {
        let mut obj = match &self.head {
            Head::Constant(v) => v.clone(),
            Head::Var(var) => match var.resolve(ctx)? {
                Some(v) => v,
                None if ignore_failures => Value::None,
                None => {
                    let sii = &ctx.options().string_if_invalid;
                    if !sii.is_empty() {
                        return Ok(Value::from(sii.replace("%s", var.as_str())));
                    }
                    Value::from("")
                }
            },
        };
        for (filter, arg) in &self.filters {
            let arg = match arg {
                None => None,
                Some(FilterArgValue::Constant(c)) => Some(c.clone()),
                Some(FilterArgValue::Var(v)) => Some(v.resolve(ctx)?.ok_or_else(|| {
                    TemplateError::VariableDoesNotExist(format!("Failed lookup for key [{}]", v.as_str()))
                })?),
            };
            obj = apply_filter(filter, obj, arg, ctx)?;
        }
        Ok(obj)
    }
}

fn args_check(name: &str, filter: &Filter, provided: bool) -> Result<()> {
    let (needed, ok) = match filter.flags.arg {
        FilterArg::None => (1, !provided),
        FilterArg::Optional => (1, true),
        FilterArg::Required => (2, provided),
    };
    if ok {
        Ok(())
    } else {
        Err(TemplateError::syntax(format!(
            "{name} requires {needed} arguments, {} provided",
            1 + usize::from(provided)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_parse_like_django() {
        assert_eq!(Variable::new("3").ok().and_then(|v| v.literal), Some(Value::Int(3)));
        assert_eq!(
            Variable::new("-1.5").ok().and_then(|v| v.literal),
            Some(Value::Float(-1.5))
        );
        let s = Variable::new(r#""a\"b""#).ok().and_then(|v| v.literal);
        assert_eq!(s.as_ref().and_then(|v| v.as_str()), Some("a\"b"));
        assert!(s.is_some_and(|v| v.is_safe()));
        assert_eq!(
            Variable::new("_('x')")
                .ok()
                .and_then(|v| v.literal)
                .map(|v| v.to_string()),
            Some("x".into())
        );
        assert!(Variable::new("a._b").is_err());
        assert!(Variable::new("1.").ok().is_some_and(|v| v.literal.is_none()));
    }
}
