//! Django's `django.contrib`: optional apps shipped with the framework.

pub mod auth;
pub mod contenttypes;
pub mod messages;
pub mod sessions;
pub mod staticfiles;
