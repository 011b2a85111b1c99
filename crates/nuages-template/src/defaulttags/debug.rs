//! `{% debug %}`: a dump of the context for template authors (Django's
//! `DebugNode` in `django/template/defaulttags.py`).
//!
//! As in Django it renders nothing unless the engine runs in debug mode
//! (TEMPLATES `OPTIONS.debug`, which follows `DEBUG`), and its output is
//! always HTML-escaped. Each scope is printed innermost first as a Python
//! dict with sorted keys (`pprint.pformat`), followed by Django's builtins
//! scope and a blank line. Two differences: long dicts are not wrapped at
//! 80 columns, and where Django then prints `sys.modules` Nuages prints
//! nothing (a Rust binary has no module table).

use crate::context::Context;
use crate::exceptions::{Result, TemplateError};
use crate::lexer::Token;
use crate::nodes::Node;
use crate::parser::Parser;
use crate::utils::html;
use crate::value::{Dict, Value, py_repr};

/// Django's outermost scope (`True`, `False`, `None`), as pformat prints it.
const BUILTINS: &str = "{'False': False, 'None': None, 'True': True}";

struct DebugNode;

impl Node for DebugNode {
    fn render(&self, ctx: &mut Context, out: &mut String) -> Result<()> {
        if !ctx.options().debug {
            return Ok(());
        }
        for scope in ctx.scopes_innermost_first() {
            let mut entries = scope;
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let dict: Dict = entries.into_iter().map(|(k, v)| (k.to_owned(), v.clone())).collect();
            html::escape_into(&py_repr(&Value::from(dict)), out);
        }
        html::escape_into(BUILTINS, out);
        out.push_str("\n\n");
        Ok(())
    }
}

pub(crate) fn do_debug(_parser: &mut Parser<'_>, token: &Token) -> Result<Box<dyn Node>> {
    if token.contents.split_whitespace().count() != 1 {
        return Err(TemplateError::syntax("'debug' tag takes no arguments"));
    }
    Ok(Box::new(DebugNode))
}

#[cfg(test)]
mod tests {
    use crate::{Context, Engine};

    fn render(debug: bool, source: &str, ctx: &Context) -> String {
        let engine = Engine::builder().debug(debug).build();
        let template = engine.from_string(source).expect("parses");
        template.render(ctx).expect("renders")
    }

    #[test]
    fn dumps_scopes_escaped_in_debug_only() {
        let mut ctx = Context::new();
        ctx.insert("zeta", "<b>");
        ctx.insert("alpha", 1);
        let shown = render(true, "{% with inner=2 %}{% debug %}{% endwith %}", &ctx);
        assert_eq!(
            shown,
            "{&#x27;inner&#x27;: 2}{&#x27;alpha&#x27;: 1, &#x27;zeta&#x27;: &#x27;&lt;b&gt;&#x27;}\
             {&#x27;False&#x27;: False, &#x27;None&#x27;: None, &#x27;True&#x27;: True}\n\n"
        );
        assert_eq!(render(false, "[{% debug %}]", &ctx), "[]");
    }

    #[test]
    fn refuses_arguments() {
        let engine = Engine::builder().debug(true).build();
        assert!(engine.from_string("{% debug x %}").is_err());
    }
}
