//! Authentication: Django's `django.contrib.auth`.
//!
//! - [`models`]: [`User`](models::User), [`Group`](models::Group),
//!   [`Permission`](models::Permission) on Django's tables, so a database
//!   Django created opens here with its users and passwords, and the reverse.
//! - [`authenticate`], [`login`], [`logout`], [`get_user`],
//!   [`update_session_auth_hash`]: the session keys (`_auth_user_id`,
//!   `_auth_user_backend`, `_auth_user_hash`) are Django's.
//! - [`middleware::AuthenticationMiddleware`] and
//!   [`RequestUserExt::user`](middleware::RequestUserExt::user): the lazy `request.user`.
//! - [`backends`]: `AUTHENTICATION_BACKENDS` (`ModelBackend`).
//! - [`decorators`]: `login_required`, `permission_required`, `user_passes_test`.
//! - [`views`]: `LoginView`, `LogoutView`, `PasswordChangeView`/`Done` with [`forms::AuthenticationForm`] and
//!   the default templates `registration/login.html`, `registration/logged_out.html`.
//! - [`hashers`]: password hashing in Django's formats (`pbkdf2_sha256$...`).
//! - [`tokens`]: password reset tokens (`PasswordResetTokenGenerator`).
//! - [`signals`]: `user_logged_in`, `user_logged_out`, `user_login_failed`.
//! - [`management`]: default permissions after `migrate`, `createsuperuser`, `changepassword`.

pub mod backends;
pub mod commands;
pub mod decorators;
pub mod forms;
pub mod hashers;
pub mod management;
pub mod middleware;
pub mod models;
pub mod password_validation;
pub mod signals;
pub mod tokens;
pub mod views;

use chrono::Utc;

pub use middleware::{AnonymousUser, AuthenticationMiddleware, RequestUser, RequestUserExt};
pub use models::{Group, Permission, User};

use crate::contrib::sessions::RequestSessionExt;
use crate::core::signing::constant_time_compare;
use crate::db::prelude::*;
use crate::error::Result;
use crate::http::Request;

/// Session key holding the user's primary key (as a string, as Django writes it).
pub const SESSION_KEY: &str = "_auth_user_id";
/// Session key holding the backend's AUTHENTICATION_BACKENDS name.
pub const BACKEND_SESSION_KEY: &str = "_auth_user_backend";
/// Session key holding [`User::get_session_auth_hash`].
pub const HASH_SESSION_KEY: &str = "_auth_user_hash";
/// Query-string parameter carrying the page to return to after login.
pub const REDIRECT_FIELD_NAME: &str = "next";

/// The `auth` app (`"nuages.contrib.auth"` or `"django.contrib.auth"` in
/// INSTALLED_APPS; needs `contenttypes`).
pub struct AuthConfig;

impl crate::apps::App for AuthConfig {
    fn label(&self) -> &'static str {
        "auth"
    }

    fn name(&self) -> &'static str {
        "nuages.contrib.auth"
    }

    fn verbose_name(&self) -> String {
        "Authentication and Authorization".to_owned()
    }

    fn path(&self) -> Option<std::path::PathBuf> {
        None
    }

    fn templates_dir(&self) -> Option<std::path::PathBuf> {
        Some(std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/contrib/auth/templates"
        )))
        .filter(|p| p.is_dir())
    }

    fn models(&self) -> Vec<&'static ModelMeta> {
        vec![
            models::Permission::meta(),
            models::Group::meta(),
            models::GroupPermissions::meta(),
            models::User::meta(),
            models::UserGroups::meta(),
            models::UserUserPermissions::meta(),
        ]
    }

    fn embedded_migrations(&self) -> &'static [(&'static str, &'static str)] {
        management::MIGRATIONS
    }
}

/// Django's `authenticate(request, username=..., password=...)`: the first
/// backend of `AUTHENTICATION_BACKENDS` that accepts the credentials gives
/// the user (with the backend's name, for [`login`]); `None`, after sending
/// `user_login_failed`, when none does. The same `None` whether the user
/// exists or not.
///
/// # Errors
/// A misconfigured backend list or a database error.
pub async fn authenticate(username: &str, password: &str) -> Result<Option<(User, String)>> {
    for (name, backend) in backends::get_backends()? {
        if let Some(user) = backend.authenticate(username, password).await? {
            return Ok(Some((user, name)));
        }
    }
    signals::user_login_failed().send(&signals::LoginFailed {
        username: username.to_owned(),
    });
    Ok(None)
}

fn session_user_id(session: &crate::contrib::sessions::Session) -> Option<i64> {
    match session.get_value(SESSION_KEY)? {
        serde_json::Value::String(s) => s.parse().ok(),
        serde_json::Value::Number(n) => n.as_i64(),
        _ => None,
    }
}

