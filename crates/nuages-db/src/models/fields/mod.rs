//! Fields: the kind and options of each model field (Django's
//! `django.db.models.fields`), the `FieldType` trait that maps Rust types to
//! field kinds, and typed field constants used in lookups. See
//! [`reference`] for every field type, its column per backend and the options.

mod field_type;
mod kind;
mod lookup_field;
pub mod many_to_many;
pub mod related;
pub mod related_descriptors;
pub mod reverse_related;

/// The model field reference: every field type, its column per backend,
/// the options, and custom fields.
pub mod reference {
    #![doc = include_str!("reference.md")]
}

pub use field_type::FieldType;
pub use kind::{CustomKind, FieldKind};
pub use lookup_field::{Field, IntoFieldValue, TextField};

use crate::Value;
use crate::models::{ModelMeta, OnDelete};

/// A validator kept in a field's metadata (Django's `validators=[...]`):
/// forms and `full_clean` run `check` on the field's value; migrations
/// record `name`.
#[derive(Clone, Copy)]
pub struct Validator {
    /// The validator's name, as migrations record it (the function's path).
    pub name: &'static str,
    /// The check: `Err(message)` when the value is invalid.
    pub check: fn(&Value) -> Result<(), String>,
}

impl std::fmt::Debug for Validator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Validator({})", self.name)
    }
}

/// The target of a relation, resolved lazily (models may refer to each other).
#[derive(Debug, Clone, Copy)]
pub struct RelatedTarget {
    /// The target's metadata.
    pub meta: fn() -> &'static ModelMeta,
}

/// Relation options of a `ForeignKey`.
#[derive(Debug, Clone)]
pub struct RelatedMeta {
    /// The model pointed to.
    pub to: RelatedTarget,
    /// `on_delete`.
    pub on_delete: OnDelete,
    /// `related_name`; `None` means Django's default `<model>_set`.
    pub related_name: Option<String>,
    /// `related_query_name`; `None` means `related_name` or the model name.
    pub related_query_name: Option<String>,
}

impl RelatedMeta {
    /// The target model's metadata.
    pub fn target(&self) -> &'static ModelMeta {
        (self.to.meta)()
    }
}

/// One field of a model (Django's `Field` instance in `_meta.fields`).
#[derive(Debug, Clone)]
pub struct FieldMeta {
    /// The attribute name (`question`).
    pub name: String,
    /// The column name (`question_id`; `db_column` when given).
    pub column: String,
    /// The field kind.
    pub kind: FieldKind,
    /// `primary_key`.
    pub primary_key: bool,
    /// `null` (the Rust type is `Option<T>`).
    pub null: bool,
    /// `blank`.
    pub blank: bool,
    /// `unique`.
    pub unique: bool,
    /// `db_index` (true by default for a ForeignKey).
    pub db_index: bool,
    /// `default`, if any.
    pub default: Option<Value>,
    /// `db_column`, if given.
    pub db_column: Option<String>,
    /// `verbose_name` (defaults to the name with spaces).
    pub verbose_name: String,
    /// `help_text`.
    pub help_text: String,
    /// For a ForeignKey: target, on_delete, related_name.
    pub related: Option<RelatedMeta>,
    /// Whether `verbose_name` was given explicitly (migrations only write it then).
    pub verbose_name_explicit: bool,
    /// `choices`: `(value, label)` pairs (forms render a select; `full_clean` checks).
    pub choices: Vec<(Value, String)>,
    /// `db_default`: a default the database applies (`DEFAULT` in the column's DDL).
    pub db_default: Option<Value>,
    /// `editable` (false: left out of ModelForms and the admin).
    pub editable: bool,
    /// `validators`.
    pub validators: Vec<Validator>,
    /// `auto_now`: set to now on every save (DateField, DateTimeField, TimeField).
    pub auto_now: bool,
    /// `auto_now_add`: set to now when the row is first saved.
    pub auto_now_add: bool,
}

impl FieldMeta {
    /// A field of Rust type `T` named `name`, with `T`'s kind and Django's defaults.
    pub fn for_type<T: FieldType>(name: &str) -> Self {
        let related = T::related_target().map(|to| RelatedMeta {
            to,
            on_delete: OnDelete::Cascade,
            related_name: None,
            related_query_name: None,
        });
        let kind = T::field_kind();
        let column = if related.is_some() {
            format!("{name}_id")
        } else {
            name.to_owned()
        };
        FieldMeta {
            name: name.to_owned(),
            column,
            kind,
            primary_key: false,
            null: T::NULL,
            blank: false,
            unique: false,
            db_index: kind.default_db_index(),
            default: None,
            db_column: None,
            verbose_name: name.replace('_', " "),
            help_text: String::new(),
            related,
            verbose_name_explicit: false,
            choices: Vec::new(),
            db_default: None,
            editable: true,
            validators: Vec::new(),
            auto_now: false,
            auto_now_add: false,
        }
    }

    /// Make this the primary key (an `i64` becomes a `BigAutoField`, an
    /// `i32` an `AutoField`, an `i16` a `SmallAutoField`).
    pub fn primary_key(mut self) -> Self {
        self.primary_key = true;
        let auto = match self.kind {
            FieldKind::BigIntegerField => Some(FieldKind::BigAutoField),
            FieldKind::IntegerField => Some(FieldKind::AutoField),
            FieldKind::SmallIntegerField => Some(FieldKind::SmallAutoField),
            _ => None,
        };
        if let Some(kind) = auto {
            self.kind = kind;
        }
        if self.kind.is_auto() && !self.verbose_name_explicit {
            self.verbose_name = "ID".to_owned();
        }
        self
    }

