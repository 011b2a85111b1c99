//! Formsets (Django's `django/forms/formsets.py`): several copies of one
//! form on a page, counted by a management form.
//!
//! ```
//! use nuages::forms::fields::CharField;
//! use nuages::forms::formsets::formset_factory;
//! use nuages::forms::Form;
//! use nuages::http::QueryDict;
//!
//! let article = Form::new().field("title", CharField());
//! let unbound = formset_factory(article.clone()).extra(2);
//! assert_eq!(unbound.total_form_count(), 2);
//! assert!(unbound.as_div().contains(r#"<input type="hidden" name="form-TOTAL_FORMS" value="2" id="id_form-TOTAL_FORMS">"#));
//!
//! let mut formset = formset_factory(article).bind(QueryDict::parse(
//!     "form-TOTAL_FORMS=2&form-INITIAL_FORMS=0&form-0-title=Hello&form-1-title=",
//! ));
//! assert!(formset.is_valid()); // the second form is empty: ignored
//! assert_eq!(formset.forms()[0].cleaned::<String>("title").as_deref(), Some("Hello"));
//! ```

use std::sync::Arc;

use crate::core::validators::ValidationError;
use crate::http::QueryDict;
use crate::template::{Context, Object, Value};

use super::errors::{ErrorDict, ErrorList};
use super::fields::{BooleanField, IntegerField};
use super::form::Form;
use super::renderers::{self, FORMSET_TEMPLATE_NAME};
use super::value::FormValue;
use super::widgets;

/// `TOTAL_FORM_COUNT`.
pub const TOTAL_FORM_COUNT: &str = "TOTAL_FORMS";
/// `INITIAL_FORM_COUNT`.
pub const INITIAL_FORM_COUNT: &str = "INITIAL_FORMS";
/// `MIN_NUM_FORM_COUNT`.
pub const MIN_NUM_FORM_COUNT: &str = "MIN_NUM_FORMS";
/// `MAX_NUM_FORM_COUNT`.
pub const MAX_NUM_FORM_COUNT: &str = "MAX_NUM_FORMS";
/// `ORDERING_FIELD_NAME`.
pub const ORDERING_FIELD_NAME: &str = "ORDER";
/// `DELETION_FIELD_NAME`.
pub const DELETION_FIELD_NAME: &str = "DELETE";
/// `DEFAULT_MAX_NUM`.
pub const DEFAULT_MAX_NUM: usize = 1000;

/// The formset-wide `clean()` hook: an `Err` becomes a non-form error.
pub type FormSetHook = Arc<dyn Fn(&FormSet) -> Result<(), ValidationError> + Send + Sync>;

/// `formset_factory(form)`: a formset of `form` with Django's defaults
/// (`extra=1`, `max_num=1000`, no deletion or ordering).
pub fn formset_factory(form: Form) -> FormSet {
    FormSet {
        form,
        prefix: "form".to_owned(),
        extra: 1,
        can_order: false,
        can_delete: false,
        can_delete_extra: true,
        min_num: 0,
        max_num: DEFAULT_MAX_NUM,
        absolute_max: 2 * DEFAULT_MAX_NUM,
        validate_min: false,
        validate_max: false,
        initial: Vec::new(),
        data: None,
        forms: Vec::new(),
        non_form_errors: None,
        clean_hook: None,
        template_name: None,
    }
}

/// A formset (Django's `BaseFormSet`): build it with [`formset_factory`],
/// set the options, then [`bind`](FormSet::bind) it to submitted data.
#[derive(Clone)]
pub struct FormSet {
    form: Form,
    prefix: String,
    extra: usize,
    can_order: bool,
    can_delete: bool,
    can_delete_extra: bool,
    min_num: usize,
    max_num: usize,
    absolute_max: usize,
    validate_min: bool,
    validate_max: bool,
    initial: Vec<Vec<(String, FormValue)>>,
    data: Option<QueryDict>,
    forms: Vec<Form>,
    non_form_errors: Option<ErrorList>,
    clean_hook: Option<FormSetHook>,
    template_name: Option<String>,
}

