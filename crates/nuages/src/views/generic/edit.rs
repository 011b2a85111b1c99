//! Editing views (Django's `generic/edit.py`): `FormView`, `CreateView`,
//! `UpdateView` and `DeleteView`. GET renders the form, POST validates it,
//! then redirects to `success_url` (`form_valid`) or re-renders it with its
//! errors (`form_invalid`).

use std::future::Future;
use std::sync::Arc;

use http::Method;
use serde::Serialize;

use crate::db::Value as DbValue;
use crate::db::models::{Model, QuerySet};
use crate::error::{Error, Result};
use crate::forms::Form;
use crate::forms::models::{ModelForm, ModelFormMeta};
use crate::http::{Request, Response};
use crate::template::Context;

use super::View;
use super::detail::get_object_from_kwargs;

/// Called with the valid form before the redirect (`form_valid`'s work:
/// send the mail, save the object); an `Err` is the response's error.
pub type FormValidHook = Arc<dyn Fn(&Request, &Form) -> Result<()> + Send + Sync>;

/// Display a form and handle its submission, as Django's `FormView`:
///
/// ```
/// use nuages::forms::{Form, fields::CharField};
/// use nuages::views::generic::{FormView, View};
///
/// let view = FormView::new(Form::new().field("name", CharField()), "contact.html", "/thanks/")
///     .on_valid(|_request, form| {
///         let _name: Option<String> = form.cleaned("name");
///         Ok(())
///     })
///     .as_view();
/// # let _ = view;
/// ```
///
/// The template gets `form`; an invalid form is re-rendered with its
/// errors (status 200), as Django's `form_invalid`.
#[derive(Clone)]
pub struct FormView {
    form: Form,
    template_name: String,
    success_url: String,
    on_valid: Option<FormValidHook>,
}

impl FormView {
    /// A view for `form` (its declared fields, initial and prefix),
    /// rendered with `template_name`, redirecting to `success_url`.
    pub fn new(form: Form, template_name: impl Into<String>, success_url: impl Into<String>) -> Self {
        Self {
            form,
            template_name: template_name.into(),
            success_url: success_url.into(),
            on_valid: None,
        }
    }

    /// Work to do with the valid form before redirecting.
    pub fn on_valid(mut self, hook: impl Fn(&Request, &Form) -> Result<()> + Send + Sync + 'static) -> Self {
        self.on_valid = Some(Arc::new(hook));
        self
    }

    /// `get_form()`: the unbound form, or bound to `request.POST`.
    pub fn get_form(&self, request: &Request) -> Result<Form> {
        if request.method() == Method::POST || request.method() == Method::PUT {
            Ok(self.form.bind(request.post()?.clone()))
        } else {
            Ok(self.form.clone())
        }
    }

    /// `render_to_response(get_context_data(form=form))`.
    async fn render_form(&self, request: &Request, mut form: Form) -> Result<Response> {
        let mut context = Context::new();
        context.insert_value("form", form.to_value());
        crate::shortcuts::render(request, &self.template_name, context).await
    }
}

impl View for FormView {
    fn allowed_methods(&self) -> Vec<Method> {
        vec![Method::GET, Method::POST, Method::PUT, Method::HEAD, Method::OPTIONS]
    }

    async fn get(&self, request: Request) -> Result<Response> {
        let form = self.get_form(&request)?;
        self.render_form(&request, form).await
    }

    async fn post(&self, request: Request) -> Result<Response> {
        let mut form = self.get_form(&request)?;
        if form.is_valid() {
            if let Some(hook) = &self.on_valid {
                hook(&request, &form)?;
            }
            Ok(Response::redirect(&self.success_url))
        } else {
            self.render_form(&request, form).await
        }
    }

    async fn put(&self, request: Request) -> Result<Response> {
        self.post(request).await
    }
}

