//! `QuerySet`: a lazy query over one model (Django's
//! `django.db.models.query.QuerySet`). Building it runs nothing; awaiting a
//! terminal method (`all`, `get`, `first`, `count`, `exists`, `update`,
//! `delete`, `create`, ...) runs one statement (or a few, for `delete`).
//!
//! The API is split as Django's reference groups it: this file has the
//! core (filtering, ordering, slicing, fetching); [`values`] the
//! `values()`/`values_list()` row shapes; [`aggregation`] `annotate`,
//! `alias`, `aggregate`; [`bulk`] `get_or_create`, `bulk_create`, ...;
//! [`combinators`] `union`/`intersection`/`difference`, `distinct`,
//! `reverse`, `select_for_update`, `latest`, `in_bulk`.

pub mod aggregation;
pub mod bulk;
pub mod combinators;
pub mod values;

use std::marker::PhantomData;
use std::ops::{Bound, RangeBounds};

pub use values::{FromRow, Row};

use super::deletion::{self, DeleteResult};
use super::expressions::Assignment;
use super::sql::compiler::{self, Column, QueryData, Select};
use super::{FieldKind, Model, Q};
use crate::connections::{self, DEFAULT_DB_ALIAS, DatabaseWrapper};
use crate::{Error, Result, Value};

/// Django's `MAX_GET_RESULTS`: `get()` fetches at most this many rows.
const MAX_GET_RESULTS: u64 = 21;

/// A lazy query over model `M`, whose rows come back as `R`: model
/// instances by default, [`Row`]s after `values()`, tuples after
/// `values_list()` (Django's `_iterable_class`).
///
/// # Examples
/// ```
/// use nuages_db::prelude::*;
///
/// #[derive(Model, Debug, Clone)]
/// #[model(app_label = "polls")]
/// pub struct Question {
///     pub id: i64,
///     #[field(max_length = 200)]
///     pub question_text: String,
///     pub pub_date: DateTime<Utc>,
/// }
///
/// let latest = Question::objects()
///     .filter(Question::PUB_DATE.lte(Utc::now()))
///     .order_by(["-pub_date"])
///     .slice(..5);
/// // Nothing ran yet: `latest.all().await` runs it.
/// # let _ = latest;
/// ```
pub struct QuerySet<M, R = M> {
    pub(crate) using: Option<String>,
    pub(crate) data: QueryData,
    pub(crate) _model: PhantomData<fn() -> (M, R)>,
}

impl<M, R> Clone for QuerySet<M, R> {
    fn clone(&self) -> Self {
        QuerySet {
            using: self.using.clone(),
            data: self.data.clone(),
            _model: PhantomData,
        }
    }
}

impl<M, R> std::fmt::Debug for QuerySet<M, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QuerySet")
            .field("using", &self.using)
            .field("data", &self.data)
            .finish()
    }
}

impl<M: Model> Default for QuerySet<M> {
    fn default() -> Self {
        Self::new()
    }
}

impl<M: Model> QuerySet<M> {
    /// All rows of `M` (what `M::objects()` returns).
    pub fn new() -> Self {
        QuerySet {
            using: None,
            data: QueryData::default(),
            _model: PhantomData,
        }
    }
}

impl<M, R> QuerySet<M, R> {
    /// The same query with rows of another shape.
    pub(crate) fn with_rows<R2>(self) -> QuerySet<M, R2> {
        QuerySet {
            using: self.using,
            data: self.data,
            _model: PhantomData,
        }
    }

    pub(crate) fn into_data(self) -> QueryData {
        self.data
    }
}

impl<M: Model, R: FromRow> QuerySet<M, R> {
    /// Run on database `alias` (Django's `.using(alias)`).
    pub fn using(mut self, alias: &str) -> Self {
        self.using = Some(alias.to_owned());
        self
    }

    /// Keep rows matching `q` (Django's `.filter(...)`).
    pub fn filter(mut self, q: Q) -> Self {
        self.data.where_.push(q);
        self
    }

    /// Drop rows matching `q` (Django's `.exclude(...)`).
    pub fn exclude(mut self, q: Q) -> Self {
        self.data.where_.push(!q);
        self
    }

