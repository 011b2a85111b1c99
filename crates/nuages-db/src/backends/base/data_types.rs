//! Column types per vendor: Django's `DatabaseWrapper.data_types`,
//! `data_type_check_constraints` and `data_types_suffix` from
//! `sqlite3/base.py`, `postgresql/base.py` and `mysql/base.py` (Django 5.2).
//!
//! They live together (not in the vendor folders) because `sqlmigrate`
//! prints any vendor's DDL whether or not its driver is compiled in.

use super::features::DatabaseFeatures;
use crate::backends::Vendor;
use crate::models::FieldKind;

/// The column type of a field of `kind` (Django's `data_types[...] % data`).
pub(crate) fn data_type(vendor: Vendor, kind: FieldKind) -> String {
    data_type_with(vendor, DatabaseFeatures::default(), kind)
}

/// [`data_type`] on a server with `features` (MariaDB's native `uuid`).
pub(crate) fn data_type_with(vendor: Vendor, features: DatabaseFeatures, kind: FieldKind) -> String {
    use FieldKind as K;
    let kind = kind.internal();
    if kind == K::UUIDField && features.has_native_uuid_field {
        return "uuid".into();
    }
    let varchar = |n: u32| format!("varchar({n})");
    let ip_or_uuid_text = |n: u32| format!("char({n})");
    match (vendor, kind) {
        (_, K::CharField { max_length })
        | (_, K::SlugField { max_length })
        | (_, K::EmailField { max_length })
        | (_, K::URLField { max_length })
        | (_, K::FileField { max_length })
        | (_, K::ImageField { max_length }) => varchar(max_length),
        (_, K::SmallIntegerField) => "smallint".into(),
        (_, K::IntegerField) => "integer".into(),
        (_, K::BigIntegerField) => "bigint".into(),
        (_, K::DateField) => "date".into(),
        (_, K::AutoField) => "integer".into(),
        (Vendor::Sqlite, K::BigAutoField | K::SmallAutoField | K::ForeignKey) => "integer".into(),
        (_, K::BigAutoField | K::ForeignKey) => "bigint".into(),
        (_, K::SmallAutoField) => "smallint".into(),

        (Vendor::Sqlite, K::TextField) => "text".into(),
        (Vendor::Sqlite, K::PositiveSmallIntegerField) => "smallint unsigned".into(),
        (Vendor::Sqlite, K::PositiveIntegerField) => "integer unsigned".into(),
        (Vendor::Sqlite, K::PositiveBigIntegerField) => "bigint unsigned".into(),
        (Vendor::Sqlite, K::FloatField) => "real".into(),
        (Vendor::Sqlite, K::DecimalField { .. }) => "decimal".into(),
        (Vendor::Sqlite, K::BooleanField) => "bool".into(),
        (Vendor::Sqlite, K::DateTimeField) => "datetime".into(),
        (Vendor::Sqlite, K::TimeField) => "time".into(),
        (Vendor::Sqlite, K::DurationField) => "bigint".into(),
        (Vendor::Sqlite, K::BinaryField) => "BLOB".into(),
        (Vendor::Sqlite, K::JSONField) => "text".into(),
        (Vendor::Sqlite, K::UUIDField) => ip_or_uuid_text(32),
        (Vendor::Sqlite, K::GenericIPAddressField) => ip_or_uuid_text(39),

        (Vendor::Postgresql, K::TextField) => "text".into(),
        (Vendor::Postgresql, K::PositiveSmallIntegerField) => "smallint".into(),
        (Vendor::Postgresql, K::PositiveIntegerField) => "integer".into(),
        (Vendor::Postgresql, K::PositiveBigIntegerField) => "bigint".into(),
        (Vendor::Postgresql, K::FloatField) => "double precision".into(),
        (
            Vendor::Postgresql,
            K::DecimalField {
                max_digits,
                decimal_places,
            },
        ) => format!("numeric({max_digits}, {decimal_places})"),
        (Vendor::Postgresql, K::BooleanField) => "boolean".into(),
        (Vendor::Postgresql, K::DateTimeField) => "timestamp with time zone".into(),
        (Vendor::Postgresql, K::TimeField) => "time".into(),
        (Vendor::Postgresql, K::DurationField) => "interval".into(),
        (Vendor::Postgresql, K::BinaryField) => "bytea".into(),
        (Vendor::Postgresql, K::JSONField) => "jsonb".into(),
        (Vendor::Postgresql, K::UUIDField) => "uuid".into(),
        (Vendor::Postgresql, K::GenericIPAddressField) => "inet".into(),

        (Vendor::Mysql, K::TextField) => "longtext".into(),
        (Vendor::Mysql, K::PositiveSmallIntegerField) => "smallint UNSIGNED".into(),
        (Vendor::Mysql, K::PositiveIntegerField) => "integer UNSIGNED".into(),
        (Vendor::Mysql, K::PositiveBigIntegerField) => "bigint UNSIGNED".into(),
        (Vendor::Mysql, K::FloatField) => "double precision".into(),
        (
            Vendor::Mysql,
            K::DecimalField {
                max_digits,
                decimal_places,
            },
        ) => format!("numeric({max_digits}, {decimal_places})"),
        (Vendor::Mysql, K::BooleanField) => "bool".into(),
        (Vendor::Mysql, K::DateTimeField) => "datetime(6)".into(),
        (Vendor::Mysql, K::TimeField) => "time(6)".into(),
        (Vendor::Mysql, K::DurationField) => "bigint".into(),
        (Vendor::Mysql, K::BinaryField) => "longblob".into(),
        (Vendor::Mysql, K::JSONField) => "json".into(),
        (Vendor::Mysql, K::UUIDField) => ip_or_uuid_text(32),
        (Vendor::Mysql, K::GenericIPAddressField) => ip_or_uuid_text(39),
        // `internal()` never returns a custom kind.
        (_, K::Custom(_)) => "text".into(),
    }
}

