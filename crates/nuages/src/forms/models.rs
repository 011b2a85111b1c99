//! `ModelForm`, `ModelChoiceField` and `ModelMultipleChoiceField`
//! (Django's `django/forms/models.py`): forms generated from a model's
//! metadata, saving to the database.
//!
//! ```no_run
//! # use nuages::prelude::*;
//! # use nuages::forms::models::ModelForm;
//! #[derive(Model, Debug, Clone, serde::Serialize)]
//! #[model(app_label = "polls")]
//! struct Question {
//!     id: i64,
//!     #[field(max_length = 200)]
//!     question_text: String,
//! }
//!
//! async fn new_question(request: Request) -> Result<Response> {
//! let meta = ModelForm::<Question>::meta().fields(&["question_text"]);
//! let mut form = meta.form(None).await?.bind(request.post()?.clone());
//! if form.is_valid().await? {
//!     let question = form.save(true).await?;
//!     return Ok(Response::redirect(&format!("/polls/{}/", question.pk())));
//! }
//! # Ok(Response::new(""))
//! }
//! ```

use std::collections::HashMap;
use std::fmt::Display;
use std::marker::PhantomData;

use chrono::{NaiveDateTime, TimeZone, Utc};

use crate::core::validators::ValidationError;
use crate::db::models::{FieldKind as DbKind, FieldMeta, Model, Q, QuerySet};
use crate::db::{Value as DbValue, connections};
use crate::error::{Error, Result};
use crate::http::QueryDict;
use crate::template::Value;

use super::fields::{self, Field};
use super::form::Form;
use super::value::FormValue;
use super::widgets::{self, Widget};

/// The label of the empty choice of model choice fields (`empty_label`).
pub const EMPTY_LABEL: &str = "---------";

