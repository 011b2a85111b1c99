//! `ManyToManyField` (Django's `django.db.models.ManyToManyField`): the
//! struct field type [`ManyToMany<T>`], its metadata [`ManyToManyMeta`] and
//! the intermediary ("through") table.
//!
//! A many-to-many relation has no column: it lives in a table of its own,
//! `<table>_<field>` (`auth_user_groups`) with the columns `<model>_id` and
//! `<target>_id` (`from_<model>_id` / `to_<model>_id` when a model points
//! at itself) and a unique constraint on the pair, exactly as Django
//! creates it. `through = Model` names an explicit intermediary model
//! instead: the first foreign key to each side is used.

use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{FieldKind, FieldMeta, RelatedMeta, RelatedTarget};
use crate::models::{Model, ModelMeta, OnDelete};
use crate::{Error, Result};

/// The struct field of a many-to-many relation to `T`
/// (`pub groups: ManyToMany<Group>`).
///
/// It holds no data of its own: the derive generates the related manager
/// `user.groups()` (add, remove, clear, set, create, all). When the
/// instance was loaded with `prefetch_related("groups")`, the loaded
/// objects are kept here and read with [`ManyToMany::loaded`].
pub struct ManyToMany<T> {
    loaded: Option<Arc<Vec<T>>>,
    _target: PhantomData<fn() -> T>,
}

impl<T> ManyToMany<T> {
    /// An empty relation marker (nothing loaded).
    pub const fn new() -> Self {
        ManyToMany {
            loaded: None,
            _target: PhantomData,
        }
    }

    /// The objects loaded by `prefetch_related`.
    ///
    /// # Errors
    /// `RelatedNotLoaded` naming the fix when they were not prefetched
    /// (Nuages runs no hidden query here).
    pub fn loaded(&self) -> Result<&[T]>
    where
        T: Model,
    {
        self.loaded
            .as_deref()
            .map(Vec::as_slice)
            .ok_or_else(|| Error::RelatedNotLoaded {
                model: T::meta().object_name.as_str(),
                message: "this many-to-many relation was not loaded: add prefetch_related(\"<field>\") to the query"
                    .to_owned(),
            })
    }

    /// Whether `prefetch_related` loaded this relation.
    pub fn is_loaded(&self) -> bool {
        self.loaded.is_some()
    }

    /// Keep `objects` as the loaded relation (used by `prefetch_related`).
    pub fn set_loaded(&mut self, objects: Vec<T>) {
        self.loaded = Some(Arc::new(objects));
    }
}

impl<T> Default for ManyToMany<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Clone for ManyToMany<T> {
    fn clone(&self) -> Self {
        ManyToMany {
            loaded: self.loaded.clone(),
            _target: PhantomData,
        }
    }
}

/// Always equal: the relation is not part of the row's value.
impl<T> PartialEq for ManyToMany<T> {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl<T> fmt::Debug for ManyToMany<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.loaded {
            Some(v) => write!(f, "ManyToMany(<{} loaded>)", v.len()),
            None => write!(f, "ManyToMany(<not loaded>)"),
        }
    }
}

/// Serializes the primary keys of the loaded objects (Django's serializers
/// write the list of keys), or `null` when nothing was loaded.
impl<T: Model> Serialize for ManyToMany<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        match &self.loaded {
            Some(v) => serializer.collect_seq(v.iter().map(Model::pk)),
            None => serializer.serialize_none(),
        }
    }
}

/// Ignores the input: the relation is set through its manager.
impl<'de, T> Deserialize<'de> for ManyToMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| ManyToMany::new())
    }
}

/// A many-to-many field of a model (Django's `_meta.local_many_to_many`).
#[derive(Debug, Clone)]
pub struct ManyToManyMeta {
    /// The attribute name (`groups`).
    pub name: String,
    /// The model declaring the field.
    pub owner: RelatedTarget,
    /// The model pointed to.
    pub to: RelatedTarget,
    /// `related_name`; `None` means Django's default `<model>_set`.
    pub related_name: Option<String>,
    /// `related_query_name`; `None` means `related_name` or the model name.
    pub related_query_name: Option<String>,
    /// `db_table` of the auto-created intermediary table.
    pub db_table: Option<String>,
    /// `through`: an explicit intermediary model.
    pub through: Option<RelatedTarget>,
    /// `blank`.
    pub blank: bool,
    /// `verbose_name` (defaults to the name with spaces).
    pub verbose_name: String,
    /// Whether `verbose_name` was given explicitly.
    pub verbose_name_explicit: bool,
    /// `help_text`.
    pub help_text: String,
    through_meta: OnceLock<&'static ModelMeta>,
}

/// The two sides of an intermediary table.
#[derive(Debug, Clone, Copy)]
pub struct ThroughColumns {
    /// The intermediary model.
    pub through: &'static ModelMeta,
    /// The foreign key to the declaring model (`user_id`).
    pub source: &'static FieldMeta,
    /// The foreign key to the target model (`group_id`).
    pub target: &'static FieldMeta,
}

impl ManyToManyMeta {
    /// A many-to-many field `name` of `owner` pointing at `T`, with Django's defaults.
    pub fn new<T: Model>(name: &str, owner: fn() -> &'static ModelMeta) -> Self {
        ManyToManyMeta {
            name: name.to_owned(),
            owner: RelatedTarget { meta: owner },
            to: RelatedTarget { meta: T::meta },
            related_name: None,
            related_query_name: None,
            db_table: None,
            through: None,
            blank: false,
            verbose_name: name.replace('_', " "),
            verbose_name_explicit: false,
            help_text: String::new(),
            through_meta: OnceLock::new(),
        }
    }

    /// `related_name="..."`.
    pub fn related_name(mut self, name: &str) -> Self {
        self.related_name = Some(name.to_owned());
        self
    }

