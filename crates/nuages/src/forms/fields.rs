//! Form fields, as `django.forms.fields`: each turns the submitted text
//! into a typed [`FormValue`] (`to_python`), checks it (`validate`,
//! validators) and reports Django's messages.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use regex::Regex;

use crate::core::validators::{
    self as v, DecimalTuple, DecimalValidator, EmailValidator, MaxLengthValidator, MaxValueValidator,
    MinLengthValidator, MinValueValidator, ProhibitNullCharactersValidator, RegexValidator, StepValueValidator,
    URLValidator, ValidationError, Validator,
};

use super::value::{FormValue, RawValue};
use super::widgets::{self, Attr, Attrs, Widget, WidgetKind};

/// `DATE_INPUT_FORMATS` (Django's defaults).
pub const DATE_INPUT_FORMATS: &[&str] = &[
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%b %d %Y",
    "%b %d, %Y",
    "%d %b %Y",
    "%d %b, %Y",
    "%B %d %Y",
    "%B %d, %Y",
    "%d %B %Y",
    "%d %B, %Y",
];
/// `TIME_INPUT_FORMATS`.
pub const TIME_INPUT_FORMATS: &[&str] = &["%H:%M:%S", "%H:%M:%S%.f", "%H:%M"];
/// `DATETIME_INPUT_FORMATS`.
pub const DATETIME_INPUT_FORMATS: &[&str] = &[
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M:%S%.f",
    "%m/%d/%Y %H:%M",
    "%m/%d/%y %H:%M:%S",
    "%m/%d/%y %H:%M:%S%.f",
    "%m/%d/%y %H:%M",
];

/// `coerce` of a `TypedChoiceField`.
pub type Coerce = Arc<dyn Fn(&str) -> Option<FormValue> + Send + Sync>;

/// What kind of field, with its own options.
#[derive(Clone)]
pub enum FieldKind {
    /// `CharField(max_length, min_length, strip, empty_value)`.
    Char,
    /// `EmailField`.
    Email,
    /// `URLField` (a scheme-less value gets `http://`).
    URL,
    /// `SlugField(allow_unicode)`.
    Slug {
        /// Accept Unicode letters.
        allow_unicode: bool,
    },
    /// `RegexField(regex)`.
    Regex(Regex),
    /// `IntegerField(max_value, min_value, step_size)`.
    Integer,
    /// `FloatField`.
    Float,
    /// `DecimalField(max_digits, decimal_places)`.
    Decimal {
        /// Maximum digits.
        max_digits: Option<u32>,
        /// Maximum decimal places.
        decimal_places: Option<u32>,
    },
    /// `BooleanField`.
    Boolean,
    /// `NullBooleanField`.
    NullBoolean,
    /// `DateField`.
    Date,
    /// `DateTimeField`.
    DateTime,
    /// `TimeField`.
    Time,
    /// `ChoiceField(choices)`.
    Choice,
    /// `TypedChoiceField(coerce, empty_value)`.
    TypedChoice(Coerce),
    /// `MultipleChoiceField`.
    MultipleChoice,
    /// `UUIDField`.
    UUID,
    /// `GenericIPAddressField(protocol, unpack_ipv4)`.
    GenericIPAddress {
        /// `"both"`, `"ipv4"` or `"ipv6"`.
        protocol: &'static str,
        /// Return IPv4-mapped IPv6 addresses as IPv4.
        unpack_ipv4: bool,
    },
}

/// A text validator attached to a field (`validators=[...]`).
pub type FieldValidator = Arc<dyn Validator<str>>;

/// A form field: its kind and the options every Django field takes.
#[derive(Clone)]
pub struct Field {
    /// The kind.
    pub kind: FieldKind,
    /// `required` (default true).
    pub required: bool,
    /// `label` (default: the name, prettified).
    pub label: Option<String>,
    /// `initial`.
    pub initial: Option<FormValue>,
    /// `help_text`.
    pub help_text: String,
    /// `widget`.
    pub widget: Widget,
    /// Extra `validators`.
    pub validators: Vec<FieldValidator>,
    /// `error_messages` overriding Django's defaults by code.
    pub error_messages: HashMap<String, String>,
    /// `disabled`: the submitted value is ignored, `initial` is used.
    pub disabled: bool,
    /// `max_length` / `min_length` (text fields).
    pub max_length: Option<usize>,
    /// See `max_length`.
    pub min_length: Option<usize>,
    /// `max_value` / `min_value` / `step_size` (number fields).
    pub max_value: Option<f64>,
    /// See `max_value`.
    pub min_value: Option<f64>,
    /// See `max_value`.
    pub step_size: Option<f64>,
    /// `strip` (text fields, default true).
    pub strip: bool,
    /// `choices` for choice fields.
    pub choices: Vec<(String, String)>,
    /// `template_name` of the field group (`as_field_group`); default
    /// `django/forms/field.html`.
    pub template_name: Option<String>,
}

