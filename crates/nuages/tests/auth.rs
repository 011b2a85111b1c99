//! contrib.auth end to end on a real SQLite database: Django's tables and
//! migrations, default permissions after migrate, authenticate/login/logout
//! through the test Client, the lazy request.user, session hash checks,
//! permissions, hash upgrade on login and the decorators.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use nuages::conf::Settings;
use nuages::contrib::auth::decorators::{login_required, permission_required};
use nuages::contrib::auth::hashers::MD5PasswordHasher;
use nuages::contrib::auth::hashers::PasswordHasher;
use nuages::contrib::auth::models::{Group, GroupPermissions, Permission, User, UserGroups};
use nuages::contrib::auth::{RequestUserExt, authenticate, login, logout, update_session_auth_hash};
use nuages::contrib::contenttypes::ContentType;
use nuages::db::prelude::*;
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
static FAILED: AtomicUsize = AtomicUsize::new(0);

async fn do_login(request: Request) -> nuages::Result<Response> {
    let post = request.post()?;
    let username = post.get("username").unwrap_or_default().to_owned();
    let password = post.get("password").unwrap_or_default().to_owned();
    match authenticate(&username, &password).await? {
        Some((user, backend)) => {
            login(&request, &user, Some(&backend)).await?;
            Ok(Response::new("ok"))
        }
        None => Ok(Response::new("invalid")),
    }
}

async fn do_logout(request: Request) -> nuages::Result<Response> {
    logout(&request).await?;
    Ok(Response::new("bye"))
}

async fn whoami(request: Request) -> nuages::Result<Response> {
    let user = request.user().await?;
    Ok(Response::new(if user.is_authenticated() {
        user.get_username().to_owned()
    } else {
        "anonymous".to_owned()
    }))
}

async fn change_password(request: Request) -> nuages::Result<Response> {
    let Some(mut user) = request.user().await?.into_user() else {
        return Ok(Response::new("anonymous"));
    };
    let new = request.post()?.get("password").unwrap_or_default().to_owned();
    user.set_password(Some(&new))?;
    user.save().await?;
    update_session_auth_hash(&request, &user).await?;
    Ok(Response::new("changed"))
}

fn urlpatterns() -> Vec<URLPattern> {
    vec![
        path("login/", do_login),
        path("logout/", do_logout),
        path("whoami/", whoami),
        path("private/", login_required(whoami)),
        path(
            "editor/",
            permission_required(&["polls.change_question"], false, whoami),
        ),
        path(
            "editor403/",
            permission_required(&["polls.change_question"], true, whoami),
        ),
        path("password/", change_password),
    ]
}

fn settings() -> Settings {
    let dir = tempfile::tempdir().expect("tempdir").keep();
    let mut settings = Settings::for_tests();
    settings.INSTALLED_APPS = vec![
        "django.contrib.auth".into(),
        "django.contrib.contenttypes".into(),
        "django.contrib.sessions".into(),
    ];
    settings.MIDDLEWARE = vec![
        "django.contrib.sessions.middleware.SessionMiddleware".into(),
        "django.contrib.auth.middleware.AuthenticationMiddleware".into(),
    ];
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db".into();
    settings.PASSWORD_HASHERS = vec!["django.contrib.auth.hashers.MD5PasswordHasher".into()];
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
        nuages::contrib::auth::signals::user_login_failed().connect(|_| {
            FAILED.fetch_add(1, Ordering::SeqCst);
        });
        site
    })
    .await
}

async fn make_user(username: &str, password: &str) -> User {
    let mut user = User::new(username, "Someone@EXAMPLE.com");
    user.set_password(Some(password)).expect("hash");
    User::objects().create(user).await.expect("user")
}

