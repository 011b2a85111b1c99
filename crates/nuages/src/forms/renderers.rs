//! Form renderers (Django's `django/forms/renderers.py`): forms, fields,
//! labels, error lists and widgets render through templates named as
//! Django's (`django/forms/div.html`, `django/forms/widgets/input.html`,
//! ...), looked up through the project's template engine.
//!
//! Nuages ships those templates as the engine's last loader, so a project
//! overrides any of them by putting a file of the same name in a template
//! directory (`templates/django/forms/widgets/select.html`): Django's
//! `TemplatesSetting` renderer with `django.forms` last in
//! `INSTALLED_APPS`. As Django's renderers do, the output is stripped of
//! leading and trailing whitespace.

use crate::template::{Context, TemplateError};

/// Default form template (`FORM_RENDERER.form_template_name`).
pub const FORM_TEMPLATE_NAME: &str = "django/forms/div.html";
/// Default formset template (`formset_template_name`).
pub const FORMSET_TEMPLATE_NAME: &str = "django/forms/formsets/div.html";
/// Default field group template (`field_template_name`).
pub const FIELD_TEMPLATE_NAME: &str = "django/forms/field.html";

/// The form templates Nuages ships: `(name, source)`.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "django/forms/attrs.html",
        include_str!("templates/django/forms/attrs.html"),
    ),
    ("django/forms/div.html", include_str!("templates/django/forms/div.html")),
    (
        "django/forms/errors/dict/default.html",
        include_str!("templates/django/forms/errors/dict/default.html"),
    ),
    (
        "django/forms/errors/dict/text.txt",
        include_str!("templates/django/forms/errors/dict/text.txt"),
    ),
    (
        "django/forms/errors/dict/ul.html",
        include_str!("templates/django/forms/errors/dict/ul.html"),
    ),
    (
        "django/forms/errors/list/default.html",
        include_str!("templates/django/forms/errors/list/default.html"),
    ),
    (
        "django/forms/errors/list/text.txt",
        include_str!("templates/django/forms/errors/list/text.txt"),
    ),
    (
        "django/forms/errors/list/ul.html",
        include_str!("templates/django/forms/errors/list/ul.html"),
    ),
    (
        "django/forms/field.html",
        include_str!("templates/django/forms/field.html"),
    ),
    (
        "django/forms/formsets/div.html",
        include_str!("templates/django/forms/formsets/div.html"),
    ),
    (
        "django/forms/formsets/p.html",
        include_str!("templates/django/forms/formsets/p.html"),
    ),
    (
        "django/forms/formsets/table.html",
        include_str!("templates/django/forms/formsets/table.html"),
    ),
    (
        "django/forms/formsets/ul.html",
        include_str!("templates/django/forms/formsets/ul.html"),
    ),
    (
        "django/forms/label.html",
        include_str!("templates/django/forms/label.html"),
    ),
    ("django/forms/p.html", include_str!("templates/django/forms/p.html")),
    (
        "django/forms/table.html",
        include_str!("templates/django/forms/table.html"),
    ),
    ("django/forms/ul.html", include_str!("templates/django/forms/ul.html")),
    (
        "django/forms/widgets/attrs.html",
        include_str!("templates/django/forms/widgets/attrs.html"),
    ),
    (
        "django/forms/widgets/checkbox.html",
        include_str!("templates/django/forms/widgets/checkbox.html"),
    ),
    (
        "django/forms/widgets/checkbox_option.html",
        include_str!("templates/django/forms/widgets/checkbox_option.html"),
    ),
    (
        "django/forms/widgets/checkbox_select.html",
        include_str!("templates/django/forms/widgets/checkbox_select.html"),
    ),
    (
        "django/forms/widgets/clearable_file_input.html",
        include_str!("templates/django/forms/widgets/clearable_file_input.html"),
    ),
    (
        "django/forms/widgets/color.html",
        include_str!("templates/django/forms/widgets/color.html"),
    ),
    (
        "django/forms/widgets/date.html",
        include_str!("templates/django/forms/widgets/date.html"),
    ),
    (
        "django/forms/widgets/datetime.html",
        include_str!("templates/django/forms/widgets/datetime.html"),
    ),
    (
        "django/forms/widgets/email.html",
        include_str!("templates/django/forms/widgets/email.html"),
    ),
    (
        "django/forms/widgets/file.html",
        include_str!("templates/django/forms/widgets/file.html"),
    ),
    (
        "django/forms/widgets/hidden.html",
        include_str!("templates/django/forms/widgets/hidden.html"),
    ),
    (
        "django/forms/widgets/input.html",
        include_str!("templates/django/forms/widgets/input.html"),
    ),
    (
        "django/forms/widgets/input_option.html",
        include_str!("templates/django/forms/widgets/input_option.html"),
    ),
    (
        "django/forms/widgets/multiple_hidden.html",
        include_str!("templates/django/forms/widgets/multiple_hidden.html"),
    ),
    (
        "django/forms/widgets/multiple_input.html",
        include_str!("templates/django/forms/widgets/multiple_input.html"),
    ),
    (
        "django/forms/widgets/multiwidget.html",
        include_str!("templates/django/forms/widgets/multiwidget.html"),
    ),
    (
        "django/forms/widgets/number.html",
        include_str!("templates/django/forms/widgets/number.html"),
    ),
    (
        "django/forms/widgets/password.html",
        include_str!("templates/django/forms/widgets/password.html"),
    ),
    (
        "django/forms/widgets/radio.html",
        include_str!("templates/django/forms/widgets/radio.html"),
    ),
    (
        "django/forms/widgets/radio_option.html",
        include_str!("templates/django/forms/widgets/radio_option.html"),
    ),
    (
        "django/forms/widgets/search.html",
        include_str!("templates/django/forms/widgets/search.html"),
    ),
    (
        "django/forms/widgets/select.html",
        include_str!("templates/django/forms/widgets/select.html"),
    ),
    (
        "django/forms/widgets/select_option.html",
        include_str!("templates/django/forms/widgets/select_option.html"),
    ),
    (
        "django/forms/widgets/tel.html",
        include_str!("templates/django/forms/widgets/tel.html"),
    ),
    (
        "django/forms/widgets/text.html",
        include_str!("templates/django/forms/widgets/text.html"),
    ),
    (
        "django/forms/widgets/textarea.html",
        include_str!("templates/django/forms/widgets/textarea.html"),
    ),
    (
        "django/forms/widgets/time.html",
        include_str!("templates/django/forms/widgets/time.html"),
    ),
    (
        "django/forms/widgets/url.html",
        include_str!("templates/django/forms/widgets/url.html"),
    ),
];

/// Render `template_name` with `context` through the installed template
/// engine (Django's `renderer.render()`), stripped of surrounding
/// whitespace.
///
/// Errors: the template is missing (and not shipped) or fails to render.
pub fn render(template_name: &str, context: &Context) -> Result<String, TemplateError> {
    let backend = crate::template::backend::backend();
    let html = backend.engine().render_to_string(template_name, context)?;
    Ok(html.trim().to_owned())
}

/// [`render`] for places that must return text (`{{ form }}`, `Display`):
/// a failure is logged and rendered as an empty string.
pub(crate) fn render_or_log(template_name: &str, context: &Context) -> String {
    render(template_name, context).unwrap_or_else(|error| {
        tracing::error!(target: "nuages.forms", "rendering {template_name} failed: {error}");
        String::new()
    })
}
