//! Generic class-based views (Django's `django.views.generic`).
//!
//! [`View`] dispatches on the HTTP method; [`TemplateView`] and
//! [`RedirectView`] are ready-made; [`ListView`] and [`DetailView`] are
//! traits a user implements for a model, overriding only what differs
//! (template name, queryset, extra context), then mounts with `as_view()`.

mod base;
mod detail;
mod edit;
mod list;

pub use base::{RedirectView, TemplateView, View};
pub use detail::DetailView;
pub use edit::{CreateView, DeleteView, FormView, UpdateView, format_success_url};
pub use list::ListView;
