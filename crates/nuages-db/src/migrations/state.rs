//! Project state: the models as the migrations describe them, built by
//! replaying operations (Django's `django.db.migrations.state`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Value;
use crate::models::{FieldKind, FieldMeta, ModelMeta};

/// A field default as written in a migration (Django writes the Python literal).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DefaultValue {
    /// `True` / `False`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string.
    Text(String),
}

impl DefaultValue {
    /// From a field's default value (`None` for NULL, lists, datetimes).
    pub fn from_value(v: &Value) -> Option<Self> {
        Some(match v {
            Value::Bool(b) => DefaultValue::Bool(*b),
            Value::Int(i) => DefaultValue::Int(*i),
            Value::Float(f) => DefaultValue::Float(*f),
            Value::Text(s) => DefaultValue::Text(s.clone()),
            Value::Null | Value::List(_) => return None,
            Value::Json(j) => DefaultValue::Text(j.to_string()),
            // As SQLite and MySQL store them: microseconds, 32 hex digits.
            Value::Duration(d) => DefaultValue::Int(d.num_microseconds().unwrap_or(i64::MAX)),
            Value::Uuid(u) => DefaultValue::Text(u.simple().to_string()),
            // Dates, times, decimals, UUIDs...: their text, as the column stores it.
            other => DefaultValue::Text(other.to_text()),
        })
    }

