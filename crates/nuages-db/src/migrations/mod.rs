//! Migrations (Django's `django.db.migrations`): TOML files in each app's
//! `migrations/` folder, replayed into a [`state::ProjectState`], diffed
//! against the compiled models by the [`autodetector`], applied by the
//! [`executor`] and recorded in `django_migrations` by the [`recorder`].
//!
//! A migration file:
//! ```toml
//! initial = true
//! dependencies = []
//!
//! [[operations]]
//! operation = "CreateModel"
//! name = "Question"
//! fields = [
//!     ["id", { type = "BigAutoField", auto_created = true, primary_key = true, serialize = false, verbose_name = "ID" }],
//!     ["question_text", { type = "CharField", max_length = 200 }],
//! ]
//! ```
//!
//! The management layer calls [`makemigrations`], [`migrate`] (or
//! [`migrate_with`]), [`showmigrations`] and [`sqlmigrate`] with a list of
//! [`AppMigrations`] and prints the lines they return.

pub mod autodetector;
pub mod commands;
pub mod executor;
pub mod graph;
pub mod loader;
pub mod migration;
pub mod operations;
pub mod recorder;
pub mod state;
pub mod writer;

pub use commands::{makemigrations, migrate, migrate_with, showmigrations, sqlmigrate, unapplied};
pub use loader::{AppMigrations, MigrationLoader};
pub use migration::Migration;
pub use operations::Operation;

use crate::Result;
use crate::backends::Vendor;
use crate::backends::base::features::DatabaseFeatures;
use crate::backends::base::schema::{SchemaEditor, Statement};
use crate::models::ModelMeta;
use state::{ModelState, ProjectState};

/// The `CREATE TABLE` and `CREATE INDEX` statements Django would run for
/// `meta` on SQLite, each ending with `;` (for tests and quick setups
/// without migrations), including the tables of its many-to-many fields.
///
/// # Errors
/// `Migration` when a relation target cannot be resolved.
pub fn create_table_sql(meta: &ModelMeta) -> Result<String> {
    create_table_sql_for(Vendor::Sqlite, meta)
}

/// [`create_table_sql`] for a given vendor.
///
/// # Errors
/// As [`create_table_sql`].
pub fn create_table_sql_for(vendor: Vendor, meta: &ModelMeta) -> Result<String> {
    create_table_sql_with(vendor, DatabaseFeatures::default(), meta)
}

/// [`create_table_sql`] for the server behind `db` (its vendor and
/// version-dependent features, e.g. MariaDB's native `uuid`).
///
/// # Errors
/// As [`create_table_sql`]; `OperationalError` when the server cannot be reached.
pub async fn create_table_sql_on(db: &crate::connections::DatabaseWrapper, meta: &ModelMeta) -> Result<String> {
    create_table_sql_with(db.vendor(), db.features().await?, meta)
}

fn create_table_sql_with(vendor: Vendor, features: DatabaseFeatures, meta: &ModelMeta) -> Result<String> {
    let mut state = ProjectState::default();
    state.add_model(ModelState::from_meta(meta));
    let targets = meta
        .fields
        .iter()
        .filter_map(|f| f.related.as_ref().map(|r| r.target()))
        .chain(meta.many_to_many.iter().map(|m| m.target()));
    for target in targets {
        if state.model(&target.app_label, &target.model_name).is_none() {
            state.add_model(ModelState::from_meta(target));
        }
    }
    let model = ModelState::from_meta(meta);
    let mut editor = SchemaEditor::with_features(vendor, features);
    editor.create_model(&model, &state)?;
    Ok(editor
        .finish()
        .into_iter()
        .filter_map(|s| match s {
            Statement::Sql(sql) => Some(format!("{sql};")),
            Statement::Comment(_) => None,
        })
        .collect::<Vec<_>>()
        .join("\n"))
}
