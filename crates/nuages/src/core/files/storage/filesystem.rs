//! Django's `FileSystemStorage`: files under a folder (`MEDIA_ROOT`),
//! served under a URL prefix (`MEDIA_URL`).

use std::fs::{self, OpenOptions};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

use super::{Storage, StorageError, StorageResult, filepath_to_uri, suspicious};

/// Files stored under `location`, served at `base_url` (Django's
/// `FileSystemStorage(location, base_url, file_permissions_mode)`).
///
/// ```
/// use nuages::core::files::storage::{FileSystemStorage, Storage};
/// let root = tempfile::tempdir().unwrap();
/// let storage = FileSystemStorage::new(root.path(), "/media/");
/// let first = storage.save("docs/a b.txt", &mut &b"hello"[..], None).unwrap();
/// assert_eq!(first, "docs/a b.txt");
/// let second = storage.save("docs/a b.txt", &mut &b"again"[..], None).unwrap();
/// assert!(second.starts_with("docs/a b_") && second.ends_with(".txt")); // never overwrites
/// assert_eq!(storage.url(&first).unwrap(), "/media/docs/a%20b.txt");
/// assert!(storage.path("../etc/passwd").is_err());
/// ```
#[derive(Clone, Debug)]
pub struct FileSystemStorage {
    location: PathBuf,
    base_url: Option<String>,
    file_permissions_mode: Option<u32>,
    directory_permissions_mode: Option<u32>,
}

impl FileSystemStorage {
    /// Storage rooted at `location` with files served under `base_url`
    /// (a trailing `/` is added; empty means no URL).
    pub fn new(location: impl Into<PathBuf>, base_url: &str) -> Self {
        let base_url = match base_url {
            "" => None,
            url if url.ends_with('/') => Some(url.to_owned()),
            url => Some(format!("{url}/")),
        };
        FileSystemStorage {
            location: location.into(),
            base_url,
            file_permissions_mode: Some(0o644),
            directory_permissions_mode: None,
        }
    }

    /// The default storage: `MEDIA_ROOT` (relative to `BASE_DIR`) and
    /// `MEDIA_URL`, `FILE_UPLOAD_PERMISSIONS` and
    /// `FILE_UPLOAD_DIRECTORY_PERMISSIONS`.
    pub fn from_settings(settings: &crate::conf::Settings) -> Self {
        let mut storage = FileSystemStorage::new(settings.BASE_DIR.join(&settings.MEDIA_ROOT), &settings.MEDIA_URL);
        storage.file_permissions_mode = settings.FILE_UPLOAD_PERMISSIONS;
        storage.directory_permissions_mode = settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS;
        storage
    }

    /// Unix permissions given to saved files (`None`: the umask decides).
    pub fn with_file_permissions_mode(mut self, mode: Option<u32>) -> Self {
        self.file_permissions_mode = mode;
        self
    }

    /// The root folder (`location`).
    pub fn location(&self) -> &Path {
        &self.location
    }

    /// The URL prefix (`base_url`), with its trailing slash.
    pub fn base_url(&self) -> Option<&str> {
        self.base_url.as_deref()
    }

    /// Django's `safe_join(location, name)`: the path of `name` inside the
    /// root, refusing `..`, absolute paths, drive prefixes and NUL bytes.
    fn resolve(&self, name: &str) -> StorageResult<PathBuf> {
        let refused = || {
            suspicious(format!(
                "The joined path ({name}) is located outside of the base path component ({})",
                self.location.display()
            ))
        };
        if name.contains('\0') {
            return Err(refused());
        }
        let mut path = self.location.clone();
        for component in Path::new(&name.replace('\\', "/")).components() {
            match component {
                Component::Normal(part) => path.push(part),
                Component::CurDir => {}
                Component::ParentDir | Component::RootDir | Component::Prefix(_) => return Err(refused()),
            }
        }
        Ok(path)
    }

