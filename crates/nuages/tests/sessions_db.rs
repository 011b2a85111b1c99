//! The db session backend (`django_session`) end to end: the `sessions`
//! app's migration, the middleware saving and reloading through the test
//! Client, `cycle_key`/`flush`, `clearsessions` and Django's DDL.

use std::sync::LazyLock;

use nuages::conf::Settings;
use nuages::contrib::sessions::RequestSessionExt;
use nuages::db::Value;
use nuages::http::{Request, Response};
use nuages::urls::{URLPattern, path};
use nuages::{Project, Site};
use tokio::runtime::Runtime;
use tokio::sync::OnceCell;

static RUNTIME: LazyLock<Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
});
static SITE: OnceCell<Site> = OnceCell::const_new();

async fn count(request: Request) -> nuages::Result<Response> {
    let session = request.session()?;
    let n: i64 = session.get("n").unwrap_or(0) + 1;
    session.set("n", n);
    Ok(Response::new(n.to_string()))
}

async fn cycle(request: Request) -> nuages::Result<Response> {
    request.session()?.cycle_key();
    Ok(Response::new("cycled"))
}

async fn flush(request: Request) -> nuages::Result<Response> {
    request.session()?.flush();
    Ok(Response::new("flushed"))
}

fn urlpatterns() -> Vec<URLPattern> {
    vec![path("count/", count), path("cycle/", cycle), path("flush/", flush)]
}

fn settings() -> Settings {
    let dir = tempfile::tempdir().expect("tempdir").keep();
    let mut settings = Settings::for_tests();
    settings.INSTALLED_APPS = vec!["django.contrib.sessions".into()];
    settings.MIDDLEWARE = vec!["django.contrib.sessions.middleware.SessionMiddleware".into()];
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db".into();
    let db = settings.DATABASES.entry("default".into()).or_default();
    db.ENGINE = "nuages.db.backends.sqlite3".into();
    db.NAME = dir.join("db.sqlite3").display().to_string();
    settings
}

async fn site() -> &'static Site {
    SITE.get_or_init(|| async {
        let site = Project::new(std::env::temp_dir())
            .urls(urlpatterns)
            .settings(settings())
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

async fn rows() -> Vec<Vec<Value>> {
    let db = nuages::db::connections::get("default").expect("db");
    db.fetch_all(
        "SELECT session_key, session_data FROM django_session ORDER BY session_key",
        &[],
    )
    .await
    .expect("select")
}

async fn stored_keys() -> Vec<String> {
    rows()
        .await
        .into_iter()
        .filter_map(|r| r.first().and_then(|v| v.as_str().map(str::to_owned)))
        .collect()
}

#[test]
fn migration_creates_djangos_table() {
    RUNTIME.block_on(async {
        let site = site().await;
        let mut out = Vec::new();
        site.call_command(&["sqlmigrate".into(), "sessions".into(), "0001".into()], &mut out)
            .await
            .expect("sqlmigrate");
        let sql = String::from_utf8_lossy(&out);
        assert!(
            sql.contains(
                "CREATE TABLE \"django_session\" (\"session_key\" varchar(40) NOT NULL PRIMARY KEY, \
                 \"session_data\" text NOT NULL, \"expire_date\" datetime NOT NULL);"
            ),
            "{sql}"
        );
        assert!(
            sql.contains(
                "CREATE INDEX \"django_session_expire_date_a5c62663\" ON \"django_session\" (\"expire_date\");"
            ),
            "{sql}"
        );
    });
}

#[test]
fn sessions_round_trip_through_the_table() {
    RUNTIME.block_on(async {
        let site = site().await;
        let client = site.client();
        assert_eq!(client.get("/count/").await.text(), "1");
        let key = client.cookie("sessionid").expect("session cookie");
        assert_eq!(key.len(), 32);
        assert!(stored_keys().await.contains(&key));
        assert_eq!(client.get("/count/").await.text(), "2");
        assert_eq!(client.cookie("sessionid").as_deref(), Some(key.as_str()));

        // The stored data is Django's encoding of {"n": 2}.
        let secret = &site.settings.SECRET_KEY;
        let row = rows()
            .await
            .into_iter()
            .find(|r| r[0].as_str() == Some(key.as_str()))
            .expect("row");
        let data =
            nuages::contrib::sessions::backends::base::decode_session_data(row[1].as_str().expect("text"), secret, &[]);
        assert_eq!(data.get("n"), Some(&serde_json::json!(2)));

        // cycle_key: same data, new key, old row gone.
        assert_eq!(client.get("/cycle/").await.text(), "cycled");
        let new_key = client.cookie("sessionid").expect("cookie");
        assert_ne!(new_key, key);
        let keys = stored_keys().await;
        assert!(keys.contains(&new_key) && !keys.contains(&key));
        assert_eq!(client.get("/count/").await.text(), "3");

        // A forged or unknown key starts a new session.
        let other = site.client();
        other.set_cookie("sessionid", "abcdefghijklmnopqrstuvwxyz012345");
        assert_eq!(other.get("/count/").await.text(), "1");
        assert_ne!(
            other.cookie("sessionid").as_deref(),
            Some("abcdefghijklmnopqrstuvwxyz012345")
        );

        // flush: row deleted, cookie removed.
        let response = client.get("/flush/").await;
        assert_eq!(response.text(), "flushed");
        assert!(!stored_keys().await.contains(&new_key));
        assert_eq!(client.get("/count/").await.text(), "1");
    });
}

#[test]
fn expired_sessions_do_not_load_and_are_cleared() {
    RUNTIME.block_on(async {
        let site = site().await;
        let client = site.client();
        assert_eq!(client.get("/count/").await.text(), "1");
        let key = client.cookie("sessionid").expect("cookie");
        let db = nuages::db::connections::get("default").expect("db");
        // Expire it: it no longer loads, and clearsessions removes it.
        db.execute(
            "UPDATE django_session SET expire_date = '2000-01-01 00:00:00' WHERE session_key = ?",
            &[Value::Text(key.clone())],
        )
        .await
        .expect("expire");
        assert_eq!(client.get("/count/").await.text(), "1");
        let fresh = client.cookie("sessionid").expect("cookie");
        assert_ne!(fresh, key);
        assert!(stored_keys().await.contains(&key));
        let mut out = Vec::new();
        site.call_command(&["clearsessions".to_owned()], &mut out)
            .await
            .expect("clearsessions");
        let keys = stored_keys().await;
        assert!(!keys.contains(&key) && keys.contains(&fresh));
    });
}
