//! CreateView, UpdateView and DeleteView through the test Client against
//! a real SQLite database: GET forms, invalid and valid POSTs, success_url
//! placeholders, 404 for a missing object, default template names.

use std::path::PathBuf;
use std::sync::LazyLock;

use nuages::apps::App;
use nuages::conf::Settings;
use nuages::forms::models::{ModelForm, ModelFormMeta};
use nuages::prelude::*;
use nuages::urls::{URLPattern, path};
use nuages::views::generic::{CreateView, DeleteView, UpdateView};
use nuages::{Project, Site};
use serde::Serialize;
use tokio::runtime::Runtime;
use tokio::sync::OnceCell;

static RUNTIME: LazyLock<Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
});
static SITE: OnceCell<Site> = OnceCell::const_new();

#[derive(Model, Debug, Clone, Serialize)]
#[model(app_label = "notes")]
struct Note {
    id: i64,
    #[field(max_length = 20, unique)]
    title: String,
    #[field(text, blank)]
    body: String,
}

struct NotesApp(PathBuf);

impl App for NotesApp {
    fn label(&self) -> &'static str {
        "notes"
    }

    fn path(&self) -> Option<PathBuf> {
        Some(self.0.clone())
    }
}

fn app_dir() -> PathBuf {
    static DIR: LazyLock<PathBuf> = LazyLock::new(|| {
        let dir = tempfile::tempdir().expect("tempdir").keep();
        std::fs::create_dir_all(dir.join("templates/notes")).expect("mkdir");
        std::fs::create_dir_all(dir.join("migrations")).expect("mkdir");
        let write =
            |name: &str, source: &str| std::fs::write(dir.join("templates/notes").join(name), source).expect("write");
        write(
            "note_form.html",
            "<h1>{% if object %}Edit {{ note.title }}{% else %}New note{% endif %}</h1>{{ extra }}<form method=\"post\">{{ form.as_p }}</form>",
        );
        write("note_confirm_delete.html", "Delete {{ object.title }} ({{ note.id }})?");
        dir
    });
    DIR.clone()
}

struct NoteCreate;

impl CreateView for NoteCreate {
    type Model = Note;

    fn form_meta(&self) -> ModelFormMeta<Note> {
        ModelForm::meta().fields(&["title", "body"])
    }

    fn success_url(&self) -> Option<String> {
        Some("/notes/{id}/edit/?t={title}".into())
    }

    async fn get_context_data(&self, _request: &Request, context: &mut nuages::template::Context) -> Result<()> {
        context.insert("extra", "[extra]");
        Ok(())
    }
}

struct NoteUpdate;

impl UpdateView for NoteUpdate {
    type Model = Note;

    fn form_meta(&self) -> ModelFormMeta<Note> {
        ModelForm::meta().fields(&["title"])
    }

    fn success_url(&self) -> Option<String> {
        Some("/notes/".into())
    }
}

struct NoteDelete;

impl DeleteView for NoteDelete {
    type Model = Note;

    fn success_url(&self) -> Option<String> {
        Some("/notes/?deleted={id}".into())
    }
}

/// Saving without a success_url is Django's ImproperlyConfigured.
struct NoteCreateNoUrl;

impl CreateView for NoteCreateNoUrl {
    type Model = Note;
}

fn urlpatterns() -> Vec<URLPattern> {
    vec![
        path("notes/new/", NoteCreate.as_view()),
        path("notes/new-no-url/", NoteCreateNoUrl.as_view()),
        path("notes/<int:pk>/edit/", NoteUpdate.as_view()),
        path("notes/<int:pk>/delete/", NoteDelete.as_view()),
    ]
}

async fn site() -> &'static Site {
    SITE.get_or_init(|| async {
        let mut settings = Settings::for_tests();
        settings.INSTALLED_APPS = vec!["notes".into()];
        settings.TEMPLATES = vec![nuages::conf::TemplateSettings {
            APP_DIRS: true,
            ..Default::default()
        }];
        let db = settings.DATABASES.entry("default".into()).or_default();
        db.ENGINE = "nuages.db.backends.sqlite3".into();
        db.NAME = app_dir().join("db.sqlite3").display().to_string();
        let site = Project::new(app_dir())
            .app(NotesApp(app_dir()))
            .urls(urlpatterns)
            .settings(settings)
            .setup()
            .await
            .expect("setup");
        nuages::db::connections::get("default")
            .expect("db")
            .execute_script(
                "CREATE TABLE notes_note (id integer PRIMARY KEY AUTOINCREMENT, title varchar(20) NOT NULL UNIQUE, body text NOT NULL)",
            )
            .await
            .expect("table");
        site
    })
    .await
}

