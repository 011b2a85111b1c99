//! The autodetector (Django's `MigrationAutodetector`): compares the models
//! compiled into the binary with the state the migration files build, and
//! lists the operations that bring the state up to date.
//!
//! Detected: new and deleted models, added, removed and altered fields.
//! Not yet: renames (Django asks interactively), Meta option changes.

use std::collections::BTreeSet;

use super::operations::Operation;
use super::state::{DefaultValue, FieldDef, ModelState, ProjectState};
use crate::{Error, Result};

/// The operations for app `app_label`, and the other apps' models they
/// depend on (for cross-app dependencies).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// Operations in order.
    pub operations: Vec<Operation>,
    /// Other apps referenced by new relations.
    pub app_dependencies: BTreeSet<String>,
}

/// The one-off default a non-interactive Django would need to fill
/// existing rows of a new NOT NULL field.
fn one_off_default(field: &FieldDef) -> Option<DefaultValue> {
    use crate::models::FieldKind as K;
    let kind = field.kind()?;
    let now = chrono::Utc::now();
    Some(match kind {
        k if k.empty_strings_allowed() && k != K::BinaryField => DefaultValue::Text(String::new()),
        k if k.is_integer() => DefaultValue::Int(0),
        K::FloatField => DefaultValue::Float(0.0),
        K::DecimalField { .. } | K::DurationField => DefaultValue::Int(0),
        K::BooleanField => DefaultValue::Bool(false),
        K::DateTimeField => DefaultValue::Text(crate::value::format_datetime(&now)),
        K::DateField => DefaultValue::Text(now.format("%Y-%m-%d").to_string()),
        K::TimeField => DefaultValue::Text(crate::value::format_time(&now.time())),
        _ => return None,
    })
}

/// Whether a new NOT NULL field fills existing rows by itself (Django's
/// `preserve_default` test): a database default, a blank text value, or
/// the current time of `auto_now`/`auto_now_add`.
fn fills_itself(field: &FieldDef) -> bool {
    let blank_text = field.blank && field.kind().is_some_and(|k| k.empty_strings_allowed());
    field.db_default.is_some() || blank_text || field.auto_now || field.auto_now_add
}

/// Order new models so relation targets come first (ties by name), and
/// put relation fields last, sorted by name, as Django's optimizer does.
fn create_operations(app_label: &str, mut new: Vec<&ModelState>) -> Vec<Operation> {
    new.sort_by_key(|m| m.name_lower());
    let mut ordered: Vec<&ModelState> = Vec::new();
    while !new.is_empty() {
        let pick = new
            .iter()
            .position(|m| {
                m.fields.iter().all(|(_, f)| {
                    // The target and an explicit `through` model come first.
                    [f.to.as_deref(), f.through.as_deref()].into_iter().flatten().all(|to| {
                        let own = format!("{app_label}.{}", m.name_lower());
                        to == own || !new.iter().any(|o| format!("{app_label}.{}", o.name_lower()) == to)
                    })
                })
            })
            .unwrap_or(0);
        ordered.push(new.remove(pick));
    }
    ordered
        .into_iter()
        .map(|m| {
            let mut plain: Vec<(String, FieldDef)> = m.fields.iter().filter(|(_, f)| f.to.is_none()).cloned().collect();
            let mut related: Vec<(String, FieldDef)> =
                m.fields.iter().filter(|(_, f)| f.to.is_some()).cloned().collect();
            related.sort_by(|a, b| a.0.cmp(&b.0));
            plain.extend(related);
            Operation::CreateModel {
                name: m.name.clone(),
                fields: plain,
                options: m.options.clone(),
            }
        })
        .collect()
}

/// Detect the changes of app `app_label` from `from` (migrations) to `to` (models).
///
/// # Errors
/// `Migration` for a new NOT NULL relation on an existing model (Django
/// would need an interactive default).
pub fn detect_changes(app_label: &str, from: &ProjectState, to: &ProjectState) -> Result<Changes> {
    let models = |s: &ProjectState| -> Vec<ModelState> {
        s.models
            .values()
            .filter(|m| m.app_label == app_label)
            .cloned()
            .collect()
    };
    let old = models(from);
    let new = models(to);
    let mut changes = Changes::default();
    let note_deps = |f: &FieldDef, changes: &mut Changes| {
        if let Some((app, _)) = f.to.as_deref().and_then(|t| t.split_once('.'))
            && app != app_label
        {
            changes.app_dependencies.insert(app.to_owned());
        }
    };

    let created: Vec<&ModelState> = new
        .iter()
        .filter(|m| from.model(app_label, &m.name).is_none())
        .collect();
    for m in &created {
        for (_, f) in &m.fields {
            note_deps(f, &mut changes);
        }
    }
    changes.operations.extend(create_operations(app_label, created));

    for m in old.iter().filter(|m| to.model(app_label, &m.name).is_none()) {
        changes.operations.push(Operation::DeleteModel { name: m.name.clone() });
    }

    let common: Vec<(&ModelState, &ModelState)> = new
        .iter()
        .filter_map(|n| from.model(app_label, &n.name).map(|o| (o, n)))
        .collect();
    for (o, n) in &common {
        let mut removed: Vec<&String> = o
            .fields
            .iter()
            .filter(|(name, _)| n.field(name).is_none())
            .map(|(name, _)| name)
            .collect();
        removed.sort();
        for name in removed {
            changes.operations.push(Operation::RemoveField {
                model_name: n.name_lower(),
                name: name.clone(),
            });
        }
    }
    for (o, n) in &common {
        let mut added: Vec<&(String, FieldDef)> = n.fields.iter().filter(|(name, _)| o.field(name).is_none()).collect();
        added.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, field) in added {
            note_deps(field, &mut changes);
            let mut field = field.clone();
            let mut preserve_default = true;
            if !field.null
                && field.default.is_none()
                && !field.primary_key
                && !fills_itself(&field)
                && !field.is_many_to_many()
            {
                match one_off_default(&field) {
                    Some(d) => {
                        field.default = Some(d);
                        preserve_default = false;
                    }
                    None => {
                        return Err(Error::Migration(format!(
                            "It is impossible to add a non-nullable field '{name}' to {} without specifying a default.",
                            n.name_lower()
                        )));
                    }
                }
            }
            changes.operations.push(Operation::AddField {
                model_name: n.name_lower(),
                name: name.clone(),
                field,
                preserve_default,
            });
        }
    }
    for (o, n) in &common {
        let mut altered: Vec<&(String, FieldDef)> = n
            .fields
            .iter()
            .filter(|(name, f)| o.field(name).is_some_and(|of| of != f))
            .collect();
        altered.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, field) in altered {
            note_deps(field, &mut changes);
            changes.operations.push(Operation::AlterField {
                model_name: n.name_lower(),
                name: name.clone(),
                field: field.clone(),
            });
        }
    }
    Ok(changes)
}
