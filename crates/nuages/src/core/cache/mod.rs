//! The cache framework: Django's `django.core.cache`.
//!
//! [`caches`] gives the cache configured under an alias of `CACHES`
//! (`default` with [`cache`]); a [`Cache`] stores any `serde` value under a
//! string key with a timeout: `get`, `set`, `add`, `delete`, `get_many`,
//! `set_many`, `incr`/`decr`, `touch`, `clear`, `get_or_set`, key versions.
//! Keys are made as Django makes them, `KEY_PREFIX:VERSION:key`.
//! Backends: [`backends::locmem::LocMemCache`] (Django's default) and
//! [`backends::dummy::DummyCache`].
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), nuages::core::cache::CacheError> {
//! use nuages::core::cache::{cache, Timeout};
//!
//! let cache = cache()?;
//! cache.set("doc-greeting", &"hello", Timeout::Seconds(30)).await?;
//! assert_eq!(cache.get::<String>("doc-greeting").await?.as_deref(), Some("hello"));
//! assert!(!cache.add("doc-greeting", &"again", Timeout::Default).await?);
//! cache.set("doc-hits", &1, Timeout::Forever).await?;
//! assert_eq!(cache.incr("doc-hits", 2).await?, 3);
//! # Ok(())
//! # }
//! ```

pub mod backends;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::conf::CacheSettings;
use crate::handler::BoxFuture;

/// Why a cache operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CacheError {
    /// No such alias in `CACHES`, or an unknown `BACKEND` (Django's `InvalidCacheBackendError`).
    #[error("{0}")]
    InvalidCacheBackend(String),
    /// `incr`/`decr`/`incr_version` on a missing key (Django's `ValueError`).
    #[error("Key '{0}' not found")]
    KeyNotFound(String),
    /// A value that cannot be stored or read back as the asked type.
    #[error("Cache value error: {0}")]
    Value(String),
    /// The backend failed (connection, disk, ...).
    #[error("Cache backend error: {0}")]
    Backend(String),
}

/// How long a value lives (Django's `timeout` argument).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Timeout {
    /// The cache's `TIMEOUT` (Django's `DEFAULT_TIMEOUT`).
    Default,
    /// Never expires (Django's `timeout=None`).
    Forever,
    /// Seconds; 0 or less expires at once (the value is not kept).
    Seconds(i64),
}

/// A backend working on full keys and JSON values (Django's `BaseCache`
/// methods after `make_and_validate_key`). `expiry` is `None` for never,
/// or a Unix time in seconds.
pub trait CacheBackend: Send + Sync {
    /// The value under `key`, if present and not expired.
    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<Value>, CacheError>>;
    /// Store `value`; with `only_if_absent`, keep an existing live value
    /// and return false.
    fn set<'a>(
        &'a self,
        key: &'a str,
        value: Value,
        expiry: Option<f64>,
        only_if_absent: bool,
    ) -> BoxFuture<'a, Result<bool, CacheError>>;
    /// Remove `key`; true if it was there.
    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<bool, CacheError>>;
    /// Give a live `key` a new expiry; false if absent.
    fn touch<'a>(&'a self, key: &'a str, expiry: Option<f64>) -> BoxFuture<'a, Result<bool, CacheError>>;
    /// Add `delta` to the integer under `key`, keeping its expiry.
    fn incr<'a>(&'a self, key: &'a str, delta: i64) -> BoxFuture<'a, Result<i64, CacheError>>;
    /// Remove everything (not only this prefix, as Django).
    fn clear(&self) -> BoxFuture<'_, Result<(), CacheError>>;
}

/// Seconds since the Unix epoch, with fractions.
pub(crate) fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// Django's `default_key_func`: `KEY_PREFIX:VERSION:key`.
pub fn default_key_func(key: &str, key_prefix: &str, version: i64) -> String {
    format!("{key_prefix}:{version}:{key}")
}

/// A configured cache: a backend plus the alias's `KEY_PREFIX`, `VERSION`
/// and `TIMEOUT` (Django's `BaseCache` public API).
#[derive(Clone)]
pub struct Cache {
    backend: Arc<dyn CacheBackend>,
    key_prefix: String,
    version: i64,
    default_timeout: Option<u64>,
}

