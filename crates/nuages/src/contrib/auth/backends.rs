//! Authentication backends: Django's `contrib/auth/backends.py`.
//!
//! `AUTHENTICATION_BACKENDS` names them in order; [`ModelBackend`] (users
//! and permissions in the database) is registered under
//! `django.contrib.auth.backends.ModelBackend` and the `nuages.` spelling,
//! and `AllowAllUsersModelBackend` lets inactive users log in.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, OnceLock, RwLock};

use super::models::User;
use crate::conf::ImproperlyConfigured;
use crate::db::{Model, Value};
use crate::error::Result;
use crate::handler::BoxFuture;

/// A set of `"app_label.codename"` permission names.
pub type PermissionSet = BTreeSet<String>;

/// An authentication backend (Django's `BaseBackend`).
pub trait AuthenticationBackend: Send + Sync + 'static {
    /// The user with these credentials, or `None`.
    fn authenticate<'a>(&'a self, username: &'a str, password: &'a str) -> BoxFuture<'a, Result<Option<User>>>;

    /// The user whose id the session holds, or `None`.
    fn get_user(&self, user_id: i64) -> BoxFuture<'_, Result<Option<User>>>;

    /// Permissions given to the user directly.
    fn get_user_permissions<'a>(&'a self, _user: &'a User) -> BoxFuture<'a, Result<PermissionSet>> {
        Box::pin(async { Ok(PermissionSet::new()) })
    }

    /// Permissions the user has through groups.
    fn get_group_permissions<'a>(&'a self, _user: &'a User) -> BoxFuture<'a, Result<PermissionSet>> {
        Box::pin(async { Ok(PermissionSet::new()) })
    }

    /// Both.
    fn get_all_permissions<'a>(&'a self, user: &'a User) -> BoxFuture<'a, Result<PermissionSet>> {
        Box::pin(async move {
            let mut all = self.get_user_permissions(user).await?;
            all.extend(self.get_group_permissions(user).await?);
            Ok(all)
        })
    }

    /// Whether the user has `perm` (`"polls.add_question"`).
    fn has_perm<'a>(&'a self, user: &'a User, perm: &'a str) -> BoxFuture<'a, Result<bool>> {
        Box::pin(async move { Ok(user.is_active && self.get_all_permissions(user).await?.contains(perm)) })
    }

    /// Whether the user has any permission in app `app_label`.
    fn has_module_perms<'a>(&'a self, user: &'a User, app_label: &'a str) -> BoxFuture<'a, Result<bool>> {
        Box::pin(async move {
            let prefix = format!("{app_label}.");
            Ok(user.is_active
                && self
                    .get_all_permissions(user)
                    .await?
                    .iter()
                    .any(|p| p.starts_with(&prefix)))
        })
    }
}

/// Django's `ModelBackend`: usernames and hashed passwords in `auth_user`,
/// permissions from `auth_user_user_permissions` and groups.
#[derive(Debug, Clone, Default)]
pub struct ModelBackend {
    allow_inactive: bool,
}

impl ModelBackend {
    /// Django's `AllowAllUsersModelBackend`: inactive users authenticate too.
    pub fn allow_all_users() -> Self {
        ModelBackend { allow_inactive: true }
    }

    /// Django's `user_can_authenticate`: active users only.
    fn user_can_authenticate(&self, user: &User) -> bool {
        self.allow_inactive || user.is_active
    }

    async fn permissions(&self, user: &User, via_groups: bool) -> Result<PermissionSet> {
        if !user.is_active || user.id == 0 {
            return Ok(PermissionSet::new());
        }
        let db = crate::db::connections::get(crate::db::connections::DEFAULT_DB_ALIAS)?;
        let base = "SELECT ct.app_label, p.codename FROM auth_permission p \
                    INNER JOIN django_content_type ct ON ct.id = p.content_type_id";
        let (sql, params) = if user.is_superuser {
            (base.to_owned(), Vec::new())
        } else if via_groups {
            (
                format!(
                    "{base} INNER JOIN auth_group_permissions gp ON gp.permission_id = p.id \
                     INNER JOIN auth_user_groups ug ON ug.group_id = gp.group_id WHERE ug.user_id = {}",
                    db.vendor().placeholder(1)
                ),
                vec![Value::Int(user.id)],
            )
        } else {
            (
                format!(
                    "{base} INNER JOIN auth_user_user_permissions up ON up.permission_id = p.id WHERE up.user_id = {}",
                    db.vendor().placeholder(1)
                ),
                vec![Value::Int(user.id)],
            )
        };
        let rows = db.fetch_all(&sql, &params).await?;
        Ok(rows
            .iter()
            .filter_map(|row| match (row.first(), row.get(1)) {
                (Some(Value::Text(app)), Some(Value::Text(code))) => Some(format!("{app}.{code}")),
                _ => None,
            })
            .collect())
    }
}

