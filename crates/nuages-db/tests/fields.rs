//! Every field type round-trips through the database on every configured
//! backend; options reach the metadata, the migration files, the
//! autodetector and the DDL; a user-defined field type works end to end.

mod common;

use std::net::IpAddr;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone};
use common::{Backend, TestDb, database};
use nuages_db::backends::Vendor;
use nuages_db::backends::base::schema::{SchemaEditor, Statement};
use nuages_db::migrations::autodetector::detect_changes;
use nuages_db::migrations::state::{ModelState, ProjectState};
use nuages_db::migrations::{Migration, Operation, create_table_sql_for, create_table_sql_on, writer};
use nuages_db::models::{CustomKind, FieldKind, FieldType};
use nuages_db::prelude::*;
use nuages_db::{DatabaseErrorKind, connections};
use rust_decimal::Decimal;
use uuid::Uuid;

/// A user-defined field: a `#rrggbb` colour stored as `varchar(7)`, written
/// in migrations as its own class.
#[derive(Debug, Clone, PartialEq)]
pub struct Color(pub String);

impl FieldType for Color {
    fn field_kind() -> FieldKind {
        FieldKind::Custom(CustomKind {
            class_name: "ColorField",
            internal: &FieldKind::CharField { max_length: 7 },
        })
    }
    fn to_value(&self) -> Value {
        Value::Text(self.0.clone())
    }
    fn from_value(value: Value) -> std::result::Result<Self, String> {
        match value {
            Value::Text(s) if s.len() == 7 && s.starts_with('#') => Ok(Color(s)),
            other => Err(format!("not a colour: {other:?}")),
        }
    }
}

fn validate_even(v: &Value) -> std::result::Result<(), String> {
    match v.as_i64() {
        Some(i) if i % 2 != 0 => Err(format!("{i} is not even")),
        _ => Ok(()),
    }
}

#[derive(Model, Debug, Clone, PartialEq)]
#[model(app_label = "fieldtests")]
pub struct Item {
    pub id: i64,
    #[field(max_length = 50)]
    pub name: String,
    #[field(kind = SlugField)]
    pub slug: String,
    #[field(kind = EmailField, unique)]
    pub email: String,
    #[field(kind = URLField, blank)]
    pub url: String,
    pub body: String,
    pub code: Uuid,
    pub small: i16,
    #[field(kind = PositiveIntegerField, validators = [validate_even])]
    pub pos: i32,
    #[field(kind = PositiveSmallIntegerField)]
    pub pos_small: i16,
    #[field(kind = PositiveBigIntegerField)]
    pub pos_big: i64,
    pub big: i64,
    pub ratio: f64,
    #[field(max_digits = 8, decimal_places = 2)]
    pub price: Decimal,
    pub flag: bool,
    pub day: NaiveDate,
    pub at: DateTime<Utc>,
    pub naive_at: NaiveDateTime,
    pub alarm: Option<NaiveTime>,
    pub length: TimeDelta,
    pub data: Vec<u8>,
    pub meta: serde_json::Value,
    #[field(kind = FileField)]
    pub attachment: String,
    #[field(kind = ImageField, null)]
    pub picture: Option<String>,
    pub ip: IpAddr,
    #[field(auto_now_add)]
    pub created: DateTime<Utc>,
    #[field(auto_now)]
    pub updated: DateTime<Utc>,
    #[field(max_length = 1, choices = [("d", "Draft"), ("p", "Published")], default = "d")]
    pub status: String,
    #[field(db_default = 42, editable = false)]
    pub answer: i32,
    pub color: Color,
}

/// An `AutoField` and a `SmallAutoField` primary key on `i32` / `i16`.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app_label = "fieldtests")]
pub struct Tag {
    pub id: i32,
    #[field(max_length = 20)]
    pub label: String,
}

#[derive(Model, Debug, Clone, PartialEq)]
#[model(app_label = "fieldtests")]
pub struct Flag {
    pub id: i16,
    #[field(null)]
    pub rate: Option<TimeDelta>,
}

/// Fields added to (and one altered on) a table that already has a row.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(app_label = "fieldtests")]
pub struct Gadget {
    pub id: i64,
    #[field(max_length = 20)]
    pub name: String,
    #[field(kind = PositiveIntegerField)]
    pub pos: i32,
    #[field(default = serde_json::json!({}))]
    pub meta: serde_json::Value,
    pub length: TimeDelta,
    #[field(max_digits = 6, decimal_places = 2)]
    pub price: Decimal,
    #[field(kind = SlugField, blank)]
    pub slug: String,
    #[field(db_default = 7)]
    pub answer: i32,
    pub flag: bool,
    pub code: Option<Uuid>,
}

