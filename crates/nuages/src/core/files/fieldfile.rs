//! The value of a model's `FileField` / `ImageField`, Django's `FieldFile`
//! and `ImageFieldFile` (`django.db.models.fields.files`).
//!
//! The database column holds the file's name in the storage (a string,
//! `max_length` 100 by default); a [`FieldFile`] pairs that name with the
//! [`Storage`] to give `url`, `path`, `size` and `open`, and saves uploads
//! under a name built from [`UploadTo`] (a strftime pattern or a function)
//! that never overwrites an existing file.
//!
//! ```
//! use std::sync::Arc;
//! use nuages::core::files::{FieldFile, FileSystemStorage, UploadTo, UploadedFile};
//! let root = tempfile::tempdir().unwrap();
//! let storage = Arc::new(FileSystemStorage::new(root.path(), "/media/"));
//! let mut document = FieldFile::new(storage, None);
//! let upload = UploadedFile::in_memory("My Report.pdf", "%PDF-1.4", "application/pdf");
//! document.save(&upload, &UploadTo::path("documents/%Y"), Some(100)).unwrap();
//! let year = chrono::Local::now().format("%Y").to_string();
//! assert_eq!(document.name(), Some(format!("documents/{year}/My_Report.pdf").as_str()));
//! assert_eq!(document.url().unwrap(), format!("/media/documents/{year}/My_Report.pdf"));
//! assert_eq!(document.size().unwrap(), 8);
//! ```

use std::fmt;
use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::format::{Item, StrftimeItems};

use super::images::{INVALID_IMAGE, get_image_dimensions};
use super::storage::{Storage, StorageError, StorageResult, validate_file_name};
use super::uploadedfile::UploadedFile;

/// Where a `FileField` puts its files (Django's `upload_to`): a folder
/// pattern expanded with strftime (`"photos/%Y/%m/%d/"`), or a function of
/// the uploaded file name returning the full name.
#[derive(Clone)]
pub enum UploadTo {
    /// A folder, with `%Y`, `%m`, `%d`, ... replaced by the current date.
    Path(String),
    /// A function `filename -> name` (Django's callable `upload_to`,
    /// without the instance: capture what you need in the closure).
    Callable(Arc<dyn Fn(&str) -> String + Send + Sync>),
}

impl UploadTo {
    /// A strftime folder pattern (`""` puts files at the storage's root).
    pub fn path(pattern: impl Into<String>) -> Self {
        UploadTo::Path(pattern.into())
    }

    /// A function of the uploaded file name.
    pub fn callable(f: impl Fn(&str) -> String + Send + Sync + 'static) -> Self {
        UploadTo::Callable(Arc::new(f))
    }

    /// Django's `FileField.generate_filename`: apply `upload_to`, refuse
    /// traversal, and let the storage clean the file name.
    ///
    /// # Errors
    /// `SuspiciousFileOperation` for a name leaving the storage (`..`,
    /// absolute) or an invalid strftime pattern.
    pub fn generate_filename(&self, storage: &dyn Storage, filename: &str) -> StorageResult<String> {
        let name = match self {
            UploadTo::Callable(f) => f(filename),
            UploadTo::Path(pattern) => {
                let items: Vec<Item<'_>> = StrftimeItems::new(pattern).collect();
                if items.iter().any(|item| matches!(item, Item::Error)) {
                    return Err(StorageError::SuspiciousFileOperation(format!(
                        "Invalid upload_to pattern '{pattern}'"
                    )));
                }
                let dir = chrono::Local::now().format_with_items(items.into_iter()).to_string();
                if dir.is_empty() {
                    filename.to_owned()
                } else {
                    format!("{}/{filename}", dir.trim_end_matches('/'))
                }
            }
        };
        validate_file_name(&name, true)?;
        storage.generate_filename(&name)
    }
}

impl fmt::Debug for UploadTo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UploadTo::Path(pattern) => write!(f, "UploadTo::Path({pattern:?})"),
            UploadTo::Callable(_) => f.write_str("UploadTo::Callable(..)"),
        }
    }
}

/// Django's `FieldFile`: a stored file's name plus its storage.
#[derive(Clone)]
pub struct FieldFile {
    name: Option<String>,
    storage: Arc<dyn Storage>,
}

