//! Password hashing: argon2id with the OWASP parameters (19 MiB, 2 passes, 1 lane), run off
//! the async threads, with a cap on how many run at once so a login storm cannot starve the
//! server of memory or CPU.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::Arc;
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
}

fn argon() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of a random password, verified against when the username is unknown so both
/// paths take the same time.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3JZ4sHkqP5dQvK0yq1mVjv8m3o6m0B1tV7bX4cYlGxQ";

impl Hasher {
    pub fn new(concurrent: usize) -> Hasher {
        Hasher { permits: Arc::new(Semaphore::new(concurrent.max(1))) }
    }

    pub async fn hash(&self, password: &str) -> anyhow::Result<String> {
        let _permit = self.permits.acquire().await?;
        let password = password.to_string();
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| anyhow::anyhow!("hash failed: {e}"))
        })
        .await?
    }

    /// Whether `password` matches `hash`; `None` for the hash runs a dummy check.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> anyhow::Result<bool> {
        let _permit = self.permits.acquire().await?;
        let password = password.to_string();
        let known = hash.is_some();
        let hash = hash.unwrap_or(DUMMY_HASH).to_string();
        let ok = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&hash).map(|parsed| argon().verify_password(password.as_bytes(), &parsed).is_ok()).unwrap_or(false)
        })
        .await?;
        Ok(ok && known)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_and_verify() {
        let h = Hasher::new(2);
        let hash = h.hash("demo12345").await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(h.verify("demo12345", Some(&hash)).await.unwrap());
        assert!(!h.verify("demo12346", Some(&hash)).await.unwrap());
        assert!(!h.verify("demo12345", None).await.unwrap());
    }
}