fn item(n: i64) -> Item {
    let at = Utc.with_ymd_and_hms(2024, 5, 6, 7, 8, 9).single().expect("datetime") + TimeDelta::microseconds(123_456);
    Item {
        id: 0,
        name: format!("item {n}"),
        slug: format!("item-{n}"),
        email: format!("i{n}@example.com"),
        url: String::new(),
        body: "long text ✓".into(),
        code: Uuid::from_u128(0x1234_5678_9abc_4ef0_8234_5678_9abc_def0 + n as u128),
        small: -3,
        pos: 2 * n as i32,
        pos_small: 7,
        pos_big: 9_000_000_000_000,
        big: -9_000_000_000,
        ratio: 0.25,
        price: Decimal::new(1999 + n, 2),
        flag: n % 2 == 0,
        day: NaiveDate::from_ymd_opt(2024, 2, 29).expect("date"),
        at,
        naive_at: at.naive_utc(),
        alarm: NaiveTime::from_hms_micro_opt(6, 30, 0, 500),
        length: TimeDelta::days(1) + TimeDelta::microseconds(n),
        data: vec![0, 1, 254, 255],
        meta: serde_json::json!({"tags": ["a", "b"], "n": n}),
        attachment: "uploads/file.txt".into(),
        picture: None,
        ip: if n % 2 == 0 {
            "192.0.2.1".parse().expect("ip")
        } else {
            "2001:db8::1".parse().expect("ip")
        },
        created: at,
        updated: at,
        status: "p".into(),
        answer: 1,
        color: Color("#ff8800".into()),
    }
}

async fn setup(name: &str, backend: Backend) -> Option<TestDb> {
    let test_db = database(name, backend).await?;
    let db = connections::get(&test_db.alias).expect("db");
    for meta in [Item::meta(), Tag::meta(), Flag::meta()] {
        db.execute_script(&create_table_sql_on(&db, meta).await.expect("sql"))
            .await
            .expect("table");
    }
    Some(test_db)
}

backend_tests!(
    every_field_type_round_trips,
    lookups_take_typed_values,
    positive_integers_are_checked,
    small_and_plain_auto_fields,
    added_and_altered_fields_apply_on_existing_rows,
);