impl FormSet {
    /// `extra`: empty forms shown after the initial ones.
    pub fn extra(mut self, extra: usize) -> Self {
        self.extra = extra;
        self.build()
    }

    /// `can_order`: an `ORDER` field on each form.
    pub fn can_order(mut self, on: bool) -> Self {
        self.can_order = on;
        self.build()
    }

    /// `can_delete`: a `DELETE` checkbox on each form.
    pub fn can_delete(mut self, on: bool) -> Self {
        self.can_delete = on;
        self.build()
    }

    /// `can_delete_extra` (default true): extra forms get `DELETE` too.
    pub fn can_delete_extra(mut self, on: bool) -> Self {
        self.can_delete_extra = on;
        self.build()
    }

    /// `min_num`: forms always shown (and, with `validate_min`, required).
    pub fn min_num(mut self, n: usize) -> Self {
        self.min_num = n;
        self.build()
    }

    /// `max_num` (default 1000); `absolute_max` follows as in Django
    /// (`max_num + 1000` when not set).
    pub fn max_num(mut self, n: usize) -> Self {
        self.max_num = n;
        self.absolute_max = n + DEFAULT_MAX_NUM;
        self.build()
    }

    /// `absolute_max`: the most forms a submission may create.
    pub fn absolute_max(mut self, n: usize) -> Self {
        self.absolute_max = n.max(self.max_num);
        self.build()
    }

    /// `validate_min`.
    pub fn validate_min(mut self, on: bool) -> Self {
        self.validate_min = on;
        self
    }

    /// `validate_max`.
    pub fn validate_max(mut self, on: bool) -> Self {
        self.validate_max = on;
        self
    }