impl Cache {
    /// A cache over `backend` with the alias settings of `settings`.
    pub fn new(backend: Arc<dyn CacheBackend>, settings: &CacheSettings) -> Self {
        Cache {
            backend,
            key_prefix: settings.KEY_PREFIX.clone(),
            version: settings.VERSION,
            default_timeout: settings.TIMEOUT,
        }
    }

    /// The same cache working on another key version (Django's `version=`).
    pub fn with_version(&self, version: i64) -> Cache {
        Cache {
            version,
            ..self.clone()
        }
    }

    /// The full key for `key` (Django's `make_key`).
    pub fn make_key(&self, key: &str) -> String {
        default_key_func(key, &self.key_prefix, self.version)
    }

    /// The expiry for `timeout` (Django's `get_backend_timeout`).
    fn expiry(&self, timeout: Timeout) -> Option<f64> {
        let seconds = match timeout {
            Timeout::Default => self.default_timeout.map(|t| i64::try_from(t).unwrap_or(i64::MAX)),
            Timeout::Forever => None,
            Timeout::Seconds(s) => Some(s),
        }?;
        // 0 (or less) means "expire now".
        Some(if seconds <= 0 { -1.0 } else { now() + seconds as f64 })
    }

    fn decode<T: DeserializeOwned>(value: Value) -> Result<T, CacheError> {
        serde_json::from_value(value).map_err(|e| CacheError::Value(e.to_string()))
    }

    fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Value, CacheError> {
        serde_json::to_value(value).map_err(|e| CacheError::Value(e.to_string()))
    }

    /// The value under `key`, `None` when absent or expired.
    ///
    /// # Errors
    /// [`CacheError::Value`] when the stored value is not a `T`; backend errors.
    pub async fn get<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, CacheError> {
        match self.backend.get(&self.make_key(key)).await? {
            Some(value) => Self::decode(value).map(Some),
            None => Ok(None),
        }
    }

    /// Store `value` under `key` for `timeout`.
    ///
    /// # Errors
    /// A value that cannot be serialised; backend errors.
    pub async fn set<T: Serialize + ?Sized>(&self, key: &str, value: &T, timeout: Timeout) -> Result<(), CacheError> {
        let value = Self::encode(value)?;
        self.backend
            .set(&self.make_key(key), value, self.expiry(timeout), false)
            .await
            .map(|_| ())
    }

    /// Store `value` only if `key` is absent; true if stored.
    ///
    /// # Errors
    /// As [`set`](Self::set).
    pub async fn add<T: Serialize + ?Sized>(&self, key: &str, value: &T, timeout: Timeout) -> Result<bool, CacheError> {
        let value = Self::encode(value)?;
        self.backend
            .set(&self.make_key(key), value, self.expiry(timeout), true)
            .await
    }

    /// The value under `key`, or `default` stored and returned when absent
    /// (Django's `get_or_set`).
    ///
    /// # Errors
    /// As [`get`](Self::get) and [`set`](Self::set).
    pub async fn get_or_set<T: Serialize + DeserializeOwned>(
        &self,
        key: &str,
        default: T,
        timeout: Timeout,
    ) -> Result<T, CacheError> {
        if let Some(value) = self.get(key).await? {
            return Ok(value);
        }
        self.add(key, &default, timeout).await?;
        // Another writer may have won the race: return what is stored.
        Ok(self.get(key).await?.unwrap_or(default))
    }

    /// Remove `key`; true if it was there.
    ///
    /// # Errors
    /// Backend errors.
    pub async fn delete(&self, key: &str) -> Result<bool, CacheError> {
        self.backend.delete(&self.make_key(key)).await
    }

    /// Whether `key` holds a live value.
    ///
    /// # Errors
    /// Backend errors.
    pub async fn has_key(&self, key: &str) -> Result<bool, CacheError> {
        Ok(self.backend.get(&self.make_key(key)).await?.is_some())
    }

