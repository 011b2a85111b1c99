//! F() arithmetic, Value, Case/When, Coalesce, Cast, text and date
//! functions, Subquery/OuterRef/Exists, and the QuerySet API around them
//! (distinct, reverse, latest/earliest, in_bulk, union/intersection/difference).

mod common;

use chrono::TimeZone;
use common::{Backend, Choice, Question, TestDb, database};
use nuages_db::connections;
use nuages_db::migrations::create_table_sql_for;
use nuages_db::models::aggregates::Count;
use nuages_db::models::functions::{
    Cast, Coalesce, Concat, ExtractMonth, ExtractYear, Length, Lower, Now, Substr, TruncMonth, Upper,
};
use nuages_db::models::{Case, Exists, Expression, FieldKind, OuterRef, Subquery, When};
use nuages_db::prelude::*;

backend_tests!(
    arithmetic_case_and_functions,
    date_functions,
    subqueries_outerref_exists,
    distinct_reverse_latest_in_bulk,
    combinators,
    get_or_create_and_bulk,
);

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 30, 0).single().expect("date")
}

/// "a" (2024-03-15) with choices x=1, y=4; "b" (2023-11-02) with z=9; "c" (2024-03-20) none.
async fn setup(name: &str, backend: Backend) -> Option<TestDb> {
    let test_db = database(name, backend).await?;
    let alias = test_db.alias.clone();
    let db = connections::get(&alias).expect("db");
    for meta in [Question::meta(), Choice::meta()] {
        db.execute_script(&create_table_sql_for(db.vendor(), meta).expect("sql"))
            .await
            .expect("table");
    }
    let data = [
        ("a", at(2024, 3, 15, 10), vec![("x", 1), ("y", 4)]),
        ("b", at(2023, 11, 2, 23), vec![("z", 9)]),
        ("c", at(2024, 3, 20, 5), vec![]),
    ];
    for (text, date, choices) in data {
        let q = Question::objects()
            .using(&alias)
            .create(Question {
                id: 0,
                question_text: text.into(),
                pub_date: date,
            })
            .await
            .expect("question");
        for (c, votes) in choices {
            Choice::objects()
                .using(&alias)
                .create(Choice {
                    id: 0,
                    question: (&q).into(),
                    choice_text: c.into(),
                    votes,
                })
                .await
                .expect("choice");
        }
    }
    Some(test_db)
}

fn texts(values: Vec<Value>) -> Vec<String> {
    values
        .into_iter()
        .map(|v| v.as_str().unwrap_or("<null>").to_owned())
        .collect()
}

