//! Every lookup across relations (`__`), typed and as strings, with
//! per-backend SQL (LIKE escaping, case rules, REGEXP on SQLite), date
//! transforms, and errors naming the model and field.

mod common;

use chrono::{NaiveDate, TimeZone};
use common::{Backend, Choice, Question, TestDb, database};
use nuages_db::connections;
use nuages_db::migrations::create_table_sql_for;
use nuages_db::models::functions::DatePart;
use nuages_db::prelude::*;

backend_tests!(
    text_lookups_escape_and_fold_case,
    comparison_in_range_isnull,
    date_transforms,
    lookups_across_relations,
    bad_lookups_name_model_and_field,
);

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).single().expect("date")
}

/// Questions "What's new?" (2024-03-15 10:20, a Friday), "50% off_sale"
/// (2023-12-31 23:59), "Why\\not" (2024-06-01 08:00), each with choices.
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
        (
            "What's new?",
            at(2024, 3, 15, 10, 20),
            vec![("Not much", 3), ("The sky", 0)],
        ),
        ("50% off_sale", at(2023, 12, 31, 23, 59), vec![("Yes", 7)]),
        ("Why\\not", at(2024, 6, 1, 8, 0), vec![]),
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

async fn ids(qs: QuerySet<Question>) -> Vec<i64> {
    let mut v: Vec<i64> = qs.all().await.expect("query").iter().map(|q| q.id).collect();
    v.sort_unstable();
    v
}

async fn text_lookups_escape_and_fold_case(backend: Backend) {
    let Some(test_db) = setup("text", backend).await else {
        return;
    };
    let qs = || Question::objects().using(&test_db.alias);
    let t = Question::QUESTION_TEXT;
    // `%`, `_` and `\` are literal in patterns.
    assert_eq!(ids(qs().filter(t.contains("50%"))).await, [2]);
    assert_eq!(ids(qs().filter(t.contains("f_s"))).await, [2]);
    assert_eq!(ids(qs().filter(t.contains("%"))).await, [2]);
    assert_eq!(ids(qs().filter(t.contains("_"))).await, [2]);
    assert_eq!(ids(qs().filter(t.contains("\\"))).await, [3]);
    assert_eq!(ids(qs().filter(t.endswith("\\not"))).await, [3]);
    assert_eq!(ids(qs().filter(t.startswith("Wh"))).await, [1, 3]);
    assert_eq!(ids(qs().filter(t.istartswith("wh"))).await, [1, 3]);
    assert_eq!(ids(qs().filter(t.iendswith("NEW?"))).await, [1]);
    assert_eq!(ids(qs().filter(t.icontains("OFF"))).await, [2]);
    assert_eq!(ids(qs().filter(t.iexact("what's NEW?"))).await, [1]);
    assert_eq!(
        ids(qs().filter(Q::new("question_text__iexact", "50% OFF_SALE"))).await,
        [2]
    );
    // Case-sensitive lookups: SQLite's LIKE folds ASCII case (Django's caveat).
    let sensitive = ids(qs().filter(t.startswith("wh"))).await;
    assert_eq!(sensitive, if backend == Backend::Sqlite { vec![1, 3] } else { vec![] });
    assert_eq!(
        ids(qs().filter(t.exact("what's new?"))).await.len(),
        usize::from(backend == Backend::Mysql)
    );
    // Regular expressions: case-sensitive everywhere (SQLite via the registered REGEXP).
    assert_eq!(ids(qs().filter(t.regex(r"^W.*\?$"))).await, [1]);
    assert_eq!(ids(qs().filter(t.regex(r"^w"))).await, Vec::<i64>::new());
    assert_eq!(ids(qs().filter(t.iregex(r"^w"))).await, [1, 3]);
    assert_eq!(ids(qs().filter(Q::new("question_text__regex", "[0-9]+%"))).await, [2]);
    // A pattern lookup against an expression escapes the expression's text.
    let same = Question::objects()
        .using(&test_db.alias)
        .filter(Q::expr("question_text__contains", F::new("question_text")))
        .count()
        .await
        .expect("expr pattern");
    assert_eq!(same, 3);
}

