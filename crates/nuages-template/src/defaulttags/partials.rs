//! Template partials (Django 6.0's `{% partialdef %}` and `{% partial %}`).
//!
//! A partial is a named fragment of a template. `{% partialdef name %}`
//! defines it (and, with `inline`, renders it in place too); `{% partial
//! name %}` renders it with the current context, wherever it is defined in
//! the same template. Loading `"page.html#name"` returns the partial alone
//! as a template (see [`crate::Engine::get_template`]).

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::context::Context;
use crate::exceptions::{Result, TemplateError};
use crate::lexer::Token;
use crate::nodes::{Node, NodeList};
use crate::parser::Parser;

/// The partials of one template, by name.
pub(crate) type Partials = HashMap<String, Arc<NodeList>>;

/// Partials collected while parsing; `{% partial %}` nodes share the
/// final map, which is filled once the whole template is parsed (so a
/// partial may be used before its definition, as in Django).
#[derive(Default)]
pub(crate) struct PartialMap {
    defined: Partials,
    shared: Arc<OnceLock<Partials>>,
}

impl PartialMap {
    /// Freeze the map at the end of parsing and return it.
    pub(crate) fn finish(&mut self) -> Arc<OnceLock<Partials>> {
        let _ = self.shared.set(std::mem::take(&mut self.defined));
        self.shared.clone()
    }
}

/// `{% partialdef name [inline] %}`: renders its body only when `inline`.
struct PartialDefNode {
    inline: bool,
    nodelist: Arc<NodeList>,
}

impl Node for PartialDefNode {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        if self.inline {
            self.nodelist.render(ctx, out)?;
        }
        Ok(())
    }
}

/// `{% partial name %}`: renders the partial with the current context.
struct PartialNode {
    name: String,
    partials: Arc<OnceLock<Partials>>,
}

impl Node for PartialNode {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        match self.partials.get().and_then(|p| p.get(&self.name)) {
            Some(nodelist) => nodelist.render(ctx, out),
            None => Err(TemplateError::syntax(format!(
                "Partial '{}' is not defined in the current template.",
                self.name
            ))),
        }
    }
}

/// Renders a partial loaded as `"page.html#name"`: the body of the
/// template built for it.
pub(crate) struct PartialTemplateNode(pub(crate) Arc<NodeList>);

impl Node for PartialTemplateNode {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        self.0.render(ctx, out)
    }
}

/// Compile `{% partialdef name [inline] %}...{% endpartialdef [name] %}`.
///
/// # Errors
/// `TemplateSyntaxError` without a name, with a third argument other than
/// `inline`, when the end tag is missing or names another partial, or when
/// `name` is already defined in this template (Django's messages).
pub fn do_partialdef(parser: &mut Parser<'_>, token: &Token) -> Result<Box<dyn Node>> {
    let bits = token.split_contents();
    let (name, inline) = match bits.as_slice() {
        [_, name] => (name.clone(), false),
        [_, name, arg] if arg == "inline" => (name.clone(), true),
        [_, _, _] => {
            return Err(TemplateError::syntax(
                "The 'inline' argument does not have any parameters; either use 'inline' or remove it completely.",
            ));
        }
        [_] => return Err(TemplateError::syntax("'partialdef' tag requires a name")),
        _ => return Err(TemplateError::syntax("'partialdef' tag takes at most 2 arguments")),
    };
    let named_end = format!("endpartialdef {name}");
    let valid = ["endpartialdef", named_end.as_str()];
    let nodelist = Arc::new(parser.parse(&valid)?);
    if let Some(end) = parser.next_token()
        && !valid.contains(&end.contents.as_str())
    {
        return Err(parser.invalid_block_tag(&end, "endpartialdef", &valid));
    }
    if parser.partials.defined.contains_key(&name) {
        return Err(TemplateError::syntax(format!(
            "Partial '{name}' is already defined in the '{}' template.",
            parser.origin().unwrap_or("<unknown source>")
        )));
    }
    parser.partials.defined.insert(name, nodelist.clone());
    Ok(Box::new(PartialDefNode { inline, nodelist }))
}

/// Compile `{% partial name %}`.
///
/// # Errors
/// `TemplateSyntaxError` unless exactly one argument is given. An unknown
/// name fails at render time, as in Django.
pub fn do_partial(parser: &mut Parser<'_>, token: &Token) -> Result<Box<dyn Node>> {
    match token.split_contents().as_slice() {
        [_, name] => Ok(Box::new(PartialNode {
            name: name.clone(),
            partials: parser.partials.shared.clone(),
        })),
        _ => Err(TemplateError::syntax("'partial' tag requires a single argument")),
    }
}
