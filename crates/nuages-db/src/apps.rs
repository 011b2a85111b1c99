//! The model registry (Django's `django.apps.apps`): every model whose
//! metadata has been used registers itself; apps register theirs at
//! start-up so reverse relations (for `on_delete`) are known.

use std::sync::{LazyLock, RwLock};

use crate::models::{FieldMeta, Model, ModelMeta};

static REGISTRY: LazyLock<RwLock<Vec<&'static ModelMeta>>> = LazyLock::new(|| RwLock::new(Vec::new()));

/// Register a model's metadata (idempotent).
pub fn register(meta: &'static ModelMeta) {
    let mut reg = REGISTRY.write().unwrap_or_else(|p| p.into_inner());
    if !reg
        .iter()
        .any(|m| m.app_label == meta.app_label && m.model_name == meta.model_name)
    {
        reg.push(meta);
    }
}

/// Register model `M`.
pub fn register_model<M: Model>() {
    register(M::meta());
}

/// Every registered model (Django's `apps.get_models()`).
pub fn get_models() -> Vec<&'static ModelMeta> {
    REGISTRY.read().unwrap_or_else(|p| p.into_inner()).clone()
}

/// The model `app_label.model_name` (case-insensitive), if registered.
pub fn get_model(app_label: &str, model_name: &str) -> Option<&'static ModelMeta> {
    let model_name = model_name.to_lowercase();
    get_models()
        .into_iter()
        .find(|m| m.app_label == app_label && m.model_name == model_name)
}

/// The `(model, field)` pairs whose foreign key points at `meta`
/// (Django's `_meta.related_objects`), including the foreign keys of the
/// auto-created many-to-many intermediary tables.
pub fn related_objects(meta: &ModelMeta) -> Vec<(&'static ModelMeta, &'static FieldMeta)> {
    let same = |m: &ModelMeta| m.app_label == meta.app_label && m.model_name == meta.model_name;
    let mut out = Vec::new();
    let mut visit = |model: &'static ModelMeta| {
        for field in &model.fields {
            if field.related.as_ref().is_some_and(|rel| same(rel.target())) {
                out.push((model, field));
            }
        }
    };
    for model in get_models() {
        visit(model);
        for m2m in model.many_to_many.iter().filter(|m| m.auto_created()) {
            visit(m2m.through_meta());
        }
    }
    out
}