/// The inline `CHECK` of a column (Django's `data_type_check_constraints`),
/// given the column's quoted name: positive integers on every vendor
/// (MariaDB and MySQL 8.0.16+ enforce column checks) and JSON validity on SQLite.
pub(crate) fn check_constraint(vendor: Vendor, kind: FieldKind, quoted_column: &str) -> Option<String> {
    match kind.internal() {
        FieldKind::PositiveSmallIntegerField | FieldKind::PositiveIntegerField | FieldKind::PositiveBigIntegerField => {
            Some(format!("{quoted_column} >= 0"))
        }
        FieldKind::JSONField if vendor == Vendor::Sqlite => {
            Some(format!("(JSON_VALID({quoted_column}) OR {quoted_column} IS NULL)"))
        }
        _ => None,
    }
}

/// The column type of a relation pointing at a primary key of `pk_kind`
/// (Django's `rel_db_type`: an auto field's relation is a plain integer).
pub(crate) fn rel_data_type(vendor: Vendor, features: DatabaseFeatures, pk_kind: FieldKind) -> String {
    match pk_kind.internal() {
        FieldKind::AutoField => data_type(vendor, FieldKind::IntegerField),
        FieldKind::BigAutoField => data_type(vendor, FieldKind::BigIntegerField),
        FieldKind::SmallAutoField => data_type(vendor, FieldKind::SmallIntegerField),
        // Positive integers keep their unsigned type where related fields
        // must match it (MySQL's `related_fields_match_type`), else the
        // plain integer type (Django's `PositiveIntegerRelDbTypeMixin`).
        FieldKind::PositiveSmallIntegerField if vendor != Vendor::Mysql => {
            data_type(vendor, FieldKind::SmallIntegerField)
        }
        FieldKind::PositiveIntegerField if vendor != Vendor::Mysql => data_type(vendor, FieldKind::IntegerField),
        FieldKind::PositiveBigIntegerField if vendor != Vendor::Mysql => data_type(vendor, FieldKind::BigIntegerField),
        other => data_type_with(vendor, features, other),
    }
}

/// Whether MySQL needs a default of this kind written as an expression,
/// `DEFAULT (...)` (Django's `_is_limited_data_type`: BLOB, TEXT, JSON).
pub(crate) fn mysql_limited(kind: FieldKind) -> bool {
    matches!(
        kind.internal(),
        FieldKind::TextField | FieldKind::BinaryField | FieldKind::JSONField
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_follow_djangos_tables() {
        let dec = FieldKind::DecimalField {
            max_digits: 8,
            decimal_places: 2,
        };
        assert_eq!(data_type(Vendor::Sqlite, dec), "decimal");
        assert_eq!(data_type(Vendor::Postgresql, dec), "numeric(8, 2)");
        assert_eq!(data_type(Vendor::Mysql, FieldKind::UUIDField), "char(32)");
        assert_eq!(data_type(Vendor::Postgresql, FieldKind::DurationField), "interval");
        assert_eq!(data_type(Vendor::Sqlite, FieldKind::SmallAutoField), "integer");
        assert_eq!(
            check_constraint(Vendor::Sqlite, FieldKind::JSONField, "\"j\"").as_deref(),
            Some("(JSON_VALID(\"j\") OR \"j\" IS NULL)")
        );
        assert_eq!(
            check_constraint(Vendor::Postgresql, FieldKind::JSONField, "\"j\""),
            None
        );
        assert_eq!(
            rel_data_type(
                Vendor::Postgresql,
                DatabaseFeatures::default(),
                FieldKind::SmallAutoField
            ),
            "smallint"
        );
    }
}
