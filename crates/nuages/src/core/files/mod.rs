//! Files, Django's `django.core.files`: uploaded files ([`uploadedfile`]),
//! storage backends ([`storage`]), image dimensions ([`images`]) and the
//! value of a model's `FileField` / `ImageField` ([`fieldfile`]).

pub mod fieldfile;
pub mod images;
pub mod storage;
pub mod uploadedfile;

pub use fieldfile::{FieldFile, ImageFieldFile, UploadTo};
pub use storage::{FileSystemStorage, Storage, StorageError};
pub use uploadedfile::UploadedFile;
