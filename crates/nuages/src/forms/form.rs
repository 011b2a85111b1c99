//! `Form` and `BoundField` (`django.forms.forms` / `boundfield`): declared
//! fields, bound data, cleaning, errors and rendering.

use std::collections::HashMap;
use std::sync::Arc;

use crate::core::validators::ValidationError;
use crate::http::QueryDict;

use super::boundfield::BoundField;
use super::errors::{ErrorDict, ErrorList, NON_FIELD_ERRORS};
use super::fields::Field;
use super::value::{FormValue, FromFormValue, RawValue};

/// A `clean_<field>` hook: reads `form.cleaned_data()` and returns the
/// field's new cleaned value.
pub type FieldHook = Arc<dyn Fn(&Form) -> Result<FormValue, ValidationError> + Send + Sync>;
/// The form-wide `clean()` hook: may change cleaned data and call
/// [`Form::add_error`]; an `Err` becomes a non-field error.
pub type FormHook = Arc<dyn Fn(&mut Form) -> Result<(), ValidationError> + Send + Sync>;

/// A Django form: declared fields plus, once bound, the submitted data.
///
/// ```
/// use nuages::forms::{Form, fields::{CharField, IntegerField}};
/// use nuages::http::QueryDict;
///
/// let contact = Form::new()
///     .field("name", CharField().max_length(20))
///     .field("age", IntegerField().min_value(0.0));
/// let mut form = contact.bind(QueryDict::parse("name=Ann&age=x"));
/// assert!(!form.is_valid());
/// assert_eq!(form.errors().messages("age"), vec!["Enter a whole number."]);
/// assert_eq!(form.cleaned::<String>("name").as_deref(), Some("Ann"));
/// ```
#[derive(Clone)]
pub struct Form {
    fields: Vec<(String, Field)>,
    data: Option<QueryDict>,
    initial: HashMap<String, FormValue>,
    prefix: Option<String>,
    /// `auto_id`: `"id_%s"` by default; empty disables ids and `<label for>`.
    pub auto_id: String,
    /// `label_suffix` (`":"`).
    pub label_suffix: String,
    /// `error_css_class` added to rows with errors.
    pub error_css_class: Option<String>,
    /// `required_css_class` added to rows of required fields.
    pub required_css_class: Option<String>,
    /// `use_required_attribute` (default true).
    pub use_required_attribute: bool,
    /// `empty_permitted`: an unchanged form is valid without cleaning
    /// (the extra forms of a formset).
    pub empty_permitted: bool,
    field_hooks: HashMap<String, FieldHook>,
    clean_hook: Option<FormHook>,
    template_name: Option<String>,
    errors: Option<ErrorDict>,
    cleaned_data: Vec<(String, FormValue)>,
}

impl Default for Form {
    fn default() -> Self {
        Self::new()
    }
}

/// Django's `pretty_name`: `first_name` -> `First name`.
pub fn pretty_name(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
        None => String::new(),
    }
}

impl Form {
    /// A form with no fields.
    pub fn new() -> Self {
        Self {
            fields: Vec::new(),
            data: None,
            initial: HashMap::new(),
            prefix: None,
            auto_id: "id_%s".to_owned(),
            label_suffix: ":".to_owned(),
            error_css_class: None,
            required_css_class: None,
            use_required_attribute: true,
            empty_permitted: false,
            field_hooks: HashMap::new(),
            clean_hook: None,
            template_name: None,
            errors: None,
            cleaned_data: Vec::new(),
        }
    }

    /// Declare a field (declaration order is rendering order).
    pub fn field(mut self, name: &str, field: Field) -> Self {
        self.fields.retain(|(n, _)| n != name);
        self.fields.push((name.to_owned(), field));
        self
    }

    /// The `clean_<name>` hook.
    pub fn clean_field(
        mut self,
        name: &str,
        hook: impl Fn(&Form) -> Result<FormValue, ValidationError> + Send + Sync + 'static,
    ) -> Self {
        self.field_hooks.insert(name.to_owned(), Arc::new(hook));
        self
    }

    /// The form-wide `clean()` hook.
    pub fn clean(mut self, hook: impl Fn(&mut Form) -> Result<(), ValidationError> + Send + Sync + 'static) -> Self {
        self.clean_hook = Some(Arc::new(hook));
        self
    }

