//! Widgets, as `django.forms.widgets`: each renders the HTML Django 5.x
//! writes for it and reads its value back from submitted data.

use std::sync::Arc;

use crate::http::QueryDict;
use crate::template::{Context, Dict, Value};

use super::renderers;
use super::value::RawValue;

/// An HTML attribute value: `True` renders the bare name, `False` omits it.
#[derive(Debug, Clone, PartialEq)]
pub enum Attr {
    /// `name="value"`.
    Text(String),
    /// A boolean attribute (`required`, `checked`, `disabled`).
    Flag(bool),
}

/// Ordered attributes (Python dicts keep insertion order).
pub type Attrs = Vec<(String, Attr)>;

/// Set `name` in `attrs`, keeping its position when present.
pub fn set_attr(attrs: &mut Attrs, name: &str, value: Attr) {
    match attrs.iter_mut().find(|(n, _)| n == name) {
        Some(slot) => slot.1 = value,
        None => attrs.push((name.to_owned(), value)),
    }
}

/// The value of `name`, when it is text.
pub fn get_attr<'a>(attrs: &'a Attrs, name: &str) -> Option<&'a str> {
    attrs.iter().find(|(n, _)| n == name).and_then(|(_, v)| match v {
        Attr::Text(t) => Some(t.as_str()),
        Attr::Flag(_) => None,
    })
}

/// Django's `escape()` (conditional_escape of text).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// `django/forms/widgets/attrs.html`.
pub fn flatatt(attrs: &Attrs) -> String {
    let mut out = String::new();
    for (name, value) in attrs {
        match value {
            Attr::Text(t) => {
                out.push(' ');
                out.push_str(name);
                out.push_str("=\"");
                out.push_str(&escape(t));
                out.push('"');
            }
            Attr::Flag(true) => {
                out.push(' ');
                out.push_str(name);
            }
            Attr::Flag(false) => {}
        }
    }
    out
}

/// The widget classes Django ships (the ones forms use here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WidgetKind {
    /// `<input type="text">`.
    TextInput,
    /// `<textarea>` (cols 40, rows 10).
    Textarea,
    /// `<input type="number">`.
    NumberInput,
    /// `<input type="email">`.
    EmailInput,
    /// `<input type="url">`.
    URLInput,
    /// `<input type="password">`, never re-rendering its value.
    PasswordInput,
    /// `<input type="hidden">`.
    HiddenInput,
    /// `<input type="checkbox">`.
    CheckboxInput,
    /// `<select>`.
    Select,
    /// `<select multiple>`.
    SelectMultiple,
    /// Radio buttons in `<div>`s.
    RadioSelect,
    /// Checkboxes in `<div>`s, several values.
    CheckboxSelectMultiple,
    /// `<input type="text">` for dates.
    DateInput,
    /// `<input type="text">` for date-times.
    DateTimeInput,
    /// `<input type="text">` for times.
    TimeInput,
    /// `NullBooleanSelect`: Unknown / Yes / No.
    NullBooleanSelect,
}

/// A widget with its `attrs` and, for choice widgets, its choices.
#[derive(Debug, Clone, PartialEq)]
pub struct Widget {
    /// Which widget.
    pub kind: WidgetKind,
    /// `widget.attrs`.
    pub attrs: Attrs,
    /// `(value, label)` pairs for choice widgets.
    pub choices: Vec<(String, String)>,
    /// `template_name` override (default: Django's template for the kind).
    pub template_name: Option<String>,
}

macro_rules! widget_ctor {
    ($($name:ident),+) => {$(
        #[doc = concat!("`", stringify!($name), "()`.")]
        #[allow(non_snake_case)]
        pub fn $name() -> Widget {
            Widget::new(WidgetKind::$name)
        }
    )+};
}

widget_ctor!(
    TextInput,
    Textarea,
    NumberInput,
    EmailInput,
    URLInput,
    PasswordInput,
    HiddenInput,
    CheckboxInput,
    Select,
    SelectMultiple,
    RadioSelect,
    CheckboxSelectMultiple,
    DateInput,
    DateTimeInput,
    TimeInput,
    NullBooleanSelect
);

