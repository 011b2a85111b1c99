//! `get_or_create`, `update_or_create`, `bulk_create`, `bulk_update`
//! (Django's `QuerySet` methods of the same names).

use super::{QuerySet, save_instance};
use crate::models::expressions::{Assignment, Case, Expression, When};
use crate::models::{Model, Q};
use crate::transaction::atomic_using;
use crate::{Error, Result, Value};

impl<M: Model> QuerySet<M> {
    /// The row matching `lookup`, or a new one from `create()` saved in a
    /// transaction; `true` when created (Django's `get_or_create`). A
    /// concurrent insert that wins the race (IntegrityError) is read back.
    ///
    /// # Errors
    /// `MultipleObjectsReturned`, or a database error.
    pub async fn get_or_create(&self, lookup: Q, create: impl FnOnce() -> M + Send) -> Result<(M, bool)> {
        let qs = self.clone().filter(lookup);
        match qs.get().await {
            Ok(found) => return Ok((found, false)),
            Err(e) if e.is_does_not_exist() => {}
            Err(e) => return Err(e),
        }
        let alias = self.alias_name();
        let mut instance = create();
        let saved = atomic_using(&alias, async {
            save_instance(&mut instance, Some(alias.clone())).await?;
            Ok::<_, Error>(())
        })
        .await;
        match saved {
            Ok(()) => Ok((instance, true)),
            Err(e) if e.database_kind() == Some(crate::DatabaseErrorKind::IntegrityError) => {
                qs.get().await.map(|found| (found, false)).map_err(|_| e)
            }
            Err(e) => Err(e),
        }
    }

    /// Update the row matching `lookup` with `update` (locked with
    /// `select_for_update` in a transaction), or create one from `create()`;
    /// `true` when created (Django's `update_or_create`).
    ///
    /// # Errors
    /// `MultipleObjectsReturned`, or a database error.
    pub async fn update_or_create(
        &self,
        lookup: Q,
        update: impl FnOnce(&mut M) + Send,
        create: impl FnOnce() -> M + Send,
    ) -> Result<(M, bool)> {
        let alias = self.alias_name();
        let qs = self.clone().filter(lookup).select_for_update();
        atomic_using(&alias, async {
            match qs.get().await {
                Ok(mut found) => {
                    update(&mut found);
                    save_instance(&mut found, Some(alias.clone())).await?;
                    Ok((found, false))
                }
                Err(e) if e.is_does_not_exist() => {
                    let mut instance = create();
                    save_instance(&mut instance, Some(alias.clone())).await?;
                    Ok((instance, true))
                }
                Err(e) => Err(e),
            }
        })
        .await
    }

    /// Insert `objs` in one transaction and return them with their primary
    /// keys set (Django's `bulk_create`; `save()` and signals are not
    /// involved). Each row is one INSERT.
    ///
    /// # Errors
    /// A database error; nothing is inserted then.
    pub async fn bulk_create(&self, objs: Vec<M>) -> Result<Vec<M>> {
        let alias = self.alias_name();
        atomic_using(&alias, async {
            let mut out = Vec::with_capacity(objs.len());
            for mut obj in objs {
                save_instance(&mut obj, Some(alias.clone())).await?;
                out.push(obj);
            }
            Ok(out)
        })
        .await
    }

    /// Write `fields` of `objs` (saved instances) in one UPDATE per batch,
    /// `SET f = CASE WHEN pk = 1 THEN ... END WHERE pk IN (...)` as Django's
    /// `bulk_update`; returns the number of rows matched.
    ///
    /// # Errors
    /// `FieldError` for an unknown or primary-key field; a database error.
    pub async fn bulk_update(&self, objs: &[M], fields: &[&str]) -> Result<u64> {
        let meta = M::meta();
        let mut indexes = Vec::new();
        for name in fields {
            match meta.fields.iter().position(|f| f.name == *name) {
                Some(i) if !meta.fields[i].primary_key => indexes.push((name.to_string(), i)),
                Some(_) => {
                    return Err(Error::FieldError {
                        model: meta.object_name.as_str(),
                        message: "bulk_update() cannot be used with primary key fields.".to_owned(),
                    });
                }
                None => {
                    return Err(Error::FieldError {
                        model: meta.object_name.as_str(),
                        message: format!("{} has no field named '{name}'", meta.object_name),
                    });
                }
            }
        }
        if objs.iter().any(|o| o.pk() == 0) {
            return Err(Error::FieldError {
                model: meta.object_name.as_str(),
                message: "All bulk_update() objects must have a primary key set.".to_owned(),
            });
        }
        let alias = self.alias_name();
        atomic_using(&alias, async {
            let mut total = 0;
            for batch in objs.chunks(500) {
                let rows: Vec<(i64, Vec<Value>)> = batch.iter().map(|o| (o.pk(), o.to_values())).collect();
                let assignments: Vec<Assignment> = indexes
                    .iter()
                    .map(|(name, i)| {
                        let whens = rows
                            .iter()
                            .map(|(pk, values)| When::new(Q::new("pk", *pk), Expression::Value(values[*i].clone())));
                        Assignment::from((name.as_str(), Case::new(whens)))
                    })
                    .collect();
                let pks: Vec<Value> = rows.iter().map(|(pk, _)| Value::Int(*pk)).collect();
                total += self
                    .clone()
                    .filter(Q::new("pk__in", Value::List(pks)))
                    .update(assignments)
                    .await?;
            }
            Ok(total)
        })
        .await
    }
}
