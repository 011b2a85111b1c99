//! Parsing of `#[model(...)]` and `#[field(...)]` options.

use syn::parse::Parse;
use syn::{Attribute, Expr, Ident, LitInt, LitStr, Token, bracketed, punctuated::Punctuated};

/// Options of `#[model(...)]` (Django's `class Meta` plus the app label).
#[derive(Default)]
pub(crate) struct ModelAttrs {
    pub(crate) app_label: Option<LitStr>,
    pub(crate) db_table: Option<LitStr>,
    pub(crate) ordering: Vec<LitStr>,
    pub(crate) get_latest_by: Vec<LitStr>,
    pub(crate) verbose_name: Option<LitStr>,
    pub(crate) verbose_name_plural: Option<LitStr>,
}

/// Options of `#[field(...)]` (the keyword arguments of a Django field).
#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub(crate) max_length: Option<LitInt>,
    pub(crate) text: bool,
    pub(crate) null: bool,
    pub(crate) blank: bool,
    pub(crate) default: Option<Expr>,
    pub(crate) unique: bool,
    pub(crate) db_index: Option<bool>,
    pub(crate) db_column: Option<LitStr>,
    pub(crate) verbose_name: Option<LitStr>,
    pub(crate) help_text: Option<LitStr>,
    pub(crate) primary_key: bool,
    pub(crate) on_delete: Option<Ident>,
    pub(crate) related_name: Option<LitStr>,
    pub(crate) kind: Option<Ident>,
    pub(crate) max_digits: Option<LitInt>,
    pub(crate) decimal_places: Option<LitInt>,
    pub(crate) choices: Vec<(Expr, Expr)>,
    pub(crate) db_default: Option<Expr>,
    pub(crate) editable: Option<bool>,
    pub(crate) validators: Vec<syn::Path>,
    pub(crate) auto_now: bool,
    pub(crate) auto_now_add: bool,
    pub(crate) related_query_name: Option<LitStr>,
    /// `through = Model` of a ManyToMany.
    pub(crate) through: Option<syn::Type>,
    /// `db_table = "..."` of a ManyToMany's intermediary table.
    pub(crate) db_table: Option<LitStr>,
}

/// The Django field classes `#[field(kind = ...)]` accepts.
pub(crate) const FIELD_CLASSES: &[&str] = &[
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "URLField",
    "FileField",
    "ImageField",
    "UUIDField",
    "SmallIntegerField",
    "IntegerField",
    "BigIntegerField",
    "PositiveSmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "FloatField",
    "DecimalField",
    "BooleanField",
    "DateField",
    "DateTimeField",
    "TimeField",
    "DurationField",
    "BinaryField",
    "JSONField",
    "GenericIPAddressField",
];

/// `[(value, "label"), ...]`.
fn parse_choices(input: syn::parse::ParseStream<'_>) -> syn::Result<Vec<(Expr, Expr)>> {
    let content;
    bracketed!(content in input);
    let items: Punctuated<syn::ExprTuple, Token![,]> = content.parse_terminated(syn::ExprTuple::parse, Token![,])?;
    items
        .into_iter()
        .map(|t| {
            let mut elems = t.elems.clone().into_iter();
            match (elems.next(), elems.next(), elems.next()) {
                (Some(v), Some(label), None) => Ok((v, label)),
                _ => Err(syn::Error::new_spanned(t, "a choice is a pair: (value, \"label\")")),
            }
        })
        .collect()
}