    /// As a [`Value`].
    pub fn to_value(&self) -> Value {
        match self {
            DefaultValue::Bool(b) => Value::Bool(*b),
            DefaultValue::Int(i) => Value::Int(*i),
            DefaultValue::Float(f) => Value::Float(*f),
            DefaultValue::Text(s) => Value::Text(s.clone()),
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A field as a migration describes it: the Django class and its keyword
/// arguments (`models.CharField(max_length=200)`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// The Django field class, e.g. `CharField`.
    #[serde(rename = "type")]
    pub field_type: String,
    /// `auto_created=True` (the implicit `id`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub auto_created: bool,
    /// `primary_key=True`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub primary_key: bool,
    /// `serialize=False` (the implicit `id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serialize: Option<bool>,
    /// The built-in class a custom field's column uses (Django's
    /// `get_internal_type()`), e.g. `CharField` for a `ColorField`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_type: Option<String>,
    /// `max_length` (left out when it is the class default, as Django's `deconstruct` does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// `max_digits` of a DecimalField.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_digits: Option<u32>,
    /// `decimal_places` of a DecimalField.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimal_places: Option<u32>,
    /// `auto_now=True`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub auto_now: bool,
    /// `auto_now_add=True`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub auto_now_add: bool,
    /// `null=True`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub null: bool,
    /// `blank=True`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub blank: bool,
    /// `unique=True`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    /// `db_index=...` when it differs from the class default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db_index: Option<bool>,
    /// `default=...`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultValue>,
    /// `db_default=...`: the database-side default, in the column's DDL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db_default: Option<DefaultValue>,
    /// `choices=[[value, label], ...]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<(DefaultValue, String)>,
    /// `editable=False` (written only when false and not implied by `auto_now`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editable: Option<bool>,
    /// `validators=[...]`, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub validators: Vec<String>,
    /// `db_column=...`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db_column: Option<String>,
    /// `verbose_name=...` when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verbose_name: Option<String>,
    /// `help_text=...` when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help_text: Option<String>,
    /// For a relation: `on_delete`, e.g. `CASCADE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_delete: Option<String>,
    /// For a relation: `related_name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related_name: Option<String>,
    /// For a relation: `related_query_name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related_query_name: Option<String>,
    /// For a relation: the target, `app_label.model_name` (lowercase).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// For a `ManyToManyField`: the explicit intermediary model (`app.model`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub through: Option<String>,
    /// For a `ManyToManyField`: the intermediary table's `db_table`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db_table: Option<String>,
}

impl FieldDef {
    /// The field's column for attribute `name`.
    pub fn column(&self, name: &str) -> String {
        match &self.db_column {
            Some(c) => c.clone(),
            None if self.to.is_some() => format!("{name}_id"),
            None => name.to_owned(),
        }
    }

    /// Whether the column is indexed (db_index, FKs and slugs by default), not counting unique.
    pub fn indexed(&self) -> bool {
        let class_default = self.to.is_some() || self.field_type == "SlugField";
        self.db_index.unwrap_or(class_default) && !self.unique && !self.primary_key && !self.is_many_to_many()
    }

    /// Whether this is a `ManyToManyField` (no column: a table of its own).
    pub fn is_many_to_many(&self) -> bool {
        self.field_type == "ManyToManyField"
    }

    /// Describe a compiled many-to-many field the way a migration writes it.
    pub fn from_many_to_many(m2m: &crate::models::ManyToManyMeta) -> Self {
        FieldDef {
            field_type: "ManyToManyField".to_owned(),
            blank: m2m.blank,
            verbose_name: m2m.verbose_name_explicit.then(|| m2m.verbose_name.clone()),
            help_text: (!m2m.help_text.is_empty()).then(|| m2m.help_text.clone()),
            related_name: m2m.related_name.clone(),
            related_query_name: m2m.related_query_name.clone(),
            to: Some(m2m.target().label_lower()),
            through: m2m.through.map(|t| (t.meta)().label_lower()),
            db_table: m2m.db_table.clone(),
            ..FieldDef::default()
        }
    }

    /// The field kind; a custom class gives its internal (built-in) kind.
    pub fn kind(&self) -> Option<FieldKind> {
        let class = self.internal_type.as_deref().unwrap_or(&self.field_type);
        FieldKind::from_class_name(class, self.max_length, self.max_digits, self.decimal_places)
    }

    /// Describe a compiled field the way a migration writes it.
    pub fn from_meta(field: &FieldMeta) -> Self {
        let related = field.related.as_ref();
        let kind = field.kind;
        let internal = kind.internal();
        let auto_pk = field.primary_key && kind.is_auto();
        let auto_time = field.auto_now || field.auto_now_add;
        let (max_digits, decimal_places) = match internal {
            FieldKind::DecimalField {
                max_digits,
                decimal_places,
            } => (Some(max_digits), Some(decimal_places)),
            _ => (None, None),
        };
        let max_length = kind.max_length().filter(|n| Some(*n) != kind.default_max_length());
        let value = |v: &Value| DefaultValue::from_value(v);
        FieldDef {
            field_type: kind.class_name().to_owned(),
            internal_type: matches!(kind, FieldKind::Custom(_)).then(|| internal.class_name().to_owned()),
            auto_created: auto_pk,
            primary_key: field.primary_key,
            serialize: auto_pk.then_some(false),
            max_length,
            max_digits,
            decimal_places,
            auto_now: field.auto_now,
            auto_now_add: field.auto_now_add,
            null: field.null,
            blank: field.blank && !auto_time,
            unique: field.unique,
            db_index: (field.db_index != kind.default_db_index()).then_some(field.db_index),
            default: field.default.as_ref().and_then(value),
            db_default: field.db_default.as_ref().and_then(value),
            choices: field
                .choices
                .iter()
                .filter_map(|(v, label)| Some((value(v)?, label.clone())))
                .collect(),
            editable: (!field.editable && !auto_time).then_some(false),
            validators: field.validators.iter().map(|v| v.name.to_owned()).collect(),
            db_column: field.db_column.clone(),
            verbose_name: if auto_pk {
                Some("ID".to_owned())
            } else if field.verbose_name_explicit {
                Some(field.verbose_name.clone())
            } else {
                None
            },
            help_text: (!field.help_text.is_empty()).then(|| field.help_text.clone()),
            on_delete: related.map(|r| r.on_delete.as_django().to_owned()),
            related_name: related.and_then(|r| r.related_name.clone()),
            related_query_name: related.and_then(|r| r.related_query_name.clone()),
            to: related.map(|r| r.target().label_lower()),
            through: None,
            db_table: None,
        }
    }
}

/// `class Meta` options kept in migration state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ModelOptions {
    /// `db_table`, when given explicitly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db_table: Option<String>,
    /// `ordering`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ordering: Vec<String>,
    /// `verbose_name`, when given explicitly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verbose_name: Option<String>,
    /// `verbose_name_plural`, when given explicitly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verbose_name_plural: Option<String>,
}

impl ModelOptions {
    /// Whether no option is set.
    pub fn is_empty(&self) -> bool {
        *self == ModelOptions::default()
    }
}

/// A model in the project state (Django's `ModelState`).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelState {
    /// The app label.
    pub app_label: String,
    /// The model's name as declared, e.g. `Question`.
    pub name: String,
    /// The fields in order.
    pub fields: Vec<(String, FieldDef)>,
    /// Meta options.
    pub options: ModelOptions,
}

