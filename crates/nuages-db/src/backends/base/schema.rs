//! The schema editor (Django's `BaseDatabaseSchemaEditor`): DDL for
//! creating, dropping and altering tables from migration state, written
//! as Django writes it so both produce the same schema.
//!
//! The editor collects statements (with `--` comments for `sqlmigrate`);
//! the migration executor runs them in its transaction. Vendor quirks
//! (SQLite's table rebuild) live in the vendor's `schema.rs`.

use md5::{Digest, Md5};

use super::data_types;
use super::features::DatabaseFeatures;
use crate::backends::Vendor;
use crate::migrations::state::{DefaultValue, FieldDef, ModelState, ProjectState};
use crate::models::FieldKind;
use crate::{Error, Result};

/// One collected line: a statement or a `sqlmigrate` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statement {
    /// A SQL statement (without the trailing `;`).
    Sql(String),
    /// A comment line, shown only by `sqlmigrate`.
    Comment(String),
}

/// Collects the DDL of schema changes.
#[derive(Debug)]
pub struct SchemaEditor {
    vendor: Vendor,
    features: DatabaseFeatures,
    statements: Vec<Statement>,
    deferred: Vec<String>,
}

/// Django's `names_digest`: md5 of the concatenated names, first `length` hex digits.
pub fn names_digest(names: &[&str], length: usize) -> String {
    let mut h = Md5::new();
    for n in names {
        h.update(n.as_bytes());
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    hex[..length.min(hex.len())].to_owned()
}

/// Django's `_create_index_name(table, columns, suffix)`.
pub fn create_index_name(vendor: Vendor, table: &str, columns: &[&str], suffix: &str) -> String {
    let mut digest_args = vec![table];
    digest_args.extend_from_slice(columns);
    let mut hash_suffix = format!("{}{suffix}", names_digest(&digest_args, 8));
    let max_length = vendor.max_name_length();
    let joined = columns.join("_");
    let name = format!("{table}_{joined}_{hash_suffix}");
    if name.len() <= max_length {
        return name;
    }
    if hash_suffix.len() > max_length / 3 {
        hash_suffix.truncate(max_length / 3);
    }
    let other = (max_length - hash_suffix.len()) / 2 - 1;
    let cut = |s: &str| s.chars().take(other).collect::<String>();
    let mut name = format!("{}_{}_{hash_suffix}", cut(table), cut(&joined));
    if name.starts_with('_') || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.pop();
        name = format!("D{name}");
    }
    name
}

impl SchemaEditor {
    /// An editor for `vendor`, with the features of its oldest supported server.
    pub fn new(vendor: Vendor) -> Self {
        Self::with_features(vendor, DatabaseFeatures::default())
    }

    /// An editor for a `vendor` server with `features` (see
    /// [`DatabaseWrapper::features`](crate::connections::DatabaseWrapper::features)).
    pub fn with_features(vendor: Vendor, features: DatabaseFeatures) -> Self {
        SchemaEditor {
            vendor,
            features,
            statements: Vec::new(),
            deferred: Vec::new(),
        }
    }

    /// The vendor.
    pub fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// Quote an identifier.
    pub fn quote(&self, name: &str) -> String {
        self.vendor.quote_name(name)
    }

    /// Add a statement.
    pub fn execute(&mut self, sql: impl Into<String>) {
        self.statements.push(Statement::Sql(sql.into()));
    }

    /// Add a `sqlmigrate` comment block (`--\n-- text\n--`).
    pub fn comment(&mut self, text: &str) {
        self.statements.push(Statement::Comment("--".into()));
        self.statements.push(Statement::Comment(format!("-- {text}")));
        self.statements.push(Statement::Comment("--".into()));
    }

    /// Move deferred statements (indexes) into the statement list now.
    pub fn flush_deferred(&mut self) {
        for sql in std::mem::take(&mut self.deferred) {
            self.statements.push(Statement::Sql(sql));
        }
    }