/// Fill `{field}` placeholders of a `success_url` from `object`'s fields
/// (Django's `success_url.format(**self.object.__dict__)`): `{id}`,
/// `{slug}`, and for a foreign key both `{author}` and `{author_id}`.
pub fn format_success_url<M: Model>(url: &str, object: &M) -> String {
    let meta = M::meta();
    let mut out = url.to_owned();
    for (field, value) in meta.fields.iter().zip(object.to_values()) {
        let text = match value {
            DbValue::Null => "None".to_owned(),
            DbValue::Bool(b) => if b { "True" } else { "False" }.to_owned(),
            DbValue::Int(i) => i.to_string(),
            DbValue::Float(f) => f.to_string(),
            DbValue::Text(s) => s,
            DbValue::DateTime(d) => d.format("%Y-%m-%d %H:%M:%S%:z").to_string(),
            other => format!("{other:?}"),
        };
        out = out.replace(&format!("{{{}}}", field.name), &text);
        if field.column != field.name {
            out = out.replace(&format!("{{{}}}", field.column), &text);
        }
    }
    out.replace("{pk}", &object.pk().to_string())
}

fn success_redirect<M: Model>(success_url: Option<String>, object: &M) -> Result<Response> {
    match success_url {
        Some(url) => Ok(Response::redirect(&format_success_url(&url, object))),
        None => Err(Error::msg(
            "No URL to redirect to. Either provide a url or define a get_absolute_url method on the Model.",
        )),
    }
}

/// `<app_label>/<model_name><suffix>.html`.
fn default_template<M: Model>(suffix: &str) -> String {
    let meta = M::meta();
    format!("{}/{}{suffix}.html", meta.app_label, meta.model_name)
}

/// Render `template` with `form` and, when editing, the object as
/// `object` and `<model_name>`.
async fn render_model_form<M: Model + Serialize>(
    request: &Request,
    template: &str,
    form: &mut ModelForm<M>,
    extra: Context,
) -> Result<Response> {
    let mut context = extra;
    if let Some(object) = form.instance() {
        context.insert("object", object);
        context.insert(&M::meta().model_name, object);
    }
    context.insert_value("form", form.to_value());
    crate::shortcuts::render(request, template, context).await
}

fn is_form_post(request: &Request) -> bool {
    request.method() == Method::POST || request.method() == Method::PUT
}

/// A page creating one object with a [`ModelForm`] (Django's `CreateView`):
/// GET shows the empty form, POST validates it, saves the new row and
/// redirects to [`success_url`](CreateView::success_url) (`{id}`-style
/// placeholders take the new object's fields), or re-renders the form
/// with its errors. The template (default `<app>/<model>_form.html`) gets
/// `form`.
///
/// ```
/// use nuages::forms::models::{ModelForm, ModelFormMeta};
/// use nuages::prelude::*;
/// use nuages::views::generic::CreateView;
///
/// #[derive(Model, Debug, Clone, serde::Serialize)]
/// #[model(app_label = "polls")]
/// struct Question {
///     id: i64,
///     #[field(max_length = 200)]
///     question_text: String,
/// }
///
/// struct QuestionCreate;
///
/// impl CreateView for QuestionCreate {
///     type Model = Question;
///     fn form_meta(&self) -> ModelFormMeta<Question> {
///         ModelForm::meta().fields(&["question_text"])
///     }
///     fn success_url(&self) -> Option<String> {
///         Some("/polls/{id}/".into())
///     }
/// }
///
/// let view = QuestionCreate.as_view();
/// # let _ = view;
/// ```
pub trait CreateView: Send + Sync + Sized + 'static {
    /// The model created.
    type Model: Model + Serialize;

    /// The form's options (`fields`, `widgets`, ... of Django's view).
    fn form_meta(&self) -> ModelFormMeta<Self::Model> {
        ModelForm::meta()
    }

    /// The template (default `<app_label>/<model_name>_form.html`).
    fn template_name(&self) -> String {
        default_template::<Self::Model>("_form")
    }

    /// Where to go after saving; `{field}` placeholders take the saved
    /// object's values. `None` is an error, as in Django without
    /// `get_absolute_url`.
    fn success_url(&self) -> Option<String> {
        None
    }

    /// Add to the context (Django's `get_context_data`).
    fn get_context_data(&self, _request: &Request, _context: &mut Context) -> impl Future<Output = Result<()>> + Send {
        async { Ok(()) }
    }

    /// The form is valid: save it and redirect (Django's `form_valid`);
    /// override to change the object first (`form.save(false)`).
    fn form_valid(
        &self,
        _request: &Request,
        mut form: ModelForm<Self::Model>,
    ) -> impl Future<Output = Result<Response>> + Send {
        async move {
            let object = form.save(true).await?;
            success_redirect(self.success_url(), &object)
        }
    }

    /// Mount the view in a URL pattern.
    #[allow(clippy::wrong_self_convention)] // Django's name for it
    fn as_view(self) -> crate::handler::View {
        AsCreate(self).as_view()
    }
}

