//! The SQL of expressions and lookups that differs per vendor (Django's
//! `DatabaseOperations`: `datetime_extract_sql`, `datetime_trunc_sql`,
//! `regex_lookup`, `cast_data_types`, `random_function_sql`, and the
//! `features` flags the compiler asks). Templates use `{}` for each
//! argument; `sql::expressions` turns them into the dialect's placeholders.
//!
//! Datetimes are stored in UTC, so parts are taken in UTC, as Django's are
//! with `USE_TZ = True` and `TIME_ZONE = "UTC"`.

use crate::backends::Vendor;
use crate::models::FieldKind;
use crate::models::functions::DatePart;

impl Vendor {
    /// `EXTRACT(part FROM {})` as this vendor spells it; the result is an integer.
    pub(crate) fn datetime_extract_sql(self, part: DatePart) -> Option<String> {
        Some(match self {
            Vendor::Sqlite => {
                let fmt = match part {
                    DatePart::Year => "%Y",
                    DatePart::IsoYear => "%G",
                    DatePart::Month => "%m",
                    DatePart::Week => "%V",
                    DatePart::Day => "%d",
                    DatePart::IsoWeekDay => "%u",
                    DatePart::Hour => "%H",
                    DatePart::Minute => "%M",
                    DatePart::Second => "%S",
                    DatePart::WeekDay => return Some("(CAST(strftime('%w', {}) AS INTEGER) + 1)".to_owned()),
                    DatePart::Quarter => {
                        return Some("((CAST(strftime('%m', {}) AS INTEGER) + 2) / 3)".to_owned());
                    }
                    DatePart::Date => return None,
                };
                format!("CAST(strftime('{fmt}', {{}}) AS INTEGER)")
            }
            Vendor::Postgresql => {
                let (field, value) = match part {
                    DatePart::WeekDay => ("DOW", "{} AT TIME ZONE 'UTC'"),
                    DatePart::IsoWeekDay => ("ISODOW", "{} AT TIME ZONE 'UTC'"),
                    DatePart::IsoYear => ("ISOYEAR", "{} AT TIME ZONE 'UTC'"),
                    DatePart::Second => ("SECOND", "DATE_TRUNC('second', {} AT TIME ZONE 'UTC')"),
                    DatePart::Date => return None,
                    other => (pg_part(other), "{} AT TIME ZONE 'UTC'"),
                };
                let plus = if part == DatePart::WeekDay { " + 1" } else { "" };
                format!("CAST(EXTRACT({field} FROM {value}){plus} AS integer)")
            }
            Vendor::Mysql => match part {
                DatePart::WeekDay => "DAYOFWEEK({})".to_owned(),
                DatePart::IsoWeekDay => "(WEEKDAY({}) + 1)".to_owned(),
                DatePart::Week => "WEEK({}, 3)".to_owned(),
                DatePart::IsoYear => "(YEARWEEK({}, 3) DIV 100)".to_owned(),
                DatePart::Date => return None,
                other => format!("EXTRACT({} FROM {{}})", pg_part(other)),
            },
        })
    }

    /// `DATE_TRUNC('part', {})` as this vendor spells it; the result is a datetime.
    pub(crate) fn datetime_trunc_sql(self, part: DatePart) -> Option<String> {
        Some(match self {
            Vendor::Sqlite => match part {
                DatePart::Year => "strftime('%Y-01-01 00:00:00', {})".to_owned(),
                DatePart::Month => "strftime('%Y-%m-01 00:00:00', {})".to_owned(),
                DatePart::Day | DatePart::Date => "strftime('%Y-%m-%d 00:00:00', {})".to_owned(),
                DatePart::Hour => "strftime('%Y-%m-%d %H:00:00', {})".to_owned(),
                DatePart::Minute => "strftime('%Y-%m-%d %H:%M:00', {})".to_owned(),
                DatePart::Second => "strftime('%Y-%m-%d %H:%M:%S', {})".to_owned(),
                DatePart::Week => {
                    "strftime('%Y-%m-%d 00:00:00', {}, '-' || ((CAST(strftime('%w', {}) AS INTEGER) + 6) % 7) || ' days')"
                        .to_owned()
                }
                DatePart::Quarter => "(strftime('%Y-', {}) || printf('%02d', ((CAST(strftime('%m', {}) AS INTEGER) - 1) / 3) * 3 + 1) || '-01 00:00:00')".to_owned(),
                _ => return None,
            },
            Vendor::Postgresql => {
                let p = match part {
                    DatePart::Date => "day",
                    DatePart::Year => "year",
                    DatePart::Quarter => "quarter",
                    DatePart::Month => "month",
                    DatePart::Week => "week",
                    DatePart::Day => "day",
                    DatePart::Hour => "hour",
                    DatePart::Minute => "minute",
                    DatePart::Second => "second",
                    _ => return None,
                };
                format!("DATE_TRUNC('{p}', {{}} AT TIME ZONE 'UTC')")
            }
            Vendor::Mysql => {
                let fmt = match part {
                    DatePart::Year => "%Y-01-01 00:00:00",
                    DatePart::Month => "%Y-%m-01 00:00:00",
                    DatePart::Day | DatePart::Date => "%Y-%m-%d 00:00:00",
                    DatePart::Hour => "%Y-%m-%d %H:00:00",
                    DatePart::Minute => "%Y-%m-%d %H:%i:00",
                    DatePart::Second => "%Y-%m-%d %H:%i:%s",
                    DatePart::Week => {
                        return Some(
                            "CAST(DATE_FORMAT(DATE_SUB({}, INTERVAL WEEKDAY({}) DAY), '%Y-%m-%d 00:00:00') AS DATETIME)"
                                .to_owned(),
                        );
                    }
                    DatePart::Quarter => {
                        return Some(
                            "CAST(MAKEDATE(YEAR({}), 1) + INTERVAL QUARTER({}) QUARTER - INTERVAL 1 QUARTER AS DATETIME)"
                                .to_owned(),
                        );
                    }
                    _ => return None,
                };
                format!("CAST(DATE_FORMAT({{}}, '{fmt}') AS DATETIME)")
            }
        })
    }

