//! `FieldKind`: which Django field class a model field is, with the
//! arguments that shape its column (`max_length`, `max_digits`, ...).

/// The kind of a field: the Django field class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldKind {
    /// `AutoField` (32-bit auto-increment primary key).
    AutoField,
    /// `BigAutoField` (64-bit auto-increment primary key, Django's default).
    BigAutoField,
    /// `SmallAutoField` (16-bit auto-increment primary key).
    SmallAutoField,
    /// `CharField(max_length)`.
    CharField {
        /// `max_length`.
        max_length: u32,
    },
    /// `TextField`.
    TextField,
    /// `SlugField(max_length=50)`: a CharField indexed by default.
    SlugField {
        /// `max_length` (50 by default).
        max_length: u32,
    },
    /// `EmailField(max_length=254)`.
    EmailField {
        /// `max_length` (254 by default).
        max_length: u32,
    },
    /// `URLField(max_length=200)`.
    URLField {
        /// `max_length` (200 by default).
        max_length: u32,
    },
    /// `FileField(max_length=100)`: the column holds the file's name.
    FileField {
        /// `max_length` (100 by default).
        max_length: u32,
    },
    /// `ImageField(max_length=100)`: the column holds the file's name.
    ImageField {
        /// `max_length` (100 by default).
        max_length: u32,
    },
    /// `UUIDField`.
    UUIDField,
    /// `SmallIntegerField` (i16).
    SmallIntegerField,
    /// `IntegerField` (i32).
    IntegerField,
    /// `BigIntegerField` (i64).
    BigIntegerField,
    /// `PositiveSmallIntegerField` (0..=32767, a CHECK constraint).
    PositiveSmallIntegerField,
    /// `PositiveIntegerField` (0..=2147483647, a CHECK constraint).
    PositiveIntegerField,
    /// `PositiveBigIntegerField` (0..=i64::MAX, a CHECK constraint).
    PositiveBigIntegerField,
    /// `FloatField` (f64).
    FloatField,
    /// `DecimalField(max_digits, decimal_places)`.
    DecimalField {
        /// `max_digits`.
        max_digits: u32,
        /// `decimal_places`.
        decimal_places: u32,
    },
    /// `BooleanField`.
    BooleanField,
    /// `DateField`.
    DateField,
    /// `DateTimeField` (aware `DateTime<Utc>`, or naive `NaiveDateTime`).
    DateTimeField,
    /// `TimeField`.
    TimeField,
    /// `DurationField`.
    DurationField,
    /// `BinaryField`.
    BinaryField,
    /// `JSONField`.
    JSONField,
    /// `GenericIPAddressField`.
    GenericIPAddressField,
    /// `ForeignKey(to, on_delete)`; the column holds the target's id.
    ForeignKey,
    /// A user-defined field class (see [`CustomKind`]).
    Custom(CustomKind),
}

/// A user-defined field class stored like a built-in one (Django's custom
/// `Field` subclass whose `get_internal_type()` names a built-in class).
///
/// Migrations write `class_name` as the field's type and `internal` as its
/// `internal_type`; the column, decoding and lookups are the internal kind's.
///
/// ```
/// use nuages_db::models::{CustomKind, FieldKind};
/// const COLOR: FieldKind = FieldKind::Custom(CustomKind {
///     class_name: "ColorField",
///     internal: &FieldKind::CharField { max_length: 7 },
/// });
/// assert_eq!(COLOR.class_name(), "ColorField");
/// assert_eq!(COLOR.internal(), FieldKind::CharField { max_length: 7 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CustomKind {
    /// The class name written in migrations, e.g. `ColorField`.
    pub class_name: &'static str,
    /// The built-in kind whose column the field uses (Django's `get_internal_type`).
    pub internal: &'static FieldKind,
}