struct AsCreate<V>(V);

impl<V: CreateView> AsCreate<V> {
    async fn respond(&self, request: Request) -> Result<Response> {
        let view = &self.0;
        let mut form = view.form_meta().form(None).await?;
        if is_form_post(&request) {
            form = form.bind(request.post()?.clone());
            if form.is_valid().await? {
                return view.form_valid(&request, form).await;
            }
        }
        let mut context = Context::new();
        view.get_context_data(&request, &mut context).await?;
        render_model_form(&request, &view.template_name(), &mut form, context).await
    }
}

impl<V: CreateView> View for AsCreate<V> {
    fn allowed_methods(&self) -> Vec<Method> {
        vec![Method::GET, Method::POST, Method::PUT, Method::HEAD, Method::OPTIONS]
    }

    async fn get(&self, request: Request) -> Result<Response> {
        self.respond(request).await
    }

    async fn post(&self, request: Request) -> Result<Response> {
        self.respond(request).await
    }

    async fn put(&self, request: Request) -> Result<Response> {
        self.respond(request).await
    }
}

/// A page editing one object with a [`ModelForm`] (Django's
/// `UpdateView`): the object is looked up as [`DetailView`](super::DetailView)
/// does (`pk` or `slug` URL kwarg, 404 when missing); GET shows the form
/// filled from it, POST saves the changes and redirects to
/// [`success_url`](UpdateView::success_url), or re-renders with errors.
/// The template (default `<app>/<model>_form.html`) gets `form`, `object`
/// and `<model_name>`.
pub trait UpdateView: Send + Sync + Sized + 'static {
    /// The model edited.
    type Model: Model + Serialize;

    /// The form's options.
    fn form_meta(&self) -> ModelFormMeta<Self::Model> {
        ModelForm::meta()
    }

    /// The template (default `<app_label>/<model_name>_form.html`).
    fn template_name(&self) -> String {
        default_template::<Self::Model>("_form")
    }

    /// Where to go after saving (`{field}` placeholders).
    fn success_url(&self) -> Option<String> {
        None
    }

    /// Where the object is looked up (`get_queryset`).
    fn get_queryset(&self, _request: &Request) -> QuerySet<Self::Model> {
        Self::Model::objects()
    }

    /// URL kwarg holding the primary key.
    fn pk_url_kwarg(&self) -> &str {
        "pk"
    }

    /// URL kwarg holding the slug.
    fn slug_url_kwarg(&self) -> &str {
        "slug"
    }

    /// Model field matched against the slug.
    fn slug_field(&self) -> &str {
        "slug"
    }

    /// Add to the context.
    fn get_context_data(&self, _request: &Request, _context: &mut Context) -> impl Future<Output = Result<()>> + Send {
        async { Ok(()) }
    }

    /// The form is valid: save and redirect.
    fn form_valid(
        &self,
        _request: &Request,
        mut form: ModelForm<Self::Model>,
    ) -> impl Future<Output = Result<Response>> + Send {
        async move {
            let object = form.save(true).await?;
            success_redirect(self.success_url(), &object)
        }
    }

    /// Mount the view in a URL pattern.
    #[allow(clippy::wrong_self_convention)] // Django's name for it
    fn as_view(self) -> crate::handler::View {
        AsUpdate(self).as_view()
    }
}

struct AsUpdate<V>(V);