    /// Forget deferred statements on `table` (a table rebuild recreates them).
    pub(crate) fn discard_deferred_on(&mut self, table: &str) {
        let marker = format!(" ON {} ", self.quote(table));
        self.deferred.retain(|sql| !sql.contains(&marker));
    }

    pub(crate) fn defer(&mut self, sql: String) {
        self.deferred.push(sql);
    }

    /// Everything collected, deferred statements last (Django runs
    /// `deferred_sql` when the editor exits).
    pub fn finish(mut self) -> Vec<Statement> {
        self.flush_deferred();
        self.statements
    }

    /// The column type of `field` (Django's `data_types`).
    ///
    /// # Errors
    /// `Migration` for an unknown field type or relation target.
    pub fn db_type(&self, field: &FieldDef, state: &ProjectState) -> Result<String> {
        if field.to.is_some() {
            let to = field.to.as_deref().unwrap_or_default();
            let target = state
                .resolve(to)
                .ok_or_else(|| Error::Migration(format!("Related model '{to}' cannot be resolved")))?;
            let (_, pk) = target
                .pk()
                .ok_or_else(|| Error::Migration(format!("model '{to}' has no primary key")))?;
            return Ok(data_types::rel_data_type(self.vendor, self.features, field_kind(pk)?));
        }
        Ok(data_types::data_type_with(
            self.vendor,
            self.features,
            field_kind(field)?,
        ))
    }

    /// The column definition after the name (Django's `column_sql`, then
    /// the `CHECK` of `db_parameters`, the auto-increment suffix and the
    /// inline foreign key of `table_sql`).
    ///
    /// # Errors
    /// As [`SchemaEditor::db_type`].
    pub fn column_definition(&self, field: &FieldDef, state: &ProjectState, include_default: bool) -> Result<String> {
        self.column_definition_named(field, "", state, include_default)
    }

    /// As [`SchemaEditor::column_definition`], for the column `column`
    /// (named in its `CHECK`).
    ///
    /// # Errors
    /// As [`SchemaEditor::db_type`].
    pub fn column_definition_named(
        &self,
        field: &FieldDef,
        column: &str,
        state: &ProjectState,
        include_default: bool,
    ) -> Result<String> {
        let kind = if field.to.is_some() {
            FieldKind::ForeignKey
        } else {
            field_kind(field)?
        };
        let auto = field.primary_key && kind.is_auto();
        let mut parts = vec![self.db_type(field, state)?];
        if auto && self.vendor == Vendor::Mysql {
            // Part of MySQL's data type (`bigint AUTO_INCREMENT`).
            parts.push("AUTO_INCREMENT".into());
        }
        if let Some(d) = &field.db_default {
            parts.push(format!("DEFAULT {}", self.default_sql(kind, d)));
        } else if include_default && let Some(d) = effective_default(field) {
            parts.push(format!("DEFAULT {}", self.default_sql(kind, &d)));
        }
        parts.push(if field.null { "NULL".into() } else { "NOT NULL".into() });
        if field.primary_key {
            parts.push("PRIMARY KEY".into());
        } else if field.unique {
            parts.push("UNIQUE".into());
        }
        if field.to.is_none()
            && let Some(check) = data_types::check_constraint(self.vendor, kind, &self.quote(column))
        {
            parts.push(format!("CHECK ({check})"));
        }
        if auto {
            match self.vendor {
                Vendor::Sqlite => parts.push("AUTOINCREMENT".into()),
                Vendor::Postgresql => parts.push("GENERATED BY DEFAULT AS IDENTITY".into()),
                Vendor::Mysql => {}
            }
        }
        if self.vendor == Vendor::Sqlite && field.to.is_some() {
            let (to_table, to_column) = self.fk_target(field, state)?;
            parts.push(format!(
                "REFERENCES {} ({}) DEFERRABLE INITIALLY DEFERRED",
                self.quote(&to_table),
                self.quote(&to_column)
            ));
        }
        Ok(parts.join(" "))
    }

    /// The `DEFAULT` literal of `d` for `field`'s column.
    pub(crate) fn default_sql_for(&self, field: &FieldDef, d: &DefaultValue) -> String {
        self.default_sql(field.kind().unwrap_or(FieldKind::TextField), d)
    }

