//! Uploaded files, Django's `django.core.files.uploadedfile`.
//!
//! An [`UploadedFile`] is one file of a `multipart/form-data` request
//! (`request.FILES["avatar"]`): its sanitised client-side name, the
//! content type and charset the client sent, its size, and its content,
//! held in memory (Django's `InMemoryUploadedFile`) or in a temporary file
//! that is deleted when the last clone of the value is dropped (Django's
//! `TemporaryUploadedFile`).

use std::fmt;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use tempfile::NamedTempFile;

/// Django's `UploadedFile.DEFAULT_CHUNK_SIZE`: 64 KiB.
pub const DEFAULT_CHUNK_SIZE: usize = 64 * 1024;

/// Where an upload's content lives.
#[derive(Clone)]
enum Content {
    /// Django's `InMemoryUploadedFile`.
    Memory(Bytes),
    /// Django's `TemporaryUploadedFile`: deleted with the last clone.
    Temporary(Arc<NamedTempFile>),
}

/// One uploaded file (Django's `UploadedFile`), as found in
/// [`Request::files`](crate::http::Request::files).
///
/// Cloning is cheap: in-memory content is shared, and a temporary file is
/// shared and removed from disk when the last clone is dropped.
#[derive(Clone)]
pub struct UploadedFile {
    name: String,
    content_type: String,
    size: u64,
    charset: Option<String>,
    content_type_extra: Vec<(String, String)>,
    content: Content,
}

impl UploadedFile {
    /// An in-memory upload (Django's `SimpleUploadedFile(name, content,
    /// content_type)`, handy in tests). `name` is reduced to its base name
    /// and to 255 characters, as Django does.
    pub fn in_memory(name: &str, content: impl Into<Bytes>, content_type: &str) -> UploadedFile {
        let content = content.into();
        UploadedFile {
            name: clean_name(name),
            content_type: content_type.to_owned(),
            size: content.len() as u64,
            charset: None,
            content_type_extra: Vec::new(),
            content: Content::Memory(content),
        }
    }

    /// An upload whose content is in a temporary file written by the
    /// multipart parser (Django's `TemporaryUploadedFile`).
    pub(crate) fn temporary(name: &str, file: NamedTempFile, size: u64, content_type: &str) -> UploadedFile {
        UploadedFile {
            name: clean_name(name),
            content_type: content_type.to_owned(),
            size,
            charset: None,
            content_type_extra: Vec::new(),
            content: Content::Temporary(Arc::new(file)),
        }
    }

    pub(crate) fn with_charset(mut self, charset: Option<String>, extra: Vec<(String, String)>) -> UploadedFile {
        self.charset = charset;
        self.content_type_extra = extra;
        self
    }

    /// The file name the client sent, without any directory part (`name`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Replace the name (as assigning `file.name` does), cleaned the same way.
    pub fn set_name(&mut self, name: &str) {
        self.name = clean_name(name);
    }

    /// The `Content-Type` of the part, without parameters (`content_type`);
    /// whatever the client claimed, never trust it for security decisions.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The `charset` parameter of the part's `Content-Type`, if any (`charset`).
    pub fn charset(&self) -> Option<&str> {
        self.charset.as_deref()
    }

    /// The other `Content-Type` parameters (`content_type_extra`).
    pub fn content_type_extra(&self) -> &[(String, String)] {
        &self.content_type_extra
    }

    /// Size in bytes (`size`).
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Whether the content is held in memory (an `InMemoryUploadedFile`).
    pub fn is_in_memory(&self) -> bool {
        matches!(self.content, Content::Memory(_))
    }

    /// The temporary file holding the content, for uploads spilled to disk
    /// (Django's `temporary_file_path()`); `None` for in-memory uploads.
    pub fn temporary_file_path(&self) -> Option<&Path> {
        match &self.content {
            Content::Temporary(file) => Some(file.path()),
            Content::Memory(_) => None,
        }
    }

    /// Whether reading in chunks of `chunk_size` takes more than one chunk
    /// (Django's `multiple_chunks()`).
    pub fn multiple_chunks(&self, chunk_size: Option<usize>) -> bool {
        self.size > chunk_size.unwrap_or(DEFAULT_CHUNK_SIZE) as u64
    }