/// Django's `capfirst`.
fn capfirst(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The form field for a model field (Django's `Field.formfield()`), or
/// `None` for fields a form never edits (auto primary keys) and kinds
/// without a form field yet. One line per model field kind.
pub fn formfield(field: &FieldMeta) -> Option<Field> {
    let form_field = match field.kind {
        DbKind::CharField { max_length } => fields::CharField().max_length(max_length as usize),
        DbKind::TextField => fields::CharField().widget(widgets::Textarea()),
        DbKind::SmallIntegerField | DbKind::IntegerField | DbKind::BigIntegerField => fields::IntegerField(),
        DbKind::FloatField => fields::FloatField(),
        // A checkbox's `required` means "must be checked": never required.
        DbKind::BooleanField if field.null => fields::NullBooleanField().required(false),
        DbKind::BooleanField => fields::BooleanField().required(false),
        DbKind::DateTimeField => fields::DateTimeField(),
        // Choices are loaded by `ModelFormMeta::form` (a query).
        DbKind::ForeignKey => fields::TypedChoiceField(coerce_pk),
        _ => return None,
    };
    let required = !field.blank && !matches!(field.kind, DbKind::BooleanField);
    let mut form_field = form_field.required(required).label(capfirst(&field.verbose_name));
    if !field.help_text.is_empty() {
        form_field = form_field.help_text(field.help_text.clone());
    }
    if let Some(default) = &field.default
        && let Some(initial) = to_form_value(field, default)
    {
        form_field.initial = Some(initial);
    }
    Some(form_field)
}

fn coerce_pk(s: &str) -> Option<FormValue> {
    s.trim().parse::<i64>().ok().map(FormValue::Int)
}

/// The current time zone (TIME_ZONE, as the template engine has it).
fn current_tz() -> chrono_tz::Tz {
    let backend = crate::template::backend::backend();
    backend.engine().options().time_zone.parse().unwrap_or(chrono_tz::UTC)
}

/// A database value as the form shows it (`model_to_dict`); datetimes
/// in the current time zone.
fn to_form_value(field: &FieldMeta, value: &DbValue) -> Option<FormValue> {
    Some(match (field.kind, value) {
        (_, DbValue::Null) => FormValue::None,
        (DbKind::BooleanField, DbValue::Bool(b)) if field.null => FormValue::NullBool(Some(*b)),
        (_, DbValue::Bool(b)) => FormValue::Bool(*b),
        (_, DbValue::Int(i)) => FormValue::Int(*i),
        (_, DbValue::Float(f)) => FormValue::Float(*f),
        (_, DbValue::Text(s)) => FormValue::Str(s.clone()),
        (_, DbValue::DateTime(dt)) => FormValue::DateTime(dt.with_timezone(&current_tz()).naive_local()),
        _ => return None,
    })
}

/// A cleaned value as the database stores it (`construct_instance`).
fn to_db_value(field: &FieldMeta, value: &FormValue) -> DbValue {
    match value {
        FormValue::None | FormValue::NullBool(None) => DbValue::Null,
        FormValue::Str(s) if s.is_empty() && field.null && field.kind.is_text() => DbValue::Null,
        FormValue::Str(s) if field.kind == DbKind::ForeignKey => s.parse::<i64>().map_or(DbValue::Null, DbValue::Int),
        FormValue::Str(s) | FormValue::Decimal(s) => DbValue::Text(s.clone()),
        FormValue::Int(i) => DbValue::Int(*i),
        FormValue::Float(f) => DbValue::Float(*f),
        FormValue::Bool(b) | FormValue::NullBool(Some(b)) => DbValue::Bool(*b),
        FormValue::DateTime(naive) => DbValue::DateTime(local_to_utc(naive)),
        FormValue::Date(d) => d
            .and_hms_opt(0, 0, 0)
            .map_or(DbValue::Null, |naive| DbValue::DateTime(local_to_utc(&naive))),
        other => other.to_text().map_or(DbValue::Null, DbValue::Text),
    }
}

fn local_to_utc(naive: &NaiveDateTime) -> chrono::DateTime<Utc> {
    current_tz()
        .from_local_datetime(naive)
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(naive), |dt| dt.with_timezone(&Utc))
}

/// The options of a `ModelForm` (Django's `class Meta`): which fields,
/// their widgets, labels and help texts, and replacement form fields.
pub struct ModelFormMeta<M: Model> {
    fields: Option<Vec<String>>,
    exclude: Vec<String>,
    widgets: HashMap<String, Widget>,
    labels: HashMap<String, String>,
    help_texts: HashMap<String, String>,
    overrides: HashMap<String, Field>,
    prefix: Option<String>,
    model: PhantomData<fn() -> M>,
}

impl<M: Model> Clone for ModelFormMeta<M> {
    fn clone(&self) -> Self {
        Self {
            fields: self.fields.clone(),
            exclude: self.exclude.clone(),
            widgets: self.widgets.clone(),
            labels: self.labels.clone(),
            help_texts: self.help_texts.clone(),
            overrides: self.overrides.clone(),
            prefix: self.prefix.clone(),
            model: PhantomData,
        }
    }
}

impl<M: Model> Default for ModelFormMeta<M> {
    fn default() -> Self {
        Self {
            fields: None,
            exclude: Vec::new(),
            widgets: HashMap::new(),
            labels: HashMap::new(),
            help_texts: HashMap::new(),
            overrides: HashMap::new(),
            prefix: None,
            model: PhantomData,
        }
    }
}

impl<M: Model> ModelFormMeta<M> {
    /// `fields = [...]`: the model fields the form edits, in this order
    /// (default: every editable field, Django's `"__all__"`).
    pub fn fields(mut self, names: &[&str]) -> Self {
        self.fields = Some(names.iter().map(|n| (*n).to_owned()).collect());
        self
    }

    /// `exclude = [...]`.
    pub fn exclude(mut self, names: &[&str]) -> Self {
        self.exclude = names.iter().map(|n| (*n).to_owned()).collect();
        self
    }

    /// `widgets = {name: widget}`.
    pub fn widget(mut self, name: &str, widget: Widget) -> Self {
        self.widgets.insert(name.to_owned(), widget);
        self
    }

    /// `labels = {name: label}`.
    pub fn label(mut self, name: &str, label: &str) -> Self {
        self.labels.insert(name.to_owned(), label.to_owned());
        self
    }

    /// `help_texts = {name: text}`.
    pub fn help_text(mut self, name: &str, text: &str) -> Self {
        self.help_texts.insert(name.to_owned(), text.to_owned());
        self
    }

    /// A declared form field replacing the generated one (e.g. a
    /// [`ModelChoiceField`] with readable labels).
    pub fn field(mut self, name: &str, field: Field) -> Self {
        self.overrides.insert(name.to_owned(), field);
        self
    }

    /// `prefix`.
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.prefix = Some(prefix.to_owned());
        self
    }

    /// The model fields this form edits.
    fn editable_fields(&self) -> Vec<&'static FieldMeta> {
        let meta = M::meta();
        let editable = |f: &&FieldMeta| !f.primary_key || !f.kind.is_auto();
        match &self.fields {
            Some(names) => names
                .iter()
                .filter_map(|n| meta.get_field(n))
                .filter(editable)
                .filter(|f| !self.exclude.contains(&f.name))
                .collect(),
            None => meta
                .fields
                .iter()
                .filter(editable)
                .filter(|f| !self.exclude.contains(&f.name))
                .collect(),
        }
    }

    /// Build the form (Django's `ModelForm(instance=...)`): one form field
    /// per model field, initial values from `instance`; foreign keys list
    /// the target's rows (a query, hence `async`).
    ///
    /// Errors: a field named in `fields` does not exist (Django's
    /// `FieldError`), or the choices query fails.
    pub async fn form(&self, instance: Option<M>) -> Result<ModelForm<M>> {
        let meta = M::meta();
        if let Some(names) = &self.fields
            && let Some(unknown) = names
                .iter()
                .find(|n| meta.get_field(n).is_none() && !self.overrides.contains_key(*n))
        {
            return Err(Error::msg(format!(
                "Unknown field(s) ({unknown}) specified for {}",
                meta.object_name
            )));
        }
        let values = instance.as_ref().map(Model::to_values);
        let mut form = Form::new();
        let mut edited = Vec::new();
        for field in self.editable_fields() {
            let generated = match self.overrides.get(&field.name) {
                Some(declared) => Some(declared.clone()),
                None => match formfield(field) {
                    Some(mut f) if field.kind == DbKind::ForeignKey => {
                        f = f.choices(dynamic_choices(field).await?);
                        Some(f.error_message(
                            "invalid_choice",
                            "Select a valid choice. That choice is not one of the available choices.",
                        ))
                    }
                    other => other,
                },
            };
            let Some(mut form_field) = generated else { continue };
            if let Some(widget) = self.widgets.get(&field.name) {
                form_field = form_field.widget(widget.clone());
            }
            if let Some(label) = self.labels.get(&field.name) {
                form_field = form_field.label(label.clone());
            }
            if let Some(text) = self.help_texts.get(&field.name) {
                form_field = form_field.help_text(text.clone());
            }
            form = form.field(&field.name, form_field);
            if let Some(values) = &values
                && let Some(index) = meta.fields.iter().position(|f| f.name == field.name)
                && let Some(initial) = values.get(index).and_then(|v| to_form_value(field, v))
            {
                form = form.initial(&field.name, initial);
            }
            edited.push(field.name.clone());
        }
        // Declared fields that are not model fields are kept too.
        for (name, field) in &self.overrides {
            if meta.get_field(name).is_none() {
                form = form.field(name, field.clone());
            }
        }
        if let Some(prefix) = &self.prefix {
            form = form.prefix(prefix.clone());
        }
        Ok(ModelForm {
            form,
            instance,
            edited,
            unique_checked: false,
        })
    }
}