    /// `prefix` (default `form`).
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self.build()
    }

    /// `initial=[{...}, ...]`: one dictionary per initial form.
    pub fn initial(mut self, initial: Vec<Vec<(String, FormValue)>>) -> Self {
        self.initial = initial;
        self.build()
    }

    /// The formset-wide `clean()` hook.
    pub fn clean(mut self, hook: impl Fn(&FormSet) -> Result<(), ValidationError> + Send + Sync + 'static) -> Self {
        self.clean_hook = Some(Arc::new(hook));
        self
    }

    /// The template `{{ formset }}` renders with.
    pub fn template_name(mut self, name: impl Into<String>) -> Self {
        self.template_name = Some(name.into());
        self
    }

    /// `FormSet(data)`: a bound copy.
    pub fn bind(&self, data: QueryDict) -> Self {
        let mut formset = self.clone();
        formset.data = Some(data);
        formset.non_form_errors = None;
        formset.build()
    }

    /// `is_bound`.
    pub fn is_bound(&self) -> bool {
        self.data.is_some()
    }

    /// `prefix`.
    pub fn get_prefix(&self) -> &str {
        &self.prefix
    }

    /// The management form: `TOTAL_FORMS`, `INITIAL_FORMS`,
    /// `MIN_NUM_FORMS`, `MAX_NUM_FORMS` as hidden inputs.
    pub fn management_form(&self) -> Form {
        let hidden = || IntegerField().widget(widgets::HiddenInput());
        let form = Form::new()
            .field(TOTAL_FORM_COUNT, hidden())
            .field(INITIAL_FORM_COUNT, hidden())
            .field(MIN_NUM_FORM_COUNT, hidden().required(false))
            .field(MAX_NUM_FORM_COUNT, hidden().required(false))
            .prefix(self.prefix.clone());
        match &self.data {
            Some(data) => form.bind(data.clone()),
            None => form
                .initial(TOTAL_FORM_COUNT, self.total_form_count() as i64)
                .initial(INITIAL_FORM_COUNT, self.initial_form_count() as i64)
                .initial(MIN_NUM_FORM_COUNT, self.min_num as i64)
                .initial(MAX_NUM_FORM_COUNT, self.max_num as i64),
        }
    }

    /// A management form count read from the data (`None` when missing
    /// or invalid).
    fn management_count(&self, name: &str) -> Option<usize> {
        let mut form = self.management_form();
        if !form.is_valid() {
            return None;
        }
        form.cleaned::<i64>(name).and_then(|n| usize::try_from(n).ok())
    }

    /// `total_form_count()`: from the management form when bound (at
    /// most `absolute_max`), else initial forms plus `extra`, within
    /// `min_num` / `max_num`.
    pub fn total_form_count(&self) -> usize {
        if self.is_bound() {
            return self
                .management_count(TOTAL_FORM_COUNT)
                .unwrap_or(0)
                .min(self.absolute_max);
        }
        let initial = self.initial_form_count();
        let total = initial.max(self.min_num) + self.extra;
        if initial > self.max_num {
            initial
        } else {
            total.min(self.max_num)
        }
    }

    /// `initial_form_count()`.
    pub fn initial_form_count(&self) -> usize {
        if self.is_bound() {
            self.management_count(INITIAL_FORM_COUNT).unwrap_or(0)
        } else {
            self.initial.len()
        }
    }

    /// `_construct_form(i)`: form `i` with its prefix, initial data, the
    /// `ORDER` / `DELETE` fields, and `empty_permitted` for extra forms.
    fn construct_form(&self, i: usize, initial_count: usize) -> Form {
        let mut form = self.form.clone().prefix(format!("{}-{i}", self.prefix));
        form.use_required_attribute = false;
        if i >= initial_count && i >= self.min_num {
            form.empty_permitted = true;
        }
        if let Some(values) = self.initial.get(i) {
            for (name, value) in values {
                form = form.initial(name, value.clone());
            }
        }
        form = self.add_fields(form, Some(i), initial_count);
        match &self.data {
            Some(data) => form.bind(data.clone()),
            None => form,
        }
    }

    /// `add_fields(form, index)`.
    fn add_fields(&self, mut form: Form, index: Option<usize>, initial_count: usize) -> Form {
        if self.can_order {
            let mut order = IntegerField().label("Order").required(false);
            if let Some(i) = index
                && i < initial_count
            {
                order = order.initial(i as i64 + 1);
            }
            form = form.field(ORDERING_FIELD_NAME, order);
        }
        let extra = index.is_none_or(|i| i >= initial_count);
        if self.can_delete && (self.can_delete_extra || !extra) {
            form = form.field(DELETION_FIELD_NAME, BooleanField().label("Delete").required(false));
        }
        form
    }

    fn build(mut self) -> Self {
        let initial_count = self.initial_form_count();
        self.forms = (0..self.total_form_count())
            .map(|i| self.construct_form(i, initial_count))
            .collect();
        self
    }

    /// The forms.
    pub fn forms(&self) -> &[Form] {
        &self.forms
    }

    /// `empty_form`: a form with the `__prefix__` placeholder, for
    /// JavaScript that adds forms.
    pub fn empty_form(&self) -> Form {
        let mut form = self.form.clone().prefix(format!("{}-__prefix__", self.prefix));
        form.use_required_attribute = false;
        form.empty_permitted = true;
        self.add_fields(form, None, self.initial_form_count())
    }

    fn should_delete(&self, form: &Form) -> bool {
        self.can_delete && form.cleaned::<bool>(DELETION_FIELD_NAME) == Some(true)
    }

    /// `full_clean()`: clean every form, then the formset's own checks
    /// (management form, `validate_min` / `validate_max`, `clean()`).
    pub fn full_clean(&mut self) {
        let mut errors = ErrorList::new("errorlist nonform");
        if !self.is_bound() {
            self.non_form_errors = Some(errors);
            return;
        }
        let mut management = self.management_form();
        if !management.is_valid() {
            let bad = management.errors().clone();
            let missing: Vec<String> = [TOTAL_FORM_COUNT, INITIAL_FORM_COUNT]
                .iter()
                .filter(|name| bad.contains(name))
                .map(|name| management.add_prefix(name))
                .collect();
            errors.errors.push((
                format!(
                    "ManagementForm data is missing or has been tampered with. Missing fields: {}. You may need to file a bug report if the issue persists.",
                    missing.join(", ")
                ),
                "missing_management_form".to_owned(),
            ));
        }
        let initial_count = self.initial_form_count();
        let mut empty_forms = 0;
        let mut deleted = 0;
        for (i, form) in self.forms.iter_mut().enumerate() {
            form.full_clean();
            if i >= initial_count && !form.has_changed() {
                empty_forms += 1;
            }
        }
        for form in &self.forms {
            if self.should_delete(form) {
                deleted += 1;
            }
        }
        self.non_form_errors = Some(errors);
        // As Django: the first failing check (too many, too few, then
        // `clean()`) replaces the non-form errors.
        if let Err(e) = self.formset_checks(deleted, empty_forms) {
            let mut list = ErrorList::new("errorlist nonform");
            list.errors = e.errors;
            self.non_form_errors = Some(list);
        }
    }

    fn formset_checks(&self, deleted: usize, empty_forms: usize) -> Result<(), ValidationError> {
        let total = self.total_form_count();
        let submitted = self.management_count(TOTAL_FORM_COUNT).unwrap_or(0);
        if (self.validate_max && total.saturating_sub(deleted) > self.max_num) || submitted > self.absolute_max {
            let noun = if self.max_num == 1 { "form" } else { "forms" };
            return Err(ValidationError::new(
                format!("Please submit at most {} {noun}.", self.max_num),
                "too_many_forms",
            ));
        }
        if self.validate_min && total.saturating_sub(deleted).saturating_sub(empty_forms) < self.min_num {
            let noun = if self.min_num == 1 { "form" } else { "forms" };
            return Err(ValidationError::new(
                format!("Please submit at least {} {noun}.", self.min_num),
                "too_few_forms",
            ));
        }
        match &self.clean_hook {
            Some(hook) => hook(self),
            None => Ok(()),
        }
    }

    fn ensure_clean(&mut self) {
        if self.non_form_errors.is_none() {
            self.full_clean();
        }
    }

    /// `is_valid()`: bound, every form valid (deleted ones aside), no
    /// non-form errors.
    pub fn is_valid(&mut self) -> bool {
        if !self.is_bound() {
            return false;
        }
        self.ensure_clean();
        let forms_valid = self
            .forms
            .iter()
            .all(|f| self.should_delete(f) || f.errors_snapshot().is_empty());
        forms_valid && self.non_form_errors.as_ref().is_some_and(ErrorList::is_empty)
    }

    /// `errors`: each form's errors, in order (deleted forms left out,
    /// as Django).
    pub fn errors(&mut self) -> Vec<ErrorDict> {
        self.ensure_clean();
        self.forms
            .iter()
            .filter(|f| !self.should_delete(f))
            .map(Form::errors_snapshot)
            .collect()
    }

    /// `non_form_errors()` (class `errorlist nonform`).
    pub fn non_form_errors(&mut self) -> ErrorList {
        self.ensure_clean();
        self.non_form_errors
            .clone()
            .unwrap_or_else(|| ErrorList::new("errorlist nonform"))
    }

    /// `total_error_count()`.
    pub fn total_error_count(&mut self) -> usize {
        let forms: usize = self
            .errors()
            .iter()
            .map(|e| e.0.iter().map(|(_, l)| l.errors.len()).sum::<usize>())
            .sum();
        forms + self.non_form_errors().errors.len()
    }

    /// `has_changed()`: any form changed.
    pub fn has_changed(&self) -> bool {
        self.forms.iter().any(Form::has_changed)
    }

    /// `cleaned_data`: each form's cleaned data (empty for unchanged extra
    /// forms).
    pub fn cleaned_data(&self) -> Vec<&[(String, FormValue)]> {
        self.forms.iter().map(Form::cleaned_data).collect()
    }

    /// `deleted_forms`: the forms whose `DELETE` box is checked.
    pub fn deleted_forms(&self) -> Vec<&Form> {
        self.forms.iter().filter(|f| self.should_delete(f)).collect()
    }

    /// `ordered_forms`: valid, not deleted forms sorted by `ORDER` (forms
    /// without one last); unchanged extra forms are left out.
    pub fn ordered_forms(&self) -> Vec<&Form> {
        let initial = self.initial_form_count();
        let mut forms: Vec<(usize, Option<i64>, &Form)> = self
            .forms
            .iter()
            .enumerate()
            .filter(|(i, f)| *i < initial || f.has_changed())
            .filter(|(_, f)| !self.should_delete(f) && f.is_cleaned() && f.errors_snapshot().is_empty())
            .map(|(i, f)| (i, f.cleaned::<i64>(ORDERING_FIELD_NAME), f))
            .collect();
        forms.sort_by_key(|(i, order, _)| (order.is_none(), order.unwrap_or(0), *i));
        forms.into_iter().map(|(_, _, f)| f).collect()
    }

    fn render(&self, template: Option<&str>) -> String {
        let mut context = Context::new();
        context.insert_value(
            "formset",
            Value::Object(Arc::new(FormSetObject(Arc::new(self.clone())))),
        );
        let template = template
            .or(self.template_name.as_deref())
            .unwrap_or(FORMSET_TEMPLATE_NAME);
        renderers::render_or_log(template, &context)
    }

    /// `as_div()` (`{{ formset }}`): the management form, then each form.
    pub fn as_div(&self) -> String {
        self.render(Some("django/forms/formsets/div.html"))
    }

    /// `as_p()`.
    pub fn as_p(&self) -> String {
        self.render(Some("django/forms/formsets/p.html"))
    }

    /// `as_table()`.
    pub fn as_table(&self) -> String {
        self.render(Some("django/forms/formsets/table.html"))
    }

    /// `as_ul()`.
    pub fn as_ul(&self) -> String {
        self.render(Some("django/forms/formsets/ul.html"))
    }

    /// The formset as a template value (cleaned first when bound):
    /// `{{ formset }}`, `{% for form in formset %}`,
    /// `{{ formset.management_form }}`, `{{ formset.non_form_errors }}`.
    pub fn to_value(&mut self) -> Value {
        if self.is_bound() {
            self.ensure_clean();
        }
        Value::Object(Arc::new(FormSetObject(Arc::new(self.clone()))))
    }
}

