//! The `Signal` type (Django's `django.dispatch.dispatcher.Signal`).

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use crate::Result;

type SyncReceiver<A> = Arc<dyn Fn(&A) -> Result<()> + Send + Sync>;
type AsyncReceiver<A> = Arc<dyn Fn(&A) -> Pin<Box<dyn Future<Output = Result<()>> + Send>> + Send + Sync>;

enum Callback<A> {
    Sync(SyncReceiver<A>),
    Async(AsyncReceiver<A>),
}

impl<A> Clone for Callback<A> {
    fn clone(&self) -> Self {
        match self {
            Callback::Sync(f) => Callback::Sync(f.clone()),
            Callback::Async(f) => Callback::Async(f.clone()),
        }
    }
}

struct Receiver<A> {
    id: ReceiverId,
    sender: Option<String>,
    dispatch_uid: Option<String>,
    callback: Callback<A>,
}

/// Identifies one connected receiver (returned by `connect`, taken by
/// `disconnect`): Rust closures have no identity to compare, so this plays
/// the part of the function object Django compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReceiverId(u64);

/// Options of `connect`: Django's `sender=` and `dispatch_uid=`.
#[derive(Debug, Clone, Default)]
pub struct Connect {
    sender: Option<String>,
    dispatch_uid: Option<String>,
}

impl Connect {
    /// No sender filter, no uid.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only hear sends from `sender` (a model label such as `"polls.Question"`,
    /// an app label for migrations, a vendor for connections).
    pub fn sender(mut self, sender: impl Into<String>) -> Self {
        self.sender = Some(sender.into());
        self
    }

    /// A unique id: connecting again with the same uid (and sender) keeps
    /// the first receiver only, as Django does.
    pub fn dispatch_uid(mut self, uid: impl Into<String>) -> Self {
        self.dispatch_uid = Some(uid.into());
        self
    }
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A signal carrying arguments `A` (Django's `Signal()`): receivers are
/// connected, optionally for one sender, and called in connection order
/// by [`send`](Signal::send).
///
/// A `static` signal is made with [`Signal::new`] (a `const fn`).
pub struct Signal<A> {
    receivers: RwLock<Vec<Receiver<A>>>,
    count: AtomicUsize,
}

impl<A> std::fmt::Debug for Signal<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Signal({} receivers)", self.count.load(Ordering::Relaxed))
    }
}

impl<A> Default for Signal<A> {
    fn default() -> Self {
        Self::new()
    }
}

impl<A> Signal<A> {
    /// A signal with no receivers.
    pub const fn new() -> Self {
        Signal {
            receivers: RwLock::new(Vec::new()),
            count: AtomicUsize::new(0),
        }
    }

    /// Whether any receiver is connected (Django's `has_listeners()`).
    pub fn has_listeners(&self) -> bool {
        self.count.load(Ordering::Acquire) > 0
    }

    fn add(&self, options: Connect, callback: Callback<A>) -> ReceiverId {
        let mut receivers = self.receivers.write().unwrap_or_else(|p| p.into_inner());
        if let Some(uid) = &options.dispatch_uid
            && let Some(existing) = receivers
                .iter()
                .find(|r| r.dispatch_uid.as_ref() == Some(uid) && r.sender == options.sender)
        {
            return existing.id;
        }
        let id = ReceiverId(NEXT_ID.fetch_add(1, Ordering::Relaxed));
        receivers.push(Receiver {
            id,
            sender: options.sender,
            dispatch_uid: options.dispatch_uid,
            callback,
        });
        self.count.store(receivers.len(), Ordering::Release);
        id
    }

    /// Connect a receiver for every sender (Django's `signal.connect(f)`).
    pub fn connect<F>(&self, receiver: F) -> ReceiverId
    where
        F: Fn(&A) -> Result<()> + Send + Sync + 'static,
    {
        self.connect_with(Connect::new(), receiver)
    }

    /// Connect a receiver with a sender filter and/or a `dispatch_uid`.
    pub fn connect_with<F>(&self, options: Connect, receiver: F) -> ReceiverId
    where
        F: Fn(&A) -> Result<()> + Send + Sync + 'static,
    {
        self.add(options, Callback::Sync(Arc::new(receiver)))
    }

    /// Connect a receiver that runs queries or other async work: it gets
    /// the arguments by reference, copies what it needs, and returns a
    /// future that `send` awaits before calling the next receiver.
    pub fn connect_async<F, Fut>(&self, options: Connect, receiver: F) -> ReceiverId
    where
        F: Fn(&A) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<()>> + Send + 'static,
    {
        let f: AsyncReceiver<A> = Arc::new(move |args: &A| Box::pin(receiver(args)));
        self.add(options, Callback::Async(f))
    }

