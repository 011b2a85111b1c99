//! The template engine (Django's `django/template/engine.py`): options,
//! loaders, libraries and the template cache.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Weak};

use crate::context::Context;
use crate::exceptions::{Result, TemplateError};
use crate::library::Library;
use crate::loaders::cached::TemplateCache;
use crate::loaders::{FilesystemLoader, Loader, LocmemLoader};
use crate::template::{EngineRef, Template};
use crate::value::Value;

/// The URL reverse hook behind `{% url %}`: `(view name, args, kwargs)`
/// to a path, or an error message (Django's `NoReverseMatch`).
pub type UrlReverser = dyn Fn(&str, &[Value], &[(String, Value)]) -> std::result::Result<String, String> + Send + Sync;

/// Engine settings (Django's `TEMPLATES[...]["OPTIONS"]` plus the format
/// settings the filters read).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct EngineOptions {
    /// Template directories, searched in order (TEMPLATES DIRS, then app
    /// template folders).
    pub dirs: Vec<PathBuf>,
    /// Debug mode: the cache re-reads templates whose file changed.
    pub debug: bool,
    /// What an invalid variable renders as (`%s` is replaced by its name).
    pub string_if_invalid: String,
    /// Autoescape output (default `true`).
    pub autoescape: bool,
    /// STATIC_URL, used by `{% static %}` (default `/static/`).
    pub static_url: String,
    /// MEDIA_URL, used by `{% get_media_prefix %}` (default empty).
    pub media_url: String,
    /// DATE_FORMAT (default `N j, Y`).
    pub date_format: String,
    /// DATETIME_FORMAT (default `N j, Y, P`).
    pub datetime_format: String,
    /// TIME_FORMAT (default `P`).
    pub time_format: String,
    /// SHORT_DATE_FORMAT (default `m/d/Y`).
    pub short_date_format: String,
    /// SHORT_DATETIME_FORMAT (default `m/d/Y P`).
    pub short_datetime_format: String,
    /// Maximum nesting of `{% include %}` / `{% extends %}` in one render.
    pub max_depth: usize,
    /// TIME_ZONE: the current time zone, an IANA name (default
    /// `America/Chicago`, Django's default). Naive datetimes are taken to
    /// be in it for the `e`, `O`, `T`, `Z`, `I`, `c`, `r`, `U` formats.
    pub time_zone: String,
    /// LANGUAGE_CODE: the active language (default `en-us`).
    pub language_code: String,
    /// USE_THOUSAND_SEPARATOR (default `false`).
    pub use_thousand_separator: bool,
    /// THOUSAND_SEPARATOR (default `,`).
    pub thousand_separator: String,
    /// DECIMAL_SEPARATOR (default `.`).
    pub decimal_separator: String,
    /// NUMBER_GROUPING (default `0`: no grouping, Django's default).
    pub number_grouping: usize,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            dirs: Vec::new(),
            debug: false,
            string_if_invalid: String::new(),
            autoescape: true,
            static_url: "/static/".into(),
            media_url: String::new(),
            date_format: "N j, Y".into(),
            datetime_format: "N j, Y, P".into(),
            time_format: "P".into(),
            short_date_format: "m/d/Y".into(),
            short_datetime_format: "m/d/Y P".into(),
            max_depth: 64,
            time_zone: "America/Chicago".into(),
            language_code: "en-us".into(),
            use_thousand_separator: false,
            thousand_separator: ",".into(),
            decimal_separator: ".".into(),
            number_grouping: 0,
        }
    }
}

pub(crate) struct EngineInner {
    pub(crate) options: EngineOptions,
    pub(crate) builtins: Vec<Arc<Library>>,
    pub(crate) libraries: HashMap<String, Arc<Library>>,
    loaders: Vec<Box<dyn Loader>>,
    cache: TemplateCache,
    pub(crate) url_reverser: Option<Arc<UrlReverser>>,
    pub(crate) fragment_cache: crate::templatetags::cache::LocMemCache,
    this: Weak<EngineInner>,
}