impl<V: UpdateView> AsUpdate<V> {
    async fn respond(&self, request: Request) -> Result<Response> {
        let view = &self.0;
        let object = get_object_from_kwargs(
            &request,
            view.get_queryset(&request),
            view.pk_url_kwarg(),
            view.slug_url_kwarg(),
            view.slug_field(),
        )
        .await?;
        let mut form = view.form_meta().form(Some(object)).await?;
        if is_form_post(&request) {
            form = form.bind(request.post()?.clone());
            if form.is_valid().await? {
                return view.form_valid(&request, form).await;
            }
        }
        let mut context = Context::new();
        view.get_context_data(&request, &mut context).await?;
        render_model_form(&request, &view.template_name(), &mut form, context).await
    }
}

impl<V: UpdateView> View for AsUpdate<V> {
    fn allowed_methods(&self) -> Vec<Method> {
        vec![Method::GET, Method::POST, Method::PUT, Method::HEAD, Method::OPTIONS]
    }

    async fn get(&self, request: Request) -> Result<Response> {
        self.respond(request).await
    }

    async fn post(&self, request: Request) -> Result<Response> {
        self.respond(request).await
    }

    async fn put(&self, request: Request) -> Result<Response> {
        self.respond(request).await
    }
}

/// A page deleting one object (Django's `DeleteView`): GET shows a
/// confirmation page (default `<app>/<model>_confirm_delete.html`, with
/// `object` and `<model_name>`), POST deletes the row (and what cascades)
/// and redirects to [`success_url`](DeleteView::success_url), whose
/// `{field}` placeholders take the deleted object's values.
pub trait DeleteView: Send + Sync + Sized + 'static {
    /// The model deleted.
    type Model: Model + Serialize;

    /// The confirmation template.
    fn template_name(&self) -> String {
        default_template::<Self::Model>("_confirm_delete")
    }

    /// Where to go after deleting; `None` is an error ("No URL to
    /// redirect to. Provide a success_url.").
    fn success_url(&self) -> Option<String> {
        None
    }

    /// Where the object is looked up.
    fn get_queryset(&self, _request: &Request) -> QuerySet<Self::Model> {
        Self::Model::objects()
    }

    /// URL kwarg holding the primary key.
    fn pk_url_kwarg(&self) -> &str {
        "pk"
    }

    /// URL kwarg holding the slug.
    fn slug_url_kwarg(&self) -> &str {
        "slug"
    }

    /// Model field matched against the slug.
    fn slug_field(&self) -> &str {
        "slug"
    }

    /// Add to the context of the confirmation page.
    fn get_context_data(
        &self,
        _request: &Request,
        _object: &Self::Model,
        _context: &mut Context,
    ) -> impl Future<Output = Result<()>> + Send {
        async { Ok(()) }
    }

    /// Confirmed: delete and redirect (Django's `form_valid`).
    fn form_valid(&self, _request: &Request, object: Self::Model) -> impl Future<Output = Result<Response>> + Send {
        async move {
            let url = self
                .success_url()
                .ok_or_else(|| Error::msg("No URL to redirect to. Provide a success_url."))?;
            object.delete().await?;
            Ok(Response::redirect(&format_success_url(&url, &object)))
        }
    }

    /// Mount the view in a URL pattern.
    #[allow(clippy::wrong_self_convention)] // Django's name for it
    fn as_view(self) -> crate::handler::View {
        AsDelete(self).as_view()
    }
}

struct AsDelete<V>(V);

impl<V: DeleteView> AsDelete<V> {
    async fn object(&self, request: &Request) -> Result<V::Model> {
        let view = &self.0;
        get_object_from_kwargs(
            request,
            view.get_queryset(request),
            view.pk_url_kwarg(),
            view.slug_url_kwarg(),
            view.slug_field(),
        )
        .await
    }
}

impl<V: DeleteView> View for AsDelete<V> {
    fn allowed_methods(&self) -> Vec<Method> {
        vec![Method::GET, Method::POST, Method::HEAD, Method::OPTIONS]
    }

    async fn get(&self, request: Request) -> Result<Response> {
        let object = self.object(&request).await?;
        let mut context = Context::new();
        context.insert("object", &object);
        context.insert(&V::Model::meta().model_name, &object);
        self.0.get_context_data(&request, &object, &mut context).await?;
        crate::shortcuts::render(&request, &self.0.template_name(), context).await
    }

    async fn post(&self, request: Request) -> Result<Response> {
        let object = self.object(&request).await?;
        self.0.form_valid(&request, object).await
    }
}