async fn every_field_type_round_trips(backend: Backend) {
    let Some(test_db) = setup("fields_rt", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    let before = Utc::now();
    let mut a = item(1);
    a.save_using(alias).await.expect("insert");
    // auto_now_add / auto_now were set by save() and written back.
    assert!(a.created >= before && a.updated >= before, "{:?}", a.created);
    let got = Item::objects().using(alias).get().await.expect("get");
    assert_eq!(got.created.timestamp_micros(), a.created.timestamp_micros());
    let mut expected = a.clone();
    expected.created = got.created;
    expected.updated = got.updated;
    assert_eq!(got, expected);

    // An update refreshes auto_now but keeps auto_now_add.
    let mut again = got.clone();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    again.save_using(alias).await.expect("update");
    let reread = Item::objects().using(alias).get().await.expect("get");
    assert_eq!(reread.created, got.created);
    assert!(reread.updated > got.updated);

    // NULLs come back as None; JSON null stays a JSON value.
    let mut b = item(2);
    b.alarm = None;
    b.picture = Some("img/x.png".into());
    b.meta = serde_json::Value::Null;
    b.save_using(alias).await.expect("insert");
    let got = Item::objects()
        .using(alias)
        .filter(Item::ID.eq(b.id))
        .get()
        .await
        .expect("get");
    assert_eq!(got.alarm, None);
    assert_eq!(got.picture.as_deref(), Some("img/x.png"));
    assert_eq!(got.ip, b.ip);
}

async fn lookups_take_typed_values(backend: Backend) {
    let Some(test_db) = setup("fields_lookups", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    for n in 1..=4 {
        item(n).save_using(alias).await.expect("insert");
    }
    let objects = || Item::objects().using(alias);
    let count = |qs: QuerySet<Item>| async move { qs.count().await.expect("count") };
    assert_eq!(count(objects().filter(Item::PRICE.gt(Decimal::new(2001, 2)))).await, 2);
    assert_eq!(count(objects().filter(Item::CODE.eq(item(3).code))).await, 1);
    let day = NaiveDate::from_ymd_opt(2024, 2, 29).expect("date");
    assert_eq!(count(objects().filter(Item::DAY.eq(day))).await, 4);
    assert_eq!(
        count(objects().filter(Item::LENGTH.gt(TimeDelta::days(1) + TimeDelta::microseconds(2)))).await,
        2
    );
    let v4: IpAddr = "192.0.2.1".parse().expect("ip");
    assert_eq!(count(objects().filter(Item::IP.eq(v4))).await, 2);
    assert_eq!(count(objects().filter(Item::FLAG.eq(true))).await, 2);
    let at = item(1).at;
    assert_eq!(count(objects().filter(Item::AT.eq(at))).await, 4);
    assert_eq!(count(objects().filter(Item::NAIVE_AT.lte(at.naive_utc()))).await, 4);
    let t = NaiveTime::from_hms_opt(6, 0, 0).expect("time");
    assert_eq!(count(objects().filter(Item::ALARM.gt(Some(t)))).await, 4);
    assert_eq!(
        count(objects().filter(Item::COLOR.eq(Color("#ff8800".into())))).await,
        4
    );
    assert_eq!(count(objects().filter(Item::SLUG.startswith("item-"))).await, 4);
    assert_eq!(count(objects().filter(Q::new("status", "p"))).await, 4);
}

async fn positive_integers_are_checked(backend: Backend) {
    let Some(test_db) = setup("fields_check", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    let mut bad = item(1);
    bad.pos = -2;
    let err = bad.save_using(alias).await.expect_err("CHECK (pos >= 0)");
    // MySQL's unsigned column refuses the value before the CHECK does
    // (Django's DataError, "Out of range value").
    let expected = if backend == Backend::Mysql {
        DatabaseErrorKind::DatabaseError
    } else {
        DatabaseErrorKind::IntegrityError
    };
    assert!(
        matches!(err, Error::Database { kind, .. } if kind == expected),
        "{err:?}"
    );
    // Unique email.
    item(1).save_using(alias).await.expect("insert");
    let mut dup = item(2);
    dup.email = item(1).email;
    let err = dup.save_using(alias).await.expect_err("unique email");
    assert!(
        matches!(
            err,
            Error::Database {
                kind: DatabaseErrorKind::IntegrityError,
                ..
            }
        ),
        "{err:?}"
    );
}

async fn small_and_plain_auto_fields(backend: Backend) {
    let Some(test_db) = setup("fields_auto", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    let mut t = Tag {
        id: 0,
        label: "x".into(),
    };
    t.save_using(alias).await.expect("insert");
    assert_eq!(t.id, 1);
    let mut f = Flag {
        id: 0,
        rate: Some(TimeDelta::milliseconds(1500)),
    };
    f.save_using(alias).await.expect("insert");
    let got = Flag::objects().using(alias).get().await.expect("get");
    assert_eq!(got, f);
}

async fn added_and_altered_fields_apply_on_existing_rows(backend: Backend) {
    let Some(test_db) = database("fields_add", backend).await else {
        return;
    };
    let db = connections::get(&test_db.alias).expect("db");
    let features = db.features().await.expect("features");
    let after = ProjectState::from_metas(&[Gadget::meta()]);
    let mut before = after.clone();
    let model = before.model_mut("fieldtests", "gadget").expect("model");
    model.fields.retain(|(n, _)| n == "id" || n == "name" || n == "pos");
    for (name, f) in &mut model.fields {
        if name == "pos" {
            f.field_type = "IntegerField".into();
        }
    }
    // One script, so one connection runs it all (as the executor's transaction would).
    let run = |statements: Vec<Statement>| {
        let db = db.clone();
        async move {
            let script = sql_of(statements).join(";\n");
            db.execute_script(&script)
                .await
                .unwrap_or_else(|e| panic!("{script}: {e}"));
        }
    };
    let mut editor = SchemaEditor::with_features(db.vendor(), features);
    editor
        .create_model(before.model("fieldtests", "gadget").expect("model"), &before)
        .expect("create");
    run(editor.finish()).await;
    db.execute_script("INSERT INTO fieldtests_gadget (name, pos) VALUES ('old', 5)")
        .await
        .expect("row");

    let changes = detect_changes("fieldtests", &before, &after).expect("changes");
    let mut editor = SchemaEditor::with_features(db.vendor(), features);
    let mut state = before.clone();
    for op in &changes.operations {
        let mut next = state.clone();
        op.state_forwards("fieldtests", &mut next).expect("state");
        op.database_forwards("fieldtests", &mut editor, &state, &next)
            .expect("ddl");
        state = next;
    }
    run(editor.finish()).await;

    let alias: &str = &test_db.alias;
    let got = Gadget::objects().using(alias).get().await.expect("get");
    assert_eq!((got.name.as_str(), got.pos), ("old", 5));
    assert_eq!(got.meta, serde_json::json!({}));
    assert_eq!(got.length, TimeDelta::zero());
    assert_eq!(got.price, Decimal::ZERO);
    assert_eq!(
        (got.slug.as_str(), got.answer, got.flag, got.code),
        ("", 7, false, None)
    );
    // The altered column now refuses negative numbers.
    let mut bad = got.clone();
    bad.id = 0;
    bad.pos = -1;
    assert!(bad.save_using(alias).await.is_err());
}

#[test]
fn options_reach_the_metadata() {
    let meta = Item::meta();
    let field = |name: &str| meta.get_field(name).expect("field");
    assert_eq!(field("slug").kind, FieldKind::SlugField { max_length: 50 });
    assert!(field("slug").db_index);
    assert_eq!(field("email").kind, FieldKind::EmailField { max_length: 254 });
    assert_eq!(field("attachment").kind, FieldKind::FileField { max_length: 100 });
    assert_eq!(
        field("price").kind,
        FieldKind::DecimalField {
            max_digits: 8,
            decimal_places: 2
        }
    );
    assert_eq!(field("status").choices.len(), 2);
    assert!(field("status").run_validators(&Value::from("x")).is_err());
    assert!(field("status").run_validators(&Value::from("d")).is_ok());
    assert_eq!(
        field("pos").run_validators(&Value::Int(3)),
        Err(vec!["3 is not even".to_owned()])
    );
    assert!(!field("answer").editable && !field("created").editable && field("created").blank);
    assert_eq!(field("answer").db_default, Some(Value::Int(42)));
    assert_eq!(Tag::meta().pk().kind, FieldKind::AutoField);
    assert_eq!(Flag::meta().pk().kind, FieldKind::SmallAutoField);
    assert_eq!(Flag::meta().pk().verbose_name, "ID");
}

fn sql_of(statements: Vec<Statement>) -> Vec<String> {
    statements
        .into_iter()
        .filter_map(|s| match s {
            Statement::Sql(sql) => Some(sql),
            Statement::Comment(_) => None,
        })
        .collect()
}

#[test]
fn migrations_write_and_read_every_option() {
    let to = ProjectState::from_metas(&[Item::meta()]);
    let changes = detect_changes("fieldtests", &ProjectState::default(), &to).expect("changes");
    let migration = Migration {
        app_label: "fieldtests".into(),
        name: "0001_initial".into(),
        initial: true,
        atomic: true,
        dependencies: vec![],
        operations: changes.operations.clone(),
    };
    let text = writer::serialize(&migration);
    for needle in [
        "[\"slug\", { type = \"SlugField\" }]",
        "[\"email\", { type = \"EmailField\", max_length = 254, unique = true }]",
        "[\"price\", { type = \"DecimalField\", decimal_places = 2, max_digits = 8 }]",
        "[\"created\", { type = \"DateTimeField\", auto_now_add = true }]",
        "choices = [[\"d\", \"Draft\"], [\"p\", \"Published\"]]",
        "db_default = 42",
        "editable = false",
        "validators = [\"validate_even\"]",
        "[\"color\", { type = \"ColorField\", internal_type = \"CharField\", max_length = 7 }]",
    ] {
        assert!(text.contains(needle), "{needle} not in:\n{text}");
    }
    let parsed = Migration::parse("fieldtests", "0001_initial", &text).expect("parse");
    assert_eq!(parsed.operations, changes.operations);
    // Replaying the file gives the models' state: nothing left to detect.
    let mut state = ProjectState::default();
    for op in &parsed.operations {
        op.state_forwards("fieldtests", &mut state).expect("state");
    }
    let rest = detect_changes("fieldtests", &state, &to).expect("changes");
    assert!(rest.operations.is_empty(), "{:?}", rest.operations);
}

/// Django's DDL for option changes, on each vendor.
#[test]
fn option_changes_are_altered_fields_with_djangos_ddl() {
    let before = ProjectState::from_metas(&[Item::meta()]);
    let mut after = before.clone();
    let model = after.model_mut("fieldtests", "item").expect("model");
    fn field<'a>(m: &'a mut ModelState, name: &str) -> &'a mut nuages_db::migrations::state::FieldDef {
        m.fields
            .iter_mut()
            .find(|(n, _)| n == name)
            .map(|(_, f)| f)
            .expect("field")
    }
    field(model, "answer").db_default = None;
    field(model, "pos").validators.clear();
    field(model, "slug").db_index = Some(false);
    let changes = detect_changes("fieldtests", &before, &after).expect("changes");
    let altered: Vec<&str> = changes
        .operations
        .iter()
        .filter_map(|op| match op {
            Operation::AlterField { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(altered, ["answer", "pos", "slug"]);

    let ddl = |vendor: Vendor| {
        let mut editor = SchemaEditor::new(vendor);
        for op in &changes.operations {
            op.database_forwards("fieldtests", &mut editor, &before, &after)
                .expect("ddl");
        }
        sql_of(editor.finish())
    };
    assert_eq!(
        ddl(Vendor::Postgresql),
        [
            "ALTER TABLE \"fieldtests_item\" ALTER COLUMN \"answer\" DROP DEFAULT",
            "DROP INDEX IF EXISTS \"fieldtests_item_slug_c85615b9\"",
            "DROP INDEX IF EXISTS \"fieldtests_item_slug_c85615b9_like\"",
        ]
    );
    assert_eq!(
        ddl(Vendor::Mysql),
        [
            "ALTER TABLE `fieldtests_item` ALTER COLUMN `answer` DROP DEFAULT",
            "DROP INDEX `fieldtests_item_slug_c85615b9` ON `fieldtests_item`",
        ]
    );
    // SQLite rebuilds the table for the default, and drops the index.
    let sqlite = ddl(Vendor::Sqlite);
    assert!(
        sqlite
            .iter()
            .any(|s| s.starts_with("CREATE TABLE \"new__fieldtests_item\"")),
        "{sqlite:?}"
    );
    assert!(
        !sqlite.iter().any(|s| s.contains("CREATE INDEX \"fieldtests_item_slug")),
        "{sqlite:?}"
    );
}

#[test]
fn create_table_uses_djangos_types_and_checks() {
    let sqlite = create_table_sql_for(Vendor::Sqlite, Item::meta()).expect("sql");
    for needle in [
        "\"slug\" varchar(50) NOT NULL",
        "\"email\" varchar(254) NOT NULL UNIQUE",
        "\"code\" char(32) NOT NULL",
        "\"pos\" integer unsigned NOT NULL CHECK (\"pos\" >= 0)",
        "\"pos_small\" smallint unsigned NOT NULL CHECK (\"pos_small\" >= 0)",
        "\"price\" decimal NOT NULL",
        "\"day\" date NOT NULL",
        "\"alarm\" time NULL",
        "\"length\" bigint NOT NULL",
        "\"data\" BLOB NOT NULL",
        "\"meta\" text NOT NULL CHECK ((JSON_VALID(\"meta\") OR \"meta\" IS NULL))",
        "\"attachment\" varchar(100) NOT NULL",
        "\"ip\" char(39) NOT NULL",
        "\"answer\" integer DEFAULT 42 NOT NULL",
        "\"color\" varchar(7) NOT NULL",
        "CREATE INDEX \"fieldtests_item_slug_c85615b9\" ON \"fieldtests_item\" (\"slug\");",
    ] {
        assert!(sqlite.contains(needle), "{needle} not in {sqlite}");
    }
    let pg = create_table_sql_for(Vendor::Postgresql, Item::meta()).expect("sql");
    for needle in [
        "\"code\" uuid NOT NULL",
        "\"pos\" integer NOT NULL CHECK (\"pos\" >= 0)",
        "\"price\" numeric(8, 2) NOT NULL",
        "\"length\" interval NOT NULL",
        "\"data\" bytea NOT NULL",
        "\"meta\" jsonb NOT NULL",
        "\"ip\" inet NOT NULL",
        "CREATE INDEX \"fieldtests_item_slug_c85615b9_like\" ON \"fieldtests_item\" (\"slug\" varchar_pattern_ops);",
        "CREATE INDEX \"fieldtests_item_email_",
    ] {
        assert!(pg.contains(needle), "{needle} not in {pg}");
    }
    let mysql = create_table_sql_for(Vendor::Mysql, Item::meta()).expect("sql");
    for needle in [
        "`pos` integer UNSIGNED NOT NULL CHECK (`pos` >= 0)",
        "`price` numeric(8, 2) NOT NULL",
        "`alarm` time(6) NULL",
        "`data` longblob NOT NULL",
        "`meta` json NOT NULL",
        "`body` longtext NOT NULL",
    ] {
        assert!(mysql.contains(needle), "{needle} not in {mysql}");
    }
    let flag = create_table_sql_for(Vendor::Postgresql, Flag::meta()).expect("sql");
    assert!(
        flag.contains("\"id\" smallint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY"),
        "{flag}"
    );
}
