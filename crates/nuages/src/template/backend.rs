//! The template backend: an [`Engine`] configured from `TEMPLATES` (Django's
//! `DjangoTemplates`), installed once per process.

use std::path::PathBuf;
use std::sync::{Arc, LazyLock, RwLock};

use nuages_template::{Context, Engine, EngineOptions, TemplateError, Value};

use super::context_processors::{self, ContextProcessor};
use crate::apps::Apps;
use crate::conf::{ImproperlyConfigured, Settings};
use crate::http::Request;

/// The configured engine and its context processors.
#[derive(Clone)]
pub struct TemplateBackend {
    engine: Engine,
    processors: Arc<Vec<ContextProcessor>>,
}

static INSTALLED: RwLock<Option<TemplateBackend>> = RwLock::new(None);

/// Install `backend` as the process's template backend (done by
/// `Project::setup`).
pub fn install(backend: TemplateBackend) {
    if let Ok(mut slot) = INSTALLED.write() {
        *slot = Some(backend);
    }
}

/// The installed backend; before set-up, one with default options, no
/// template folders and the form templates (so unit tests of views and
/// forms can still render).
pub fn backend() -> TemplateBackend {
    if let Some(backend) = INSTALLED.read().ok().and_then(|slot| slot.clone()) {
        return backend;
    }
    static DEFAULT: LazyLock<TemplateBackend> = LazyLock::new(|| TemplateBackend {
        engine: Engine::builder()
            .templates(crate::forms::renderers::TEMPLATES.iter().copied())
            .build(),
        processors: Arc::new(Vec::new()),
    });
    DEFAULT.clone()
}

/// STATIC_URL / MEDIA_URL as served: a relative value gets the script
/// prefix `/`, as Django's settings do (`static/` -> `/static/`).
pub fn prefixed_url(url: &str) -> String {
    if url.is_empty() || url.starts_with('/') || url.contains("://") {
        url.to_owned()
    } else {
        format!("/{url}")
    }
}

/// Turn a `{% url %}` argument into the string `reverse` expects.
fn url_arg(value: &Value) -> String {
    value.to_string()
}

impl TemplateBackend {
    /// Build the engine of the first `TEMPLATES` entry: DIRS (relative to
    /// BASE_DIR), then each app's `templates/` when APP_DIRS is on;
    /// OPTIONS `debug`, `string_if_invalid`, `autoescape` and
    /// `context_processors`; STATIC_URL, MEDIA_URL and the date formats
    /// from the settings; `{% url %}` reversing through the installed URLconf.
    ///
    /// Errors: an unknown backend, context processor or option type.
    pub fn from_settings(settings: &Settings, apps: &Apps) -> Result<Self, ImproperlyConfigured> {
        let mut options = EngineOptions::default();
        options.debug = settings.DEBUG;
        if let Some(url) = &settings.STATIC_URL {
            options.static_url = prefixed_url(url);
        }
        options.media_url = prefixed_url(&settings.MEDIA_URL);
        options.date_format = settings.DATE_FORMAT.clone();
        options.datetime_format = settings.DATETIME_FORMAT.clone();
        options.time_format = settings.TIME_FORMAT.clone();
        options.short_date_format = settings.SHORT_DATE_FORMAT.clone();
        options.short_datetime_format = settings.SHORT_DATETIME_FORMAT.clone();
        let mut processors = Vec::new();
        if let Some(config) = settings.TEMPLATES.first() {
            let backend = config.BACKEND.rsplit('.').next().unwrap_or_default();
            if backend != "DjangoTemplates" {
                return Err(ImproperlyConfigured::new(format!(
                    "TEMPLATES BACKEND '{}' is not available; use 'nuages.template.backends.django.DjangoTemplates'.",
                    config.BACKEND
                )));
            }
            let mut dirs: Vec<PathBuf> = config.DIRS.iter().map(|d| settings.BASE_DIR.join(d)).collect();
            if config.APP_DIRS {
                dirs.extend(apps.get_app_configs().filter_map(|app| app.templates_dir()));
            }
            options.dirs = dirs;
            for (key, value) in &config.OPTIONS {
                match (key.as_str(), value) {
                    ("debug", toml::Value::Boolean(on)) => options.debug = *on,
                    ("autoescape", toml::Value::Boolean(on)) => options.autoescape = *on,
                    ("string_if_invalid", toml::Value::String(s)) => options.string_if_invalid = s.clone(),
                    ("context_processors", toml::Value::Array(names)) => {
                        for name in names {
                            let name = name.as_str().unwrap_or_default();
                            let processor = context_processors::by_name(name).ok_or_else(|| {
                                ImproperlyConfigured::new(format!(
                                    "Unknown context processor '{name}' in TEMPLATES OPTIONS."
                                ))
                            })?;
                            processors.push(processor);
                        }
                    }
                    (other, _) => {
                        return Err(ImproperlyConfigured::new(format!(
                            "Unknown or mistyped TEMPLATES OPTIONS key '{other}'."
                        )));
                    }
                }
            }
        }
        let engine = Engine::builder()
            .options(options)
            .url_reverser(|name, args, kwargs| {
                let args: Vec<String> = args.iter().map(url_arg).collect();
                let kwargs: Vec<(String, String)> = kwargs.iter().map(|(k, v)| (k.clone(), url_arg(v))).collect();
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let kwargs: Vec<(&str, &str)> = kwargs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                crate::urls::reverse(name, &args, &kwargs).map_err(|e| e.to_string())
            })
            // Django's form templates, after the project's and the apps'
            // folders so those override them (`TemplatesSetting`).
            .templates(crate::forms::renderers::TEMPLATES.iter().copied())
            .build();
        Ok(TemplateBackend {
            engine,
            processors: Arc::new(processors),
        })
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Render `template_name` with `context` plus what the context
    /// processors add for `request` (Django's `render_to_string(..., request)`);
    /// the view's own variables win over the processors'.
    ///
    /// Errors: the template is missing or fails to parse or render.
    pub fn render(
        &self,
        request: Option<&Request>,
        template_name: &str,
        context: Context,
    ) -> Result<String, TemplateError> {
        let template = self.engine.get_template(template_name)?;
        let context = self.with_processors(request, context);
        template.render(&context)
    }

    /// `context` under a bottom layer holding the context processors' variables.
    pub fn with_processors(&self, request: Option<&Request>, mut context: Context) -> Context {
        let Some(request) = request else { return context };
        for processor in self.processors.iter() {
            for (key, value) in processor(request) {
                if !context.contains(&key) {
                    context.insert_value(&key, value);
                }
            }
        }
        context
    }
}
