//! The typed [`Settings`] with Django's defaults.
//!
//! Mirrors `django/conf/global_settings.py`: every field is named exactly as
//! the Django setting, and `Settings::default()` holds Django 5.2's global
//! default for it. A `settings.toml` only lists what it changes.

#![allow(non_snake_case)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// One entry of `DATABASES` (Django's per-alias database dictionary).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseSettings {
    /// Backend, e.g. `nuages.db.backends.sqlite3` (the `django.` spelling is accepted too).
    pub ENGINE: String,
    /// Database name; for SQLite the file path (or `:memory:`).
    pub NAME: String,
    /// User name (client/server databases).
    pub USER: String,
    /// Password (client/server databases).
    pub PASSWORD: String,
    /// Host name or socket path; empty means the driver's default.
    pub HOST: String,
    /// Port as a string, as in Django; empty means the driver's default.
    pub PORT: String,
    /// Run each view in a transaction.
    pub ATOMIC_REQUESTS: bool,
    /// Commit after each query outside `atomic` blocks.
    pub AUTOCOMMIT: bool,
    /// Seconds a connection is kept (0: closed after each request).
    pub CONN_MAX_AGE: u64,
    /// Time zone of the database when it does not support time zones.
    pub TIME_ZONE: Option<String>,
    /// Backend-specific options.
    pub OPTIONS: toml::Table,
    /// Settings for the test database (`NAME`, ...).
    pub TEST: toml::Table,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        DatabaseSettings {
            ENGINE: String::new(),
            NAME: String::new(),
            USER: String::new(),
            PASSWORD: String::new(),
            HOST: String::new(),
            PORT: String::new(),
            ATOMIC_REQUESTS: false,
            AUTOCOMMIT: true,
            CONN_MAX_AGE: 0,
            TIME_ZONE: None,
            OPTIONS: toml::Table::new(),
            TEST: toml::Table::new(),
        }
    }
}

/// One entry of `TEMPLATES`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TemplateSettings {
    /// Engine, e.g. `nuages.template.backends.django.DjangoTemplates`.
    pub BACKEND: String,
    /// Folders searched first, in order.
    pub DIRS: Vec<PathBuf>,
    /// Search each installed app's `templates/` folder.
    pub APP_DIRS: bool,
    /// Engine options (`context_processors`, `debug`, `string_if_invalid`, ...).
    pub OPTIONS: toml::Table,
}

impl Default for TemplateSettings {
    fn default() -> Self {
        TemplateSettings {
            BACKEND: "nuages.template.backends.django.DjangoTemplates".into(),
            DIRS: Vec::new(),
            APP_DIRS: false,
            OPTIONS: toml::Table::new(),
        }
    }
}

/// One entry of `STORAGES`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StorageSettings {
    /// Backend, e.g. `django.core.files.storage.FileSystemStorage` or
    /// `django.contrib.staticfiles.storage.ManifestStaticFilesStorage`
    /// (the `nuages.` spelling is accepted too).
    pub BACKEND: String,
    /// Backend options (`location`, `base_url`, ...).
    pub OPTIONS: toml::Table,
}

impl StorageSettings {
    /// A backend with no options.
    pub fn new(backend: &str) -> Self {
        StorageSettings {
            BACKEND: backend.to_owned(),
            OPTIONS: toml::Table::new(),
        }
    }
}

impl Default for StorageSettings {
    fn default() -> Self {
        StorageSettings::new("django.core.files.storage.FileSystemStorage")
    }
}

/// One entry of `CACHES`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CacheSettings {
    /// Backend, e.g. `nuages.core.cache.backends.locmem.LocMemCache`.
    pub BACKEND: String,
    /// Backend-specific location (URL, path, name).
    pub LOCATION: String,
    /// Default timeout in seconds; `None` caches forever.
    pub TIMEOUT: Option<u64>,
    /// Prefix added to every key.
    pub KEY_PREFIX: String,
    /// Default key version.
    pub VERSION: i64,
    /// Backend-specific options.
    pub OPTIONS: toml::Table,
}

impl Default for CacheSettings {
    fn default() -> Self {
        CacheSettings {
            BACKEND: "django.core.cache.backends.locmem.LocMemCache".into(),
            LOCATION: String::new(),
            TIMEOUT: Some(300),
            KEY_PREFIX: String::new(),
            VERSION: 1,
            OPTIONS: toml::Table::new(),
        }
    }
}

