//! `annotate()`, `alias()` and `aggregate()` (Django's aggregation API).
//!
//! An annotation that contains an aggregate groups the rows: by the
//! `values()` named before it, else by every field of the model, exactly
//! as Django computes GROUP BY; filters on it become HAVING.

use super::{QuerySet, Row};
use crate::models::expressions::Expression;
use crate::models::sql::compiler::{self, Annotation};
use crate::models::{Model, aggregates::Aggregate};
use crate::{Error, Result};

use super::FromRow;

impl<M: Model, R: FromRow> QuerySet<M, R> {
    fn add_annotation(mut self, name: String, expr: Expression, select: bool) -> Self {
        if expr.contains_aggregate() {
            self.start_group_by();
        }
        if select
            && let Some(values) = &mut self.data.values
            && !values.is_empty()
            && !values.contains(&name)
        {
            // Annotations after `values()` join its columns (Django).
            values.push(name.clone());
        }
        self.data.annotations.retain(|a| a.name != name);
        self.data.annotations.push(Annotation { name, expr, select });
        self
    }

    /// Add a computed column per row (Django's `.annotate(name=expr)`):
    /// usable in `filter`, `order_by` and `values`, returned by `values()`.
    ///
    /// # Examples
    /// ```
    /// # use nuages_db::prelude::*;
    /// use nuages_db::models::aggregates::Count;
    /// # #[derive(Model, Debug, Clone)]
    /// # #[model(app_label = "polls")]
    /// # pub struct Question { pub id: i64, pub question_text: String }
    /// let busy = Question::objects()
    ///     .annotate([("n", Count::new("choice"))])
    ///     .filter(Q::new("n__gt", 2))
    ///     .order_by(["-n"]);
    /// # let _ = busy;
    /// ```
    pub fn annotate<I, S, E>(self, annotations: I) -> Self
    where
        I: IntoIterator<Item = (S, E)>,
        S: Into<String>,
        E: Into<Expression>,
    {
        annotations
            .into_iter()
            .fold(self, |qs, (name, e)| qs.add_annotation(name.into(), e.into(), true))
    }

    /// Like [`annotate`](Self::annotate) but not selected: usable in
    /// `filter`/`order_by`/`update` only (Django's `.alias(name=expr)`).
    pub fn alias<I, S, E>(self, aliases: I) -> Self
    where
        I: IntoIterator<Item = (S, E)>,
        S: Into<String>,
        E: Into<Expression>,
    {
        aliases
            .into_iter()
            .fold(self, |qs, (name, e)| qs.add_annotation(name.into(), e.into(), false))
    }

    /// Compute aggregates over the whole QuerySet; one [`Row`] keyed by name
    /// (Django's `.aggregate(name=Agg(...))`). Over no rows, `Count` is 0
    /// and the others NULL unless given a `default`.
    ///
    /// # Errors
    /// `FieldError` when an expression is not an aggregate or names an
    /// unknown field; a database error.
    pub async fn aggregate<I, S, E>(&self, aggregates: I) -> Result<Row>
    where
        I: IntoIterator<Item = (S, E)>,
        S: Into<String>,
        E: Into<Expression>,
    {
        let aggregates: Vec<(String, Expression)> = aggregates.into_iter().map(|(n, e)| (n.into(), e.into())).collect();
        self.run_aggregate(aggregates).await
    }

    /// `aggregate(Count("id"), Sum("votes"))`: each named by Django's
    /// default alias (`id__count`, `votes__sum`).
    ///
    /// # Errors
    /// As [`aggregate`](Self::aggregate); a complex expression needs a name.
    pub async fn aggregate_default<I>(&self, aggregates: I) -> Result<Row>
    where
        I: IntoIterator<Item = Aggregate>,
    {
        let mut named = Vec::new();
        for a in aggregates {
            let Some(name) = a.default_alias() else {
                return Err(Error::FieldError {
                    model: M::meta().object_name.as_str(),
                    message: "Complex aggregates require an alias".to_owned(),
                });
            };
            named.push((name, Expression::Aggregate(a)));
        }
        self.run_aggregate(named).await
    }

    async fn run_aggregate(&self, aggregates: Vec<(String, Expression)>) -> Result<Row> {
        let db = self.db()?;
        let compiled = compiler::aggregate(db.vendor(), M::meta(), &self.data, &aggregates)?;
        let (sql, values) = db.vendor().build(&compiled.stmt);
        let kinds: Vec<_> = compiled.columns.iter().map(|c| c.kind).collect();
        let names: std::sync::Arc<[String]> = compiled.columns.iter().map(|c| c.name.clone()).collect();
        let row = db.fetch_columns(sql, values, &kinds).await?.into_iter().next();
        let mut values = row.unwrap_or_else(|| vec![crate::Value::Null; names.len()]);
        compiler::finish_row(&compiled.columns, &mut values);
        let mut row = Row::from_row(M::meta(), &names, values)?;
        // COUNT over no rows is 0 (Django's `empty_result_set_value`).
        for (i, (_, e)) in aggregates.iter().enumerate() {
            if let Expression::Aggregate(a) = e
                && a.function == crate::models::aggregates::AggregateFunction::Count
                && row.values()[i].is_null()
            {
                row.set(i, crate::Value::Int(0));
            }
        }
        Ok(row)
    }
}