pub(crate) fn parse_model_attrs(attrs: &[Attribute]) -> syn::Result<ModelAttrs> {
    let mut out = ModelAttrs::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("model")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("app_label") {
                out.app_label = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("db_table") {
                out.db_table = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("verbose_name") {
                out.verbose_name = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("verbose_name_plural") {
                out.verbose_name_plural = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("ordering") {
                let value = meta.value()?;
                let content;
                bracketed!(content in value);
                let items: Punctuated<LitStr, Token![,]> =
                    content.parse_terminated(|p| p.parse::<LitStr>(), Token![,])?;
                out.ordering = items.into_iter().collect();
            } else if meta.path.is_ident("get_latest_by") {
                // `get_latest_by = "pub_date"` or `get_latest_by = ["-priority", "pub_date"]`.
                let value = meta.value()?;
                if value.peek(syn::token::Bracket) {
                    let content;
                    bracketed!(content in value);
                    let items: Punctuated<LitStr, Token![,]> =
                        content.parse_terminated(|p| p.parse::<LitStr>(), Token![,])?;
                    out.get_latest_by = items.into_iter().collect();
                } else {
                    out.get_latest_by = vec![value.parse()?];
                }
            } else {
                return Err(meta.error(
                    "unknown model option; expected app_label, db_table, ordering, \
                     get_latest_by, verbose_name or verbose_name_plural",
                ));
            }
            Ok(())
        })?;
    }
    Ok(out)
}

pub(crate) fn parse_field_attrs(attrs: &[Attribute]) -> syn::Result<FieldAttrs> {
    let mut out = FieldAttrs::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("field")) {
        attr.parse_nested_meta(|meta| {
            let p = &meta.path;
            if p.is_ident("max_length") {
                out.max_length = Some(meta.value()?.parse()?);
            } else if p.is_ident("text") {
                out.text = true;
            } else if p.is_ident("null") {
                out.null = true;
            } else if p.is_ident("blank") {
                out.blank = true;
            } else if p.is_ident("unique") {
                out.unique = true;
            } else if p.is_ident("primary_key") {
                out.primary_key = true;
            } else if p.is_ident("db_index") {
                out.db_index = Some(if meta.input.peek(Token![=]) {
                    meta.value()?.parse::<syn::LitBool>()?.value
                } else {
                    true
                });
            } else if p.is_ident("default") {
                out.default = Some(meta.value()?.parse()?);
            } else if p.is_ident("db_column") {
                out.db_column = Some(meta.value()?.parse()?);
            } else if p.is_ident("verbose_name") {
                out.verbose_name = Some(meta.value()?.parse()?);
            } else if p.is_ident("help_text") {
                out.help_text = Some(meta.value()?.parse()?);
            } else if p.is_ident("related_name") {
                out.related_name = Some(meta.value()?.parse()?);
            } else if p.is_ident("related_query_name") {
                out.related_query_name = Some(meta.value()?.parse()?);
            } else if p.is_ident("through") {
                out.through = Some(meta.value()?.parse()?);
            } else if p.is_ident("db_table") {
                out.db_table = Some(meta.value()?.parse()?);
            } else if p.is_ident("kind") {
                let ident: Ident = meta.value()?.parse()?;
                if !FIELD_CLASSES.contains(&ident.to_string().as_str()) {
                    return Err(syn::Error::new(
                        ident.span(),
                        format!("unknown field class; expected one of {}", FIELD_CLASSES.join(", ")),
                    ));
                }
                out.kind = Some(ident);
            } else if p.is_ident("max_digits") {
                out.max_digits = Some(meta.value()?.parse()?);
            } else if p.is_ident("decimal_places") {
                out.decimal_places = Some(meta.value()?.parse()?);
            } else if p.is_ident("choices") {
                out.choices = parse_choices(meta.value()?)?;
            } else if p.is_ident("db_default") {
                out.db_default = Some(meta.value()?.parse()?);
            } else if p.is_ident("editable") {
                out.editable = Some(meta.value()?.parse::<syn::LitBool>()?.value);
            } else if p.is_ident("validators") {
                let value = meta.value()?;
                let content;
                bracketed!(content in value);
                let items: Punctuated<syn::Path, Token![,]> = content.parse_terminated(syn::Path::parse, Token![,])?;
                out.validators = items.into_iter().collect();
            } else if p.is_ident("auto_now") {
                out.auto_now = true;
            } else if p.is_ident("auto_now_add") {
                out.auto_now_add = true;
            } else if p.is_ident("on_delete") {
                let ident: Ident = meta.value()?.parse()?;
                match ident.to_string().as_str() {
                    "Cascade" | "Protect" | "SetNull" | "SetDefault" | "DoNothing" | "Restrict" => {}
                    _ => {
                        return Err(syn::Error::new(
                            ident.span(),
                            "on_delete must be Cascade, Protect, Restrict, SetNull, SetDefault or DoNothing",
                        ));
                    }
                }
                out.on_delete = Some(ident);
            } else {
                return Err(meta.error(
                    "unknown field option; expected kind, max_length, max_digits, decimal_places, \
                     text, null, blank, default, db_default, unique, db_index, db_column, choices, \
                     verbose_name, help_text, editable, validators, auto_now, auto_now_add, \
                     primary_key, on_delete, related_name, related_query_name, through or db_table",
                ));
            }
            Ok(())
        })?;
    }
    Ok(out)
}
