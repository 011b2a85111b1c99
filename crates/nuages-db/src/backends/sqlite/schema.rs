//! SQLite's schema changes (Django's `sqlite3/schema.py`): SQLite's ALTER
//! TABLE cannot change a column, so most changes rebuild the table as
//! Django's `_remake_table` does: create `new__<table>`, copy the rows,
//! drop the old table, rename the new one, recreate its indexes.

use std::collections::HashMap;

use crate::backends::base::schema::{SchemaEditor, effective_default};
use crate::migrations::state::{ModelState, ProjectState};
use crate::{Error, Result};

fn field_of<'a>(model: &'a ModelState, name: &str) -> Result<&'a crate::migrations::state::FieldDef> {
    model
        .field(name)
        .ok_or_else(|| Error::Migration(format!("{} has no field named '{name}'", model.name)))
}

/// Rebuild `before`'s table as `after`. `renames` maps new field names to
/// old ones; columns new in `after` are filled with their effective default.
pub(crate) fn remake_table(
    editor: &mut SchemaEditor,
    before: &ModelState,
    after: &ModelState,
    renames: &HashMap<String, String>,
    state: &ProjectState,
) -> Result<()> {
    let table = after.db_table();
    let temp = format!("new__{table}");
    editor.create_table_named(after, &temp, state)?;
    let mut columns = Vec::new();
    let mut sources = Vec::new();
    for (name, field) in &after.fields {
        let old_name = renames.get(name).map_or(name.as_str(), String::as_str);
        let column = editor.quote(&field.column(name));
        match before.field(old_name) {
            Some(old) => {
                let old_column = editor.quote(&old.column(old_name));
                let source = match effective_default(field) {
                    Some(d) if old.null && !field.null => {
                        format!("coalesce({old_column}, {})", editor.quote_value(&d))
                    }
                    _ => old_column,
                };
                columns.push(column);
                sources.push(source);
            }
            None => {
                if let Some(d) = effective_default(field) {
                    columns.push(column);
                    sources.push(editor.quote_value(&d));
                }
            }
        }
    }
    editor.execute(format!(
        "INSERT INTO {} ({}) SELECT {} FROM {}",
        editor.quote(&temp),
        columns.join(", "),
        sources.join(", "),
        editor.quote(&before.db_table())
    ));
    editor.delete_model(before);
    editor.execute(format!(
        "ALTER TABLE {} RENAME TO {}",
        editor.quote(&temp),
        editor.quote(&table)
    ));
    // Indexes deferred earlier for this table are recreated with the rest.
    editor.discard_deferred_on(&table);
    editor.defer_indexes(after, &table);
    editor.flush_deferred();
    Ok(())
}

pub(crate) fn add_field(
    editor: &mut SchemaEditor,
    before: &ModelState,
    after: &ModelState,
    name: &str,
    state: &ProjectState,
) -> Result<()> {
    let field = field_of(after, name)?;
    if field.primary_key || field.unique || !field.null || effective_default(field).is_some() {
        return remake_table(editor, before, after, &HashMap::new(), state);
    }
    let table = after.db_table();
    let def = editor.column_definition_named(field, &field.column(name), state, false)?;
    editor.execute(format!(
        "ALTER TABLE {} ADD COLUMN {} {def}",
        editor.quote(&table),
        editor.quote(&field.column(name))
    ));
    if field.indexed() {
        let sql = editor.create_index_sql(&table, &field.column(name));
        editor.defer(sql);
    }
    Ok(())
}

pub(crate) fn remove_field(
    editor: &mut SchemaEditor,
    before: &ModelState,
    after: &ModelState,
    name: &str,
    state: &ProjectState,
) -> Result<()> {
    let field = field_of(before, name)?;
    if field.primary_key || field.unique || field.indexed() || field.to.is_some() {
        return remake_table(editor, before, after, &HashMap::new(), state);
    }
    editor.execute(format!(
        "ALTER TABLE {} DROP COLUMN {}",
        editor.quote(&before.db_table()),
        editor.quote(&field.column(name))
    ));
    Ok(())
}

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
    let old_column = old.column(old_name);
    let new_column = new.column(new_name);
    // Compared with the same column name: a rename alone needs no rebuild.
    let old_def = editor.column_definition_named(old, &new_column, state_before, false)?;
    let new_def = editor.column_definition_named(new, &new_column, state_after, false)?;
    if old_def == new_def && old.indexed() == new.indexed() {
        if old_column != new_column {
            editor.execute(format!(
                "ALTER TABLE {} RENAME COLUMN {} TO {}",
                editor.quote(&after.db_table()),
                editor.quote(&old_column),
                editor.quote(&new_column)
            ));
        }
        // Only options Python-side (verbose_name, help_text, default...) changed.
        return Ok(());
    }
    let mut renames = HashMap::new();
    renames.insert(new_name.to_owned(), old_name.to_owned());
    remake_table(editor, before, after, &renames, state_after)
}