    /// Use the Django field class `class` (`#[field(kind = SlugField)]`),
    /// with the class's default `max_length`; an unknown class is ignored
    /// (the derive checks the name at compile time).
    pub fn class(mut self, class: &str) -> Self {
        if let Some(kind) = FieldKind::from_class_name(class, None, None, None) {
            self.kind = kind;
            self.db_index = self.related.is_some() || kind.default_db_index();
            if self.primary_key && kind.is_auto() && !self.verbose_name_explicit {
                self.verbose_name = "ID".to_owned();
            }
        }
        self
    }

    /// A user-defined kind (see [`CustomKind`]).
    pub fn kind(mut self, kind: FieldKind) -> Self {
        self.kind = kind;
        self
    }

    /// `max_length=n`: sets the length of a CharField-like kind; any other
    /// kind becomes a `CharField(max_length=n)`.
    pub fn max_length(mut self, n: u32) -> Self {
        self.kind = match self.kind {
            FieldKind::SlugField { .. } => FieldKind::SlugField { max_length: n },
            FieldKind::EmailField { .. } => FieldKind::EmailField { max_length: n },
            FieldKind::URLField { .. } => FieldKind::URLField { max_length: n },
            FieldKind::FileField { .. } => FieldKind::FileField { max_length: n },
            FieldKind::ImageField { .. } => FieldKind::ImageField { max_length: n },
            _ => FieldKind::CharField { max_length: n },
        };
        self
    }

    /// `DecimalField(max_digits, decimal_places)`.
    pub fn decimal(mut self, max_digits: u32, decimal_places: u32) -> Self {
        self.kind = FieldKind::DecimalField {
            max_digits,
            decimal_places,
        };
        self
    }

    /// `TextField`.
    pub fn text(mut self) -> Self {
        self.kind = FieldKind::TextField;
        self
    }

    /// `choices=[(value, label), ...]`.
    pub fn choices(mut self, choices: Vec<(Value, String)>) -> Self {
        self.choices = choices;
        self
    }

    /// `db_default=...`.
    pub fn db_default(mut self, v: Value) -> Self {
        self.db_default = Some(v);
        self
    }

    /// `editable=...`.
    pub fn editable(mut self, on: bool) -> Self {
        self.editable = on;
        self
    }

    /// `validators=[...]`.
    pub fn validators(mut self, validators: Vec<Validator>) -> Self {
        self.validators = validators;
        self
    }

    /// `auto_now=True` (implies `editable=False`, `blank=True`, as in Django).
    pub fn auto_now(mut self) -> Self {
        self.auto_now = true;
        self.editable = false;
        self.blank = true;
        self
    }

    /// `auto_now_add=True` (implies `editable=False`, `blank=True`, as in Django).
    pub fn auto_now_add(mut self) -> Self {
        self.auto_now_add = true;
        self.editable = false;
        self.blank = true;
        self
    }

    /// Run the field's validators and choices check on `value` (Django's
    /// `Field.run_validators` plus the choices part of `validate`); NULL
    /// and blank values are not checked here.
    ///
    /// # Errors
    /// Every failing validator's message.
    pub fn run_validators(&self, value: &Value) -> Result<(), Vec<String>> {
        if value.is_null() {
            return Ok(());
        }
        let mut errors: Vec<String> = self.validators.iter().filter_map(|v| (v.check)(value).err()).collect();
        if !self.choices.is_empty() && !self.choices.iter().any(|(choice, _)| choice == value) {
            errors.push(format!("Value {:?} is not a valid choice.", value.to_text()));
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// The value `save()` stores for this field (Django's `pre_save`):
    /// now for `auto_now`, and for `auto_now_add` when the row is added;
    /// `None` to keep the instance's value.
    pub fn pre_save(&self, add: bool) -> Option<Value> {
        if !(self.auto_now || (self.auto_now_add && add)) {
            return None;
        }
        let now = chrono::Utc::now();
        Some(match self.kind.internal() {
            FieldKind::DateField => Value::Date(now.date_naive()),
            FieldKind::TimeField => Value::Time(now.time()),
            _ => Value::DateTime(now),
        })
    }

    /// `blank=True`.
    pub fn blank(mut self) -> Self {
        self.blank = true;
        self
    }

    /// `unique=True`.
    pub fn unique(mut self) -> Self {
        self.unique = true;
        self
    }

    /// `db_index=...`.
    pub fn db_index(mut self, on: bool) -> Self {
        self.db_index = on;
        self
    }

    /// `db_column="..."`.
    pub fn db_column(mut self, column: &str) -> Self {
        self.db_column = Some(column.to_owned());
        self.column = column.to_owned();
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

    /// `default=...`.
    pub fn default(mut self, v: Value) -> Self {
        self.default = Some(v);
        self
    }

    /// `on_delete=...` of a ForeignKey.
    pub fn on_delete(mut self, on_delete: OnDelete) -> Self {
        if let Some(rel) = &mut self.related {
            rel.on_delete = on_delete;
        }
        self
    }

    /// `related_name="..."` of a ForeignKey.
    pub fn related_name(mut self, name: &str) -> Self {
        if let Some(rel) = &mut self.related {
            rel.related_name = Some(name.to_owned());
        }
        self
    }

    /// `related_query_name="..."` of a ForeignKey.
    pub fn related_query_name(mut self, name: &str) -> Self {
        if let Some(rel) = &mut self.related {
            rel.related_query_name = Some(name.to_owned());
        }
        self
    }

    /// Whether this field is a relation.
    pub fn is_relation(&self) -> bool {
        self.related.is_some()
    }
}