impl fmt::Debug for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Field")
            .field("required", &self.required)
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

macro_rules! field_ctor {
    ($($name:ident => $kind:expr, $widget:ident;)+) => {$(
        #[doc = concat!("Django's `forms.", stringify!($name), "()`.")]
        #[allow(non_snake_case)]
        pub fn $name() -> Field {
            Field::new($kind, Widget::new(WidgetKind::$widget))
        }
    )+};
}

field_ctor! {
    CharField => FieldKind::Char, TextInput;
    URLField => FieldKind::URL, URLInput;
    IntegerField => FieldKind::Integer, NumberInput;
    FloatField => FieldKind::Float, NumberInput;
    BooleanField => FieldKind::Boolean, CheckboxInput;
    NullBooleanField => FieldKind::NullBoolean, NullBooleanSelect;
    DateField => FieldKind::Date, DateInput;
    DateTimeField => FieldKind::DateTime, DateTimeInput;
    TimeField => FieldKind::Time, TimeInput;
    ChoiceField => FieldKind::Choice, Select;
    MultipleChoiceField => FieldKind::MultipleChoice, SelectMultiple;
    UUIDField => FieldKind::UUID, TextInput;
}

/// `forms.EmailField()`: `max_length` 320 by default, as Django.
#[allow(non_snake_case)]
pub fn EmailField() -> Field {
    Field::new(FieldKind::Email, widgets::EmailInput()).max_length(320)
}

/// `forms.SlugField(allow_unicode=...)`.
#[allow(non_snake_case)]
pub fn SlugField(allow_unicode: bool) -> Field {
    Field::new(FieldKind::Slug { allow_unicode }, widgets::TextInput())
}

/// `forms.RegexField(regex)`.
#[allow(non_snake_case)]
pub fn RegexField(regex: Regex) -> Field {
    Field::new(FieldKind::Regex(regex), widgets::TextInput())
}

/// `forms.DecimalField(max_digits=..., decimal_places=...)`.
#[allow(non_snake_case)]
pub fn DecimalField(max_digits: Option<u32>, decimal_places: Option<u32>) -> Field {
    Field::new(
        FieldKind::Decimal {
            max_digits,
            decimal_places,
        },
        widgets::NumberInput(),
    )
}

/// `forms.TypedChoiceField(coerce=...)`: `coerce` returns `None` when the
/// choice cannot be converted ("Select a valid choice...").
#[allow(non_snake_case)]
pub fn TypedChoiceField(coerce: impl Fn(&str) -> Option<FormValue> + Send + Sync + 'static) -> Field {
    Field::new(FieldKind::TypedChoice(Arc::new(coerce)), widgets::Select())
}

/// `forms.GenericIPAddressField(protocol="both", unpack_ipv4=False)`.
#[allow(non_snake_case)]
pub fn GenericIPAddressField(protocol: &'static str, unpack_ipv4: bool) -> Field {
    Field::new(
        FieldKind::GenericIPAddress { protocol, unpack_ipv4 },
        widgets::TextInput(),
    )
}

/// Python's `strptime`: `%Y` takes exactly four digits (chrono takes
/// fewer), so "10/25/06" falls through to `%y`.
fn strict_year(input: &str, format: &str, year: i32) -> bool {
    !format.contains("%Y") || year >= 1000 || input.contains(&format!("{year:04}"))
}

fn parse_date(input: &str, format: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(input, format)
        .ok()
        .filter(|d| strict_year(input, format, chrono::Datelike::year(d)))
}

fn parse_datetime(input: &str, format: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(input, format)
        .ok()
        .filter(|d| strict_year(input, format, chrono::Datelike::year(d)))
}

fn err(message: impl Into<String>, code: &str) -> ValidationError {
    ValidationError::new(message, code)
}

fn py_str_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