/// Django's `login(request, user, backend)`: keep the user in the session.
///
/// The session key is cycled (or the session flushed when another user
/// was logged in) against session fixation, `_auth_user_id`,
/// `_auth_user_backend` and `_auth_user_hash` are stored, the CSRF secret
/// rotated, `last_login` updated and `user_logged_in` sent. `backend` is
/// the name from [`authenticate`]; `None` takes the only configured one.
///
/// # Errors
/// No session middleware, several backends and none named, or a database error.
pub async fn login(request: &Request, user: &User, backend: Option<&str>) -> Result<()> {
    let session = request.session()?;
    let hash = user.get_session_auth_hash();
    if session.contains_key(SESSION_KEY) {
        let same_user = session_user_id(&session) == Some(user.id);
        let same_hash = session
            .get::<String>(HASH_SESSION_KEY)
            .is_some_and(|h| constant_time_compare(h.as_bytes(), hash.as_bytes()));
        if !same_user || !same_hash {
            session.flush();
        }
    } else {
        session.cycle_key();
    }
    let backend = match backend {
        Some(b) => b.to_owned(),
        None => {
            let names = crate::conf::settings().AUTHENTICATION_BACKENDS.clone();
            match names.as_slice() {
                [only] => only.clone(),
                _ => {
                    return Err(crate::Error::msg(
                        "You have multiple authentication backends configured and therefore must provide \
                         the `backend` argument.",
                    ));
                }
            }
        }
    };
    session.set(SESSION_KEY, user.id.to_string());
    session.set(BACKEND_SESSION_KEY, backend);
    session.set(HASH_SESSION_KEY, hash);
    crate::middleware::csrf::rotate_token(request);
    let mut user = user.clone();
    // Django's `update_last_login` receiver.
    user.last_login = Some(Utc::now());
    User::objects()
        .filter(User::ID.eq(user.id))
        .update([(User::LAST_LOGIN, Value::DateTime(Utc::now()))])
        .await?;
    middleware::set_request_user(request, RequestUser::User(user.clone()));
    signals::user_logged_in().send(&user);
    Ok(())
}

/// Django's `logout(request)`: send `user_logged_out`, flush the session
/// (data and row deleted, cookie removed) and make `request.user` anonymous.
///
/// # Errors
/// No session middleware.
pub async fn logout(request: &Request) -> Result<()> {
    let user = match request.extensions().get::<middleware::LazyUser>() {
        Some(_) => request.user().await?.into_user(),
        None => None,
    };
    signals::user_logged_out().send(&user);
    request.session()?.flush();
    middleware::set_request_user(request, RequestUser::Anonymous(AnonymousUser));
    Ok(())
}

/// Django's `get_user(request)`: the user the session names, when its
/// backend is still configured, the user still exists and may log in, and
/// the session's `_auth_user_hash` matches the current password (else the
/// session is flushed: a password change logs other sessions out). A hash
/// made with a key of `SECRET_KEY_FALLBACKS` is accepted and renewed.
///
/// # Errors
/// A database error.
pub async fn get_user(request: &Request) -> Result<RequestUser> {
    let session = request.session()?;
    let Some(user_id) = session_user_id(&session) else {
        return Ok(RequestUser::Anonymous(AnonymousUser));
    };
    let Some(backend_name) = session.get::<String>(BACKEND_SESSION_KEY) else {
        return Ok(RequestUser::Anonymous(AnonymousUser));
    };
    let settings = crate::conf::settings();
    if !settings.AUTHENTICATION_BACKENDS.contains(&backend_name) {
        return Ok(RequestUser::Anonymous(AnonymousUser));
    }
    let backend = backends::load_backend(&backend_name)?;
    let Some(user) = backend.get_user(user_id).await? else {
        return Ok(RequestUser::Anonymous(AnonymousUser));
    };
    let stored = session.get::<String>(HASH_SESSION_KEY).unwrap_or_default();
    if constant_time_compare(stored.as_bytes(), user.get_session_auth_hash().as_bytes()) {
        return Ok(RequestUser::User(user));
    }
    let with_fallback = settings
        .SECRET_KEY_FALLBACKS
        .iter()
        .any(|key| constant_time_compare(stored.as_bytes(), user.session_auth_hash_with(key).as_bytes()));
    if with_fallback && !stored.is_empty() {
        session.cycle_key();
        session.set(HASH_SESSION_KEY, user.get_session_auth_hash());
        return Ok(RequestUser::User(user));
    }
    session.flush();
    Ok(RequestUser::Anonymous(AnonymousUser))
}

/// Django's `update_session_auth_hash(request, user)`: after a password
/// change, keep this session logged in (new key, new hash) while the
/// user's other sessions stop validating.
///
/// # Errors
/// No session middleware.
pub async fn update_session_auth_hash(request: &Request, user: &User) -> Result<()> {
    let session = request.session()?;
    session.cycle_key();
    if session_user_id(&session) == Some(user.id) {
        session.set(HASH_SESSION_KEY, user.get_session_auth_hash());
        middleware::set_request_user(request, RequestUser::User(user.clone()));
    }
    Ok(())
}
