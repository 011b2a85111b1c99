//! Testing tools: Django's `django.test`.
//!
//! [`Client`] drives an [`Application`](crate::core::handlers::Application)
//! in-process, like Django's test client: no socket, cookies kept across
//! requests, `Host: testserver`, CSRF checks off unless
//! [`Client::enforce_csrf_checks`] is set.

mod client;

pub use client::{BOUNDARY, Client, TestResponse, encode_multipart};