    fn remove(&self, keep: impl Fn(&Receiver<A>) -> bool) -> bool {
        let mut receivers = self.receivers.write().unwrap_or_else(|p| p.into_inner());
        let before = receivers.len();
        receivers.retain(keep);
        self.count.store(receivers.len(), Ordering::Release);
        receivers.len() != before
    }

    /// Disconnect a receiver; whether it was connected (Django's `disconnect`).
    pub fn disconnect(&self, id: ReceiverId) -> bool {
        self.remove(|r| r.id != id)
    }

    /// Disconnect the receiver(s) connected with `dispatch_uid`.
    pub fn disconnect_uid(&self, uid: &str) -> bool {
        self.remove(|r| r.dispatch_uid.as_deref() != Some(uid))
    }

    /// Call every receiver connected for `sender` (or for any sender), in
    /// connection order (Django's `send`).
    ///
    /// # Errors
    /// The first receiver error; later receivers are not called.
    pub async fn send(&self, sender: &str, args: &A) -> Result<()> {
        if !self.has_listeners() {
            return Ok(());
        }
        for callback in self.live_receivers(sender) {
            match callback {
                Callback::Sync(f) => f(args)?,
                Callback::Async(f) => f(args).await?,
            }
        }
        Ok(())
    }

    /// Call the receivers connected with `connect`/`connect_with` (not the
    /// async ones) from code that cannot await: `pre_init` and `post_init`
    /// are sent this way while rows are decoded.
    ///
    /// # Errors
    /// The first receiver error.
    pub fn send_sync(&self, sender: &str, args: &A) -> Result<()> {
        if !self.has_listeners() {
            return Ok(());
        }
        for callback in self.live_receivers(sender) {
            if let Callback::Sync(f) = callback {
                f(args)?;
            }
        }
        Ok(())
    }

    /// Call every receiver, collecting each error instead of stopping
    /// (Django's `send_robust`); the errors are returned in order.
    pub async fn send_robust(&self, sender: &str, args: &A) -> Vec<crate::Error> {
        let mut errors = Vec::new();
        for callback in self.live_receivers(sender) {
            let out = match callback {
                Callback::Sync(f) => f(args),
                Callback::Async(f) => f(args).await,
            };
            if let Err(e) = out {
                errors.push(e);
            }
        }
        errors
    }

    fn live_receivers(&self, sender: &str) -> Vec<Callback<A>> {
        let receivers = self.receivers.read().unwrap_or_else(|p| p.into_inner());
        receivers
            .iter()
            .filter(|r| r.sender.as_deref().is_none_or(|s| s == sender))
            .map(|r| r.callback.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[tokio::test]
    async fn connect_send_disconnect_with_sender_and_uid() {
        let signal: Signal<i32> = Signal::new();
        let log = Arc::new(Mutex::new(Vec::new()));
        let l = log.clone();
        let any = signal.connect(move |v| {
            l.lock().unwrap_or_else(|p| p.into_inner()).push(format!("any {v}"));
            Ok(())
        });
        for _ in 0..2 {
            let l = log.clone();
            signal.connect_with(Connect::new().sender("a").dispatch_uid("uid"), move |v| {
                l.lock().unwrap_or_else(|p| p.into_inner()).push(format!("a {v}"));
                Ok(())
            });
        }
        signal.send("a", &1).await.expect("send");
        signal.send("b", &2).await.expect("send");
        assert!(signal.disconnect(any));
        assert!(!signal.disconnect(any));
        signal.send("a", &3).await.expect("send");
        assert!(signal.disconnect_uid("uid"));
        assert!(!signal.has_listeners());
        let got = log.lock().unwrap_or_else(|p| p.into_inner()).clone();
        assert_eq!(got, ["any 1", "a 1", "any 2", "a 3"]);
    }

    #[tokio::test]
    async fn errors_stop_send_but_not_send_robust() {
        let signal: Signal<()> = Signal::new();
        signal.connect(|_| Err(crate::Error::ValueError("first".into())));
        signal.connect_async(Connect::new(), |_| async {
            Err(crate::Error::ValueError("second".into()))
        });
        assert!(matches!(signal.send("x", &()).await, Err(crate::Error::ValueError(m)) if m == "first"));
        assert_eq!(signal.send_robust("x", &()).await.len(), 2);
    }
}
