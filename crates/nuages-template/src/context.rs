//! The render context (Django's `django/template/context.py`).
//!
//! A [`Context`] is a stack of scopes: tags such as `{% for %}` and
//! `{% with %}` push a scope and pop it when they end, so their variables
//! disappear afterwards. During a render it also carries the engine, the
//! autoescape flag and per-render state of tags (Django's
//! `render_context`).

mod scope;

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use crate::engine::{EngineInner, EngineOptions};
use crate::loader_tags::BlockContext;
use crate::value::Value;
use scope::Scope;

/// A hash map keyed by small integers (node ids), with a fast hasher.
pub(crate) type IdMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Variables visible to a template, as a stack of scopes.
///
/// # Examples
///
/// ```
/// use nuages_template::{Context, Value};
///
/// let mut ctx = Context::new();
/// ctx.insert("title", "Polls");
/// ctx.insert("choices", &vec!["a", "b"]);
/// ctx.push();
/// ctx.insert_value("title", Value::from("inner"));
/// assert_eq!(ctx.get("title").map(|v| v.to_string()).as_deref(), Some("inner"));
/// ctx.pop();
/// assert_eq!(ctx.get("title").map(|v| v.to_string()).as_deref(), Some("Polls"));
/// ```
pub struct Context {
    /// Scopes are shared copy-on-write, so cloning a context (each render
    /// does) copies no variables; a scope is copied only when a render
    /// writes into one it shares with the caller's context.
    scopes: Vec<Arc<Scope>>,
    autoescape: Option<bool>,
    pub(crate) state: RenderState,
}

/// Per-render state: the engine, blocks of `{% extends %}`, tag state.
#[derive(Default)]
pub(crate) struct RenderState {
    pub(crate) engine: Option<Arc<EngineInner>>,
    pub(crate) template_name: Option<Arc<str>>,
    pub(crate) template_origin: Option<Arc<str>>,
    pub(crate) block_context: Option<BlockContext>,
    pub(crate) node_state: IdMap<usize, Box<dyn Any + Send + Sync>>,
    pub(crate) depth: usize,
    pub(crate) extends_history: Vec<String>,
    pub(crate) loop_ids: Vec<usize>,
    pub(crate) loop_memo: IdMap<(usize, usize), Box<dyn Any + Send + Sync>>,
    /// The language `{% language %}` activated, over the engine's.
    pub(crate) language: Option<String>,
}

static DEFAULT_OPTIONS: LazyLock<EngineOptions> = LazyLock::new(EngineOptions::default);

impl Default for Context {
    fn default() -> Self {
        Context::new()
    }
}

impl Clone for Context {
    /// Copy the variables and autoescape flag (not the render state).
    fn clone(&self) -> Self {
        Context {
            scopes: self.scopes.clone(),
            autoescape: self.autoescape,
            state: RenderState::default(),
        }
    }
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("scopes", &self.scopes)
            .field("autoescape", &self.autoescape)
            .finish()
    }
}

impl Context {
    /// An empty context; autoescaping follows the engine's option.
    pub fn new() -> Self {
        Context {
            scopes: vec![Arc::default()],
            autoescape: None,
            state: RenderState::default(),
        }
    }

    /// A context whose variables are the fields of a serialisable map or
    /// struct (non-map values give an empty context).
    pub fn from_serialize<T: serde::Serialize + ?Sized>(value: &T) -> Self {
        let mut ctx = Context::new();
        if let Value::Dict(d) = Value::from_serialize(value) {
            for (k, v) in d.iter() {
                ctx.insert_value(k, v.clone());
            }
        }
        ctx
    }

    /// Set `key` in the innermost scope to a serialisable value (owned or
    /// borrowed: `ctx.insert("q", &question)`).
    pub fn insert<T: serde::Serialize>(&mut self, key: &str, value: T) {
        self.insert_value(key, Value::from_serialize(&value));
    }

    /// Set `key` in the innermost scope (Django's `context[key] = value`).
    pub fn insert_value(&mut self, key: &str, value: Value) {
        *self.innermost_slot(key) = value;
    }

    /// The slot of `key` in the innermost scope, created as `None` when
    /// missing (`{% for %}` updates `forloop` in place through it).
    pub(crate) fn innermost_slot(&mut self, key: &str) -> &mut Value {
        if self.scopes.is_empty() {
            self.scopes.push(Arc::default());
        }
        let last = self.scopes.len() - 1;
        Arc::make_mut(&mut self.scopes[last]).slot(key)
    }

