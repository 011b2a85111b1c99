//! File storage, Django's `django.core.files.storage`: the [`Storage`]
//! trait (save, open, delete, exists, size, url, path, listdir) with
//! Django's naming rules (`get_valid_name`, `get_available_name` adding a
//! random 7-character suffix so an upload never overwrites another,
//! `generate_filename`), and [`FileSystemStorage`] over `MEDIA_ROOT` /
//! `MEDIA_URL`.
//!
//! Storage calls are synchronous, as in Django; from async views, wrap
//! large transfers in `tokio::task::spawn_blocking`.

mod filesystem;

use std::fmt;
use std::io::{self, Read};
use std::path::PathBuf;
use std::time::SystemTime;

pub use filesystem::FileSystemStorage;
use rand::Rng;

use crate::error::Error;

/// Why a storage operation failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum StorageError {
    /// Django's `SuspiciousFileOperation`: a name leaving the storage's
    /// root (`..`, an absolute path, a NUL byte) or no usable file name.
    SuspiciousFileOperation(String),
    /// The storage cannot do this (Django's `NotImplementedError`, e.g.
    /// `path()` on a remote storage).
    NotImplemented(&'static str),
    /// The file does not exist.
    NotFound(String),
    /// Any other I/O failure.
    Io(io::Error),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::SuspiciousFileOperation(message) => write!(f, "SuspiciousFileOperation: {message}"),
            StorageError::NotImplemented(what) => write!(f, "This backend doesn't support {what}."),
            StorageError::NotFound(name) => write!(f, "No such file: '{name}'"),
            StorageError::Io(error) => write!(f, "{error}"),
        }
    }
}

impl From<io::Error> for StorageError {
    fn from(error: io::Error) -> Self {
        StorageError::Io(error)
    }
}

/// `SuspiciousFileOperation` is a 400, a missing file a 404, the rest 500s.
/// (Like `TooManyFieldsSent`, `StorageError` deliberately does not
/// implement `std::error::Error`, whose blanket conversion would make every
/// kind a 500.)
impl From<StorageError> for Error {
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::SuspiciousFileOperation(_) => Error::BadRequest(error.to_string()),
            StorageError::NotFound(_) => Error::Http404(error.to_string()),
            StorageError::Io(io) => Error::Other(Box::new(io)),
            other => Error::msg(other.to_string()),
        }
    }
}

/// `Result` with [`StorageError`].
pub type StorageResult<T> = Result<T, StorageError>;

fn suspicious(message: String) -> StorageError {
    StorageError::SuspiciousFileOperation(message)
}

/// Django's `Storage`: where uploaded (and collected static) files live.
///
/// Implementors provide the primitives (`save_new`, `open`, `delete`,
/// `exists`, `size`, `url`, `listdir`); naming (`save`,
/// `get_available_name`, `generate_filename`) comes with the trait and
/// follows Django exactly.
pub trait Storage: Send + Sync {
    /// Write `content` under exactly `name` (Django's `_save`) and return
    /// the name actually used (a storage may still pick another if `name`
    /// appeared meanwhile).
    ///
    /// # Errors
    /// I/O errors; `SuspiciousFileOperation` for a name leaving the root.
    fn save_new(&self, name: &str, content: &mut dyn Read) -> StorageResult<String>;

    /// Open a stored file for reading.
    ///
    /// # Errors
    /// `NotFound` for a missing file, `SuspiciousFileOperation`, I/O errors.
    fn open(&self, name: &str) -> StorageResult<Box<dyn Read + Send>>;

    /// Delete a file; a missing file is not an error (as Django).
    ///
    /// # Errors
    /// `SuspiciousFileOperation`, I/O errors.
    fn delete(&self, name: &str) -> StorageResult<()>;

    /// Whether `name` is taken.
    ///
    /// # Errors
    /// `SuspiciousFileOperation` for a name leaving the root.
    fn exists(&self, name: &str) -> StorageResult<bool>;

    /// Size in bytes.
    ///
    /// # Errors
    /// `NotFound`, `SuspiciousFileOperation`, I/O errors.
    fn size(&self, name: &str) -> StorageResult<u64>;

    /// The URL the file is served at (`MEDIA_URL` + the quoted name).
    ///
    /// # Errors
    /// `NotImplemented` when the storage has no base URL.
    fn url(&self, name: &str) -> StorageResult<String>;

    /// `(folders, files)` directly in `path` (Django's `listdir`), sorted.
    ///
    /// # Errors
    /// `NotFound`, `SuspiciousFileOperation`, I/O errors.
    fn listdir(&self, path: &str) -> StorageResult<(Vec<String>, Vec<String>)>;

