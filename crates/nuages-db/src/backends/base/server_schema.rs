//! Schema changes in place, as PostgreSQL and MySQL/MariaDB make them
//! (Django's `BaseDatabaseSchemaEditor.add_field/remove_field/_alter_field`
//! with the `postgresql/schema.py` and `mysql/schema.py` spellings).
//! SQLite, which lacks most ALTERs, rebuilds tables instead (`sqlite::schema`).

use super::schema::{SchemaEditor, create_index_name, effective_default};
use crate::backends::Vendor;
use crate::migrations::state::{FieldDef, ModelState, ProjectState};
use crate::{Error, Result};

fn field_of<'a>(model: &'a ModelState, name: &str) -> Result<&'a FieldDef> {
    model
        .field(name)
        .ok_or_else(|| Error::Migration(format!("{} has no field named '{name}'", model.name)))
}

/// `ALTER TABLE ... ADD COLUMN` with the default filled in for existing rows
/// then dropped (Django keeps defaults in Rust/Python, not in the schema),
/// the foreign key inline, and the field's indexes.
pub(crate) fn add_field(editor: &mut SchemaEditor, after: &ModelState, name: &str, state: &ProjectState) -> Result<()> {
    let field = field_of(after, name)?;
    let table = after.db_table();
    let column = field.column(name);
    let mut definition = editor.column_definition_named(field, &column, state, true)?;
    if field.to.is_some() {
        let (to_table, to_column) = editor.fk_target(field, state)?;
        let fk = editor.quote(&editor.fk_name(&table, &column, &to_table, &to_column));
        let (to_table, to_column) = (editor.quote(&to_table), editor.quote(&to_column));
        definition = match editor.vendor() {
            Vendor::Mysql => format!(
                "{definition} , ADD CONSTRAINT {fk} FOREIGN KEY ({}) REFERENCES {to_table}({to_column})",
                editor.quote(&column)
            ),
            _ => format!(
                "{definition} CONSTRAINT {fk} REFERENCES {to_table}({to_column}) DEFERRABLE INITIALLY DEFERRED; \
                 SET CONSTRAINTS {fk} IMMEDIATE"
            ),
        };
    }
    editor.execute(format!(
        "ALTER TABLE {} ADD COLUMN {} {definition}",
        editor.quote(&table),
        editor.quote(&column)
    ));
    if field.db_default.is_none() && effective_default(field).is_some() {
        editor.execute(format!(
            "ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT",
            editor.quote(&table),
            editor.quote(&column)
        ));
    }
    for sql in editor.field_indexes_sql(field, &table, &column) {
        editor.defer(sql);
    }
    Ok(())
}

/// Drop the field's foreign key (MySQL requires it), then the column.
pub(crate) fn remove_field(
    editor: &mut SchemaEditor,
    before: &ModelState,
    name: &str,
    state: &ProjectState,
) -> Result<()> {
    let field = field_of(before, name)?;
    let table = before.db_table();
    let column = field.column(name);
    if field.to.is_some() {
        drop_fk(editor, field, &table, &column, state)?;
    }
    let cascade = if editor.vendor() == Vendor::Mysql {
        ""
    } else {
        " CASCADE"
    };
    editor.execute(format!(
        "ALTER TABLE {} DROP COLUMN {}{cascade}",
        editor.quote(&table),
        editor.quote(&column)
    ));
    Ok(())
}

fn drop_fk(editor: &mut SchemaEditor, field: &FieldDef, table: &str, column: &str, state: &ProjectState) -> Result<()> {
    let (to_table, to_column) = editor.fk_target(field, state)?;
    let name = editor.quote(&editor.fk_name(table, column, &to_table, &to_column));
    let sql = match editor.vendor() {
        Vendor::Mysql => format!("ALTER TABLE {} DROP FOREIGN KEY {name}", editor.quote(table)),
        // Pending deferred checks must run before the constraint goes.
        _ => format!(
            "SET CONSTRAINTS {name} IMMEDIATE; ALTER TABLE {} DROP CONSTRAINT {name}",
            editor.quote(table)
        ),
    };
    editor.execute(sql);
    Ok(())
}

fn drop_index(editor: &mut SchemaEditor, table: &str, name: &str) {
    let sql = match editor.vendor() {
        Vendor::Mysql => format!("DROP INDEX {} ON {}", editor.quote(name), editor.quote(table)),
        _ => format!("DROP INDEX IF EXISTS {}", editor.quote(name)),
    };
    editor.execute(sql);
}

/// The name the database gave an inline `UNIQUE` (what Django finds by introspection).
fn inline_unique_name(vendor: Vendor, table: &str, column: &str) -> String {
    match vendor {
        Vendor::Mysql => column.to_owned(),
        _ => format!("{table}_{column}_key"),
    }
}