    /// `prefix=...`: field names become `prefix-name`.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// `initial={...}` for one field (wins over the field's own initial).
    pub fn initial(mut self, name: &str, value: impl Into<FormValue>) -> Self {
        self.initial.insert(name.to_owned(), value.into());
        self
    }

    /// `Form(data)`: a bound copy (e.g. with `request.post()?.clone()`).
    pub fn bind(&self, data: QueryDict) -> Self {
        let mut form = self.clone();
        form.data = Some(data);
        form.errors = None;
        form.cleaned_data.clear();
        form
    }

    /// Whether the form has been cleaned (`is_valid()` / `errors()` ran).
    pub fn is_cleaned(&self) -> bool {
        self.errors.is_some()
    }

    /// `is_bound`.
    pub fn is_bound(&self) -> bool {
        self.data.is_some()
    }

    /// The declared fields.
    pub fn fields(&self) -> &[(String, Field)] {
        &self.fields
    }

    /// `add_prefix(name)`.
    pub fn add_prefix(&self, name: &str) -> String {
        match &self.prefix {
            Some(p) => format!("{p}-{name}"),
            None => name.to_owned(),
        }
    }

    fn field_by_name(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, f)| f)
    }

    /// The initial value of `name` (form initial, then field initial).
    pub fn get_initial_for_field(&self, name: &str) -> Option<&FormValue> {
        self.initial
            .get(name)
            .or_else(|| self.field_by_name(name).and_then(|f| f.initial.as_ref()))
    }

    pub(crate) fn raw_value(&self, name: &str, field: &Field) -> RawValue {
        match &self.data {
            Some(data) if !field.disabled => field.widget.value_from_datadict(data, &self.add_prefix(name)),
            _ => self
                .get_initial_for_field(name)
                .map_or(RawValue::Missing, |v| field.prepare_value(v)),
        }
    }

    /// `full_clean()`: clean every field, run the hooks, collect errors.
    /// Does nothing on an unbound form.
    pub fn full_clean(&mut self) {
        let mut errors = ErrorDict::default();
        self.cleaned_data.clear();
        if self.data.is_none() || (self.empty_permitted && !self.has_changed()) {
            self.errors = Some(errors);
            return;
        }
        let fields = self.fields.clone();
        for (name, field) in &fields {
            let raw = self.raw_value(name, field);
            match field.clean(&raw).and_then(|v| field.coerce(v)) {
                Ok(value) => {
                    self.cleaned_data.push((name.clone(), value));
                    if let Some(hook) = self.field_hooks.get(name).cloned() {
                        match hook(self) {
                            Ok(value) => self.set_cleaned(name, value),
                            Err(e) => {
                                self.cleaned_data.retain(|(n, _)| n != name);
                                errors.add(name, e.errors);
                            }
                        }
                    }
                }
                Err(e) => errors.add(name, e.errors),
            }
        }
        self.errors = Some(errors);
        if let Some(hook) = self.clean_hook.clone()
            && let Err(e) = hook(self)
        {
            self.add_error(None, e);
        }
        self.record_field_ids();
    }

    fn ensure_clean(&mut self) {
        if self.errors.is_none() {
            self.full_clean();
        }
    }

    /// `is_valid()`: bound and without errors.
    pub fn is_valid(&mut self) -> bool {
        self.ensure_clean();
        self.is_bound() && self.errors.as_ref().is_some_and(ErrorDict::is_empty)
    }

    /// `form.errors` (cleaning first when needed).
    pub fn errors(&mut self) -> &ErrorDict {
        self.ensure_clean();
        self.errors.get_or_insert_with(ErrorDict::default)
    }

    /// The errors found so far (empty before cleaning), without cleaning.
    pub fn errors_snapshot(&self) -> ErrorDict {
        self.current_errors()
    }

    pub(crate) fn current_errors(&self) -> ErrorDict {
        self.errors.clone().unwrap_or_default()
    }

    /// `non_field_errors()`.
    pub fn non_field_errors(&self) -> ErrorList {
        self.current_errors()
            .get(NON_FIELD_ERRORS)
            .cloned()
            .unwrap_or_else(|| ErrorList::new("errorlist nonfield"))
    }

    /// `add_error(field, error)`: `None` adds a non-field error; the field
    /// leaves `cleaned_data`.
    pub fn add_error(&mut self, field: Option<&str>, error: ValidationError) {
        let key = field.unwrap_or(NON_FIELD_ERRORS);
        self.errors
            .get_or_insert_with(ErrorDict::default)
            .add(key, error.errors);
        if let Some(name) = field {
            self.cleaned_data.retain(|(n, _)| n != name);
        }
        self.record_field_ids();
    }

    /// `has_error(field, code=None)`.
    pub fn has_error(&self, field: &str, code: Option<&str>) -> bool {
        self.current_errors()
            .get(field)
            .is_some_and(|l| l.errors.iter().any(|(_, c)| code.is_none_or(|want| want == c)))
    }

    /// `cleaned_data`, in field order.
    pub fn cleaned_data(&self) -> &[(String, FormValue)] {
        &self.cleaned_data
    }

    /// `cleaned_data[name]`.
    pub fn cleaned_value(&self, name: &str) -> Option<&FormValue> {
        self.cleaned_data.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Typed `cleaned_data[name]`: `form.cleaned::<i64>("age")`.
    pub fn cleaned<T: FromFormValue>(&self, name: &str) -> Option<T> {
        self.cleaned_value(name).and_then(T::from_form_value)
    }

    /// Replace `cleaned_data[name]` (for `clean()` hooks).
    pub fn set_cleaned(&mut self, name: &str, value: FormValue) {
        match self.cleaned_data.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.cleaned_data.push((name.to_owned(), value)),
        }
    }

    /// `changed_data`: fields whose submitted value differs from initial.
    pub fn changed_data(&self) -> Vec<String> {
        let Some(data) = &self.data else { return Vec::new() };
        self.fields
            .iter()
            .filter(|(name, field)| {
                if field.disabled {
                    return false;
                }
                let submitted = field.widget.value_from_datadict(data, &self.add_prefix(name));
                let initial = self
                    .get_initial_for_field(name)
                    .map_or(RawValue::Missing, |v| field.prepare_value(v));
                let loose = field.clone().required(false);
                match (loose.clean(&submitted), loose.clean(&initial)) {
                    (Ok(a), Ok(b)) => a != b,
                    _ => true,
                }
            })
            .map(|(n, _)| n.clone())
            .collect()
    }

    /// `has_changed()`.
    pub fn has_changed(&self) -> bool {
        !self.changed_data().is_empty()
    }

    /// `form[name]`: the bound field.
    pub fn bound_field(&self, name: &str) -> Option<BoundField<'_>> {
        self.fields
            .iter()
            .position(|(n, _)| n == name)
            .map(|index| BoundField::new(self, index))
    }

    /// Every bound field, in order (`{% for field in form %}`).
    pub fn bound_fields(&self) -> Vec<BoundField<'_>> {
        (0..self.fields.len())
            .map(|index| BoundField::new(self, index))
            .collect()
    }

    /// The `auto_id` of field `name` (`id_<prefixed name>`), or `None`
    /// when `auto_id` is off.
    pub fn auto_id_for(&self, name: &str) -> Option<String> {
        let html_name = self.add_prefix(name);
        let pattern = &self.auto_id;
        if pattern.is_empty() {
            None
        } else if pattern.contains("%s") {
            Some(pattern.replace("%s", &html_name))
        } else {
            Some(html_name)
        }
    }

    /// The template `{{ form }}` renders with (`template_name`).
    pub fn template_name(mut self, template_name: impl Into<String>) -> Self {
        self.template_name = Some(template_name.into());
        self
    }

    /// The form's own template, if set.
    pub fn get_template_name(&self) -> Option<&str> {
        self.template_name.as_deref()
    }

    fn record_field_ids(&mut self) {
        let form = &*self;
        let ids: Vec<(String, Option<String>)> = form
            .fields
            .iter()
            .map(|(n, _)| (n.clone(), form.auto_id_for(n)))
            .collect();
        if let Some(errors) = &mut self.errors {
            errors.set_field_ids(|name| ids.iter().find(|(n, _)| n == name).and_then(|(_, id)| id.clone()));
        }
    }
}
