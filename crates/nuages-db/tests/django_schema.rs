//! "Compatible with Django": the schema Nuages creates for the models of
//! `scripts/django_schema/compat/models.py` equals the schema Django 5.2
//! creates for them, on every configured backend.
//!
//! `scripts/django_schema/generate.sh` ran Django and recorded its schema in
//! `tests/django_schema/<vendor>.json` with the introspection queries of
//! `tests/django_schema/queries.json`; this test runs the same queries on
//! the tables Nuages creates and compares, table by table. No Python needed.

mod common;

use std::collections::BTreeMap;
use std::net::IpAddr;

use common::{Backend, database};
use nuages_db::connections;
use nuages_db::migrations::create_table_sql_on;
use nuages_db::prelude::*;

#[derive(Model, Debug, Clone)]
#[model(app_label = "compat")]
pub struct Author {
    pub id: i64,
    #[field(max_length = 100)]
    pub name: String,
    #[field(kind = EmailField, unique)]
    pub email: String,
    #[field(kind = SlugField)]
    pub slug: String,
    #[field(kind = URLField, blank)]
    pub website: String,
    #[field(blank)]
    pub bio: Option<String>,
    #[field(unique)]
    pub uuid: Uuid,
    #[field(max_length = 30, db_column = "legacy_name", db_index)]
    pub legacy: String,
    #[field(kind = SlugField, max_length = 40, unique)]
    pub code: String,
    #[field(db_default = "anon")]
    pub nickname: String,
}

#[derive(Model, Debug, Clone)]
#[model(app_label = "compat")]
pub struct Tag {
    pub id: i32,
    #[field(max_length = 20, unique)]
    pub label: String,
}

#[derive(Model, Debug, Clone)]
#[model(app_label = "compat")]
pub struct Flag {
    pub id: i16,
    pub rate: Option<TimeDelta>,
    #[field(max_length = 10, db_default = "x", blank)]
    pub note: String,
}

#[derive(Model, Debug, Clone)]
#[model(app_label = "compat")]
pub struct Book {
    pub id: i64,
    #[field(on_delete = Cascade)]
    pub author: ForeignKey<Author>,
    #[field(on_delete = SetNull, related_name = "edited")]
    pub editor: Option<ForeignKey<Author>>,
    #[field(on_delete = Protect)]
    pub tag: Option<ForeignKey<Tag>>,
    #[field(on_delete = Cascade)]
    pub flag: Option<ForeignKey<Flag>>,
    #[field(max_length = 200, db_index)]
    pub title: String,
    pub small: i16,
    #[field(default = 0)]
    pub count: i32,
    pub big: Option<i64>,
    #[field(kind = PositiveIntegerField)]
    pub pos: i32,
    #[field(kind = PositiveSmallIntegerField)]
    pub pos_small: i16,
    #[field(kind = PositiveBigIntegerField)]
    pub pos_big: i64,
    pub rating: f64,
    #[field(max_digits = 8, decimal_places = 2)]
    pub price: Decimal,
    #[field(default = true)]
    pub in_print: bool,
    pub published: NaiveDate,
    #[field(auto_now_add)]
    pub created: DateTime<Utc>,
    #[field(auto_now)]
    pub updated: DateTime<Utc>,
    pub at: Option<NaiveTime>,
    pub length: TimeDelta,
    pub data: Vec<u8>,
    pub meta: serde_json::Value,
    #[field(kind = FileField)]
    pub cover: String,
    #[field(kind = ImageField)]
    pub image: Option<String>,
    pub ip: Option<IpAddr>,
    #[field(max_length = 1, choices = [("d", "Draft"), ("p", "Published")], default = "d")]
    pub status: String,
    #[field(db_default = 42)]
    pub answer: i32,
    #[field(unique)]
    pub score: Option<i32>,
}

type Rows = Vec<Vec<Option<String>>>;

fn fixture(name: &str) -> serde_json::Value {
    let path = format!("{}/tests/django_schema/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn vendor_key(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgresql",
        Backend::Mysql => "mysql",
    }
}

async fn rows(alias: &str, sql: &str) -> Rows {
    let db = connections::get(alias).expect("db");
    let rows = db.fetch_all(sql, &[]).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
    rows.into_iter()
        .map(|row| {
            row.into_iter()
                .map(|v| if v.is_null() { None } else { Some(v.to_text()) })
                .collect()
        })
        .collect()
}

backend_tests!(schema_equals_djangos);

async fn schema_equals_djangos(backend: Backend) {
    let Some(test_db) = database("django_schema", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    let db = connections::get(alias).expect("db");
    for meta in [Author::meta(), Tag::meta(), Flag::meta(), Book::meta()] {
        db.execute_script(&create_table_sql_on(&db, meta).await.expect("sql"))
            .await
            .expect("create table");
    }
    let key = vendor_key(backend);
    let queries = fixture("queries.json")[key].clone();
    let expected = fixture(&format!("{key}.json"));
    let expected: BTreeMap<String, BTreeMap<String, Rows>> =
        serde_json::from_value(expected["tables"].clone()).expect("tables");

    let tables: Vec<String> = rows(alias, queries["tables"].as_str().expect("query"))
        .await
        .into_iter()
        .filter_map(|r| r.into_iter().next().flatten())
        .collect();
    assert_eq!(tables, expected.keys().cloned().collect::<Vec<_>>(), "tables on {key}");

    let mut differences = Vec::new();
    for (table, django) in &expected {
        for (what, django_rows) in django {
            let sql = queries[what.as_str()]
                .as_str()
                .expect("query")
                .replace("{table}", table);
            let ours = rows(alias, &sql).await;
            if &ours != django_rows {
                differences.push(format!(
                    "{key} {table} {what}:\n  django: {django_rows:?}\n  nuages: {ours:?}"
                ));
            }
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