/// Django's `_alter_field` order: drop foreign keys, unique constraints and
/// indexes that go away; rename the column; change its type and null-ness;
/// then add the new indexes, unique constraints and foreign keys.
pub(crate) fn alter_field(
    editor: &mut SchemaEditor,
    before: &ModelState,
    after: &ModelState,
    old_name: &str,
    new_name: &str,
    state_before: &ProjectState,
    state_after: &ProjectState,
) -> Result<()> {
    let old = field_of(before, old_name)?;
    let new = field_of(after, new_name)?;
    if old.primary_key != new.primary_key {
        return Err(Error::Migration(format!(
            "changing the primary key of {} is not supported on {}",
            after.name,
            editor.vendor().as_str()
        )));
    }
    let table = after.db_table();
    let old_column = old.column(old_name);
    let new_column = new.column(new_name);
    let old_type = editor.db_type(old, state_before)?;
    let new_type = editor.db_type(new, state_after)?;
    let type_changed = old_type != new_type;
    let fk_changed = old.to != new.to || (type_changed && old.to.is_some());
    let vendor = editor.vendor();

    if old.to.is_some() && fk_changed {
        drop_fk(editor, old, &table, &old_column, state_before)?;
    }
    if old.unique && !new.unique && !old.primary_key {
        let name = inline_unique_name(vendor, &table, &old_column);
        let sql = match vendor {
            Vendor::Mysql => format!(
                "ALTER TABLE {} DROP INDEX {}",
                editor.quote(&table),
                editor.quote(&name)
            ),
            _ => format!(
                "ALTER TABLE {} DROP CONSTRAINT {}",
                editor.quote(&table),
                editor.quote(&name)
            ),
        };
        editor.execute(sql);
    }
    // A CHECK that goes or changes is dropped by the names it can have
    // (Django finds it by introspection): the one the database gave an
    // inline check (PostgreSQL `<table>_<column>_check`, MariaDB the
    // column's name), or the one an earlier AlterField gave it.
    let old_check = editor.check_sql(old, &old_column);
    let new_check = editor.check_sql(new, &new_column);
    let check_changed = old_check != new_check;
    if old_check.is_some() && check_changed {
        let inline = match vendor {
            Vendor::Mysql => old_column.clone(),
            _ => format!("{table}_{old_column}_check"),
        };
        let added = create_index_name(vendor, &table, &[old_column.as_str()], "_check");
        for name in [inline, added] {
            editor.execute(format!(
                "ALTER TABLE {} DROP CONSTRAINT IF EXISTS {}",
                editor.quote(&table),
                editor.quote(&name)
            ));
        }
    }
    let old_indexes = index_names(vendor, old, &table, &old_column);
    let new_indexes = index_names(vendor, new, &table, &new_column);
    // A `_like` index follows the column's type; plain indexes survive it.
    let redo = |name: &str| type_changed && name.ends_with("_like");
    for (name, _) in &old_indexes {
        if redo(name) || !new_indexes.iter().any(|(n, _)| n == name) {
            drop_index(editor, &table, name);
        }
    }
    if old_column != new_column {
        editor.execute(format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {}",
            editor.quote(&table),
            editor.quote(&old_column),
            editor.quote(&new_column)
        ));
    }
    let column = editor.quote(&new_column);
    let quoted_table = editor.quote(&table);
    if old.null
        && !new.null
        && let Some(default) = effective_default(new)
    {
        editor.execute(format!(
            "UPDATE {quoted_table} SET {column} = {} WHERE {column} IS NULL",
            editor.quote_value(&default)
        ));
    }
    match vendor {
        Vendor::Mysql => {
            if type_changed || old.null != new.null {
                let null = if new.null { "NULL" } else { "NOT NULL" };
                editor.execute(format!("ALTER TABLE {quoted_table} MODIFY {column} {new_type} {null}"));
            }
        }
        _ => {
            if type_changed {
                // Django casts only when the data type itself changes
                // (`varchar(200)` to `varchar(300)` needs no USING).
                let shape = |t: &str| t.chars().filter(|c| !c.is_ascii_digit()).collect::<String>();
                let using = if shape(&old_type) == shape(&new_type) {
                    String::new()
                } else {
                    format!(" USING {column}::{new_type}")
                };
                editor.execute(format!(
                    "ALTER TABLE {quoted_table} ALTER COLUMN {column} TYPE {new_type}{using}"
                ));
            }
            if old.null != new.null {
                let change = if new.null { "DROP NOT NULL" } else { "SET NOT NULL" };
                editor.execute(format!("ALTER TABLE {quoted_table} ALTER COLUMN {column} {change}"));
            }
        }
    }
    if old.db_default != new.db_default {
        let change = match &new.db_default {
            Some(d) => format!("SET DEFAULT {}", editor.default_sql_for(new, d)),
            None => "DROP DEFAULT".to_owned(),
        };
        editor.execute(format!("ALTER TABLE {quoted_table} ALTER COLUMN {column} {change}"));
    }
    for (name, sql) in new_indexes {
        if redo(&name) || !old_indexes.iter().any(|(n, _)| *n == name) {
            editor.execute(sql);
        }
    }
    if new.unique && !old.unique && !new.primary_key {
        let name = create_index_name(vendor, &table, &[new_column.as_str()], "_uniq");
        editor.execute(format!(
            "ALTER TABLE {quoted_table} ADD CONSTRAINT {} UNIQUE ({column})",
            editor.quote(&name)
        ));
    }
    if let Some(check) = &new_check
        && check_changed
    {
        let name = create_index_name(vendor, &table, &[new_column.as_str()], "_check");
        editor.execute(format!(
            "ALTER TABLE {quoted_table} ADD CONSTRAINT {} CHECK ({check})",
            editor.quote(&name)
        ));
    }
    if new.to.is_some() && fk_changed {
        let (to_table, to_column) = editor.fk_target(new, state_after)?;
        let sql = editor.create_fk_sql(&table, &new_column, &to_table, &to_column);
        editor.execute(sql);
    }
    Ok(())
}

/// The field's indexes as `(name, CREATE INDEX ...)`.
fn index_names(vendor: Vendor, field: &FieldDef, table: &str, column: &str) -> Vec<(String, String)> {
    let editor = SchemaEditor::new(vendor);
    editor
        .field_indexes_sql(field, table, column)
        .into_iter()
        .map(|sql| {
            let name = sql
                .split_whitespace()
                .nth(2)
                .map(|q| q.trim_matches(|c| c == '"' || c == '`').to_owned())
                .unwrap_or_default();
            (name, sql)
        })
        .collect()
}
