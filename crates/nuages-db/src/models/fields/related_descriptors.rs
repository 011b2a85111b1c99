//! Related managers (Django's `related_descriptors.py`):
//! [`RelatedManager`] for the reverse side of a foreign key
//! (`question.choice_set()`) and [`ManyRelatedManager`] for both sides of
//! a many-to-many relation (`user.groups()`, `group.user_set()`).
//!
//! Each reads like a QuerySet of the related model (`all`, `filter`,
//! `count`, ...) and changes the relation with `add`, `remove`, `clear`,
//! `set` and `create`, as Django's managers do. Changes of a many-to-many
//! relation run in one transaction and send `m2m_changed`.

use std::collections::BTreeSet;
use std::marker::PhantomData;

use sea_query::{Expr, ExprTrait, Query};

use super::FieldMeta;
use super::many_to_many::{ManyToManyMeta, ThroughColumns};
use crate::connections::{self, DEFAULT_DB_ALIAS};
use crate::models::signals::{M2mAction, M2mChanged, m2m_changed};
use crate::models::{FieldKind, Model, ModelMeta, Q, QuerySet};
use crate::transaction::atomic_using;
use crate::{Error, Result, Value};

/// Something naming a row of `T`: an instance (`&group`) or a primary key.
pub trait RelatedPk<T> {
    /// The primary key.
    fn related_pk(&self) -> i64;
}

impl<T: Model> RelatedPk<T> for &T {
    fn related_pk(&self) -> i64 {
        self.pk()
    }
}

impl<T: Model> RelatedPk<T> for i64 {
    fn related_pk(&self) -> i64 {
        *self
    }
}

fn unsaved(meta: &ModelMeta, what: &str) -> Error {
    Error::ValueError(format!(
        "\"{}\" instance needs to have a primary key value before {what} can be used.",
        meta.object_name
    ))
}

/// The QuerySet-reading methods shared by the two managers.
macro_rules! read_methods {
    () => {
        /// Run on database `alias` (Django's `db_manager(using)`).
        pub fn using(mut self, alias: &str) -> Self {
            self.using = Some(alias.to_owned());
            self
        }

        fn alias(&self) -> String {
            self.using.clone().unwrap_or_else(|| DEFAULT_DB_ALIAS.to_owned())
        }

        /// `.filter(q)` on the related objects.
        pub fn filter(&self, q: Q) -> QuerySet<T> {
            self.queryset().filter(q)
        }

        /// `.exclude(q)` on the related objects.
        pub fn exclude(&self, q: Q) -> QuerySet<T> {
            self.queryset().exclude(q)
        }

        /// `.order_by(...)` on the related objects.
        pub fn order_by<I, S>(&self, fields: I) -> QuerySet<T>
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.queryset().order_by(fields)
        }

        /// Every related object (one query).
        ///
        /// # Errors
        /// A database error.
        pub async fn all(&self) -> Result<Vec<T>> {
            self.queryset().all().await
        }

        /// How many related objects there are.
        ///
        /// # Errors
        /// A database error.
        pub async fn count(&self) -> Result<u64> {
            self.queryset().count().await
        }

        /// Whether there is any related object.
        ///
        /// # Errors
        /// A database error.
        pub async fn exists(&self) -> Result<bool> {
            self.queryset().exists().await
        }

        /// The one related object matching `q`.
        ///
        /// # Errors
        /// `DoesNotExist` / `MultipleObjectsReturned`, or a database error.
        pub async fn get(&self, q: Q) -> Result<T> {
            self.queryset().filter(q).get().await
        }
    };
}

/// The manager of the objects whose foreign key points at one instance
/// (`question.choice_set()`, Django's reverse many-to-one manager).
#[derive(Debug, Clone)]
pub struct RelatedManager<T> {
    instance_pk: i64,
    target: &'static ModelMeta,
    field: &'static str,
    using: Option<String>,
    _model: PhantomData<fn() -> T>,
}

impl<T: Model> RelatedManager<T> {
    /// The objects of `T` whose foreign key `field` points at the row
    /// `instance_pk` of `target` (what the generated accessors return).
    pub fn new(instance_pk: i64, target: &'static ModelMeta, field: &'static str) -> Self {
        RelatedManager {
            instance_pk,
            target,
            field,
            using: None,
            _model: PhantomData,
        }
    }

    /// The related objects as a QuerySet (Django's `manager.all()` before it runs).
    pub fn queryset(&self) -> QuerySet<T> {
        let qs = T::objects().filter(Q::new(self.field, self.instance_pk));
        match &self.using {
            Some(alias) => qs.using(alias),
            None => qs,
        }
    }

    read_methods!();

    fn fk(&self) -> Result<(usize, &'static FieldMeta)> {
        let meta = T::meta();
        meta.fields
            .iter()
            .enumerate()
            .find(|(_, f)| f.name == self.field)
            .ok_or_else(|| Error::field(meta.object_name.as_str(), format!("no field named '{}'", self.field)))
    }

