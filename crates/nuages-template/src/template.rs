//! A compiled template (Django's `Template` in `django/template/base.py`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, Weak};

use crate::context::Context;
use crate::defaulttags::partials::{PartialTemplateNode, Partials};
use crate::engine::EngineInner;
use crate::exceptions::{Result, TemplateError};
use crate::lexer::tokenize;
use crate::loader_tags::{BlockDef, ExtendsNode};
use crate::nodes::NodeList;
use crate::parser::Parser;

/// How a template refers to its engine: templates built with
/// `from_string` keep it alive; cached ones (owned by the engine) do not.
pub(crate) enum EngineRef {
    Strong(Arc<EngineInner>),
    Weak(Weak<EngineInner>),
}

/// A parsed template, ready to render any number of times.
pub struct Template {
    name: Option<Arc<str>>,
    origin: Option<Arc<str>>,
    /// The length of the last render's output, to size the next buffer.
    size_hint: AtomicUsize,
    pub(crate) nodelist: NodeList,
    pub(crate) blocks: Vec<Arc<BlockDef>>,
    /// `{% partialdef %}` bodies by name.
    pub(crate) partials: Arc<OnceLock<Partials>>,
    engine: EngineRef,
}

impl std::fmt::Debug for Template {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Template")
            .field("name", &self.name)
            .field("origin", &self.origin)
            .finish()
    }
}

impl Template {
    pub(crate) fn compile(
        source: &str,
        name: Option<String>,
        origin: Option<String>,
        engine: &EngineInner,
        engine_ref: EngineRef,
    ) -> Result<Template> {
        let mut parser = Parser::new(tokenize(source), engine, name.clone());
        let nodelist = parser.parse(&[])?;
        Ok(Template {
            name: name.map(Arc::from),
            origin: origin.map(Arc::from),
            size_hint: AtomicUsize::new(0),
            nodelist,
            blocks: std::mem::take(&mut parser.blocks),
            partials: parser.partials.finish(),
            engine: engine_ref,
        })
    }

    /// The template for one of this template's partials (loading
    /// `"page.html#name"`), named `full_name`; `None` when no partial is
    /// called `partial`.
    pub(crate) fn partial_template(&self, partial: &str, full_name: &str) -> Option<Template> {
        let body = self.partials.get()?.get(partial)?.clone();
        let mut nodelist = NodeList::new();
        nodelist.push(Box::new(PartialTemplateNode(body)));
        Some(Template {
            name: Some(Arc::from(full_name)),
            origin: self.origin.clone(),
            size_hint: AtomicUsize::new(0),
            nodelist,
            blocks: self.blocks.clone(),
            partials: self.partials.clone(),
            engine: match &self.engine {
                EngineRef::Strong(e) => EngineRef::Strong(e.clone()),
                EngineRef::Weak(w) => EngineRef::Weak(w.clone()),
            },
        })
    }

    /// The name the template was loaded under (`None` for `from_string`).
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Where the source came from (file path or `locmem:<name>`).
    pub fn origin(&self) -> Option<&str> {
        self.origin.as_deref()
    }

    fn engine(&self) -> Result<Arc<EngineInner>> {
        match &self.engine {
            EngineRef::Strong(e) => Ok(e.clone()),
            EngineRef::Weak(w) => w
                .upgrade()
                .ok_or_else(|| TemplateError::Render("the engine that loaded this template was dropped".into())),
        }
    }

    /// Render with `ctx` (the context itself is not changed).
    ///
    /// # Errors
    /// Any render error: a missing included template, a bad value, ...
    pub fn render(&self, ctx: &Context) -> Result<String> {
        let engine = self.engine()?;
        let mut c = ctx.clone();
        c.set_autoescape(ctx.autoescape_setting().unwrap_or(engine.options.autoescape));
        c.state.engine = Some(engine);
        c.state.template_name = self.name.clone();
        c.state.template_origin = self.origin.clone();
        let mut out = String::with_capacity(self.size_hint.load(Ordering::Relaxed).max(1024));
        self.nodelist.render(&mut c, &mut out)?;
        self.size_hint.store(out.len(), Ordering::Relaxed);
        Ok(out)
    }

    /// Render inside another render (`{% include %}`, `{% extends %}`),
    /// sharing `ctx`. With `isolated`, tag state and blocks are fresh for
    /// this template (Django's `render_context.push_state`).
    pub(crate) fn render_nested(&self, ctx: &mut Context, out: &mut String, isolated: bool) -> Result<()> {
        if ctx.state.depth >= ctx.options().max_depth {
            return Err(TemplateError::RecursionError(format!(
                "maximum template nesting depth ({}) exceeded while rendering {}",
                ctx.options().max_depth,
                self.name.as_deref().unwrap_or("<string>")
            )));
        }
        ctx.state.depth += 1;
        let saved_name = std::mem::replace(&mut ctx.state.template_name, self.name.clone());
        let saved_origin = std::mem::replace(&mut ctx.state.template_origin, self.origin.clone());
        let result = if isolated {
            let blocks = ctx.state.block_context.take();
            let nodes = std::mem::take(&mut ctx.state.node_state);
            let history = std::mem::take(&mut ctx.state.extends_history);
            let r = self.nodelist.render(ctx, out);
            ctx.state.block_context = blocks;
            ctx.state.node_state = nodes;
            ctx.state.extends_history = history;
            r
        } else {
            self.nodelist.render(ctx, out)
        };
        ctx.state.template_name = saved_name;
        ctx.state.template_origin = saved_origin;
        ctx.state.depth -= 1;
        result
    }

    /// Whether the template starts with `{% extends %}`.
    pub(crate) fn is_child(&self) -> bool {
        self.nodelist
            .nodes()
            .iter()
            .find(|n| !n.is_text())
            .and_then(|n| n.as_any())
            .is_some_and(|a| a.is::<ExtendsNode>())
    }
}
