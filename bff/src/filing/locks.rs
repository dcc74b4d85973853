use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::OwnedMutexGuard;

/// One async lock per key, dropped from the map once nobody holds or waits for it.
#[derive(Default)]
pub struct KeyedLocks {
    locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

pub struct KeyGuard<'a> {
    owner: &'a KeyedLocks,
    key: String,
    guard: Option<OwnedMutexGuard<()>>,
}

impl KeyedLocks {
    pub async fn lock(&self, key: &str) -> KeyGuard<'_> {
        let lock = {
            let mut locks = self.locks.lock().expect("locks");
            locks.entry(key.to_owned()).or_default().clone()
        };
        let guard = lock.lock_owned().await;
        KeyGuard {
            owner: self,
            key: key.to_owned(),
            guard: Some(guard),
        }
    }

    pub fn len(&self) -> usize {
        self.locks.lock().expect("locks").len()
    }
}

impl Drop for KeyGuard<'_> {
    fn drop(&mut self) {
        drop(self.guard.take());
        let mut locks = self.owner.locks.lock().expect("locks");
        // Only the map holds it now: nobody waits, so forget the key.
        if locks
            .get(&self.key)
            .is_some_and(|lock| Arc::strong_count(lock) == 1)
        {
            locks.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn keys_are_forgotten_when_released() {
        let locks = KeyedLocks::default();
        {
            let _a = locks.lock("a").await;
            assert_eq!(locks.len(), 1);
        }
        assert_eq!(locks.len(), 0);
    }
}