/// The project's settings, one field per Django setting.
///
/// Built by [`Settings::load`](crate::conf::Settings::load) from
/// `settings.toml` and `NUAGES_<KEY>` environment variables; read anywhere
/// through [`conf::settings()`](crate::conf::settings).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Folder of the project (the settings file's folder); relative paths
    /// in other settings are the user's business, as in Django.
    pub BASE_DIR: PathBuf,

    // Core.
    /// Debug mode: technical error pages, relaxed `ALLOWED_HOSTS`.
    pub DEBUG: bool,
    /// The secret used for signing (sessions, CSRF, password reset tokens).
    pub SECRET_KEY: String,
    /// Older secrets still accepted when checking signatures.
    pub SECRET_KEY_FALLBACKS: Vec<String>,
    /// Host names this site serves (`.example.com` matches subdomains, `*` all).
    pub ALLOWED_HOSTS: Vec<String>,
    /// IP addresses allowed to see debug information.
    pub INTERNAL_IPS: Vec<String>,
    /// `(name, email)` of the people who get error reports.
    pub ADMINS: Vec<(String, String)>,
    /// `(name, email)` of the people who get broken-link reports.
    pub MANAGERS: Vec<(String, String)>,
    /// Apps enabled, in order (app labels or dotted names).
    pub INSTALLED_APPS: Vec<String>,
    /// Middleware names, outermost first.
    pub MIDDLEWARE: Vec<String>,
    /// Name of the root URLconf (informative in Nuages: shown on the DEBUG 404 page).
    pub ROOT_URLCONF: String,
    /// Template engines.
    pub TEMPLATES: Vec<TemplateSettings>,
    /// Databases by alias (`default` first in use).
    pub DATABASES: BTreeMap<String, DatabaseSettings>,
    /// Database router names.
    pub DATABASE_ROUTERS: Vec<String>,
    /// Primary key type for models that do not declare one.
    pub DEFAULT_AUTO_FIELD: String,
    /// Caches by alias.
    pub CACHES: BTreeMap<String, CacheSettings>,
    /// System checks to silence (`"security.W004"`).
    pub SILENCED_SYSTEM_CHECKS: Vec<String>,
    /// Extra folders searched for fixtures.
    pub FIXTURE_DIRS: Vec<PathBuf>,

    // Internationalization and formats.
    /// Time zone used to display datetimes.
    pub TIME_ZONE: String,
    /// Store datetimes aware, in UTC.
    pub USE_TZ: bool,
    /// Default language.
    pub LANGUAGE_CODE: String,
    /// Enable translation.
    pub USE_I18N: bool,
    /// Default charset of responses.
    pub DEFAULT_CHARSET: String,
    /// Default date format (`date` filter syntax).
    pub DATE_FORMAT: String,
    /// Default datetime format.
    pub DATETIME_FORMAT: String,
    /// Default time format.
    pub TIME_FORMAT: String,
    /// Default year-month format.
    pub YEAR_MONTH_FORMAT: String,
    /// Default month-day format.
    pub MONTH_DAY_FORMAT: String,
    /// Short date format.
    pub SHORT_DATE_FORMAT: String,
    /// Short datetime format.
    pub SHORT_DATETIME_FORMAT: String,
    /// First day of the week (0 = Sunday).
    pub FIRST_DAY_OF_WEEK: u8,
    /// Decimal separator.
    pub DECIMAL_SEPARATOR: String,
    /// Use the thousand separator when formatting numbers.
    pub USE_THOUSAND_SEPARATOR: bool,
    /// Digits per group when `USE_THOUSAND_SEPARATOR` is on.
    pub NUMBER_GROUPING: u32,
    /// Thousand separator.
    pub THOUSAND_SEPARATOR: String,

    // Static and media files.
    /// URL prefix of static files (`/static/`).
    pub STATIC_URL: Option<String>,
    /// Folder `collectstatic` copies to.
    pub STATIC_ROOT: Option<PathBuf>,
    /// Extra folders of static files.
    pub STATICFILES_DIRS: Vec<PathBuf>,
    /// Static files finders.
    pub STATICFILES_FINDERS: Vec<String>,
    /// URL prefix of uploaded files.
    pub MEDIA_URL: String,
    /// Folder of uploaded files.
    pub MEDIA_ROOT: String,

    // Requests.
    /// Redirect `/foo` to `/foo/` when only the latter resolves.
    pub APPEND_SLASH: bool,
    /// Redirect `example.com` to `www.example.com`.
    pub PREPEND_WWW: bool,
    /// Regular expressions of User-Agent strings refused with 403.
    pub DISALLOWED_USER_AGENTS: Vec<String>,
    /// Largest request body read into memory, in bytes (`None`: no limit).
    pub DATA_UPLOAD_MAX_MEMORY_SIZE: Option<u64>,
    /// Most form fields accepted in one request (`None`: no limit).
    pub DATA_UPLOAD_MAX_NUMBER_FIELDS: Option<u64>,
    /// Most uploaded files accepted in one request (`None`: no limit).
    pub DATA_UPLOAD_MAX_NUMBER_FILES: Option<u64>,
    /// Uploads larger than this go to a temporary file.
    pub FILE_UPLOAD_MAX_MEMORY_SIZE: u64,
    /// Folder for temporary upload files.
    pub FILE_UPLOAD_TEMP_DIR: Option<PathBuf>,
    /// Unix mode of saved uploads (Django's default `0o644`; `None`: the umask).
    pub FILE_UPLOAD_PERMISSIONS: Option<u32>,
    /// Unix mode of folders created for uploads (`None`: the umask).
    pub FILE_UPLOAD_DIRECTORY_PERMISSIONS: Option<u32>,
    /// Storage backends by alias (`default` for uploads, `staticfiles` for
    /// `collectstatic`), each a table with `BACKEND` and `OPTIONS`.
    pub STORAGES: BTreeMap<String, StorageSettings>,
    /// Trust `X-Forwarded-Host`.
    pub USE_X_FORWARDED_HOST: bool,
    /// Trust `X-Forwarded-Port`.
    pub USE_X_FORWARDED_PORT: bool,
    /// `(header, value)` meaning the request came over HTTPS through a proxy,
    /// e.g. `["X-Forwarded-Proto", "https"]`.
    pub SECURE_PROXY_SSL_HEADER: Option<(String, String)>,

    // Security middleware.
    /// Send `X-Content-Type-Options: nosniff`.
    pub SECURE_CONTENT_TYPE_NOSNIFF: bool,
    /// `Cross-Origin-Opener-Policy` value.
    pub SECURE_CROSS_ORIGIN_OPENER_POLICY: Option<String>,
    /// Add `includeSubDomains` to HSTS.
    pub SECURE_HSTS_INCLUDE_SUBDOMAINS: bool,
    /// Add `preload` to HSTS.
    pub SECURE_HSTS_PRELOAD: bool,
    /// HSTS `max-age`; 0 disables the header.
    pub SECURE_HSTS_SECONDS: u64,
    /// Path regexes not redirected to HTTPS.
    pub SECURE_REDIRECT_EXEMPT: Vec<String>,
    /// `Referrer-Policy` value (comma-separated list allowed).
    pub SECURE_REFERRER_POLICY: Option<String>,
    /// Host to redirect to for HTTPS; `None` keeps the request's host.
    pub SECURE_SSL_HOST: Option<String>,
    /// Redirect every plain-HTTP request to HTTPS.
    pub SECURE_SSL_REDIRECT: bool,
    /// `X-Frame-Options` value (`DENY` or `SAMEORIGIN`).
    pub X_FRAME_OPTIONS: String,

    // CSRF.
    /// Age of the CSRF cookie in seconds (`None`: session cookie).
    pub CSRF_COOKIE_AGE: Option<i64>,
    /// Domain of the CSRF cookie.
    pub CSRF_COOKIE_DOMAIN: Option<String>,
    /// Mark the CSRF cookie HttpOnly.
    pub CSRF_COOKIE_HTTPONLY: bool,
    /// Name of the CSRF cookie.
    pub CSRF_COOKIE_NAME: String,
    /// Path of the CSRF cookie.
    pub CSRF_COOKIE_PATH: String,
    /// SameSite of the CSRF cookie (`Lax`, `Strict`, `None`).
    pub CSRF_COOKIE_SAMESITE: Option<String>,
    /// Mark the CSRF cookie Secure.
    pub CSRF_COOKIE_SECURE: bool,
    /// Name of the CSRF failure view.
    pub CSRF_FAILURE_VIEW: String,
    /// Request header holding the token, in WSGI form (`HTTP_X_CSRFTOKEN`).
    pub CSRF_HEADER_NAME: String,
    /// Origins trusted for unsafe requests (`https://*.example.com`).
    pub CSRF_TRUSTED_ORIGINS: Vec<String>,
    /// Keep the CSRF secret in the session instead of a cookie.
    pub CSRF_USE_SESSIONS: bool,

    // Sessions.
    /// Session cache alias (cache backends).
    pub SESSION_CACHE_ALIAS: String,
    /// Age of the session cookie in seconds.
    pub SESSION_COOKIE_AGE: i64,
    /// Domain of the session cookie.
    pub SESSION_COOKIE_DOMAIN: Option<String>,
    /// Mark the session cookie HttpOnly.
    pub SESSION_COOKIE_HTTPONLY: bool,
    /// Name of the session cookie.
    pub SESSION_COOKIE_NAME: String,
    /// Path of the session cookie.
    pub SESSION_COOKIE_PATH: String,
    /// SameSite of the session cookie.
    pub SESSION_COOKIE_SAMESITE: Option<String>,
    /// Mark the session cookie Secure.
    pub SESSION_COOKIE_SECURE: bool,
    /// Session backend (`...sessions.backends.signed_cookies`, `.db`, `.cache`, ...).
    pub SESSION_ENGINE: String,
    /// Expire the session when the browser closes.
    pub SESSION_EXPIRE_AT_BROWSER_CLOSE: bool,
    /// Folder of the file backend.
    pub SESSION_FILE_PATH: Option<PathBuf>,
    /// Save the session on every request.
    pub SESSION_SAVE_EVERY_REQUEST: bool,
    /// Session serializer (only JSON exists).
    pub SESSION_SERIALIZER: String,

    // Signing.
    /// Signer class used by signed cookies.
    pub SIGNING_BACKEND: String,
    /// Accept signed cookies signed with the pre-Django-5.1 salt.
    pub SIGNED_COOKIE_LEGACY_SALT_FALLBACK: bool,

    // Auth.
    /// The user model (`app_label.ModelName`).
    pub AUTH_USER_MODEL: String,
    /// Authentication backends, in order.
    pub AUTHENTICATION_BACKENDS: Vec<String>,
    /// URL of the login page.
    pub LOGIN_URL: String,
    /// Where to go after login.
    pub LOGIN_REDIRECT_URL: String,
    /// Where to go after logout (`None`: show the logout page).
    pub LOGOUT_REDIRECT_URL: Option<String>,
    /// Seconds a password reset link stays valid.
    pub PASSWORD_RESET_TIMEOUT: u64,
    /// Password hashers; the first one hashes new passwords.
    pub PASSWORD_HASHERS: Vec<String>,
    /// Password validators (`NAME` plus `OPTIONS` tables).
    pub AUTH_PASSWORD_VALIDATORS: Vec<toml::Table>,

    // Messages.
    /// Message storage backend.
    pub MESSAGE_STORAGE: String,
    /// Minimum level of messages recorded (default INFO = 20).
    pub MESSAGE_LEVEL: i64,
    /// Tag overrides per level, keys are levels as strings (`"40" = "danger"`).
    pub MESSAGE_TAGS: BTreeMap<String, String>,

    // Email.
    /// Email backend.
    pub EMAIL_BACKEND: String,
    /// SMTP host.
    pub EMAIL_HOST: String,
    /// SMTP port.
    pub EMAIL_PORT: u16,
    /// SMTP user.
    pub EMAIL_HOST_USER: String,
    /// SMTP password.
    pub EMAIL_HOST_PASSWORD: String,
    /// Use STARTTLS.
    pub EMAIL_USE_TLS: bool,
    /// Use implicit TLS.
    pub EMAIL_USE_SSL: bool,
    /// SMTP timeout in seconds.
    pub EMAIL_TIMEOUT: Option<u64>,
    /// Folder of the file email backend.
    pub EMAIL_FILE_PATH: Option<PathBuf>,
    /// Subject prefix of mails to ADMINS/MANAGERS.
    pub EMAIL_SUBJECT_PREFIX: String,
    /// Default sender.
    pub DEFAULT_FROM_EMAIL: String,
    /// Sender of error mails.
    pub SERVER_EMAIL: String,
}

