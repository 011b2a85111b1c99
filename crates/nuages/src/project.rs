//! The [`Project`]: a user's site, built from its apps, URLconf, middleware
//! and settings.toml, and its command-line entry point (Django's
//! `manage.py` + `django.setup()`).
//!
//! ```no_run
//! fn urlpatterns() -> Vec<nuages::urls::URLPattern> {
//!     vec![]
//! }
//!
//! fn main() -> std::process::ExitCode {
//!     nuages::Project::new(env!("CARGO_MANIFEST_DIR"))
//!         .urls(urlpatterns)
//!         .execute_from_command_line()
//! }
//! ```

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use crate::apps::{App, Apps};
use crate::conf::{ImproperlyConfigured, Settings};
use crate::contrib::staticfiles::StaticFilesConfig;
use crate::contrib::staticfiles::finders::Finders;
use crate::core::handlers::Application;
use crate::core::management::{Command, CommandError, CommandRegistry};
use crate::middleware::registry::{MiddlewareFactory, MiddlewareRegistry};
use crate::template::backend::TemplateBackend;
use crate::urls::{URLPattern, URLResolver};

/// Builds the root URLconf (the project's `urls.py`).
pub type UrlConfFn = fn() -> Vec<URLPattern>;

/// A project before set-up: its compiled-in apps, root URLconf, middleware
/// factories and extra commands. See the module docs.
pub struct Project {
    base_dir: PathBuf,
    settings_file: Option<PathBuf>,
    settings: Option<Settings>,
    apps: Vec<Arc<dyn App>>,
    urls: UrlConfFn,
    middleware: Vec<(String, MiddlewareFactory)>,
    commands: CommandRegistry,
}

/// Apps Nuages ships, found by name in INSTALLED_APPS.
fn contrib_apps() -> Vec<Arc<dyn App>> {
    vec![
        Arc::new(StaticFilesConfig),
        Arc::new(crate::contrib::sessions::SessionsConfig),
        Arc::new(crate::contrib::contenttypes::ContentTypesConfig),
        Arc::new(crate::contrib::auth::AuthConfig),
    ]
}

impl Project {
    /// A project rooted at `base_dir` (the folder holding `settings.toml`,
    /// usually `env!("CARGO_MANIFEST_DIR")`).
    pub fn new(base_dir: impl Into<PathBuf>) -> Self {
        Project {
            base_dir: base_dir.into(),
            settings_file: None,
            settings: None,
            apps: Vec::new(),
            urls: Vec::new,
            middleware: Vec::new(),
            commands: CommandRegistry::with_builtins(),
        }
    }

    /// Register an app compiled into the binary; INSTALLED_APPS decides
    /// whether it is enabled.
    pub fn app(mut self, app: impl App) -> Self {
        self.apps.push(Arc::new(app));
        self
    }

    /// Set the root URLconf.
    pub fn urls(mut self, urls: UrlConfFn) -> Self {
        self.urls = urls;
        self
    }

    /// Register a middleware under the name MIDDLEWARE uses for it
    /// (`"polls.middleware.TimingMiddleware"`).
    pub fn middleware(mut self, name: impl Into<String>, factory: MiddlewareFactory) -> Self {
        self.middleware.push((name.into(), factory));
        self
    }

    /// Add a management command.
    pub fn command(mut self, command: impl Command) -> Self {
        self.commands.register(Arc::new(command));
        self
    }