#[test]
fn migrations_create_djangos_tables() {
    RUNTIME.block_on(async {
        let site = site().await;
        let mut out = Vec::new();
        site.call_command(&["sqlmigrate".into(), "auth".into(), "0001".into()], &mut out)
            .await
            .expect("sqlmigrate");
        let sql = String::from_utf8_lossy(&out).into_owned();
        for expected in [
            "CREATE TABLE \"auth_user\" (\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, \"password\" varchar(128) NOT NULL, \"last_login\" datetime NULL, \"is_superuser\" bool NOT NULL, \"username\" varchar(150) NOT NULL UNIQUE, \"first_name\" varchar(150) NOT NULL, \"last_name\" varchar(150) NOT NULL, \"email\" varchar(254) NOT NULL, \"is_staff\" bool NOT NULL, \"is_active\" bool NOT NULL, \"date_joined\" datetime NOT NULL);",
            "CREATE TABLE \"auth_group\" (\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, \"name\" varchar(150) NOT NULL UNIQUE);",
            "CREATE INDEX \"auth_user_groups_user_id_6a12ed8b\" ON \"auth_user_groups\" (\"user_id\");",
            "CREATE INDEX \"auth_user_groups_group_id_97559544\" ON \"auth_user_groups\" (\"group_id\");",
            "CREATE INDEX \"auth_permission_content_type_id_2f476e4b\" ON \"auth_permission\" (\"content_type_id\");",
            "CREATE INDEX \"auth_group_permissions_permission_id_84c5c92e\" ON \"auth_group_permissions\" (\"permission_id\");",
            "CREATE INDEX \"auth_user_user_permissions_permission_id_1fbb5f2c\" ON \"auth_user_user_permissions\" (\"permission_id\");",
            "CREATE UNIQUE INDEX auth_user_groups_user_id_group_id_94350c0c_uniq ON auth_user_groups (user_id, group_id)",
        ] {
            assert!(sql.contains(expected), "missing {expected}\n{sql}");
        }
        let db = nuages::db::connections::get("default").expect("db");
        let applied = db
            .fetch_all("SELECT app, name FROM django_migrations WHERE app = 'auth' ORDER BY id", &[])
            .await
            .expect("migrations");
        assert_eq!(applied.len(), 12);
        assert_eq!(applied[11][1].as_str(), Some("0012_alter_user_first_name_max_length"));
    });
}