    fn check_saved(&self) -> Result<()> {
        if self.instance_pk == 0 {
            return Err(unsaved(self.target, "this relationship"));
        }
        Ok(())
    }

    /// Save `obj` with its foreign key pointing at the instance and return it
    /// (`question.choice_set.create(...)`).
    ///
    /// # Errors
    /// A database error.
    pub async fn create(&self, obj: T) -> Result<T> {
        self.check_saved()?;
        let (index, _) = self.fk()?;
        let mut values = obj.to_values();
        if let Some(slot) = values.get_mut(index) {
            *slot = Value::Int(self.instance_pk);
        }
        let obj = T::from_values(values)?;
        let qs = match &self.using {
            Some(alias) => T::objects().using(alias),
            None => T::objects(),
        };
        qs.create(obj).await
    }

    /// Point the foreign key of saved objects at the instance, in one UPDATE
    /// (`add(*objs)` with Django's `bulk=True`).
    ///
    /// # Errors
    /// A database error.
    pub async fn add<I, P>(&self, objs: I) -> Result<()>
    where
        I: IntoIterator<Item = P>,
        P: RelatedPk<T>,
    {
        self.check_saved()?;
        let pks: Vec<i64> = objs.into_iter().map(|p| p.related_pk()).collect();
        if pks.is_empty() {
            return Ok(());
        }
        let (_, fk) = self.fk()?;
        self.update_fk(fk, Value::Int(self.instance_pk), Some(&pks), false)
            .await
    }

    /// Set the foreign key of the given objects to NULL (only for a
    /// nullable key, as in Django).
    ///
    /// # Errors
    /// `ValueError` for a key that is not nullable; a database error.
    pub async fn remove<I, P>(&self, objs: I) -> Result<()>
    where
        I: IntoIterator<Item = P>,
        P: RelatedPk<T>,
    {
        self.check_saved()?;
        let fk = self.nullable_fk("remove")?;
        let pks: Vec<i64> = objs.into_iter().map(|p| p.related_pk()).collect();
        if pks.is_empty() {
            return Ok(());
        }
        self.update_fk(fk, Value::Null, Some(&pks), true).await
    }

    /// Set the foreign key of every related object to NULL (nullable keys only).
    ///
    /// # Errors
    /// `ValueError` for a key that is not nullable; a database error.
    pub async fn clear(&self) -> Result<()> {
        self.check_saved()?;
        let fk = self.nullable_fk("clear")?;
        self.update_fk(fk, Value::Null, None, true).await
    }

    /// Make exactly `objs` the related objects: the others are removed
    /// (nullable keys only), the new ones added.
    ///
    /// # Errors
    /// As [`RelatedManager::add`] and [`RelatedManager::remove`].
    pub async fn set<I, P>(&self, objs: I) -> Result<()>
    where
        I: IntoIterator<Item = P>,
        P: RelatedPk<T>,
    {
        self.check_saved()?;
        let wanted: BTreeSet<i64> = objs.into_iter().map(|p| p.related_pk()).collect();
        let alias = self.alias();
        atomic_using(&alias, async {
            let current: BTreeSet<i64> = self.queryset().pks().await?.into_iter().collect();
            let stale: Vec<i64> = current.difference(&wanted).copied().collect();
            if !stale.is_empty() {
                let fk = self.nullable_fk("set")?;
                self.update_fk(fk, Value::Null, Some(&stale), true).await?;
            }
            let new: Vec<i64> = wanted.difference(&current).copied().collect();
            self.add(new).await
        })
        .await
    }

    fn nullable_fk(&self, method: &str) -> Result<&'static FieldMeta> {
        let (_, fk) = self.fk()?;
        if !fk.null {
            return Err(Error::ValueError(format!(
                "{method}() is only available on a nullable foreign key: {}.{} is not null=True.",
                T::meta().object_name,
                fk.name
            )));
        }
        Ok(fk)
    }

    async fn update_fk(&self, fk: &FieldMeta, value: Value, pks: Option<&[i64]>, only_mine: bool) -> Result<()> {
        let db = connections::get(&self.alias())?;
        let meta = T::meta();
        let (sql, values) = {
            let mut stmt = Query::update();
            stmt.table(meta.db_table.clone());
            stmt.value(fk.column.clone(), Expr::val(db.vendor().adapt_value(&value)));
            if let Some(pks) = pks {
                stmt.and_where(Expr::col(meta.pk().column.clone()).is_in(pks.iter().copied()));
            }
            if only_mine {
                stmt.and_where(Expr::col(fk.column.clone()).eq(self.instance_pk));
            }
            db.vendor().build(&stmt)
        };
        db.run(sql, values).await?;
        Ok(())
    }
}