    /// A fresh reader over the whole content, from its start (Django's
    /// `open()` + `read()` as a stream).
    ///
    /// # Errors
    /// An I/O error opening the temporary file.
    pub fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        match &self.content {
            Content::Memory(bytes) => Ok(Box::new(io::Cursor::new(bytes.clone()))),
            Content::Temporary(file) => {
                let mut handle = file.reopen()?;
                handle.seek(SeekFrom::Start(0))?;
                Ok(Box::new(handle))
            }
        }
    }

    /// The whole content (Django's `read()`); reads the temporary file for
    /// spilled uploads, so prefer [`UploadedFile::chunks`] for large ones.
    ///
    /// # Errors
    /// An I/O error reading the temporary file.
    pub fn read(&self) -> io::Result<Bytes> {
        match &self.content {
            Content::Memory(bytes) => Ok(bytes.clone()),
            Content::Temporary(_) => {
                let mut out = Vec::with_capacity(usize::try_from(self.size).unwrap_or(0));
                self.open()?.read_to_end(&mut out)?;
                Ok(Bytes::from(out))
            }
        }
    }

    /// The content in chunks of at most `chunk_size` bytes (default 64 KiB),
    /// Django's `chunks()`: the way to copy an upload without holding it
    /// all in memory.
    ///
    /// # Errors
    /// An I/O error opening the temporary file; read errors come as items.
    pub fn chunks(&self, chunk_size: Option<usize>) -> io::Result<Chunks> {
        Ok(Chunks {
            reader: self.open()?,
            chunk_size: chunk_size.unwrap_or(DEFAULT_CHUNK_SIZE).max(1),
        })
    }
}

/// Iterator returned by [`UploadedFile::chunks`].
pub struct Chunks {
    reader: Box<dyn Read + Send>,
    chunk_size: usize,
}

impl Iterator for Chunks {
    type Item = io::Result<Bytes>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut buf = vec![0; self.chunk_size];
        let mut filled = 0;
        while filled < buf.len() {
            match self.reader.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Some(Err(e)),
            }
        }
        if filled == 0 {
            return None;
        }
        buf.truncate(filled);
        Some(Ok(Bytes::from(buf)))
    }
}

/// Django's `UploadedFile._set_name`: keep the base name only and at most
/// 255 characters, shortening the stem so the extension survives.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    if base.chars().count() <= 255 {
        return base.to_owned();
    }
    let (stem, ext) = match base.rfind('.') {
        Some(dot) if dot > 0 => base.split_at(dot),
        _ => (base, ""),
    };
    let ext: String = ext.chars().take(255).collect();
    let keep = 255 - ext.chars().count();
    let stem: String = stem.chars().take(keep).collect();
    format!("{stem}{ext}")
}

impl fmt::Debug for UploadedFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.is_in_memory() {
            "InMemoryUploadedFile"
        } else {
            "TemporaryUploadedFile"
        };
        write!(f, "<{kind}: {} ({})>", self.name, self.content_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_base_names_of_at_most_255_chars() {
        assert_eq!(clean_name("C:\\Users\\me\\photo.jpg"), "photo.jpg");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        let long = format!("{}.txt", "a".repeat(300));
        let cleaned = clean_name(&long);
        assert_eq!(cleaned.len(), 255);
        assert!(cleaned.ends_with("a.txt"));
    }

    #[test]
    fn chunks_and_read() {
        let file = UploadedFile::in_memory("a.txt", &b"0123456789"[..], "text/plain");
        assert_eq!(file.size(), 10);
        let chunks: Vec<Bytes> = file.chunks(Some(4)).expect("open").map(|c| c.expect("read")).collect();
        assert_eq!(chunks, vec![&b"0123"[..], &b"4567"[..], &b"89"[..]]);
        assert!(file.multiple_chunks(Some(4)));
        assert_eq!(file.read().expect("read").as_ref(), b"0123456789");
        assert_eq!(format!("{file:?}"), "<InMemoryUploadedFile: a.txt (text/plain)>");
    }

    #[test]
    fn temporary_files_are_removed_with_the_last_clone() {
        let mut temp = NamedTempFile::new().expect("temp");
        std::io::Write::write_all(&mut temp, b"data").expect("write");
        let file = UploadedFile::temporary("x.bin", temp, 4, "application/octet-stream");
        let path = file.temporary_file_path().expect("spilled").to_owned();
        let copy = file.clone();
        drop(file);
        assert!(path.exists());
        assert_eq!(copy.read().expect("read").as_ref(), b"data");
        drop(copy);
        assert!(!path.exists());
    }
}
