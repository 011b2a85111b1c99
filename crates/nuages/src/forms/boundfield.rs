//! `BoundField` (Django's `django/forms/boundfield.py`): a field with the
//! form's data, errors and naming, rendered through templates.

use std::sync::Arc;

use crate::template::{Context, Value};

use super::errors::ErrorList;
use super::fields::Field;
use super::form::{Form, pretty_name};
use super::renderers::{self, FIELD_TEMPLATE_NAME};
use super::template::BoundFieldObject;
use super::value::RawValue;
use super::widgets::{Attr, Attrs, attrs_value, escape, get_attr};

/// `form[name]`: a field with the form's data, errors and naming.
#[derive(Clone, Copy)]
pub struct BoundField<'a> {
    form: &'a Form,
    index: usize,
}

impl<'a> BoundField<'a> {
    pub(crate) fn new(form: &'a Form, index: usize) -> Self {
        Self { form, index }
    }

    /// The form.
    pub fn form(&self) -> &'a Form {
        self.form
    }

    /// The field's name in the form.
    pub fn name(&self) -> &'a str {
        &self.form.fields()[self.index].0
    }

    /// The declared field.
    pub fn field(&self) -> &'a Field {
        &self.form.fields()[self.index].1
    }

    /// `html_name`: the prefixed name.
    pub fn html_name(&self) -> String {
        self.form.add_prefix(self.name())
    }

    /// `auto_id`: `id_<html_name>`, or `None` without `auto_id`.
    pub fn auto_id(&self) -> Option<String> {
        self.form.auto_id_for(self.name())
    }

    /// `id_for_label`.
    pub fn id_for_label(&self) -> String {
        let widget = &self.field().widget;
        let id = get_attr(&widget.attrs, "id")
            .map(str::to_owned)
            .or_else(|| self.auto_id())
            .unwrap_or_default();
        widget.id_for_label(&id)
    }

    /// `label`: the declared label or the prettified name.
    pub fn label(&self) -> String {
        self.field().label.clone().unwrap_or_else(|| pretty_name(self.name()))
    }

    /// `help_text`.
    pub fn help_text(&self) -> &'a str {
        &self.field().help_text
    }

    /// `errors`, knowing the field's id (`field_id`) as Django 5.2's.
    pub fn errors(&self) -> ErrorList {
        match self.form.current_errors().get(self.name()) {
            Some(list) => {
                let mut list = list.clone();
                list.field_id = self.auto_id();
                list
            }
            None => ErrorList::new("errorlist"),
        }
    }

    /// `is_hidden`.
    pub fn is_hidden(&self) -> bool {
        self.field().widget.is_hidden()
    }

    /// `use_fieldset`.
    pub fn use_fieldset(&self) -> bool {
        self.field().widget.use_fieldset()
    }

    /// `value()`: what the widget shows (submitted data when bound).
    pub fn value(&self) -> RawValue {
        self.form.raw_value(self.name(), self.field())
    }

    /// `css_classes()`.
    pub fn css_classes(&self) -> String {
        let mut classes = Vec::new();
        if let Some(c) = &self.form.error_css_class
            && !self.errors().is_empty()
        {
            classes.push(c.clone());
        }
        if let Some(c) = &self.form.required_css_class
            && self.field().required
        {
            classes.push(c.clone());
        }
        classes.join(" ")
    }

    /// `aria_describedby`: `<id>_helptext` and `<id>_error` when the
    /// field has help text / errors; `None` when the widget sets its own.
    pub fn aria_describedby(&self) -> Option<String> {
        if get_attr(&self.field().widget.attrs, "aria-describedby").is_some() {
            return None;
        }
        let mut ids = Vec::new();
        if let Some(id) = self.auto_id()
            && !self.is_hidden()
        {
            if !self.help_text().is_empty() {
                ids.push(format!("{id}_helptext"));
            }
            if !self.errors().is_empty() {
                ids.push(format!("{id}_error"));
            }
        }
        Some(ids.join(" "))
    }

    /// `label_tag()`: `<label for="id_name">Name:</label>`, through
    /// `django/forms/label.html`.
    pub fn label_tag(&self) -> String {
        self.label_tag_as("label", None)
    }

    /// `legend_tag()`: the label as a `<legend>` (radio and checkbox groups).
    pub fn legend_tag(&self) -> String {
        self.label_tag_as("legend", None)
    }

    pub(crate) fn label_tag_as(&self, tag: &str, field: Option<Value>) -> String {
        let mut contents = escape(&self.label());
        let suffix = &self.form.label_suffix;
        if !suffix.is_empty() && !contents.is_empty() && !contents.ends_with([':', '?', '.', '!']) {
            contents.push_str(&escape(suffix));
        }
        let id = get_attr(&self.field().widget.attrs, "id")
            .map(str::to_owned)
            .or_else(|| self.auto_id());
        let mut attrs: Option<Attrs> = None;
        if let Some(id) = &id {
            let for_id = self.field().widget.id_for_label(id);
            if !for_id.is_empty() {
                attrs = Some(vec![("for".into(), Attr::Text(for_id))]);
            }
            if let Some(c) = &self.form.required_css_class
                && self.field().required
            {
                attrs
                    .get_or_insert_with(Attrs::new)
                    .push(("class".into(), Attr::Text(c.clone())));
            }
        }
        let mut context = Context::new();
        context.insert_value("field", field.unwrap_or(Value::None));
        context.insert_value("label", Value::safe(contents));
        context.insert_value("attrs", attrs.as_ref().map_or(Value::None, attrs_value));
        context.insert_value("use_tag", Value::Bool(id.is_some()));
        context.insert_value("tag", Value::from(tag));
        renderers::render_or_log("django/forms/label.html", &context)
    }

    /// `build_widget_attrs()` plus the `id`: `required`, `disabled`,
    /// `aria-invalid`, `aria-describedby` and `id` as Django adds them.
    fn widget_attrs(&self) -> Attrs {
        let field = self.field();
        let widget = &field.widget;
        let mut attrs = field.widget_attrs();
        if widget.use_required_attribute() && field.required && self.form.use_required_attribute {
            attrs.push(("required".into(), Attr::Flag(true)));
        }
        if field.disabled {
            attrs.push(("disabled".into(), Attr::Flag(true)));
        }
        if !widget.is_hidden() && !self.errors().is_empty() {
            attrs.push(("aria-invalid".into(), Attr::Text("true".into())));
        }
        if !self.use_fieldset()
            && let Some(described) = self.aria_describedby()
            && !described.is_empty()
        {
            attrs.push(("aria-describedby".into(), Attr::Text(described)));
        }
        if let Some(id) = self.auto_id()
            && get_attr(&widget.attrs, "id").is_none()
        {
            attrs.push(("id".into(), Attr::Text(id)));
        }
        attrs
    }

    /// `as_widget()` (`{{ field }}`): the widget rendered through its
    /// template with the field's attributes.
    pub fn as_widget(&self) -> String {
        self.field()
            .widget
            .render(&self.html_name(), &self.value(), &self.widget_attrs())
    }

    /// `as_hidden()`: the value as `<input type="hidden">`.
    pub fn as_hidden(&self) -> String {
        let mut attrs = Attrs::new();
        if let Some(id) = self.auto_id() {
            attrs.push(("id".into(), Attr::Text(id)));
        }
        super::widgets::HiddenInput().render(&self.html_name(), &self.value(), &attrs)
    }

    /// `as_field_group()`: label, help text, errors and widget through
    /// `django/forms/field.html`.
    pub fn as_field_group(&self) -> String {
        let object = Value::Object(Arc::new(BoundFieldObject::new(
            Arc::new(self.form.clone()),
            self.name(),
        )));
        self.as_field_group_with(object)
    }

    pub(crate) fn as_field_group_with(&self, field: Value) -> String {
        let mut context = Context::new();
        context.insert_value("field", field);
        let template = self.field().template_name.as_deref().unwrap_or(FIELD_TEMPLATE_NAME);
        renderers::render_or_log(template, &context)
    }
}