    /// Set `key` in the innermost scope that already has it, else in the
    /// innermost scope (Django's `set_upward`).
    pub fn set_upward(&mut self, key: &str, value: Value) {
        for scope in self.scopes.iter_mut().rev() {
            if scope.get(key).is_some() {
                *Arc::make_mut(scope).slot(key) = value;
                return;
            }
        }
        self.insert_value(key, value);
    }

    /// The value of `key`, searching from the innermost scope.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.scopes.iter().rev().find_map(|s| s.get(key))
    }

    /// Whether `key` is set in any scope.
    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Push a new, empty innermost scope.
    pub fn push(&mut self) {
        self.scopes.push(Arc::default());
    }

    /// Push a scope holding `values`.
    pub fn push_with(&mut self, values: impl IntoIterator<Item = (String, Value)>) {
        self.scopes.push(Arc::new(values.into_iter().collect()));
    }

    /// Pop the innermost scope (the outermost one is never removed).
    pub fn pop(&mut self) {
        if self.scopes.len() > 1 {
            self.scopes.pop();
        }
    }

    /// The scopes, innermost first (as Django's `for d in context`), each as
    /// its `(name, value)` pairs in insertion order.
    pub(crate) fn scopes_innermost_first(&self) -> impl Iterator<Item = Vec<(&str, &Value)>> {
        self.scopes.iter().rev().map(|scope| scope.entries().collect())
    }

    /// Whether output is autoescaped here (`{% autoescape %}` changes it).
    pub fn autoescape(&self) -> bool {
        self.autoescape.unwrap_or(true)
    }

    /// Turn autoescaping on or off (Django's `Context(autoescape=...)`).
    pub fn set_autoescape(&mut self, on: bool) {
        self.autoescape = Some(on);
    }

    pub(crate) fn autoescape_setting(&self) -> Option<bool> {
        self.autoescape
    }

    /// The options of the engine rendering this context (defaults outside
    /// a render).
    pub fn options(&self) -> &EngineOptions {
        match &self.state.engine {
            Some(e) => &e.options,
            None => &DEFAULT_OPTIONS,
        }
    }

    /// The active language (Django's `translation.get_language()`): the
    /// one `{% language %}` set, else the engine's `language_code`.
    pub fn language(&self) -> String {
        self.state
            .language
            .clone()
            .unwrap_or_else(|| self.options().language_code.clone())
    }

    /// Per-render state of the tag node `node_id` (Django's
    /// `context.render_context[node]`), created with `Default` on first use.
    pub fn node_state<T: Any + Send + Sync + Default>(&mut self, node_id: usize) -> &mut T {
        let entry = self
            .state
            .node_state
            .entry(node_id)
            .or_insert_with(|| Box::new(T::default()));
        if !entry.is::<T>() {
            *entry = Box::new(T::default());
        }
        match entry.downcast_mut::<T>() {
            Some(v) => v,
            None => unreachable!("state replaced with the right type above"),
        }
    }

    /// A context with the same engine state and autoescaping but only
    /// `values` as variables (Django's `context.new(values)`).
    pub(crate) fn new_isolated(&self, values: Vec<(String, Value)>) -> Context {
        let mut ctx = Context::new();
        ctx.autoescape = self.autoescape;
        ctx.scopes = vec![Arc::new(values.into_iter().collect())];
        ctx
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_shadow_and_pop() {
        let mut c = Context::new();
        c.insert("a", 1);
        c.push();
        c.insert("a", 2);
        c.set_upward("b", Value::Int(3));
        assert_eq!(c.get("a"), Some(&Value::Int(2)));
        c.pop();
        assert_eq!(c.get("a"), Some(&Value::Int(1)));
        assert!(c.get("b").is_none());
        c.pop();
        assert_eq!(c.get("a"), Some(&Value::Int(1)));
    }

    #[test]
    fn node_state_persists_per_id() {
        let mut c = Context::new();
        *c.node_state::<usize>(7) += 2;
        *c.node_state::<usize>(7) += 1;
        assert_eq!(*c.node_state::<usize>(7), 3);
    }
}