    /// The inline `CHECK` expression of `field`'s column `column`, if its
    /// kind has one (Django's `db_parameters()["check"]`).
    pub(crate) fn check_sql(&self, field: &FieldDef, column: &str) -> Option<String> {
        if field.to.is_some() {
            return None;
        }
        data_types::check_constraint(self.vendor, field.kind()?, &self.quote(column))
    }

    /// A default literal in DDL; MySQL (not MariaDB) wants BLOB, TEXT and
    /// JSON defaults as expressions (Django's `_column_default_sql`).
    fn default_sql(&self, kind: FieldKind, d: &DefaultValue) -> String {
        if self.vendor == Vendor::Postgresql
            && kind.internal() == FieldKind::DurationField
            && let DefaultValue::Int(us) = d
        {
            // Durations are kept in microseconds; PostgreSQL's column is an interval.
            return format!("'{us} microseconds'");
        }
        let literal = self.quote_value(d);
        if self.vendor == Vendor::Mysql && !self.features.is_mariadb && data_types::mysql_limited(kind) {
            format!("({literal})")
        } else {
            literal
        }
    }

    /// The table and primary-key column a relation points at.
    pub(crate) fn fk_target(&self, field: &FieldDef, state: &ProjectState) -> Result<(String, String)> {
        let to = field.to.as_deref().unwrap_or_default();
        let target = state
            .resolve(to)
            .ok_or_else(|| Error::Migration(format!("Related model '{to}' cannot be resolved")))?;
        let pk_column = target.pk().map(|(n, f)| f.column(n)).unwrap_or_else(|| "id".into());
        Ok((target.db_table(), pk_column))
    }

    /// Django's foreign-key constraint name:
    /// `<table>_<column>_<hash>_fk_<to_table>_<to_column>`.
    pub fn fk_name(&self, table: &str, column: &str, to_table: &str, to_column: &str) -> String {
        create_index_name(self.vendor, table, &[column], &format!("_fk_{to_table}_{to_column}"))
    }

    /// `ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY` (Django's
    /// `_create_fk_sql`), deferrable on PostgreSQL.
    pub(crate) fn create_fk_sql(&self, table: &str, column: &str, to_table: &str, to_column: &str) -> String {
        let deferrable = if self.vendor == Vendor::Postgresql {
            " DEFERRABLE INITIALLY DEFERRED"
        } else {
            ""
        };
        format!(
            "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({}){deferrable}",
            self.quote(table),
            self.quote(&self.fk_name(table, column, to_table, to_column)),
            self.quote(column),
            self.quote(to_table),
            self.quote(to_column),
        )
    }

    /// Render a literal (Django's `quote_value`), for defaults in DDL.
    pub fn quote_value(&self, v: &DefaultValue) -> String {
        match v {
            DefaultValue::Bool(b) => match self.vendor {
                Vendor::Postgresql => (if *b { "true" } else { "false" }).into(),
                _ => (if *b { "1" } else { "0" }).into(),
            },
            DefaultValue::Int(i) => i.to_string(),
            DefaultValue::Float(f) => format!("{f:?}"),
            DefaultValue::Text(s) => format!("'{}'", s.replace('\'', "''")),
        }
    }

    /// `CREATE TABLE` for `model`, with its indexes deferred (Django's `create_model`).
    ///
    /// # Errors
    /// As [`SchemaEditor::db_type`].
    pub fn create_model(&mut self, model: &ModelState, state: &ProjectState) -> Result<()> {
        let table = model.db_table();
        let concrete = model.concrete();
        self.create_table_named(&concrete, &table, state)?;
        self.defer_indexes(&concrete, &table);
        for (name, field) in &model.fields {
            if field.is_many_to_many() && field.through.is_none() {
                super::many_to_many::create_through(self, model, name, field, state)?;
            }
        }
        Ok(())
    }