    /// The local filesystem path of `name`; storages without one return
    /// `NotImplemented` (Django's default `path()`).
    ///
    /// # Errors
    /// `NotImplemented`, `SuspiciousFileOperation`.
    fn path(&self, name: &str) -> StorageResult<PathBuf> {
        let _ = name;
        Err(StorageError::NotImplemented("absolute paths"))
    }

    /// Last modification time (`get_modified_time`).
    ///
    /// # Errors
    /// `NotImplemented` by default; `NotFound` and I/O errors.
    fn get_modified_time(&self, name: &str) -> StorageResult<SystemTime> {
        let _ = name;
        Err(StorageError::NotImplemented("modification times"))
    }

    /// Django's `get_valid_name`: `get_valid_filename(name)`.
    ///
    /// # Errors
    /// `SuspiciousFileOperation` when nothing usable is left.
    fn get_valid_name(&self, name: &str) -> StorageResult<String> {
        get_valid_filename(name)
    }

    /// Django's `get_alternative_name`: `root_XXXXXXX.ext` with 7 random
    /// letters and digits.
    fn get_alternative_name(&self, file_root: &str, file_ext: &str) -> String {
        format!("{file_root}_{}{file_ext}", get_random_string(7))
    }

    /// Django's `get_available_name`: `name` if free (and short enough),
    /// otherwise an alternative name in the same folder; the stem is cut
    /// to fit `max_length`.
    ///
    /// # Errors
    /// `SuspiciousFileOperation` for `..` in the folder part, a bad file
    /// name, or no name fitting `max_length`.
    fn get_available_name(&self, name: &str, max_length: Option<usize>) -> StorageResult<String> {
        let name = name.replace('\\', "/");
        let (dir_name, file_name) = split_name(&name);
        if dir_name.split('/').any(|part| part == "..") {
            return Err(suspicious(format!("Detected path traversal attempt in '{dir_name}'")));
        }
        validate_file_name(file_name, false)?;
        let (mut file_root, file_ext) = split_extensions(file_name);
        let mut name = name.clone();
        let too_long = |n: &str| max_length.is_some_and(|max| n.chars().count() > max);
        while self.exists(&name)? || too_long(&name) {
            name = join_name(dir_name, &self.get_alternative_name(&file_root, &file_ext));
            let Some(max) = max_length else { continue };
            let truncation = name.chars().count().saturating_sub(max);
            if truncation > 0 {
                let keep = file_root.chars().count().saturating_sub(truncation);
                file_root = file_root.chars().take(keep).collect();
                if file_root.is_empty() {
                    return Err(suspicious(format!(
                        "Storage can not find an available filename for \"{name}\". Please make sure that the \
                         corresponding file field allows sufficient \"max_length\"."
                    )));
                }
                name = join_name(dir_name, &self.get_alternative_name(&file_root, &file_ext));
            }
        }
        Ok(name)
    }

    /// Django's `generate_filename`: validate the folder part and make the
    /// file name valid (`get_valid_name`), normalising the path.
    ///
    /// # Errors
    /// `SuspiciousFileOperation` for `..` in the folder part or a bad name.
    fn generate_filename(&self, filename: &str) -> StorageResult<String> {
        let filename = filename.replace('\\', "/");
        let (dir_name, file_name) = split_name(&filename);
        if dir_name.split('/').any(|part| part == "..") {
            return Err(suspicious(format!("Detected path traversal attempt in '{dir_name}'")));
        }
        let valid = self.get_valid_name(file_name)?;
        Ok(normpath(&join_name(dir_name, &valid)))
    }

    /// Django's `save(name, content, max_length)`: pick an available name,
    /// write the content, return the final name (relative, with `/`).
    ///
    /// # Errors
    /// As [`Storage::get_available_name`] and [`Storage::save_new`].
    fn save(&self, name: &str, content: &mut dyn Read, max_length: Option<usize>) -> StorageResult<String> {
        validate_file_name(name, true)?;
        let available = self.get_available_name(name, max_length)?;
        let saved = self.save_new(&available, content)?;
        validate_file_name(&saved, true)?;
        Ok(saved.replace('\\', "/"))
    }
}

/// `(folder, file)` of a `/`-separated name (`os.path.split`).
fn split_name(name: &str) -> (&str, &str) {
    match name.rsplit_once('/') {
        Some((dir, file)) => (dir, file),
        None => ("", name),
    }
}

fn join_name(dir: &str, file: &str) -> String {
    if dir.is_empty() {
        file.to_owned()
    } else {
        format!("{dir}/{file}")
    }
}

