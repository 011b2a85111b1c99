//! What `makemigrations`, `migrate`, `showmigrations` and `sqlmigrate`
//! do, returning the lines Django prints (the management commands in the
//! `nuages` crate print them).

use std::path::{Path, PathBuf};

use super::autodetector::detect_changes;
use super::executor::{Target, collect_sql_with, migration_plan, run_step};
use super::graph::Key;
use super::loader::{AppMigrations, MigrationLoader};
use super::migration::Migration;
use super::recorder::MigrationRecorder;
use super::state::ProjectState;
use super::writer;
use crate::backends::base::schema::Statement;
use crate::connections;
use crate::{Error, Result};

fn register_models(apps: &[AppMigrations]) {
    for app in apps {
        for m in &app.models {
            crate::apps::register(m);
        }
    }
}

fn display_path(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

/// Django's `get_migration_by_prefix`.
fn migration_by_prefix(loader: &MigrationLoader, app: &str, prefix: &str) -> Result<Key> {
    let matches: Vec<&Key> = loader
        .graph
        .nodes
        .keys()
        .filter(|k| k.0 == app && k.1.starts_with(prefix))
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::Migration(format!(
            "Cannot find a migration matching '{prefix}' from app '{app}'."
        ))),
        _ => Err(Error::Migration(format!(
            "More than one migration matches '{prefix}' in app '{app}'. Please be more specific."
        ))),
    }
}

/// `makemigrations [app ...] [--dry-run]`: write a migration for each app
/// whose models changed, and return what Django prints:
/// `Migrations for 'polls':`, the file path, `    + Add field ...`, or
/// `No changes detected`.
///
/// # Errors
/// Loading errors, an unknown app in `only_apps`, or a file that cannot be written.
pub fn makemigrations<S: AsRef<str>>(apps: &[AppMigrations], only_apps: &[S], dry_run: bool) -> Result<Vec<String>> {
    register_models(apps);
    let only_apps: Vec<&str> = only_apps.iter().map(AsRef::as_ref).collect();
    for label in &only_apps {
        if !apps.iter().any(|a| a.label == *label) {
            return Err(Error::Migration(format!("No installed app with label '{label}'.")));
        }
    }
    let loader = MigrationLoader::new(apps)?;
    let from = loader.project_state()?;
    let mut to = ProjectState::default();
    // Apps whose migrations are only embedded (Nuages' own contrib apps)
    // are not written to: their migrations are Django's, so their state is kept.
    let writable = |label: &str| apps.iter().any(|a| a.label == label && a.dir.is_some());
    for app in apps.iter().filter(|a| a.dir.is_some()) {
        for m in &app.models {
            to.add_model(super::state::ModelState::from_meta(m));
        }
    }
    // Models of apps without compiled models (or outside scope) keep their state.
    for (key, model) in &from.models {
        if !writable(&key.0) {
            to.models.insert(key.clone(), model.clone());
        }
    }
    let mut lines = Vec::new();
    for app in apps {
        if app.dir.is_none() || (!only_apps.is_empty() && !only_apps.contains(&app.label.as_str())) {
            continue;
        }
        let changes = detect_changes(&app.label, &from, &to)?;
        if changes.operations.is_empty() {
            continue;
        }
        let leaves = loader.graph.leaf_nodes(Some(&app.label));
        let number = loader
            .graph
            .nodes
            .keys()
            .filter(|k| k.0 == app.label)
            .filter_map(|k| k.1.split('_').next().and_then(|n| n.parse::<u32>().ok()))
            .max()
            .unwrap_or(0)
            + 1;
        let mut dependencies: Vec<(String, String)> = Vec::new();
        for other in &changes.app_dependencies {
            match loader.graph.leaf_nodes(Some(other)).into_iter().next() {
                Some(leaf) => dependencies.push(leaf),
                None => dependencies.push((other.clone(), "__first__".to_owned())),
            }
        }
        dependencies.extend(leaves.iter().cloned());
        let mut migration = Migration {
            app_label: app.label.clone(),
            name: String::new(),
            initial: leaves.is_empty(),
            atomic: true,
            dependencies,
            operations: changes.operations,
        };
        migration.name = format!("{number:04}_{}", migration.suggest_name());
        let dir = app
            .dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(&app.label).join("migrations"));
        let path = dir.join(format!("{}.toml", migration.name));
        lines.push(format!("Migrations for '{}':", app.label));
        lines.push(format!("  {}", display_path(&path)));
        for op in &migration.operations {
            lines.push(format!("    {}", op.formatted_description()));
        }
        if !dry_run {
            std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
                path: dir.display().to_string(),
                source,
            })?;
            std::fs::write(&path, writer::serialize(&migration)).map_err(|source| Error::Io {
                path: path.display().to_string(),
                source,
            })?;
        }
    }
    if lines.is_empty() {
        lines.push(match only_apps.as_slice() {
            [one] => format!("No changes detected in app '{one}'"),
            [] => "No changes detected".to_owned(),
            many => format!("No changes detected in apps '{}'", many.join("', '")),
        });
    }
    Ok(lines)
}