/// The manager of one side of a many-to-many relation for one instance
/// (`user.groups()` or `group.user_set()`, Django's many-related manager).
#[derive(Debug, Clone)]
pub struct ManyRelatedManager<T> {
    instance_pk: i64,
    instance_meta: &'static ModelMeta,
    field: Option<&'static ManyToManyMeta>,
    field_name: &'static str,
    reverse: bool,
    using: Option<String>,
    _model: PhantomData<fn() -> T>,
}

impl<T: Model> ManyRelatedManager<T> {
    /// The `T`s related to row `instance_pk` of `owner` through its
    /// many-to-many field `field` (the forward side, `user.groups()`).
    pub fn forward(instance_pk: i64, owner: &'static ModelMeta, field: &'static str) -> Self {
        ManyRelatedManager {
            instance_pk,
            instance_meta: owner,
            field: owner.get_many_to_many(field),
            field_name: field,
            reverse: false,
            using: None,
            _model: PhantomData,
        }
    }

    /// The `T`s whose many-to-many field `field` holds row `instance_pk` of
    /// `target` (the reverse side, `group.user_set()`).
    pub fn reverse(instance_pk: i64, target: &'static ModelMeta, field: &'static str) -> Self {
        ManyRelatedManager {
            instance_pk,
            instance_meta: target,
            field: T::meta().get_many_to_many(field),
            field_name: field,
            reverse: true,
            using: None,
            _model: PhantomData,
        }
    }

