//! Session stores: Django's `contrib/sessions/backends/`.

pub mod base;
pub mod db;
pub mod file;
pub mod signed_cookies;