/// `migrate [app_label [migration_name|zero]]`, collecting the lines Django prints.
///
/// # Errors
/// As [`migrate_with`]; the lines printed before the error are lost, use
/// `migrate_with` to stream them.
pub async fn migrate(
    db_alias: &str,
    apps: &[AppMigrations],
    app_label: Option<&str>,
    migration_name: Option<&str>,
) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    migrate_with(db_alias, apps, app_label, migration_name, &mut |l| lines.push(l)).await?;
    Ok(lines)
}

/// The migrations `migrate` would apply, in order (for `runserver`'s
/// "You have N unapplied migration(s)" warning).
///
/// # Errors
/// Loading or database errors.
pub async fn unapplied(db_alias: &str, apps: &[AppMigrations]) -> Result<Vec<Key>> {
    let db = connections::get(db_alias)?;
    let loader = MigrationLoader::new(apps)?;
    let applied = MigrationRecorder::new(&db).applied_migrations().await?;
    let mut labels: Vec<&str> = apps.iter().map(|a| a.label.as_str()).collect();
    labels.sort_unstable();
    let targets: Vec<Target> = labels.into_iter().map(|l| Target::Latest(l.to_owned())).collect();
    Ok(migration_plan(&loader, &targets, &applied)?
        .into_iter()
        .map(|s| s.key)
        .collect())
}

/// `migrate`, handing each output line to `out` as it happens:
/// `Operations to perform:`, `  Apply all migrations: polls`,
/// `Running migrations:`, `  Applying polls.0001_initial... OK`.
///
/// # Errors
/// An unknown app or migration, or the failing migration's error (that
/// migration is rolled back; earlier ones stay applied, as in Django).
pub async fn migrate_with(
    db_alias: &str,
    apps: &[AppMigrations],
    app_label: Option<&str>,
    migration_name: Option<&str>,
    out: &mut (dyn FnMut(String) + Send),
) -> Result<()> {
    let target = app_label.map(|app| (app, migration_name));
    register_models(apps);
    let db = connections::get(db_alias)?;
    let loader = MigrationLoader::new(apps)?;
    let recorder = MigrationRecorder::new(&db);
    let targets: Vec<Target> = match target {
        Some((app, name)) => {
            if !apps.iter().any(|a| a.label == app) {
                return Err(Error::Migration(format!("No installed app with label '{app}'.")));
            }
            if loader.graph.leaf_nodes(Some(app)).is_empty() {
                return Err(Error::Migration(format!("App '{app}' does not have migrations.")));
            }
            match name {
                None => vec![Target::Latest(app.to_owned())],
                Some("zero") => vec![Target::Zero(app.to_owned())],
                Some(name) => vec![Target::Node(migration_by_prefix(&loader, app, name)?)],
            }
        }
        None => {
            let mut labels: Vec<&str> = apps.iter().map(|a| a.label.as_str()).collect();
            labels.retain(|l| !loader.graph.leaf_nodes(Some(l)).is_empty());
            labels.sort_unstable();
            labels.into_iter().map(|l| Target::Latest(l.to_owned())).collect()
        }
    };
    out("Operations to perform:".to_owned());
    match &targets[..] {
        [Target::Zero(app)] => out(format!("  Unapply all migrations: {app}")),
        [Target::Node((app, name))] => out(format!("  Target specific migration: {name}, from {app}")),
        all => {
            let labels: Vec<&str> = all
                .iter()
                .filter_map(|t| match t {
                    Target::Latest(l) => Some(l.as_str()),
                    _ => None,
                })
                .collect();
            out(format!(
                "  Apply all migrations: {}",
                if labels.is_empty() {
                    "(none)".to_owned()
                } else {
                    labels.join(", ")
                }
            ));
        }
    }
    recorder.ensure_schema().await?;
    let applied = recorder.applied_migrations().await?;
    let plan = migration_plan(&loader, &targets, &applied)?;
    out("Running migrations:".to_owned());
    if plan.is_empty() {
        out("  No migrations to apply.".to_owned());
        let pending: Vec<String> = {
            let mut current = ProjectState::default();
            for app in apps {
                for m in &app.models {
                    current.add_model(super::state::ModelState::from_meta(m));
                }
            }
            let from = loader.project_state()?;
            apps.iter()
                .filter(|a| {
                    detect_changes(&a.label, &from, &current)
                        .map(|c| !c.operations.is_empty())
                        .unwrap_or(false)
                })
                .map(|a| format!("'{}'", a.label))
                .collect()
        };
        if target.is_none() && !pending.is_empty() {
            out(format!(
                "  Your models in app(s): {} have changes that are not yet reflected in a migration, and so won't be applied.",
                pending.join(", ")
            ));
            out("  Run 'manage.py makemigrations' to make new migrations, and then re-run 'manage.py migrate' to apply them.".to_owned());
        }
        return Ok(());
    }
    if plan.iter().any(|s| s.backwards) {
        out("  Rendering model states... DONE".to_owned());
    }
    for step in &plan {
        let verb = if step.backwards { "Unapplying" } else { "Applying" };
        let line = format!("  {verb} {}.{}...", step.key.0, step.key.1);
        match run_step(&loader, &db, step).await {
            Ok(()) => out(format!("{line} OK")),
            Err(e) => {
                out(line);
                return Err(e);
            }
        }
    }
    Ok(())
}