/// `(root, "".join(PurePath(name).suffixes))`: `archive.tar.gz` gives
/// `("archive", ".tar.gz")`; a leading dot is part of the root.
fn split_extensions(file_name: &str) -> (String, String) {
    let body = file_name.trim_start_matches('.');
    let leading = file_name.len() - body.len();
    if file_name.ends_with('.') {
        return (file_name.to_owned(), String::new());
    }
    match body.find('.') {
        Some(dot) => {
            let at = leading + dot;
            (file_name[..at].to_owned(), file_name[at..].to_owned())
        }
        None => (file_name.to_owned(), String::new()),
    }
}

/// `posixpath.normpath` for relative names: drop `.` and empty parts.
fn normpath(name: &str) -> String {
    let parts: Vec<&str> = name.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

/// Django's `validate_file_name(name, allow_relative_path)`.
///
/// # Errors
/// `SuspiciousFileOperation` for `""`, `.`, `..` as base name, a NUL byte,
/// path elements when not allowed, or an absolute / `..` path when they are.
pub fn validate_file_name(name: &str, allow_relative_path: bool) -> StorageResult<&str> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    if matches!(base, "" | "." | "..") {
        return Err(suspicious(format!("Could not derive file name from '{name}'")));
    }
    if name.contains('\0') {
        return Err(suspicious(format!(
            "File name '{}' contains a NUL byte",
            name.replace('\0', "\\x00")
        )));
    }
    if allow_relative_path {
        let posix = name.replace('\\', "/");
        if posix.starts_with('/') || posix.split('/').any(|part| part == "..") || has_drive(&posix) {
            return Err(suspicious(format!("Detected path traversal attempt in '{name}'")));
        }
    } else if name != base {
        return Err(suspicious(format!("File name '{name}' includes path elements")));
    }
    Ok(name)
}

fn has_drive(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic()
}

/// Django's `django.utils.text.get_valid_filename`: trimmed, spaces to
/// underscores, only letters, digits, `-`, `_` and `.` kept.
///
/// # Errors
/// `SuspiciousFileOperation` when the result is empty, `.` or `..`.
pub fn get_valid_filename(name: &str) -> StorageResult<String> {
    let cleaned: String = name
        .trim()
        .replace(' ', "_")
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    if matches!(cleaned.as_str(), "" | "." | "..") {
        return Err(suspicious(format!("Could not derive file name from '{name}'")));
    }
    Ok(cleaned)
}

/// Django's `get_random_string(length)` over `a-zA-Z0-9`.
pub fn get_random_string(length: usize) -> String {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut rng = rand::rng();
    (0..length)
        .map(|_| char::from(CHARS[rng.random_range(0..CHARS.len())]))
        .collect()
}

/// Django's `filepath_to_uri`: backslashes to slashes, then quoted keeping
/// `/~!*()'`.
pub fn filepath_to_uri(path: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'~')
        .remove(b'!')
        .remove(b'*')
        .remove(b'(')
        .remove(b')')
        .remove(b'\'')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.');
    percent_encoding::utf8_percent_encode(&path.replace('\\', "/"), KEEP).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_filenames_as_django() {
        assert_eq!(
            get_valid_filename("john's portrait in 2004.jpg").ok().as_deref(),
            Some("johns_portrait_in_2004.jpg")
        );
        assert!(get_valid_filename("..").is_err());
        assert!(get_valid_filename("$%").is_err());
    }

    #[test]
    fn validate_file_name_refuses_traversal() {
        assert!(validate_file_name("a.txt", false).is_ok());
        assert!(validate_file_name("dir/a.txt", false).is_err());
        assert!(validate_file_name("dir/a.txt", true).is_ok());
        for hostile in [
            "../a.txt",
            "/etc/passwd",
            "a/../../b",
            "C:\\x\\y.txt",
            "a\0.txt",
            "",
            "dir/..",
            ".",
        ] {
            assert!(validate_file_name(hostile, true).is_err(), "{hostile}");
        }
    }

    #[test]
    fn extensions_and_uris() {
        assert_eq!(split_extensions("archive.tar.gz"), ("archive".into(), ".tar.gz".into()));
        assert_eq!(split_extensions(".bashrc"), (".bashrc".into(), "".into()));
        assert_eq!(split_extensions("noext"), ("noext".into(), "".into()));
        assert_eq!(filepath_to_uri("upload\\été 1.png"), "upload/%C3%A9t%C3%A9%201.png");
        assert_eq!(get_random_string(7).len(), 7);
    }
}
