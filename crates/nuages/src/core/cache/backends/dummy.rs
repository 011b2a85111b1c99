//! Django's `DummyCache`: implements the interface, caches nothing.

use serde_json::Value;

use super::super::{CacheBackend, CacheError};
use crate::handler::BoxFuture;

/// A cache that never holds anything (for development).
pub struct DummyCache;

impl CacheBackend for DummyCache {
    fn get<'a>(&'a self, _key: &'a str) -> BoxFuture<'a, Result<Option<Value>, CacheError>> {
        Box::pin(async { Ok(None) })
    }

    fn set<'a>(
        &'a self,
        _key: &'a str,
        _value: Value,
        _expiry: Option<f64>,
        only_if_absent: bool,
    ) -> BoxFuture<'a, Result<bool, CacheError>> {
        Box::pin(async move { Ok(only_if_absent) })
    }

    fn delete<'a>(&'a self, _key: &'a str) -> BoxFuture<'a, Result<bool, CacheError>> {
        Box::pin(async { Ok(false) })
    }

    fn touch<'a>(&'a self, _key: &'a str, _expiry: Option<f64>) -> BoxFuture<'a, Result<bool, CacheError>> {
        Box::pin(async { Ok(false) })
    }

    fn incr<'a>(&'a self, key: &'a str, _delta: i64) -> BoxFuture<'a, Result<i64, CacheError>> {
        Box::pin(async move { Err(CacheError::KeyNotFound(key.to_owned())) })
    }

    fn clear(&self) -> BoxFuture<'_, Result<(), CacheError>> {
        Box::pin(async { Ok(()) })
    }
}
