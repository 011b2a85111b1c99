//! Nuages: a batteries-included, Django-style web framework.
//!
//! The modules follow Django's package names: [`conf`] (settings),
//! [`apps`] (application configs), [`http`] (request and response),
//! [`urls`] (URLconf, resolve, reverse), [`middleware`], [`views`]
//! (generic class-based views), [`shortcuts`], [`contrib`] (sessions,
//! static files), [`core`] (management commands, checks, signing, the
//! request handler), [`server`], [`test`] (the test client), [`db`] (the
//! ORM, re-exported from `nuages-db`) and [`template`] (the Django Template
//! Language of `nuages-template`, plus its settings-driven backend).
//!
//! A project is a [`Project`]: its apps, root URLconf and middleware,
//! configured by `settings.toml`, run from the command line like Django's
//! `manage.py`.
//!
//! # A tour
//!
//! A view is an `async fn(Request) -> Result<Response>`; a URLconf maps
//! routes to views; the project wires them up with the settings, and the
//! test client calls it in-process:
//!
//! ```
//! use nuages::prelude::*;
//! use nuages::urls::{path, URLPattern};
//!
//! async fn hello(request: Request) -> Result<Response> {
//!     let name: String = request.kwarg("name")?;
//!     Ok(Response::new(format!("Hello, {name}!")))
//! }
//!
//! fn urlpatterns() -> Vec<URLPattern> {
//!     vec![path("hello/<str:name>/", hello).name("hello")]
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let site = nuages::Project::new(".")
//!     .urls(urlpatterns)
//!     .settings(nuages::conf::Settings::for_tests())
//!     .setup()
//!     .await
//!     .expect("settings are valid");
//! assert_eq!(nuages::urls::reverse("hello", &["world"], &[]).unwrap(), "/hello/world/");
//! let response = site.client().get("/hello/world/").await;
//! assert_eq!(response.status(), 200);
//! assert_eq!(response.text(), "Hello, world!");
//! assert_eq!(site.client().get("/nowhere/").await.status(), 404);
//! # }
//! ```

extern crate self as nuages;

pub mod apps;
pub mod conf;
pub mod contrib;
pub mod core;
pub mod error;
pub mod forms;
pub mod handler;
pub mod http;
pub mod middleware;
pub mod project;
pub mod server;
pub mod shortcuts;
pub mod template;
pub mod test;
pub mod urls;
pub mod utils;
pub mod views;

pub use nuages_db as db;
/// Signals (Django's `django.dispatch`): the ORM's [`Signal`](nuages_db::dispatch::Signal), re-exported.
pub use nuages_db::dispatch;

pub use error::{Error, Result};
pub use project::{Project, Site};

/// The names most projects need: `use nuages::prelude::*;`.
pub mod prelude {
    pub use crate::contrib::sessions::RequestSessionExt;
    pub use crate::db::prelude::*;
    pub use crate::error::{Error, Result};
    pub use crate::forms::{DeclarativeForm, Form, FormValue, ValidationError};
    pub use crate::http::{Request, Response};
    pub use chrono::{DateTime, Utc};
}
