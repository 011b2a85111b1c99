//! What `migrate` does for auth (Django's `contrib/auth/management/__init__.py`):
//! the embedded migrations and the default permissions created after
//! migrating (the `post_migrate` handler `create_permissions`).

use super::models::Permission;
use crate::contrib::contenttypes::{ContentType, create_contenttypes, state_models};
use crate::db::migrations::{AppMigrations, MigrationLoader};
use crate::db::prelude::*;

/// The auth app's migrations, under Django's names so `django_migrations`
/// reads the same to both frameworks.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_initial", include_str!("migrations/0001_initial.toml")),
    (
        "0002_alter_permission_name_max_length",
        include_str!("migrations/0002_alter_permission_name_max_length.toml"),
    ),
    (
        "0003_alter_user_email_max_length",
        include_str!("migrations/0003_alter_user_email_max_length.toml"),
    ),
    (
        "0004_alter_user_username_opts",
        include_str!("migrations/0004_alter_user_username_opts.toml"),
    ),
    (
        "0005_alter_user_last_login_null",
        include_str!("migrations/0005_alter_user_last_login_null.toml"),
    ),
    (
        "0006_require_contenttypes_0002",
        include_str!("migrations/0006_require_contenttypes_0002.toml"),
    ),
    (
        "0007_alter_validators_add_error_messages",
        include_str!("migrations/0007_alter_validators_add_error_messages.toml"),
    ),
    (
        "0008_alter_user_username_max_length",
        include_str!("migrations/0008_alter_user_username_max_length.toml"),
    ),
    (
        "0009_alter_user_last_name_max_length",
        include_str!("migrations/0009_alter_user_last_name_max_length.toml"),
    ),
    (
        "0010_alter_group_name_max_length",
        include_str!("migrations/0010_alter_group_name_max_length.toml"),
    ),
    (
        "0011_update_proxy_permissions",
        include_str!("migrations/0011_update_proxy_permissions.toml"),
    ),
    (
        "0012_alter_user_first_name_max_length",
        include_str!("migrations/0012_alter_user_first_name_max_length.toml"),
    ),
];

/// Django's default permissions: `add`, `change`, `delete`, `view`.
pub const DEFAULT_PERMISSIONS: [&str; 4] = ["add", "change", "delete", "view"];

/// Django's `create_permissions`: the content type and the four default
/// permissions (`add_question`, "Can add question", ...) of every model
/// the migrations of `apps` define, when missing. Returns how many
/// permissions were created. Run by `migrate` when `contenttypes` is
/// installed (permissions only with `auth`).
///
/// # Errors
/// A migration loading or database error.
pub async fn post_migrate(apps: &[AppMigrations], auth_installed: bool) -> Result<usize> {
    let state = MigrationLoader::new(apps)?.project_state()?;
    let installed: Vec<&str> = apps.iter().map(|a| a.label.as_str()).collect();
    let models: Vec<(String, String, String)> = state_models(&state)
        .into_iter()
        .filter(|(app, _, _)| installed.contains(&app.as_str()))
        .collect();
    create_contenttypes(&models).await?;
    if !auth_installed {
        return Ok(0);
    }
    let content_types = ContentType::objects().all().await?;
    let existing = Permission::objects().all().await?;
    let mut created = 0;
    for (app, model, verbose_name) in &models {
        let Some(ct) = content_types.iter().find(|c| &c.app_label == app && &c.model == model) else {
            continue;
        };
        for action in DEFAULT_PERMISSIONS {
            let codename = format!("{action}_{model}");
            if existing
                .iter()
                .any(|p| p.content_type.id() == ct.id && p.codename == codename)
            {
                continue;
            }
            Permission::objects()
                .create(Permission {
                    id: 0,
                    name: format!("Can {action} {verbose_name}"),
                    content_type: ForeignKey::new(ct.id),
                    codename,
                })
                .await?;
            created += 1;
        }
    }
    Ok(created)
}
