//! The intermediary tables of many-to-many fields (Django's schema editor
//! `create_model(field.remote_field.through)` and `_alter_many_to_many`):
//! `<table>_<field>` with `id`, the two `<model>_id` keys, a unique
//! constraint on the pair and an index on each key.

use super::schema::{SchemaEditor, create_index_name};
use crate::backends::Vendor;
use crate::migrations::state::{FieldDef, ModelOptions, ModelState, ProjectState};
use crate::{Error, Result};

/// The state of the auto-created intermediary model of field `name` of `owner`.
///
/// # Errors
/// `Migration` when the target model is not in `state`.
pub fn auto_through(owner: &ModelState, name: &str, field: &FieldDef, state: &ProjectState) -> Result<ModelState> {
    let to = field.to.as_deref().unwrap_or_default();
    let target = state
        .resolve(to)
        .ok_or_else(|| Error::Migration(format!("Related model '{to}' cannot be resolved")))?;
    let owner_label = format!("{}.{}", owner.app_label, owner.name_lower());
    let (from_name, to_name) = if owner_label == to {
        (
            format!("from_{}", owner.name_lower()),
            format!("to_{}", target.name_lower()),
        )
    } else {
        (owner.name_lower(), target.name_lower())
    };
    let pk_type = match owner.pk().map(|(_, f)| f.field_type.as_str()) {
        Some("AutoField") => "AutoField",
        _ => "BigAutoField",
    };
    let id = FieldDef {
        field_type: pk_type.to_owned(),
        auto_created: true,
        primary_key: true,
        serialize: Some(false),
        verbose_name: Some("ID".to_owned()),
        ..FieldDef::default()
    };
    let fk = |label: String| FieldDef {
        field_type: "ForeignKey".to_owned(),
        on_delete: Some("CASCADE".to_owned()),
        to: Some(label),
        ..FieldDef::default()
    };
    Ok(ModelState {
        app_label: owner.app_label.clone(),
        name: format!("{}_{name}", owner.name),
        fields: vec![
            ("id".to_owned(), id),
            (from_name, fk(owner_label)),
            (to_name, fk(to.to_owned())),
        ],
        options: ModelOptions {
            db_table: Some(through_table(owner, name, field)),
            ..ModelOptions::default()
        },
    })
}

/// The intermediary table's name: `db_table` or `<owner table>_<field>`.
pub fn through_table(owner: &ModelState, name: &str, field: &FieldDef) -> String {
    field
        .db_table
        .clone()
        .unwrap_or_else(|| format!("{}_{name}", owner.db_table()))
}

/// `CREATE TABLE` of the intermediary table, with its deferred foreign keys,
/// unique pair and indexes.
pub(crate) fn create_through(
    editor: &mut SchemaEditor,
    owner: &ModelState,
    name: &str,
    field: &FieldDef,
    state: &ProjectState,
) -> Result<()> {
    let through = auto_through(owner, name, field, state)?;
    let table = through.db_table();
    editor.create_table_named(&through, &table, state)?;
    let columns: Vec<String> = through.fields[1..].iter().map(|(n, f)| f.column(n)).collect();
    let cols: Vec<&str> = columns.iter().map(String::as_str).collect();
    let uniq = editor.quote(&create_index_name(editor.vendor(), &table, &cols, "_uniq"));
    let quoted: Vec<String> = cols.iter().map(|c| editor.quote(c)).collect();
    let sql = match editor.vendor() {
        Vendor::Sqlite => format!(
            "CREATE UNIQUE INDEX {uniq} ON {} ({})",
            editor.quote(&table),
            quoted.join(", ")
        ),
        _ => format!(
            "ALTER TABLE {} ADD CONSTRAINT {uniq} UNIQUE ({})",
            editor.quote(&table),
            quoted.join(", ")
        ),
    };
    editor.defer(sql);
    editor.defer_indexes(&through, &table);
    Ok(())
}

/// `DROP TABLE` of the intermediary table.
pub(crate) fn delete_through(editor: &mut SchemaEditor, owner: &ModelState, name: &str, field: &FieldDef) {
    let model = ModelState {
        app_label: owner.app_label.clone(),
        name: format!("{}_{name}", owner.name),
        fields: Vec::new(),
        options: ModelOptions {
            db_table: Some(through_table(owner, name, field)),
            ..ModelOptions::default()
        },
    };
    editor.delete_model(&model);
}

/// Rename the intermediary table when its name changed (a renamed field or
/// a new `db_table`), as Django's `_alter_many_to_many` does.
pub(crate) fn alter_through(
    editor: &mut SchemaEditor,
    before: (&ModelState, &str, &FieldDef),
    after: (&ModelState, &str, &FieldDef),
) {
    let old = through_table(before.0, before.1, before.2);
    let new = through_table(after.0, after.1, after.2);
    if old != new {
        editor.execute(format!(
            "ALTER TABLE {} RENAME TO {}",
            editor.quote(&old),
            editor.quote(&new)
        ));
    }
}
