//! Settings: Django's `django.conf`.
//!
//! [`Settings`] is a typed struct whose fields are Django's setting names
//! with Django's defaults. [`Settings::load`] reads `settings.toml` (or the
//! file named by `NUAGES_SETTINGS`), applies `NUAGES_<KEY>` environment
//! overrides and `DATABASE_URL`. [`configure`] installs the settings for the
//! process at start-up and [`settings()`] reads them anywhere, like
//! `from django.conf import settings`.
//!
//! ```
//! use nuages::conf::Settings;
//! let s = Settings::from_toml_with_env("DEBUG = true\nSECRET_KEY = \"x\"", None, &[]).unwrap();
//! assert!(s.DEBUG && s.APPEND_SLASH);
//! ```

mod exceptions;
mod loader;
mod settings;

use std::sync::{Arc, OnceLock};

pub use exceptions::ImproperlyConfigured;
pub use loader::{ENV_PREFIX, parse_database_url};
pub use settings::{CacheSettings, DatabaseSettings, Settings, StorageSettings, TemplateSettings};

static CONFIGURED: OnceLock<Arc<Settings>> = OnceLock::new();
static FALLBACK: OnceLock<Arc<Settings>> = OnceLock::new();

/// Install the process-wide settings (Django's `settings.configure()`),
/// once, at start-up.
///
/// # Errors
/// [`ImproperlyConfigured`] if settings were already configured.
pub fn configure(settings: Settings) -> Result<Arc<Settings>, ImproperlyConfigured> {
    let settings = Arc::new(settings);
    CONFIGURED
        .set(settings.clone())
        .map_err(|_| ImproperlyConfigured::new("Settings already configured."))?;
    Ok(settings)
}

/// Whether [`configure`] has been called.
pub fn is_configured() -> bool {
    CONFIGURED.get().is_some()
}

/// The process-wide settings (`django.conf.settings`).
///
/// Before [`configure`] is called (unit tests, doc examples) this returns
/// [`Settings::for_tests`]: Django's defaults with a fixed test secret and
/// `testserver` allowed.
pub fn settings() -> Arc<Settings> {
    if let Some(s) = CONFIGURED.get() {
        return s.clone();
    }
    FALLBACK.get_or_init(|| Arc::new(Settings::for_tests())).clone()
}
