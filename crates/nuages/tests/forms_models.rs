//! ModelForm against a real SQLite database: fields generated from model
//! metadata (rendered as Django 5.2 renders the same models' forms), unique
//! checks, foreign key choices, save creating and updating rows.

use chrono::{DateTime, Utc};
use nuages::db::connections;
use nuages::forms::fields::CharField;
use nuages::forms::models::{ModelChoiceField, ModelForm};
use nuages::forms::widgets;
use nuages::http::QueryDict;
use nuages::prelude::*;
use serde::Serialize;
use tokio::sync::OnceCell;

#[derive(Model, Debug, Clone, Serialize)]
#[model(app_label = "library")]
struct Author {
    id: i64,
    #[field(max_length = 50, unique)]
    name: String,
    #[field(text, blank, help_text = "A few words")]
    bio: String,
}

impl std::fmt::Display for Author {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

#[derive(Model, Debug, Clone, Serialize)]
#[model(app_label = "library")]
struct Book {
    id: i64,
    #[field(max_length = 100, verbose_name = "book title")]
    title: String,
    #[field(on_delete = Cascade)]
    author: ForeignKey<Author>,
    #[field(default = 0)]
    pages: i32,
    #[field(default = false)]
    in_print: bool,
    #[field(blank)]
    published: Option<DateTime<Utc>>,
}

static DB: OnceCell<()> = OnceCell::const_new();
static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// One SQLite file per test binary; every test uses its own names and
/// holds the lock, so the rendering test sees a stable author list.
async fn db() -> tokio::sync::MutexGuard<'static, ()> {
    let guard = LOCK.lock().await;
    DB.get_or_init(|| async {
        let dir = tempfile::tempdir().expect("tempdir").keep();
        let url = format!("sqlite://{}", dir.join("db.sqlite3").display());
        connections::add("default", &url).expect("database");
        let db = connections::get("default").expect("default");
        db.execute_script(
            "CREATE TABLE library_author (id integer PRIMARY KEY AUTOINCREMENT, name varchar(50) NOT NULL UNIQUE, bio text NOT NULL);
             CREATE TABLE library_book (id integer PRIMARY KEY AUTOINCREMENT, title varchar(100) NOT NULL,
                 author_id bigint NOT NULL REFERENCES library_author (id), pages integer NOT NULL,
                 in_print bool NOT NULL, published datetime NULL);
             INSERT INTO library_author (name, bio) VALUES ('Ann', '');",
        )
        .await
        .expect("tables");
    })
    .await;
    guard
}

fn data(q: &str) -> QueryDict {
    QueryDict::parse(q)
}

// Django 5.2.19's rendering of the same models' ModelForms (one author).
const AUTHOR_DIV: &str = "<div>\n    <label for=\"id_name\">Name:</label>\n\n\n\n<input type=\"text\" name=\"name\" maxlength=\"50\" required id=\"id_name\">\n    \n</div>\n\n  <div>\n    <label for=\"id_bio\">Bio:</label>\n\n<div class=\"helptext\" id=\"id_bio_helptext\">A few words</div>\n\n<textarea name=\"bio\" cols=\"40\" rows=\"10\" aria-describedby=\"id_bio_helptext\" id=\"id_bio\">\n</textarea>\n    \n      \n    \n</div>";
const BOOK_DIV: &str = "<div>\n    <label for=\"id_title\">Book title:</label>\n\n\n\n<input type=\"text\" name=\"title\" maxlength=\"100\" required id=\"id_title\">\n    \n</div>\n\n  <div>\n    <label for=\"id_author\">Author:</label>\n\n\n\n<select name=\"author\" required id=\"id_author\">\n  <option value=\"\" selected>---------</option>\n\n  <option value=\"1\">Author object (1)</option>\n\n</select>\n    \n</div>\n\n  <div>\n    <label for=\"id_pages\">Pages:</label>\n\n\n\n<input type=\"number\" name=\"pages\" value=\"0\" required id=\"id_pages\">\n    \n</div>\n\n  <div>\n    <label for=\"id_in_print\">In print:</label>\n\n\n\n<input type=\"checkbox\" name=\"in_print\" id=\"id_in_print\">\n    \n</div>\n\n  <div>\n    <label for=\"id_published\">Published:</label>\n\n\n\n<input type=\"text\" name=\"published\" id=\"id_published\">\n    \n      \n    \n</div>";

#[tokio::test]
async fn generated_fields_render_as_django() {
    let _db = db().await;
    let author = ModelForm::<Author>::meta().form(None).await.expect("form");
    assert_eq!(author.form().as_div(), AUTHOR_DIV);
    let book = ModelForm::<Book>::meta().form(None).await.expect("form");
    // Other tests add authors: each row is one more option, as in Django.
    let options: String = Author::objects()
        .order_by(["id"])
        .all()
        .await
        .expect("authors")
        .iter()
        .map(|a| format!("  <option value=\"{0}\">Author object ({0})</option>\n\n", a.pk()))
        .collect();
    let expected = BOOK_DIV.replace("  <option value=\"1\">Author object (1)</option>\n\n", &options);
    assert_eq!(book.form().as_div(), expected);
}

