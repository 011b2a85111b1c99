//! The built-in management commands, one module each (as Django's
//! `core/management/commands/`).

pub mod check;
pub mod clearsessions;
pub mod collectstatic;
pub mod help;
pub mod makemigrations;
pub mod migrate;
pub mod runserver;
pub mod sendtestemail;
pub mod showmigrations;
pub mod sqlmigrate;
pub mod startapp;

use std::sync::Arc;

use super::base::Command;

/// Every built-in command.
pub fn builtins() -> Vec<Arc<dyn Command>> {
    vec![
        Arc::new(check::Check),
        Arc::new(clearsessions::ClearSessions),
        Arc::new(collectstatic::CollectStatic),
        Arc::new(crate::contrib::auth::commands::CreateSuperuser),
        Arc::new(help::Help),
        Arc::new(makemigrations::MakeMigrations),
        Arc::new(migrate::Migrate),
        Arc::new(runserver::RunServer),
        Arc::new(sendtestemail::SendTestEmail),
        Arc::new(showmigrations::ShowMigrations),
        Arc::new(sqlmigrate::SqlMigrate),
        Arc::new(startapp::StartApp),
        Arc::new(help::Version),
    ]
}

/// Write `lines`, one per line.
pub(crate) fn write_lines(out: &mut (dyn std::io::Write + Send), lines: &[String]) -> std::io::Result<()> {
    for line in lines {
        writeln!(out, "{line}")?;
    }
    Ok(())
}
