//! The messages framework end to end through the test Client: a view adds
//! messages and redirects, the next page's template shows them once; the
//! `messages` cookie is Django's signed format; overflow goes to the
//! session; a tampered cookie counts as no messages.

use std::path::PathBuf;
use std::sync::LazyLock;

use nuages::apps::App;
use nuages::conf::Settings;
use nuages::contrib::messages::{self, Message};
use nuages::contrib::sessions::RequestSessionExt;
use nuages::http::{Request, Response};
use nuages::shortcuts::render;
use nuages::template::Context;
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

struct NoticeApp(PathBuf);

impl App for NoticeApp {
    fn label(&self) -> &'static str {
        "notice"
    }

    fn path(&self) -> Option<PathBuf> {
        Some(self.0.clone())
    }
}

fn app_dir() -> PathBuf {
    static DIR: LazyLock<PathBuf> = LazyLock::new(|| {
        let dir = tempfile::tempdir().expect("tempdir").keep();
        std::fs::create_dir_all(dir.join("templates/notice")).expect("mkdir");
        std::fs::create_dir_all(dir.join("migrations")).expect("mkdir");
        std::fs::write(
            dir.join("templates/notice/page.html"),
            "{% if messages %}<ul>{% for m in messages %}<li class=\"{{ m.tags }}\">{{ m }}|{{ m.level }}\
             {% if m.level == DEFAULT_MESSAGE_LEVELS.ERROR %}!{% endif %}</li>{% endfor %}</ul>{% endif %}page",
        )
        .expect("write template");
        dir
    });
    DIR.clone()
}

async fn add(request: Request) -> nuages::Result<Response> {
    messages::success(&request, "Vote <saved>.")?;
    messages::add_message_with_tags(&request, messages::ERROR, "Bad choice", "urgent")?;
    messages::debug(&request, "dropped: below MESSAGE_LEVEL")?;
    messages::info(&request, "")?;
    Ok(Response::redirect("/page/"))
}

async fn add_many(request: Request) -> nuages::Result<Response> {
    // Random-looking text does not compress: these cannot all fit in 2048 bytes.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for i in 0..6u32 {
        let text: String = (0..500)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                char::from(b'a' + (seed % 26) as u8)
            })
            .collect();
        messages::info(&request, &format!("{i}:{text}"))?;
    }
    Ok(Response::redirect("/page/"))
}

async fn count(request: Request) -> nuages::Result<Response> {
    // `len` does not mark them used; the messages survive this request.
    let n = messages::api::storage(&request).map_or(0, |s| s.len());
    let in_session = request.session()?.contains_key("_messages");
    Ok(Response::new(format!("{n} {in_session}")))
}

async fn page(request: Request) -> nuages::Result<Response> {
    render(&request, "notice/page.html", Context::new()).await
}

fn urlpatterns() -> Vec<URLPattern> {
    vec![
        path("add/", add),
        path("many/", add_many),
        path("count/", count),
        path("page/", page),
    ]
}

fn settings() -> Settings {
    let mut settings = Settings::for_tests();
    settings.INSTALLED_APPS = vec!["notice".into()];
    settings.MIDDLEWARE = vec![
        "django.contrib.sessions.middleware.SessionMiddleware".into(),
        "nuages.contrib.messages.middleware.MessageMiddleware".into(),
    ];
    settings.MESSAGE_TAGS.insert("40".into(), "danger".into());
    let mut options = toml::Table::new();
    options.insert(
        "context_processors".into(),
        toml::Value::Array(vec!["django.contrib.messages.context_processors.messages".into()]),
    );
    settings.TEMPLATES = vec![nuages::conf::TemplateSettings {
        APP_DIRS: true,
        OPTIONS: options,
        ..Default::default()
    }];
    let db = settings.DATABASES.entry("default".into()).or_default();
    db.ENGINE = "nuages.db.backends.sqlite3".into();
    db.NAME = ":memory:".into();
    settings
}

async fn site() -> &'static Site {
    SITE.get_or_init(|| async {
        Project::new(app_dir())
            .app(NoticeApp(app_dir()))
            .urls(urlpatterns)
            .settings(settings())
            .setup()
            .await
            .expect("setup")
    })
    .await
}

#[test]
fn message_shown_once_after_redirect() {
    RUNTIME.block_on(async {
        let client = site().await.client();
        let added = client.get("/add/").await;
        assert_eq!(added.status(), 302);
        let cookie = client.cookie("messages").expect("messages cookie set");
        // Django's format: Signer.sign_object(compress=True) with the cookie key and salt.
        let decoded = messages::storage::cookie::decode(&settings(), &cookie).expect("verifies");
        let mut error = Message::new(40, "Bad choice");
        error.extra_tags = "urgent".into();
        assert_eq!(decoded, (vec![Message::new(25, "Vote <saved>."), error], true));

        assert_eq!(client.get("/count/").await.text(), "2 false");
        let html = client.get("/page/").await.text();
        assert_eq!(
            html,
            "<ul><li class=\"success\">Vote &lt;saved&gt;.|25</li>\
             <li class=\"urgent danger\">Bad choice|40!</li></ul>page"
        );
        assert_eq!(client.cookie("messages"), None, "the cookie is deleted once shown");
        assert_eq!(client.get("/page/").await.text(), "page");
    });
}

#[test]
fn overflow_goes_to_the_session_and_tampered_cookie_is_ignored() {
    RUNTIME.block_on(async {
        let client = site().await.client();
        client.get("/many/").await;
        assert!(client.cookie("messages").is_some());
        assert_eq!(client.get("/count/").await.text(), "6 true");
        let html = client.get("/page/").await.text();
        for i in 0..6 {
            assert!(html.contains(&format!("<li class=\"info\">{i}:")), "{html}");
        }
        assert_eq!(client.get("/count/").await.text(), "0 false");

        let other = site().await.client();
        other.get("/add/").await;
        let cookie = other.cookie("messages").expect("cookie");
        other.set_cookie("messages", &cookie.replacen(':', "x:", 1));
        assert_eq!(other.get("/page/").await.text(), "page");
        assert_eq!(other.cookie("messages"), None, "a bad cookie is removed");
        // Signed with another SECRET_KEY: refused too.
        let mut foreign = settings();
        foreign.SECRET_KEY = "another key".into();
        let forged = messages::storage::cookie::encode(&foreign, &[Message::new(20, "forged")], false);
        other.set_cookie("messages", &forged);
        assert_eq!(other.get("/page/").await.text(), "page");
    });
}