impl Widget {
    /// A widget of `kind` with its default attrs.
    pub fn new(kind: WidgetKind) -> Self {
        let mut attrs = Attrs::new();
        if kind == WidgetKind::Textarea {
            attrs.push(("cols".into(), Attr::Text("40".into())));
            attrs.push(("rows".into(), Attr::Text("10".into())));
        }
        let choices = if kind == WidgetKind::NullBooleanSelect {
            [("unknown", "Unknown"), ("true", "Yes"), ("false", "No")]
                .map(|(v, l)| (v.to_owned(), l.to_owned()))
                .to_vec()
        } else {
            Vec::new()
        };
        Self {
            kind,
            attrs,
            choices,
            template_name: None,
        }
    }

    /// Add an attribute (`attrs={"class": "x"}`).
    pub fn attr(mut self, name: &str, value: &str) -> Self {
        set_attr(&mut self.attrs, name, Attr::Text(value.to_owned()));
        self
    }

    /// Render with `template_name` instead of Django's template.
    pub fn template(mut self, template_name: impl Into<String>) -> Self {
        self.template_name = Some(template_name.into());
        self
    }

    /// `widget.is_hidden`.
    pub fn is_hidden(&self) -> bool {
        self.kind == WidgetKind::HiddenInput
    }

    /// Several values (`allow_multiple_selected`).
    pub fn is_multiple(&self) -> bool {
        matches!(
            self.kind,
            WidgetKind::SelectMultiple | WidgetKind::CheckboxSelectMultiple
        )
    }

    /// `use_fieldset`: radio and checkbox groups render in a fieldset.
    pub fn use_fieldset(&self) -> bool {
        matches!(self.kind, WidgetKind::RadioSelect | WidgetKind::CheckboxSelectMultiple)
    }

