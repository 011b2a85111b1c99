//! Models and queries (Django's `django.db.models`).
//!
//! [`Model`] is implemented by `#[derive(Model)]`; [`QuerySet`] builds lazy
//! queries; [`Q`] and [`F`] are Django's condition and field-reference objects.

pub mod aggregates;
pub mod deletion;
pub mod expressions;
pub mod fields;
pub mod functions;
pub mod lookups;
pub mod options;
pub mod query;
pub mod query_utils;
pub mod signals;
pub mod sql;

use std::future::Future;

pub use aggregates::{Avg, Count, Max, Min, StdDev, Sum, Variance};
pub use deletion::DeleteResult;
pub use expressions::{Assignment, Case, Exists, Expression, F, OuterRef, Subquery, When};
pub use fields::many_to_many::{ManyToMany, ManyToManyMeta};
pub use fields::related::{ForeignKey, OnDelete};
pub use fields::related_descriptors::{ManyRelatedManager, RelatedManager, RelatedPk};
pub use fields::{CustomKind, Field, FieldKind, FieldMeta, FieldType, IntoFieldValue, RelatedMeta, Validator};
pub use options::ModelMeta;
pub use query::{FromRow, QuerySet, Row};
pub use query_utils::Q;

use crate::{Result, Value};

/// Django's default manager: `Question::objects()` returns a [`QuerySet`]
/// over all rows, with `create`, `filter`, `get`, ... on it.
pub type Manager<M> = QuerySet<M>;

/// A database model (Django's `models.Model`); implement it with
/// `#[derive(Model)]`.
///
/// Rows convert to and from `Vec<Value>` in the order of `meta().fields`.
pub trait Model: Sized + Send + Sync + Unpin + 'static {
    /// The model's metadata (Django's `_meta`).
    fn meta() -> &'static ModelMeta;
    /// Build an instance from one value per field, in `meta().fields` order.
    fn from_values(values: Vec<Value>) -> Result<Self>;
    /// One value per field, in `meta().fields` order.
    fn to_values(&self) -> Vec<Value>;
    /// The primary key (0 for an unsaved instance).
    fn pk(&self) -> i64;
    /// Set the primary key (done by `save` after an INSERT).
    fn set_pk(&mut self, pk: i64);

    /// The default manager: a QuerySet over all rows (`Question.objects`).
    fn objects() -> Manager<Self> {
        QuerySet::new()
    }

    /// Insert (primary key 0) or update this row, on the default database;
    /// sets the primary key after an INSERT (`Model.save()`).
    fn save(&mut self) -> impl Future<Output = Result<()>> + Send {
        query::save_instance(self, None)
    }

    /// `save(using=alias)`.
    fn save_using(&mut self, alias: &str) -> impl Future<Output = Result<()>> + Send {
        query::save_instance(self, Some(alias.to_owned()))
    }

    /// Delete this row and what cascades from it (`Model.delete()`).
    fn delete(&self) -> impl Future<Output = Result<DeleteResult>> + Send {
        let qs = Self::objects().filter(Q::new("pk", self.pk()));
        async move { qs.delete().await }
    }

    /// `delete(using=alias)`.
    fn delete_using(&self, alias: &str) -> impl Future<Output = Result<DeleteResult>> + Send {
        let qs = Self::objects().using(alias).filter(Q::new("pk", self.pk()));
        async move { qs.delete().await }
    }

    /// Reload the fields from the database (`Model.refresh_from_db()`).
    fn refresh_from_db(&mut self) -> impl Future<Output = Result<()>> + Send {
        let qs = Self::objects().filter(Q::new("pk", self.pk()));
        async move {
            *self = qs.get().await?;
            Ok(())
        }
    }

    /// The rows of `R` whose foreign key `field` points at this instance
    /// (`question.choice_set`): `question.related(Choice::QUESTION)`.
    fn related<R: Model>(&self, field: Field<R, ForeignKey<Self>>) -> QuerySet<R> {
        R::objects().filter(Q::new(field.name(), self.pk()))
    }
}
