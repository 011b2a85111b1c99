//! Shared set-up of the polls integration tests: one project per test
//! binary on its own temporary SQLite file, migrated once, on one runtime
//! that outlives every test (the database pool lives on it).

#![allow(dead_code)]

pub mod http;

use std::future::Future;
use std::path::PathBuf;
use std::sync::LazyLock;

use chrono::{Duration, Utc};
use mysite::polls::models::{Choice, Question};
use nuages::Site;
use nuages::conf::Settings;
use nuages::contrib::auth::User;
use nuages::db::{ForeignKey, Model};
use nuages::test::Client;
use tokio::runtime::Runtime;
use tokio::sync::OnceCell;

static RUNTIME: LazyLock<Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("test runtime")
});

static SITE: OnceCell<Site> = OnceCell::const_new();

/// Run `future` on the shared runtime.
pub fn run<F: Future>(future: F) -> F::Output {
    RUNTIME.block_on(future)
}

/// Spawn `future` on the shared runtime.
pub fn spawn<F>(future: F) -> tokio::task::JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    RUNTIME.spawn(future)
}

/// The polls settings with the database moved to a fresh temporary file.
pub fn test_settings() -> Settings {
    let file = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/settings.toml"));
    let text = std::fs::read_to_string(&file).expect("polls settings.toml");
    let mut settings = Settings::from_toml_with_env(&text, Some(&file), &[]).expect("polls settings");
    let dir = tempfile::tempdir().expect("tempdir").keep();
    let db = settings.DATABASES.get_mut("default").expect("default database");
    db.NAME = dir.join("test.sqlite3").display().to_string();
    settings.ALLOWED_HOSTS = vec!["testserver".into(), "127.0.0.1".into(), "localhost".into()];
    // A fast hasher for test users, as Django projects do in test settings.
    settings.PASSWORD_HASHERS = vec!["django.contrib.auth.hashers.MD5PasswordHasher".into()];
    settings
}

/// Create an active user `username` with `password`.
pub async fn create_user(username: &str, password: &str) -> User {
    let mut user = User::new(username, &format!("{username}@example.com"));
    user.set_password(Some(password)).expect("hash password");
    user.save().await.expect("save user");
    user
}

/// Log `client` in through the login page (a real POST to /accounts/login/).
pub async fn login(client: &Client, username: &str, password: &str) {
    let response = client
        .post("/accounts/login/", &[("username", username), ("password", password)])
        .await;
    assert_eq!(
        response.status(),
        302,
        "login of {username} failed: {}",
        response.text()
    );
}

/// The set-up, migrated project of this test binary.
pub async fn site() -> &'static Site {
    SITE.get_or_init(|| async {
        let site = mysite::project()
            .settings(test_settings())
            .setup()
            .await
            .expect("setup");
        let mut out = Vec::new();
        site.call_command(&["migrate".to_owned()], &mut out)
            .await
            .expect("migrate");
        site
    })
    .await
}

/// Create a question published `days` from now (negative: in the past),
/// with the given choices; returns it and its choices.
pub async fn create_question(text: &str, days: i64, choices: &[&str]) -> (Question, Vec<Choice>) {
    let mut question = Question {
        id: 0,
        question_text: text.to_owned(),
        pub_date: Utc::now() + Duration::days(days),
    };
    question.save().await.expect("save question");
    let mut created = Vec::new();
    for choice_text in choices {
        let mut choice = Choice {
            id: 0,
            question: ForeignKey::new(question.id),
            choice_text: (*choice_text).to_owned(),
            votes: 0,
        };
        choice.save().await.expect("save choice");
        created.push(choice);
    }
    (question, created)
}

/// The current vote count of a choice, read from the database.
pub async fn votes_of(choice_id: i64) -> i32 {
    Choice::objects()
        .filter(Choice::ID.eq(choice_id))
        .get()
        .await
        .expect("choice")
        .votes
}