#[test]
fn create_update_delete() {
    RUNTIME.block_on(async {
        let client = site().await.client();

        // CreateView: GET shows the empty form in <app>/<model>_form.html.
        let page = client.get("/notes/new/").await;
        assert_eq!(page.status(), 200);
        let html = page.text();
        assert!(html.starts_with("<h1>New note</h1>[extra]<form"), "{html}");
        assert!(
            html.contains(r#"<input type="text" name="title" maxlength="20" required id="id_title">"#),
            "{html}"
        );

        // Invalid: re-rendered with errors, nothing saved.
        let invalid = client.post("/notes/new/", &[("title", ""), ("body", "b")]).await;
        assert_eq!(invalid.status(), 200);
        assert!(invalid.text().contains("This field is required."), "{}", invalid.text());
        assert_eq!(Note::objects().count().await.expect("count"), 0);

        // Valid: saved, redirected with placeholders filled.
        let created = client
            .post("/notes/new/", &[("title", "First"), ("body", "Hello")])
            .await;
        assert_eq!(created.status(), 302, "{}", created.text());
        let note = Note::objects().get_by(Q::new("title", "First")).await.expect("saved");
        assert_eq!(note.body, "Hello");
        assert_eq!(
            created.header("location"),
            Some(format!("/notes/{}/edit/?t=First", note.id).as_str())
        );

        // Unique check through the view.
        let dup = client.post("/notes/new/", &[("title", "First")]).await;
        assert_eq!(dup.status(), 200);
        assert!(
            dup.text().contains("Note with this Title already exists."),
            "{}",
            dup.text()
        );

        // No success_url: an error (500), as Django's ImproperlyConfigured,
        // but the row was saved first, as in Django.
        let no_url = client.post("/notes/new-no-url/", &[("title", "Second")]).await;
        assert_eq!(no_url.status(), 500);

        // UpdateView: GET shows the object's values; the context has
        // object and note.
        let edit_url = format!("/notes/{}/edit/", note.id);
        let page = client.get(&edit_url).await;
        assert_eq!(page.status(), 200);
        let html = page.text();
        assert!(html.starts_with("<h1>Edit First</h1>"), "{html}");
        assert!(html.contains(r#"value="First""#), "{html}");
        let updated = client.post(&edit_url, &[("title", "Renamed")]).await;
        assert_eq!(updated.status(), 302);
        assert_eq!(updated.header("location"), Some("/notes/"));
        let stored = Note::objects().get_by(Q::new("pk", note.id)).await.expect("row");
        assert_eq!((stored.title.as_str(), stored.body.as_str()), ("Renamed", "Hello"));
        let clash = client.post(&edit_url, &[("title", "Second")]).await;
        assert_eq!(clash.status(), 200);
        assert!(clash.text().contains("Note with this Title already exists."));
        assert_eq!(client.get("/notes/999/edit/").await.status(), 404);

        // DeleteView: GET confirms, POST deletes and redirects.
        let delete_url = format!("/notes/{}/delete/", note.id);
        let confirm = client.get(&delete_url).await;
        assert_eq!(confirm.status(), 200);
        assert_eq!(confirm.text(), format!("Delete Renamed ({})?", note.id));
        let deleted = client.post(&delete_url, &[]).await;
        assert_eq!(deleted.status(), 302);
        assert_eq!(
            deleted.header("location"),
            Some(format!("/notes/?deleted={}", note.id).as_str())
        );
        assert!(
            !Note::objects()
                .filter(Q::new("pk", note.id))
                .exists()
                .await
                .expect("exists")
        );
        assert_eq!(client.post(&delete_url, &[]).await.status(), 404);
    });
}