/// A formset seen by templates.
pub struct FormSetObject(pub Arc<FormSet>);

impl Object for FormSetObject {
    fn get_attr(&self, name: &str) -> Option<Value> {
        let formset = &self.0;
        Some(match name {
            "management_form" => formset.management_form().to_value(),
            "non_form_errors" => Value::Object(Arc::new(
                formset
                    .non_form_errors
                    .clone()
                    .unwrap_or_else(|| ErrorList::new("errorlist nonform")),
            )),
            "empty_form" => formset.empty_form().to_value(),
            "forms" => Value::List(Arc::new(self.iterate().unwrap_or_default())),
            "prefix" => Value::from(formset.prefix.as_str()),
            "total_form_count" => Value::Int(formset.total_form_count() as i64),
            "initial_form_count" => Value::Int(formset.initial_form_count() as i64),
            "is_bound" => Value::Bool(formset.is_bound()),
            "as_div" => Value::safe(formset.as_div()),
            "as_p" => Value::safe(formset.as_p()),
            "as_table" => Value::safe(formset.as_table()),
            "as_ul" => Value::safe(formset.as_ul()),
            _ => return None,
        })
    }

    fn to_display(&self) -> String {
        self.0.render(None)
    }

    fn iterate(&self) -> Option<Vec<Value>> {
        Some(self.0.forms.iter().map(|f| f.clone().to_value()).collect())
    }

    fn is_safe(&self) -> bool {
        true
    }
}
