//! Signals (Django's `django.dispatch`): a [`Signal`] keeps receivers and
//! calls them when it is sent, so decoupled code hears about events
//! ("a model was saved", "a migration ran").
//!
//! The model signals (`pre_save`, `post_save`, `m2m_changed`, ...) are in
//! [`crate::models::signals`], `pre_migrate`/`post_migrate` in
//! [`crate::migrations::signals`], `connection_created` in
//! [`crate::backends::signals`]. `nuages` re-exports this module as
//! `nuages::dispatch`.
//!
//! # Examples
//! ```
//! use std::sync::Arc;
//! use std::sync::atomic::{AtomicUsize, Ordering};
//! use nuages_db::dispatch::{Connect, Signal};
//!
//! #[derive(Debug)]
//! struct PizzaDone { toppings: Vec<String> }
//!
//! static PIZZA_DONE: Signal<PizzaDone> = Signal::new();
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> nuages_db::Result<()> {
//! let heard = Arc::new(AtomicUsize::new(0));
//! let h = heard.clone();
//! // `dispatch_uid` keeps one registration however often this runs.
//! PIZZA_DONE.connect_with(Connect::new().sender("kitchen").dispatch_uid("count-pizzas"), move |args| {
//!     h.fetch_add(args.toppings.len(), Ordering::SeqCst);
//!     Ok(())
//! });
//! PIZZA_DONE.send("kitchen", &PizzaDone { toppings: vec!["cheese".into()] }).await?;
//! PIZZA_DONE.send("bakery", &PizzaDone { toppings: vec!["ham".into()] }).await?; // other sender: not heard
//! assert_eq!(heard.load(Ordering::SeqCst), 1);
//! assert!(PIZZA_DONE.disconnect_uid("count-pizzas"));
//! # Ok(())
//! # }
//! ```

mod dispatcher;

pub use dispatcher::{Connect, ReceiverId, Signal};
