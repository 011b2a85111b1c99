//! The auth models: Django's `contrib/auth/models.py`, on Django's tables
//! (`auth_user`, `auth_group`, `auth_permission` and the join tables
//! `auth_user_groups`, `auth_user_user_permissions`, `auth_group_permissions`).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::hashers;
use crate::contrib::contenttypes::ContentType;
use crate::core::signing::{Algorithm, salted_hmac};
use crate::db::prelude::*;

/// A permission: `codename` on a content type (`auth_permission`);
/// `"polls.add_question"` in `has_perm`.
#[derive(Model, Debug, Clone, Serialize)]
#[model(app_label = "auth", verbose_name = "permission", verbose_name_plural = "permissions")]
pub struct Permission {
    /// Primary key.
    pub id: i64,
    /// Human-readable name, e.g. `Can add question`.
    #[field(max_length = 255, verbose_name = "name")]
    pub name: String,
    /// The model the permission is about.
    #[field(on_delete = Cascade, verbose_name = "content type")]
    pub content_type: ForeignKey<ContentType>,
    /// The code, e.g. `add_question`.
    #[field(max_length = 100, verbose_name = "codename")]
    pub codename: String,
}

/// A group of users sharing permissions (`auth_group`).
#[derive(Model, Debug, Clone, Serialize)]
#[model(app_label = "auth", verbose_name = "group", verbose_name_plural = "groups")]
pub struct Group {
    /// Primary key.
    pub id: i64,
    /// Unique name.
    #[field(max_length = 150, unique, verbose_name = "name")]
    pub name: String,
}

/// `Group.permissions` (the `auth_group_permissions` join table).
#[derive(Model, Debug, Clone, Serialize)]
#[model(app_label = "auth", db_table = "auth_group_permissions")]
pub struct GroupPermissions {
    /// Primary key.
    pub id: i64,
    /// The group.
    #[field(on_delete = Cascade)]
    pub group: ForeignKey<Group>,
    /// The permission.
    #[field(on_delete = Cascade)]
    pub permission: ForeignKey<Permission>,
}

/// Django's default user (`auth_user`): username, password hash, names,
/// email and the `is_active` / `is_staff` / `is_superuser` flags.
///
/// ```
/// use nuages::contrib::auth::models::User;
/// let user = User::new("alice", "alice@example.com");
/// assert!(!user.has_usable_password());
/// assert!(user.is_active);
/// assert_eq!(user.get_username(), "alice");
/// ```
#[derive(Model, Debug, Clone, Serialize)]
#[model(app_label = "auth", verbose_name = "user", verbose_name_plural = "users")]
pub struct User {
    /// Primary key.
    pub id: i64,
    /// The password hash in Django's format (`pbkdf2_sha256$...`).
    #[serde(skip)]
    #[field(max_length = 128, verbose_name = "password")]
    pub password: String,
    /// When the user last logged in.
    #[field(null, blank, verbose_name = "last login")]
    pub last_login: Option<DateTime<Utc>>,
    /// Has every permission without explicitly assigning them.
    #[field(default = false, verbose_name = "superuser status")]
    pub is_superuser: bool,
    /// Unique login name (150 characters or fewer).
    #[field(max_length = 150, unique, verbose_name = "username")]
    pub username: String,
    /// First name.
    #[field(max_length = 150, blank, verbose_name = "first name")]
    pub first_name: String,
    /// Last name.
    #[field(max_length = 150, blank, verbose_name = "last name")]
    pub last_name: String,
    /// Email address.
    #[field(max_length = 254, blank, verbose_name = "email address")]
    pub email: String,
    /// Can log into the admin site.
    #[field(default = false, verbose_name = "staff status")]
    pub is_staff: bool,
    /// Inactive users cannot log in (deactivate instead of deleting).
    #[field(default = true, verbose_name = "active")]
    pub is_active: bool,
    /// When the account was created.
    #[field(verbose_name = "date joined")]
    pub date_joined: DateTime<Utc>,
}

/// `User.groups` (the `auth_user_groups` join table).
#[derive(Model, Debug, Clone, Serialize)]
#[model(app_label = "auth", db_table = "auth_user_groups")]
pub struct UserGroups {
    /// Primary key.
    pub id: i64,
    /// The user.
    #[field(on_delete = Cascade)]
    pub user: ForeignKey<User>,
    /// The group.
    #[field(on_delete = Cascade)]
    pub group: ForeignKey<Group>,
}

