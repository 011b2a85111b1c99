//! Sessions: Django's `django.contrib.sessions`.
//!
//! [`SessionMiddleware`](middleware::SessionMiddleware) loads the session
//! named by the `sessionid` cookie into the request, and after the view
//! saves it (when modified) and refreshes the cookie. Views use
//! [`RequestSessionExt::session`]:
//!
//! ```ignore
//! let session = request.session()?;
//! let visits: i64 = session.get("visits").unwrap_or(0);
//! session.set("visits", visits + 1);
//! ```
//!
//! Backends implement [`SessionStore`]; `db` (the default, Django's
//! `django_session` table, created by this app's migration), `file` and
//! `signed_cookies` are built in, and others are added with
//! [`register_engine`] under their `SESSION_ENGINE` name.

pub mod backends;
pub mod middleware;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

pub use backends::base::{Session, SessionConfig, SessionData, SessionStore};
pub use backends::db::DbSessionStore;
pub use backends::signed_cookies::SignedCookieStore;
pub use middleware::SessionMiddleware;

use crate::conf::{ImproperlyConfigured, Settings};
use crate::error::{Error, Result};
use crate::http::Request;

/// Builds a session store from the settings.
pub type EngineFactory = fn(&Settings) -> std::result::Result<Arc<dyn SessionStore>, ImproperlyConfigured>;

fn engines() -> &'static RwLock<HashMap<String, EngineFactory>> {
    static ENGINES: OnceLock<RwLock<HashMap<String, EngineFactory>>> = OnceLock::new();
    ENGINES.get_or_init(|| {
        let mut map: HashMap<String, EngineFactory> = HashMap::new();
        let signed: EngineFactory = |s| Ok(Arc::new(SignedCookieStore::from_settings(s)));
        map.insert("nuages.contrib.sessions.backends.signed_cookies".into(), signed);
        map.insert("django.contrib.sessions.backends.signed_cookies".into(), signed);
        let db: EngineFactory = |s| Ok(Arc::new(DbSessionStore::from_settings(s)));
        map.insert("nuages.contrib.sessions.backends.db".into(), db);
        map.insert("django.contrib.sessions.backends.db".into(), db);
        let file: EngineFactory = |s| Ok(Arc::new(backends::file::FileSessionStore::from_settings(s)));
        map.insert("nuages.contrib.sessions.backends.file".into(), file);
        map.insert("django.contrib.sessions.backends.file".into(), file);
        RwLock::new(map)
    })
}

/// The `sessions` app (Django's `django.contrib.sessions`): ships the
/// migration creating `django_session` for the db backend. Enable it with
/// `"nuages.contrib.sessions"` (or `"django.contrib.sessions"`) in INSTALLED_APPS.
pub struct SessionsConfig;

impl crate::apps::App for SessionsConfig {
    fn label(&self) -> &'static str {
        "sessions"
    }

    fn name(&self) -> &'static str {
        "nuages.contrib.sessions"
    }

    fn verbose_name(&self) -> String {
        "Sessions".to_owned()
    }

    fn embedded_migrations(&self) -> &'static [(&'static str, &'static str)] {
        &[("0001_initial", include_str!("migrations/0001_initial.toml"))]
    }
}

/// Register a session backend under its `SESSION_ENGINE` name (e.g. the db
/// backend registers `nuages.contrib.sessions.backends.db`). Register both
/// the `nuages.` and the `django.` spelling for drop-in settings.
pub fn register_engine(name: &str, factory: EngineFactory) {
    engines()
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(name.to_owned(), factory);
}

/// The store named by `SESSION_ENGINE`.
///
/// # Errors
/// [`ImproperlyConfigured`] when no backend is registered under that name.
pub fn store_from_settings(settings: &Settings) -> std::result::Result<Arc<dyn SessionStore>, ImproperlyConfigured> {
    let factory = engines()
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(&settings.SESSION_ENGINE)
        .copied();
    match factory {
        Some(factory) => factory(settings),
        None => Err(ImproperlyConfigured::new(format!(
            "SESSION_ENGINE '{}' is not available; set SESSION_ENGINE = \"nuages.contrib.sessions.backends.signed_cookies\" \
             or register the backend with nuages::contrib::sessions::register_engine",
            settings.SESSION_ENGINE
        ))),
    }
}

/// `request.session`, for requests that went through [`SessionMiddleware`].
pub trait RequestSessionExt {
    /// The request's session.
    ///
    /// # Errors
    /// A 500 error when `SessionMiddleware` is not installed (Django raises
    /// `AttributeError` there).
    fn session(&self) -> Result<Session>;
}

impl RequestSessionExt for Request {
    fn session(&self) -> Result<Session> {
        self.extensions().get::<Session>().cloned().ok_or_else(|| {
            Error::msg("request.session is not available: add \"nuages.contrib.sessions.middleware.SessionMiddleware\" to MIDDLEWARE")
        })
    }
}