    /// `input_type` of `<input>` widgets.
    pub fn input_type(&self) -> Option<&'static str> {
        Some(match self.kind {
            WidgetKind::TextInput | WidgetKind::DateInput | WidgetKind::DateTimeInput | WidgetKind::TimeInput => "text",
            WidgetKind::NumberInput => "number",
            WidgetKind::EmailInput => "email",
            WidgetKind::URLInput => "url",
            WidgetKind::PasswordInput => "password",
            WidgetKind::HiddenInput => "hidden",
            WidgetKind::CheckboxInput => "checkbox",
            _ => return None,
        })
    }

    /// `use_required_attribute(initial)`: hidden widgets never; selects
    /// only when the first choice is empty (multiple selects always);
    /// checkbox groups never.
    pub fn use_required_attribute(&self) -> bool {
        match self.kind {
            WidgetKind::HiddenInput | WidgetKind::CheckboxSelectMultiple => false,
            // `required` is always fine on `<select multiple>`.
            WidgetKind::SelectMultiple => true,
            WidgetKind::Select | WidgetKind::NullBooleanSelect => {
                self.choices.first().is_some_and(|(v, _)| v.is_empty())
            }
            _ => true,
        }
    }

    /// `id_for_label(id)`: radio and checkbox groups label no single input.
    pub fn id_for_label(&self, id: &str) -> String {
        if self.use_fieldset() {
            String::new()
        } else {
            id.to_owned()
        }
    }

    /// `value_from_datadict(data, files, name)`.
    pub fn value_from_datadict(&self, data: &QueryDict, name: &str) -> RawValue {
        match self.kind {
            WidgetKind::CheckboxInput => match data.get(name) {
                None => RawValue::Bool(false),
                Some(v) => match v.to_lowercase().as_str() {
                    "true" => RawValue::Bool(true),
                    "false" => RawValue::Bool(false),
                    _ => RawValue::Bool(!v.is_empty()),
                },
            },
            WidgetKind::NullBooleanSelect => match data.get(name) {
                Some("2" | "True" | "true") => RawValue::Str("true".into()),
                Some("3" | "False" | "false") => RawValue::Str("false".into()),
                _ => RawValue::Missing,
            },
            _ if self.is_multiple() => {
                if data.contains_key(name) {
                    RawValue::List(data.get_list(name).into_iter().map(str::to_owned).collect())
                } else {
                    RawValue::Missing
                }
            }
            _ => data
                .get(name)
                .map_or(RawValue::Missing, |v| RawValue::Str(v.to_owned())),
        }
    }

    /// The template this widget renders with (`template_name`): the
    /// override, or Django's (`django/forms/widgets/text.html`, ...).
    pub fn template_name(&self) -> &str {
        if let Some(name) = &self.template_name {
            return name;
        }
        match self.kind {
            WidgetKind::TextInput => "django/forms/widgets/text.html",
            WidgetKind::Textarea => "django/forms/widgets/textarea.html",
            WidgetKind::NumberInput => "django/forms/widgets/number.html",
            WidgetKind::EmailInput => "django/forms/widgets/email.html",
            WidgetKind::URLInput => "django/forms/widgets/url.html",
            WidgetKind::PasswordInput => "django/forms/widgets/password.html",
            WidgetKind::HiddenInput => "django/forms/widgets/hidden.html",
            WidgetKind::CheckboxInput => "django/forms/widgets/checkbox.html",
            WidgetKind::Select | WidgetKind::SelectMultiple | WidgetKind::NullBooleanSelect => {
                "django/forms/widgets/select.html"
            }
            WidgetKind::RadioSelect => "django/forms/widgets/radio.html",
            WidgetKind::CheckboxSelectMultiple => "django/forms/widgets/checkbox_select.html",
            WidgetKind::DateInput => "django/forms/widgets/date.html",
            WidgetKind::DateTimeInput => "django/forms/widgets/datetime.html",
            WidgetKind::TimeInput => "django/forms/widgets/time.html",
        }
    }

    /// `BoundField.widget_type`: the class name, lower case, without
    /// `Widget`/`Input` (`text`, `checkbox`, `select`, `radioselect`).
    pub fn widget_type(&self) -> String {
        let name = format!("{:?}", self.kind).to_lowercase();
        name.strip_suffix("input")
            .or_else(|| name.strip_suffix("widget"))
            .unwrap_or(&name)
            .to_owned()
    }

    /// `option_template_name` of choice widgets.
    fn option_template_name(&self) -> &'static str {
        match self.kind {
            WidgetKind::RadioSelect => "django/forms/widgets/radio_option.html",
            WidgetKind::CheckboxSelectMultiple => "django/forms/widgets/checkbox_option.html",
            _ => "django/forms/widgets/select_option.html",
        }
    }

    fn is_choice(&self) -> bool {
        matches!(
            self.kind,
            WidgetKind::Select
                | WidgetKind::SelectMultiple
                | WidgetKind::NullBooleanSelect
                | WidgetKind::RadioSelect
                | WidgetKind::CheckboxSelectMultiple
        )
    }

    /// `format_value(value)`: the text an `<input>` shows, `None` for none.
    fn format_value(&self, value: &RawValue) -> Option<String> {
        match (self.kind, value) {
            (WidgetKind::PasswordInput, _) => None,
            (WidgetKind::CheckboxInput, RawValue::Str(s)) if s != "True" && s != "False" && !s.is_empty() => {
                Some(s.clone())
            }
            (WidgetKind::CheckboxInput, _) => None,
            (_, RawValue::Str(s)) if !s.is_empty() => Some(s.clone()),
            _ => None,
        }
    }

    /// `get_context(name, value, attrs)`: the `widget` dictionary the
    /// templates read (`name`, `is_hidden`, `required`, `value`, `attrs`,
    /// `template_name`, `type`, `optgroups`). `extra` are the bound
    /// field's attributes, merged over the widget's (`build_attrs`).
    pub fn get_context(&self, name: &str, value: &RawValue, extra: &Attrs) -> Value {
        let mut attrs = self.attrs.clone();
        for (n, v) in extra {
            set_attr(&mut attrs, n, v.clone());
        }
        let mut widget = Dict::new();
        widget.insert("name", Value::from(name));
        widget.insert("is_hidden", Value::Bool(self.is_hidden()));
        widget.insert(
            "required",
            Value::Bool(matches!(get_attr_flag(&attrs, "required"), Some(true))),
        );
        widget.insert("template_name", Value::from(self.template_name()));
        if let Some(input_type) = self.input_type() {
            widget.insert("type", Value::from(input_type));
        }
        if self.is_choice() {
            let mut selected = selected_values(value);
            if self.kind == WidgetKind::NullBooleanSelect
                && !matches!(selected.first().map(String::as_str), Some("true" | "false"))
            {
                selected = vec!["unknown".to_owned()];
            } else if selected.is_empty() && !self.is_multiple() {
                // `format_value(None)` is `[""]`: the empty choice is selected.
                selected = vec![String::new()];
            }
            widget.insert(
                "value",
                Value::List(Arc::new(selected.iter().map(|v| Value::from(v.as_str())).collect())),
            );
            widget.insert("optgroups", self.optgroups(name, &selected, &attrs));
            if self.kind == WidgetKind::SelectMultiple {
                set_attr(&mut attrs, "multiple", Attr::Flag(true));
            }
        } else {
            if self.kind == WidgetKind::CheckboxInput && checkbox_checked(value) {
                set_attr(&mut attrs, "checked", Attr::Flag(true));
            }
            widget.insert("value", self.format_value(value).map_or(Value::None, Value::from));
        }
        widget.insert("attrs", attrs_value(&attrs));
        let mut context = Dict::new();
        context.insert("widget", Value::Dict(Arc::new(widget)));
        Value::Dict(Arc::new(context))
    }

    /// `optgroups(name, value, attrs)`: `(group name, options, index)`
    /// triples; every choice is its own ungrouped option.
    fn optgroups(&self, name: &str, selected: &[String], attrs: &Attrs) -> Value {
        let inherits = matches!(self.kind, WidgetKind::RadioSelect | WidgetKind::CheckboxSelectMultiple);
        let mut found = false;
        let groups = self
            .choices
            .iter()
            .enumerate()
            .map(|(index, (value, label))| {
                let sel = (self.is_multiple() || !found) && selected.contains(value);
                found |= sel;
                let mut option_attrs = if inherits { attrs.clone() } else { Attrs::new() };
                if sel {
                    let flag = if inherits { "checked" } else { "selected" };
                    set_attr(&mut option_attrs, flag, Attr::Flag(true));
                }
                if let Some(id) = get_attr(&option_attrs, "id").map(str::to_owned) {
                    set_attr(&mut option_attrs, "id", Attr::Text(format!("{id}_{index}")));
                }
                let mut option = Dict::new();
                option.insert("name", Value::from(name));
                option.insert("value", Value::from(value.as_str()));
                option.insert("label", Value::from(label.as_str()));
                option.insert("selected", Value::Bool(sel));
                option.insert("index", Value::Int(index as i64));
                option.insert("attrs", attrs_value(&option_attrs));
                option.insert(
                    "type",
                    match self.kind {
                        WidgetKind::RadioSelect => Value::from("radio"),
                        WidgetKind::CheckboxSelectMultiple => Value::from("checkbox"),
                        _ => Value::None,
                    },
                );
                option.insert("template_name", Value::from(self.option_template_name()));
                option.insert("wrap_label", Value::Bool(true));
                Value::List(Arc::new(vec![
                    Value::None,
                    Value::List(Arc::new(vec![Value::Dict(Arc::new(option))])),
                    Value::Int(index as i64),
                ]))
            })
            .collect();
        Value::List(Arc::new(groups))
    }

    /// `widget.render(name, value, attrs)` through the widget's template;
    /// `extra` are the bound field's attributes (`required`, `id`, ...),
    /// placed after the widget's.
    pub fn render(&self, name: &str, value: &RawValue, extra: &Attrs) -> String {
        let mut context = Context::new();
        if let Value::Dict(dict) = self.get_context(name, value, extra) {
            for (key, value) in dict.iter() {
                context.insert_value(key, value.clone());
            }
        }
        renderers::render_or_log(self.template_name(), &context)
    }
}

