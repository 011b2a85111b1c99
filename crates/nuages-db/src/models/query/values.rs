//! Row shapes (Django's `ModelIterable`, `ValuesIterable`,
//! `ValuesListIterable`, `FlatValuesListIterable`,
//! `NamedValuesListIterable`) and `values()` / `values_list()`.

use std::sync::Arc;

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::QuerySet;
use crate::models::sql::compiler::GroupBy;
use crate::models::{FieldType, Model, ModelMeta};
use crate::{Error, Result, Value};

/// What a QuerySet's rows decode into: a model instance, a [`Row`], a
/// `Vec<Value>`, one [`Value`], or a tuple of field types.
pub trait FromRow: Sized + Send + 'static {
    /// Build one row from its column names and values.
    ///
    /// # Errors
    /// A value that does not convert (naming the model and column).
    fn from_row(meta: &'static ModelMeta, names: &Arc<[String]>, values: Vec<Value>) -> Result<Self>;
}

impl<M: Model> FromRow for M {
    fn from_row(_meta: &'static ModelMeta, _names: &Arc<[String]>, mut values: Vec<Value>) -> Result<Self> {
        // Annotations come after the fields; the instance has no place for them.
        values.truncate(M::meta().fields.len());
        crate::models::signals::init_instance(values)
    }
}

/// One `values()` row: column names to values, in select order (Django's
/// dict, or the named tuple of `values_list(named=True)`). Serializes as a
/// map, so templates read `row.question_text`.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    model: &'static str,
    names: Arc<[String]>,
    values: Vec<Value>,
}

impl Row {
    /// The value of column `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.names.iter().position(|n| n == name).map(|i| &self.values[i])
    }

    /// Column `name` converted to `T` (`row.get_as::<i64>("n")`).
    ///
    /// # Errors
    /// `ValidationError` naming the column when it is missing or does not convert.
    pub fn get_as<T: FieldType>(&self, name: &str) -> Result<T> {
        let value = self.get(name).cloned().ok_or_else(|| Error::ValidationError {
            model: self.model,
            field: name.to_owned(),
            message: format!("no such column; the row has {}", self.names.join(", ")),
        })?;
        T::from_value(value).map_err(|message| Error::ValidationError {
            model: self.model,
            field: name.to_owned(),
            message,
        })
    }

    /// The column names, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The values, in column order.
    pub fn values(&self) -> &[Value] {
        &self.values
    }

    /// The values, in column order.
    pub fn into_values(self) -> Vec<Value> {
        self.values
    }

    /// `(name, value)` pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.names.iter().map(String::as_str).zip(self.values.iter())
    }
}

impl std::ops::Index<&str> for Row {
    type Output = Value;
    fn index(&self, name: &str) -> &Value {
        self.get(name).unwrap_or(&Value::Null)
    }
}

impl std::ops::Index<usize> for Row {
    type Output = Value;
    fn index(&self, i: usize) -> &Value {
        self.values.get(i).unwrap_or(&Value::Null)
    }
}

impl Serialize for Row {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.values.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl FromRow for Row {
    fn from_row(meta: &'static ModelMeta, names: &Arc<[String]>, values: Vec<Value>) -> Result<Self> {
        Ok(Row {
            model: meta.object_name.as_str(),
            names: Arc::clone(names),
            values,
        })
    }
}

impl FromRow for Vec<Value> {
    fn from_row(_meta: &'static ModelMeta, _names: &Arc<[String]>, values: Vec<Value>) -> Result<Self> {
        Ok(values)
    }
}

impl FromRow for Value {
    fn from_row(_meta: &'static ModelMeta, _names: &Arc<[String]>, values: Vec<Value>) -> Result<Self> {
        Ok(values.into_iter().next().unwrap_or(Value::Null))
    }
}

macro_rules! tuple_rows {
    ($($n:literal: ($($t:ident),+);)*) => {$(
        impl<$($t: FieldType),+> FromRow for ($($t,)+) {
            fn from_row(meta: &'static ModelMeta, names: &Arc<[String]>, values: Vec<Value>) -> Result<Self> {
                if values.len() != $n {
                    return Err(crate::__private::wrong_arity(meta.object_name.as_str(), $n, values.len()));
                }
                let mut it = values.into_iter().zip(names.iter());
                Ok(($({
                    let (v, name) = it.next().ok_or_else(|| crate::__private::wrong_arity(meta.object_name.as_str(), $n, 0))?;
                    $t::from_value(v).map_err(|message| Error::ValidationError {
                        model: meta.object_name.as_str(),
                        field: name.clone(),
                        message,
                    })?
                },)+))
            }
        }
    )*};
}

tuple_rows! {
    1: (A);
    2: (A, B);
    3: (A, B, C);
    4: (A, B, C, D);
    5: (A, B, C, D, E);
    6: (A, B, C, D, E, F);
}

fn names<I, S>(fields: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    fields.into_iter().map(Into::into).collect()
}

impl<M: Model, R: FromRow> QuerySet<M, R> {
    /// Select `fields`; a later aggregate annotation groups by them
    /// (`values("x").annotate(n=Count(...))`, Django's `set_values`).
    fn set_values(mut self, fields: Vec<String>) -> Self {
        self.data.values = Some(fields);
        self
    }

    /// Rows as [`Row`]s of the named fields, annotations or paths across
    /// relations (`"question__question_text"`); no names: every field (a
    /// key as `question_id`) then the annotations (Django's `.values(...)`).
    ///
    /// # Examples
    /// ```no_run
    /// # use nuages_db::prelude::*;
    /// # #[derive(Model, Debug, Clone)]
    /// # #[model(app_label = "polls")]
    /// # pub struct Question { pub id: i64, pub question_text: String }
    /// # async fn f() -> nuages_db::Result<()> {
    /// let rows = Question::objects().values(["id", "question_text"]).all().await?;
    /// let text: String = rows[0].get_as("question_text")?;
    /// # Ok(()) }
    /// ```
    pub fn values<I, S>(self, fields: I) -> QuerySet<M, Row>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.set_values(names(fields)).with_rows()
    }

    /// Rows as `Vec<Value>` in the order named (Django's `.values_list(...)`).
    pub fn values_list<I, S>(self, fields: I) -> QuerySet<M, Vec<Value>>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.set_values(names(fields)).with_rows()
    }

    /// Rows as a typed tuple: `values_list_as::<(i64, String), _, _>(["id", "question_text"])`.
    pub fn values_list_as<T: FromRow, I, S>(self, fields: I) -> QuerySet<M, T>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.set_values(names(fields)).with_rows()
    }

    /// One value per row (Django's `.values_list(field, flat=True)`).
    pub fn values_list_flat(self, field: impl Into<String>) -> QuerySet<M, Value> {
        self.set_values(vec![field.into()]).with_rows()
    }

    /// Rows as [`Row`]s that also index by position (Django's
    /// `.values_list(..., named=True)`).
    pub fn values_list_named<I, S>(self, fields: I) -> QuerySet<M, Row>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.values(fields)
    }

    /// When an aggregate annotation is added: GROUP BY the `values()` named
    /// so far, else by the model's fields.
    pub(crate) fn start_group_by(&mut self) {
        if self.data.group_by.is_some() {
            return;
        }
        self.data.group_by = Some(match &self.data.values {
            Some(v) if !v.is_empty() => GroupBy::Values(v.clone()),
            _ => GroupBy::Model,
        });
    }
}

impl Row {
    pub(crate) fn set(&mut self, i: usize, value: Value) {
        if let Some(v) = self.values.get_mut(i) {
            *v = value;
        }
    }
}