    pub(crate) fn create_table_named(&mut self, model: &ModelState, table: &str, state: &ProjectState) -> Result<()> {
        let mut columns = Vec::new();
        for (name, field) in &model.fields {
            let def = self.column_definition_named(field, &field.column(name), state, false)?;
            columns.push(format!("{} {}", self.quote(&field.column(name)), def));
            if self.vendor != Vendor::Sqlite && field.to.is_some() {
                let (to_table, to_column) = self.fk_target(field, state)?;
                let sql = self.create_fk_sql(table, &field.column(name), &to_table, &to_column);
                self.defer(sql);
            }
        }
        self.execute(format!("CREATE TABLE {} ({})", self.quote(table), columns.join(", ")));
        Ok(())
    }

    /// Defer `CREATE INDEX` for every indexed field of `model` on `table`.
    pub(crate) fn defer_indexes(&mut self, model: &ModelState, table: &str) {
        for (name, field) in &model.fields {
            for sql in self.field_indexes_sql(field, table, &field.column(name)) {
                self.defer(sql);
            }
        }
    }

    /// The indexes of one field (Django's `_field_indexes_sql`): its
    /// `db_index` (not on MySQL for a foreign key, whose constraint already
    /// indexes it) and, on PostgreSQL, the `_like` pattern-ops index of an
    /// indexed or unique text column.
    pub(crate) fn field_indexes_sql(&self, field: &FieldDef, table: &str, column: &str) -> Vec<String> {
        let mut out = Vec::new();
        let fk_indexed_by_constraint = self.vendor == Vendor::Mysql && field.to.is_some();
        if field.indexed() && !fk_indexed_by_constraint {
            out.push(self.create_index_sql(table, column));
        }
        if let Some(sql) = self.create_like_index_sql(field, table, column) {
            out.push(sql);
        }
        out
    }

    /// PostgreSQL's `varchar_pattern_ops` / `text_pattern_ops` index
    /// (Django's `_create_like_index_sql`), for `LIKE 'abc%'` lookups.
    fn create_like_index_sql(&self, field: &FieldDef, table: &str, column: &str) -> Option<String> {
        // Django's `field.unique` is true for a primary key too.
        if self.vendor != Vendor::Postgresql || field.to.is_some() {
            return None;
        }
        if !(field.indexed() || field.unique || field.primary_key) {
            return None;
        }
        let db_type = field.kind().map(|k| data_types::data_type(self.vendor, k))?;
        let ops = if db_type.starts_with("varchar") {
            "varchar_pattern_ops"
        } else if db_type.starts_with("text") {
            "text_pattern_ops"
        } else {
            return None;
        };
        let name = create_index_name(self.vendor, table, &[column], "_like");
        Some(format!(
            "CREATE INDEX {} ON {} ({} {ops})",
            self.quote(&name),
            self.quote(table),
            self.quote(column)
        ))
    }

    pub(crate) fn create_index_sql(&self, table: &str, column: &str) -> String {
        let name = create_index_name(self.vendor, table, &[column], "");
        format!(
            "CREATE INDEX {} ON {} ({})",
            self.quote(&name),
            self.quote(table),
            self.quote(column)
        )
    }

    /// `DROP TABLE` (Django's `delete_model`).
    pub fn delete_model(&mut self, model: &ModelState) {
        for (name, field) in &model.fields {
            if field.is_many_to_many() && field.through.is_none() {
                super::many_to_many::delete_through(self, model, name, field);
            }
        }
        let sql = match self.vendor {
            Vendor::Sqlite => format!("DROP TABLE {}", self.quote(&model.db_table())),
            _ => format!("DROP TABLE {} CASCADE", self.quote(&model.db_table())),
        };
        self.execute(sql);
    }

    /// Add field `name` (present in `after`, absent in `before`).
    ///
    /// # Errors
    /// As [`SchemaEditor::db_type`].
    pub fn add_field(
        &mut self,
        before: &ModelState,
        after: &ModelState,
        name: &str,
        state: &ProjectState,
    ) -> Result<()> {
        if let Some(field) = after.field(name).filter(|f| f.is_many_to_many()) {
            if field.through.is_none() {
                super::many_to_many::create_through(self, after, name, field, state)?;
            }
            return Ok(());
        }
        let (before, after) = (&before.concrete(), &after.concrete());
        match self.vendor {
            Vendor::Sqlite => crate::backends::sqlite::schema::add_field(self, before, after, name, state),
            _ => super::server_schema::add_field(self, after, name, state),
        }
    }

