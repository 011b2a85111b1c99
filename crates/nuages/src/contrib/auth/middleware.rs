//! `request.user`: Django's `contrib/auth/middleware.py`
//! (`AuthenticationMiddleware`, `LoginRequiredMiddleware`) and the
//! `AnonymousUser` of `contrib/auth/models.py`.

use std::sync::{Arc, Mutex};

use super::backends::{PermissionSet, get_backends};
use super::models::User;
use crate::conf::{ImproperlyConfigured, Settings};
use crate::error::{Error, Result};
use crate::handler::BoxFuture;
use crate::http::{Request, Response};
use crate::middleware::{Middleware, Next};

/// Django's `AnonymousUser`: not authenticated, no permissions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnonymousUser;

/// What `request.user` is: a [`User`] or the [`AnonymousUser`].
#[derive(Debug, Clone)]
pub enum RequestUser {
    /// A logged-in user.
    User(User),
    /// Nobody logged in.
    Anonymous(AnonymousUser),
}

impl RequestUser {
    /// `user.is_authenticated`.
    pub fn is_authenticated(&self) -> bool {
        matches!(self, RequestUser::User(_))
    }

    /// `user.is_anonymous`.
    pub fn is_anonymous(&self) -> bool {
        !self.is_authenticated()
    }

    /// The logged-in user, if any.
    pub fn as_user(&self) -> Option<&User> {
        match self {
            RequestUser::User(u) => Some(u),
            RequestUser::Anonymous(_) => None,
        }
    }

    /// The logged-in user, if any, by value.
    pub fn into_user(self) -> Option<User> {
        match self {
            RequestUser::User(u) => Some(u),
            RequestUser::Anonymous(_) => None,
        }
    }

    /// `user.get_username()` (empty for the anonymous user).
    pub fn get_username(&self) -> &str {
        self.as_user().map_or("", User::get_username)
    }

    /// `is_active`, `is_staff`, `is_superuser` (all false when anonymous).
    pub fn is_active(&self) -> bool {
        self.as_user().is_some_and(|u| u.is_active)
    }

    /// `user.is_staff`.
    pub fn is_staff(&self) -> bool {
        self.as_user().is_some_and(|u| u.is_staff)
    }

    /// `user.is_superuser`.
    pub fn is_superuser(&self) -> bool {
        self.as_user().is_some_and(|u| u.is_superuser)
    }

    async fn collect(&self, which: u8) -> Result<PermissionSet> {
        let mut all = PermissionSet::new();
        let Some(user) = self.as_user() else { return Ok(all) };
        for (_, backend) in get_backends()? {
            all.extend(match which {
                0 => backend.get_user_permissions(user).await?,
                1 => backend.get_group_permissions(user).await?,
                _ => backend.get_all_permissions(user).await?,
            });
        }
        Ok(all)
    }

    /// `get_user_permissions()` over every backend.
    ///
    /// # Errors
    /// A database or configuration error.
    pub async fn get_user_permissions(&self) -> Result<PermissionSet> {
        self.collect(0).await
    }

    /// `get_group_permissions()` over every backend.
    ///
    /// # Errors
    /// A database or configuration error.
    pub async fn get_group_permissions(&self) -> Result<PermissionSet> {
        self.collect(1).await
    }

    /// `get_all_permissions()` over every backend.
    ///
    /// # Errors
    /// A database or configuration error.
    pub async fn get_all_permissions(&self) -> Result<PermissionSet> {
        self.collect(2).await
    }