#[tokio::test]
async fn unique_and_choice_errors_and_save_creates() {
    let _db = db().await;
    let meta = ModelForm::<Author>::meta();
    let mut dup = meta.form(None).await.expect("form").bind(data("name=Ann&bio="));
    assert!(!dup.is_valid().await.expect("query"));
    assert_eq!(
        dup.form().errors_snapshot().as_json(),
        r#"{"name":[{"message":"Author with this Name already exists.","code":"unique"}]}"#
    );
    assert!(dup.save(true).await.is_err(), "an invalid form does not save");

    let mut book = ModelForm::<Book>::meta()
        .form(None)
        .await
        .expect("form")
        .bind(data("title=T&author=99&pages=x"));
    assert!(!book.is_valid().await.expect("query"));
    let errors = book.form().errors_snapshot();
    assert_eq!(
        errors.messages("author"),
        ["Select a valid choice. That choice is not one of the available choices."]
    );
    assert_eq!(errors.messages("pages"), ["Enter a whole number."]);

    let mut new = meta.form(None).await.expect("form").bind(data("name=Bob&bio=Writes."));
    assert!(new.is_valid().await.expect("query"));
    let bob = new.save(true).await.expect("saved");
    assert!(bob.pk() > 0);
    let stored = Author::objects().get_by(Q::new("pk", bob.pk())).await.expect("row");
    assert_eq!((stored.name.as_str(), stored.bio.as_str()), ("Bob", "Writes."));
}

#[tokio::test]
async fn update_keeps_other_fields_and_excludes_self_from_unique() {
    let _db = db().await;
    let carl = Author::objects()
        .create(Author {
            id: 0,
            name: "Carl".into(),
            bio: "Old".into(),
        })
        .await
        .expect("created");
    let meta = ModelForm::<Author>::meta().fields(&["name"]).label("name", "Pen name");
    let unbound = meta.form(Some(carl.clone())).await.expect("form");
    assert!(
        unbound
            .form()
            .as_div()
            .contains(r#"<label for="id_name">Pen name:</label>"#),
        "{}",
        unbound.form().as_div()
    );
    assert!(unbound.form().as_div().contains(r#"value="Carl""#));
    // Saving the same name is not a duplicate of itself.
    let mut same = meta
        .form(Some(carl.clone()))
        .await
        .expect("form")
        .bind(data("name=Carl"));
    assert!(same.is_valid().await.expect("query"));
    let mut renamed = meta
        .form(Some(carl.clone()))
        .await
        .expect("form")
        .bind(data("name=Carla"));
    let saved = renamed.save(true).await.expect("saved");
    assert_eq!(saved.pk(), carl.pk());
    let stored = Author::objects().get_by(Q::new("pk", carl.pk())).await.expect("row");
    assert_eq!((stored.name.as_str(), stored.bio.as_str()), ("Carla", "Old"));
    assert_eq!(
        Author::objects()
            .filter(Q::new("name", "Carl"))
            .count()
            .await
            .expect("count"),
        0
    );
    // commit=false builds the instance without writing it.
    let mut draft = meta.form(Some(saved)).await.expect("form").bind(data("name=Draft"));
    let unsaved = draft.save(false).await.expect("instance");
    assert_eq!(unsaved.name, "Draft");
    assert_eq!(
        Author::objects()
            .filter(Q::new("name", "Draft"))
            .count()
            .await
            .expect("count"),
        0
    );
}

#[tokio::test]
async fn foreign_keys_widgets_overrides_and_model_choice_fields() {
    let _db = db().await;
    let dora = Author::objects()
        .create(Author {
            id: 0,
            name: "Dora".into(),
            bio: String::new(),
        })
        .await
        .expect("created");
    let authors = ModelChoiceField(Author::objects().filter(Q::new("name", "Dora")))
        .await
        .expect("choices");
    let meta = ModelForm::<Book>::meta()
        .exclude(&["published"])
        .field("author", authors)
        .widget("title", widgets::Textarea())
        .field("isbn", CharField().required(false));
    let form = meta.form(None).await.expect("form");
    let html = form.form().as_div();
    assert!(
        html.contains(&format!("<option value=\"{}\">Dora</option>", dora.pk())),
        "{html}"
    );
    assert!(!html.contains(">Ann</option>"), "{html}");
    assert!(html.contains("<textarea name=\"title\""), "{html}");
    assert!(!html.contains("published"), "{html}");
    let names: Vec<&str> = form.form().fields().iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["title", "author", "pages", "in_print", "isbn"]);

    let mut bound = meta
        .form(None)
        .await
        .expect("form")
        .bind(data(&format!("title=Dune&author={}&pages=412&in_print=on", dora.pk())));
    assert!(
        bound.is_valid().await.expect("query"),
        "{:?}",
        bound.form().errors_snapshot()
    );
    let book = bound.save(true).await.expect("saved");
    let stored = Book::objects().get_by(Q::new("pk", book.pk())).await.expect("row");
    assert_eq!(stored.author.id(), dora.pk());
    assert_eq!(
        (stored.title.as_str(), stored.pages, stored.in_print),
        ("Dune", 412, true)
    );
    assert!(stored.published.is_none());
}
