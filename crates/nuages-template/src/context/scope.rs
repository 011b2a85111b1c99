//! One scope of a [`Context`](super::Context): the variables a tag (or the
//! caller) set, in insertion order.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::value::Value;

/// Past this many names a scope also keeps a hash index; below it a linear
/// scan (comparing lengths first) is faster than hashing the name.
const INDEX_FROM: usize = 16;

/// Variables of one scope. Names are only ever added or overwritten, never
/// removed, so positions in `entries` stay valid for `index`.
#[derive(Clone, Default)]
pub(crate) struct Scope {
    entries: Vec<(Arc<str>, Value)>,
    index: Option<HashMap<Arc<str>, usize, foldhash::fast::RandomState>>,
}

impl Scope {
    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.entries.iter().position(|(k, _)| &**k == key),
        }
    }

    /// The variables of this scope, in insertion order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.entries.iter().map(|(k, v)| (&**k, v))
    }

    /// The value of `key` in this scope.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.position(key).map(|i| &self.entries[i].1)
    }

    /// The slot of `key`, added (as `None`) when missing.
    pub(crate) fn slot(&mut self, key: &str) -> &mut Value {
        let i = match self.position(key) {
            Some(i) => i,
            None => {
                let key: Arc<str> = Arc::from(key);
                let i = self.entries.len();
                if let Some(index) = &mut self.index {
                    index.insert(key.clone(), i);
                }
                self.entries.push((key, Value::None));
                if self.index.is_none() && self.entries.len() > INDEX_FROM {
                    self.index = Some(
                        self.entries
                            .iter()
                            .enumerate()
                            .map(|(i, (k, _))| (k.clone(), i))
                            .collect(),
                    );
                }
                i
            }
        };
        &mut self.entries[i].1
    }
}

impl FromIterator<(String, Value)> for Scope {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        let mut scope = Scope::default();
        for (k, v) in iter {
            *scope.slot(&k) = v;
        }
        scope
    }
}

impl fmt::Debug for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.entries.iter().map(|(k, v)| (k, v))).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_scopes_stay_consistent_with_their_index() {
        let mut s = Scope::default();
        for i in 0..40 {
            *s.slot(&format!("k{i}")) = Value::Int(i);
        }
        *s.slot("k3") = Value::Int(-3);
        assert!(s.index.is_some());
        assert_eq!(s.get("k3"), Some(&Value::Int(-3)));
        assert_eq!(s.get("k39"), Some(&Value::Int(39)));
        assert_eq!(s.get("k40"), None);
        assert_eq!(s.entries.len(), 40);
    }
}