    /// Read settings from this file instead of `<base_dir>/settings.toml`
    /// (`NUAGES_SETTINGS` does the same from the environment).
    pub fn settings_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.settings_file = Some(path.into());
        self
    }

    /// Use these settings instead of reading a file (tests).
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = Some(settings);
        self
    }

    fn load_settings(&self) -> Result<Settings, ImproperlyConfigured> {
        if let Some(settings) = &self.settings {
            return Ok(settings.clone());
        }
        let file = match (&self.settings_file, std::env::var_os("NUAGES_SETTINGS")) {
            (Some(file), _) => file.clone(),
            (None, Some(env)) => PathBuf::from(env),
            (None, None) => self.base_dir.join("settings.toml"),
        };
        Settings::load(Some(&file))
    }

    /// The enabled apps, in INSTALLED_APPS order.
    ///
    /// Errors: a name that is neither a registered app nor one Nuages ships.
    fn installed_apps(&self, settings: &Settings) -> Result<Apps, ImproperlyConfigured> {
        let available: Vec<Arc<dyn App>> = self.apps.iter().cloned().chain(contrib_apps()).collect();
        let mut enabled = Vec::new();
        for name in &settings.INSTALLED_APPS {
            let wanted = name.strip_prefix("django.").map(|rest| format!("nuages.{rest}"));
            let found = available
                .iter()
                .find(|app| app.name() == name || app.label() == name || wanted.as_deref() == Some(app.name()));
            match found {
                Some(app) => enabled.push(Arc::clone(app)),
                None => {
                    return Err(ImproperlyConfigured::new(format!(
                        "INSTALLED_APPS names '{name}', but no such app is compiled into this project \
                         (register it with Project::app)."
                    )));
                }
            }
        }
        Ok(Apps::new(enabled))
    }

    /// Set the project up (Django's `django.setup()` plus the WSGI
    /// handler): load and install settings, enable apps and call their
    /// `ready()`, connect the databases, build the URL resolver, the
    /// template engine and the middleware chain, once.
    ///
    /// Errors: [`ImproperlyConfigured`] for bad settings, an unknown app or
    /// middleware, or a database that cannot be opened.
    pub async fn setup(self) -> Result<Site, ImproperlyConfigured> {
        let mut settings = self.load_settings()?;
        if settings.BASE_DIR.as_os_str().is_empty() {
            settings.BASE_DIR = self.base_dir.clone();
        }
        let apps = self.installed_apps(&settings)?;
        let mut registry = MiddlewareRegistry::with_builtins();
        for (name, factory) in self.middleware {
            registry.register(name, factory);
        }
        if let Some(unknown) = settings.MIDDLEWARE.iter().find(|name| !registry.contains(name)) {
            return Err(ImproperlyConfigured::new(format!(
                "MIDDLEWARE names '{unknown}', but no such middleware is registered \
                 (register it with Project::middleware)."
            )));
        }
        let settings = if crate::conf::is_configured() {
            // Set up again in the same process (a second command, tests): the
            // settings are global, so they must be the same ones.
            let current = crate::conf::settings();
            if *current != settings {
                return Err(ImproperlyConfigured::new(
                    "Settings are already configured in this process with different values.",
                ));
            }
            current
        } else {
            crate::conf::configure(settings)?
        };
        for app in apps.get_app_configs() {
            for meta in app.models() {
                crate::db::apps::register(meta);
            }
        }
        for app in apps.get_app_configs() {
            app.ready();
        }
        crate::core::databases::connect_databases(&settings)?;

        let finders = Arc::new(static_finders(&settings, &apps));
        let resolver = Arc::new(root_resolver(self.urls, &settings, &apps, &finders)?);
        crate::urls::set_urlconf(Arc::clone(&resolver));

        let templates = TemplateBackend::from_settings(&settings, &apps)?;
        crate::template::backend::install(templates.clone());

        let chain = registry.build_chain(&settings)?;
        let application = Application::new(Arc::clone(&settings), Arc::clone(&resolver), chain);
        application.set_error_page_renderer(crate::views::defaults::template_error_pages(templates.clone()));
        Ok(Site {
            settings,
            apps,
            resolver,
            application: Arc::new(application),
            commands: self.commands,
            finders,
            base_dir: self.base_dir,
        })
    }

    /// Run the command in `std::env::args()` (Django's
    /// `execute_from_command_line`) and return the process exit status.
    pub fn execute_from_command_line(self) -> ExitCode {
        let args: Vec<String> = std::env::args().skip(1).collect();
        self.execute(args)
    }

    /// Run one command line (without the program name) on a fresh tokio
    /// runtime, printing to stdout and errors to stderr.
    pub fn execute(self, args: Vec<String>) -> ExitCode {
        crate::core::logging::init();
        let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
            Ok(runtime) => runtime,
            Err(err) => {
                eprintln!("CommandError: cannot start the async runtime: {err}");
                return ExitCode::FAILURE;
            }
        };
        runtime.block_on(async move {
            let mut stdout = std::io::stdout();
            match self.run(args, &mut stdout).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    let _ = stdout.flush();
                    eprintln!("CommandError: {err}");
                    ExitCode::from(err.returncode)
                }
            }
        })
    }

    /// Run one command line, writing to `out`. `help` (and no command at
    /// all) lists the commands without setting the project up.
    pub async fn run(self, args: Vec<String>, out: &mut (dyn Write + Send)) -> Result<(), CommandError> {
        let Some(name) = args.first().cloned() else {
            return crate::core::management::commands::help::write_usage(&self.commands, out);
        };
        let needs_setup = match self.commands.get(&name) {
            Some(command) => command.requires_setup(),
            None if matches!(name.as_str(), "-h" | "--help") => false,
            None => {
                return Err(CommandError::new(format!(
                    "Unknown command: '{name}'\nType '{} help' for usage.",
                    program_name()
                )));
            }
        };
        if !needs_setup {
            let commands = self.commands.clone();
            return crate::core::management::commands::help::run_without_setup(&commands, &args, out);
        }
        let site = self.setup().await?;
        site.call_command(&args, out).await
    }
}

