//! Expansion of `#[derive(Model)]`.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Fields, GenericArgument, PathArguments, Type};

use crate::attrs::{FieldAttrs, parse_field_attrs, parse_model_attrs};
use crate::crate_path::db_path;

struct ModelField {
    ident: syn::Ident,
    ty: Type,
    attrs: FieldAttrs,
    /// `ForeignKey<T>`'s `T`, looked up syntactically for the reverse accessor.
    fk_target: Option<Type>,
    /// `ManyToMany<T>`'s `T`: a relation without a column.
    m2m_target: Option<Type>,
}

pub(crate) fn expand(input: DeriveInput) -> syn::Result<TokenStream> {
    let db = db_path();
    let name = &input.ident;
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "#[derive(Model)] does not support generic structs",
        ));
    }
    let model_attrs = parse_model_attrs(&input.attrs)?;
    let Some(app_label) = model_attrs.app_label.clone() else {
        return Err(syn::Error::new(
            Span::call_site(),
            "#[derive(Model)] needs #[model(app_label = \"...\")]",
        ));
    };
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(Span::call_site(), "#[derive(Model)] needs a struct"));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new(
            Span::call_site(),
            "#[derive(Model)] needs a struct with named fields",
        ));
    };

    let mut fields = Vec::new();
    for f in &named.named {
        let Some(ident) = f.ident.clone() else { continue };
        let attrs = parse_field_attrs(&f.attrs)?;
        let (is_option, inner) = option_inner(&f.ty);
        let fk_target = generic_arg_of(inner.unwrap_or(&f.ty), "ForeignKey");
        let m2m_target = generic_arg_of(&f.ty, "ManyToMany");
        if m2m_target.is_none() && (attrs.through.is_some() || attrs.db_table.is_some()) {
            return Err(syn::Error::new_spanned(
                &f.ty,
                "`through` and `db_table` apply to a ManyToMany<T> field",
            ));
        }
        if attrs.null && !is_option {
            return Err(syn::Error::new_spanned(
                &f.ty,
                "`null` needs an Option<T> field (NULL must be representable)",
            ));
        }
        let decimal = type_name(inner.unwrap_or(&f.ty)).as_deref() == Some("Decimal")
            && attrs.kind.as_ref().is_none_or(|k| k == "DecimalField");
        if decimal && (attrs.max_digits.is_none() || attrs.decimal_places.is_none()) {
            return Err(syn::Error::new_spanned(
                &f.ty,
                "a DecimalField needs #[field(max_digits = N, decimal_places = N)]",
            ));
        }
        if attrs.auto_now && attrs.auto_now_add {
            return Err(syn::Error::new_spanned(
                &f.ty,
                "auto_now and auto_now_add are mutually exclusive (Django's fields.E160)",
            ));
        }
        if fk_target.is_some() && attrs.on_delete.is_none() {
            return Err(syn::Error::new_spanned(
                &f.ty,
                "a ForeignKey needs #[field(on_delete = Cascade|Protect|Restrict|SetNull|SetDefault|DoNothing)]",
            ));
        }
        fields.push(ModelField {
            ident,
            ty: f.ty.clone(),
            attrs,
            fk_target,
            m2m_target,
        });
    }

    // Many-to-many fields have no column: they are kept apart (Django's `local_many_to_many`).
    let m2m_fields: Vec<ModelField> = {
        let (m2m, columns): (Vec<ModelField>, Vec<ModelField>) =
            fields.into_iter().partition(|f| f.m2m_target.is_some());
        fields = columns;
        m2m
    };
    let pk_index = fields
        .iter()
        .position(|f| f.attrs.primary_key)
        .or_else(|| fields.iter().position(|f| f.ident == "id"))
        .ok_or_else(|| {
            syn::Error::new(
                Span::call_site(),
                "a model needs `pub id: i64` (Django's implicit BigAutoField primary key)",
            )
        })?;
    let pk_ident = fields[pk_index].ident.clone();
    // The primary key comes first, as Django's auto-created `id` does.
    let pk_field = fields.remove(pk_index);
    fields.insert(0, pk_field);

    let field_metas = fields.iter().enumerate().map(|(i, f)| field_meta(&db, f, i == 0));
    let m2m_metas = m2m_fields.iter().map(|f| m2m_meta(&db, f));
    let m2m_defaults = m2m_fields.iter().map(|f| {
        let ident = &f.ident;
        quote!(#ident: #db::models::ManyToMany::new(),)
    });
    let m2m_accessors = m2m_fields.iter().map(|f| m2m_accessor(&db, f));
    let m2m_reverse = m2m_fields
        .iter()
        .filter_map(|f| m2m_reverse_accessor(&db, name, &input.vis, f));
    let decoders = fields.iter().map(|f| {
        let ident = &f.ident;
        let field_name = ident.to_string();
        quote! {
            #ident: #db::__private::take_field(&mut values, stringify!(#name), #field_name)?,
        }
    });
    let encoders = fields.iter().map(|f| {
        let ident = &f.ident;
        quote!(#db::models::FieldType::to_value(&self.#ident),)
    });
    let constants = fields.iter().chain(&m2m_fields).map(|f| {
        let ident = &f.ident;
        let ty = &f.ty;
        let const_name = format_ident!("{}", ident.to_string().to_uppercase());
        let field_name = ident.to_string();
        let doc = format!("The `{field_name}` field, for typed lookups and updates.");
        quote! {
            #[doc = #doc]
            pub const #const_name: #db::models::Field<Self, #ty> = #db::models::Field::new(#field_name);
        }
    });
    let reverse = fields.iter().filter_map(|f| reverse_accessor(&db, name, &input.vis, f));

    let ordering = &model_attrs.ordering;
    let get_latest_by = &model_attrs.get_latest_by;
    let db_table = opt_str(&model_attrs.db_table, quote!(db_table));
    let verbose_name = opt_str(&model_attrs.verbose_name, quote!(verbose_name));
    let verbose_name_plural = opt_str(&model_attrs.verbose_name_plural, quote!(verbose_name_plural));
    let n_fields = fields.len();

    Ok(quote! {
        impl #db::models::Model for #name {
            fn meta() -> &'static #db::models::ModelMeta {
                static META: #db::__private::OnceLock<#db::models::ModelMeta> =
                    #db::__private::OnceLock::new();
                static REGISTERED: #db::__private::Once = #db::__private::Once::new();
                let meta = META.get_or_init(|| {
                    #db::models::ModelMeta::builder(#app_label, stringify!(#name))
                        #db_table
                        #verbose_name
                        #verbose_name_plural
                        .ordering(&[#(#ordering),*])
                        .get_latest_by(&[#(#get_latest_by),*])
                        #(.field(#field_metas))*
                        #(.many_to_many(#m2m_metas))*
                        .build()
                });
                REGISTERED.call_once(|| #db::apps::register(meta));
                meta
            }

            fn from_values(values: ::std::vec::Vec<#db::Value>) -> #db::Result<Self> {
                if values.len() != #n_fields {
                    return Err(#db::__private::wrong_arity(stringify!(#name), #n_fields, values.len()));
                }
                let mut values = values.into_iter();
                Ok(Self { #(#decoders)* #(#m2m_defaults)* })
            }

            fn to_values(&self) -> ::std::vec::Vec<#db::Value> {
                ::std::vec![#(#encoders)*]
            }

            fn pk(&self) -> i64 {
                ::core::convert::Into::<i64>::into(self.#pk_ident)
            }

            fn set_pk(&mut self, pk: i64) {
                if let ::core::result::Result::Ok(pk) = ::core::convert::TryFrom::try_from(pk) {
                    self.#pk_ident = pk;
                }
            }
        }

        #[allow(dead_code)]
        impl #name {
            #(#constants)*
            #(#m2m_accessors)*
        }

        #(#reverse)*
        #(#m2m_reverse)*
    })
}

fn opt_str(value: &Option<syn::LitStr>, method: TokenStream) -> TokenStream {
    match value {
        Some(v) => quote!(.#method(#v)),
        None => quote!(),
    }
}

fn field_meta(db: &TokenStream, f: &ModelField, is_pk: bool) -> TokenStream {
    let ty = &f.ty;
    let name = f.ident.to_string();
    let a = &f.attrs;
    let mut calls = Vec::new();
    if is_pk {
        calls.push(quote!(.primary_key()));
    }
    if let Some(k) = &a.kind {
        let class = k.to_string();
        calls.push(quote!(.class(#class)));
    }
    if let Some(n) = &a.max_length {
        calls.push(quote!(.max_length(#n)));
    }
    if let (Some(d), Some(p)) = (&a.max_digits, &a.decimal_places) {
        calls.push(quote!(.decimal(#d, #p)));
    }
    if a.auto_now {
        calls.push(quote!(.auto_now()));
    }
    if a.auto_now_add {
        calls.push(quote!(.auto_now_add()));
    }
    if let Some(e) = a.editable {
        calls.push(quote!(.editable(#e)));
    }
    if !a.choices.is_empty() {
        let pairs = a
            .choices
            .iter()
            .map(|(v, label)| quote!((#db::Value::from(#v), ::std::string::String::from(#label))));
        calls.push(quote!(.choices(::std::vec![#(#pairs),*])));
    }
    if !a.validators.is_empty() {
        let validators = a.validators.iter().map(|path| {
            let name = quote!(#path).to_string().replace(' ', "");
            quote!(#db::models::fields::Validator { name: #name, check: #path })
        });
        calls.push(quote!(.validators(::std::vec![#(#validators),*])));
    }
    if let Some(d) = &a.db_default {
        calls.push(quote! {
            .db_default({
                let value: #ty = ::core::convert::Into::into(#d);
                #db::models::FieldType::to_value(&value)
            })
        });
    }
    if a.text {
        calls.push(quote!(.text()));
    }
    if a.blank {
        calls.push(quote!(.blank()));
    }
    if a.unique {
        calls.push(quote!(.unique()));
    }
    if let Some(b) = a.db_index {
        calls.push(quote!(.db_index(#b)));
    }
    if let Some(c) = &a.db_column {
        calls.push(quote!(.db_column(#c)));
    }
    if let Some(v) = &a.verbose_name {
        calls.push(quote!(.verbose_name(#v)));
    }
    if let Some(h) = &a.help_text {
        calls.push(quote!(.help_text(#h)));
    }
    if let Some(r) = &a.related_name {
        calls.push(quote!(.related_name(#r)));
    }
    if let Some(r) = &a.related_query_name {
        calls.push(quote!(.related_query_name(#r)));
    }
    if let Some(o) = &a.on_delete {
        calls.push(quote!(.on_delete(#db::models::OnDelete::#o)));
    }
    if let Some(d) = &a.default {
        calls.push(quote! {
            .default({
                let value: #ty = ::core::convert::Into::into(#d);
                #db::models::FieldType::to_value(&value)
            })
        });
    }
    quote!(#db::models::FieldMeta::for_type::<#ty>(#name) #(#calls)*)
}

/// `trait ChoiceQuestionReverse { fn choice_set(&self) -> QuerySet<Choice>; }`
/// implemented for the target model: Django's reverse related manager.
fn reverse_accessor(
    db: &TokenStream,
    model: &syn::Ident,
    vis: &syn::Visibility,
    f: &ModelField,
) -> Option<TokenStream> {
    let target = f.fk_target.as_ref()?;
    let related_name = match &f.attrs.related_name {
        Some(r) => r.value(),
        None => format!("{}_set", model.to_string().to_lowercase()),
    };
    if related_name.ends_with('+') {
        return None;
    }
    let method = format_ident!("{}", related_name);
    let trait_name = format_ident!("{}{}Reverse", model, camel(&f.ident.to_string()));
    let field_name = f.ident.to_string();
    let doc = format!("Reverse accessor `{related_name}()` for `{model}.{field_name}` (Django's related manager).");
    Some(quote! {
        #[doc = #doc]
        #vis trait #trait_name {
            #[doc = #doc]
            fn #method(&self) -> #db::models::RelatedManager<#model>;
        }
        impl #trait_name for #target {
            fn #method(&self) -> #db::models::RelatedManager<#model> {
                #db::models::RelatedManager::new(
                    <#target as #db::models::Model>::pk(self),
                    <#target as #db::models::Model>::meta(),
                    #field_name,
                )
            }
        }
    })
}

fn m2m_meta(db: &TokenStream, f: &ModelField) -> TokenStream {
    let name = f.ident.to_string();
    let target = f.m2m_target.as_ref();
    let a = &f.attrs;
    let mut calls = Vec::new();
    if let Some(r) = &a.related_name {
        calls.push(quote!(.related_name(#r)));
    }
    if let Some(r) = &a.related_query_name {
        calls.push(quote!(.related_query_name(#r)));
    }
    if let Some(t) = &a.db_table {
        calls.push(quote!(.db_table(#t)));
    }
    if let Some(t) = &a.through {
        calls.push(quote!(.through::<#t>()));
    }
    if a.blank {
        calls.push(quote!(.blank()));
    }
    if let Some(v) = &a.verbose_name {
        calls.push(quote!(.verbose_name(#v)));
    }
    if let Some(h) = &a.help_text {
        calls.push(quote!(.help_text(#h)));
    }
    quote! {
        #db::models::ManyToManyMeta::new::<#target>(#name, <Self as #db::models::Model>::meta) #(#calls)*
    }
}

/// `user.groups()`: the forward many-to-many manager.
fn m2m_accessor(db: &TokenStream, f: &ModelField) -> TokenStream {
    let ident = &f.ident;
    let name = ident.to_string();
    let target = f.m2m_target.as_ref();
    let doc = format!("The related manager of `{name}` (add, remove, clear, set, create, all, filter, ...).");
    quote! {
        #[doc = #doc]
        pub fn #ident(&self) -> #db::models::ManyRelatedManager<#target> {
            #db::models::ManyRelatedManager::forward(
                <Self as #db::models::Model>::pk(self),
                <Self as #db::models::Model>::meta(),
                #name,
            )
        }
    }
}

/// `group.user_set()`: the reverse many-to-many manager, as a trait on the target.
fn m2m_reverse_accessor(
    db: &TokenStream,
    model: &syn::Ident,
    vis: &syn::Visibility,
    f: &ModelField,
) -> Option<TokenStream> {
    let target = f.m2m_target.as_ref()?;
    let related_name = match &f.attrs.related_name {
        Some(r) => r.value(),
        None => format!("{}_set", model.to_string().to_lowercase()),
    };
    if related_name.ends_with('+') {
        return None;
    }
    let method = format_ident!("{}", related_name);
    let trait_name = format_ident!("{}{}Reverse", model, camel(&f.ident.to_string()));
    let field_name = f.ident.to_string();
    let doc =
        format!("Reverse accessor `{related_name}()` for `{model}.{field_name}` (Django's many-related manager).");
    Some(quote! {
        #[doc = #doc]
        #vis trait #trait_name {
            #[doc = #doc]
            fn #method(&self) -> #db::models::ManyRelatedManager<#model>;
        }
        impl #trait_name for #target {
            fn #method(&self) -> #db::models::ManyRelatedManager<#model> {
                #db::models::ManyRelatedManager::reverse(
                    <#target as #db::models::Model>::pk(self),
                    <#target as #db::models::Model>::meta(),
                    #field_name,
                )
            }
        }
    })
}

fn camel(snake: &str) -> String {
    snake
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(c) => c.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

/// `Option<T>` -> `(true, Some(T))`.
fn option_inner(ty: &Type) -> (bool, Option<&Type>) {
    match generic_arg_ref(ty, "Option") {
        Some(inner) => (true, Some(inner)),
        None => (false, None),
    }
}

fn generic_arg_ref<'a>(ty: &'a Type, wrapper: &str) -> Option<&'a Type> {
    let Type::Path(tp) = ty else { return None };
    let last = tp.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

/// The last path segment's name of a type (`rust_decimal::Decimal` -> `Decimal`).
fn type_name(ty: &Type) -> Option<String> {
    let Type::Path(tp) = ty else { return None };
    tp.path.segments.last().map(|s| s.ident.to_string())
}

fn generic_arg_of(ty: &Type, wrapper: &str) -> Option<Type> {
    generic_arg_ref(ty, wrapper).cloned()
}