    /// The date of a datetime, as text `YYYY-MM-DD` on SQLite (the `__date` lookup).
    pub(crate) fn datetime_cast_date_sql(self) -> &'static str {
        match self {
            Vendor::Sqlite => "date({})",
            Vendor::Postgresql => "({} AT TIME ZONE 'UTC')::date",
            Vendor::Mysql => "DATE({})",
        }
    }

    /// `regex` / `iregex` (Django's `regex_lookup`); SQLite's `REGEXP` is
    /// the function registered on each connection (Rust's `regex` syntax).
    pub(crate) fn regex_lookup(self, insensitive: bool) -> &'static str {
        match (self, insensitive) {
            (Vendor::Sqlite, false) => "{} REGEXP {}",
            (Vendor::Sqlite, true) => "{} REGEXP '(?i)' || {}",
            (Vendor::Postgresql, false) => "{}::text ~ {}",
            (Vendor::Postgresql, true) => "{}::text ~* {}",
            // MariaDB's spelling (the one on our CI); its default collations ignore case.
            (Vendor::Mysql, false) => "{} REGEXP BINARY {}",
            (Vendor::Mysql, true) => "{} REGEXP {}",
        }
    }

    /// The column type a `Cast` converts to (Django's `cast_data_types`, else the column type).
    pub(crate) fn cast_type(self, kind: FieldKind) -> String {
        match (self, kind) {
            (Vendor::Mysql, FieldKind::CharField { max_length }) => format!("char({max_length})"),
            (Vendor::Mysql, FieldKind::TextField) => "char".to_owned(),
            (
                Vendor::Mysql,
                FieldKind::IntegerField
                | FieldKind::BigIntegerField
                | FieldKind::SmallIntegerField
                | FieldKind::AutoField
                | FieldKind::BigAutoField
                | FieldKind::ForeignKey
                | FieldKind::BooleanField,
            ) => "signed integer".to_owned(),
            (Vendor::Mysql, FieldKind::FloatField) => "double".to_owned(),
            (Vendor::Mysql, FieldKind::DateTimeField) => "datetime(6)".to_owned(),
            (_, FieldKind::CharField { max_length }) => format!("varchar({max_length})"),
            (_, FieldKind::TextField) => "text".to_owned(),
            (_, FieldKind::SmallIntegerField) => "smallint".to_owned(),
            (_, FieldKind::IntegerField | FieldKind::AutoField) => "integer".to_owned(),
            (_, FieldKind::BigIntegerField | FieldKind::BigAutoField | FieldKind::ForeignKey) => "bigint".to_owned(),
            (Vendor::Sqlite, FieldKind::FloatField) => "real".to_owned(),
            (_, FieldKind::FloatField) => "double precision".to_owned(),
            (Vendor::Sqlite, FieldKind::BooleanField) => "bool".to_owned(),
            (_, FieldKind::BooleanField) => "boolean".to_owned(),
            (Vendor::Sqlite, FieldKind::DateTimeField) => "datetime".to_owned(),
            (_, FieldKind::DateTimeField) => "timestamp with time zone".to_owned(),
            #[allow(unreachable_patterns)]
            _ => "text".to_owned(),
        }
    }

    /// `ORDER BY ?` (Django's `random_function_sql`).
    pub(crate) fn random_function_sql(self) -> &'static str {
        match self {
            Vendor::Mysql => "RAND()",
            _ => "RANDOM()",
        }
    }

    /// Whether aggregates take `FILTER (WHERE ...)` (Django's
    /// `supports_aggregate_filter_clause`); else `CASE WHEN` is used.
    pub(crate) fn supports_aggregate_filter_clause(self) -> bool {
        !matches!(self, Vendor::Mysql)
    }

    /// The string-concatenation template for two parts, each NULL-safe.
    pub(crate) fn concat_sql(self, n: usize) -> String {
        let parts: Vec<&str> = std::iter::repeat_n("COALESCE({}, '')", n).collect();
        match self {
            Vendor::Mysql => format!("CONCAT({})", parts.join(", ")),
            // Django's ConcatPair casts to text on PostgreSQL.
            Vendor::Postgresql => {
                let parts: Vec<&str> = std::iter::repeat_n("COALESCE(({})::text, '')", n).collect();
                format!("({})", parts.join(" || "))
            }
            Vendor::Sqlite => format!("({})", parts.join(" || ")),
        }
    }
}

fn pg_part(part: DatePart) -> &'static str {
    match part {
        DatePart::Year => "YEAR",
        DatePart::IsoYear => "ISOYEAR",
        DatePart::Quarter => "QUARTER",
        DatePart::Month => "MONTH",
        DatePart::Week => "WEEK",
        DatePart::Day => "DAY",
        DatePart::WeekDay => "DOW",
        DatePart::IsoWeekDay => "ISODOW",
        DatePart::Hour => "HOUR",
        DatePart::Minute => "MINUTE",
        DatePart::Second => "SECOND",
        DatePart::Date => "DAY",
    }
}