/// The template engine. Cheap to clone; `Send + Sync`; share it.
///
/// # Examples
///
/// ```
/// use nuages_template::{Context, Engine};
///
/// let engine = Engine::builder()
///     .templates([("base.html", "<h1>{% block title %}{% endblock %}</h1>"),
///                 ("page.html", "{% extends 'base.html' %}{% block title %}{{ t|upper }}{% endblock %}")])
///     .build();
/// let mut ctx = Context::new();
/// ctx.insert("t", "a & b");
/// assert_eq!(engine.render_to_string("page.html", &ctx).unwrap(), "<h1>A &amp; B</h1>");
/// ```
#[derive(Clone)]
pub struct Engine {
    inner: Arc<EngineInner>,
}

impl Default for Engine {
    /// An engine with default options, no template directories, and the
    /// `static` library.
    fn default() -> Self {
        Engine::builder().build()
    }
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("options", &self.inner.options).finish()
    }
}

/// Builds an [`Engine`].
#[derive(Default)]
pub struct EngineBuilder {
    options: EngineOptions,
    builtins: Vec<Library>,
    libraries: HashMap<String, Library>,
    loaders: Vec<Box<dyn Loader>>,
    url_reverser: Option<Arc<UrlReverser>>,
    only_listed: bool,
}

impl EngineBuilder {
    /// Make only the libraries given with [`EngineBuilder::library`]
    /// loadable (by default `static`, `i18n`, `l10n`, `tz` and `cache`
    /// are registered too, as in a Django project with those apps).
    pub fn only_listed_libraries(mut self) -> Self {
        self.only_listed = true;
        self
    }
    /// Replace all options.
    pub fn options(mut self, options: EngineOptions) -> Self {
        self.options = options;
        self
    }
    /// Template directories, searched in order by a filesystem loader.
    pub fn dirs<I: IntoIterator<Item = P>, P: Into<PathBuf>>(mut self, dirs: I) -> Self {
        self.options.dirs = dirs.into_iter().map(Into::into).collect();
        self
    }
    /// Debug mode (templates re-read when their file changes).
    pub fn debug(mut self, debug: bool) -> Self {
        self.options.debug = debug;
        self
    }
    /// The replacement for invalid variables.
    pub fn string_if_invalid(mut self, s: impl Into<String>) -> Self {
        self.options.string_if_invalid = s.into();
        self
    }
    /// Default autoescaping.
    pub fn autoescape(mut self, on: bool) -> Self {
        self.options.autoescape = on;
        self
    }
    /// STATIC_URL for `{% static %}`.
    pub fn static_url(mut self, url: impl Into<String>) -> Self {
        self.options.static_url = url.into();
        self
    }
    /// A library `{% load name %}` makes available.
    pub fn library(mut self, name: &str, library: Library) -> Self {
        self.libraries.insert(name.to_owned(), library);
        self
    }
    /// A library whose tags and filters are always available (Django's
    /// `builtins` option).
    pub fn builtin(mut self, library: Library) -> Self {
        self.builtins.push(library);
        self
    }
    /// Add a loader, asked after the filesystem loader for `dirs`.
    pub fn loader(mut self, loader: Box<dyn Loader>) -> Self {
        self.loaders.push(loader);
        self
    }
    /// Serve these in-memory templates (name, source).
    pub fn templates<I, K, V>(self, templates: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.loader(Box::new(LocmemLoader::new(templates)))
    }
    /// The hook `{% url %}` uses to reverse view names.
    pub fn url_reverser<F>(mut self, f: F) -> Self
    where
        F: Fn(&str, &[Value], &[(String, Value)]) -> std::result::Result<String, String> + Send + Sync + 'static,
    {
        self.url_reverser = Some(Arc::new(f));
        self
    }