impl ModelState {
    /// The lowercased name.
    pub fn name_lower(&self) -> String {
        self.name.to_lowercase()
    }

    /// The table name.
    pub fn db_table(&self) -> String {
        self.options
            .db_table
            .clone()
            .unwrap_or_else(|| format!("{}_{}", self.app_label, self.name_lower()))
    }

    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, f)| f)
    }

    /// This model without its many-to-many fields (the columns of its table).
    pub fn concrete(&self) -> ModelState {
        let mut m = self.clone();
        m.fields.retain(|(_, f)| !f.is_many_to_many());
        m
    }

    /// The primary key `(name, field)`.
    pub fn pk(&self) -> Option<(&str, &FieldDef)> {
        self.fields
            .iter()
            .find(|(_, f)| f.primary_key)
            .map(|(n, f)| (n.as_str(), f))
    }

    /// The state of a compiled model (Django's `ModelState.from_model`).
    pub fn from_meta(meta: &ModelMeta) -> Self {
        let options = ModelOptions {
            db_table: meta.db_table_explicit.then(|| meta.db_table.clone()),
            ordering: meta.ordering.clone(),
            verbose_name: meta.verbose_name_explicit.then(|| meta.verbose_name.clone()),
            verbose_name_plural: (meta.verbose_name_plural != format!("{}s", meta.verbose_name))
                .then(|| meta.verbose_name_plural.clone()),
        };
        ModelState {
            app_label: meta.app_label.clone(),
            name: meta.object_name.clone(),
            fields: meta
                .fields
                .iter()
                .map(|f| (f.name.clone(), FieldDef::from_meta(f)))
                .chain(
                    meta.many_to_many
                        .iter()
                        .map(|m| (m.name.clone(), FieldDef::from_many_to_many(m))),
                )
                .collect(),
            options,
        }
    }
}

/// All models at one point of the migration history (Django's `ProjectState`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectState {
    /// Models by `(app_label, model_name_lower)`.
    pub models: BTreeMap<(String, String), ModelState>,
}

impl ProjectState {
    /// Add or replace a model.
    pub fn add_model(&mut self, model: ModelState) {
        self.models.insert((model.app_label.clone(), model.name_lower()), model);
    }

    /// The model `app_label.model_name` (any case).
    pub fn model(&self, app_label: &str, model_name: &str) -> Option<&ModelState> {
        self.models.get(&(app_label.to_owned(), model_name.to_lowercase()))
    }

    /// Mutable access to a model.
    pub fn model_mut(&mut self, app_label: &str, model_name: &str) -> Option<&mut ModelState> {
        self.models.get_mut(&(app_label.to_owned(), model_name.to_lowercase()))
    }

    /// Resolve `"polls.question"` to its model.
    pub fn resolve(&self, label_lower: &str) -> Option<&ModelState> {
        let (app, model) = label_lower.split_once('.')?;
        self.model(app, model)
    }

    /// The state of compiled models.
    pub fn from_metas(metas: &[&ModelMeta]) -> Self {
        let mut state = ProjectState::default();
        for meta in metas {
            state.add_model(ModelState::from_meta(meta));
        }
        state
    }
}
