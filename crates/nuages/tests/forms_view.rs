//! `FormView` through the test Client: GET renders the unbound form,
//! an invalid POST re-renders it with errors, a valid one redirects.

use std::path::PathBuf;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use nuages::apps::App;
use nuages::conf::Settings;
use nuages::forms::Form;
use nuages::forms::fields::{CharField, EmailField};
use nuages::urls::{URLPattern, path};
use nuages::views::generic::{FormView, View};
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
static SENT: AtomicUsize = AtomicUsize::new(0);

struct ContactApp(PathBuf);

impl App for ContactApp {
    fn label(&self) -> &'static str {
        "contact"
    }

    fn path(&self) -> Option<PathBuf> {
        Some(self.0.clone())
    }
}

fn app_dir() -> PathBuf {
    static DIR: LazyLock<PathBuf> = LazyLock::new(|| {
        let dir = tempfile::tempdir().expect("tempdir").keep();
        std::fs::create_dir_all(dir.join("templates/contact")).expect("mkdir");
        std::fs::create_dir_all(dir.join("migrations")).expect("mkdir");
        std::fs::write(
            dir.join("templates/contact/form.html"),
            "<form method=\"post\">{% csrf_token %}{{ form }}</form>{% if form.errors %}!{% endif %}",
        )
        .expect("write template");
        // A project overrides Django's form templates by name.
        std::fs::create_dir_all(dir.join("templates/django/forms/widgets")).expect("mkdir");
        std::fs::write(
            dir.join("templates/django/forms/widgets/email.html"),
            "<input type=\"email\" class=\"custom\" name=\"{{ widget.name }}\"{% include \"django/forms/widgets/attrs.html\" %}>",
        )
        .expect("write override");
        dir
    });
    DIR.clone()
}

fn contact_form() -> Form {
    Form::new()
        .field("name", CharField().max_length(10))
        .field("email", EmailField())
}

fn urlpatterns() -> Vec<URLPattern> {
    vec![
        path(
            "contact/",
            FormView::new(contact_form(), "contact/form.html", "/thanks/")
                .on_valid(move |_request, form| {
                    assert_eq!(form.cleaned::<String>("name").as_deref(), Some("Ann"));
                    SENT.fetch_add(1, Ordering::SeqCst);
                    Ok(())
                })
                .as_view(),
        )
        .name("contact"),
    ]
}

async fn site() -> &'static Site {
    SITE.get_or_init(|| async {
        let mut settings = Settings::for_tests();
        settings.INSTALLED_APPS = vec!["contact".into()];
        settings.TEMPLATES = vec![nuages::conf::TemplateSettings {
            APP_DIRS: true,
            ..Default::default()
        }];
        let db = settings.DATABASES.entry("default".into()).or_default();
        db.ENGINE = "nuages.db.backends.sqlite3".into();
        db.NAME = ":memory:".into();
        Project::new(app_dir())
            .app(ContactApp(app_dir()))
            .urls(urlpatterns)
            .settings(settings)
            .setup()
            .await
            .expect("setup")
    })
    .await
}

#[test]
fn form_view_get_invalid_post_and_valid_post() {
    RUNTIME.block_on(async {
        let client = site().await.client();
        let page = client.get("/contact/").await;
        assert_eq!(page.status(), 200);
        let html = page.text();
        assert!(
            html.contains(r#"<input type="text" name="name" maxlength="10" required id="id_name">"#),
            "{html}"
        );
        assert!(!html.ends_with('!'));
        // The overridden widget template is used; the others are Nuages'.
        assert!(
            html.contains(r#"<input type="email" class="custom" name="email" maxlength="320" required id="id_email">"#),
            "{html}"
        );

        let invalid = client
            .post("/contact/", &[("name", "Much too long"), ("email", "x")])
            .await;
        assert_eq!(invalid.status(), 200);
        let html = invalid.text();
        assert!(
            html.contains("<li>Ensure this value has at most 10 characters (it has 13).</li>"),
            "{html}"
        );
        assert!(html.contains("<li>Enter a valid email address.</li>"), "{html}");
        assert!(html.contains(r#"value="Much too long""#), "{html}");
        assert!(html.ends_with('!'));
        assert_eq!(SENT.load(Ordering::SeqCst), 0);

        let valid = client
            .post("/contact/", &[("name", "Ann"), ("email", "ann@example.com")])
            .await;
        assert_eq!(valid.status(), 302);
        assert_eq!(valid.header("location"), Some("/thanks/"));
        assert_eq!(SENT.load(Ordering::SeqCst), 1);

        assert_eq!(
            client
                .request(http::Method::DELETE, "/contact/", &[], Default::default())
                .await
                .status(),
            405
        );
    });
}