    /// Build the engine.
    pub fn build(self) -> Engine {
        let mut builtins = vec![
            Arc::new(crate::defaulttags::library()),
            Arc::new(crate::defaultfilters::library()),
        ];
        builtins.extend(self.builtins.into_iter().map(Arc::new));
        let mut libraries: HashMap<String, Arc<Library>> =
            self.libraries.into_iter().map(|(k, v)| (k, Arc::new(v))).collect();
        if !self.only_listed {
            for name in crate::templatetags::STANDARD {
                if let Some(lib) = crate::templatetags::by_module(name) {
                    libraries.entry((*name).to_owned()).or_insert_with(|| Arc::new(lib));
                }
            }
        }
        let mut loaders: Vec<Box<dyn Loader>> = Vec::new();
        if !self.options.dirs.is_empty() {
            loaders.push(Box::new(FilesystemLoader::new(self.options.dirs.clone())));
        }
        loaders.extend(self.loaders);
        let inner = Arc::new_cyclic(|this| EngineInner {
            options: self.options,
            builtins,
            libraries,
            loaders,
            cache: TemplateCache::default(),
            url_reverser: self.url_reverser,
            fragment_cache: Default::default(),
            this: this.clone(),
        });
        Engine { inner }
    }
}

impl Engine {
    /// Start building an engine.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// The engine's options.
    pub fn options(&self) -> &EngineOptions {
        &self.inner.options
    }

    /// Compile a template from source (not cached), Django's
    /// `Engine.from_string`.
    ///
    /// # Errors
    /// `TemplateSyntaxError`.
    pub fn from_string(&self, source: &str) -> Result<Template> {
        Template::compile(source, None, None, &self.inner, EngineRef::Strong(self.inner.clone()))
    }

    /// Load (once) and return the template `name`.
    ///
    /// # Errors
    /// `TemplateDoesNotExist` listing the paths tried, or
    /// `TemplateSyntaxError`.
    pub fn get_template(&self, name: &str) -> Result<Arc<Template>> {
        self.inner.find_template(name, &[])
    }

    /// The first of `names` that exists (Django's `select_template`).
    ///
    /// # Errors
    /// `TemplateDoesNotExist` naming all of them when none exists.
    pub fn select_template(&self, names: &[&str]) -> Result<Arc<Template>> {
        self.inner.select_template(names)
    }

    /// Load `name` and render it with `ctx`.
    ///
    /// # Errors
    /// Any load or render error.
    pub fn render_to_string(&self, name: &str, ctx: &Context) -> Result<String> {
        self.get_template(name)?.render(ctx)
    }

    /// Forget every cached template.
    pub fn clear_cache(&self) {
        self.inner.cache.clear();
    }
}

impl EngineInner {
    pub(crate) fn select_template(&self, names: &[&str]) -> Result<Arc<Template>> {
        if names.is_empty() {
            return Err(TemplateError::does_not_exist("No template names provided", Vec::new()));
        }
        let mut tried = Vec::new();
        for name in names {
            match self.find_template(name, &[]) {
                Err(TemplateError::TemplateDoesNotExist { tried: t, .. }) => tried.extend(t),
                other => return other,
            }
        }
        Err(TemplateError::does_not_exist(names.join(", "), tried))
    }

    /// Find `name`, passing over origins in `skip`; compiled templates are
    /// cached.
    ///
    /// `page.html#name` is the partial `name` of `page.html` alone
    /// (Django 6.0); an unknown partial is a `TemplateDoesNotExist`.
    pub(crate) fn find_template(&self, name: &str, skip: &[String]) -> Result<Arc<Template>> {
        if let Some((base, partial)) = name.split_once('#') {
            let template = self.find_template(base, skip)?;
            return match template.partial_template(partial, name) {
                Some(t) => Ok(Arc::new(t)),
                None => Err(TemplateError::does_not_exist(partial, Vec::new())),
            };
        }
        let key: Cow<'_, str> = if skip.is_empty() {
            Cow::Borrowed(name)
        } else {
            Cow::Owned(format!("{name}\u{0}{}", skip.join("\u{0}")))
        };
        if let Some(t) = self.cache.get(&key, self.options.debug) {
            return Ok(t);
        }
        let mut tried = Vec::new();
        for loader in &self.loaders {
            if let Some(source) = loader.get_source(name, skip, &mut tried)? {
                let t = Arc::new(Template::compile(
                    &source.contents,
                    Some(name.to_owned()),
                    Some(source.origin),
                    self,
                    EngineRef::Weak(self.this.clone()),
                )?);
                self.cache.insert(key.into_owned(), t.clone(), source.path);
                return Ok(t);
            }
        }
        Err(TemplateError::does_not_exist(name, tried))
    }
}
