//! The deletion collector (Django's `django.db.models.deletion.Collector`):
//! follows `on_delete` from the rows being deleted to the rows that point
//! at them, then, in one transaction, sends `pre_delete`, makes the field
//! updates (`SET_NULL`, `SET_DEFAULT`), deletes children before parents and
//! sends `post_delete`.
//!
//! - `CASCADE` collects the related rows for deletion too.
//! - `PROTECT` refuses with `ProtectedError` listing every protecting object.
//! - `RESTRICT` refuses with `RestrictedError` unless the restricting rows
//!   are deleted by the same call through another `CASCADE` path.
//! - `SET_NULL` / `SET_DEFAULT` update the related rows' key.
//! - `DO_NOTHING` leaves them to the database.

use std::collections::{BTreeMap, HashSet};
use std::future::Future;
use std::pin::Pin;

use sea_query::{Expr, ExprTrait, Query};

use super::signals::{ModelSignalArgs, post_delete, pre_delete};
use super::sql::compiler;
use super::{FieldKind, FieldMeta, ModelMeta, OnDelete};
use crate::connections::{self, DatabaseWrapper};
use crate::transaction::atomic_using;
use crate::{Error, Result, Value};

/// What `delete()` removed: the total and the count per model label
/// (Django returns `(total, {"polls.Choice": n, ...})`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeleteResult {
    /// Rows deleted in all.
    pub total: u64,
    /// Rows deleted per model label (`polls.Question`).
    pub per_model: BTreeMap<String, u64>,
}

const CHUNK: usize = 500;

struct Restricted {
    /// The model whose deletion is restricted.
    target: &'static ModelMeta,
    model: &'static ModelMeta,
    field: &'static FieldMeta,
    pks: Vec<i64>,
}

#[derive(Default)]
struct Plan {
    deletes: Vec<(&'static ModelMeta, Vec<i64>)>,
    field_updates: Vec<(&'static ModelMeta, &'static FieldMeta, Value, Vec<i64>)>,
    /// `'Model.field'` -> (the protected model, the protecting objects).
    protected: BTreeMap<String, (&'static ModelMeta, Vec<String>)>,
    restricted: Vec<Restricted>,
    seen: HashSet<(String, i64)>,
}

fn describe(model: &ModelMeta, pk: i64) -> String {
    format!("{} object ({pk})", model.object_name)
}

fn collect<'a>(
    db: &'a DatabaseWrapper,
    meta: &'static ModelMeta,
    pks: Vec<i64>,
    plan: &'a mut Plan,
) -> Pin<Box<dyn Future<Output = Result<()>> + Send + 'a>> {
    Box::pin(async move {
        let label = meta.label();
        let pks: Vec<i64> = pks
            .into_iter()
            .filter(|pk| plan.seen.insert((label.clone(), *pk)))
            .collect();
        if pks.is_empty() {
            return Ok(());
        }
        for (related, field) in crate::apps::related_objects(meta) {
            let Some(rel) = &field.related else { continue };
            if rel.on_delete == OnDelete::DoNothing {
                continue;
            }
            let mut ids = Vec::new();
            for chunk in pks.chunks(CHUNK) {
                let (sql, values) = {
                    let stmt = compiler::pks_where_in(related, &field.column, chunk);
                    db.vendor().build(&stmt)
                };
                let rows = db.fetch(sql, values, Some(&[FieldKind::BigIntegerField])).await?;
                ids.extend(rows.iter().filter_map(|r| r.first().and_then(Value::as_i64)));
            }
            if ids.is_empty() {
                continue;
            }
            match rel.on_delete {
                OnDelete::Cascade => collect(db, related, ids, plan).await?,
                OnDelete::Protect => {
                    let key = format!("'{}.{}'", related.object_name, field.name);
                    let entry = plan.protected.entry(key).or_insert((meta, Vec::new()));
                    entry.1.extend(ids.iter().map(|pk| describe(related, *pk)));
                }
                OnDelete::Restrict => plan.restricted.push(Restricted {
                    target: meta,
                    model: related,
                    field,
                    pks: ids,
                }),
                OnDelete::SetNull => plan.field_updates.push((related, field, Value::Null, ids)),
                OnDelete::SetDefault => {
                    let default = field.default.clone().unwrap_or(Value::Null);
                    plan.field_updates.push((related, field, default, ids));
                }
                OnDelete::DoNothing => {}
            }
        }
        // Children were pushed first: they are deleted before their parent.
        plan.deletes.push((meta, pks));
        Ok(())
    })
}

/// Refuse the deletion for `PROTECT` and for `RESTRICT` keys whose rows
/// are not deleted by the same call.
fn check(plan: &Plan) -> Result<()> {
    if let Some((_, (model, _))) = plan.protected.iter().next() {
        return Err(Error::ProtectedError {
            model: model.object_name.as_str(),
            referenced_by: plan.protected.keys().cloned().collect::<Vec<_>>().join(", "),
            objects: plan.protected.values().flat_map(|(_, o)| o.iter().cloned()).collect(),
        });
    }
    let mut keys: Vec<String> = Vec::new();
    let mut objects = Vec::new();
    let mut model = None;
    for r in &plan.restricted {
        let label = r.model.label();
        let kept: Vec<i64> = r
            .pks
            .iter()
            .copied()
            .filter(|pk| !plan.seen.contains(&(label.clone(), *pk)))
            .collect();
        if kept.is_empty() {
            continue;
        }
        model.get_or_insert(r.target);
        let key = format!("'{}.{}'", r.model.object_name, r.field.name);
        if !keys.contains(&key) {
            keys.push(key);
        }
        objects.extend(kept.iter().map(|pk| describe(r.model, *pk)));
    }
    match model {
        Some(model) => Err(Error::RestrictedError {
            model: model.object_name.as_str(),
            referenced_by: keys.join(", "),
            objects,
        }),
        None => Ok(()),
    }
}

