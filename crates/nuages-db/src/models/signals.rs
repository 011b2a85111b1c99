//! Model signals (Django's `django.db.models.signals`): `pre_init`,
//! `post_init`, `pre_save`, `post_save`, `pre_delete`, `post_delete` and
//! `m2m_changed`.
//!
//! The sender is the model: connect with
//! `Connect::new().sender_model::<Question>()` to hear one model only.
//! Receivers get the row as values in `meta.fields` order and decode a
//! typed copy with [`ModelSignalArgs::instance`].
//!
//! # Examples
//! ```
//! use nuages_db::dispatch::Connect;
//! use nuages_db::models::signals::post_save;
//! use nuages_db::prelude::*;
//!
//! #[derive(Model, Debug, Clone)]
//! #[model(app_label = "news")]
//! pub struct Article {
//!     pub id: i64,
//!     #[field(max_length = 100)]
//!     pub title: String,
//! }
//!
//! post_save().connect_with(Connect::new().sender_model::<Article>(), |args| {
//!     let article: Article = args.instance()?;
//!     println!("saved {} (created: {})", article.title, args.created);
//!     Ok(())
//! });
//! ```

use crate::dispatch::{Connect, Signal};
use crate::models::{Model, ModelMeta};
use crate::{Result, Value};

/// The arguments of the instance signals (`pre_init` ... `post_delete`).
#[derive(Debug, Clone)]
pub struct ModelSignalArgs {
    /// The model (Django's `sender`).
    pub model: &'static ModelMeta,
    /// The instance's primary key (0 before its first save, and in `pre_init`).
    pub pk: i64,
    /// The row, one value per field in `model.fields` order.
    pub values: Vec<Value>,
    /// `post_save`: whether the row was inserted.
    pub created: bool,
    /// `raw` (always false: fixtures loading sets it in Django).
    pub raw: bool,
    /// The database alias (`using`); empty for `pre_init`/`post_init`.
    pub using: String,
    /// `update_fields` of `save()`, when given.
    pub update_fields: Option<Vec<String>>,
    /// `pre_delete`/`post_delete`: the label of the model whose delete()
    /// started the deletion (Django's `origin`).
    pub origin: Option<String>,
}

impl ModelSignalArgs {
    /// Args for `model` and row `values`.
    pub fn new(model: &'static ModelMeta, values: Vec<Value>) -> Self {
        let pk = model
            .fields
            .iter()
            .position(|f| f.primary_key)
            .and_then(|i| values.get(i))
            .and_then(Value::as_i64)
            .unwrap_or(0);
        ModelSignalArgs {
            model,
            pk,
            values,
            created: false,
            raw: false,
            using: String::new(),
            update_fields: None,
            origin: None,
        }
    }

    /// A typed copy of the instance.
    ///
    /// # Errors
    /// `ValidationError` when `M` is not the sender's model type.
    pub fn instance<M: Model>(&self) -> Result<M> {
        M::from_values(self.values.clone())
    }

    /// Whether the sender is model `M`.
    pub fn is<M: Model>(&self) -> bool {
        std::ptr::eq(self.model, M::meta())
    }
}

/// What changed in a many-to-many relation (`m2m_changed`'s `action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum M2mAction {
    /// Before `add()`.
    PreAdd,
    /// After `add()`.
    PostAdd,
    /// Before `remove()`.
    PreRemove,
    /// After `remove()`.
    PostRemove,
    /// Before `clear()`.
    PreClear,
    /// After `clear()`.
    PostClear,
}

impl M2mAction {
    /// Django's spelling: `"pre_add"`, `"post_clear"`, ...
    pub fn as_str(&self) -> &'static str {
        match self {
            M2mAction::PreAdd => "pre_add",
            M2mAction::PostAdd => "post_add",
            M2mAction::PreRemove => "pre_remove",
            M2mAction::PostRemove => "post_remove",
            M2mAction::PreClear => "pre_clear",
            M2mAction::PostClear => "post_clear",
        }
    }
}

/// The arguments of `m2m_changed` (sent with the intermediary model's label as sender).
#[derive(Debug, Clone)]
pub struct M2mChanged {
    /// The intermediary model (`sender` in Django).
    pub through: Option<&'static ModelMeta>,
    /// The model of the instance whose relation changed.
    pub instance_model: &'static ModelMeta,
    /// That instance's primary key.
    pub instance_pk: i64,
    /// What happened.
    pub action: M2mAction,
    /// Whether the change was made from the reverse side (`group.user_set()`).
    pub reverse: bool,
    /// The model of the objects added or removed.
    pub model: &'static ModelMeta,
    /// Their primary keys (empty for the clear actions); for `add`, only
    /// the ones not already related.
    pub pk_set: Vec<i64>,
    /// The database alias.
    pub using: String,
}

impl M2mChanged {
    /// The label the signal is sent with (the intermediary model's).
    pub fn sender(&self) -> String {
        self.through.map(ModelMeta::label).unwrap_or_default()
    }
}

macro_rules! signals {
    ($($name:ident: $args:ty, $doc:literal;)*) => {$(
        #[doc = $doc]
        pub fn $name() -> &'static Signal<$args> {
            static SIGNAL: Signal<$args> = Signal::new();
            &SIGNAL
        }
    )*};
}

signals! {
    pre_init: ModelSignalArgs, "Sent before an instance is built from a row (`values` are the row); only receivers connected with `connect`/`connect_with` are called.";
    post_init: ModelSignalArgs, "Sent after an instance was built from a row (synchronous receivers only, as `pre_init`).";
    pre_save: ModelSignalArgs, "Sent at the start of `save()`.";
    post_save: ModelSignalArgs, "Sent at the end of `save()`; `created` says whether it inserted.";
    pre_delete: ModelSignalArgs, "Sent before each instance is deleted (by `delete()` and its cascades).";
    post_delete: ModelSignalArgs, "Sent after each instance is deleted.";
    m2m_changed: M2mChanged, "Sent before and after a many-to-many relation changes.";
}

impl Connect {
    /// Only hear signals sent for model `M` (Django's `sender=Model`).
    pub fn sender_model<M: Model>(self) -> Self {
        self.sender(M::meta().label())
    }
}

/// Build an instance from a row, sending `pre_init`/`post_init` when someone
/// listens (their synchronous receivers: rows are decoded without awaiting).
pub(crate) fn init_instance<M: Model>(values: Vec<Value>) -> Result<M> {
    let (pre, post) = (pre_init(), post_init());
    if !pre.has_listeners() && !post.has_listeners() {
        return M::from_values(values);
    }
    let meta = M::meta();
    let label = meta.label();
    let args = ModelSignalArgs::new(meta, values);
    pre.send_sync(&label, &args)?;
    let instance = M::from_values(args.values.clone())?;
    post.send_sync(&label, &args)?;
    Ok(instance)
}