#[test]
fn default_permissions_created_after_migrate() {
    RUNTIME.block_on(async {
        site().await;
        let user_ct = ContentType::objects()
            .filter(ContentType::APP_LABEL.eq("auth"))
            .filter(ContentType::MODEL.eq("user"))
            .get()
            .await
            .expect("content type");
        let perms = Permission::objects()
            .filter(Permission::CONTENT_TYPE.eq(user_ct.id))
            .order_by(["codename"])
            .all()
            .await
            .expect("perms");
        let names: Vec<(String, String)> = perms.into_iter().map(|p| (p.codename, p.name)).collect();
        assert_eq!(
            names,
            [
                ("add_user", "Can add user"),
                ("change_user", "Can change user"),
                ("delete_user", "Can delete user"),
                ("view_user", "Can view user")
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
        assert!(
            ContentType::objects()
                .filter(ContentType::MODEL.eq("session"))
                .exists()
                .await
                .expect("query")
        );
        // No content type for the join tables, and migrate again adds nothing.
        assert!(
            !ContentType::objects()
                .filter(ContentType::MODEL.eq("usergroups"))
                .exists()
                .await
                .expect("q")
        );
        let mut out = Vec::new();
        site()
            .await
            .call_command(&["migrate".to_owned()], &mut out)
            .await
            .expect("migrate");
        let again = Permission::objects()
            .filter(Permission::CONTENT_TYPE.eq(user_ct.id))
            .count()
            .await;
        assert_eq!(again.expect("count"), 4);
        assert_eq!(
            ContentType::objects()
                .filter(ContentType::APP_LABEL.eq("auth"))
                .count()
                .await
                .expect("n"),
            3
        );
    });
}

#[test]
fn login_logout_and_request_user() {
    RUNTIME.block_on(async {
        let site = site().await;
        let user = make_user("alice", "s3cret-pass").await;
        assert_eq!(user.email, "Someone@example.com");
        let client = site.client();
        assert_eq!(client.get("/whoami/").await.text(), "anonymous");
        let failed = FAILED.load(Ordering::SeqCst);
        assert_eq!(
            client
                .post("/login/", &[("username", "alice"), ("password", "wrong")])
                .await
                .text(),
            "invalid"
        );
        assert_eq!(
            client
                .post("/login/", &[("username", "nobody"), ("password", "x")])
                .await
                .text(),
            "invalid"
        );
        assert!(FAILED.load(Ordering::SeqCst) >= failed + 2);

        client.get("/whoami/").await;
        let anonymous_key = client.cookie("sessionid");
        assert_eq!(
            client
                .post("/login/", &[("username", "alice"), ("password", "s3cret-pass")])
                .await
                .text(),
            "ok"
        );
        let key = client.cookie("sessionid").expect("session");
        assert_ne!(Some(key.clone()), anonymous_key, "the session key is cycled");
        assert_eq!(client.get("/whoami/").await.text(), "alice");

        // Django's session keys and values.
        let db = nuages::db::connections::get("default").expect("db");
        let rows = db
            .fetch_all(
                "SELECT session_data FROM django_session WHERE session_key = ?",
                &[Value::Text(key.clone())],
            )
            .await
            .expect("row");
        let session = nuages::contrib::sessions::backends::base::decode_session_data(
            rows[0][0].as_str().expect("text"),
            &site.settings.SECRET_KEY,
            &[],
        );
        assert_eq!(session["_auth_user_id"], serde_json::json!(user.id.to_string()));
        assert_eq!(
            session["_auth_user_backend"],
            serde_json::json!("django.contrib.auth.backends.ModelBackend")
        );
        assert_eq!(
            session["_auth_user_hash"],
            serde_json::json!(user.get_session_auth_hash())
        );
        let reloaded = User::objects().filter(User::ID.eq(user.id)).get().await.expect("user");
        assert!(reloaded.last_login.is_some());

        // Logout flushes the session row and the cookie.
        assert_eq!(client.post("/logout/", &[]).await.text(), "bye");
        assert_eq!(client.get("/whoami/").await.text(), "anonymous");
        let gone = db
            .fetch_all(
                "SELECT session_key FROM django_session WHERE session_key = ?",
                &[Value::Text(key)],
            )
            .await
            .expect("query");
        assert!(gone.is_empty());
    });
}

#[test]
fn inactive_users_cannot_log_in_and_deactivation_logs_out() {
    RUNTIME.block_on(async {
        let site = site().await;
        let mut user = make_user("bob", "pw-bob-123").await;
        let client = site.client();
        assert_eq!(
            client
                .post("/login/", &[("username", "bob"), ("password", "pw-bob-123")])
                .await
                .text(),
            "ok"
        );
        user.is_active = false;
        user.save().await.expect("save");
        assert_eq!(client.get("/whoami/").await.text(), "anonymous");
        assert_eq!(
            client
                .post("/login/", &[("username", "bob"), ("password", "pw-bob-123")])
                .await
                .text(),
            "invalid"
        );
    });
}

#[test]
fn password_change_logs_out_other_sessions() {
    RUNTIME.block_on(async {
        let site = site().await;
        make_user("carol", "first-pass-1").await;
        let here = site.client();
        let elsewhere = site.client();
        for c in [&here, &elsewhere] {
            assert_eq!(
                c.post("/login/", &[("username", "carol"), ("password", "first-pass-1")])
                    .await
                    .text(),
                "ok"
            );
        }
        let before = here.cookie("sessionid");
        assert_eq!(
            here.post("/password/", &[("password", "second-pass-2")]).await.text(),
            "changed"
        );
        assert_ne!(
            here.cookie("sessionid"),
            before,
            "update_session_auth_hash cycles the key"
        );
        assert_eq!(here.get("/whoami/").await.text(), "carol");
        assert_eq!(elsewhere.get("/whoami/").await.text(), "anonymous");
    });
}

#[test]
fn outdated_hash_is_upgraded_on_login() {
    RUNTIME.block_on(async {
        let site = site().await;
        let mut user = User::new("dave", "");
        // An MD5 hash with a two-character salt: too little entropy, so
        // Django's must_update re-hashes it on a successful login.
        user.password = MD5PasswordHasher.encode("old-md5-pass", "ab").expect("hash");
        let user = User::objects().create(user).await.expect("user");
        let client = site.client();
        assert_eq!(
            client
                .post("/login/", &[("username", "dave"), ("password", "old-md5-pass")])
                .await
                .text(),
            "ok"
        );
        let reloaded = User::objects().filter(User::ID.eq(user.id)).get().await.expect("user");
        assert_ne!(reloaded.password, user.password);
        assert!(reloaded.password.starts_with("md5$"));
        assert_eq!(client.get("/whoami/").await.text(), "dave");
    });
}

#[test]
fn decorators_and_permissions() {
    RUNTIME.block_on(async {
        let site = site().await;
        let client = site.client();
        let response = client.get("/private/?a=1").await;
        assert_eq!(response.status(), 302);
        assert_eq!(response.url(), Some("/accounts/login/?next=/private/%3Fa%3D1"));
        let response = client.get("/editor403/").await;
        assert_eq!(response.status(), 403);

        make_user("erin", "erin-pass-1").await;
        assert_eq!(
            client
                .post("/login/", &[("username", "erin"), ("password", "erin-pass-1")])
                .await
                .text(),
            "ok"
        );
        assert_eq!(client.get("/private/").await.text(), "erin");
        assert_eq!(client.get("/editor/").await.status(), 302);
        assert_eq!(client.get("/editor403/").await.status(), 403);

        // A permission through a group.
        let ct = ContentType::get_or_create("polls", "question").await.expect("ct");
        let perm = Permission::objects()
            .create(Permission {
                id: 0,
                name: "Can change question".into(),
                content_type: ForeignKey::new(ct.id),
                codename: "change_question".into(),
            })
            .await
            .expect("perm");
        let group = Group::objects()
            .create(Group {
                id: 0,
                name: "editors".into(),
            })
            .await
            .expect("group");
        GroupPermissions::objects()
            .create(GroupPermissions {
                id: 0,
                group: ForeignKey::new(group.id),
                permission: ForeignKey::new(perm.id),
            })
            .await
            .expect("gp");
        let erin = User::objects()
            .filter(User::USERNAME.eq("erin"))
            .get()
            .await
            .expect("erin");
        UserGroups::objects()
            .create(UserGroups {
                id: 0,
                user: ForeignKey::new(erin.id),
                group: ForeignKey::new(group.id),
            })
            .await
            .expect("ug");
        assert_eq!(client.get("/editor/").await.text(), "erin");
        let user = nuages::contrib::auth::RequestUser::User(erin.clone());
        assert!(user.has_perm("polls.change_question").await.expect("perm"));
        assert!(user.has_module_perms("polls").await.expect("perm"));
        assert!(!user.has_module_perms("auth").await.expect("perm"));
        assert!(user.get_user_permissions().await.expect("perms").is_empty());
        assert_eq!(user.get_group_permissions().await.expect("perms").len(), 1);

        // A superuser has every permission; an inactive one none.
        let mut root = erin;
        root.is_superuser = true;
        let su = nuages::contrib::auth::RequestUser::User(root.clone());
        assert!(su.has_perm("anything.at_all").await.expect("perm"));
        assert!(su.get_all_permissions().await.expect("perms").contains("auth.add_user"));
        root.is_active = false;
        let inactive = nuages::contrib::auth::RequestUser::User(root);
        assert!(!inactive.has_perm("polls.change_question").await.expect("perm"));
    });
}

#[test]
fn createsuperuser_noinput() {
    RUNTIME.block_on(async {
        let site = site().await;
        let args = |u: &str| -> Vec<String> {
            [
                "createsuperuser",
                "--noinput",
                "--username",
                u,
                "--email",
                "root@EXAMPLE.org",
            ]
            .map(str::to_owned)
            .to_vec()
        };
        let mut out = Vec::new();
        site.call_command(&args("root"), &mut out).await.expect("created");
        assert_eq!(String::from_utf8_lossy(&out).trim(), "Superuser created successfully.");
        let root = User::objects()
            .filter(User::USERNAME.eq("root"))
            .get()
            .await
            .expect("root");
        assert!(root.is_superuser && root.is_staff && root.is_active);
        assert_eq!(root.email, "root@example.org");
        assert!(!root.has_usable_password());
        let err = site
            .call_command(&args("root"), &mut Vec::new())
            .await
            .expect_err("taken");
        assert_eq!(err.to_string(), "Error: That username is already taken.");
        let err = site
            .call_command(&args("bad name"), &mut Vec::new())
            .await
            .expect_err("invalid");
        assert!(err.to_string().starts_with("Enter a valid username."), "{err}");
        let err = site
            .call_command(&["createsuperuser".to_owned(), "--noinput".to_owned()], &mut Vec::new())
            .await
            .expect_err("no username");
        assert_eq!(err.to_string(), "You must use --username with --noinput.");
    });
}
