//! The polls binary as `manage.py`: migrate, roll back, showmigrations,
//! sqlmigrate, check, help, and makemigrations on a scratch copy.

use std::path::Path;
use std::process::{Command, Output};

/// Run the polls binary with `args` against the SQLite file `db`.
fn manage(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_polls"))
        .args(args)
        .env("DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("RUST_LOG", "warn")
        .output()
        .expect("run polls")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let output = manage(db, args);
    assert!(
        output.status.success(),
        "{args:?} failed:\n{}\n{}",
        stdout(&output),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
}

#[test]
fn migrate_roll_back_and_reapply() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("polls.sqlite3");

    let first = ok(&db, &["migrate"]);
    assert!(first.contains("Operations to perform:"), "{first}");
    assert!(
        first.contains("  Apply all migrations: auth, contenttypes, polls, sessions"),
        "{first}"
    );
    assert!(first.contains("  Applying auth.0001_initial... OK"), "{first}");
    assert!(first.contains("Running migrations:"), "{first}");
    assert!(first.contains("  Applying polls.0001_initial... OK"), "{first}");
    assert!(first.contains("  Applying polls.0002_choice_votes... OK"), "{first}");
    assert!(db.exists(), "the SQLite file is created");

    assert!(ok(&db, &["migrate"]).contains("  No migrations to apply."));
    let shown = ok(&db, &["showmigrations"]);
    assert!(
        shown.contains("polls\n [X] 0001_initial\n [X] 0002_choice_votes"),
        "{shown}"
    );

    let back = ok(&db, &["migrate", "polls", "0001"]);
    assert!(back.contains("  Unapplying polls.0002_choice_votes... OK"), "{back}");
    assert!(ok(&db, &["showmigrations", "polls"]).contains(" [X] 0001_initial\n [ ] 0002_choice_votes"));

    let zero = ok(&db, &["migrate", "polls", "zero"]);
    assert!(zero.contains("  Unapplying polls.0001_initial... OK"), "{zero}");
    assert!(ok(&db, &["showmigrations", "polls"]).contains(" [ ] 0001_initial\n [ ] 0002_choice_votes"));

    let again = ok(&db, &["migrate"]);
    assert!(again.contains("  Applying polls.0001_initial... OK"), "{again}");
    assert!(again.contains("  Applying polls.0002_choice_votes... OK"), "{again}");
}

#[test]
fn sqlmigrate_prints_django_ddl() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("polls.sqlite3");
    let sql = ok(&db, &["sqlmigrate", "polls", "0001"]);
    assert!(sql.starts_with("BEGIN;"), "{sql}");
    assert!(sql.contains("-- Create model Question"), "{sql}");
    assert!(
        sql.contains("CREATE TABLE \"polls_question\" (\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT"),
        "{sql}"
    );
    assert!(sql.contains("\"question_text\" varchar(200) NOT NULL"), "{sql}");
    assert!(
        sql.contains("REFERENCES \"polls_question\" (\"id\") DEFERRABLE INITIALLY DEFERRED"),
        "{sql}"
    );
    assert!(sql.trim_end().ends_with("COMMIT;"), "{sql}");
    let backwards = ok(&db, &["sqlmigrate", "polls", "0002", "--backwards"]);
    assert!(backwards.contains("votes"), "{backwards}");
    assert!(!manage(&db, &["sqlmigrate", "polls", "0099"]).status.success());
}

#[test]
fn check_help_and_unknown_commands() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("polls.sqlite3");
    assert!(ok(&db, &["check"]).contains("System check identified no issues (0 silenced)."));
    let help = ok(&db, &["help"]);
    for command in [
        "check",
        "makemigrations",
        "migrate",
        "runserver",
        "showmigrations",
        "sqlmigrate",
    ] {
        assert!(help.contains(&format!("    {command}\n")), "{help}");
    }
    assert!(ok(&db, &["help", "migrate"]).contains("migration_name"));
    let unknown = manage(&db, &["frobnicate"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("Unknown command: 'frobnicate'"));
    let bad_target = manage(&db, &["migrate", "polls", "0042"]);
    assert!(!bad_target.status.success());
}

#[test]
fn unknown_setting_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let settings = dir.path().join("settings.toml");
    std::fs::write(&settings, "SECRET_KEY = \"x\"\nDEBUGG = true\n").expect("write settings");
    let output = Command::new(env!("CARGO_BIN_EXE_polls"))
        .arg("check")
        .env("NUAGES_SETTINGS", &settings)
        .output()
        .expect("run polls");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("DEBUGG"), "{stderr}");
}

#[test]
fn startapp_writes_an_app_skeleton() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("polls.sqlite3");
    let target = dir.path().join("blog");
    let out = ok(&db, &["startapp", "blog", target.to_str().expect("utf-8 path")]);
    assert!(out.contains("Created app 'blog'"), "{out}");
    for file in ["mod.rs", "models.rs", "views.rs", "urls.rs", "admin.rs", "tests.rs"] {
        assert!(target.join(file).is_file(), "{file} missing");
    }
    for folder in ["templates/blog", "static/blog", "migrations"] {
        assert!(target.join(folder).is_dir(), "{folder} missing");
    }
    assert!(
        !manage(&db, &["startapp", "blog", target.to_str().expect("utf-8 path")])
            .status
            .success(),
        "never overwrites"
    );
    assert!(
        !manage(&db, &["startapp", "2fast"]).status.success(),
        "names must be identifiers"
    );
}