fn get_attr_flag(attrs: &Attrs, name: &str) -> Option<bool> {
    attrs.iter().find(|(n, _)| n == name).and_then(|(_, v)| match v {
        Attr::Flag(b) => Some(*b),
        Attr::Text(_) => None,
    })
}

/// `CheckboxInput.check_test`: checked unless False, None or empty.
fn checkbox_checked(value: &RawValue) -> bool {
    match value {
        RawValue::Bool(b) => *b,
        RawValue::Str(s) => !s.is_empty() && s != "False" && s != "false",
        RawValue::List(l) => !l.is_empty(),
        RawValue::Missing => false,
    }
}

/// Attributes as a template dictionary (`True`/`False` for flags).
pub fn attrs_value(attrs: &Attrs) -> Value {
    let mut dict = Dict::new();
    for (name, value) in attrs {
        dict.insert(
            name.as_str(),
            match value {
                Attr::Text(t) => Value::from(t.as_str()),
                Attr::Flag(b) => Value::Bool(*b),
            },
        );
    }
    Value::Dict(Arc::new(dict))
}

fn selected_values(value: &RawValue) -> Vec<String> {
    match value {
        RawValue::Str(s) => vec![s.clone()],
        RawValue::List(l) => l.clone(),
        RawValue::Bool(b) => vec![if *b { "true" } else { "false" }.to_owned()],
        RawValue::Missing => Vec::new(),
    }
}
