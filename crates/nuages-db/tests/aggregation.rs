//! values(), values_list(), annotate(), alias(), aggregate() and GROUP BY
//! as Django computes it, on every configured backend.

mod common;

use common::{Backend, Choice, Question, TestDb, database};
use nuages_db::connections;
use nuages_db::migrations::create_table_sql_for;
use nuages_db::models::aggregates::{Avg, Count, Max, Min, StdDev, Sum, Variance};
use nuages_db::models::{Expression, F, Row};
use nuages_db::prelude::*;

backend_tests!(
    values_and_values_list,
    annotate_groups_by_model_or_values,
    aggregate_over_all_rows,
    aggregate_filter_distinct_default,
    alias_and_having,
);

/// Three questions; "a" has choices with 1, 2 and 3 votes, "b" one with 5, "c" none.
async fn setup(name: &str, backend: Backend) -> Option<TestDb> {
    let test_db = database(name, backend).await?;
    let alias = test_db.alias.clone();
    let db = connections::get(&alias).expect("db");
    for meta in [Question::meta(), Choice::meta()] {
        db.execute_script(&create_table_sql_for(db.vendor(), meta).expect("sql"))
            .await
            .expect("table");
    }
    for (text, days, votes) in [("a", 3, vec![1, 2, 3]), ("b", 2, vec![5]), ("c", 1, vec![])] {
        let q = Question::objects()
            .using(&alias)
            .create(common::question(text, days))
            .await
            .expect("question");
        for (i, v) in votes.into_iter().enumerate() {
            Choice::objects()
                .using(&alias)
                .create(Choice {
                    id: 0,
                    question: (&q).into(),
                    choice_text: format!("{text}{i}"),
                    votes: v,
                })
                .await
                .expect("choice");
        }
    }
    Some(test_db)
}

async fn values_and_values_list(backend: Backend) {
    let Some(test_db) = setup("values", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    let qs = || Question::objects().using(alias).order_by(["id"]);
    let rows: Vec<Row> = qs().values(["id", "question_text"]).all().await.expect("values");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].names(), ["id", "question_text"]);
    assert_eq!(rows[0]["question_text"], Value::from("a"));
    assert_eq!(rows[1].get_as::<i64>("id").expect("id"), 2);
    assert!(rows[0].get_as::<i64>("nope").is_err());
    // No names: every field by attname, a key as `question_id`.
    let all = Choice::objects()
        .using(alias)
        .order_by(["id"])
        .values(Vec::<String>::new())
        .first()
        .await;
    let all = all.expect("values()").expect("a row");
    assert_eq!(all.names(), ["id", "question_id", "choice_text", "votes"]);
    // Across the relation, and serialized as a map.
    let joined = Choice::objects()
        .using(alias)
        .filter(Q::new("votes", 5))
        .values(["choice_text", "question__question_text"])
        .get()
        .await
        .expect("join");
    assert_eq!(
        serde_json::to_value(&joined).expect("json"),
        serde_json::json!({"choice_text": "b0", "question__question_text": "b"})
    );
    let tuples = qs().values_list(["id", "question_text"]).all().await.expect("list");
    assert_eq!(tuples[2], vec![Value::Int(3), Value::from("c")]);
    let flat = qs().values_list_flat("question_text").all().await.expect("flat");
    assert_eq!(flat, vec![Value::from("a"), Value::from("b"), Value::from("c")]);
    let typed: Vec<(i64, String)> = qs()
        .values_list_as::<(i64, String), _, _>(["id", "question_text"])
        .all()
        .await
        .expect("typed");
    assert_eq!(typed[1], (2, "b".to_owned()));
    let named = qs().values_list_named(["question_text"]).last().await.expect("named");
    assert_eq!(named.expect("row")[0], Value::from("c"));
    let err = qs().values(["nope"]).all().await.expect_err("unknown");
    assert!(
        err.to_string()
            .starts_with("Cannot resolve keyword 'nope' into field. Choices are:"),
        "{err}"
    );
}