fn same(a: &ModelMeta, b: &ModelMeta) -> bool {
    a.app_label == b.app_label && a.model_name == b.model_name
}

/// One entry per model, ordered so that a model is deleted before the
/// models it points at (Django's `Collector.sort`): databases that check
/// foreign keys at once (MySQL) never see a dangling key.
fn sort_deletes(deletes: Vec<(&'static ModelMeta, Vec<i64>)>) -> Vec<(&'static ModelMeta, Vec<i64>)> {
    let mut merged: Vec<(&'static ModelMeta, Vec<i64>)> = Vec::new();
    for (model, pks) in deletes {
        match merged.iter_mut().find(|(m, _)| same(m, model)) {
            Some(entry) => entry.1.extend(pks),
            None => merged.push((model, pks)),
        }
    }
    let points_at = |from: &ModelMeta, to: &ModelMeta| {
        !same(from, to)
            && from
                .fields
                .iter()
                .any(|f| f.related.as_ref().is_some_and(|r| same(r.target(), to)))
    };
    let mut out = Vec::with_capacity(merged.len());
    while !merged.is_empty() {
        let pick = merged
            .iter()
            .position(|(m, _)| !merged.iter().any(|(o, _)| points_at(o, m)))
            .unwrap_or(0);
        out.push(merged.remove(pick));
    }
    out
}

/// The rows `pks` of `meta`, for the delete signals.
async fn fetch_rows(db: &DatabaseWrapper, meta: &'static ModelMeta, pks: &[i64]) -> Result<Vec<Vec<Value>>> {
    let kinds: Vec<FieldKind> = meta.fields.iter().map(|f| f.kind).collect();
    let mut rows = Vec::new();
    for chunk in pks.chunks(CHUNK) {
        let (sql, values) = {
            let mut stmt = Query::select();
            stmt.columns(meta.fields.iter().map(|f| f.column.clone()))
                .from(meta.db_table.clone())
                .and_where(Expr::col(meta.pk().column.clone()).is_in(chunk.iter().copied()))
                .order_by(meta.pk().column.clone(), sea_query::Order::Asc);
            db.vendor().build(&stmt)
        };
        rows.extend(db.fetch(sql, values, Some(&kinds)).await?);
    }
    Ok(rows)
}

/// Delete rows `pks` of `meta` and what cascades from them.
pub(crate) async fn delete(alias: &str, meta: &'static ModelMeta, pks: Vec<i64>) -> Result<DeleteResult> {
    crate::apps::register(meta);
    if pks.is_empty() {
        return Ok(DeleteResult::default());
    }
    let db = connections::get(alias)?;
    atomic_using(alias, async {
        let mut plan = Plan::default();
        collect(&db, meta, pks, &mut plan).await?;
        check(&plan)?;
        plan.deletes = sort_deletes(std::mem::take(&mut plan.deletes));
        let origin = meta.label();
        let signals = pre_delete().has_listeners() || post_delete().has_listeners();
        let mut instances: Vec<Vec<ModelSignalArgs>> = Vec::new();
        for (model, ids) in &plan.deletes {
            let mut args = Vec::new();
            if signals && !model.auto_created {
                for row in fetch_rows(&db, model, ids).await? {
                    let mut a = ModelSignalArgs::new(model, row);
                    a.using = alias.to_owned();
                    a.origin = Some(origin.clone());
                    pre_delete().send(&model.label(), &a).await?;
                    args.push(a);
                }
            }
            instances.push(args);
        }
        for (model, field, value, ids) in &plan.field_updates {
            for chunk in ids.chunks(CHUNK) {
                let (sql, values) = {
                    let mut stmt = Query::update();
                    stmt.table(model.db_table.clone())
                        .value(field.column.clone(), Expr::val(db.vendor().adapt_value(value)))
                        .and_where(Expr::col(model.pk().column.clone()).is_in(chunk.iter().copied()));
                    db.vendor().build(&stmt)
                };
                db.run(sql, values).await?;
            }
        }
        let mut result = DeleteResult::default();
        for ((model, ids), args) in plan.deletes.iter().zip(&instances) {
            let mut n = 0;
            for chunk in ids.chunks(CHUNK) {
                let (sql, values) = {
                    let stmt = compiler::delete_pks(model, db.vendor(), chunk);
                    db.vendor().build(&stmt)
                };
                n += db.run(sql, values).await?.rows_affected;
            }
            for a in args {
                post_delete().send(&model.label(), a).await?;
            }
            result.total += n;
            *result.per_model.entry(model.label()).or_default() += n;
        }
        Ok(result)
    })
    .await
}
