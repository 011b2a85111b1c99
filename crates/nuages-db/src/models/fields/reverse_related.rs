//! Relations seen from the other side (Django's `reverse_related.py`:
//! `ManyToOneRel`, `ManyToManyRel`): the names a model can be filtered on
//! through the models pointing at it (`Question.objects.filter(choice__votes__gt=0)`),
//! and the joins that a many-to-many or reverse step needs.
//!
//! Reverse relations are found in the model registry ([`crate::apps`]):
//! a model is known once its metadata has been used or its app registered.

use super::FieldMeta;
use crate::Result;
use crate::apps;
use crate::models::ModelMeta;

/// One join of a relation step: `JOIN meta ON <previous>.lhs_column = meta.rhs_column`.
#[derive(Debug, Clone)]
pub(crate) struct JoinStep {
    /// The table joined.
    pub(crate) meta: &'static ModelMeta,
    /// The column on the previous table.
    pub(crate) lhs_column: String,
    /// The column on the joined table.
    pub(crate) rhs_column: String,
}

/// The name a foreign key `field` of `model` is known by from its target in
/// lookups: `related_query_name`, else `related_name`, else the model name.
pub fn fk_reverse_query_name(model: &ModelMeta, field: &FieldMeta) -> Option<String> {
    let rel = field.related.as_ref()?;
    if rel.related_name.as_deref().is_some_and(|n| n.ends_with('+')) && rel.related_query_name.is_none() {
        return None;
    }
    Some(
        rel.related_query_name
            .clone()
            .or_else(|| rel.related_name.clone())
            .unwrap_or_else(|| model.model_name.clone()),
    )
}

fn same(a: &ModelMeta, b: &ModelMeta) -> bool {
    a.app_label == b.app_label && a.model_name == b.model_name
}

/// The reverse names of `meta` (for error messages listing the choices).
pub(crate) fn reverse_query_names(meta: &ModelMeta) -> Vec<String> {
    let mut out = Vec::new();
    for model in apps::get_models() {
        for field in &model.fields {
            if field.related.as_ref().is_some_and(|r| same(r.target(), meta))
                && let Some(name) = fk_reverse_query_name(model, field)
            {
                out.push(name);
            }
        }
        for m2m in &model.many_to_many {
            if same(m2m.target(), meta) && !m2m.accessor_name().ends_with('+') {
                out.push(m2m.reverse_query_name());
            }
        }
    }
    out
}

/// The joins that lookup step `name` from `model` needs when `name` is a
/// many-to-many field (forward or reverse); `None` when it is not.
pub(crate) fn many_to_many_steps(model: &'static ModelMeta, name: &str) -> Option<Result<Vec<JoinStep>>> {
    let pk = model.pk().column.clone();
    if let Some(m2m) = model.get_many_to_many(name) {
        return Some(m2m.through_columns().map(|cols| {
            let target = m2m.target();
            vec![
                JoinStep {
                    meta: cols.through,
                    lhs_column: pk,
                    rhs_column: cols.source.column.clone(),
                },
                JoinStep {
                    meta: target,
                    lhs_column: cols.target.column.clone(),
                    rhs_column: target.pk().column.clone(),
                },
            ]
        }));
    }
    for other in apps::get_models() {
        for m2m in &other.many_to_many {
            if same(m2m.target(), model) && m2m.reverse_query_name() == name {
                return Some(m2m.through_columns().map(|cols| {
                    vec![
                        JoinStep {
                            meta: cols.through,
                            lhs_column: pk.clone(),
                            rhs_column: cols.target.column.clone(),
                        },
                        JoinStep {
                            meta: other,
                            lhs_column: cols.source.column.clone(),
                            rhs_column: other.pk().column.clone(),
                        },
                    ]
                }));
            }
        }
    }
    None
}