    /// Order by fields or annotations: `["-pub_date", "id"]`,
    /// `"question__pub_date"` across a relation, `"?"` for random; replaces
    /// earlier ordering and `Meta.ordering` (Django's `.order_by(...)`).
    pub fn order_by<I, S>(mut self, fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.data.order_by = Some(fields.into_iter().map(Into::into).collect());
        self.data.reversed = false;
        self
    }

    /// Slice the results as Python slicing does (`qs[5:10]` is
    /// `.slice(5..10)`); slices compose. Negative indexing is not supported.
    pub fn slice(mut self, range: impl RangeBounds<usize>) -> Self {
        let start = match range.start_bound() {
            Bound::Included(s) => *s as u64,
            Bound::Excluded(s) => *s as u64 + 1,
            Bound::Unbounded => 0,
        };
        let end = match range.end_bound() {
            Bound::Included(e) => Some(*e as u64 + 1),
            Bound::Excluded(e) => Some(*e as u64),
            Bound::Unbounded => None,
        };
        let low = self.data.low;
        let new_low = low + start;
        let mut new_high = end.map(|e| low + e);
        if let Some(high) = self.data.high {
            new_high = Some(new_high.map_or(high, |h| h.min(high)));
        }
        self.data.low = match new_high {
            Some(h) => new_low.min(h),
            None => new_low,
        };
        self.data.high = new_high;
        self
    }

    pub(crate) fn db(&self) -> Result<std::sync::Arc<DatabaseWrapper>> {
        connections::get(self.using.as_deref().unwrap_or(DEFAULT_DB_ALIAS))
    }

    pub(crate) fn alias_name(&self) -> String {
        self.using.clone().unwrap_or_else(|| DEFAULT_DB_ALIAS.to_owned())
    }

    /// The SQL and its columns for this query's rows.
    pub(crate) fn compile(&self, db: &DatabaseWrapper, data: &QueryData) -> Result<(String, Vec<Value>, Vec<Column>)> {
        let what = if data.values.is_some() {
            Select::Values
        } else {
            Select::Model
        };
        let compiled = compiler::select(db.vendor(), M::meta(), data, what, true)?;
        let (sql, values) = db.vendor().build(&compiled.stmt);
        Ok((sql, values, compiled.columns))
    }

    /// The SQL this QuerySet runs on its database, with its parameters
    /// (Django's `qs.query.sql_with_params()`); nothing is executed.
    ///
    /// # Errors
    /// `FieldError` for a bad lookup; `ConnectionDoesNotExist`.
    pub fn sql_with_params(&self) -> Result<(String, Vec<Value>)> {
        let db = self.db()?;
        let (sql, values, _) = self.compile(&db, &self.data)?;
        Ok((sql, values))
    }

    pub(crate) async fn fetch_rows(&self, data: &QueryData) -> Result<Vec<R>> {
        let db = self.db()?;
        let (sql, values, columns) = self.compile(&db, data)?;
        let kinds: Vec<Option<FieldKind>> = columns.iter().map(|c| c.kind).collect();
        let names: std::sync::Arc<[String]> = columns.iter().map(|c| c.name.clone()).collect();
        let rows = db.fetch_columns(sql, values, &kinds).await?;
        rows.into_iter()
            .map(|mut r| {
                compiler::finish_row(&columns, &mut r);
                R::from_row(M::meta(), &names, r)
            })
            .collect()
    }

    /// Run the query and return every row (iterating a Django QuerySet).
    ///
    /// # Errors
    /// `FieldError` for a bad lookup, or a database error.
    pub async fn all(&self) -> Result<Vec<R>> {
        self.fetch_rows(&self.data).await
    }

    /// The one row matching (Django's `.get()`).
    ///
    /// # Errors
    /// `DoesNotExist` when none matches, `MultipleObjectsReturned` when
    /// several do, with Django's messages.
    pub async fn get(&self) -> Result<R> {
        let mut data = self.data.clone();
        if !data.is_sliced() {
            data.high = Some(MAX_GET_RESULTS);
            data.order_by = Some(Vec::new());
        }
        let mut rows = self.fetch_rows(&data).await?;
        let model = M::meta().object_name.as_str();
        match rows.len() {
            0 => Err(Error::DoesNotExist { model }),
            1 => rows.pop().ok_or(Error::DoesNotExist { model }),
            n => Err(Error::MultipleObjectsReturned {
                model,
                count: if n as u64 >= MAX_GET_RESULTS {
                    format!("more than {}", MAX_GET_RESULTS - 1)
                } else {
                    n.to_string()
                },
            }),
        }
    }