fn s(value: &str) -> String {
    value.to_owned()
}

impl Default for Settings {
    fn default() -> Self {
        let mut caches = BTreeMap::new();
        caches.insert(s("default"), CacheSettings::default());
        Settings {
            BASE_DIR: PathBuf::from("."),
            DEBUG: false,
            SECRET_KEY: String::new(),
            SECRET_KEY_FALLBACKS: Vec::new(),
            ALLOWED_HOSTS: Vec::new(),
            INTERNAL_IPS: Vec::new(),
            ADMINS: Vec::new(),
            MANAGERS: Vec::new(),
            INSTALLED_APPS: Vec::new(),
            MIDDLEWARE: Vec::new(),
            ROOT_URLCONF: String::new(),
            TEMPLATES: Vec::new(),
            DATABASES: BTreeMap::new(),
            DATABASE_ROUTERS: Vec::new(),
            DEFAULT_AUTO_FIELD: s("django.db.models.AutoField"),
            CACHES: caches,
            SILENCED_SYSTEM_CHECKS: Vec::new(),
            FIXTURE_DIRS: Vec::new(),
            TIME_ZONE: s("America/Chicago"),
            USE_TZ: true,
            LANGUAGE_CODE: s("en-us"),
            USE_I18N: true,
            DEFAULT_CHARSET: s("utf-8"),
            DATE_FORMAT: s("N j, Y"),
            DATETIME_FORMAT: s("N j, Y, P"),
            TIME_FORMAT: s("P"),
            YEAR_MONTH_FORMAT: s("F Y"),
            MONTH_DAY_FORMAT: s("F j"),
            SHORT_DATE_FORMAT: s("m/d/Y"),
            SHORT_DATETIME_FORMAT: s("m/d/Y P"),
            FIRST_DAY_OF_WEEK: 0,
            DECIMAL_SEPARATOR: s("."),
            USE_THOUSAND_SEPARATOR: false,
            NUMBER_GROUPING: 0,
            THOUSAND_SEPARATOR: s(","),
            STATIC_URL: None,
            STATIC_ROOT: None,
            STATICFILES_DIRS: Vec::new(),
            STATICFILES_FINDERS: vec![
                s("django.contrib.staticfiles.finders.FileSystemFinder"),
                s("django.contrib.staticfiles.finders.AppDirectoriesFinder"),
            ],
            MEDIA_URL: String::new(),
            MEDIA_ROOT: String::new(),
            APPEND_SLASH: true,
            PREPEND_WWW: false,
            DISALLOWED_USER_AGENTS: Vec::new(),
            DATA_UPLOAD_MAX_MEMORY_SIZE: Some(2_621_440),
            DATA_UPLOAD_MAX_NUMBER_FIELDS: Some(1000),
            DATA_UPLOAD_MAX_NUMBER_FILES: Some(100),
            FILE_UPLOAD_MAX_MEMORY_SIZE: 2_621_440,
            FILE_UPLOAD_TEMP_DIR: None,
            FILE_UPLOAD_PERMISSIONS: Some(0o644),
            FILE_UPLOAD_DIRECTORY_PERMISSIONS: None,
            STORAGES: BTreeMap::from([
                (
                    s("default"),
                    StorageSettings::new("django.core.files.storage.FileSystemStorage"),
                ),
                (
                    s("staticfiles"),
                    StorageSettings::new("django.contrib.staticfiles.storage.StaticFilesStorage"),
                ),
            ]),
            USE_X_FORWARDED_HOST: false,
            USE_X_FORWARDED_PORT: false,
            SECURE_PROXY_SSL_HEADER: None,
            SECURE_CONTENT_TYPE_NOSNIFF: true,
            SECURE_CROSS_ORIGIN_OPENER_POLICY: Some(s("same-origin")),
            SECURE_HSTS_INCLUDE_SUBDOMAINS: false,
            SECURE_HSTS_PRELOAD: false,
            SECURE_HSTS_SECONDS: 0,
            SECURE_REDIRECT_EXEMPT: Vec::new(),
            SECURE_REFERRER_POLICY: Some(s("same-origin")),
            SECURE_SSL_HOST: None,
            SECURE_SSL_REDIRECT: false,
            X_FRAME_OPTIONS: s("DENY"),
            CSRF_COOKIE_AGE: Some(60 * 60 * 24 * 7 * 52),
            CSRF_COOKIE_DOMAIN: None,
            CSRF_COOKIE_HTTPONLY: false,
            CSRF_COOKIE_NAME: s("csrftoken"),
            CSRF_COOKIE_PATH: s("/"),
            CSRF_COOKIE_SAMESITE: Some(s("Lax")),
            CSRF_COOKIE_SECURE: false,
            CSRF_FAILURE_VIEW: s("django.views.csrf.csrf_failure"),
            CSRF_HEADER_NAME: s("HTTP_X_CSRFTOKEN"),
            CSRF_TRUSTED_ORIGINS: Vec::new(),
            CSRF_USE_SESSIONS: false,
            SESSION_CACHE_ALIAS: s("default"),
            SESSION_COOKIE_AGE: 60 * 60 * 24 * 7 * 2,
            SESSION_COOKIE_DOMAIN: None,
            SESSION_COOKIE_HTTPONLY: true,
            SESSION_COOKIE_NAME: s("sessionid"),
            SESSION_COOKIE_PATH: s("/"),
            SESSION_COOKIE_SAMESITE: Some(s("Lax")),
            SESSION_COOKIE_SECURE: false,
            SESSION_ENGINE: s("django.contrib.sessions.backends.db"),
            SESSION_EXPIRE_AT_BROWSER_CLOSE: false,
            SESSION_FILE_PATH: None,
            SESSION_SAVE_EVERY_REQUEST: false,
            SESSION_SERIALIZER: s("django.contrib.sessions.serializers.JSONSerializer"),
            SIGNING_BACKEND: s("django.core.signing.TimestampSigner"),
            SIGNED_COOKIE_LEGACY_SALT_FALLBACK: true,
            AUTH_USER_MODEL: s("auth.User"),
            AUTHENTICATION_BACKENDS: vec![s("django.contrib.auth.backends.ModelBackend")],
            LOGIN_URL: s("/accounts/login/"),
            LOGIN_REDIRECT_URL: s("/accounts/profile/"),
            LOGOUT_REDIRECT_URL: None,
            PASSWORD_RESET_TIMEOUT: 60 * 60 * 24 * 3,
            PASSWORD_HASHERS: vec![
                s("django.contrib.auth.hashers.PBKDF2PasswordHasher"),
                s("django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher"),
                s("django.contrib.auth.hashers.Argon2PasswordHasher"),
                s("django.contrib.auth.hashers.BCryptSHA256PasswordHasher"),
                s("django.contrib.auth.hashers.ScryptPasswordHasher"),
            ],
            AUTH_PASSWORD_VALIDATORS: Vec::new(),
            MESSAGE_STORAGE: s("django.contrib.messages.storage.fallback.FallbackStorage"),
            MESSAGE_LEVEL: 20,
            MESSAGE_TAGS: BTreeMap::new(),
            EMAIL_BACKEND: s("django.core.mail.backends.smtp.EmailBackend"),
            EMAIL_HOST: s("localhost"),
            EMAIL_PORT: 25,
            EMAIL_HOST_USER: String::new(),
            EMAIL_HOST_PASSWORD: String::new(),
            EMAIL_USE_TLS: false,
            EMAIL_USE_SSL: false,
            EMAIL_TIMEOUT: None,
            EMAIL_FILE_PATH: None,
            EMAIL_SUBJECT_PREFIX: s("[Django] "),
            DEFAULT_FROM_EMAIL: s("webmaster@localhost"),
            SERVER_EMAIL: s("root@localhost"),
        }
    }
}

impl Settings {
    /// Settings for tests and examples that never call
    /// [`configure`](crate::conf::configure): Django's defaults plus a fixed
    /// (insecure) `SECRET_KEY`, `ALLOWED_HOSTS` holding `testserver`
    /// and the loopback names, and the locmem email backend, as Django's
    /// test runner does.
    pub fn for_tests() -> Self {
        Settings {
            SECRET_KEY: s("nuages-insecure-test-secret-key-do-not-use-in-production"),
            ALLOWED_HOSTS: vec![s("testserver"), s("localhost"), s("127.0.0.1"), s("[::1]")],
            SESSION_ENGINE: s("nuages.contrib.sessions.backends.signed_cookies"),
            EMAIL_BACKEND: s("nuages.core.mail.backends.locmem.EmailBackend"),
            ..Settings::default()
        }
    }

    /// The `default` database, if configured.
    pub fn default_database(&self) -> Option<&DatabaseSettings> {
        self.DATABASES.get("default")
    }
}