    /// Remove field `name` (present in `before`).
    ///
    /// # Errors
    /// As [`SchemaEditor::db_type`].
    pub fn remove_field(
        &mut self,
        before: &ModelState,
        after: &ModelState,
        name: &str,
        state: &ProjectState,
    ) -> Result<()> {
        if let Some(field) = before.field(name).filter(|f| f.is_many_to_many()) {
            if field.through.is_none() {
                super::many_to_many::delete_through(self, before, name, field);
            }
            return Ok(());
        }
        let (before, after) = (&before.concrete(), &after.concrete());
        match self.vendor {
            Vendor::Sqlite => crate::backends::sqlite::schema::remove_field(self, before, after, name, state),
            _ => super::server_schema::remove_field(self, before, name, state),
        }
    }

    /// Alter field `old_name` of `before` into `new_name` of `after` (also renames).
    ///
    /// # Errors
    /// As [`SchemaEditor::db_type`]; `Migration` for a change a vendor cannot make.
    pub fn alter_field(
        &mut self,
        before: &ModelState,
        after: &ModelState,
        old_name: &str,
        new_name: &str,
        state_before: &ProjectState,
        state_after: &ProjectState,
    ) -> Result<()> {
        let old = before.field(old_name).filter(|f| f.is_many_to_many());
        let new = after.field(new_name).filter(|f| f.is_many_to_many());
        match (old, new) {
            (Some(old), Some(new)) => {
                if old.through.is_none() && new.through.is_none() {
                    super::many_to_many::alter_through(self, (before, old_name, old), (after, new_name, new));
                }
                return Ok(());
            }
            (None, None) => {}
            _ => {
                return Err(Error::Migration(format!(
                    "Cannot alter field {}.{old_name} into {}.{new_name}: they are not compatible types \
                     (a many-to-many field cannot become a column or the reverse)",
                    before.name, after.name
                )));
            }
        }
        let (before, after) = (&before.concrete(), &after.concrete());
        match self.vendor {
            Vendor::Sqlite => crate::backends::sqlite::schema::alter_field(
                self,
                before,
                after,
                old_name,
                new_name,
                state_before,
                state_after,
            ),
            _ => super::server_schema::alter_field(self, before, after, old_name, new_name, state_before, state_after),
        }
    }
}

/// The default used to fill existing rows (Django's `effective_default`):
/// the field's default; else, for a NOT NULL field, an empty string (bytes)
/// when blank values are allowed, or now for `auto_now`/`auto_now_add`.
pub fn effective_default(field: &FieldDef) -> Option<DefaultValue> {
    if let Some(d) = &field.default {
        return Some(d.clone());
    }
    let kind = field.kind()?;
    if !field.null && field.blank && kind.empty_strings_allowed() {
        return Some(DefaultValue::Text(String::new()));
    }
    if field.auto_now || field.auto_now_add {
        let now = chrono::Utc::now();
        return Some(DefaultValue::Text(match kind {
            FieldKind::DateField => now.format("%Y-%m-%d").to_string(),
            FieldKind::TimeField => crate::value::format_time(&now.time()),
            _ => crate::value::format_datetime(&now),
        }));
    }
    None
}

/// The kind of a field in migration state.
fn field_kind(field: &FieldDef) -> Result<FieldKind> {
    field
        .kind()
        .ok_or_else(|| Error::Migration(format!("unknown field type '{}'", field.field_type)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_names_match_django() {
        assert_eq!(names_digest(&["polls_choice", "question_id"], 8), "c5b4b260");
        assert_eq!(
            create_index_name(Vendor::Sqlite, "polls_choice", &["question_id"], ""),
            "polls_choice_question_id_c5b4b260"
        );
    }
}
