//! QuerySet behaviour on every configured backend (SQLite always;
//! PostgreSQL and MariaDB/MySQL with their features and URLs): CRUD,
//! filters, ordering, slicing, errors, F() updates under concurrency,
//! cascades, transactions.

mod common;

use common::{Backend, Choice, ChoiceQuestionReverse, Question, TestDb, database, question};
use nuages_db::connections;
use nuages_db::migrations::create_table_sql_for;
use nuages_db::models::F;
use nuages_db::prelude::*;
use nuages_db::transaction::atomic_using;

backend_tests!(
    crud_round_trip,
    filters_ordering_slicing,
    get_errors_name_the_model,
    f_updates_do_not_lose_concurrent_votes,
    atomic_rolls_back_and_nests_with_savepoints,
    raw_sql_escape_hatch,
    integrity_errors_are_classified,
    exhausted_pool_errors_then_recovers,
);

/// A fresh database with the polls tables, or `None` when `backend` is not configured.
async fn setup(name: &str, backend: Backend) -> Option<TestDb> {
    let test_db = database(name, backend).await?;
    let db = connections::get(&test_db.alias).expect("db");
    for meta in [Question::meta(), Choice::meta()] {
        db.execute_script(&create_table_sql_for(db.vendor(), meta).expect("sql"))
            .await
            .expect("table");
    }
    Some(test_db)
}