    /// `.filter(q).get()`.
    ///
    /// # Errors
    /// As [`QuerySet::get`].
    pub async fn get_by(&self, q: Q) -> Result<R> {
        self.clone().filter(q).get().await
    }

    fn is_ordered(&self) -> bool {
        match &self.data.order_by {
            Some(o) => !o.is_empty(),
            None => !M::meta().ordering.is_empty() && self.data.group_by.is_none(),
        }
    }

    /// The first row by the ordering (the primary key when unordered), or `None`.
    ///
    /// # Errors
    /// A database error.
    pub async fn first(&self) -> Result<Option<R>> {
        let mut qs = self.clone();
        if !self.is_ordered() {
            qs.data.order_by = Some(vec!["pk".to_owned()]);
        }
        let qs = qs.slice(..1);
        Ok(qs.fetch_rows(&qs.data).await?.into_iter().next())
    }

    /// The last row by the ordering (the primary key when unordered), or `None`.
    ///
    /// # Errors
    /// A database error.
    pub async fn last(&self) -> Result<Option<R>> {
        let mut qs = self.clone();
        if !self.is_ordered() {
            qs.data.order_by = Some(vec!["pk".to_owned()]);
        }
        qs.data.reversed = !qs.data.reversed;
        let qs = qs.slice(..1);
        Ok(qs.fetch_rows(&qs.data).await?.into_iter().next())
    }

    /// How many rows match (`SELECT COUNT(*)`).
    ///
    /// # Errors
    /// A database error.
    pub async fn count(&self) -> Result<u64> {
        let db = self.db()?;
        let (sql, values) = {
            let stmt = compiler::count(db.vendor(), M::meta(), &self.data)?;
            db.vendor().build(&stmt)
        };
        let rows = db.fetch(sql, values, Some(&[FieldKind::BigIntegerField])).await?;
        Ok(rows
            .first()
            .and_then(|r| r.first())
            .and_then(Value::as_i64)
            .unwrap_or(0)
            .max(0) as u64)
    }

    /// Whether any row matches.
    ///
    /// # Errors
    /// A database error.
    pub async fn exists(&self) -> Result<bool> {
        let db = self.db()?;
        let mut data = self.data.clone();
        if data.high.is_none_or(|h| h > data.low + 1) {
            data.high = Some(data.low + 1);
        }
        let what = if data.combined.is_empty() {
            Select::One
        } else {
            Select::Model
        };
        let (sql, values) = {
            let compiled = compiler::select(db.vendor(), M::meta(), &data, what, false)?;
            db.vendor().build(&compiled.stmt)
        };
        Ok(!db.fetch_columns(sql, values, &[]).await?.is_empty())
    }

    /// The primary keys of the matching rows.
    ///
    /// # Errors
    /// A database error.
    pub async fn pks(&self) -> Result<Vec<i64>> {
        let db = self.db()?;
        let (sql, values) = {
            let compiled = compiler::select(db.vendor(), M::meta(), &self.data, Select::Pk, true)?;
            db.vendor().build(&compiled.stmt)
        };
        let rows = db.fetch(sql, values, Some(&[FieldKind::BigIntegerField])).await?;
        Ok(rows.iter().filter_map(|r| r.first().and_then(Value::as_i64)).collect())
    }

