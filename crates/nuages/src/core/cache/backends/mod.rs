//! Cache backends: Django's `django.core.cache.backends`, one module each.

pub mod dummy;
pub mod locmem;

use std::sync::Arc;

use super::{CacheBackend, CacheError};
use crate::conf::CacheSettings;

/// The backend `BACKEND` names (the `django.` or `nuages.` spelling).
///
/// # Errors
/// [`CacheError::InvalidCacheBackend`] for an unknown name or bad options.
pub fn from_settings(config: &CacheSettings) -> Result<Arc<dyn CacheBackend>, CacheError> {
    let name = config.BACKEND.as_str();
    let short = name
        .strip_prefix("django.core.cache.backends.")
        .or_else(|| name.strip_prefix("nuages.core.cache.backends."));
    match short {
        Some("locmem.LocMemCache") => Ok(locmem::LocMemCache::shared(config)?),
        Some("dummy.DummyCache") => Ok(Arc::new(dummy::DummyCache)),
        _ => Err(CacheError::InvalidCacheBackend(format!(
            "Could not find backend '{name}': the built-in cache backends are \
             django.core.cache.backends.locmem.LocMemCache and django.core.cache.backends.dummy.DummyCache."
        ))),
    }
}
