//! Sessions in the database: Django's `contrib/sessions/backends/db.py`.
//!
//! One row per session in `django_session` (`session_key`, `session_data`,
//! `expire_date`), created by the `sessions` app's migration; the
//! `session_data` column holds Django's encoding, so Django and Nuages
//! read each other's sessions when they share the database and
//! `SECRET_KEY`.

use chrono::{Duration, Utc};

use super::base::{SessionData, SessionStore, decode_session_data, encode_session_data};
use super::file::new_session_key;
use crate::db::{DatabaseErrorKind, Value};
use crate::error::{Error, Result};
use crate::handler::BoxFuture;

/// Message of Django's `SessionInterrupted` (a 400).
pub const SESSION_INTERRUPTED: &str = "The request's session was deleted before the request completed. \
     The user may have logged out in a concurrent request, for example.";

/// The database session store (`SESSION_ENGINE = "nuages.contrib.sessions.backends.db"`,
/// Django's default).
#[derive(Clone, Debug)]
pub struct DbSessionStore {
    alias: String,
    secret_key: String,
    fallback_keys: Vec<String>,
    cookie_age: i64,
}

impl DbSessionStore {
    /// A store on database `alias`, data signed with `secret_key`.
    pub fn new(alias: &str, secret_key: &str, fallback_keys: &[String], cookie_age: i64) -> Self {
        DbSessionStore {
            alias: alias.to_owned(),
            secret_key: secret_key.to_owned(),
            fallback_keys: fallback_keys.to_vec(),
            cookie_age,
        }
    }

    /// On the `default` database, with `SECRET_KEY`, `SECRET_KEY_FALLBACKS`
    /// and `SESSION_COOKIE_AGE`.
    pub fn from_settings(settings: &crate::conf::Settings) -> Self {
        DbSessionStore::new(
            crate::db::connections::DEFAULT_DB_ALIAS,
            &settings.SECRET_KEY,
            &settings.SECRET_KEY_FALLBACKS,
            settings.SESSION_COOKIE_AGE,
        )
    }

    fn db(&self) -> Result<std::sync::Arc<crate::db::connections::DatabaseWrapper>> {
        Ok(crate::db::connections::get(&self.alias)?)
    }

    /// Django's `get_expiry_date()`: now plus the session's age (the cookie
    /// age when the session expires at browser close).
    fn expire_date(&self, expiry_age: i64) -> Value {
        let age = if expiry_age > 0 { expiry_age } else { self.cookie_age };
        Value::DateTime(Utc::now() + Duration::seconds(age))
    }

    async fn insert(&self, key: &str, encoded: &str, expiry_age: i64) -> crate::db::Result<u64> {
        let db = crate::db::connections::get(&self.alias)?;
        let v = db.vendor();
        let sql = format!(
            "INSERT INTO django_session (session_key, session_data, expire_date) VALUES ({}, {}, {})",
            v.placeholder(1),
            v.placeholder(2),
            v.placeholder(3)
        );
        db.execute(
            &sql,
            &[
                Value::Text(key.to_owned()),
                Value::Text(encoded.to_owned()),
                self.expire_date(expiry_age),
            ],
        )
        .await
    }
}

impl SessionStore for DbSessionStore {
    fn load<'a>(&'a self, session_key: &'a str) -> BoxFuture<'a, Result<Option<SessionData>>> {
        Box::pin(async move {
            let db = self.db()?;
            let v = db.vendor();
            let sql = format!(
                "SELECT session_data FROM django_session WHERE session_key = {} AND expire_date > {}",
                v.placeholder(1),
                v.placeholder(2)
            );
            let rows = db
                .fetch_all(
                    &sql,
                    &[Value::Text(session_key.to_owned()), Value::DateTime(Utc::now())],
                )
                .await?;
            Ok(rows.into_iter().next().map(|row| match row.first() {
                Some(Value::Text(data)) => decode_session_data(data, &self.secret_key, &self.fallback_keys),
                _ => SessionData::new(),
            }))
        })
    }

    fn save<'a>(
        &'a self,
        session_key: Option<&'a str>,
        data: &'a SessionData,
        expiry_age: i64,
    ) -> BoxFuture<'a, Result<String>> {
        Box::pin(async move {
            let encoded = encode_session_data(data, &self.secret_key)
                .map_err(|e| Error::msg(format!("cannot encode the session: {e}")))?;
            let Some(key) = session_key else {
                // Django's `create()`: a fresh key, retried on a collision.
                loop {
                    let key = new_session_key();
                    match self.insert(&key, &encoded, expiry_age).await {
                        Ok(_) => return Ok(key),
                        Err(crate::db::Error::Database {
                            kind: DatabaseErrorKind::IntegrityError,
                            ..
                        }) => continue,
                        Err(e) => return Err(e.into()),
                    }
                }
            };
            let db = self.db()?;
            let v = db.vendor();
            let sql = format!(
                "UPDATE django_session SET session_data = {}, expire_date = {} WHERE session_key = {}",
                v.placeholder(1),
                v.placeholder(2),
                v.placeholder(3)
            );
            let updated = db
                .execute(
                    &sql,
                    &[
                        Value::Text(encoded),
                        self.expire_date(expiry_age),
                        Value::Text(key.to_owned()),
                    ],
                )
                .await?;
            if updated == 0 {
                // Deleted since it was loaded (a logout elsewhere): never
                // resurrect it (Django's `SessionInterrupted`).
                return Err(Error::bad_request(SESSION_INTERRUPTED));
            }
            Ok(key.to_owned())
        })
    }

    fn delete<'a>(&'a self, session_key: &'a str) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let db = self.db()?;
            let sql = format!(
                "DELETE FROM django_session WHERE session_key = {}",
                db.vendor().placeholder(1)
            );
            db.execute(&sql, &[Value::Text(session_key.to_owned())]).await?;
            Ok(())
        })
    }

    fn clear_expired(&self) -> BoxFuture<'_, Result<bool>> {
        Box::pin(async move {
            let db = self.db()?;
            let sql = format!(
                "DELETE FROM django_session WHERE expire_date < {}",
                db.vendor().placeholder(1)
            );
            db.execute(&sql, &[Value::DateTime(Utc::now())]).await?;
            Ok(true)
        })
    }
}