    /// Set fields on every matching row in one UPDATE, returning the number
    /// of rows; `F()` expressions are computed by the database, so
    /// concurrent updates don't lose writes (Django's `.update(...)`).
    ///
    /// `update([(Choice::VOTES, F::new("votes") + 1)])` or
    /// `update([Choice::VOTES.set(F::new("votes") + 1), Choice::CHOICE_TEXT.set("x")])`.
    ///
    /// # Errors
    /// `FieldError` for an unknown field, or a database error.
    pub async fn update<I, A>(&self, assignments: I) -> Result<u64>
    where
        I: IntoIterator<Item = A>,
        A: Into<Assignment>,
    {
        let assignments: Vec<Assignment> = assignments.into_iter().map(Into::into).collect();
        let db = self.db()?;
        let (sql, values) = {
            let stmt = compiler::update(db.vendor(), M::meta(), &self.data, &assignments)?;
            db.vendor().build(&stmt)
        };
        Ok(db.run(sql, values).await?.rows_affected)
    }

    /// Delete the matching rows and, following `on_delete`, the rows that
    /// point at them (Django's `.delete()` with its deletion collector).
    ///
    /// # Errors
    /// `ProtectedError` when a `Protect` key points at a row, or a database error.
    pub async fn delete(&self) -> Result<DeleteResult> {
        let alias = self.alias_name();
        let pks = self.pks().await?;
        deletion::delete(&alias, M::meta(), pks).await
    }
}

impl<M: Model> QuerySet<M> {
    /// Insert `instance` and return it with its primary key set
    /// (Django's `Manager.create(**kwargs)`).
    ///
    /// # Errors
    /// A database error (e.g. `IntegrityError`).
    pub async fn create(&self, mut instance: M) -> Result<M> {
        save_instance(&mut instance, self.using.clone()).await?;
        Ok(instance)
    }
}

/// `Model.save()`: UPDATE when the primary key is set and the row exists,
/// INSERT otherwise.
pub(crate) async fn save_instance<M: Model>(instance: &mut M, using: Option<String>) -> Result<()> {
    let db = connections::get(using.as_deref().unwrap_or(DEFAULT_DB_ALIAS))?;
    let meta = M::meta();
    let mut values = instance.to_values();
    let signal_args = |values: Vec<Value>, created: bool| {
        let mut args = super::signals::ModelSignalArgs::new(meta, values);
        args.using = db.alias().to_owned();
        args.created = created;
        args
    };
    let (pre_save, post_save) = (super::signals::pre_save(), super::signals::post_save());
    if pre_save.has_listeners() {
        pre_save
            .send(&meta.label(), &signal_args(values.clone(), false))
            .await?;
    }
    // `auto_now`/`auto_now_add` fields (Django's `pre_save`), written back to the instance.
    let adding = instance.pk() == 0;
    let mut changed = false;
    for (field, value) in meta.fields.iter().zip(values.iter_mut()) {
        if let Some(now) = field.pre_save(adding) {
            *value = now;
            changed = true;
        }
    }
    if changed {
        *instance = M::from_values(values.clone())?;
    }
    if instance.pk() != 0 {
        let (sql, params) = {
            let stmt = compiler::update_instance(meta, db.vendor(), &values);
            db.vendor().build(&stmt)
        };
        if db.run(sql, params).await?.rows_affected > 0 {
            if post_save.has_listeners() {
                post_save.send(&meta.label(), &signal_args(values, false)).await?;
            }
            return Ok(());
        }
    }
    let (sql, params) = {
        let stmt = compiler::insert(meta, db.vendor(), &values)?;
        db.vendor().build(&stmt)
    };
    let pk = if db.vendor() == crate::backends::Vendor::Mysql {
        // No RETURNING on MySQL: the explicit key, or LAST_INSERT_ID().
        let result = db.run(sql, params).await?;
        if instance.pk() != 0 {
            Some(instance.pk())
        } else {
            result.last_insert_id
        }
    } else {
        let rows = db.fetch(sql, params, Some(&[FieldKind::BigIntegerField])).await?;
        rows.first().and_then(|r| r.first()).and_then(Value::as_i64)
    };
    let pk = pk.ok_or_else(|| Error::Database {
        kind: crate::DatabaseErrorKind::DatabaseError,
        message: format!("INSERT into {} returned no primary key", meta.db_table),
        source: None,
    })?;
    instance.set_pk(pk);
    if post_save.has_listeners() {
        post_save
            .send(&meta.label(), &signal_args(instance.to_values(), true))
            .await?;
    }
    Ok(())
}