async fn arithmetic_case_and_functions(backend: Backend) {
    let Some(test_db) = setup("exprs", backend).await else {
        return;
    };
    let choices = || Choice::objects().using(&test_db.alias).order_by(["id"]);
    let rows = choices()
        .annotate([
            ("calc", (F::new("votes") + 1) * 10 - F::new("id")),
            (
                "label",
                Case::new([
                    When::new(Q::new("votes__gte", 5), "high"),
                    When::new(Q::new("votes__gte", 2), "mid"),
                ])
                .default("low")
                .into(),
            ),
            (
                "shout",
                Upper::new(Concat::new([
                    Expression::from(F::new("choice_text")),
                    Expression::value("!"),
                ]))
                .into(),
            ),
            ("len", Length::new("question__question_text").into()),
            ("fixed", Expression::value(7)),
        ])
        .values_list(["calc", "label", "shout", "len", "fixed"])
        .all()
        .await
        .expect("annotate");
    assert_eq!(
        rows,
        vec![
            vec![
                Value::Int(19),
                Value::from("low"),
                Value::from("X!"),
                Value::Int(1),
                Value::Int(7)
            ],
            vec![
                Value::Int(48),
                Value::from("mid"),
                Value::from("Y!"),
                Value::Int(1),
                Value::Int(7)
            ],
            vec![
                Value::Int(97),
                Value::from("high"),
                Value::from("Z!"),
                Value::Int(1),
                Value::Int(7)
            ],
        ]
    );
    // Coalesce over a LEFT JOIN, Cast, Lower, Substr.
    let per_question = Question::objects()
        .using(&test_db.alias)
        .annotate([(
            "best",
            Coalesce::new([
                Expression::from(F::new("choice__choice_text")),
                Expression::value("none"),
            ]),
        )])
        .filter(Q::new("question_text", "c"))
        .values_list_flat("best")
        .get()
        .await
        .expect("coalesce");
    assert_eq!(per_question, Value::from("none"));
    let cast = choices()
        .annotate([("as_text", Cast::new("votes", FieldKind::CharField { max_length: 10 }))])
        .values_list_flat("as_text")
        .all()
        .await
        .expect("cast");
    assert_eq!(texts(cast), ["1", "4", "9"]);
    let lowered = Question::objects()
        .using(&test_db.alias)
        .annotate([
            ("l", Lower::new(Concat::new(["question_text", "question_text"]))),
            ("s", Substr::new("question_text", 1, Some(1))),
        ])
        .order_by(["id"])
        .values_list(["l", "s"])
        .first()
        .await
        .expect("lower")
        .expect("row");
    assert_eq!(lowered, vec![Value::from("aa"), Value::from("a")]);
    // Filtering and ordering on an annotation; update with an expression.
    let ordered = choices()
        .annotate([("rank", Case::new([When::new(Q::new("choice_text", "y"), 0)]).default(1))])
        .order_by(["rank", "-votes"])
        .values_list_flat("choice_text")
        .all()
        .await
        .expect("order by case");
    assert_eq!(texts(ordered), ["y", "z", "x"]);
    let n = Choice::objects()
        .using(&test_db.alias)
        .update([Choice::VOTES
            .set(Case::new([When::new(Q::new("votes__lt", 5), F::new("votes") + 100)]).default(F::new("votes")))])
        .await
        .expect("update case");
    assert_eq!(n, 3);
    let votes = choices().values_list_flat("votes").all().await.expect("votes");
    assert_eq!(votes, vec![Value::Int(101), Value::Int(104), Value::Int(9)]);
}

async fn date_functions(backend: Backend) {
    let Some(test_db) = setup("datefuncs", backend).await else {
        return;
    };
    let qs = || Question::objects().using(&test_db.alias);
    let per_month = qs()
        .annotate([("month", TruncMonth::new("pub_date"))])
        .values(["month"])
        .annotate([("n", Count::all())])
        .order_by(["month"])
        .all()
        .await
        .expect("trunc month");
    assert_eq!(per_month.len(), 2);
    assert_eq!(
        per_month[0].get_as::<DateTime<Utc>>("month").expect("month"),
        Utc.with_ymd_and_hms(2023, 11, 1, 0, 0, 0).single().expect("d")
    );
    assert_eq!(per_month[1]["n"], Value::Int(2));
    let parts = qs()
        .annotate([
            ("y", ExtractYear::new("pub_date")),
            ("m", ExtractMonth::new("pub_date")),
        ])
        .order_by(["id"])
        .values_list_as::<(i64, i64), _, _>(["y", "m"])
        .all()
        .await
        .expect("extract");
    assert_eq!(parts, [(2024, 3), (2023, 11), (2024, 3)]);
    let recent = qs()
        .filter(Q::expr("pub_date__lt", Now::new()))
        .count()
        .await
        .expect("now");
    assert_eq!(recent, 3);
}

