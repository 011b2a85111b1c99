//! `DetailView` (Django's `generic/detail.py`).

use std::future::Future;

use serde::Serialize;

use super::base::View;
use crate::db::models::{Model, Q, QuerySet};
use crate::error::{Error, Result};
use crate::http::{Request, Response};
use crate::template::Context;

/// A page showing one object, looked up by the `pk` (or `slug`) URL kwarg
/// in [`get_queryset`](DetailView::get_queryset) (Django's `DetailView`).
///
/// A missing object is a 404 ("No question found matching the query").
/// The context holds `object` and the same object under
/// [`context_object_name`](DetailView::context_object_name) (default the
/// model name). The template defaults to `<app_label>/<model_name>_detail.html`.
pub trait DetailView: Send + Sync + Sized + 'static {
    /// The model shown.
    type Model: Model + Serialize;

    /// The template to render.
    fn template_name(&self) -> String {
        let meta = Self::Model::meta();
        format!("{}/{}_detail.html", meta.app_label, meta.model_name)
    }

    /// The context name of the object (besides `object`).
    fn context_object_name(&self) -> Option<String> {
        Some(Self::Model::meta().model_name.clone())
    }

    /// URL kwarg holding the primary key (Django's `pk_url_kwarg`).
    fn pk_url_kwarg(&self) -> &str {
        "pk"
    }

    /// URL kwarg holding the slug (Django's `slug_url_kwarg`).
    fn slug_url_kwarg(&self) -> &str {
        "slug"
    }

    /// Model field matched against the slug (Django's `slug_field`).
    fn slug_field(&self) -> &str {
        "slug"
    }

    /// Where the object is looked up (Django's `get_queryset`).
    fn get_queryset(&self, _request: &Request) -> QuerySet<Self::Model> {
        Self::Model::objects()
    }

    /// Add to the context (Django's `get_context_data`); load here any
    /// related rows the template needs: templates never run queries.
    fn get_context_data(
        &self,
        _request: &Request,
        _object: &Self::Model,
        _context: &mut Context,
    ) -> impl Future<Output = Result<()>> + Send {
        async { Ok(()) }
    }

    /// Mount the view in a URL pattern.
    #[allow(clippy::wrong_self_convention)] // Django's name for it
    fn as_view(self) -> crate::handler::View {
        AsView(self).as_view()
    }
}

struct AsView<V>(V);

/// Django's `SingleObjectMixin.get_object`.
async fn get_object<V: DetailView>(view: &V, request: &Request) -> Result<V::Model> {
    get_object_from_kwargs(
        request,
        view.get_queryset(request),
        view.pk_url_kwarg(),
        view.slug_url_kwarg(),
        view.slug_field(),
    )
    .await
}

/// Django's `SingleObjectMixin.get_object`: the object of `queryset`
/// whose primary key is the URL kwarg `pk_kwarg` (or whose `slug_field`
/// is the kwarg `slug_kwarg`); a missing object is a 404 ("No question
/// found matching the query"), a URL without either kwarg an error.
pub(crate) async fn get_object_from_kwargs<M: Model>(
    request: &Request,
    queryset: QuerySet<M>,
    pk_kwarg: &str,
    slug_kwarg: &str,
    slug_field: &str,
) -> Result<M> {
    let resolved = request.resolver_match();
    let pk = resolved.and_then(|r| r.kwarg(pk_kwarg));
    let slug = resolved.and_then(|r| r.kwarg(slug_kwarg));
    let queryset = match (pk, slug) {
        (Some(pk), _) => {
            let pk: i64 = pk.parse().map_err(|_| not_found::<M>())?;
            queryset.filter(Q::new("pk", pk))
        }
        (None, Some(slug)) => queryset.filter(Q::new(slug_field, slug.to_owned())),
        (None, None) => {
            return Err(Error::msg(format!(
                "Generic detail view must be called with either an object pk or a slug in the URLconf (kwarg '{pk_kwarg}' or '{slug_kwarg}')."
            )));
        }
    };
    match queryset.get().await {
        Ok(object) => Ok(object),
        Err(crate::db::Error::DoesNotExist { .. }) => Err(not_found::<M>()),
        Err(err) => Err(err.into()),
    }
}

fn not_found<M: Model>() -> Error {
    Error::not_found(format!("No {} found matching the query", M::meta().verbose_name))
}

impl<V: DetailView> View for AsView<V> {
    async fn get(&self, request: Request) -> Result<Response> {
        let view = &self.0;
        let object = get_object(view, &request).await?;
        let mut context = Context::new();
        context.insert("object", &object);
        if let Some(name) = view.context_object_name() {
            context.insert(&name, &object);
        }
        view.get_context_data(&request, &object, &mut context).await?;
        crate::shortcuts::render(&request, &view.template_name(), context).await
    }
}