impl Field {
    /// A field of `kind` with `widget` and Django's defaults.
    pub fn new(kind: FieldKind, widget: Widget) -> Self {
        Self {
            kind,
            required: true,
            label: None,
            initial: None,
            help_text: String::new(),
            widget,
            validators: Vec::new(),
            error_messages: HashMap::new(),
            disabled: false,
            max_length: None,
            min_length: None,
            max_value: None,
            min_value: None,
            step_size: None,
            strip: true,
            choices: Vec::new(),
            template_name: None,
        }
    }

    /// `required=...`.
    pub fn required(mut self, required: bool) -> Self {
        self.required = required;
        self
    }

    /// `label=...`.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// `initial=...`.
    pub fn initial(mut self, initial: impl Into<FormValue>) -> Self {
        self.initial = Some(initial.into());
        self
    }

    /// `help_text=...`.
    pub fn help_text(mut self, text: impl Into<String>) -> Self {
        self.help_text = text.into();
        self
    }

    /// `widget=...` (choices are carried over to choice widgets).
    pub fn widget(mut self, mut widget: Widget) -> Self {
        if !self.choices.is_empty() {
            widget.choices = self.choices.clone();
        }
        self.widget = widget;
        self
    }

    /// Add a validator (`validators=[...]`).
    pub fn validator(mut self, validator: impl Validator<str> + 'static) -> Self {
        self.validators.push(Arc::new(validator));
        self
    }

    /// Override a message by code (`error_messages={"required": ...}`).
    pub fn error_message(mut self, code: &str, message: impl Into<String>) -> Self {
        self.error_messages.insert(code.to_owned(), message.into());
        self
    }

    /// `disabled=...`.
    pub fn disabled(mut self, disabled: bool) -> Self {
        self.disabled = disabled;
        self
    }

    /// `max_length=...` (renders `maxlength`).
    pub fn max_length(mut self, n: usize) -> Self {
        self.max_length = Some(n);
        self
    }

    /// `min_length=...` (renders `minlength`).
    pub fn min_length(mut self, n: usize) -> Self {
        self.min_length = Some(n);
        self
    }

    /// `max_value=...` (renders `max`).
    pub fn max_value(mut self, n: f64) -> Self {
        self.max_value = Some(n);
        self
    }

    /// `min_value=...` (renders `min`).
    pub fn min_value(mut self, n: f64) -> Self {
        self.min_value = Some(n);
        self
    }

    /// `step_size=...` (renders `step`).
    pub fn step_size(mut self, n: f64) -> Self {
        self.step_size = Some(n);
        self
    }

    /// `strip=...`.
    pub fn strip(mut self, strip: bool) -> Self {
        self.strip = strip;
        self
    }

    /// `choices=[(value, label), ...]`.
    pub fn choices<V: Into<String>, L: Into<String>>(mut self, choices: impl IntoIterator<Item = (V, L)>) -> Self {
        self.choices = choices.into_iter().map(|(v, l)| (v.into(), l.into())).collect();
        self.widget.choices = self.choices.clone();
        self
    }

    /// `widget_attrs(widget)`: the HTML attributes this field adds to its
    /// widget (`maxlength`/`minlength`; `min`/`max`/`step` on number
    /// inputs, `step="any"` for floats and free decimals).
    pub fn widget_attrs(&self) -> Attrs {
        let mut attrs = Attrs::new();
        let text = |s: String| Attr::Text(s);
        if !self.widget.is_hidden() {
            if let Some(n) = self.max_length {
                attrs.push(("maxlength".into(), text(n.to_string())));
            }
            if let Some(n) = self.min_length {
                attrs.push(("minlength".into(), text(n.to_string())));
            }
        }
        if self.widget.kind == WidgetKind::NumberInput {
            if let Some(n) = self.min_value {
                attrs.push(("min".into(), text(num_text(n))));
            }
            if let Some(n) = self.max_value {
                attrs.push(("max".into(), text(num_text(n))));
            }
            let default_step = match &self.kind {
                FieldKind::Float => Some("any".to_owned()),
                FieldKind::Decimal {
                    decimal_places: None, ..
                } => Some("any".to_owned()),
                FieldKind::Decimal {
                    decimal_places: Some(0),
                    ..
                } => Some("1".to_owned()),
                // str(Decimal(1).scaleb(-places)).lower()
                FieldKind::Decimal {
                    decimal_places: Some(p),
                    ..
                } if *p > 6 => Some(format!("1e-{p}")),
                FieldKind::Decimal {
                    decimal_places: Some(p),
                    ..
                } => Some(format!("0.{}1", "0".repeat(*p as usize - 1))),
                _ => None,
            };
            if let Some(step) = self.step_size.map(num_text).or(default_step)
                && widgets::get_attr(&self.widget.attrs, "step").is_none()
            {
                attrs.push(("step".into(), text(step)));
            }
        }
        attrs
    }

