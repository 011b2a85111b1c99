//! Forms rendered through templates (Django's `RenderableFormMixin`):
//! `{{ form }}`, `{{ form.as_p }}`, `{{ form.name }}`,
//! `{{ form.name.errors }}`, `{% for field in form %}`; the Rust
//! `as_div()` / `as_p()` / ... render the same templates.

use std::any::Any;
use std::sync::Arc;

use crate::template::{Context, Object, Value};

use super::form::Form;
use super::renderers::{self, FORM_TEMPLATE_NAME};
use super::value::RawValue;

impl Form {
    /// The form as a template value (cleaning it first when bound, so its
    /// errors render): `ctx.insert_value("form", form.to_value())`.
    pub fn to_value(&mut self) -> Value {
        if self.is_bound() {
            let _ = self.errors();
        }
        Value::Object(Arc::new(FormObject(Arc::new(self.clone()))))
    }

    /// `render(template_name)`: the form through `template_name`, or its
    /// own template (`django/forms/div.html` by default). The context
    /// holds `form`, `fields` (visible `(field, errors)` pairs),
    /// `hidden_fields` and `errors` (non-field errors plus hidden fields'
    /// errors), as Django's `Form.get_context()`.
    pub fn render(&self, template_name: Option<&str>) -> String {
        render_form(&Arc::new(self.clone()), template_name)
    }

    /// `as_div()` (the default rendering, `{{ form }}`).
    pub fn as_div(&self) -> String {
        self.render(Some("django/forms/div.html"))
    }

    /// `as_p()`.
    pub fn as_p(&self) -> String {
        self.render(Some("django/forms/p.html"))
    }

    /// `as_table()` (rows only, as Django).
    pub fn as_table(&self) -> String {
        self.render(Some("django/forms/table.html"))
    }

    /// `as_ul()` (items only, as Django).
    pub fn as_ul(&self) -> String {
        self.render(Some("django/forms/ul.html"))
    }
}

/// Django's `Form.get_context()`.
fn form_context(form: &Arc<Form>) -> Context {
    let mut top = form.non_field_errors();
    let mut fields = Vec::new();
    let mut hidden = Vec::new();
    for bf in form.bound_fields() {
        let value = field_value(form, bf.name());
        if bf.is_hidden() {
            for (message, code) in bf.errors().errors {
                top.errors
                    .push((format!("(Hidden field {}) {message}", bf.name()), code));
            }
            hidden.push(value);
        } else {
            let errors = Value::Object(Arc::new(bf.errors()));
            fields.push(Value::List(Arc::new(vec![value, errors])));
        }
    }
    top.field_id = None;
    let mut context = Context::new();
    context.insert_value("form", Value::Object(Arc::new(FormObject(form.clone()))));
    context.insert_value("fields", Value::List(Arc::new(fields)));
    context.insert_value("hidden_fields", Value::List(Arc::new(hidden)));
    context.insert_value("errors", Value::Object(Arc::new(top)));
    context
}

fn render_form(form: &Arc<Form>, template_name: Option<&str>) -> String {
    let template = template_name.or(form.get_template_name()).unwrap_or(FORM_TEMPLATE_NAME);
    renderers::render_or_log(template, &form_context(form))
}

/// A form seen by templates.
pub struct FormObject(pub Arc<Form>);

/// A bound field seen by templates.
pub struct BoundFieldObject {
    form: Arc<Form>,
    name: String,
}

impl BoundFieldObject {
    /// The field `name` of `form`.
    pub fn new(form: Arc<Form>, name: &str) -> Self {
        Self {
            form,
            name: name.to_owned(),
        }
    }
}

fn field_value(form: &Arc<Form>, name: &str) -> Value {
    Value::Object(Arc::new(BoundFieldObject::new(form.clone(), name)))
}

impl Object for FormObject {
    fn get_attr(&self, name: &str) -> Option<Value> {
        let form = &self.0;
        Some(match name {
            "as_div" => Value::safe(render_form(form, Some("django/forms/div.html"))),
            "as_p" => Value::safe(render_form(form, Some("django/forms/p.html"))),
            "as_table" => Value::safe(render_form(form, Some("django/forms/table.html"))),
            "as_ul" => Value::safe(render_form(form, Some("django/forms/ul.html"))),
            "render" => Value::safe(render_form(form, None)),
            "errors" => Value::Object(Arc::new(form.errors_snapshot())),
            "non_field_errors" => Value::Object(Arc::new(form.non_field_errors())),
            "is_bound" => Value::Bool(form.is_bound()),
            "hidden_fields" | "visible_fields" => {
                let hidden = name == "hidden_fields";
                Value::List(Arc::new(
                    form.bound_fields()
                        .iter()
                        .filter(|b| b.is_hidden() == hidden)
                        .map(|b| field_value(form, b.name()))
                        .collect(),
                ))
            }
            _ => return form.bound_field(name).map(|b| field_value(form, b.name())),
        })
    }

    fn to_display(&self) -> String {
        render_form(&self.0, None)
    }

    fn iterate(&self) -> Option<Vec<Value>> {
        Some(
            self.0
                .bound_fields()
                .iter()
                .map(|b| field_value(&self.0, b.name()))
                .collect(),
        )
    }

    fn is_safe(&self) -> bool {
        true
    }

    fn as_any(&self) -> Option<&dyn Any> {
        Some(self)
    }
}

impl Object for BoundFieldObject {
    fn get_attr(&self, name: &str) -> Option<Value> {
        let bf = self.form.bound_field(&self.name)?;
        let me = || field_value(&self.form, &self.name);
        Some(match name {
            "label_tag" => Value::safe(bf.label_tag_as("label", Some(me()))),
            "legend_tag" => Value::safe(bf.label_tag_as("legend", Some(me()))),
            "as_field_group" => Value::safe(bf.as_field_group_with(me())),
            "as_hidden" => Value::safe(bf.as_hidden()),
            "errors" => Value::Object(Arc::new(bf.errors())),
            "label" => Value::from(bf.label().as_str()),
            "help_text" => Value::from(bf.help_text()),
            "name" => Value::from(bf.name()),
            "html_name" => Value::from(bf.html_name().as_str()),
            "id_for_label" => Value::from(bf.id_for_label().as_str()),
            "auto_id" => Value::from(bf.auto_id().unwrap_or_default().as_str()),
            "aria_describedby" => bf.aria_describedby().map_or(Value::None, Value::from),
            "is_hidden" => Value::Bool(bf.is_hidden()),
            "use_fieldset" => Value::Bool(bf.use_fieldset()),
            "css_classes" => Value::from(bf.css_classes().as_str()),
            "as_widget" => Value::safe(bf.as_widget()),
            "widget_type" => Value::from(bf.field().widget.widget_type()),
            "form" => Value::Object(Arc::new(FormObject(self.form.clone()))),
            "value" => match bf.value() {
                RawValue::Str(s) => Value::from(s.as_str()),
                RawValue::Bool(b) => Value::Bool(b),
                RawValue::List(l) => Value::List(Arc::new(l.iter().map(|s| Value::from(s.as_str())).collect())),
                RawValue::Missing => Value::None,
            },
            _ => return None,
        })
    }

    fn to_display(&self) -> String {
        self.form
            .bound_field(&self.name)
            .map(|b| b.as_widget())
            .unwrap_or_default()
    }

    fn is_safe(&self) -> bool {
        true
    }
}
