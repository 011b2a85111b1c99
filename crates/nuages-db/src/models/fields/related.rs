//! Relation fields: `ForeignKey<T>` and `on_delete` (Django's
//! `django.db.models.fields.related` and `deletion.CASCADE`, ...).

use std::fmt;
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{FieldKind, FieldType, RelatedTarget};
use crate::Value;
use crate::models::Model;

/// What deleting the target does to rows pointing at it (Django's `on_delete`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum OnDelete {
    /// `CASCADE`: delete them too.
    Cascade,
    /// `PROTECT`: refuse with `ProtectedError`.
    Protect,
    /// `RESTRICT`: refuse with `RestrictedError`, unless the rows pointing
    /// here are deleted by the same call through another `CASCADE`.
    Restrict,
    /// `SET_NULL`: set the key to NULL (the field must be `null`).
    SetNull,
    /// `SET_DEFAULT`: set the key to the field's `default`.
    SetDefault,
    /// `DO_NOTHING`: leave them; the database decides.
    DoNothing,
}

impl OnDelete {
    /// Django's spelling, as written in migrations (`"CASCADE"`).
    pub fn as_django(&self) -> &'static str {
        match self {
            OnDelete::Cascade => "CASCADE",
            OnDelete::Protect => "PROTECT",
            OnDelete::Restrict => "RESTRICT",
            OnDelete::SetNull => "SET_NULL",
            OnDelete::SetDefault => "SET_DEFAULT",
            OnDelete::DoNothing => "DO_NOTHING",
        }
    }

    /// Parse Django's spelling.
    pub fn from_django(s: &str) -> Option<Self> {
        Some(match s {
            "CASCADE" => OnDelete::Cascade,
            "PROTECT" => OnDelete::Protect,
            "RESTRICT" => OnDelete::Restrict,
            "SET_NULL" => OnDelete::SetNull,
            "SET_DEFAULT" => OnDelete::SetDefault,
            "DO_NOTHING" => OnDelete::DoNothing,
            _ => return None,
        })
    }
}

/// A `ForeignKey` to model `T`: holds the target's id (the `<name>_id` column).
///
/// Serializes as the bare id, as Django's serializers do.
pub struct ForeignKey<T> {
    id: i64,
    _target: PhantomData<fn() -> T>,
}

impl<T> ForeignKey<T> {
    /// A key pointing at the row with primary key `id`.
    pub fn new(id: i64) -> Self {
        ForeignKey {
            id,
            _target: PhantomData,
        }
    }

    /// The target's primary key (Django's `question_id`).
    pub fn id(&self) -> i64 {
        self.id
    }
}

impl<T: Model> ForeignKey<T> {
    /// Fetch the target row (one query; Django's `choice.question`).
    pub async fn get(&self) -> crate::Result<T> {
        T::objects().filter(crate::models::Q::new("pk", self.id)).get().await
    }
}

impl<T: Model> From<&T> for ForeignKey<T> {
    fn from(target: &T) -> Self {
        ForeignKey::new(target.pk())
    }
}

/// A key from a primary key value (`default = 1i64` for `SET_DEFAULT`).
impl<T> From<i64> for ForeignKey<T> {
    fn from(id: i64) -> Self {
        ForeignKey::new(id)
    }
}

impl<T> Clone for ForeignKey<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for ForeignKey<T> {}

impl<T> PartialEq for ForeignKey<T> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl<T> Eq for ForeignKey<T> {}

impl<T> fmt::Debug for ForeignKey<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ForeignKey({})", self.id)
    }
}

impl<T> fmt::Display for ForeignKey<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.id)
    }
}

impl<T> Serialize for ForeignKey<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.id)
    }
}

impl<'de, T> Deserialize<'de> for ForeignKey<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        i64::deserialize(deserializer).map(ForeignKey::new)
    }
}

impl<T: Model> FieldType for ForeignKey<T> {
    fn field_kind() -> FieldKind {
        FieldKind::ForeignKey
    }
    fn related_target() -> Option<RelatedTarget> {
        Some(RelatedTarget { meta: T::meta })
    }
    fn to_value(&self) -> Value {
        Value::Int(self.id)
    }
    fn from_value(value: Value) -> Result<Self, String> {
        i64::from_value(value).map(ForeignKey::new)
    }
}