    /// The live values among `keys`, by key (Django's `get_many`).
    ///
    /// # Errors
    /// As [`get`](Self::get).
    pub async fn get_many<T: DeserializeOwned>(&self, keys: &[&str]) -> Result<HashMap<String, T>, CacheError> {
        let mut found = HashMap::new();
        for key in keys {
            if let Some(value) = self.get(key).await? {
                found.insert((*key).to_owned(), value);
            }
        }
        Ok(found)
    }

    /// Store several values; returns the keys that failed (always empty
    /// for the built-in backends, as Django's `set_many`).
    ///
    /// # Errors
    /// As [`set`](Self::set).
    pub async fn set_many<T: Serialize>(
        &self,
        values: &[(&str, T)],
        timeout: Timeout,
    ) -> Result<Vec<String>, CacheError> {
        for (key, value) in values {
            self.set(key, value, timeout).await?;
        }
        Ok(Vec::new())
    }

    /// Remove several keys.
    ///
    /// # Errors
    /// Backend errors.
    pub async fn delete_many(&self, keys: &[&str]) -> Result<(), CacheError> {
        for key in keys {
            self.delete(key).await?;
        }
        Ok(())
    }

    /// Add `delta` to the integer under `key` and return the new value.
    ///
    /// # Errors
    /// [`CacheError::KeyNotFound`] when absent; [`CacheError::Value`] when
    /// not an integer.
    pub async fn incr(&self, key: &str, delta: i64) -> Result<i64, CacheError> {
        self.backend
            .incr(&self.make_key(key), delta)
            .await
            .map_err(|e| match e {
                CacheError::KeyNotFound(_) => CacheError::KeyNotFound(key.to_owned()),
                other => other,
            })
    }

    /// Subtract `delta` (Django's `decr`).
    ///
    /// # Errors
    /// As [`incr`](Self::incr).
    pub async fn decr(&self, key: &str, delta: i64) -> Result<i64, CacheError> {
        self.incr(key, -delta).await
    }

    /// Give `key` a new timeout; false if absent.
    ///
    /// # Errors
    /// Backend errors.
    pub async fn touch(&self, key: &str, timeout: Timeout) -> Result<bool, CacheError> {
        self.backend.touch(&self.make_key(key), self.expiry(timeout)).await
    }

    /// Move `key` to version + `delta` and return the new version
    /// (Django's `incr_version`).
    ///
    /// # Errors
    /// [`CacheError::KeyNotFound`] when absent.
    pub async fn incr_version(&self, key: &str, delta: i64) -> Result<i64, CacheError> {
        let value: Value = self
            .get(key)
            .await?
            .ok_or_else(|| CacheError::KeyNotFound(key.to_owned()))?;
        let new_version = self.version + delta;
        self.with_version(new_version)
            .set(key, &value, Timeout::Default)
            .await?;
        self.delete(key).await?;
        Ok(new_version)
    }

    /// Remove every key of the cache.
    ///
    /// # Errors
    /// Backend errors.
    pub async fn clear(&self) -> Result<(), CacheError> {
        self.backend.clear().await
    }
}

type Registry = Mutex<HashMap<String, Cache>>;

fn registry() -> &'static Registry {
    static CACHES: OnceLock<Registry> = OnceLock::new();
    CACHES.get_or_init(Registry::default)
}

/// The cache configured under `alias` in `CACHES` (Django's
/// `caches[alias]`); built once per process and shared.
///
/// # Errors
/// [`CacheError::InvalidCacheBackend`] for an alias not in `CACHES` or an
/// unknown `BACKEND`.
pub fn caches(alias: &str) -> Result<Cache, CacheError> {
    let mut built = registry().lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(cache) = built.get(alias) {
        return Ok(cache.clone());
    }
    let settings = crate::conf::settings();
    let config = settings
        .CACHES
        .get(alias)
        .ok_or_else(|| CacheError::InvalidCacheBackend(format!("The connection '{alias}' doesn't exist.")))?;
    let cache = Cache::new(backends::from_settings(config)?, config);
    built.insert(alias.to_owned(), cache.clone());
    Ok(cache)
}

/// The `default` cache (Django's `django.core.cache.cache`).
///
/// # Errors
/// As [`caches`].
pub fn cache() -> Result<Cache, CacheError> {
    caches("default")
}
