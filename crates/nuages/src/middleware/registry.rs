//! Middleware by name: turns `MIDDLEWARE` (a list of dotted names, as in
//! Django) into middleware instances. Django imports the class named by
//! each entry; Nuages looks the name up in a [`MiddlewareRegistry`].

use std::collections::HashMap;
use std::sync::Arc;

use super::Middleware;
use crate::conf::{ImproperlyConfigured, Settings};

/// Builds one middleware from the settings (Django's middleware `__init__`).
/// Any `Fn(&Settings) -> Result<Arc<dyn Middleware>, ImproperlyConfigured>`
/// closure can also be registered.
pub type MiddlewareFactory = fn(&Settings) -> Result<Arc<dyn Middleware>, ImproperlyConfigured>;

type BoxedFactory = Arc<dyn Fn(&Settings) -> Result<Arc<dyn Middleware>, ImproperlyConfigured> + Send + Sync>;

/// Names to middleware factories. [`MiddlewareRegistry::default`] holds the
/// built-ins under their `nuages.` names and Django's `django.` names.
#[derive(Clone)]
pub struct MiddlewareRegistry {
    factories: HashMap<String, BoxedFactory>,
}

impl MiddlewareRegistry {
    /// A registry with no entries.
    pub fn empty() -> Self {
        MiddlewareRegistry {
            factories: HashMap::new(),
        }
    }

    /// Register `factory` under `name` (e.g. `polls.middleware.TimingMiddleware`),
    /// replacing an earlier entry.
    pub fn register<F>(&mut self, name: impl Into<String>, factory: F) -> &mut Self
    where
        F: Fn(&Settings) -> Result<Arc<dyn Middleware>, ImproperlyConfigured> + Send + Sync + 'static,
    {
        self.factories.insert(name.into(), Arc::new(factory));
        self
    }

    /// The built-ins (same as [`MiddlewareRegistry::default`]).
    pub fn with_builtins() -> Self {
        MiddlewareRegistry::default()
    }

    /// Build the chain named by `settings.MIDDLEWARE` (see [`build_chain`]).
    ///
    /// # Errors
    /// As [`build_chain`].
    pub fn build_chain(&self, settings: &Settings) -> Result<Vec<Arc<dyn Middleware>>, ImproperlyConfigured> {
        build_chain(settings, self)
    }

    /// Register a built-in under `nuages.<path>` and `django.<path>`.
    fn register_both<F>(&mut self, path: &str, factory: F)
    where
        F: Fn(&Settings) -> Result<Arc<dyn Middleware>, ImproperlyConfigured> + Send + Sync + Clone + 'static,
    {
        self.register(format!("nuages.{path}"), factory.clone());
        self.register(format!("django.{path}"), factory);
    }

    /// Build the middleware registered under `name`; `None` when unknown.
    ///
    /// # Errors
    /// The factory's error.
    pub fn build(&self, name: &str, settings: &Settings) -> Option<Result<Arc<dyn Middleware>, ImproperlyConfigured>> {
        self.factories.get(name).map(|factory| factory(settings))
    }

    /// Whether `name` is registered.
    pub fn contains(&self, name: &str) -> bool {
        self.factories.contains_key(name)
    }
}

impl Default for MiddlewareRegistry {
    fn default() -> Self {
        let mut registry = MiddlewareRegistry::empty();
        registry.register_both("middleware.security.SecurityMiddleware", |s: &Settings| {
            Ok(Arc::new(super::security::SecurityMiddleware::new(s)?) as Arc<dyn Middleware>)
        });
        registry.register_both("contrib.sessions.middleware.SessionMiddleware", |s: &Settings| {
            Ok(Arc::new(crate::contrib::sessions::SessionMiddleware::new(s)?) as Arc<dyn Middleware>)
        });
        registry.register_both("contrib.auth.middleware.AuthenticationMiddleware", |s: &Settings| {
            Ok(Arc::new(crate::contrib::auth::AuthenticationMiddleware::new(s)?) as Arc<dyn Middleware>)
        });
        registry.register_both("contrib.messages.middleware.MessageMiddleware", |s: &Settings| {
            Ok(Arc::new(crate::contrib::messages::MessageMiddleware::new(s)?) as Arc<dyn Middleware>)
        });
        registry.register_both("middleware.common.CommonMiddleware", |s: &Settings| {
            Ok(Arc::new(super::common::CommonMiddleware::new(s)?) as Arc<dyn Middleware>)
        });
        registry.register_both("middleware.csrf.CsrfViewMiddleware", |s: &Settings| {
            Ok(Arc::new(super::csrf::CsrfViewMiddleware::new(s)) as Arc<dyn Middleware>)
        });
        registry.register_both("middleware.clickjacking.XFrameOptionsMiddleware", |s: &Settings| {
            Ok(Arc::new(super::clickjacking::XFrameOptionsMiddleware::new(s)) as Arc<dyn Middleware>)
        });
        registry.register_both("middleware.gzip.GZipMiddleware", |_: &Settings| {
            Ok(Arc::new(super::gzip::GZipMiddleware) as Arc<dyn Middleware>)
        });
        registry.register_both("middleware.http.ConditionalGetMiddleware", |_: &Settings| {
            Ok(Arc::new(super::http::ConditionalGetMiddleware) as Arc<dyn Middleware>)
        });
        registry
    }
}

/// Build the chain named by `settings.MIDDLEWARE`, outermost first.
///
/// # Errors
/// [`ImproperlyConfigured`] naming an unregistered middleware, or a factory's error.
pub fn build_chain(
    settings: &Settings,
    registry: &MiddlewareRegistry,
) -> Result<Vec<Arc<dyn Middleware>>, ImproperlyConfigured> {
    settings
        .MIDDLEWARE
        .iter()
        .map(|name| match registry.build(name, settings) {
            Some(built) => built.map_err(|e| ImproperlyConfigured::new(format!("{name}: {}", e.message))),
            None => Err(ImproperlyConfigured::new(format!(
                "Middleware '{name}' in MIDDLEWARE is not registered; register it with MiddlewareRegistry::register"
            ))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_under_both_names_and_unknown_is_an_error() {
        let registry = MiddlewareRegistry::default();
        assert!(registry.contains("nuages.middleware.csrf.CsrfViewMiddleware"));
        assert!(registry.contains("django.middleware.csrf.CsrfViewMiddleware"));
        let settings = Settings {
            MIDDLEWARE: vec!["django.middleware.security.SecurityMiddleware".into(), "x.Nope".into()],
            ..Settings::for_tests()
        };
        let err = build_chain(&settings, &registry).err().expect("unknown");
        assert!(err.message.contains("'x.Nope'"));
    }
}
