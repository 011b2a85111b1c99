//! Files, Django's `django.core.files`: uploaded files ([`uploadedfile`]).

pub mod uploadedfile;

pub use uploadedfile::UploadedFile;
