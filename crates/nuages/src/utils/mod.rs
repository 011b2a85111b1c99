//! Django's `django.utils`: small helpers the framework and projects share.
//!
//! - [`http`]: `url_has_allowed_host_and_scheme`, the check behind `?next=`
//!   redirects.
//! - [`urlparse`]: Python's `urllib.parse.urlsplit`, on which Django's URL
//!   checks are defined.

pub mod http;
pub mod urlparse;
