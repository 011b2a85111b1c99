//! Forms, as `django.forms`: declared [`fields`] with [`widgets`], bound to
//! submitted data, cleaned into typed values with Django's error
//! messages, and rendered as Django 5.2 does (`as_div` by default, `as_p`,
//! `as_table`, `as_ul`), also from templates (`{{ form }}`). Rendering goes
//! through templates named as Django's (`django/forms/div.html`,
//! `django/forms/widgets/select.html`, ...) that a project can override
//! (see [`renderers`]).
//!
//! A form is declared with a builder, field by field, under Django's names:
//!
//! ```
//! use nuages::forms::{Form, fields::{CharField, EmailField, BooleanField}};
//! use nuages::http::QueryDict;
//!
//! fn contact_form() -> Form {
//!     Form::new()
//!         .field("subject", CharField().max_length(100))
//!         .field("sender", EmailField())
//!         .field("cc_myself", BooleanField().required(false))
//! }
//!
//! let mut form = contact_form().bind(QueryDict::parse("subject=Hi&sender=a%40b.co"));
//! assert!(form.is_valid());
//! assert_eq!(form.cleaned::<bool>("cc_myself"), Some(false));
//! assert!(contact_form().as_div().contains(r#"<input type="text" name="subject" maxlength="100" required id="id_subject">"#));
//! ```
//!
//! [`models::ModelForm`] builds a form from a model's metadata and saves it;
//! [`formsets::formset_factory`] repeats a form with a management form.
//!
//! Missing: model and inline formsets, `FileField`/`ImageField`,
//! `JSONField` and `DurationField`.

mod boundfield;
pub mod errors;
pub mod fields;
mod form;
pub mod formsets;
pub mod models;
pub mod renderers;
mod template;
pub mod value;
pub mod widgets;

pub use crate::core::validators::ValidationError;
pub use boundfield::BoundField;
pub use errors::{ErrorDict, ErrorList, NON_FIELD_ERRORS};
pub use fields::Field;
pub use form::{FieldHook, Form, FormHook, pretty_name};
pub use template::{BoundFieldObject, FormObject};
pub use value::{FormValue, FromFormValue, RawValue};
pub use widgets::Widget;

/// A form declared by a struct (`#[derive(Form)]`): the struct's fields
/// are the form's, and a valid form's `cleaned_data` reads back into it.
///
/// ```
/// use nuages::forms::{DeclarativeForm, Form};
/// use nuages::http::QueryDict;
///
/// #[derive(Form, Debug, PartialEq)]
/// struct Contact {
///     #[field(max_length = 100)]
///     subject: String,
///     #[field(kind = EmailField, label = "Your e-mail")]
///     sender: String,
///     #[field(min_value = 0)]
///     age: Option<i64>,
///     cc_myself: Option<bool>,
/// }
///
/// let mut form = Contact::form().bind(QueryDict::parse("subject=Hi&sender=a%40b.co&cc_myself=true"));
/// assert!(form.is_valid());
/// let contact = Contact::from_form(&form).expect("a valid form");
/// assert_eq!(contact, Contact { subject: "Hi".into(), sender: "a@b.co".into(), age: None, cc_myself: Some(true) });
/// assert!(Contact::form().as_div().contains("Your e-mail:"));
/// ```
pub trait DeclarativeForm: Sized {
    /// The declared form, unbound.
    fn form() -> Form;

    /// The struct from a valid form's `cleaned_data` (`None` when a
    /// required value is missing, i.e. the form was not valid).
    fn from_form(form: &Form) -> Option<Self>;
}

pub use nuages_macros::Form;
