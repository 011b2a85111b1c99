//! Many-to-many intermediary tables: the DDL equals Django's, and
//! makemigrations / migrate / rollback create and drop them on every
//! configured backend.

mod common;

use common::{Backend, database};
use nuages_db::migrations::{AppMigrations, create_table_sql, makemigrations, migrate, sqlmigrate};
use nuages_db::prelude::*;

const NONE: &[&str] = &[];

#[derive(Model, Debug, Clone)]
#[model(app_label = "auth")]
pub struct Group {
    pub id: i64,
    #[field(max_length = 150, unique)]
    pub name: String,
}

#[derive(Model, Debug, Clone)]
#[model(app_label = "auth")]
pub struct User {
    pub id: i64,
    #[field(max_length = 150)]
    pub username: String,
    #[field(blank, related_name = "user_set", related_query_name = "user")]
    pub groups: ManyToMany<Group>,
}

/// The same User after adding a second many-to-many field with its own table name.
#[allow(dead_code)]
mod v2 {
    use super::Group;
    use nuages_db::prelude::*;

    #[derive(Model, Debug, Clone)]
    #[model(app_label = "auth")]
    pub struct User {
        pub id: i64,
        #[field(max_length = 150)]
        pub username: String,
        #[field(blank, related_name = "user_set", related_query_name = "user")]
        pub groups: ManyToMany<Group>,
        #[field(related_name = "+", db_table = "auth_user_watched")]
        pub watched: ManyToMany<Group>,
    }
}

#[test]
fn intermediary_table_matches_django() {
    // Django 5.2's sqlmigrate for auth.User.groups on SQLite (with bigint keys).
    assert_eq!(
        create_table_sql(User::meta()).expect("sql"),
        "CREATE TABLE \"auth_user\" (\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, \
         \"username\" varchar(150) NOT NULL);\n\
         CREATE TABLE \"auth_user_groups\" (\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, \
         \"user_id\" bigint NOT NULL REFERENCES \"auth_user\" (\"id\") DEFERRABLE INITIALLY DEFERRED, \
         \"group_id\" bigint NOT NULL REFERENCES \"auth_group\" (\"id\") DEFERRABLE INITIALLY DEFERRED);\n\
         CREATE UNIQUE INDEX \"auth_user_groups_user_id_group_id_94350c0c_uniq\" ON \"auth_user_groups\" (\"user_id\", \"group_id\");\n\
         CREATE INDEX \"auth_user_groups_user_id_6a12ed8b\" ON \"auth_user_groups\" (\"user_id\");\n\
         CREATE INDEX \"auth_user_groups_group_id_97559544\" ON \"auth_user_groups\" (\"group_id\");"
    );
    let m2m = User::meta().get_many_to_many("groups").expect("field");
    assert_eq!(m2m.m2m_db_table(), "auth_user_groups");
    assert_eq!(m2m.through_meta().label(), "auth.User_groups");
    assert!(User::meta().get_field("groups").is_none(), "no column");
}

backend_tests!(migrations_create_and_drop_intermediary_tables);

async fn migrations_create_and_drop_intermediary_tables(backend: Backend) {
    let Some(test_db) = database("m2mmig", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    let scratch = tempfile::tempdir().expect("dir");
    let dir = scratch.path().join("auth").join("migrations");
    let v1 = vec![AppMigrations::new("auth", vec![Group::meta(), User::meta()], &dir)];
    let v2 = vec![AppMigrations::new("auth", vec![Group::meta(), v2::User::meta()], &dir)];

    let lines = makemigrations(&v1, NONE, false).expect("makemigrations");
    assert_eq!(&lines[2..], ["    + Create model Group", "    + Create model User"]);
    let text = std::fs::read_to_string(dir.join("0001_initial.toml")).expect("file");
    assert!(
        text.contains(
            r#"["groups", { type = "ManyToManyField", blank = true, related_name = "user_set", related_query_name = "user", to = "auth.group" }]"#
        ),
        "{text}"
    );
    assert_eq!(
        makemigrations(&v1, NONE, false).expect("again"),
        ["No changes detected"]
    );
    let sql = sqlmigrate(alias, &v1, "auth", "0001", false)
        .await
        .expect("sql")
        .join("\n");
    let q = |s: &str| match backend {
        Backend::Mysql => format!("`{s}`"),
        _ => format!("\"{s}\""),
    };
    let unique = match backend {
        Backend::Sqlite => format!(
            "CREATE UNIQUE INDEX {} ON {} ({}, {});",
            q("auth_user_groups_user_id_group_id_94350c0c_uniq"),
            q("auth_user_groups"),
            q("user_id"),
            q("group_id")
        ),
        _ => format!(
            "ALTER TABLE {} ADD CONSTRAINT {} UNIQUE ({}, {});",
            q("auth_user_groups"),
            q("auth_user_groups_user_id_group_id_94350c0c_uniq"),
            q("user_id"),
            q("group_id")
        ),
    };
    assert!(sql.contains(&unique), "{unique}\nnot in\n{sql}");

    migrate(alias, &v1, None, None).await.expect("migrate");
    assert_eq!(test_db.columns("auth_user_groups").await, ["id", "user_id", "group_id"]);
    let group = Group::objects()
        .using(alias)
        .create(Group {
            id: 0,
            name: "staff".into(),
        })
        .await
        .expect("group");
    let user = User::objects()
        .using(alias)
        .create(User {
            id: 0,
            username: "ann".into(),
            groups: ManyToMany::new(),
        })
        .await
        .expect("user");
    user.groups().using(alias).add([&group]).await.expect("add");
    let found = User::objects()
        .using(alias)
        .filter(Q::new("groups__name", "staff"))
        .get()
        .await
        .expect("lookup");
    assert_eq!(found.username, "ann");
    let reverse = Group::objects()
        .using(alias)
        .filter(Q::new("user__username", "ann"))
        .count()
        .await
        .expect("related_query_name");
    assert_eq!(reverse, 1);

    // A many-to-many field added later: AddField creates its table (no
    // one-off default asked), and rolling back drops it.
    let lines = makemigrations(&v2, NONE, false).expect("add m2m");
    assert_eq!(
        lines.last().map(String::as_str),
        Some("    + Add field watched to user")
    );
    migrate(alias, &v2, None, None).await.expect("migrate v2");
    assert_eq!(
        test_db.columns("auth_user_watched").await,
        ["id", "user_id", "group_id"]
    );
    assert_eq!(
        test_db.columns("auth_user").await,
        ["id", "username"],
        "no column added"
    );
    migrate(alias, &v2, Some("auth"), Some("0001")).await.expect("rollback");
    assert!(test_db.columns("auth_user_watched").await.is_empty());
    assert_eq!(user.groups().using(alias).count().await.expect("kept"), 1);
    migrate(alias, &v2, Some("auth"), Some("zero")).await.expect("to zero");
    assert!(test_db.columns("auth_user_groups").await.is_empty());
}