/// `showmigrations`: per app (sorted), ` [X] 0001_initial` / ` [ ] 0002_...`,
/// or ` (no migrations)`.
///
/// # Errors
/// Loading or database errors.
pub async fn showmigrations<S: AsRef<str>>(
    db_alias: &str,
    apps: &[AppMigrations],
    only_apps: &[S],
) -> Result<Vec<String>> {
    let only_apps: Vec<&str> = only_apps.iter().map(AsRef::as_ref).collect();
    let db = connections::get(db_alias)?;
    let loader = MigrationLoader::new(apps)?;
    let applied = MigrationRecorder::new(&db).applied_migrations().await?;
    let mut labels: Vec<&str> = apps.iter().map(|a| a.label.as_str()).collect();
    if !only_apps.is_empty() {
        for l in &only_apps {
            if !labels.contains(l) {
                return Err(Error::Migration(format!("No installed app with label '{l}'.")));
            }
        }
        labels.retain(|l| only_apps.contains(l));
    }
    labels.sort_unstable();
    let mut lines = Vec::new();
    for label in labels {
        lines.push(label.to_owned());
        let mut shown = std::collections::BTreeSet::new();
        for leaf in loader.graph.leaf_nodes(Some(label)) {
            for key in loader.graph.forwards_plan(&leaf)? {
                if key.0 == label && shown.insert(key.clone()) {
                    let mark = if applied.contains(&key) { "X" } else { " " };
                    lines.push(format!(" [{mark}] {}", key.1));
                }
            }
        }
        if shown.is_empty() {
            lines.push(" (no migrations)".to_owned());
        }
    }
    Ok(lines)
}

/// `sqlmigrate app name [--backwards]`: the SQL of one migration for the
/// database `db_alias`, as Django prints it (`BEGIN;`, `--` comments, `COMMIT;`).
///
/// # Errors
/// An unknown app or migration, or an irreversible operation backwards.
pub async fn sqlmigrate(
    db_alias: &str,
    apps: &[AppMigrations],
    app: &str,
    name: &str,
    backwards: bool,
) -> Result<Vec<String>> {
    let db = connections::get(db_alias)?;
    if !apps.iter().any(|a| a.label == app) {
        return Err(Error::Migration(format!(
            "App '{app}' could not be found. Is it in INSTALLED_APPS?"
        )));
    }
    let loader = MigrationLoader::new(apps)?;
    let key = migration_by_prefix(&loader, app, name)?;
    // Django wraps the SQL in BEGIN/COMMIT only where DDL is transactional.
    let atomic = loader.graph.nodes.get(&key).is_some_and(|m| m.atomic) && db.vendor().can_rollback_ddl();
    let mut lines = Vec::new();
    if atomic {
        lines.push("BEGIN;".to_owned());
    }
    for s in collect_sql_with(&loader, db.vendor(), db.features().await?, &key, backwards)? {
        match s {
            Statement::Comment(c) => lines.push(c),
            Statement::Sql(sql) => lines.push(format!("{sql};")),
        }
    }
    if atomic {
        lines.push("COMMIT;".to_owned());
    }
    Ok(lines)
}