async fn subqueries_outerref_exists(backend: Backend) {
    let Some(test_db) = setup("subq", backend).await else {
        return;
    };
    let alias = &test_db.alias;
    let best = Choice::objects()
        .using(alias)
        .filter(Q::expr("question", OuterRef::new("pk")))
        .order_by(["-votes"])
        .values(["choice_text"])
        .slice(..1);
    let rows = Question::objects()
        .using(alias)
        .annotate([
            ("best", Expression::from(Subquery::new(best))),
            (
                "has_choices",
                Exists::new(Choice::objects().filter(Q::expr("question", OuterRef::new("pk")))).into(),
            ),
        ])
        .order_by(["id"])
        .values_list(["best", "has_choices"])
        .all()
        .await
        .expect("subquery");
    assert_eq!(rows[0][0], Value::from("y"));
    assert_eq!(rows[1][0], Value::from("z"));
    assert_eq!(rows[2][0], Value::Null);
    assert_eq!(
        rows.iter().map(|r| r[1].clone()).collect::<Vec<_>>(),
        [Value::Bool(true), Value::Bool(true), Value::Bool(false)]
    );
    let voted = Choice::objects().filter(Q::expr("question", OuterRef::new("pk")) & Q::new("votes__gt", 3));
    let with = Question::objects()
        .using(alias)
        .filter(Q::exists(Exists::new(voted.clone())))
        .order_by(["id"]);
    assert_eq!(
        with.values_list_flat("question_text")
            .all()
            .await
            .expect("exists")
            .len(),
        2
    );
    let without = Question::objects().using(alias).filter(!Q::exists(Exists::new(voted)));
    assert_eq!(
        texts(
            without
                .values_list_flat("question_text")
                .all()
                .await
                .expect("not exists")
        ),
        ["c"]
    );
    let (sql, _) = Question::objects()
        .using(alias)
        .filter(Q::exists(Exists::new(
            Choice::objects().filter(Q::expr("question", OuterRef::new("pk"))),
        )))
        .sql_with_params()
        .expect("sql");
    let q = |s: &str| test_db.vendor().quote_name(s);
    assert!(
        sql.contains(&format!(
            "EXISTS(SELECT 1 AS {} FROM {} AS {}",
            q("a"),
            q("polls_choice"),
            q("U0")
        )) || sql.contains(&format!(
            "EXISTS (SELECT 1 AS {} FROM {} AS {}",
            q("a"),
            q("polls_choice"),
            q("U0")
        )),
        "{sql}"
    );
    let err = Question::objects()
        .using(alias)
        .annotate([("x", Expression::from(OuterRef::new("pk")))])
        .all()
        .await
        .expect_err("outer ref outside a subquery");
    assert!(err.to_string().contains("only allowed in a subquery"), "{err}");
}

async fn distinct_reverse_latest_in_bulk(backend: Backend) {
    let Some(test_db) = setup("api", backend).await else {
        return;
    };
    let alias = &test_db.alias;
    let qs = || Question::objects().using(alias);
    let distinct = qs()
        .filter(Q::new("choice__votes__gte", 0))
        .distinct()
        .count()
        .await
        .expect("distinct");
    assert_eq!(distinct, 2);
    let joined = qs()
        .filter(Q::new("choice__votes__gte", 0))
        .count()
        .await
        .expect("joined");
    assert_eq!(joined, 3);
    let reversed = qs()
        .order_by(["pub_date"])
        .reverse()
        .values_list_flat("question_text")
        .all()
        .await
        .expect("reverse");
    assert_eq!(texts(reversed), ["c", "a", "b"]);
    assert_eq!(qs().latest(&["pub_date"]).await.expect("latest").question_text, "c");
    assert_eq!(qs().earliest(&["pub_date"]).await.expect("earliest").question_text, "b");
    assert_eq!(qs().latest(&["-pub_date"]).await.expect("latest -").question_text, "b");
    let err = qs()
        .filter(Q::new("id", 99))
        .latest(&["pub_date"])
        .await
        .expect_err("none");
    assert!(err.is_does_not_exist());
    let err = qs().latest(&[]).await.expect_err("no get_latest_by");
    assert!(err.to_string().contains("get_latest_by"), "{err}");
    assert_eq!(
        qs().order_by(["pub_date"])
            .last()
            .await
            .expect("last")
            .map(|q| q.question_text),
        Some("c".into())
    );
    let bulk = qs().in_bulk([1, 3, 42]).await.expect("in_bulk");
    assert_eq!(bulk.len(), 2);
    assert_eq!(bulk[&3].question_text, "c");
    let random = qs().order_by(["?"]).all().await.expect("random");
    assert_eq!(random.len(), 3);
    // select_for_update inside a transaction (nothing added on SQLite).
    let locked = nuages_db::transaction::atomic_using(alias, async {
        qs().select_for_update().filter(Q::new("id", 1)).get().await
    })
    .await
    .expect("for update");
    assert_eq!(locked.id, 1);
    let (sql, _) = qs().select_for_update().sql_with_params().expect("sql");
    assert_eq!(sql.contains("FOR UPDATE"), backend != Backend::Sqlite, "{sql}");
}