    /// `has_perm("polls.add_question")`: true for an active superuser,
    /// false for anonymous and inactive users, else whether a backend grants it.
    ///
    /// # Errors
    /// A database or configuration error.
    pub async fn has_perm(&self, perm: &str) -> Result<bool> {
        let Some(user) = self.as_user() else { return Ok(false) };
        if user.is_active && user.is_superuser {
            return Ok(true);
        }
        for (_, backend) in get_backends()? {
            if backend.has_perm(user, perm).await? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `has_perms([...])`: every one of `perms`.
    ///
    /// # Errors
    /// As [`RequestUser::has_perm`].
    pub async fn has_perms<S: AsRef<str>>(&self, perms: &[S]) -> Result<bool> {
        for perm in perms {
            if !self.has_perm(perm.as_ref()).await? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `has_module_perms("polls")`: any permission in the app.
    ///
    /// # Errors
    /// As [`RequestUser::has_perm`].
    pub async fn has_module_perms(&self, app_label: &str) -> Result<bool> {
        let Some(user) = self.as_user() else { return Ok(false) };
        if user.is_active && user.is_superuser {
            return Ok(true);
        }
        for (_, backend) in get_backends()? {
            if backend.has_module_perms(user, app_label).await? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

impl From<User> for RequestUser {
    fn from(user: User) -> Self {
        RequestUser::User(user)
    }
}

/// The lazily loaded `request.user` put in the request by
/// [`AuthenticationMiddleware`]; loaded on first use.
#[derive(Clone, Default)]
pub struct LazyUser(Arc<Mutex<Option<RequestUser>>>);

pub(crate) fn set_request_user(request: &Request, user: RequestUser) {
    if let Some(lazy) = request.extensions().get::<LazyUser>() {
        *lazy.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(user);
    }
}

/// `request.user`, for requests that went through [`AuthenticationMiddleware`].
pub trait RequestUserExt {
    /// The user (loaded from the session on first call, then cached for
    /// the request).
    ///
    /// # Errors
    /// A 500 error when `AuthenticationMiddleware` is not installed, or a
    /// database error.
    fn user(&self) -> BoxFuture<'_, Result<RequestUser>>;
}

impl RequestUserExt for Request {
    fn user(&self) -> BoxFuture<'_, Result<RequestUser>> {
        Box::pin(async move {
            let lazy = self.extensions().get::<LazyUser>().cloned().ok_or_else(|| {
                Error::msg(
                    "request.user is not available: add \"nuages.contrib.auth.middleware.AuthenticationMiddleware\" \
                     to MIDDLEWARE after SessionMiddleware",
                )
            })?;
            if let Some(user) = lazy.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone() {
                return Ok(user);
            }
            let user = super::get_user(self).await?;
            *lazy.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(user.clone());
            Ok(user)
        })
    }
}

/// Django's `AuthenticationMiddleware`: gives every request a lazy
/// `request.user` ([`RequestUserExt::user`]). Needs `SessionMiddleware`
/// before it in MIDDLEWARE.
#[derive(Debug, Default)]
pub struct AuthenticationMiddleware;

impl AuthenticationMiddleware {
    /// Checked against MIDDLEWARE as Django's `process_request` assertion.
    ///
    /// # Errors
    /// [`ImproperlyConfigured`] when SessionMiddleware is not listed before it.
    pub fn new(settings: &Settings) -> std::result::Result<Self, ImproperlyConfigured> {
        let position = |suffix: &str| settings.MIDDLEWARE.iter().position(|m| m.ends_with(suffix));
        match (
            position("contrib.sessions.middleware.SessionMiddleware"),
            position("contrib.auth.middleware.AuthenticationMiddleware"),
        ) {
            (Some(s), Some(a)) if s < a => Ok(AuthenticationMiddleware),
            (_, None) => Ok(AuthenticationMiddleware),
            _ => Err(ImproperlyConfigured::new(
                "The Django authentication middleware requires session middleware to be installed. Edit your \
                 MIDDLEWARE setting to insert 'nuages.contrib.sessions.middleware.SessionMiddleware' before \
                 'nuages.contrib.auth.middleware.AuthenticationMiddleware'.",
            )),
        }
    }
}

impl Middleware for AuthenticationMiddleware {
    fn call<'a>(&'a self, mut request: Request, next: Next) -> BoxFuture<'a, Result<Response>> {
        Box::pin(async move {
            request.extensions_mut().insert(LazyUser::default());
            Ok(next.run(request).await)
        })
    }
}