/// The target's rows as choices, labelled as Django's default
/// `Model.__str__` ("Question object (1)"), after the empty choice.
async fn dynamic_choices(field: &FieldMeta) -> Result<Vec<(String, String)>> {
    let Some(related) = &field.related else {
        return Ok(Vec::new());
    };
    let target = related.target();
    let db = connections::get("default")?;
    let vendor = db.vendor();
    let pk = vendor.quote_name(&target.pk().column);
    let sql = format!("SELECT {pk} FROM {} ORDER BY {pk}", vendor.quote_name(&target.db_table));
    let rows = db.fetch_all(&sql, &[]).await?;
    let mut choices = vec![(String::new(), EMPTY_LABEL.to_owned())];
    for row in rows {
        if let Some(id) = row.first().and_then(DbValue::as_i64) {
            choices.push((id.to_string(), format!("{} object ({id})", target.object_name)));
        }
    }
    Ok(choices)
}

/// A form editing one model instance (Django's `ModelForm`): build it with
/// [`ModelForm::meta`], bind it, check it with [`ModelForm::is_valid`]
/// (field cleaning plus unique checks against the database), then
/// [`ModelForm::save`].
pub struct ModelForm<M: Model> {
    form: Form,
    instance: Option<M>,
    edited: Vec<String>,
    unique_checked: bool,
}