    /// The message for `code`: the override, or Django's default.
    fn message(&self, code: &str, default: &str) -> String {
        self.error_messages
            .get(code)
            .cloned()
            .unwrap_or_else(|| default.to_owned())
    }

    fn error(&self, code: &str, default: &str) -> ValidationError {
        err(self.message(code, default), code)
    }

    /// Rewrite a validator's error with this field's `error_messages`.
    fn relabel(&self, e: ValidationError) -> ValidationError {
        ValidationError {
            errors: e
                .errors
                .into_iter()
                .map(|(m, c)| (self.error_messages.get(&c).cloned().unwrap_or(m), c))
                .collect(),
        }
    }

    /// `field.clean(value)`: `to_python`, `validate`, `run_validators`.
    pub fn clean(&self, raw: &RawValue) -> Result<FormValue, ValidationError> {
        let value = self.to_python(raw)?;
        self.validate(raw, &value)?;
        self.run_validators(&value)?;
        Ok(value)
    }

    fn to_python(&self, raw: &RawValue) -> Result<FormValue, ValidationError> {
        let text = || {
            let s = raw.as_str();
            if self.strip {
                py_str_trim(s).to_owned()
            } else {
                s.to_owned()
            }
        };
        Ok(match &self.kind {
            FieldKind::Char
            | FieldKind::Email
            | FieldKind::Slug { .. }
            | FieldKind::Regex(_)
            | FieldKind::Choice
            | FieldKind::TypedChoice(_) => FormValue::Str(text()),
            FieldKind::URL => {
                let s = text();
                if s.is_empty() || s.contains("://") {
                    FormValue::Str(s)
                } else {
                    FormValue::Str(format!("http://{s}"))
                }
            }
            FieldKind::GenericIPAddress { unpack_ipv4, .. } => {
                let s = text();
                if s.contains(':') {
                    let message = self.message("invalid", "Enter a valid IPv4 or IPv6 address.");
                    FormValue::Str(v::clean_ipv6_address(&s, *unpack_ipv4).map_err(|_| err(message, "invalid"))?)
                } else {
                    FormValue::Str(s)
                }
            }
            FieldKind::Integer => {
                let s = text();
                if s.is_empty() {
                    return Ok(FormValue::None);
                }
                // Django drops a trailing `.0*` ("1.0" is 1) before int().
                let body = match s.rfind('.') {
                    Some(i) if s[i + 1..].bytes().all(|b| b == b'0') => &s[..i],
                    _ => s.as_str(),
                };
                match body.parse::<i64>() {
                    Ok(i) => FormValue::Int(i),
                    Err(_) => return Err(self.error("invalid", "Enter a whole number.")),
                }
            }
            FieldKind::Float => {
                let s = text();
                if s.is_empty() {
                    return Ok(FormValue::None);
                }
                match s.parse::<f64>() {
                    Ok(f) if f.is_finite() => FormValue::Float(f),
                    _ => return Err(self.error("invalid", "Enter a number.")),
                }
            }
            FieldKind::Decimal { .. } => {
                let s = text();
                if s.is_empty() {
                    return Ok(FormValue::None);
                }
                match DecimalTuple::parse(&s) {
                    Some(DecimalTuple::Finite { .. }) => FormValue::Decimal(s),
                    _ => return Err(self.error("invalid", "Enter a number.")),
                }
            }
            FieldKind::Boolean => FormValue::Bool(match raw {
                RawValue::Bool(b) => *b,
                RawValue::Str(s) => !(s.is_empty() || s.eq_ignore_ascii_case("false") || s == "0"),
                RawValue::List(l) => !l.is_empty(),
                RawValue::Missing => false,
            }),
            FieldKind::NullBoolean => FormValue::NullBool(match raw {
                RawValue::Bool(b) => Some(*b),
                RawValue::Str(s) => match s.as_str() {
                    "True" | "true" | "1" => Some(true),
                    "False" | "false" | "0" => Some(false),
                    _ => None,
                },
                _ => None,
            }),
            FieldKind::Date => {
                let s = text();
                if s.is_empty() {
                    return Ok(FormValue::None);
                }
                match DATE_INPUT_FORMATS.iter().find_map(|f| parse_date(&s, f)) {
                    Some(d) => FormValue::Date(d),
                    None => return Err(self.error("invalid", "Enter a valid date.")),
                }
            }
            FieldKind::Time => {
                let s = text();
                if s.is_empty() {
                    return Ok(FormValue::None);
                }
                match TIME_INPUT_FORMATS
                    .iter()
                    .find_map(|f| NaiveTime::parse_from_str(&s, f).ok())
                {
                    Some(t) => FormValue::Time(t),
                    None => return Err(self.error("invalid", "Enter a valid time.")),
                }
            }
            FieldKind::DateTime => {
                let s = text();
                if s.is_empty() {
                    return Ok(FormValue::None);
                }
                let iso = s.replacen('T', " ", 1);
                let parsed = DATETIME_INPUT_FORMATS
                    .iter()
                    .find_map(|f| parse_datetime(&iso, f))
                    .or_else(|| {
                        DATE_INPUT_FORMATS
                            .iter()
                            .find_map(|f| parse_date(&s, f))
                            .and_then(|d| d.and_hms_opt(0, 0, 0))
                    });
                match parsed {
                    Some(d) => FormValue::DateTime(d),
                    None => return Err(self.error("invalid", "Enter a valid date/time.")),
                }
            }
            FieldKind::MultipleChoice => match raw {
                RawValue::Missing => FormValue::List(Vec::new()),
                RawValue::List(l) => FormValue::List(l.clone()),
                _ => return Err(self.error("invalid_list", "Enter a list of values.")),
            },
            FieldKind::UUID => {
                let s = text();
                if s.is_empty() {
                    return Ok(FormValue::None);
                }
                match uuid::Uuid::parse_str(&s) {
                    Ok(u) => FormValue::Uuid(u),
                    Err(_) => return Err(self.error("invalid", "Enter a valid UUID.")),
                }
            }
        })
    }

