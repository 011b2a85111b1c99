//! Content types: Django's `django.contrib.contenttypes`.
//!
//! One [`ContentType`] row (`django_content_type`) per model of each
//! installed app, created after `migrate` by [`create_contenttypes`] (Django's
//! `post_migrate` handler); permissions point at them.

use crate::db::migrations::state::ProjectState;
use crate::db::prelude::*;

/// A model of an installed app (`django_content_type`: `app_label`, `model`).
#[derive(Model, Debug, Clone, serde::Serialize)]
#[model(
    app_label = "contenttypes",
    db_table = "django_content_type",
    verbose_name = "content type",
    verbose_name_plural = "content types"
)]
pub struct ContentType {
    /// Primary key.
    pub id: i64,
    /// The app's label, e.g. `polls`.
    #[field(max_length = 100)]
    pub app_label: String,
    /// The model's lowercased name, e.g. `question`.
    #[field(max_length = 100, verbose_name = "python model class name")]
    pub model: String,
}

impl ContentType {
    /// Django's `ContentType.objects.get_by_natural_key(app_label, model)`,
    /// creating the row when missing (`get_for_model`).
    ///
    /// # Errors
    /// A database error.
    pub async fn get_or_create(app_label: &str, model: &str) -> Result<ContentType> {
        let existing = ContentType::objects()
            .filter(ContentType::APP_LABEL.eq(app_label))
            .filter(ContentType::MODEL.eq(model))
            .first()
            .await?;
        match existing {
            Some(ct) => Ok(ct),
            None => {
                ContentType::objects()
                    .create(ContentType {
                        id: 0,
                        app_label: app_label.to_owned(),
                        model: model.to_owned(),
                    })
                    .await
            }
        }
    }
}

impl std::fmt::Display for ContentType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} | {}", self.app_label, self.model)
    }
}

/// The `contenttypes` app (`"nuages.contrib.contenttypes"` or
/// `"django.contrib.contenttypes"` in INSTALLED_APPS).
pub struct ContentTypesConfig;

impl crate::apps::App for ContentTypesConfig {
    fn label(&self) -> &'static str {
        "contenttypes"
    }

    fn name(&self) -> &'static str {
        "nuages.contrib.contenttypes"
    }

    fn verbose_name(&self) -> String {
        "Content Types".to_owned()
    }

    fn models(&self) -> Vec<&'static ModelMeta> {
        vec![ContentType::meta()]
    }

    fn embedded_migrations(&self) -> &'static [(&'static str, &'static str)] {
        &[
            ("0001_initial", include_str!("migrations/0001_initial.toml")),
            (
                "0002_remove_content_type_name",
                include_str!("migrations/0002_remove_content_type_name.toml"),
            ),
        ]
    }
}

/// Whether a model of the migration state is a many-to-many join table
/// (Django creates no content type for auto-created through models).
fn is_join_table(app_label: &str, model: &str) -> bool {
    app_label == "auth" && matches!(model, "usergroups" | "useruserpermissions" | "grouppermissions")
}

/// The `(app_label, model_name, verbose_name)` of every concrete model in
/// `state`, join tables excepted, in a stable order.
pub fn state_models(state: &ProjectState) -> Vec<(String, String, String)> {
    state
        .models
        .iter()
        .filter(|((app, model), _)| !is_join_table(app, model))
        .map(|((app, model), ms)| {
            let verbose = ms
                .options
                .verbose_name
                .clone()
                .unwrap_or_else(|| crate::db::models::options::camel_case_to_spaces(&ms.name));
            (app.clone(), model.clone(), verbose)
        })
        .collect()
}

/// Django's `create_contenttypes`: add the missing content types of
/// `models` (from [`state_models`]); returns the ones created.
///
/// # Errors
/// A database error.
pub async fn create_contenttypes(models: &[(String, String, String)]) -> Result<Vec<ContentType>> {
    let existing = ContentType::objects().all().await?;
    let mut created = Vec::new();
    for (app, model, _) in models {
        if existing.iter().any(|ct| &ct.app_label == app && &ct.model == model) {
            continue;
        }
        created.push(ContentType::get_or_create(app, model).await?);
    }
    Ok(created)
}