async fn combinators(backend: Backend) {
    let Some(test_db) = setup("combine", backend).await else {
        return;
    };
    let alias = &test_db.alias;
    let qs = || Question::objects().using(alias);
    let a = qs().filter(Q::new("question_text__in", ["a", "b"]));
    let b = qs().filter(Q::new("question_text__in", ["b", "c"]));
    let union = a.clone().union([b.clone()], false).order_by(["-question_text"]);
    assert_eq!(
        union
            .all()
            .await
            .expect("union")
            .iter()
            .map(|q| q.question_text.as_str())
            .collect::<Vec<_>>(),
        ["c", "b", "a"]
    );
    assert_eq!(a.clone().union([b.clone()], true).count().await.expect("union all"), 4);
    let both = a.clone().intersection([b.clone()]).all().await.expect("intersection");
    assert_eq!(both.iter().map(|q| q.question_text.as_str()).collect::<Vec<_>>(), ["b"]);
    let only_a = a.clone().difference([b.clone()]).all().await.expect("difference");
    assert_eq!(
        only_a.iter().map(|q| q.question_text.as_str()).collect::<Vec<_>>(),
        ["a"]
    );
    let values = a
        .values_list_flat("question_text")
        .union([b.values_list_flat("question_text")], false)
        .order_by(["question_text"])
        .slice(..2);
    assert_eq!(texts(values.all().await.expect("values union")), ["a", "b"]);
}

async fn get_or_create_and_bulk(backend: Backend) {
    let Some(test_db) = setup("bulk", backend).await else {
        return;
    };
    let alias = &test_db.alias;
    let qs = || Question::objects().using(alias);
    let new = |text: &str| Question {
        id: 0,
        question_text: text.into(),
        pub_date: at(2025, 1, 1, 0),
    };
    let (found, created) = qs()
        .get_or_create(Q::new("question_text", "a"), || new("a"))
        .await
        .expect("get");
    assert_eq!((found.id, created), (1, false));
    let (made, created) = qs()
        .get_or_create(Q::new("question_text", "d"), || new("d"))
        .await
        .expect("create");
    assert!(created && made.id > 3);
    let (updated, created) = qs()
        .update_or_create(
            Q::new("question_text", "d"),
            |q| q.question_text = "d2".into(),
            || new("d"),
        )
        .await
        .expect("update");
    assert_eq!(
        (updated.id, updated.question_text.as_str(), created),
        (made.id, "d2", false)
    );
    let (_, created) = qs()
        .update_or_create(Q::new("question_text", "e"), |_| {}, || new("e"))
        .await
        .expect("create");
    assert!(created);
    let mut rows = qs().bulk_create(vec![new("f"), new("g")]).await.expect("bulk_create");
    assert!(rows.iter().all(|q| q.id > 0));
    assert_eq!(qs().count().await.expect("count"), 7);
    rows[0].question_text = "F".into();
    rows[1].question_text = "G".into();
    let n = qs().bulk_update(&rows, &["question_text"]).await.expect("bulk_update");
    assert_eq!(n, 2);
    let texts = qs()
        .filter(Question::ID.in_([rows[0].id, rows[1].id]))
        .order_by(["id"])
        .values_list_flat("question_text")
        .all()
        .await
        .expect("read");
    assert_eq!(texts, vec![Value::from("F"), Value::from("G")]);
    let err = qs().bulk_update(&rows, &["id"]).await.expect_err("pk");
    assert!(err.to_string().contains("primary key"), "{err}");
}
