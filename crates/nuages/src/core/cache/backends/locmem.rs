//! Django's `LocMemCache`: a per-process, least-recently-used store.
//!
//! Caches with the same `LOCATION` share their store. `OPTIONS`
//! `MAX_ENTRIES` (300) bounds it; when full, `1 / CULL_FREQUENCY` (3) of
//! the entries, least recently used first, are dropped (all of them when
//! `CULL_FREQUENCY` is 0).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::Value;

use super::super::{CacheBackend, CacheError, now};
use crate::conf::CacheSettings;
use crate::handler::BoxFuture;

struct Entry {
    value: Value,
    expiry: Option<f64>,
    /// Position in the recency order.
    tick: u64,
}

#[derive(Default)]
struct Store {
    entries: HashMap<String, Entry>,
    /// tick -> key, oldest first.
    order: BTreeMap<u64, String>,
    next_tick: u64,
}

impl Store {
    fn bump(&mut self, key: &str) {
        self.next_tick += 1;
        let tick = self.next_tick;
        if let Some(entry) = self.entries.get_mut(key) {
            self.order.remove(&entry.tick);
            entry.tick = tick;
            self.order.insert(tick, key.to_owned());
        }
    }

    fn remove(&mut self, key: &str) -> bool {
        match self.entries.remove(key) {
            Some(entry) => {
                self.order.remove(&entry.tick);
                true
            }
            None => false,
        }
    }

    /// The live entry, dropping it if expired.
    fn live(&mut self, key: &str) -> Option<&mut Entry> {
        let expired = self
            .entries
            .get(key)
            .is_some_and(|e| e.expiry.is_some_and(|at| at <= now()));
        if expired {
            self.remove(key);
        }
        self.entries.get_mut(key)
    }

    fn insert(&mut self, key: &str, value: Value, expiry: Option<f64>, max_entries: usize, cull_frequency: usize) {
        if !self.entries.contains_key(key) && self.entries.len() >= max_entries {
            match self.entries.len().checked_div(cull_frequency) {
                // CULL_FREQUENCY 0 empties the cache.
                None => {
                    self.entries.clear();
                    self.order.clear();
                }
                Some(count) => {
                    let oldest: Vec<String> = self.order.values().take(count).cloned().collect();
                    for key in oldest {
                        self.remove(&key);
                    }
                }
            }
        }
        self.remove(key);
        self.next_tick += 1;
        let tick = self.next_tick;
        self.order.insert(tick, key.to_owned());
        self.entries.insert(key.to_owned(), Entry { value, expiry, tick });
    }
}

/// The local-memory cache.
pub struct LocMemCache {
    store: Mutex<Store>,
    max_entries: usize,
    cull_frequency: usize,
}

fn option(config: &CacheSettings, name: &str, default: usize) -> Result<usize, CacheError> {
    match config.OPTIONS.get(name) {
        None => Ok(default),
        Some(value) => value
            .as_integer()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| CacheError::InvalidCacheBackend(format!("OPTIONS {name} must be a non-negative integer"))),
    }
}

impl LocMemCache {
    /// A new, empty cache.
    pub fn new(max_entries: usize, cull_frequency: usize) -> Self {
        LocMemCache {
            store: Mutex::new(Store::default()),
            max_entries,
            cull_frequency,
        }
    }

    /// The store for the alias's `LOCATION`, shared with every cache of
    /// the same location.
    ///
    /// # Errors
    /// [`CacheError::InvalidCacheBackend`] for a bad `MAX_ENTRIES` or `CULL_FREQUENCY`.
    pub fn shared(config: &CacheSettings) -> Result<Arc<LocMemCache>, CacheError> {
        static STORES: OnceLock<Mutex<HashMap<String, Arc<LocMemCache>>>> = OnceLock::new();
        let max_entries = option(config, "MAX_ENTRIES", 300)?;
        let cull_frequency = option(config, "CULL_FREQUENCY", 3)?;
        let mut stores = STORES
            .get_or_init(Mutex::default)
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(stores
            .entry(config.LOCATION.clone())
            .or_insert_with(|| Arc::new(LocMemCache::new(max_entries, cull_frequency)))
            .clone())
    }

    fn with<T>(&self, f: impl FnOnce(&mut Store) -> T) -> T {
        f(&mut self.store.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }
}

impl CacheBackend for LocMemCache {
    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<Option<Value>, CacheError>> {
        let found = self.with(|store| {
            let value = store.live(key).map(|e| e.value.clone());
            if value.is_some() {
                store.bump(key);
            }
            value
        });
        Box::pin(async move { Ok(found) })
    }

    fn set<'a>(
        &'a self,
        key: &'a str,
        value: Value,
        expiry: Option<f64>,
        only_if_absent: bool,
    ) -> BoxFuture<'a, Result<bool, CacheError>> {
        let stored = self.with(|store| {
            if only_if_absent && store.live(key).is_some() {
                return false;
            }
            store.insert(key, value, expiry, self.max_entries, self.cull_frequency);
            true
        });
        Box::pin(async move { Ok(stored) })
    }

    fn delete<'a>(&'a self, key: &'a str) -> BoxFuture<'a, Result<bool, CacheError>> {
        let deleted = self.with(|store| store.live(key).is_some() && store.remove(key));
        Box::pin(async move { Ok(deleted) })
    }

    fn touch<'a>(&'a self, key: &'a str, expiry: Option<f64>) -> BoxFuture<'a, Result<bool, CacheError>> {
        let touched = self.with(|store| match store.live(key) {
            Some(entry) => {
                entry.expiry = expiry;
                true
            }
            None => false,
        });
        Box::pin(async move { Ok(touched) })
    }

    fn incr<'a>(&'a self, key: &'a str, delta: i64) -> BoxFuture<'a, Result<i64, CacheError>> {
        let result = self.with(|store| {
            let entry = store.live(key).ok_or_else(|| CacheError::KeyNotFound(key.to_owned()))?;
            let current = entry
                .value
                .as_i64()
                .ok_or_else(|| CacheError::Value(format!("the value of '{key}' is not an integer")))?;
            let new = current
                .checked_add(delta)
                .ok_or_else(|| CacheError::Value("integer overflow".to_owned()))?;
            entry.value = Value::from(new);
            store.bump(key);
            Ok(new)
        });
        Box::pin(async move { result })
    }

    fn clear(&self) -> BoxFuture<'_, Result<(), CacheError>> {
        self.with(|store| *store = Store::default());
        Box::pin(async { Ok(()) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn culls_least_recently_used() {
        let cache = LocMemCache::new(3, 3);
        for key in ["a", "b", "c"] {
            cache.set(key, Value::from(1), None, false).await.expect("set");
        }
        // "a" is used again, so "b" is the oldest.
        assert!(cache.get("a").await.expect("get").is_some());
        cache.set("d", Value::from(1), None, false).await.expect("set");
        assert!(cache.get("b").await.expect("get").is_none());
        assert!(cache.get("a").await.expect("get").is_some());
        assert!(cache.get("d").await.expect("get").is_some());
    }

    #[tokio::test]
    async fn expired_entries_are_absent() {
        let cache = LocMemCache::new(300, 3);
        cache
            .set("old", Value::from(1), Some(now() - 1.0), false)
            .await
            .expect("set");
        assert!(cache.get("old").await.expect("get").is_none());
        assert!(cache.set("old", Value::from(2), None, true).await.expect("add"));
        assert_eq!(cache.incr("old", 5).await, Ok(7));
        assert_eq!(
            cache.incr("missing", 1).await,
            Err(CacheError::KeyNotFound("missing".into()))
        );
    }
}