/// The program name shown in usage lines (the binary's file name).
pub fn program_name() -> String {
    std::env::args()
        .next()
        .and_then(|p| Path::new(&p).file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "manage".to_owned())
}

/// The root URL resolver: the static and media files patterns while DEBUG is on, the
/// project's URLconf, and the welcome page when that URLconf is empty.
fn root_resolver(
    urls: UrlConfFn,
    settings: &Settings,
    apps: &Apps,
    finders: &Arc<Finders>,
) -> Result<URLResolver, ImproperlyConfigured> {
    let mut patterns = Vec::new();
    if settings.DEBUG
        && apps.is_installed("staticfiles")
        && let Some(pattern) = crate::contrib::staticfiles::views::static_urlpattern(settings, Arc::clone(finders))
    {
        patterns.push(pattern);
    }
    if settings.DEBUG {
        // Django's `static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)`.
        patterns.extend(crate::views::static_serve::media_urlpatterns(settings));
    }
    let user_patterns = urls();
    let welcome = user_patterns.is_empty() && settings.DEBUG;
    patterns.extend(user_patterns);
    if welcome {
        patterns.push(crate::views::defaults::welcome_urlpattern());
    }
    URLResolver::try_new(patterns).map_err(|e| ImproperlyConfigured::new(format!("Invalid URLconf: {e}")))
}

fn static_finders(settings: &Settings, apps: &Apps) -> Finders {
    let mut roots: Vec<PathBuf> = settings
        .STATICFILES_DIRS
        .iter()
        .map(|d| settings.BASE_DIR.join(d))
        .collect();
    roots.extend(apps.get_app_configs().filter_map(|app| app.static_dir()));
    Finders::new(roots)
}

/// A set-up project: settings installed, apps ready, databases connected,
/// and the request [`Application`] built. Commands run against it.
pub struct Site {
    /// The installed settings.
    pub settings: Arc<Settings>,
    /// The enabled apps.
    pub apps: Apps,
    /// The root URL resolver.
    pub resolver: Arc<URLResolver>,
    /// The request handler (middleware chain + resolver), shared by the
    /// server and the test client.
    pub application: Arc<Application>,
    /// Static file finders (STATICFILES_DIRS, then app `static/` folders).
    pub finders: Arc<Finders>,
    /// The project folder.
    pub base_dir: PathBuf,
    commands: CommandRegistry,
}

impl Site {
    /// Run one command line (`["migrate", "polls", "0001"]`), writing to `out`
    /// (Django's `call_command`).
    ///
    /// Errors: an unknown command, bad arguments (the clap message), or the
    /// command's own [`CommandError`].
    pub async fn call_command(&self, args: &[String], out: &mut (dyn Write + Send)) -> Result<(), CommandError> {
        let Some(name) = args.first() else {
            return crate::core::management::commands::help::write_usage(&self.commands, out);
        };
        let command = self.commands.get(name).ok_or_else(|| {
            CommandError::new(format!(
                "Unknown command: '{name}'\nType '{} help' for usage.",
                program_name()
            ))
        })?;
        let parser = command.arguments(
            clap::Command::new(format!("{} {}", program_name(), command.name()))
                .about(command.help())
                .no_binary_name(true),
        );
        let matches = match parser.try_get_matches_from(&args[1..]) {
            Ok(matches) => matches,
            Err(err) if matches!(err.kind(), clap::error::ErrorKind::DisplayHelp) => {
                write!(out, "{err}")?;
                return Ok(());
            }
            Err(err) => return Err(CommandError::new(err.to_string().trim_end().to_owned())),
        };
        command.handle(self, &matches, out).await
    }

    /// The commands this site knows.
    pub fn commands(&self) -> &CommandRegistry {
        &self.commands
    }

    /// Migration descriptions of every enabled app that has models or a
    /// migrations folder.
    pub fn app_migrations(&self) -> Vec<crate::db::migrations::AppMigrations> {
        self.apps
            .get_app_configs()
            .filter_map(|app| {
                let embedded = app.embedded_migrations();
                match app.migrations_dir() {
                    Some(dir) => Some(
                        crate::db::migrations::AppMigrations::new(app.label(), app.models(), dir)
                            .with_embedded(embedded),
                    ),
                    None if !embedded.is_empty() => Some(
                        crate::db::migrations::AppMigrations {
                            label: app.label().to_owned(),
                            models: app.models(),
                            dir: None,
                            embedded: Vec::new(),
                        }
                        .with_embedded(embedded),
                    ),
                    None => None,
                }
            })
            .collect()
    }

    /// A test client bound to this site's application.
    pub fn client(&self) -> crate::test::Client {
        crate::test::Client::new(Arc::clone(&self.application))
    }
}