    fn is_empty(value: &FormValue) -> bool {
        match value {
            FormValue::None | FormValue::NullBool(None) => true,
            FormValue::Str(s) | FormValue::Decimal(s) => s.is_empty(),
            FormValue::List(l) => l.is_empty(),
            _ => false,
        }
    }

    fn valid_choice(&self, value: &str) -> bool {
        self.choices.iter().any(|(v, _)| v == value)
    }

    fn invalid_choice(&self, value: &str) -> ValidationError {
        let default = format!("Select a valid choice. {value} is not one of the available choices.");
        match self.error_messages.get("invalid_choice") {
            Some(m) => err(m.replace("%(value)s", value), "invalid_choice"),
            None => err(default, "invalid_choice"),
        }
    }

    fn validate(&self, raw: &RawValue, value: &FormValue) -> Result<(), ValidationError> {
        let required = || self.error("required", "This field is required.");
        match (&self.kind, value) {
            (FieldKind::Boolean, FormValue::Bool(false)) if self.required => return Err(required()),
            (FieldKind::NullBoolean, _) => return Ok(()),
            _ => {}
        }
        if self.required && Self::is_empty(value) {
            return Err(required());
        }
        match (&self.kind, value) {
            (FieldKind::Choice, FormValue::Str(s)) if !s.is_empty() && !self.valid_choice(s) => {
                Err(self.invalid_choice(s))
            }
            (FieldKind::TypedChoice(_), FormValue::Str(s)) if !s.is_empty() && !self.valid_choice(s) => {
                Err(self.invalid_choice(s))
            }
            (FieldKind::MultipleChoice, FormValue::List(l)) => match l.iter().find(|v| !self.valid_choice(v)) {
                Some(bad) => Err(self.invalid_choice(bad)),
                None => Ok(()),
            },
            _ => {
                let _ = raw;
                Ok(())
            }
        }
    }