impl FieldFile {
    /// The value for a column holding `name` (`None` or `""`: no file).
    pub fn new(storage: Arc<dyn Storage>, name: Option<String>) -> Self {
        FieldFile {
            name: name.filter(|n| !n.is_empty()),
            storage,
        }
    }

    /// The name stored in the column (`None` when there is no file).
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The storage holding the file.
    pub fn storage(&self) -> &Arc<dyn Storage> {
        &self.storage
    }

    fn require(&self) -> StorageResult<&str> {
        self.name.as_deref().ok_or(StorageError::NotFound(
            "The 'file' attribute has no file associated with it.".to_owned(),
        ))
    }

    /// The URL (`file.url`).
    ///
    /// # Errors
    /// No file associated, or a storage without URLs.
    pub fn url(&self) -> StorageResult<String> {
        self.storage.url(self.require()?)
    }

    /// The local path (`file.path`).
    ///
    /// # Errors
    /// No file associated, or a storage without local paths.
    pub fn path(&self) -> StorageResult<PathBuf> {
        self.storage.path(self.require()?)
    }

    /// The size in bytes (`file.size`).
    ///
    /// # Errors
    /// No file associated, or the storage's error.
    pub fn size(&self) -> StorageResult<u64> {
        self.storage.size(self.require()?)
    }

    /// Open the file for reading (`file.open()`).
    ///
    /// # Errors
    /// No file associated, or the storage's error.
    pub fn open(&self) -> StorageResult<Box<dyn Read + Send>> {
        self.storage.open(self.require()?)
    }

    /// Django's `FieldFile.save(name, content)`: store `upload` under a name
    /// from `upload_to` (never overwriting, fitting `max_length`) and keep
    /// that name; the model's column must then be set from [`FieldFile::name`].
    ///
    /// # Errors
    /// `SuspiciousFileOperation` for a bad name; I/O errors.
    pub fn save(
        &mut self,
        upload: &UploadedFile,
        upload_to: &UploadTo,
        max_length: Option<usize>,
    ) -> StorageResult<()> {
        let name = upload_to.generate_filename(self.storage.as_ref(), upload.name())?;
        let mut content = upload.open()?;
        let saved = self.storage.save(&name, &mut content, max_length)?;
        self.name = Some(saved);
        Ok(())
    }

    /// Django's `FieldFile.delete()`: remove the file and clear the name.
    ///
    /// # Errors
    /// The storage's error.
    pub fn delete(&mut self) -> StorageResult<()> {
        if let Some(name) = self.name.take() {
            self.storage.delete(&name)?;
        }
        Ok(())
    }
}

impl fmt::Debug for FieldFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<FieldFile: {}>", self.name.as_deref().unwrap_or("None"))
    }
}

/// Django's `ImageFieldFile`: a [`FieldFile`] that must hold an image, with
/// its `width` and `height` (to store in `width_field` / `height_field`).
#[derive(Clone, Debug)]
pub struct ImageFieldFile {
    file: FieldFile,
    dimensions: Option<(u32, u32)>,
}

impl ImageFieldFile {
    /// The value for a column holding `name`.
    pub fn new(storage: Arc<dyn Storage>, name: Option<String>) -> Self {
        ImageFieldFile {
            file: FieldFile::new(storage, name),
            dimensions: None,
        }
    }

    /// The underlying [`FieldFile`] (url, path, size, open).
    pub fn file(&self) -> &FieldFile {
        &self.file
    }

    /// Check `upload` is an image, then save it like [`FieldFile::save`]
    /// and record its dimensions.
    ///
    /// # Errors
    /// `SuspiciousFileOperation` carrying Django's "Upload a valid image"
    /// message when it is not one; otherwise as [`FieldFile::save`].
    pub fn save(
        &mut self,
        upload: &UploadedFile,
        upload_to: &UploadTo,
        max_length: Option<usize>,
    ) -> StorageResult<()> {
        let dimensions = super::images::uploaded_image_dimensions(upload)
            .ok_or_else(|| StorageError::SuspiciousFileOperation(INVALID_IMAGE.to_owned()))?;
        self.file.save(upload, upload_to, max_length)?;
        self.dimensions = Some(dimensions);
        Ok(())
    }

