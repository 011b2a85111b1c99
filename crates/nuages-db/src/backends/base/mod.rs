//! What every backend shares (Django's `django.db.backends.base`).

pub(crate) mod data_types;
pub mod features;
pub mod many_to_many;
pub(crate) mod operations;
pub mod schema;
pub(crate) mod server_schema;