impl<M: Model> ModelForm<M> {
    /// The form's options (`class Meta`), to chain and then build with
    /// [`ModelFormMeta::form`].
    pub fn meta() -> ModelFormMeta<M> {
        ModelFormMeta::default()
    }

    /// `ModelForm(data, instance=...)`: bound to `data`.
    pub fn bind(mut self, data: QueryDict) -> Self {
        self.form = self.form.bind(data);
        self.unique_checked = false;
        self
    }

    /// The underlying form (fields, errors, rendering).
    pub fn form(&self) -> &Form {
        &self.form
    }

    /// The underlying form, to add hooks or errors.
    pub fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    /// `form.instance`: the edited instance (`None` when creating).
    pub fn instance(&self) -> Option<&M> {
        self.instance.as_ref()
    }

    /// `is_valid()`: the fields clean and no unique field (`unique=True`)
    /// collides with another row ("Question with this Slug already
    /// exists."), as Django's `_post_clean` / `validate_unique`.
    ///
    /// Errors: the unique query fails.
    pub async fn is_valid(&mut self) -> Result<bool> {
        if !self.form.is_valid() {
            return Ok(false);
        }
        if !self.unique_checked {
            self.unique_checked = true;
            self.validate_unique().await?;
        }
        Ok(self.form.is_valid())
    }

    async fn validate_unique(&mut self) -> Result<()> {
        let meta = M::meta();
        let pk = self.instance.as_ref().map(Model::pk).filter(|pk| *pk != 0);
        for name in self.edited.clone() {
            let Some(field) = meta.get_field(&name) else { continue };
            if !field.unique || field.primary_key {
                continue;
            }
            let Some(value) = self.form.cleaned_value(&name) else {
                continue;
            };
            let value = to_db_value(field, value);
            if value.is_null() || value == DbValue::Text(String::new()) {
                continue;
            }
            let mut queryset = M::objects().filter(Q::new(&name, value));
            if let Some(pk) = pk {
                queryset = queryset.exclude(Q::new("pk", pk));
            }
            if queryset.exists().await? {
                let message = format!(
                    "{} with this {} already exists.",
                    capfirst(&meta.verbose_name),
                    capfirst(&field.verbose_name)
                );
                self.form
                    .add_error(Some(&name), ValidationError::new(message, "unique"));
            }
        }
        Ok(())
    }

