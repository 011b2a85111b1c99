//! What a database server can do (Django's `DatabaseFeatures`), for the
//! choices that depend on the server's version rather than its vendor.

use crate::backends::Vendor;

/// Version-dependent capabilities of one database server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct DatabaseFeatures {
    /// MariaDB 10.7+ has a `uuid` column type, which Django's `UUIDField`
    /// uses there (`has_native_uuid_field`); elsewhere it is `char(32)`
    /// (or PostgreSQL's own `uuid`, which every version has).
    pub has_native_uuid_field: bool,
    /// The MySQL-family server is MariaDB (Django's `mysql_is_mariadb`).
    pub is_mariadb: bool,
}

impl DatabaseFeatures {
    /// The features of a `vendor` server reporting `version` (`SELECT
    /// VERSION()`, e.g. `10.11.6-MariaDB-0+deb12u1`).
    pub fn from_server_version(vendor: Vendor, version: &str) -> Self {
        let mariadb = version.to_ascii_lowercase().contains("mariadb");
        let mut numbers = version
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<u32>().unwrap_or(0));
        let major = numbers.next().unwrap_or(0);
        let minor = numbers.next().unwrap_or(0);
        DatabaseFeatures {
            has_native_uuid_field: vendor == Vendor::Mysql && mariadb && (major, minor) >= (10, 7),
            is_mariadb: vendor == Vendor::Mysql && mariadb,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mariadb_10_7_has_a_uuid_type() {
        let f = |v| DatabaseFeatures::from_server_version(Vendor::Mysql, v).has_native_uuid_field;
        assert!(f("10.11.6-MariaDB-0+deb12u1"));
        assert!(f("11.4.2-MariaDB"));
        assert!(!f("10.6.18-MariaDB"));
        assert!(!f("8.0.36"));
    }
}