    /// `related_query_name="..."`.
    pub fn related_query_name(mut self, name: &str) -> Self {
        self.related_query_name = Some(name.to_owned());
        self
    }

    /// `db_table="..."` for the auto-created intermediary table.
    pub fn db_table(mut self, table: &str) -> Self {
        self.db_table = Some(table.to_owned());
        self
    }

    /// `through=Model`: an explicit intermediary model.
    pub fn through<M: Model>(mut self) -> Self {
        self.through = Some(RelatedTarget { meta: M::meta });
        self
    }

    /// `blank=True`.
    pub fn blank(mut self) -> Self {
        self.blank = true;
        self
    }

    /// `verbose_name="..."`.
    pub fn verbose_name(mut self, v: &str) -> Self {
        self.verbose_name = v.to_owned();
        self.verbose_name_explicit = true;
        self
    }

    /// `help_text="..."`.
    pub fn help_text(mut self, v: &str) -> Self {
        self.help_text = v.to_owned();
        self
    }

    /// The declaring model.
    pub fn owner(&self) -> &'static ModelMeta {
        (self.owner.meta)()
    }

    /// The target model.
    pub fn target(&self) -> &'static ModelMeta {
        (self.to.meta)()
    }

    /// Whether the intermediary model is auto-created (no `through`).
    pub fn auto_created(&self) -> bool {
        self.through.is_none()
    }

    /// The intermediary table: `db_table`, the explicit model's table, or
    /// `<owner table>_<field>` (Django's `_get_m2m_db_table`).
    pub fn m2m_db_table(&self) -> String {
        if let Some(t) = &self.through {
            return (t.meta)().db_table.clone();
        }
        self.db_table
            .clone()
            .unwrap_or_else(|| format!("{}_{}", self.owner().db_table, self.name))
    }

    /// The name seen from the target model in lookups: `related_query_name`,
    /// else `related_name`, else the owner's model name (`user`).
    pub fn reverse_query_name(&self) -> String {
        self.related_query_name
            .clone()
            .or_else(|| self.related_name.clone())
            .unwrap_or_else(|| self.owner().model_name.clone())
    }

    /// The reverse accessor: `related_name` or `<model>_set`.
    pub fn accessor_name(&self) -> String {
        self.related_name
            .clone()
            .unwrap_or_else(|| format!("{}_set", self.owner().model_name))
    }

    /// The names of the two foreign keys of the auto-created model:
    /// `(user, group)`, or `(from_user, to_user)` for a model pointing at itself.
    pub fn auto_field_names(&self) -> (String, String) {
        let (owner, target) = (self.owner(), self.target());
        if owner.label_lower() == target.label_lower() {
            (
                format!("from_{}", owner.model_name),
                format!("to_{}", target.model_name),
            )
        } else {
            (owner.model_name.clone(), target.model_name.clone())
        }
    }

    /// The intermediary model: the explicit `through`, or the auto-created
    /// `<Owner>_<field>` model (built once).
    pub fn through_meta(&self) -> &'static ModelMeta {
        if let Some(t) = &self.through {
            return (t.meta)();
        }
        self.through_meta.get_or_init(|| self.build_auto_through().leak())
    }

    fn build_auto_through(&self) -> ModelMeta {
        let owner = self.owner();
        let pk_kind = match owner.pk().kind {
            FieldKind::AutoField => FieldKind::AutoField,
            _ => FieldKind::BigAutoField,
        };
        let mut id = FieldMeta::for_type::<i64>("id").primary_key();
        id.kind = pk_kind;
        let (from, to) = self.auto_field_names();
        let fk = |name: &str, target: RelatedTarget| {
            let mut f = FieldMeta::for_type::<i64>(name);
            f.kind = FieldKind::ForeignKey;
            f.column = format!("{name}_id");
            f.db_index = true;
            f.related = Some(RelatedMeta {
                to: target,
                on_delete: OnDelete::Cascade,
                related_name: Some(format!("{}_{}+", owner.object_name, self.name)),
                related_query_name: None,
            });
            f
        };
        let object_name = format!("{}_{}", owner.object_name, self.name);
        ModelMeta::builder(&owner.app_label, &object_name)
            .db_table(&self.m2m_db_table())
            .auto_created()
            .field(id)
            .field(fk(&from, self.owner))
            .field(fk(&to, self.to))
            .build()
    }

    /// The intermediary model and its foreign keys to each side.
    ///
    /// # Errors
    /// `FieldError` when an explicit `through` model lacks a foreign key
    /// to one of the sides.
    pub fn through_columns(&self) -> Result<ThroughColumns> {
        let through = self.through_meta();
        let (owner, target) = (self.owner().label_lower(), self.target().label_lower());
        let fks: Vec<&'static FieldMeta> = through.fields.iter().filter(|f| f.related.is_some()).collect();
        let points_at =
            |f: &FieldMeta, label: &str| f.related.as_ref().is_some_and(|r| r.target().label_lower() == label);
        let source = fks.iter().copied().find(|f| points_at(f, &owner));
        let target_fk = fks
            .iter()
            .copied()
            .filter(|f| source.is_none_or(|s| !std::ptr::eq(*f, s)))
            .find(|f| points_at(f, &target));
        match (source, target_fk) {
            (Some(source), Some(target)) => Ok(ThroughColumns {
                through,
                source,
                target,
            }),
            _ => Err(Error::field(
                through.object_name.as_str(),
                format!(
                    "The model is used as an intermediate model by '{}.{}', but it does not have a foreign key to '{}' or '{}'.",
                    self.owner().label(),
                    self.name,
                    self.owner().object_name,
                    self.target().object_name
                ),
            )),
        }
    }
}