impl AuthenticationBackend for ModelBackend {
    fn authenticate<'a>(&'a self, username: &'a str, password: &'a str) -> BoxFuture<'a, Result<Option<User>>> {
        Box::pin(async move {
            let found = User::objects().filter(User::USERNAME.eq(username)).first().await?;
            match found {
                Some(mut user) => {
                    if user.check_password(password).await? && self.user_can_authenticate(&user) {
                        Ok(Some(user))
                    } else {
                        Ok(None)
                    }
                }
                None => {
                    // Run the default hasher once so a missing user takes as
                    // long as a wrong password (Django's timing defence).
                    let _ = super::hashers::make_password(Some(password));
                    Ok(None)
                }
            }
        })
    }

    fn get_user(&self, user_id: i64) -> BoxFuture<'_, Result<Option<User>>> {
        Box::pin(async move {
            let user = User::objects().filter(User::ID.eq(user_id)).first().await?;
            Ok(user.filter(|u| self.user_can_authenticate(u)))
        })
    }

    fn get_user_permissions<'a>(&'a self, user: &'a User) -> BoxFuture<'a, Result<PermissionSet>> {
        Box::pin(self.permissions(user, false))
    }

    fn get_group_permissions<'a>(&'a self, user: &'a User) -> BoxFuture<'a, Result<PermissionSet>> {
        Box::pin(self.permissions(user, true))
    }
}

/// A configured backend with its AUTHENTICATION_BACKENDS name.
pub type NamedBackend = (String, Arc<dyn AuthenticationBackend>);

/// Builds a backend (registered under its AUTHENTICATION_BACKENDS name).
pub type BackendFactory = fn() -> Arc<dyn AuthenticationBackend>;

fn registry() -> &'static RwLock<HashMap<String, BackendFactory>> {
    static REGISTRY: OnceLock<RwLock<HashMap<String, BackendFactory>>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let mut map: HashMap<String, BackendFactory> = HashMap::new();
        for prefix in ["django", "nuages"] {
            map.insert(format!("{prefix}.contrib.auth.backends.ModelBackend"), || {
                Arc::new(ModelBackend::default())
            });
            map.insert(
                format!("{prefix}.contrib.auth.backends.AllowAllUsersModelBackend"),
                || Arc::new(ModelBackend::allow_all_users()),
            );
        }
        RwLock::new(map)
    })
}

/// Register a backend under the name AUTHENTICATION_BACKENDS uses for it.
pub fn register_backend(name: &str, factory: BackendFactory) {
    registry()
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(name.to_owned(), factory);
}

/// The backend registered as `name`.
///
/// # Errors
/// [`ImproperlyConfigured`] for an unknown name.
pub fn load_backend(name: &str) -> std::result::Result<Arc<dyn AuthenticationBackend>, ImproperlyConfigured> {
    let factory = registry()
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(name)
        .copied();
    factory.map(|f| f()).ok_or_else(|| {
        ImproperlyConfigured::new(format!(
            "AUTHENTICATION_BACKENDS names '{name}', which is not registered \
             (register it with nuages::contrib::auth::backends::register_backend)"
        ))
    })
}

/// `AUTHENTICATION_BACKENDS`, in order, with their names (Django's
/// `_get_backends(return_tuples=True)`).
///
/// # Errors
/// As [`load_backend`]; also when the list is empty.
pub fn get_backends() -> std::result::Result<Vec<NamedBackend>, ImproperlyConfigured> {
    let settings = crate::conf::settings();
    if settings.AUTHENTICATION_BACKENDS.is_empty() {
        return Err(ImproperlyConfigured::new(
            "No authentication backends have been defined. Does AUTHENTICATION_BACKENDS contain anything?",
        ));
    }
    settings
        .AUTHENTICATION_BACKENDS
        .iter()
        .map(|name| Ok((name.clone(), load_backend(name)?)))
        .collect()
}
