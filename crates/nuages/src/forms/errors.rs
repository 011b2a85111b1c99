//! `ErrorList` and `ErrorDict` (`django.forms.utils`), rendered as
//! `<ul class="errorlist">`.

use std::sync::Arc;

use crate::template::{Object, Value};

use super::renderers;
use crate::template::Context;

/// `NON_FIELD_ERRORS`: the key of errors that belong to no field.
pub const NON_FIELD_ERRORS: &str = "__all__";

/// A field's (or the form's) error messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorList {
    /// `(message, code)` pairs.
    pub errors: Vec<(String, String)>,
    /// `error_class`: `"errorlist"`, plus `" nonfield"` for form errors.
    pub error_class: String,
    /// `field_id`: the field's `auto_id`, rendered as the list's
    /// `id="<field_id>_error"` (Django 5.2).
    pub field_id: Option<String>,
}

impl ErrorList {
    /// An empty list with `error_class`.
    pub fn new(error_class: &str) -> Self {
        Self {
            errors: Vec::new(),
            error_class: error_class.to_owned(),
            field_id: None,
        }
    }

    /// The messages.
    pub fn messages(&self) -> Vec<String> {
        self.errors.iter().map(|(m, _)| m.clone()).collect()
    }

    /// No errors.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    fn context(&self) -> Context {
        let mut context = Context::new();
        context.insert_value("errors", Value::Object(Arc::new(self.clone())));
        context.insert_value("error_class", Value::from(self.error_class.as_str()));
        context
    }

    /// `render()` (`str(errors)`): `django/forms/errors/list/default.html`,
    /// i.e. [`ErrorList::as_ul`] unless the project overrides it.
    pub fn render(&self) -> String {
        renderers::render_or_log("django/forms/errors/list/default.html", &self.context())
    }

    /// `as_ul()`: `<ul class="errorlist" id="id_name_error"><li>...</li></ul>`,
    /// or `""` (`django/forms/errors/list/ul.html`).
    pub fn as_ul(&self) -> String {
        renderers::render_or_log("django/forms/errors/list/ul.html", &self.context())
    }

    /// `as_text()`: `* message` lines (`django/forms/errors/list/text.txt`).
    pub fn as_text(&self) -> String {
        renderers::render_or_log("django/forms/errors/list/text.txt", &self.context())
    }
}

impl Object for ErrorList {
    fn get_attr(&self, name: &str) -> Option<Value> {
        match name {
            "as_ul" => Some(Value::safe(self.as_ul())),
            "as_text" => Some(Value::from(self.as_text().as_str())),
            "field_id" => Some(self.field_id.as_deref().map_or(Value::None, Value::from)),
            "error_class" => Some(Value::from(self.error_class.as_str())),
            _ => None,
        }
    }

    fn to_display(&self) -> String {
        self.render()
    }

    fn is_true(&self) -> bool {
        !self.errors.is_empty()
    }

    fn iterate(&self) -> Option<Vec<Value>> {
        Some(self.errors.iter().map(|(m, _)| Value::from(m.as_str())).collect())
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `form.errors`: field name -> [`ErrorList`], in the order errors were
/// added; [`NON_FIELD_ERRORS`] holds the form's own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorDict(pub Vec<(String, ErrorList)>);

impl ErrorDict {
    /// The errors of `field`.
    pub fn get(&self, field: &str) -> Option<&ErrorList> {
        self.0.iter().find(|(n, _)| n == field).map(|(_, l)| l)
    }

    /// The messages of `field` (empty when none).
    pub fn messages(&self, field: &str) -> Vec<String> {
        self.get(field).map(ErrorList::messages).unwrap_or_default()
    }

    /// Whether `field` has errors.
    pub fn contains(&self, field: &str) -> bool {
        self.get(field).is_some_and(|l| !l.is_empty())
    }

    /// No errors at all.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|(_, l)| l.is_empty())
    }

    /// Append errors to `field`'s list (creating it).
    pub fn add(&mut self, field: &str, errors: Vec<(String, String)>) {
        let class = if field == NON_FIELD_ERRORS {
            "errorlist nonfield"
        } else {
            "errorlist"
        };
        match self.0.iter_mut().find(|(n, _)| n == field) {
            Some((_, list)) => list.errors.extend(errors),
            None => self.0.push((
                field.to_owned(),
                ErrorList {
                    errors,
                    error_class: class.to_owned(),
                    field_id: None,
                },
            )),
        }
    }

    /// `get_json_data()`: `{field: [{"message": ..., "code": ...}]}`.
    pub fn get_json_data(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for (field, list) in &self.0 {
            let items = list
                .errors
                .iter()
                .map(|(m, c)| serde_json::json!({"message": m, "code": c}))
                .collect();
            map.insert(field.clone(), serde_json::Value::Array(items));
        }
        serde_json::Value::Object(map)
    }

    /// `as_json()`: [`ErrorDict::get_json_data`] serialised.
    pub fn as_json(&self) -> String {
        self.get_json_data().to_string()
    }

    fn context(&self) -> Context {
        let items = self
            .0
            .iter()
            .map(|(field, list)| {
                Value::List(Arc::new(vec![
                    Value::from(field.as_str()),
                    Value::Object(Arc::new(list.clone())),
                ]))
            })
            .collect();
        let mut context = Context::new();
        context.insert_value("errors", Value::List(Arc::new(items)));
        context.insert_value("error_class", Value::from("errorlist"));
        context
    }

    /// `as_text()`: `* field\n  * message` lines
    /// (`django/forms/errors/dict/text.txt`).
    pub fn as_text(&self) -> String {
        renderers::render_or_log("django/forms/errors/dict/text.txt", &self.context())
    }

    /// `as_ul()`: `<ul class="errorlist"><li>field<ul ...>...</ul></li></ul>`
    /// (`django/forms/errors/dict/ul.html`).
    pub fn as_ul(&self) -> String {
        renderers::render_or_log("django/forms/errors/dict/ul.html", &self.context())
    }

    /// `render()` (`str(form.errors)`): `django/forms/errors/dict/default.html`.
    pub fn render(&self) -> String {
        renderers::render_or_log("django/forms/errors/dict/default.html", &self.context())
    }

    /// Record each field's `auto_id` on its list (`field_id`), as Django's
    /// `add_error` does.
    pub(crate) fn set_field_ids(&mut self, auto_id: impl Fn(&str) -> Option<String>) {
        for (field, list) in &mut self.0 {
            if field != NON_FIELD_ERRORS {
                list.field_id = auto_id(field);
            }
        }
    }
}

impl Object for ErrorDict {
    fn get_attr(&self, name: &str) -> Option<Value> {
        match name {
            "as_ul" => Some(Value::safe(self.as_ul())),
            _ => self.get(name).map(|l| Value::Object(Arc::new(l.clone()))),
        }
    }

    fn to_display(&self) -> String {
        self.render()
    }

    fn is_true(&self) -> bool {
        !self.is_empty()
    }

    fn iterate(&self) -> Option<Vec<Value>> {
        Some(self.0.iter().map(|(n, _)| Value::from(n.as_str())).collect())
    }

    fn is_safe(&self) -> bool {
        true
    }
}
