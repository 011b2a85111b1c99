//! Views (Django's `django.views`): generic class-based views and the
//! default pages (welcome page, error pages), and [`static_serve`]
//! (`django.views.static`: media files in development).

pub mod decorators;
pub mod defaults;
pub mod generic;
pub mod static_serve;