async fn comparison_in_range_isnull(backend: Backend) {
    let Some(test_db) = setup("compare", backend).await else {
        return;
    };
    let qs = || Question::objects().using(&test_db.alias);
    assert_eq!(ids(qs().filter(Question::ID.gt(1))).await, [2, 3]);
    assert_eq!(ids(qs().filter(Question::ID.gte(2) & Question::ID.lt(3))).await, [2]);
    assert_eq!(ids(qs().filter(Question::ID.lte(1) | Question::ID.eq(3))).await, [1, 3]);
    assert_eq!(ids(qs().filter(Question::ID.range(2, 3))).await, [2, 3]);
    assert_eq!(
        ids(qs().filter(Q::new(
            "pub_date__range",
            [at(2024, 1, 1, 0, 0), at(2024, 12, 31, 0, 0)]
        )))
        .await,
        [1, 3]
    );
    assert_eq!(ids(qs().filter(Question::ID.in_([3, 1, 99]))).await, [1, 3]);
    // `in` with a subquery: questions having a choice with votes.
    let voted = Choice::objects()
        .using(&test_db.alias)
        .filter(Choice::VOTES.gt(0))
        .values(["question"]);
    assert_eq!(ids(qs().filter(Question::ID.in_subquery(voted.clone()))).await, [1, 2]);
    assert_eq!(ids(qs().filter(Q::in_subquery("pk", voted))).await, [1, 2]);
    // isnull across the reverse relation (a LEFT JOIN).
    assert_eq!(ids(qs().filter(Q::new("choice__isnull", true))).await, [3]);
    assert_eq!(
        ids(qs().filter(Q::new("choice__isnull", false)).distinct()).await,
        [1, 2]
    );
}

async fn date_transforms(backend: Backend) {
    let Some(test_db) = setup("dates", backend).await else {
        return;
    };
    let qs = || Question::objects().using(&test_db.alias);
    let d = Question::PUB_DATE;
    assert_eq!(ids(qs().filter(d.year(2024))).await, [1, 3]);
    assert_eq!(ids(qs().filter(Q::new("pub_date__year__gte", 2024))).await, [1, 3]);
    assert_eq!(ids(qs().filter(Q::new("pub_date__year__lt", 2024))).await, [2]);
    assert_eq!(ids(qs().filter(Q::new("pub_date__year__lte", 2023))).await, [2]);
    assert_eq!(ids(qs().filter(Q::new("pub_date__year__gt", 2023))).await, [1, 3]);
    assert_eq!(ids(qs().filter(d.month(12))).await, [2]);
    assert_eq!(ids(qs().filter(d.date_part(DatePart::Month, "gte", 6))).await, [2, 3]);
    assert_eq!(ids(qs().filter(d.day(15))).await, [1]);
    // 2024-03-15 is a Friday (6), 2023-12-31 a Sunday (1), 2024-06-01 a Saturday (7).
    assert_eq!(ids(qs().filter(d.week_day(6))).await, [1]);
    assert_eq!(ids(qs().filter(d.week_day(1))).await, [2]);
    assert_eq!(ids(qs().filter(Q::new("pub_date__iso_week_day", 7))).await, [2]);
    assert_eq!(ids(qs().filter(d.hour(23))).await, [2]);
    assert_eq!(ids(qs().filter(Q::new("pub_date__minute", 20))).await, [1]);
    assert_eq!(ids(qs().filter(Q::new("pub_date__quarter", 2))).await, [3]);
    assert_eq!(ids(qs().filter(Q::new("pub_date__week", 11))).await, [1]);
    let day = NaiveDate::from_ymd_opt(2024, 3, 15).expect("date");
    assert_eq!(ids(qs().filter(d.date(day))).await, [1]);
    assert_eq!(ids(qs().filter(Q::new("pub_date__date__gt", "2024-03-15"))).await, [3]);
    // Django's year lookup is a BETWEEN on the column (an index stays usable).
    let (sql, params) = qs().filter(d.year(2024)).sql_with_params().expect("sql");
    assert!(sql.contains("BETWEEN"), "{sql}");
    assert_eq!(params.len(), 2, "{params:?}");
}