impl FieldKind {
    /// The Django class name, as written in migrations (`"CharField"`).
    pub fn class_name(&self) -> &'static str {
        match self {
            FieldKind::AutoField => "AutoField",
            FieldKind::BigAutoField => "BigAutoField",
            FieldKind::SmallAutoField => "SmallAutoField",
            FieldKind::CharField { .. } => "CharField",
            FieldKind::TextField => "TextField",
            FieldKind::SlugField { .. } => "SlugField",
            FieldKind::EmailField { .. } => "EmailField",
            FieldKind::URLField { .. } => "URLField",
            FieldKind::FileField { .. } => "FileField",
            FieldKind::ImageField { .. } => "ImageField",
            FieldKind::UUIDField => "UUIDField",
            FieldKind::SmallIntegerField => "SmallIntegerField",
            FieldKind::IntegerField => "IntegerField",
            FieldKind::BigIntegerField => "BigIntegerField",
            FieldKind::PositiveSmallIntegerField => "PositiveSmallIntegerField",
            FieldKind::PositiveIntegerField => "PositiveIntegerField",
            FieldKind::PositiveBigIntegerField => "PositiveBigIntegerField",
            FieldKind::FloatField => "FloatField",
            FieldKind::DecimalField { .. } => "DecimalField",
            FieldKind::BooleanField => "BooleanField",
            FieldKind::DateField => "DateField",
            FieldKind::DateTimeField => "DateTimeField",
            FieldKind::TimeField => "TimeField",
            FieldKind::DurationField => "DurationField",
            FieldKind::BinaryField => "BinaryField",
            FieldKind::JSONField => "JSONField",
            FieldKind::GenericIPAddressField => "GenericIPAddressField",
            FieldKind::ForeignKey => "ForeignKey",
            FieldKind::Custom(c) => c.class_name,
        }
    }

    /// The built-in kind behind this one: itself, or a custom kind's `internal`.
    pub fn internal(&self) -> FieldKind {
        match self {
            FieldKind::Custom(c) => c.internal.internal(),
            other => *other,
        }
    }

    /// The built-in kind named `class` (as written in migrations), with
    /// `max_length`/`max_digits`/`decimal_places` filled in from the
    /// arguments or the class defaults. `None` for an unknown class.
    pub fn from_class_name(
        class: &str,
        max_length: Option<u32>,
        max_digits: Option<u32>,
        decimal_places: Option<u32>,
    ) -> Option<FieldKind> {
        let len = |default: u32| max_length.unwrap_or(default);
        Some(match class {
            "AutoField" => FieldKind::AutoField,
            "BigAutoField" => FieldKind::BigAutoField,
            "SmallAutoField" => FieldKind::SmallAutoField,
            "CharField" => FieldKind::CharField { max_length: len(255) },
            "TextField" => FieldKind::TextField,
            "SlugField" => FieldKind::SlugField { max_length: len(50) },
            "EmailField" => FieldKind::EmailField { max_length: len(254) },
            "URLField" => FieldKind::URLField { max_length: len(200) },
            "FileField" => FieldKind::FileField { max_length: len(100) },
            "ImageField" => FieldKind::ImageField { max_length: len(100) },
            "UUIDField" => FieldKind::UUIDField,
            "SmallIntegerField" => FieldKind::SmallIntegerField,
            "IntegerField" => FieldKind::IntegerField,
            "BigIntegerField" => FieldKind::BigIntegerField,
            "PositiveSmallIntegerField" => FieldKind::PositiveSmallIntegerField,
            "PositiveIntegerField" => FieldKind::PositiveIntegerField,
            "PositiveBigIntegerField" => FieldKind::PositiveBigIntegerField,
            "FloatField" => FieldKind::FloatField,
            "DecimalField" => FieldKind::DecimalField {
                max_digits: max_digits.unwrap_or(0),
                decimal_places: decimal_places.unwrap_or(0),
            },
            "BooleanField" => FieldKind::BooleanField,
            "DateField" => FieldKind::DateField,
            "DateTimeField" => FieldKind::DateTimeField,
            "TimeField" => FieldKind::TimeField,
            "DurationField" => FieldKind::DurationField,
            "BinaryField" => FieldKind::BinaryField,
            "JSONField" => FieldKind::JSONField,
            "GenericIPAddressField" => FieldKind::GenericIPAddressField,
            "ForeignKey" => FieldKind::ForeignKey,
            _ => return None,
        })
    }

    /// `max_length`, for the kinds that have one.
    pub fn max_length(&self) -> Option<u32> {
        match self.internal() {
            FieldKind::CharField { max_length }
            | FieldKind::SlugField { max_length }
            | FieldKind::EmailField { max_length }
            | FieldKind::URLField { max_length }
            | FieldKind::FileField { max_length }
            | FieldKind::ImageField { max_length } => Some(max_length),
            _ => None,
        }
    }

    /// The class's own default `max_length` (left out of migrations, as
    /// Django's `deconstruct` leaves it out). EmailField keeps it, as in Django.
    pub fn default_max_length(&self) -> Option<u32> {
        match self {
            FieldKind::SlugField { .. } => Some(50),
            FieldKind::URLField { .. } => Some(200),
            FieldKind::FileField { .. } | FieldKind::ImageField { .. } => Some(100),
            _ => None,
        }
    }

    /// Whether the class indexes its column by default (`SlugField`, `ForeignKey`).
    pub fn default_db_index(&self) -> bool {
        matches!(self, FieldKind::SlugField { .. } | FieldKind::ForeignKey)
    }

    /// Whether values of this kind are text (string lookups apply).
    pub fn is_text(&self) -> bool {
        matches!(
            self.internal(),
            FieldKind::CharField { .. }
                | FieldKind::TextField
                | FieldKind::SlugField { .. }
                | FieldKind::EmailField { .. }
                | FieldKind::URLField { .. }
                | FieldKind::FileField { .. }
                | FieldKind::ImageField { .. }
                | FieldKind::GenericIPAddressField
        )
    }

    /// Whether empty strings are valid values (Django's `empty_strings_allowed`).
    pub fn empty_strings_allowed(&self) -> bool {
        self.is_text() && self.internal() != FieldKind::GenericIPAddressField
            || self.internal() == FieldKind::BinaryField
    }

    /// Whether this is an auto-increment primary key kind.
    pub fn is_auto(&self) -> bool {
        matches!(
            self,
            FieldKind::AutoField | FieldKind::BigAutoField | FieldKind::SmallAutoField
        )
    }

    /// Whether values are integers (all integer, auto and relation kinds).
    pub fn is_integer(&self) -> bool {
        matches!(
            self.internal(),
            FieldKind::AutoField
                | FieldKind::BigAutoField
                | FieldKind::SmallAutoField
                | FieldKind::SmallIntegerField
                | FieldKind::IntegerField
                | FieldKind::BigIntegerField
                | FieldKind::PositiveSmallIntegerField
                | FieldKind::PositiveIntegerField
                | FieldKind::PositiveBigIntegerField
                | FieldKind::ForeignKey
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_round_trip() {
        for kind in [
            FieldKind::SmallAutoField,
            FieldKind::SlugField { max_length: 50 },
            FieldKind::URLField { max_length: 200 },
            FieldKind::DecimalField {
                max_digits: 5,
                decimal_places: 2,
            },
            FieldKind::PositiveBigIntegerField,
            FieldKind::GenericIPAddressField,
        ] {
            let back = FieldKind::from_class_name(kind.class_name(), kind.max_length(), Some(5), Some(2));
            assert_eq!(back, Some(kind));
        }
        assert_eq!(FieldKind::from_class_name("NoSuchField", None, None, None), None);
        assert!(FieldKind::SlugField { max_length: 50 }.default_db_index());
        assert!(!FieldKind::GenericIPAddressField.empty_strings_allowed());
    }
}
