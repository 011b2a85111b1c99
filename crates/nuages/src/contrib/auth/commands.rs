//! `createsuperuser`: Django's `contrib/auth/management/commands/createsuperuser.py`.

use std::io::BufRead;

use clap::{Arg, ArgAction, ArgMatches};

use super::models::User;
use crate::core::management::{Command, CommandError, Output};
use crate::db::prelude::*;
use crate::handler::BoxFuture;
use crate::project::Site;

/// Django's `UnicodeUsernameValidator`: letters, digits and `@.+-_`, at most 150 characters.
pub fn validate_username(username: &str) -> Result<(), String> {
    if username.is_empty() {
        return Err("This field cannot be blank.".to_owned());
    }
    if username.chars().count() > 150 {
        return Err("Ensure this value has at most 150 characters.".to_owned());
    }
    if !username.chars().all(|c| c.is_alphanumeric() || "@.+-_".contains(c)) {
        return Err(
            "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
                .to_owned(),
        );
    }
    Ok(())
}

/// An environment variable under its `NUAGES_` name, else Django's `DJANGO_` one.
fn env(name: &str) -> Option<String> {
    std::env::var(format!("NUAGES_{name}"))
        .or_else(|_| std::env::var(format!("DJANGO_{name}")))
        .ok()
}

/// Creates a superuser: `--noinput` reads `--username`/`--email` or
/// `NUAGES_SUPERUSER_USERNAME`, `_EMAIL`, `_PASSWORD` (the `DJANGO_`
/// spellings too; no password gives an unusable one); otherwise prompts
/// on standard input.
pub struct CreateSuperuser;

impl Command for CreateSuperuser {
    fn name(&self) -> &'static str {
        "createsuperuser"
    }

    fn help(&self) -> &'static str {
        "Used to create a superuser."
    }

    fn app_label(&self) -> &'static str {
        "auth"
    }

    fn arguments(&self, command: clap::Command) -> clap::Command {
        command
            .arg(
                Arg::new("username")
                    .long("username")
                    .help("Specifies the login for the superuser."),
            )
            .arg(
                Arg::new("email")
                    .long("email")
                    .help("Specifies the email for the superuser."),
            )
            .arg(
                Arg::new("noinput")
                    .long("noinput")
                    .alias("no-input")
                    .action(ArgAction::SetTrue)
                    .help("Tells Nuages to NOT prompt the user for input of any kind."),
            )
            .arg(
                Arg::new("database")
                    .long("database")
                    .default_value("default")
                    .help("Specifies the database to use. Default is \"default\"."),
            )
    }

    fn handle<'a>(
        &'a self,
        site: &'a Site,
        args: &'a ArgMatches,
        out: Output<'a>,
    ) -> BoxFuture<'a, Result<(), CommandError>> {
        Box::pin(async move {
            if !site.apps.is_installed("auth") {
                return Err(CommandError::new("The auth app is not in INSTALLED_APPS."));
            }
            let database = args.get_one::<String>("database").map_or("default", String::as_str);
            let mut username = args.get_one::<String>("username").cloned();
            let mut email = args.get_one::<String>("email").cloned();
            let password;
            if args.get_flag("noinput") {
                username = username.or_else(|| env("SUPERUSER_USERNAME"));
                email = email.or_else(|| env("SUPERUSER_EMAIL"));
                password = env("SUPERUSER_PASSWORD");
                let Some(name) = &username else {
                    return Err(CommandError::new("You must use --username with --noinput."));
                };
                validate_username(name).map_err(CommandError::new)?;
                if taken(name, database).await? {
                    return Err(CommandError::new("Error: That username is already taken."));
                }
            } else {
                let ask = |out: &mut Output<'a>, prompt: &str| -> Result<String, CommandError> {
                    write!(out, "{prompt}")?;
                    out.flush()?;
                    // Stdin's buffer is shared, so locking per line loses nothing.
                    match std::io::stdin().lock().lines().next() {
                        Some(line) => Ok(line?.trim_end_matches(['\r', '\n']).to_owned()),
                        None => Err(CommandError::new("Operation cancelled.")),
                    }
                };
                let mut out = out;
                let name = loop {
                    let default = std::env::var("USER").unwrap_or_default();
                    let prompt = if validate_username(&default).is_ok() {
                        format!("Username (leave blank to use '{default}'): ")
                    } else {
                        "Username: ".to_owned()
                    };
                    let mut answer = match username.take() {
                        Some(u) => u,
                        None => ask(&mut out, &prompt)?,
                    };
                    if answer.is_empty() {
                        answer = default;
                    }
                    if let Err(e) = validate_username(&answer) {
                        writeln!(out, "Error: {e}")?;
                        continue;
                    }
                    if taken(&answer, database).await? {
                        writeln!(out, "Error: That username is already taken.")?;
                        continue;
                    }
                    break answer;
                };
                username = Some(name);
                if email.is_none() {
                    email = Some(ask(&mut out, "Email address: ")?);
                }
                password = loop {
                    let first = ask(&mut out, "Password: ")?;
                    let second = ask(&mut out, "Password (again): ")?;
                    if first != second {
                        writeln!(out, "Error: Your passwords didn't match.")?;
                        continue;
                    }
                    if first.trim().is_empty() {
                        writeln!(out, "Error: Blank passwords aren't allowed.")?;
                        continue;
                    }
                    let candidate = User::new(username.as_deref().unwrap_or(""), email.as_deref().unwrap_or(""));
                    if let Err(errors) = super::password_validation::validate_password(&first, Some(&candidate)) {
                        writeln!(out, "{}", errors.join("\n"))?;
                        let answer = ask(&mut out, "Bypass password validation and create user anyway? [y/N]: ")?;
                        if !answer.trim().eq_ignore_ascii_case("y") {
                            continue;
                        }
                    }
                    break Some(first);
                };
                return create(username, email, password, database, out).await;
            }
            create(username, email, password, database, out).await
        })
    }
}

async fn taken(username: &str, database: &str) -> Result<bool, CommandError> {
    User::objects()
        .using(database)
        .filter(User::USERNAME.eq(username))
        .exists()
        .await
        .map_err(|e| CommandError::new(e.to_string()))
}

async fn create(
    username: Option<String>,
    email: Option<String>,
    password: Option<String>,
    database: &str,
    out: Output<'_>,
) -> Result<(), CommandError> {
    let username = username.unwrap_or_default();
    let mut user = User::new(&username, email.as_deref().unwrap_or(""));
    user.is_staff = true;
    user.is_superuser = true;
    user.set_password(password.as_deref())
        .map_err(|e| CommandError::new(e.to_string()))?;
    User::objects()
        .using(database)
        .create(user)
        .await
        .map_err(|e| CommandError::new(e.to_string()))?;
    writeln!(out, "Superuser created successfully.")?;
    Ok(())
}