    /// The instance with the cleaned data applied (`construct_instance`):
    /// the edited instance's other fields are kept; a new instance takes
    /// each field's default (or NULL / empty / 0).
    ///
    /// Errors: the form is not valid, or a value does not fit the model.
    pub fn construct_instance(&self) -> Result<M> {
        let meta = M::meta();
        if !self.form.is_bound() || !self.form.is_cleaned() || !self.form.errors_snapshot().is_empty() {
            return Err(Error::msg(format!(
                "The {} could not be {} because the data didn't validate.",
                meta.object_name,
                if self.instance.as_ref().is_some_and(|i| i.pk() != 0) {
                    "changed"
                } else {
                    "created"
                }
            )));
        }
        let mut values = match &self.instance {
            Some(instance) => instance.to_values(),
            None => meta.fields.iter().map(blank_value).collect(),
        };
        for (index, field) in meta.fields.iter().enumerate() {
            if !self.edited.contains(&field.name) {
                continue;
            }
            if let Some(value) = self.form.cleaned_value(&field.name) {
                values[index] = to_db_value(field, value);
            }
        }
        Ok(M::from_values(values)?)
    }

    /// `save(commit=True)`: the instance with the cleaned data, saved
    /// (INSERT or UPDATE) when `commit`; the form keeps the saved
    /// instance (its new primary key).
    ///
    /// Errors: the form is not valid (Django's `ValueError`), or the
    /// database refuses the row.
    pub async fn save(&mut self, commit: bool) -> Result<M> {
        self.is_valid().await?;
        let mut instance = self.construct_instance()?;
        if commit {
            instance.save().await?;
            self.instance = Some(M::from_values(instance.to_values())?);
        }
        Ok(instance)
    }

    /// The form as a template value (see [`Form::to_value`]).
    pub fn to_value(&mut self) -> Value {
        self.form.to_value()
    }
}

/// The value a new instance starts with for `field`: its default, else
/// NULL when nullable, else the type's empty value.
fn blank_value(field: &FieldMeta) -> DbValue {
    if let Some(default) = &field.default {
        return default.clone();
    }
    if field.null {
        return DbValue::Null;
    }
    match field.kind {
        DbKind::AutoField | DbKind::BigAutoField => DbValue::Int(0),
        DbKind::BooleanField => DbValue::Bool(false),
        DbKind::FloatField => DbValue::Float(0.0),
        DbKind::DateTimeField => DbValue::DateTime(Utc::now()),
        kind if kind.is_text() => DbValue::Text(String::new()),
        _ => DbValue::Int(0),
    }
}

/// `ModelChoiceField(queryset)`: a `<select>` of the queryset's objects,
/// labelled by their `Display` (Django's `__str__`), after
/// [`EMPTY_LABEL`]; cleans to the chosen primary key (`FormValue::Int`).
///
/// Errors: the query fails.
#[allow(non_snake_case)]
pub async fn ModelChoiceField<T: Model + Display>(queryset: QuerySet<T>) -> Result<Field> {
    let objects = queryset.all().await?;
    let mut choices = vec![(String::new(), EMPTY_LABEL.to_owned())];
    choices.extend(objects.iter().map(|o| (o.pk().to_string(), o.to_string())));
    Ok(fields::TypedChoiceField(coerce_pk).choices(choices).error_message(
        "invalid_choice",
        "Select a valid choice. That choice is not one of the available choices.",
    ))
}

/// `ModelMultipleChoiceField(queryset)`: a `<select multiple>` of the
/// queryset's objects; cleans to the chosen primary keys (as text).
///
/// Errors: the query fails.
#[allow(non_snake_case)]
pub async fn ModelMultipleChoiceField<T: Model + Display>(queryset: QuerySet<T>) -> Result<Field> {
    let objects = queryset.all().await?;
    Ok(fields::MultipleChoiceField()
        .choices(objects.iter().map(|o| (o.pk().to_string(), o.to_string())))
        .error_message(
            "invalid_choice",
            "Select a valid choice. %(value)s is not one of the available choices.",
        ))
}