    /// The validators Django attaches by kind (length, value, email, ...)
    /// followed by the user's.
    fn run_validators(&self, value: &FormValue) -> Result<(), ValidationError> {
        if Self::is_empty(value) {
            return Ok(());
        }
        let mut errors: Option<ValidationError> = None;
        let mut push = |r: Result<(), ValidationError>| {
            if let Err(e) = r {
                let e = self.relabel(e);
                match &mut errors {
                    Some(all) => all.extend(e),
                    None => errors = Some(e),
                }
            }
        };
        match value {
            FormValue::Str(s) => {
                if let Some(n) = self.max_length {
                    push(MaxLengthValidator(n).validate(s));
                }
                if let Some(n) = self.min_length {
                    push(MinLengthValidator(n).validate(s));
                }
                if !matches!(self.kind, FieldKind::GenericIPAddress { .. }) {
                    push(ProhibitNullCharactersValidator.validate(s));
                }
                match &self.kind {
                    FieldKind::Email => push(EmailValidator::default().validate(s)),
                    FieldKind::URL => push(URLValidator::default().validate(s)),
                    FieldKind::Slug { allow_unicode: false } => push(v::validate_slug(s)),
                    FieldKind::Slug { allow_unicode: true } => push(v::validate_unicode_slug(s)),
                    FieldKind::Regex(re) => push(RegexValidator::from_regex(re.clone()).validate(s)),
                    FieldKind::GenericIPAddress { protocol, .. } => push(match *protocol {
                        "ipv4" => v::validate_ipv4_address(s),
                        "ipv6" => v::validate_ipv6_address(s),
                        _ => v::validate_ipv46_address(s),
                    }),
                    _ => {}
                }
                for validator in &self.validators {
                    push(validator.validate(s));
                }
            }
            FormValue::Int(_) | FormValue::Float(_) | FormValue::Decimal(_) => {
                let number = match value {
                    FormValue::Int(i) => *i as f64,
                    FormValue::Float(f) => *f,
                    FormValue::Decimal(s) => s.parse::<f64>().unwrap_or(0.0),
                    _ => 0.0,
                };
                let shown = |n: f64| Limit(n, matches!(self.kind, FieldKind::Integer));
                if let Some(max) = self.max_value {
                    push(MaxValueValidator(shown(max)).validate(&shown(number)));
                }
                if let Some(min) = self.min_value {
                    push(MinValueValidator(shown(min)).validate(&shown(number)));
                }
                if let Some(step) = self.step_size {
                    push(
                        StepValueValidator {
                            limit_value: step,
                            offset: self.min_value,
                            integral: matches!(self.kind, FieldKind::Integer),
                        }
                        .validate(&number),
                    );
                }
                if let (
                    FieldKind::Decimal {
                        max_digits,
                        decimal_places,
                    },
                    FormValue::Decimal(s),
                ) = (&self.kind, value)
                {
                    push(
                        DecimalValidator {
                            max_digits: *max_digits,
                            decimal_places: *decimal_places,
                        }
                        .validate(s),
                    );
                }
                let text = value.to_text().unwrap_or_default();
                for validator in &self.validators {
                    push(validator.validate(&text));
                }
            }
            other => {
                let text = other.to_text().unwrap_or_default();
                for validator in &self.validators {
                    push(validator.validate(&text));
                }
            }
        }
        match errors {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// The coerced value of a `TypedChoiceField` (after validation).
    pub(crate) fn coerce(&self, value: FormValue) -> Result<FormValue, ValidationError> {
        match (&self.kind, &value) {
            (FieldKind::TypedChoice(coerce), FormValue::Str(s)) if !s.is_empty() => {
                coerce(s).ok_or_else(|| self.invalid_choice(s))
            }
            _ => Ok(value),
        }
    }

    /// The text a widget shows for an initial value (`prepare_value`).
    pub fn prepare_value(&self, value: &FormValue) -> RawValue {
        match (&self.kind, value) {
            (FieldKind::Boolean, FormValue::Bool(b)) => RawValue::Bool(*b),
            (FieldKind::NullBoolean, FormValue::NullBool(Some(b)) | FormValue::Bool(b)) => {
                RawValue::Str(if *b { "true" } else { "false" }.to_owned())
            }
            (FieldKind::NullBoolean, _) => RawValue::Str("unknown".to_owned()),
            (_, FormValue::List(l)) => RawValue::List(l.clone()),
            (_, v) => v.to_text().map_or(RawValue::Missing, RawValue::Str),
        }
    }
}

/// A number limit printed as Python prints the field's type (`5` for
/// integer fields, `5.0` for floats).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct Limit(f64, bool);

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.1 {
            write!(f, "{}", self.0 as i64)
        } else {
            f.write_str(&num_text(self.0))
        }
    }
}

fn num_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e16 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}