/// `User.user_permissions` (the `auth_user_user_permissions` join table).
#[derive(Model, Debug, Clone, Serialize)]
#[model(app_label = "auth", db_table = "auth_user_user_permissions")]
pub struct UserUserPermissions {
    /// Primary key.
    pub id: i64,
    /// The user.
    #[field(on_delete = Cascade)]
    pub user: ForeignKey<User>,
    /// The permission.
    #[field(on_delete = Cascade)]
    pub permission: ForeignKey<Permission>,
}

/// Salt of [`User::get_session_auth_hash`] (Django's).
const SESSION_AUTH_HASH_SALT: &str = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash";

impl User {
    /// An unsaved active user with an unusable password, joined now.
    pub fn new(username: &str, email: &str) -> User {
        User {
            id: 0,
            password: hashers::make_unusable_password(),
            last_login: None,
            is_superuser: false,
            username: username.to_owned(),
            first_name: String::new(),
            last_name: String::new(),
            email: normalize_email(email),
            is_staff: false,
            is_active: true,
            date_joined: Utc::now(),
        }
    }

    /// `get_username()`.
    pub fn get_username(&self) -> &str {
        &self.username
    }

    /// `get_full_name()`: first and last name, space-separated, trimmed.
    pub fn get_full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_owned()
    }

    /// `get_short_name()`: the first name.
    pub fn get_short_name(&self) -> &str {
        &self.first_name
    }

    /// `set_password(raw)`: hash with the preferred hasher; `None` sets an
    /// unusable password. Not saved.
    ///
    /// # Errors
    /// When `PASSWORD_HASHERS` is misconfigured.
    pub fn set_password(&mut self, raw: Option<&str>) -> crate::Result<()> {
        self.password = hashers::make_password(raw).map_err(|e| crate::Error::msg(e.to_string()))?;
        Ok(())
    }

    /// `set_unusable_password()`.
    pub fn set_unusable_password(&mut self) {
        self.password = hashers::make_unusable_password();
    }

    /// `has_usable_password()`.
    pub fn has_usable_password(&self) -> bool {
        hashers::is_password_usable(&self.password)
    }

    /// Django's `check_password(raw)`: whether `raw` matches; when it does
    /// and the hash is outdated (another preferred hasher or more
    /// iterations), the password is re-hashed and the row updated.
    ///
    /// # Errors
    /// A database error while saving the upgraded hash.
    pub async fn check_password(&mut self, raw: &str) -> crate::Result<bool> {
        let verified = match hashers::verify_password(raw, &self.password) {
            Ok(v) => v,
            Err(_) => return Ok(false),
        };
        if verified.is_correct && verified.must_update && self.id != 0 {
            self.set_password(Some(raw))?;
            User::objects()
                .filter(User::ID.eq(self.id))
                .update([(User::PASSWORD, Value::Text(self.password.clone()))])
                .await?;
        }
        Ok(verified.is_correct)
    }

    /// Django's `get_session_auth_hash()`: an HMAC of the password hash,
    /// kept in the session as `_auth_user_hash` so that changing the
    /// password logs out the other sessions.
    pub fn get_session_auth_hash(&self) -> String {
        let secret = crate::conf::settings().SECRET_KEY.clone();
        self.session_auth_hash_with(&secret)
    }

    /// The session auth hash under one secret (`SECRET_KEY` or a fallback).
    pub fn session_auth_hash_with(&self, secret: &str) -> String {
        let mac = salted_hmac(
            SESSION_AUTH_HASH_SALT,
            self.password.as_bytes(),
            secret.as_bytes(),
            Algorithm::Sha256,
        );
        mac.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl std::fmt::Display for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.username)
    }
}

impl std::fmt::Display for Group {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

/// Django's `BaseUserManager.normalize_email`: the domain part lowercased.
pub fn normalize_email(email: &str) -> String {
    match email.trim().rsplit_once('@') {
        Some((local, domain)) => format!("{local}@{}", domain.to_lowercase()),
        None => email.trim().to_owned(),
    }
}