async fn annotate_groups_by_model_or_values(backend: Backend) {
    let Some(test_db) = setup("annotate", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    // Count over the reverse relation: a LEFT JOIN, grouped by the question's fields.
    let counted = Question::objects()
        .using(alias)
        .annotate([("n", Count::new("choice"))])
        .order_by(["id"])
        .values_list_as::<(String, i64), _, _>(["question_text", "n"])
        .all()
        .await
        .expect("annotate");
    assert_eq!(counted, [("a".to_owned(), 3), ("b".to_owned(), 1), ("c".to_owned(), 0)]);
    // Model rows still come back with annotations present.
    let models = Question::objects()
        .using(alias)
        .annotate([("n", Count::new("choice"))])
        .order_by(["-n"])
        .all()
        .await
        .expect("models");
    assert_eq!(
        models.iter().map(|q| q.question_text.as_str()).collect::<Vec<_>>(),
        ["a", "b", "c"]
    );
    // values() first: GROUP BY those values.
    let per_question = Choice::objects()
        .using(alias)
        .values(["question__question_text"])
        .annotate([("total", Sum::new("votes"))])
        .order_by(["question__question_text"])
        .all()
        .await
        .expect("group by values");
    assert_eq!(per_question.len(), 2);
    assert_eq!(per_question[0].names(), ["question__question_text", "total"]);
    assert_eq!(per_question[0]["total"], Value::Int(6));
    assert_eq!(per_question[1]["total"], Value::Int(5));
    // Non-aggregate annotations: F arithmetic across the relation.
    let doubled = Choice::objects()
        .using(alias)
        .annotate([("double", F::new("votes") * 2 + F::new("question__id"))])
        .filter(Q::new("double__gt", 6))
        .order_by(["double"])
        .values_list_flat("double")
        .all()
        .await
        .expect("F annotation");
    assert_eq!(doubled, vec![Value::Int(7), Value::Int(12)]);
    let sql = Question::objects()
        .using(alias)
        .annotate([("n", Count::new("choice"))])
        .values(["question_text", "n"])
        .sql_with_params()
        .expect("sql")
        .0;
    let q = |s: &str| test_db.vendor().quote_name(s);
    assert!(
        sql.contains(&format!("COUNT({}.{}) AS {}", q("polls_choice"), q("id"), q("n")))
            && sql.contains("LEFT JOIN")
            && sql.contains(&format!(
                "GROUP BY {}.{}, {}.{}, {}.{}",
                q("polls_question"),
                q("id"),
                q("polls_question"),
                q("question_text"),
                q("polls_question"),
                q("pub_date")
            )),
        "{sql}"
    );
}

async fn aggregate_over_all_rows(backend: Backend) {
    let Some(test_db) = setup("aggregate", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    let choices = || Choice::objects().using(alias);
    let row = choices()
        .aggregate([
            ("n", Expression::from(Count::new("id"))),
            ("total", Sum::new("votes").into()),
            ("avg", Avg::new("votes").into()),
            ("low", Min::new("votes").into()),
            ("high", Max::new("votes").into()),
        ])
        .await
        .expect("aggregate");
    assert_eq!(row["n"], Value::Int(4));
    assert_eq!(row["total"], Value::Int(11));
    assert_eq!(row["avg"], Value::Float(2.75));
    assert_eq!(
        (row["low"].clone(), row["high"].clone()),
        (Value::Int(1), Value::Int(5))
    );
    let row = choices()
        .aggregate_default([Count::new("id"), Sum::new("votes")])
        .await
        .expect("default aliases");
    assert_eq!(row.names(), ["id__count", "votes__sum"]);
    // Population and sample statistics of 1, 2, 3, 5.
    let row = choices()
        .aggregate([
            ("var", Variance::new("votes")),
            ("var_s", Variance::sample("votes")),
            ("sd", StdDev::new("votes")),
        ])
        .await
        .expect("stats");
    let f = |name: &str| row.get_as::<f64>(name).expect(name);
    assert!((f("var") - 2.1875).abs() < 1e-9, "{row:?}");
    assert!((f("var_s") - 2.916_666_666_666_667).abs() < 1e-9, "{row:?}");
    assert!((f("sd") - 2.1875_f64.sqrt()).abs() < 1e-9, "{row:?}");
    // Over a filter and across a relation.
    let row = Question::objects()
        .using(alias)
        .filter(Q::new("question_text__in", ["a", "c"]))
        .aggregate([("votes", Sum::new("choice__votes"))])
        .await
        .expect("across");
    assert_eq!(row["votes"], Value::Int(6));
    // Over no rows: Count is 0, Sum is NULL.
    let row = choices()
        .filter(Q::new("votes__gt", 100))
        .aggregate([("n", Expression::from(Count::all())), ("s", Sum::new("votes").into())])
        .await
        .expect("empty");
    assert_eq!((row["n"].clone(), row["s"].clone()), (Value::Int(0), Value::Null));
    // Over a slice: a subquery.
    let row = choices()
        .order_by(["-votes"])
        .slice(..2)
        .aggregate([("top", Sum::new("votes"))])
        .await
        .expect("sliced");
    assert_eq!(row["top"], Value::Int(8));
    // Over an aggregate annotation: a subquery as well.
    let row = Question::objects()
        .using(alias)
        .annotate([("n", Count::new("choice"))])
        .aggregate([("avg_n", Avg::new("n")), ("max_n", Max::new("n"))])
        .await
        .expect("aggregate of annotation");
    assert_eq!(row["max_n"], Value::Int(3));
    assert!((row.get_as::<f64>("avg_n").expect("avg") - 4.0 / 3.0).abs() < 1e-9);
    let err = choices()
        .aggregate([("x", F::new("votes"))])
        .await
        .expect_err("not aggregate");
    assert_eq!(err.to_string(), "x is not an aggregate expression");
}

async fn aggregate_filter_distinct_default(backend: Backend) {
    let Some(test_db) = setup("aggfilter", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    let rows = Question::objects()
        .using(alias)
        .annotate([
            ("popular", Count::new("choice").filter(Q::new("choice__votes__gte", 2))),
            ("distinct_votes", Count::new("choice__votes").distinct()),
        ])
        .order_by(["id"])
        .values_list(["popular", "distinct_votes"])
        .all()
        .await
        .expect("filter=");
    assert_eq!(
        rows,
        vec![
            vec![Value::Int(2), Value::Int(3)],
            vec![Value::Int(1), Value::Int(1)],
            vec![Value::Int(0), Value::Int(0)]
        ]
    );
    let row = Choice::objects()
        .using(alias)
        .filter(Q::new("votes__gt", 100))
        .aggregate([("s", Sum::new("votes").default(0))])
        .await
        .expect("default=");
    assert_eq!(row["s"], Value::Int(0));
    let err = Choice::objects()
        .using(alias)
        .aggregate([("n", Count::all().filter(Q::new("votes", 1)))])
        .await
        .expect_err("star with filter");
    assert_eq!(
        err.to_string(),
        "Star cannot be used with filter. Please specify a field."
    );
}

async fn alias_and_having(backend: Backend) {
    let Some(test_db) = setup("having", backend).await else {
        return;
    };
    let alias: &str = &test_db.alias;
    let busy = Question::objects()
        .using(alias)
        .alias([("n", Count::new("choice"))])
        .filter(Q::new("n__gte", 1))
        .order_by(["id"])
        .all()
        .await
        .expect("alias + having");
    assert_eq!(
        busy.iter().map(|q| q.question_text.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
    let (sql, _) = Question::objects()
        .using(alias)
        .alias([("n", Count::new("choice"))])
        .filter(Q::new("n__gte", 1))
        .sql_with_params()
        .expect("sql");
    assert!(sql.contains(" HAVING (COUNT("), "{sql}");
    assert!(!sql.contains(" WHERE "), "{sql}");
    assert!(!sql.contains(" AS "), "alias() is not selected: {sql}");
    // exclude on an aggregate, and count() of a grouped QuerySet.
    let quiet = Question::objects()
        .using(alias)
        .annotate([("total", Sum::new("choice__votes"))])
        .exclude(Q::new("total__gt", 5));
    assert_eq!(quiet.count().await.expect("count"), 1);
    assert!(quiet.exists().await.expect("exists"));
}
