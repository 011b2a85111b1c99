//! `migrate`: apply or roll back migrations (Django's `migrate`).

use clap::{Arg, ArgMatches};

use super::write_lines;
use crate::core::management::{Command, CommandError, Output};
use crate::db::migrations;
use crate::handler::BoxFuture;
use crate::project::{Site, program_name};

/// The `--database` option shared by the migration commands.
pub(crate) fn database_arg() -> Arg {
    Arg::new("database")
        .long("database")
        .default_value("default")
        .help("Nominates a database to synchronize. Defaults to the \"default\" database.")
}

/// Django's `migrate [app_label] [migration_name]`: everything forward, one
/// app forward, or one app to a named migration (backwards when it is
/// older than what is applied; `zero` unapplies all of the app's).
pub struct Migrate;

impl Command for Migrate {
    fn name(&self) -> &'static str {
        "migrate"
    }

    fn help(&self) -> &'static str {
        "Updates database schema. Manages both apps with migrations and those without."
    }

    fn arguments(&self, command: clap::Command) -> clap::Command {
        command
            .arg(Arg::new("app_label").help("App label of an application to synchronize the state."))
            .arg(Arg::new("migration_name").help("Database state will be brought to the state after that migration. Use the name \"zero\" to unapply all migrations."))
            .arg(database_arg())
    }

    fn handle<'a>(
        &'a self,
        site: &'a Site,
        args: &'a ArgMatches,
        out: Output<'a>,
    ) -> BoxFuture<'a, Result<(), CommandError>> {
        Box::pin(async move {
            let database = args.get_one::<String>("database").map_or("default", String::as_str);
            let app = args.get_one::<String>("app_label").map(String::as_str);
            let name = args.get_one::<String>("migration_name").map(String::as_str);
            let apps = site.app_migrations();
            if let Some(app) = app
                && !apps.iter().any(|a| a.label == app)
            {
                return Err(CommandError::new(format!("App '{app}' does not have migrations.")));
            }
            let lines = migrations::migrate(database, &apps, app, name).await?;
            write_lines(out, &lines)?;
            // Django's post_migrate handlers: content types and default permissions.
            if site.apps.is_installed("contenttypes") && database == "default" {
                crate::contrib::auth::management::post_migrate(&apps, site.apps.is_installed("auth"))
                    .await
                    .map_err(|e| CommandError::new(format!("post_migrate: {e}")))?;
            }
            Ok(())
        })
    }
}

/// The warning `runserver` prints when migrations are pending (empty when
/// none are).
///
/// Errors: the database cannot be read.
pub async fn unapplied_warning(site: &Site) -> Result<Vec<String>, CommandError> {
    let apps = site.app_migrations();
    let pending = migrations::unapplied("default", &apps).await?;
    if pending.is_empty() {
        return Ok(Vec::new());
    }
    let mut labels: Vec<&str> = pending.iter().map(|(app, _)| app.as_str()).collect();
    labels.dedup();
    Ok(vec![
        String::new(),
        format!(
            "You have {} unapplied migration(s). Your project may not work properly until you apply the migrations for app(s): {}.",
            pending.len(),
            labels.join(", ")
        ),
        format!("Run '{} migrate' to apply them.", program_name()),
    ])
}
