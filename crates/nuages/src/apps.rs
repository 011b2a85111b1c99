//! Applications: Django's `AppConfig` and the app registry.
//!
//! An app is a value implementing [`App`]: its label, its source folder
//! (holding `templates/`, `static/` and `migrations/`), its models and its
//! `ready()` hook. A [`crate::Project`] is given every app compiled into the
//! binary; `INSTALLED_APPS` in settings.toml says which are enabled, in order.

use std::path::PathBuf;
use std::sync::Arc;

use crate::db::models::ModelMeta;

/// One application (Django's `AppConfig`).
///
/// ```
/// use std::path::PathBuf;
///
/// struct PollsConfig;
///
/// impl nuages::apps::App for PollsConfig {
///     fn label(&self) -> &'static str {
///         "polls"
///     }
///     fn path(&self) -> Option<PathBuf> {
///         Some(PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src/polls")))
///     }
/// }
/// ```
pub trait App: Send + Sync + 'static {
    /// Short unique name (Django's `AppConfig.label`): prefixes tables
    /// (`polls_question`) and names the app in commands.
    fn label(&self) -> &'static str;

    /// The name INSTALLED_APPS uses for the app (Django's `AppConfig.name`);
    /// defaults to the label.
    fn name(&self) -> &'static str {
        self.label()
    }

    /// Human-readable name (Django's `verbose_name`).
    fn verbose_name(&self) -> String {
        let label = self.label();
        let mut chars = label.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }

    /// The app's source folder, or `None` for apps without files.
    fn path(&self) -> Option<PathBuf> {
        None
    }

    /// The app's models, in dependency order.
    fn models(&self) -> Vec<&'static ModelMeta> {
        Vec::new()
    }

    /// Folder of the app's templates (`<path>/templates`), if it exists.
    fn templates_dir(&self) -> Option<PathBuf> {
        self.path().map(|p| p.join("templates")).filter(|p| p.is_dir())
    }

    /// Folder of the app's static files (`<path>/static`), if it exists.
    fn static_dir(&self) -> Option<PathBuf> {
        self.path().map(|p| p.join("static")).filter(|p| p.is_dir())
    }

    /// Folder of the app's migration files (`<path>/migrations`).
    fn migrations_dir(&self) -> Option<PathBuf> {
        self.path().map(|p| p.join("migrations"))
    }

    /// Migrations compiled into the binary, `(name, toml)` pairs, used when
    /// the app has no `migrations/` folder on disk (Nuages' own apps:
    /// `sessions`, `contenttypes`, `auth`).
    fn embedded_migrations(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }

    /// Called once every app is loaded (Django's `AppConfig.ready`): connect
    /// signals here.
    fn ready(&self) {}
}

/// The enabled apps, in INSTALLED_APPS order (Django's `django.apps.apps`).
#[derive(Clone, Default)]
pub struct Apps {
    apps: Vec<Arc<dyn App>>,
}

impl Apps {
    /// A registry holding `apps`, in order.
    pub fn new(apps: Vec<Arc<dyn App>>) -> Self {
        Apps { apps }
    }

    /// Every enabled app, in order.
    pub fn get_app_configs(&self) -> impl Iterator<Item = &Arc<dyn App>> {
        self.apps.iter()
    }

    /// The app with this label (Django's `apps.get_app_config`).
    pub fn get_app_config(&self, label: &str) -> Option<&Arc<dyn App>> {
        self.apps.iter().find(|app| app.label() == label)
    }

    /// Whether an app with this label or name is enabled.
    pub fn is_installed(&self, name: &str) -> bool {
        self.apps.iter().any(|app| app.label() == name || app.name() == name)
    }

    /// Every model of every enabled app.
    pub fn get_models(&self) -> Vec<&'static ModelMeta> {
        self.apps.iter().flat_map(|app| app.models()).collect()
    }
}
