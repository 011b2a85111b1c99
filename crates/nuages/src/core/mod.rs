//! Django's `django.core`: request handlers, signing, management commands,
//! system checks, database connection set-up and logging (and, later, mail,
//! cache, files, paginator, serializers).

pub mod cache;
pub mod checks;
pub mod databases;
pub mod files;
pub mod handlers;
pub mod logging;
pub mod mail;
pub mod management;
pub mod paginator;
pub mod signing;
pub mod validators;