async fn lookups_across_relations(backend: Backend) {
    let Some(test_db) = setup("relations", backend).await else {
        return;
    };
    let alias = &test_db.alias;
    let choices = || Choice::objects().using(alias);
    let mut texts: Vec<String> = choices()
        .filter(Q::new("question__pub_date__year", 2024))
        .filter(Q::new("question__question_text__icontains", "new"))
        .values_list_flat("choice_text")
        .all()
        .await
        .expect("forward")
        .into_iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    texts.sort();
    assert_eq!(texts, ["Not much", "The sky"]);
    // Reverse: questions with a choice over 5 votes; `choice__votes` joins polls_choice.
    let qs = Question::objects().using(alias);
    assert_eq!(ids(qs.clone().filter(Q::new("choice__votes__gt", 5))).await, [2]);
    assert_eq!(
        ids(qs.clone().filter(Q::new("choice__choice_text__startswith", "The"))).await,
        [1]
    );
    // The primary key of the related row: `question__id` needs no join.
    let (sql, _) = choices()
        .filter(Q::new("question__id", 1))
        .sql_with_params()
        .expect("sql");
    assert!(!sql.contains("JOIN"), "{sql}");
    // F() across relations.
    let n = choices()
        .filter(Q::expr("votes__gt", F::new("question__id")))
        .count()
        .await
        .expect("F across");
    assert_eq!(n, 2);
    // Ordering across relations.
    let ordered: Vec<String> = choices()
        .order_by(["-question__pub_date", "choice_text"])
        .values_list_flat("choice_text")
        .all()
        .await
        .expect("order")
        .into_iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    assert_eq!(ordered, ["Not much", "The sky", "Yes"]);
}

async fn bad_lookups_name_model_and_field(backend: Backend) {
    let Some(test_db) = setup("badlookups", backend).await else {
        return;
    };
    let qs = || Question::objects().using(&test_db.alias);
    let err = qs().filter(Q::new("id", "abc")).all().await.expect_err("type");
    assert!(matches!(err, Error::FieldError { model: "Question", .. }), "{err:?}");
    assert_eq!(err.to_string(), "Field 'id' expected a number but got 'abc'.");
    let err = qs()
        .filter(Q::new("pub_date__lt", "yesterday"))
        .count()
        .await
        .expect_err("date");
    assert!(
        err.to_string()
            .starts_with("Field 'pub_date' 'yesterday' value has an invalid format"),
        "{err}"
    );
    let err = qs()
        .filter(Q::new("choice__nope", 1))
        .count()
        .await
        .expect_err("across");
    assert!(matches!(err, Error::FieldError { model: "Choice", .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("Cannot resolve keyword 'nope' into field. Choices are: choice_text, id, question, votes"),
        "{err}"
    );
    let err = qs()
        .filter(Q::new("question_text__year", 2024))
        .count()
        .await
        .expect_err("transform");
    assert!(
        err.to_string().contains("Unsupported lookup 'year' for CharField"),
        "{err}"
    );
    let err = Choice::objects()
        .using(&test_db.alias)
        .filter(Q::new("question__contains", "x"))
        .count()
        .await
        .expect_err("related");
    assert_eq!(err.to_string(), "Related Field got invalid lookup: contains");
    let err = qs()
        .filter(Q::new("pub_date__isnull", "maybe"))
        .count()
        .await
        .expect_err("isnull");
    assert!(err.to_string().contains("isnull lookup must be True or False"), "{err}");
}
