//! Applying and unapplying migrations (Django's `MigrationExecutor`).
//!
//! Each migration runs in its own transaction with its recorder row (not
//! on MySQL, whose DDL is not transactional: there a failing migration
//! leaves its earlier statements applied, as with Django); on
//! SQLite, foreign-key enforcement is off during the change (as Django's
//! schema editor does, for table rebuilds) and the keys are checked before
//! COMMIT. A failing migration rolls back, leaving the database unchanged.

use std::collections::BTreeSet;

use super::graph::Key;
use super::loader::MigrationLoader;
use super::recorder::MigrationRecorder;
use super::state::ProjectState;
use crate::backends::Vendor;
use crate::backends::base::features::DatabaseFeatures;
use crate::backends::base::schema::{SchemaEditor, Statement};
use crate::connections::DatabaseWrapper;
use crate::transaction::atomic_on;
use crate::{DatabaseErrorKind, Error, Result};

/// A step of a plan: a migration, forwards or backwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStep {
    /// The migration.
    pub key: Key,
    /// Unapply instead of apply.
    pub backwards: bool,
}

/// What to migrate to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The latest migration of an app.
    Latest(String),
    /// A given migration (`migrate polls 0001_initial`).
    Node(Key),
    /// Nothing of the app applied (`migrate polls zero`).
    Zero(String),
}

/// Django's `MigrationExecutor.migration_plan`.
///
/// # Errors
/// `Migration` on a cycle.
pub fn migration_plan(loader: &MigrationLoader, targets: &[Target], applied: &BTreeSet<Key>) -> Result<Vec<PlanStep>> {
    let mut applied = applied.clone();
    let mut plan = Vec::new();
    let graph = &loader.graph;
    for target in targets {
        match target {
            Target::Zero(app) => {
                for root in graph.root_nodes(Some(app)) {
                    for key in graph.backwards_plan(&root)? {
                        if applied.remove(&key) {
                            plan.push(PlanStep { key, backwards: true });
                        }
                    }
                }
            }
            Target::Node(node) if applied.contains(node) => {
                let mut next: Vec<Key> = graph.children(node).into_iter().filter(|c| c.0 == node.0).collect();
                next.sort();
                for child in next {
                    for key in graph.backwards_plan(&child)? {
                        if applied.remove(&key) {
                            plan.push(PlanStep { key, backwards: true });
                        }
                    }
                }
            }
            Target::Node(node) => {
                for key in graph.forwards_plan(node)? {
                    if applied.insert(key.clone()) {
                        plan.push(PlanStep { key, backwards: false });
                    }
                }
            }
            Target::Latest(app) => {
                for leaf in graph.leaf_nodes(Some(app)) {
                    for key in graph.forwards_plan(&leaf)? {
                        if applied.insert(key.clone()) {
                            plan.push(PlanStep { key, backwards: false });
                        }
                    }
                }
            }
        }
    }
    Ok(plan)
}

/// The statements of one migration, forwards or backwards, with
/// `sqlmigrate` comments (Django's `collect_sql`).
///
/// # Errors
/// `Migration` for inconsistent state or an irreversible operation.
pub fn collect_sql(loader: &MigrationLoader, vendor: Vendor, key: &Key, backwards: bool) -> Result<Vec<Statement>> {
    collect_sql_with(loader, vendor, DatabaseFeatures::default(), key, backwards)
}

/// [`collect_sql`] for a server with `features` (see `DatabaseWrapper::features`).
///
/// # Errors
/// As [`collect_sql`].
pub fn collect_sql_with(
    loader: &MigrationLoader,
    vendor: Vendor,
    features: DatabaseFeatures,
    key: &Key,
    backwards: bool,
) -> Result<Vec<Statement>> {
    let migration = loader.graph.nodes.get(key).ok_or_else(|| {
        Error::Migration(format!(
            "Cannot find a migration matching '{}' from app '{}'.",
            key.1, key.0
        ))
    })?;
    let mut states: Vec<ProjectState> = vec![loader.state_before(key)?];
    for op in &migration.operations {
        let mut next = states.last().cloned().unwrap_or_default();
        op.state_forwards(&migration.app_label, &mut next)?;
        states.push(next);
    }
    let mut editor = SchemaEditor::with_features(vendor, features);
    if backwards {
        for (i, op) in migration.operations.iter().enumerate().rev() {
            editor.comment(&op.describe());
            op.database_backwards(&migration.app_label, &mut editor, &states[i + 1], &states[i])?;
        }
    } else {
        for (i, op) in migration.operations.iter().enumerate() {
            editor.comment(&op.describe());
            op.database_forwards(&migration.app_label, &mut editor, &states[i], &states[i + 1])?;
        }
    }
    Ok(editor.finish())
}

/// Apply or unapply one migration in a transaction, recording it (outside
/// a transaction on MySQL, or for `atomic = false` off SQLite).
///
/// # Errors
/// The first failing statement's error; the transaction is rolled back.
pub async fn run_step(loader: &MigrationLoader, db: &DatabaseWrapper, step: &PlanStep) -> Result<()> {
    let statements = collect_sql_with(loader, db.vendor(), db.features().await?, &step.key, step.backwards)?;
    let recorder = MigrationRecorder::new(db);
    let sqlite = db.vendor() == Vendor::Sqlite;
    // MySQL commits each DDL statement, and `atomic = false` opts out (not
    // on SQLite, whose table rebuilds need the transaction): those run
    // without one, as Django does; a failure leaves the earlier statements
    // applied and the migration unrecorded.
    let atomic = loader.graph.nodes.get(&step.key).is_none_or(|m| m.atomic);
    let in_transaction = db.vendor().can_rollback_ddl() && (atomic || sqlite);
    let body = async {
        for s in &statements {
            if let Statement::Sql(sql) = s {
                db.execute_script(sql).await?;
            }
        }
        if sqlite {
            let violations = db.fetch_all("PRAGMA foreign_key_check", &[]).await?;
            if let Some(row) = violations.first() {
                return Err(Error::Database {
                    kind: DatabaseErrorKind::IntegrityError,
                    message: format!("foreign key check failed after migration: {row:?}"),
                    source: None,
                });
            }
        }
        if step.backwards {
            recorder.record_unapplied(&step.key).await
        } else {
            recorder.record_applied(&step.key).await
        }
    };
    if !in_transaction {
        return body.await;
    }
    let mut conn = db.acquire().await?;
    if sqlite {
        conn.execute_plain("PRAGMA foreign_keys = OFF").await?;
    }
    let (out, conn) = atomic_on(db.alias(), conn, body).await;
    if sqlite && let Some(mut conn) = conn {
        conn.execute_plain("PRAGMA foreign_keys = ON").await?;
    }
    out
}