    fn m2m(&self) -> Result<&'static ManyToManyMeta> {
        self.field.ok_or_else(|| {
            Error::field(
                self.instance_meta.object_name.as_str(),
                format!("no many-to-many field named '{}'", self.field_name),
            )
        })
    }

    /// The related objects as a QuerySet (one query with a join through the
    /// intermediary table when it runs).
    pub fn queryset(&self) -> QuerySet<T> {
        let path = match (self.reverse, self.field) {
            (true, _) => self.field_name.to_owned(),
            (false, Some(m2m)) => m2m.reverse_query_name(),
            (false, None) => self.field_name.to_owned(),
        };
        let qs = T::objects().filter(Q::new(path, self.instance_pk));
        match &self.using {
            Some(alias) => qs.using(alias),
            None => qs,
        }
    }

    read_methods!();

    /// The intermediary model, with "my" column first and "theirs" second.
    fn columns(&self) -> Result<(ThroughColumns, &'static FieldMeta, &'static FieldMeta)> {
        if self.instance_pk == 0 {
            return Err(unsaved(self.instance_meta, "this many-to-many relationship"));
        }
        let cols = self.m2m()?.through_columns()?;
        Ok(if self.reverse {
            (cols, cols.target, cols.source)
        } else {
            (cols, cols.source, cols.target)
        })
    }

    async fn send(&self, action: M2mAction, pk_set: &[i64]) -> Result<()> {
        let signal = m2m_changed();
        if !signal.has_listeners() {
            return Ok(());
        }
        let args = M2mChanged {
            through: self.field.map(ManyToManyMeta::through_meta),
            instance_model: self.instance_meta,
            instance_pk: self.instance_pk,
            action,
            reverse: self.reverse,
            model: T::meta(),
            pk_set: pk_set.to_vec(),
            using: self.alias(),
        };
        signal.send(&args.sender(), &args).await
    }

    async fn existing(&self, pks: &[i64]) -> Result<BTreeSet<i64>> {
        let (cols, mine, theirs) = self.columns()?;
        let db = connections::get(&self.alias())?;
        let (sql, values) = {
            let mut stmt = Query::select();
            stmt.column(theirs.column.clone()).from(cols.through.db_table.clone());
            stmt.and_where(Expr::col(mine.column.clone()).eq(self.instance_pk));
            stmt.and_where(Expr::col(theirs.column.clone()).is_in(pks.iter().copied()));
            db.vendor().build(&stmt)
        };
        let rows = db.fetch(sql, values, Some(&[FieldKind::BigIntegerField])).await?;
        Ok(rows.iter().filter_map(|r| r.first().and_then(Value::as_i64)).collect())
    }

    async fn insert_rows(&self, pks: &[i64]) -> Result<()> {
        let (cols, mine, theirs) = self.columns()?;
        let db = connections::get(&self.alias())?;
        let vendor = db.vendor();
        let (sql, values) = {
            let mut stmt = Query::insert();
            stmt.into_table(cols.through.db_table.clone());
            let fields: Vec<&FieldMeta> = cols.through.fields.iter().filter(|f| !f.primary_key).collect();
            stmt.columns(fields.iter().map(|f| f.column.clone()));
            for pk in pks {
                let row = fields.iter().map(|f| {
                    let v = if std::ptr::eq(*f, mine) {
                        Value::Int(self.instance_pk)
                    } else if std::ptr::eq(*f, theirs) {
                        Value::Int(*pk)
                    } else {
                        f.default.clone().unwrap_or(Value::Null)
                    };
                    Expr::val(vendor.adapt_value(&v))
                });
                stmt.values(row.collect::<Vec<_>>())
                    .map_err(|e| Error::field(cols.through.object_name.as_str(), e.to_string()))?;
            }
            vendor.build(&stmt)
        };
        db.run(sql, values).await?;
        Ok(())
    }

    async fn delete_rows(&self, pks: Option<&[i64]>) -> Result<()> {
        let (cols, mine, theirs) = self.columns()?;
        let db = connections::get(&self.alias())?;
        let (sql, values) = {
            let mut stmt = Query::delete();
            stmt.from_table(cols.through.db_table.clone());
            stmt.and_where(Expr::col(mine.column.clone()).eq(self.instance_pk));
            if let Some(pks) = pks {
                stmt.and_where(Expr::col(theirs.column.clone()).is_in(pks.iter().copied()));
            }
            db.vendor().build(&stmt)
        };
        db.run(sql, values).await?;
        Ok(())
    }

    /// Relate the given objects (those already related are skipped), in one
    /// transaction with `m2m_changed` `pre_add`/`post_add` (Django's `add`).
    ///
    /// # Errors
    /// `ValueError` for an unsaved instance; a database error.
    pub async fn add<I, P>(&self, objs: I) -> Result<()>
    where
        I: IntoIterator<Item = P>,
        P: RelatedPk<T>,
    {
        let wanted: BTreeSet<i64> = objs.into_iter().map(|p| p.related_pk()).collect();
        self.columns()?;
        let wanted: Vec<i64> = wanted.into_iter().collect();
        atomic_using(&self.alias(), async {
            let existing = if wanted.is_empty() {
                BTreeSet::new()
            } else {
                self.existing(&wanted).await?
            };
            let missing: Vec<i64> = wanted.iter().copied().filter(|p| !existing.contains(p)).collect();
            self.send(M2mAction::PreAdd, &missing).await?;
            if !missing.is_empty() {
                self.insert_rows(&missing).await?;
            }
            self.send(M2mAction::PostAdd, &missing).await?;
            Ok(())
        })
        .await
    }

    /// Unrelate the given objects (`pre_remove`/`post_remove`).
    ///
    /// # Errors
    /// `ValueError` for an unsaved instance; a database error.
    pub async fn remove<I, P>(&self, objs: I) -> Result<()>
    where
        I: IntoIterator<Item = P>,
        P: RelatedPk<T>,
    {
        let pks: Vec<i64> = objs
            .into_iter()
            .map(|p| p.related_pk())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        self.columns()?;
        atomic_using(&self.alias(), async {
            self.send(M2mAction::PreRemove, &pks).await?;
            if !pks.is_empty() {
                self.delete_rows(Some(&pks)).await?;
            }
            self.send(M2mAction::PostRemove, &pks).await?;
            Ok(())
        })
        .await
    }

    /// Unrelate every object (`pre_clear`/`post_clear`).
    ///
    /// # Errors
    /// `ValueError` for an unsaved instance; a database error.
    pub async fn clear(&self) -> Result<()> {
        self.columns()?;
        atomic_using(&self.alias(), async {
            self.send(M2mAction::PreClear, &[]).await?;
            self.delete_rows(None).await?;
            self.send(M2mAction::PostClear, &[]).await?;
            Ok(())
        })
        .await
    }

    /// Make exactly `objs` the related objects: remove the others, add the
    /// new ones (Django's `set()` without `clear=True`).
    ///
    /// # Errors
    /// As [`ManyRelatedManager::add`].
    pub async fn set<I, P>(&self, objs: I) -> Result<()>
    where
        I: IntoIterator<Item = P>,
        P: RelatedPk<T>,
    {
        let wanted: BTreeSet<i64> = objs.into_iter().map(|p| p.related_pk()).collect();
        self.columns()?;
        atomic_using(&self.alias(), async {
            let current: BTreeSet<i64> = self.queryset().pks().await?.into_iter().collect();
            let stale: Vec<i64> = current.difference(&wanted).copied().collect();
            if !stale.is_empty() {
                self.remove(stale).await?;
            }
            let new: Vec<i64> = wanted.difference(&current).copied().collect();
            self.add(new).await
        })
        .await
    }

    /// Save `obj` and relate it (Django's `create()`), in one transaction.
    ///
    /// # Errors
    /// A database error.
    pub async fn create(&self, obj: T) -> Result<T> {
        self.columns()?;
        let alias = self.alias();
        atomic_using(&alias, async {
            let obj = T::objects().using(&alias).create(obj).await?;
            self.add([obj.pk()]).await?;
            Ok(obj)
        })
        .await
    }
}
