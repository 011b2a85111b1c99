//! Derive macros for Nuages.
//!
//! `#[derive(Model)]` mirrors what Django's `ModelBase` metaclass does for a
//! `class Question(models.Model)`: it reads the struct's fields and their
//! `#[field(...)]` options, and generates the model's metadata (Django's
//! `_meta`), row decoding, value extraction, and one typed field constant
//! per field (`Question::PUB_DATE`) for typed lookups.
//!
//! The generated code names the ORM through the path the calling crate can
//! see: `::nuages::db` when it depends on `nuages`, `::nuages_db` when it
//! depends on `nuages-db` directly.

mod attrs;
mod crate_path;
mod form;
mod model;

use proc_macro::TokenStream;

/// Derive `Model` (Django's `models.Model`) for a struct with named fields.
///
/// Struct options, `#[model(...)]`: `app_label = "polls"` (required),
/// `db_table = "..."`, `ordering = ["-pub_date", "id"]`,
/// `verbose_name = "..."`, `verbose_name_plural = "..."`.
///
/// Field options, `#[field(...)]`: `max_length = N` (CharField), `text`
/// (TextField), `null`, `blank`, `default = <expr>`, `unique`, `db_index`,
/// `db_column = "..."`, `verbose_name = "..."`, `help_text = "..."`,
/// `primary_key`, and for `ForeignKey<T>`: `on_delete = Cascade|Protect|Restrict|SetNull|SetDefault|DoNothing`,
/// `related_name = "..."`, `related_query_name = "..."`.
///
/// A field `ManyToMany<T>` is a `ManyToManyField`: it has no column; its
/// options are `related_name`, `related_query_name`, `blank`,
/// `verbose_name`, `help_text`, `db_table = "..."` (the intermediary
/// table) and `through = Model` (an explicit intermediary model). The
/// derive adds the manager method `instance.<field>()` and, on the target,
/// the reverse accessor `<related_name or model_set>()` through a trait
/// named `<Model><Field>Reverse` (as for a foreign key's reverse side).
///
/// A field `id: i64` is the primary key (Django's implicit `BigAutoField`).
#[proc_macro_derive(Model, attributes(model, field))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    model::expand(input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Derive `DeclarativeForm` (a Django `forms.Form` class) for a struct of
/// typed values: `Type::form()` builds the [`Form`] (one form field per
/// struct field, chosen by type or `#[field(kind = EmailField)]`; other
/// `#[field(option = value)]` entries call the field builder, e.g.
/// `max_length = 100`, `label = "..."`, `help_text = "..."`, `widget = ...`;
/// `Option<T>` fields are not required), and `Type::from_form(&form)`
/// reads a valid form's `cleaned_data` back into the struct.
#[proc_macro_derive(Form, attributes(field))]
pub fn derive_form(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    form::expand(input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