    /// `(width, height)`, read from the stored file the first time.
    ///
    /// # Errors
    /// No file, the storage's error, or a stored file that is not an image.
    pub fn dimensions(&mut self) -> StorageResult<(u32, u32)> {
        if let Some(dimensions) = self.dimensions {
            return Ok(dimensions);
        }
        let mut reader = self.file.open()?;
        let dimensions = get_image_dimensions(&mut reader)
            .ok_or_else(|| StorageError::SuspiciousFileOperation(INVALID_IMAGE.to_owned()))?;
        self.dimensions = Some(dimensions);
        Ok(dimensions)
    }

    /// The width in pixels (`image.width`).
    ///
    /// # Errors
    /// As [`ImageFieldFile::dimensions`].
    pub fn width(&mut self) -> StorageResult<u32> {
        Ok(self.dimensions()?.0)
    }

    /// The height in pixels (`image.height`).
    ///
    /// # Errors
    /// As [`ImageFieldFile::dimensions`].
    pub fn height(&mut self) -> StorageResult<u32> {
        Ok(self.dimensions()?.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::files::FileSystemStorage;

    fn storage() -> (tempfile::TempDir, Arc<dyn Storage>) {
        let dir = tempfile::tempdir().expect("tempdir");
        let storage: Arc<dyn Storage> = Arc::new(FileSystemStorage::new(dir.path(), "/media/"));
        (dir, storage)
    }

    #[test]
    fn upload_to_patterns_and_callables() {
        let (_dir, storage) = storage();
        let today = chrono::Local::now().format("%Y/%m/%d").to_string();
        let by_date = UploadTo::path("photos/%Y/%m/%d/");
        assert_eq!(
            by_date.generate_filename(storage.as_ref(), "a b.jpg").expect("valid"),
            format!("photos/{today}/a_b.jpg")
        );
        let per_user = UploadTo::callable(|name| format!("user_42/{name}"));
        assert_eq!(
            per_user.generate_filename(storage.as_ref(), "x.txt").expect("valid"),
            "user_42/x.txt"
        );
        let escaping = UploadTo::callable(|name| format!("../{name}"));
        assert!(escaping.generate_filename(storage.as_ref(), "x.txt").is_err());
        let absolute = UploadTo::callable(|_| "/etc/passwd".to_owned());
        assert!(absolute.generate_filename(storage.as_ref(), "x").is_err());
        assert!(
            UploadTo::path("bad/%Q%")
                .generate_filename(storage.as_ref(), "x")
                .is_err()
        );
    }

    #[test]
    fn field_file_save_twice_keeps_both() {
        let (dir, storage) = storage();
        let upload = UploadedFile::in_memory("cv.txt", &b"v1"[..], "text/plain");
        let mut first = FieldFile::new(Arc::clone(&storage), None);
        first.save(&upload, &UploadTo::path("cv"), Some(100)).expect("saved");
        let mut second = FieldFile::new(Arc::clone(&storage), None);
        second.save(&upload, &UploadTo::path("cv"), Some(100)).expect("saved");
        assert_eq!(first.name(), Some("cv/cv.txt"));
        assert_ne!(first.name(), second.name());
        assert!(first.path().expect("path").starts_with(dir.path()));
        second.delete().expect("deleted");
        assert_eq!(second.name(), None);
        assert!(second.url().is_err());
        assert_eq!(format!("{first:?}"), "<FieldFile: cv/cv.txt>");
    }

    #[test]
    fn image_field_file_checks_and_measures() {
        let (_dir, storage) = storage();
        let png = UploadedFile::in_memory("dot.png", crate::core::files::images::tests_png(), "image/png");
        let mut image = ImageFieldFile::new(Arc::clone(&storage), None);
        image.save(&png, &UploadTo::path("img"), None).expect("an image");
        assert_eq!((image.width().expect("w"), image.height().expect("h")), (3, 2));
        let mut reopened = ImageFieldFile::new(Arc::clone(&storage), image.file().name().map(str::to_owned));
        assert_eq!(reopened.dimensions().expect("measured"), (3, 2));
        let fake = UploadedFile::in_memory("fake.png", &b"definitely not an image at all"[..], "image/png");
        let mut bad = ImageFieldFile::new(storage, None);
        let err = bad.save(&fake, &UploadTo::path("img"), None).expect_err("refused");
        assert!(err.to_string().contains("Upload a valid image"));
        assert_eq!(bad.file().name(), None);
    }
}
