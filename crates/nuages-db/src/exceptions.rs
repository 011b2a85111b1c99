//! Errors of the ORM, with Django's names (`django.core.exceptions`,
//! `django.db.utils`, `django.db.migrations.exceptions`).

use std::fmt;

/// The result type of every fallible ORM call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Portable classification of a database error (Django's `django.db.utils`
/// hierarchy: `IntegrityError`, `OperationalError`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DatabaseErrorKind {
    /// A UNIQUE, FOREIGN KEY, NOT NULL or CHECK constraint failed.
    IntegrityError,
    /// The database could not run the statement (locked, missing table, ...).
    OperationalError,
    /// The SQL itself is wrong.
    ProgrammingError,
    /// Anything else the driver reported.
    DatabaseError,
}

/// An ORM error.
///
/// `DoesNotExist` and `MultipleObjectsReturned` name the model and display
/// Django's messages ("Question matching query does not exist."), so
/// `get_object_or_404` can match on them.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `Model.DoesNotExist`: `get()` found no row.
    #[error("{model} matching query does not exist.")]
    DoesNotExist {
        /// The model's name, e.g. `Question`.
        model: &'static str,
    },
    /// `Model.MultipleObjectsReturned`: `get()` found more than one row.
    #[error("get() returned more than one {model} -- it returned {count}!")]
    MultipleObjectsReturned {
        /// The model's name.
        model: &'static str,
        /// How many rows matched (`"more than 20"` is shown as 21).
        count: String,
    },
    /// `FieldError`: a lookup names a field or lookup that does not exist.
    #[error("{message}")]
    FieldError {
        /// The model the lookup was resolved against.
        model: &'static str,
        /// Django's message, e.g. "Cannot resolve keyword 'x' into field. Choices are: ...".
        message: String,
    },
    /// A value could not be converted to or from a field's type.
    #[error("invalid value for {model}.{field}: {message}")]
    ValidationError {
        /// The model's name.
        model: &'static str,
        /// The field's name.
        field: String,
        /// What was wrong.
        message: String,
    },
    /// `ProtectedError`: deleting would remove rows an `on_delete=PROTECT` key points to.
    #[error(
        "Cannot delete some instances of model '{model}' because they are referenced through protected foreign keys: {referenced_by}."
    )]
    ProtectedError {
        /// The model being deleted.
        model: &'static str,
        /// The protecting keys, quoted and comma-separated: `'Choice.question'`.
        referenced_by: String,
        /// The protecting objects, as `Model object (pk)` (Django's `protected_objects`).
        objects: Vec<String>,
    },
    /// `RestrictedError`: deleting would remove rows an `on_delete=RESTRICT`
    /// key points to, and they are not deleted by the same cascade.
    #[error(
        "Cannot delete some instances of model '{model}' because they are referenced through restricted foreign keys: {referenced_by}."
    )]
    RestrictedError {
        /// The model being deleted.
        model: &'static str,
        /// The restricting keys, quoted and comma-separated: `'Vote.choice'`.
        referenced_by: String,
        /// The restricting objects, as `Model object (pk)`.
        objects: Vec<String>,
    },
    /// A related object was read that the query did not load (Nuages runs
    /// no hidden query): the message names the fix (`select_related` /
    /// `prefetch_related`).
    #[error("{model}: {message}")]
    RelatedNotLoaded {
        /// The related model.
        model: &'static str,
        /// What was read and how to load it.
        message: String,
    },
    /// Python's `ValueError` as Django raises it (e.g. a relation used on an unsaved instance).
    #[error("{0}")]
    ValueError(String),
    /// `ConnectionDoesNotExist`.
    #[error("The connection '{alias}' doesn't exist.")]
    ConnectionDoesNotExist {
        /// The unknown alias.
        alias: String,
    },
    /// `ImproperlyConfigured`: a bad database URL or setting.
    #[error("{0}")]
    ImproperlyConfigured(String),
    /// A database error reported by the driver.
    #[error("{kind:?}: {message}")]
    Database {
        /// Its portable class.
        kind: DatabaseErrorKind,
        /// The driver's message.
        message: String,
        /// The driver's error.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// A migration problem (`NodeNotFound`, bad file, `IrreversibleError`, ...).
    #[error("{0}")]
    Migration(String),
    /// Reading or writing a migration file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// Whether this is `DoesNotExist` (what `get_object_or_404` turns into 404).
    pub fn is_does_not_exist(&self) -> bool {
        matches!(self, Error::DoesNotExist { .. })
    }

    /// The portable database error class, if this is a database error.
    pub fn database_kind(&self) -> Option<DatabaseErrorKind> {
        match self {
            Error::Database { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    pub(crate) fn field(model: &'static str, message: impl fmt::Display) -> Self {
        Error::FieldError {
            model,
            message: message.to_string(),
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(err: sqlx::Error) -> Self {
        use sqlx::error::ErrorKind;
        let kind = match &err {
            sqlx::Error::Database(db) => match db.kind() {
                ErrorKind::UniqueViolation
                | ErrorKind::ForeignKeyViolation
                | ErrorKind::NotNullViolation
                | ErrorKind::CheckViolation => DatabaseErrorKind::IntegrityError,
                _ => {
                    let msg = db.message();
                    let sqlstate = db.code().filter(|c| c.len() == 5).map(|c| c.into_owned());
                    if let Some(kind) = sqlstate.as_deref().and_then(sqlstate_kind) {
                        kind
                    } else if msg.contains("syntax error") || msg.contains("no such") {
                        DatabaseErrorKind::OperationalError
                    } else if msg.contains("FOREIGN KEY constraint failed") {
                        DatabaseErrorKind::IntegrityError
                    } else {
                        DatabaseErrorKind::DatabaseError
                    }
                }
            },
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::Protocol(_) => DatabaseErrorKind::OperationalError,
            _ => DatabaseErrorKind::DatabaseError,
        };
        let message = match &err {
            sqlx::Error::Database(db) => db.message().to_string(),
            other => other.to_string(),
        };
        Error::Database {
            kind,
            message,
            source: Some(Box::new(err)),
        }
    }
}

/// Django's classes for a SQLSTATE (PostgreSQL and MySQL report one):
/// class 23 is an integrity violation, 42 a programming error (unknown
/// table or column, bad syntax), 08/53/57/40 operational (connection,
/// resources, shutdown, deadlock/serialization).
fn sqlstate_kind(code: &str) -> Option<DatabaseErrorKind> {
    Some(match code.get(..2)? {
        "23" => DatabaseErrorKind::IntegrityError,
        "42" => DatabaseErrorKind::ProgrammingError,
        "08" | "53" | "57" | "40" | "HY" => DatabaseErrorKind::OperationalError,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_match_django() {
        let e = Error::DoesNotExist { model: "Question" };
        assert_eq!(e.to_string(), "Question matching query does not exist.");
        assert!(e.is_does_not_exist());
        let e = Error::MultipleObjectsReturned {
            model: "Question",
            count: "2".into(),
        };
        assert_eq!(e.to_string(), "get() returned more than one Question -- it returned 2!");
    }
}
