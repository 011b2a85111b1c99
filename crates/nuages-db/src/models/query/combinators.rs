//! `distinct()`, `reverse()`, `select_for_update()`, `union()`,
//! `intersection()`, `difference()`, `latest()`/`earliest()`, `in_bulk()`.

use std::collections::HashMap;

use super::{FromRow, QuerySet};
use crate::models::sql::compiler::{Combinator, ForUpdate};
use crate::models::{Model, Q};
use crate::{Error, Result, Value};

impl<M: Model, R: FromRow> QuerySet<M, R> {
    /// `SELECT DISTINCT` (Django's `.distinct()`).
    pub fn distinct(mut self) -> Self {
        self.data.distinct = true;
        self
    }

    /// Flip the ordering (Django's `.reverse()`); no effect when unordered.
    pub fn reverse(mut self) -> Self {
        self.data.reversed = !self.data.reversed;
        self
    }

    /// Lock the selected rows until the transaction ends: `SELECT ... FOR
    /// UPDATE` (Django's `.select_for_update()`); SQLite locks the whole
    /// database on write, so nothing is added there.
    pub fn select_for_update(mut self) -> Self {
        self.data.for_update = Some(ForUpdate::default());
        self
    }

    /// `select_for_update(nowait=True)` / `skip_locked=True`.
    pub fn select_for_update_with(mut self, nowait: bool, skip_locked: bool) -> Self {
        self.data.for_update = Some(ForUpdate { nowait, skip_locked });
        self
    }

    fn combine(mut self, combinator: Combinator, all: bool, others: Vec<QuerySet<M, R>>) -> Self {
        for other in others {
            self.data.combined.push((combinator, all, other.data));
        }
        self
    }

    /// `SELECT ... UNION [ALL] SELECT ...` (Django's `.union(*qs, all=False)`);
    /// `order_by` and slicing afterwards apply to the combined rows.
    pub fn union(self, others: impl IntoIterator<Item = QuerySet<M, R>>, all: bool) -> Self {
        self.combine(Combinator::Union, all, others.into_iter().collect())
    }

    /// `INTERSECT` (Django's `.intersection(*qs)`).
    pub fn intersection(self, others: impl IntoIterator<Item = QuerySet<M, R>>) -> Self {
        self.combine(Combinator::Intersection, false, others.into_iter().collect())
    }

    /// `EXCEPT` (Django's `.difference(*qs)`).
    pub fn difference(self, others: impl IntoIterator<Item = QuerySet<M, R>>) -> Self {
        self.combine(Combinator::Difference, false, others.into_iter().collect())
    }

    fn by_latest(&self, fields: &[&str], latest: bool) -> Result<Self> {
        let mut fields: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
        if fields.is_empty() {
            fields = M::meta().get_latest_by.clone();
        }
        if fields.is_empty() {
            return Err(Error::FieldError {
                model: M::meta().object_name.as_str(),
                message: "earliest() and latest() require either fields as positional arguments or 'get_latest_by' in the model's Meta.".to_owned(),
            });
        }
        let order: Vec<String> = if latest {
            fields
                .iter()
                .map(|f| match f.strip_prefix('-') {
                    Some(rest) => rest.to_owned(),
                    None => format!("-{f}"),
                })
                .collect()
        } else {
            fields
        };
        let mut qs = self.clone().order_by(order);
        qs.data.low = 0;
        qs.data.high = None;
        Ok(qs)
    }

    /// The latest row by `fields` (or `Meta.get_latest_by`) (Django's `.latest()`).
    ///
    /// # Errors
    /// `DoesNotExist` when there are no rows; `FieldError` without fields.
    pub async fn latest(&self, fields: &[&str]) -> Result<R> {
        self.by_latest(fields, true)?.slice(..1).get().await
    }

    /// The earliest row by `fields` (or `Meta.get_latest_by`) (Django's `.earliest()`).
    ///
    /// # Errors
    /// As [`latest`](Self::latest).
    pub async fn earliest(&self, fields: &[&str]) -> Result<R> {
        self.by_latest(fields, false)?.slice(..1).get().await
    }
}

impl<M: Model> QuerySet<M> {
    /// The rows whose primary key is in `ids`, by primary key (Django's
    /// `.in_bulk(id_list)`); missing keys are absent from the map.
    ///
    /// # Errors
    /// A database error; `FieldError` on a sliced QuerySet.
    pub async fn in_bulk(&self, ids: impl IntoIterator<Item = i64>) -> Result<HashMap<i64, M>> {
        if self.data.is_sliced() {
            return Err(Error::FieldError {
                model: M::meta().object_name.as_str(),
                message: "Cannot use 'limit' or 'offset' with in_bulk().".to_owned(),
            });
        }
        let ids: Vec<Value> = ids.into_iter().map(Value::Int).collect();
        let mut out = HashMap::new();
        // Django batches by the backend's parameter limit.
        for chunk in ids.chunks(900) {
            let qs = self.clone().filter(Q::new("pk__in", Value::List(chunk.to_vec())));
            for row in qs.all().await? {
                out.insert(row.pk(), row);
            }
        }
        Ok(out)
    }
}
