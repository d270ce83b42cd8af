//! Argon2id password hashes with the crate defaults, which are OWASP's recommended minimum
//! (m = 19 MiB, t = 2, p = 1). Hashing is CPU-heavy: callers run it on the blocking pool.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::{AppError, AppResult};

pub fn hash(password: &str) -> AppResult<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(AppError::internal)
}

pub fn verify(password: &str, stored: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), stored)
        .is_ok()
}

/// A hash to verify against when the e-mail is unknown, so that an unknown account and a
/// wrong password take the same time and give the same answer.
pub fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash("not a real password, only here for timing").unwrap_or_default())
}

/// At most one hash per CPU at a time. Each costs 19 MiB and a few milliseconds of a core;
/// without a bound, a flood of logins would take all memory and starve the other requests.
fn hashing_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    })
}

/// Hashes on the blocking pool so that the HTTP workers stay free.
pub async fn hash_off_thread(password: String) -> AppResult<String> {
    let _slot = hashing_slots()
        .acquire()
        .await
        .map_err(AppError::internal)?;
    tokio::task::spawn_blocking(move || hash(&password)).await?
}

pub async fn verify_off_thread(password: String, stored: Option<String>) -> AppResult<bool> {
    let _slot = hashing_slots()
        .acquire()
        .await
        .map_err(AppError::internal)?;
    Ok(tokio::task::spawn_blocking(move || match stored {
        Some(stored) => verify(&password, &stored),
        None => {
            verify(&password, dummy_hash());
            false
        }
    })
    .await?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashes_are_argon2id_with_owasp_parameters_and_verify() {
        let h = super::hash("bus to Nidwalden at seven").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(super::verify("bus to Nidwalden at seven", &h));
        assert!(!super::verify("bus to Nidwalden at eight", &h));
        assert!(!super::verify("anything", "not a hash"));
    }
}
