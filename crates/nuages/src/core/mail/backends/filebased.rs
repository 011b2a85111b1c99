//! Django's `filebased.EmailBackend`: messages appended to a new file in
//! `EMAIL_FILE_PATH`, one file per connection, named
//! `YYYYmmdd-HHMMSS-<unique>.log`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::super::{EmailMessage, MailError};
use super::message_text;
use crate::conf::Settings;
use crate::handler::BoxFuture;

/// Writes messages to a file under a folder.
pub struct EmailBackend {
    file_path: PathBuf,
    file_name: Mutex<Option<PathBuf>>,
}

impl EmailBackend {
    /// A backend writing under `EMAIL_FILE_PATH` (relative to `BASE_DIR`).
    ///
    /// # Errors
    /// [`MailError::ImproperlyConfigured`] when `EMAIL_FILE_PATH` is unset,
    /// is a file, or cannot be created.
    pub fn from_settings(settings: &Settings) -> Result<Self, MailError> {
        let path = settings.EMAIL_FILE_PATH.as_ref().ok_or_else(|| {
            MailError::ImproperlyConfigured("The filebased email backend needs EMAIL_FILE_PATH.".to_owned())
        })?;
        Self::new(&settings.BASE_DIR.join(path))
    }

    /// A backend writing under `file_path`, created if missing.
    ///
    /// # Errors
    /// As [`from_settings`](Self::from_settings).
    pub fn new(file_path: &Path) -> Result<Self, MailError> {
        if file_path.exists() && !file_path.is_dir() {
            return Err(MailError::ImproperlyConfigured(format!(
                "Path for saving email messages exists, but is not a directory: {}",
                file_path.display()
            )));
        }
        std::fs::create_dir_all(file_path).map_err(|e| {
            MailError::ImproperlyConfigured(format!(
                "Could not create directory for saving email messages: {} ({e})",
                file_path.display()
            ))
        })?;
        Ok(EmailBackend {
            file_path: file_path.to_owned(),
            file_name: Mutex::new(None),
        })
    }

    /// The file this connection writes to (chosen on first use).
    fn file_name(&self) -> PathBuf {
        let mut name = self.file_name.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        name.get_or_insert_with(|| {
            let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
            let unique = uuid::Uuid::new_v4().simple().to_string();
            self.file_path.join(format!("{stamp}-{}.log", &unique[..12]))
        })
        .clone()
    }
}

impl super::EmailBackend for EmailBackend {
    fn send_messages<'a>(&'a self, messages: &'a [EmailMessage]) -> BoxFuture<'a, Result<usize, MailError>> {
        Box::pin(async move {
            let texts = messages.iter().map(message_text).collect::<Result<Vec<_>, _>>()?;
            let path = self.file_name();
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .map_err(|e| MailError::Io(format!("{}: {e}", path.display())))?;
            for text in &texts {
                write!(file, "{text}\n{}\n", "-".repeat(79))
                    .map_err(|e| MailError::Io(format!("{}: {e}", path.display())))?;
            }
            Ok(texts.len())
        })
    }
}