    fn not_found(name: &str, error: io::Error) -> StorageError {
        if error.kind() == io::ErrorKind::NotFound {
            StorageError::NotFound(name.to_owned())
        } else {
            StorageError::Io(error)
        }
    }

    fn create_dirs(&self, dir: &Path) -> io::Result<()> {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        if let Some(mode) = self.directory_permissions_mode {
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, mode);
        }
        builder.create(dir)
    }
}

impl Storage for FileSystemStorage {
    fn save_new(&self, name: &str, content: &mut dyn Read) -> StorageResult<String> {
        let mut name = name.to_owned();
        loop {
            let full = self.resolve(&name)?;
            if let Some(dir) = full.parent() {
                self.create_dirs(dir)?;
            }
            // O_EXCL: never overwrite a file created since the name was picked.
            let file = OpenOptions::new().write(true).create_new(true).open(&full);
            let mut file = match file {
                Ok(file) => file,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    name = self.get_available_name(&name, None)?;
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            if let Err(error) = io::copy(content, &mut file) {
                drop(file);
                let _ = fs::remove_file(&full);
                return Err(error.into());
            }
            #[cfg(unix)]
            if let Some(mode) = self.file_permissions_mode {
                use std::os::unix::fs::PermissionsExt;
                fs::set_permissions(&full, fs::Permissions::from_mode(mode))?;
            }
            return Ok(name.replace('\\', "/"));
        }
    }

    fn open(&self, name: &str) -> StorageResult<Box<dyn Read + Send>> {
        let full = self.resolve(name)?;
        let file = fs::File::open(&full).map_err(|e| Self::not_found(name, e))?;
        Ok(Box::new(file))
    }

    fn delete(&self, name: &str) -> StorageResult<()> {
        if name.is_empty() {
            return Err(suspicious("The name must be given to delete().".to_owned()));
        }
        let full = self.resolve(name)?;
        let result = match fs::metadata(&full) {
            Ok(meta) if meta.is_dir() => fs::remove_dir(&full),
            Ok(_) => fs::remove_file(&full),
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    fn exists(&self, name: &str) -> StorageResult<bool> {
        Ok(fs::symlink_metadata(self.resolve(name)?).is_ok())
    }

    fn size(&self, name: &str) -> StorageResult<u64> {
        let full = self.resolve(name)?;
        Ok(fs::metadata(&full).map_err(|e| Self::not_found(name, e))?.len())
    }

    fn url(&self, name: &str) -> StorageResult<String> {
        let Some(base) = &self.base_url else {
            return Err(StorageError::NotImplemented("URLs (no base_url / MEDIA_URL is set)"));
        };
        let url = filepath_to_uri(name);
        Ok(format!("{base}{}", url.trim_start_matches('/')))
    }

    fn listdir(&self, path: &str) -> StorageResult<(Vec<String>, Vec<String>)> {
        let full = if path.is_empty() || path == "." {
            self.location.clone()
        } else {
            self.resolve(path)?
        };
        let (mut dirs, mut files) = (Vec::new(), Vec::new());
        for entry in fs::read_dir(&full).map_err(|e| Self::not_found(path, e))? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type()?.is_dir() {
                dirs.push(name);
            } else {
                files.push(name);
            }
        }
        dirs.sort();
        files.sort();
        Ok((dirs, files))
    }

    fn path(&self, name: &str) -> StorageResult<PathBuf> {
        self.resolve(name)
    }

    fn get_modified_time(&self, name: &str) -> StorageResult<SystemTime> {
        let full = self.resolve(name)?;
        Ok(fs::metadata(&full).map_err(|e| Self::not_found(name, e))?.modified()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn storage() -> (tempfile::TempDir, FileSystemStorage) {
        let dir = tempfile::tempdir().expect("tempdir");
        let storage = FileSystemStorage::new(dir.path(), "/media");
        (dir, storage)
    }

    #[test]
    fn save_open_size_delete_listdir() {
        let (_dir, storage) = storage();
        let name = storage.save("a/b/c.txt", &mut &b"hello"[..], None).expect("saved");
        assert_eq!(name, "a/b/c.txt");
        assert!(storage.exists("a/b/c.txt").expect("checked"));
        assert_eq!(storage.size(&name).expect("size"), 5);
        let mut text = String::new();
        storage
            .open(&name)
            .expect("open")
            .read_to_string(&mut text)
            .expect("read");
        assert_eq!(text, "hello");
        assert_eq!(storage.url(&name).expect("url"), "/media/a/b/c.txt");
        assert_eq!(storage.listdir("a").expect("list"), (vec!["b".to_owned()], vec![]));
        assert_eq!(storage.listdir("a/b").expect("list").1, vec!["c.txt".to_owned()]);
        storage.delete(&name).expect("deleted");
        storage.delete(&name).expect("deleting a missing file is fine");
        assert!(!storage.exists(&name).expect("checked"));
        assert!(matches!(storage.size(&name), Err(StorageError::NotFound(_))));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let again = storage.save("p.txt", &mut &b"x"[..], None).expect("saved");
            let mode = fs::metadata(storage.path(&again).expect("path"))
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }

    #[test]
    fn uploads_never_overwrite() {
        let (_dir, storage) = storage();
        let first = storage.save("photo.tar.gz", &mut &b"1"[..], None).expect("saved");
        let second = storage.save("photo.tar.gz", &mut &b"2"[..], None).expect("saved");
        assert_eq!(first, "photo.tar.gz");
        assert_ne!(first, second);
        let re = regex::Regex::new(r"^photo_[A-Za-z0-9]{7}\.tar\.gz$").expect("regex");
        assert!(re.is_match(&second), "{second}");
        let mut text = String::new();
        storage
            .open(&first)
            .expect("open")
            .read_to_string(&mut text)
            .expect("read");
        assert_eq!(text, "1");
        // max_length cuts the stem to fit.
        let long = storage.save("photo.tar.gz", &mut &b"3"[..], Some(20)).expect("saved");
        assert!(long.chars().count() <= 20 && long.ends_with(".tar.gz"), "{long}");
        assert!(storage.save("photo.tar.gz", &mut &b"4"[..], Some(9)).is_err());
    }

    #[test]
    fn traversal_is_refused_everywhere() {
        let (dir, storage) = storage();
        let hostile = [
            "../escape.txt",
            "a/../../escape.txt",
            "/etc/passwd",
            "a\0b.txt",
            "..",
            "C:\\Windows\\x",
        ];
        for name in hostile {
            assert!(
                matches!(
                    storage.save(name, &mut &b"x"[..], None),
                    Err(StorageError::SuspiciousFileOperation(_))
                ),
                "save {name:?}"
            );
            if name != "C:\\Windows\\x" {
                assert!(storage.path(name).is_err() || name == "..", "path {name:?}");
                assert!(storage.open(name).is_err(), "open {name:?}");
                assert!(storage.delete(name).is_err(), "delete {name:?}");
                assert!(storage.exists(name).is_err() || name == "..", "exists {name:?}");
            }
        }
        assert!(storage.listdir("..").is_err());
        let parent = dir.path().parent().expect("parent");
        assert!(!parent.join("escape.txt").exists());
        // `%2e%2e` is an ordinary (odd) name to a storage: it stays inside.
        let odd = storage
            .save("%2e%2e/x.txt", &mut &b"x"[..], None)
            .expect("saved inside");
        assert!(storage.path(&odd).expect("path").starts_with(dir.path()));
        let e: crate::error::Error = StorageError::SuspiciousFileOperation("x".into()).into();
        assert_eq!(e.status(), http::StatusCode::BAD_REQUEST);
    }

    #[test]
    fn generate_filename_cleans_the_name() {
        let (_dir, storage) = storage();
        assert_eq!(
            storage
                .generate_filename("uploads/2024/my photo (1).jpg")
                .expect("valid"),
            "uploads/2024/my_photo_1.jpg"
        );
        assert!(storage.generate_filename("../x.jpg").is_err());
    }
}