async fn crud_round_trip(backend: Backend) {
    let Some(test_db) = setup("crud", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    let objects = || Question::objects().using(alias);
    let mut q = question("What's new?", 1);
    q.save_using(alias).await.expect("insert");
    assert_eq!(q.id, 1);
    q.question_text = "What's up?".into();
    q.save_using(alias).await.expect("update");
    assert_eq!(objects().count().await.expect("count"), 1);
    let got = objects().filter(Question::ID.eq(1)).get().await.expect("get");
    assert_eq!(got.question_text, "What's up?");
    // The stored datetime keeps microseconds and round-trips.
    assert_eq!(got.pub_date.timestamp_micros(), q.pub_date.timestamp_micros());

    let c = Choice::objects()
        .using(alias)
        .create(Choice {
            id: 0,
            question: (&got).into(),
            choice_text: "Not much".into(),
            votes: 0,
        })
        .await
        .expect("create");
    assert_eq!(c.question.id(), got.id);
    assert_eq!(got.choice_set().using(alias).count().await.expect("count"), 1);
    assert_eq!(
        got.related(Choice::QUESTION)
            .using(alias)
            .all()
            .await
            .expect("all")
            .len(),
        1
    );

    let deleted = objects().filter(Q::new("pk", got.id)).delete().await.expect("delete");
    assert_eq!(deleted.total, 2, "question and its choice (CASCADE)");
    assert_eq!(deleted.per_model.get("polls.Choice"), Some(&1));
    assert_eq!(Choice::objects().using(alias).count().await.expect("count"), 0);
}

async fn filters_ordering_slicing(backend: Backend) {
    let Some(test_db) = setup("filters", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    for (text, days) in [("past one", 3), ("past two", 2), ("recent", 1), ("future", -5)] {
        Question::objects()
            .using(alias)
            .create(question(text, days))
            .await
            .expect("create");
    }
    let qs = || Question::objects().using(alias);
    let now = Utc::now();
    let published = qs()
        .filter(Question::PUB_DATE.lte(now))
        .order_by(["-pub_date"])
        .all()
        .await
        .expect("all");
    let texts: Vec<&str> = published.iter().map(|q| q.question_text.as_str()).collect();
    assert_eq!(texts, ["recent", "past two", "past one"]);

    let string_lookup = qs().filter(Q::new("pub_date__lte", now)).count().await.expect("count");
    assert_eq!(string_lookup, 3);
    assert_eq!(
        qs().exclude(Question::QUESTION_TEXT.startswith("past"))
            .count()
            .await
            .expect("count"),
        2
    );
    assert_eq!(
        qs().filter(Question::QUESTION_TEXT.icontains("PAST"))
            .count()
            .await
            .expect("count"),
        2
    );
    assert_eq!(
        qs().filter(Question::QUESTION_TEXT.contains("50%"))
            .count()
            .await
            .expect("count"),
        0
    );
    // `contains` is case-sensitive on PostgreSQL and MySQL (`LIKE BINARY`);
    // SQLite's LIKE ignores ASCII case (Django's documented caveat).
    let sensitive = qs()
        .filter(Question::QUESTION_TEXT.contains("PAST"))
        .count()
        .await
        .expect("count");
    assert_eq!(sensitive, if backend == Backend::Sqlite { 2 } else { 0 });
    assert_eq!(
        qs().filter(Question::QUESTION_TEXT.iexact("RECENT"))
            .count()
            .await
            .expect("count"),
        1
    );
    assert_eq!(
        qs().filter(Q::new("question_text__iendswith", "ONE"))
            .count()
            .await
            .expect("count"),
        1
    );
    assert_eq!(qs().filter(Question::ID.in_([1, 3])).count().await.expect("count"), 2);
    assert_eq!(
        qs().filter(Question::ID.in_(Vec::<i64>::new()))
            .count()
            .await
            .expect("count"),
        0
    );
    let or = Q::new("question_text", "recent") | Q::new("question_text", "future");
    assert_eq!(qs().filter(or.clone()).count().await.expect("count"), 2);
    assert_eq!(qs().filter(!or).count().await.expect("count"), 2);

    let sliced = qs().order_by(["id"]).slice(1..3).all().await.expect("slice");
    assert_eq!(sliced.iter().map(|q| q.id).collect::<Vec<_>>(), [2, 3]);
    let tail = qs().order_by(["id"]).slice(2..).all().await.expect("slice");
    assert_eq!(tail.iter().map(|q| q.id).collect::<Vec<_>>(), [3, 4]);
    assert_eq!(
        qs().order_by(["id"])
            .slice(1..)
            .slice(..2)
            .count()
            .await
            .expect("count"),
        2
    );
    assert_eq!(
        qs().order_by(["-id"]).first().await.expect("first").map(|q| q.id),
        Some(4)
    );
    assert_eq!(qs().last().await.expect("last").map(|q| q.id), Some(4));
    assert!(qs().filter(Question::ID.eq(4)).exists().await.expect("exists"));
    assert!(!qs().filter(Question::ID.gt(4)).exists().await.expect("exists"));

    // Lookups across the foreign key (a join).
    let q1 = qs().filter(Question::ID.eq(1)).get().await.expect("get");
    Choice::objects()
        .using(alias)
        .create(Choice {
            id: 0,
            question: (&q1).into(),
            choice_text: "a".into(),
            votes: 0,
        })
        .await
        .expect("choice");
    let via_join = Choice::objects()
        .using(alias)
        .filter(Q::new("question__question_text__startswith", "past"))
        .count()
        .await
        .expect("join");
    assert_eq!(via_join, 1);
    let by_id = Choice::objects()
        .using(alias)
        .filter(Q::new("question_id", 1))
        .count()
        .await
        .expect("fk");
    assert_eq!(by_id, 1);
    let ordered = Choice::objects()
        .using(alias)
        .order_by(["-question__pub_date"])
        .all()
        .await
        .expect("order");
    assert_eq!(ordered.len(), 1);
}

async fn get_errors_name_the_model(backend: Backend) {
    let Some(test_db) = setup("errors", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    let qs = || Question::objects().using(alias);
    let err = qs().filter(Question::ID.eq(99)).get().await.expect_err("missing");
    assert!(err.is_does_not_exist());
    assert_eq!(err.to_string(), "Question matching query does not exist.");
    qs().create(question("a", 1)).await.expect("create");
    qs().create(question("b", 1)).await.expect("create");
    let err = qs().get().await.expect_err("two");
    assert_eq!(
        err.to_string(),
        "get() returned more than one Question -- it returned 2!"
    );
    let err = qs().filter(Q::new("nope__lte", 1)).all().await.expect_err("bad field");
    assert!(matches!(err, Error::FieldError { model: "Question", .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "Cannot resolve keyword 'nope' into field. Choices are: choice, id, pub_date, question_text"
    );
    let err = qs()
        .filter(Q::new("question_text__bogus", 1))
        .count()
        .await
        .expect_err("bad lookup");
    assert!(
        err.to_string().contains("Unsupported lookup 'bogus' for CharField"),
        "{err}"
    );
    let err = connections::get("missing").expect_err("alias");
    assert_eq!(err.to_string(), "The connection 'missing' doesn't exist.");
}

async fn f_updates_do_not_lose_concurrent_votes(backend: Backend) {
    let Some(test_db) = setup("votes", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    let q = Question::objects()
        .using(alias)
        .create(question("q", 1))
        .await
        .expect("q");
    let c = Choice::objects()
        .using(alias)
        .create(Choice {
            id: 0,
            question: (&q).into(),
            choice_text: "c".into(),
            votes: 0,
        })
        .await
        .expect("c");
    let mut tasks = Vec::new();
    for _ in 0..40 {
        let id = c.id;
        let alias = alias.to_owned();
        tasks.push(tokio::spawn(async move {
            Choice::objects()
                .using(&alias)
                .filter(Choice::ID.eq(id))
                .update([(Choice::VOTES, F::new("votes") + 1)])
                .await
        }));
    }
    for t in tasks {
        assert_eq!(t.await.expect("join").expect("update"), 1);
    }
    let c = Choice::objects()
        .using(alias)
        .filter(Choice::ID.eq(c.id))
        .get()
        .await
        .expect("get");
    assert_eq!(c.votes, 40);
    let n = Choice::objects()
        .using(alias)
        .update([
            Choice::VOTES.set(F::new("votes") * 2 - 10),
            Choice::CHOICE_TEXT.set("d"),
        ])
        .await
        .expect("update");
    assert_eq!(n, 1);
    let c = Choice::objects().using(alias).get().await.expect("get");
    assert_eq!((c.votes, c.choice_text.as_str()), (70, "d"));
}

async fn atomic_rolls_back_and_nests_with_savepoints(backend: Backend) {
    let Some(test_db) = setup("atomic", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    let qs = || Question::objects().using(alias);
    let out: Result<(), Error> = atomic_using(alias, async {
        qs().create(question("kept?", 1)).await?;
        Err(Error::Migration("boom".into()))
    })
    .await;
    assert!(out.is_err());
    assert_eq!(qs().count().await.expect("count"), 0, "rolled back");

    atomic_using(alias, async {
        qs().create(question("outer", 1)).await?;
        let inner: Result<(), Error> = atomic_using(alias, async {
            qs().create(question("inner", 1)).await?;
            Err(Error::Migration("inner fails".into()))
        })
        .await;
        assert!(inner.is_err());
        assert_eq!(qs().count().await?, 1, "savepoint rolled back only the inner block");
        Ok::<_, Error>(())
    })
    .await
    .expect("outer commits");
    assert_eq!(qs().count().await.expect("count"), 1);
}

async fn raw_sql_escape_hatch(backend: Backend) {
    let Some(test_db) = setup("raw", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    let db = connections::get(alias).expect("db");
    let n = db
        .execute(
            &format!(
                "INSERT INTO polls_question (question_text, pub_date) VALUES ({}, {})",
                test_db.ph(1),
                test_db.ph(2)
            ),
            &[Value::from("raw"), Value::from(Utc::now())],
        )
        .await
        .expect("insert");
    assert_eq!(n, 1);
    let rows = db
        .fetch_all("SELECT id, question_text FROM polls_question", &[])
        .await
        .expect("rows");
    assert_eq!(rows, vec![vec![Value::Int(1), Value::Text("raw".into())]]);
    let q = Question::objects()
        .using(alias)
        .get()
        .await
        .expect("orm reads raw rows");
    assert_eq!(q.question_text, "raw");
}

async fn integrity_errors_are_classified(backend: Backend) {
    let Some(test_db) = setup("integrity", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    let q = Question::objects()
        .using(alias)
        .create(question("q", 1))
        .await
        .expect("q");
    // A duplicate primary key.
    let err = Question::objects()
        .using(alias)
        .create(Question {
            id: q.id,
            ..question("dup", 1)
        })
        .await;
    // save() with a set pk UPDATEs the existing row, as Django's does.
    assert!(err.is_ok(), "{err:?}");
    assert_eq!(Question::objects().using(alias).count().await.expect("count"), 1);
    // A dangling foreign key fails (at COMMIT where constraints are deferred).
    let out: Result<Choice, Error> = atomic_using(alias, async {
        Choice::objects()
            .using(alias)
            .create(Choice {
                id: 0,
                question: ForeignKey::new(999),
                choice_text: "x".into(),
                votes: 0,
            })
            .await
    })
    .await;
    let err = out.expect_err("foreign key violation");
    assert_eq!(
        err.database_kind(),
        Some(nuages_db::DatabaseErrorKind::IntegrityError),
        "{err}"
    );
    if backend != Backend::Sqlite {
        // The servers name the constraint, which carries Django's name.
        assert!(
            err.to_string()
                .contains("polls_choice_question_id_c5b4b260_fk_polls_question_id"),
            "{err}"
        );
    }
    // A missing table is a ProgrammingError on the servers, as in Django.
    let err = connections::get(alias)
        .expect("db")
        .fetch_all("SELECT * FROM no_such_table", &[])
        .await
        .expect_err("table");
    let expected = match backend {
        Backend::Sqlite => nuages_db::DatabaseErrorKind::OperationalError,
        _ => nuages_db::DatabaseErrorKind::ProgrammingError,
    };
    assert_eq!(err.database_kind(), Some(expected), "{err}");
    assert_eq!(
        Choice::objects().using(alias).count().await.expect("count"),
        0,
        "rolled back"
    );
    // The pool still serves after the error.
    assert_eq!(Question::objects().using(alias).count().await.expect("count"), 1);
}

/// An unreachable server is an `OperationalError` once `connect_timeout`
/// has passed: never a panic or a hang.
#[cfg(any(feature = "postgres", feature = "mysql"))]
#[tokio::test]
async fn unreachable_server_errors_within_the_timeout() {
    let mut urls = Vec::new();
    if cfg!(feature = "postgres") {
        urls.push("postgres://postgres@127.0.0.1:9/nowhere?connect_timeout=1");
    }
    if cfg!(feature = "mysql") {
        urls.push("mysql://root@127.0.0.1:9/nowhere?connect_timeout=1");
    }
    for (i, url) in urls.into_iter().enumerate() {
        let alias = format!("unreachable{i}");
        connections::add(&alias, url).expect("configure");
        let started = std::time::Instant::now();
        let err = Question::objects().using(&alias).count().await.expect_err("no server");
        assert_eq!(
            err.database_kind(),
            Some(nuages_db::DatabaseErrorKind::OperationalError),
            "{url}: {err}"
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{url}: {:?}",
            started.elapsed()
        );
    }
}

/// Every connection held by open transactions: the next query is an
/// `OperationalError` once `connect_timeout` has passed, and queries work
/// again when the connections come back.
async fn exhausted_pool_errors_then_recovers(backend: Backend) {
    if backend == Backend::Sqlite {
        return; // SQLite's pool is per file and local; nothing to exhaust remotely.
    }
    let Some(test_db) = setup("exhaust", backend).await else {
        return;
    };
    let url = connections::get(&test_db.alias).expect("db").url().to_owned();
    let alias = format!("{}_short", test_db.alias);
    connections::add(&alias, &format!("{url}?connect_timeout=1")).expect("configure");
    let (release, _) = tokio::sync::broadcast::channel::<()>(1);
    let (held_tx, mut held_rx) = tokio::sync::mpsc::channel::<()>(16);
    let mut holders = Vec::new();
    for _ in 0..10 {
        let alias = alias.clone();
        let mut release = release.subscribe();
        let held_tx = held_tx.clone();
        holders.push(tokio::spawn(async move {
            atomic_using(&alias, async {
                let _ = held_tx.send(()).await;
                let _ = release.recv().await;
                Ok::<_, Error>(())
            })
            .await
        }));
    }
    for _ in 0..10 {
        held_rx.recv().await.expect("holder started");
    }
    let started = std::time::Instant::now();
    let err = Question::objects()
        .using(&alias)
        .count()
        .await
        .expect_err("pool exhausted");
    assert_eq!(
        err.database_kind(),
        Some(nuages_db::DatabaseErrorKind::OperationalError),
        "{err}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    release.send(()).expect("release");
    for h in holders {
        h.await.expect("join").expect("holder commits");
    }
    assert_eq!(Question::objects().using(&alias).count().await.expect("recovered"), 0);
}
