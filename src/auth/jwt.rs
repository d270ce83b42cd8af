//! Short-lived access tokens (JWT, HS256) and where their signing secret comes from.

use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{AppError, AppResult};

const ISSUER: &str = "cluster2cluster";
const AUDIENCE: &str = "cluster2cluster-api";
/// Settings key under which a generated secret is kept in the database.
pub const SECRET_SETTING: &str = "jwt_secret";
/// Shortest secret accepted from `C2C_JWT_SECRET`: HS256 wants at least 256 bits.
pub const MIN_SECRET_LEN: usize = 32;

/// Why a configured secret is one that was published somewhere (our own former compose
/// default, an example from a README) or too regular to be random; `None` for a usable one.
pub fn placeholder_secret(secret: &str) -> Option<&'static str> {
    const PUBLISHED: &[&str] = &[
        "change-me-to-a-long-random-secret-0123456789",
        "test secret, long enough for HS256 keys",
    ];
    const MARKERS: &[&str] = &[
        "change-me",
        "changeme",
        "change_me",
        "replace-me",
        "replaceme",
        "your-secret",
        "your_secret",
        "placeholder",
        "example",
        "secret-key-here",
    ];
    let lower = secret.to_ascii_lowercase();
    if PUBLISHED.contains(&secret) {
        return Some("it is published");
    }
    if MARKERS.iter().any(|m| lower.contains(m)) {
        return Some("it contains a placeholder word");
    }
    let distinct: std::collections::HashSet<u8> = secret.bytes().collect();
    if distinct.len() < 10 {
        return Some("it uses fewer than 10 different characters");
    }
    None
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    iat: i64,
    exp: i64,
    iss: String,
    aud: String,
    jti: String,
    /// The account's version when the token was issued: a password change bumps it, which
    /// ends every access token issued before.
    ver: i32,
}

/// Who an access token speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessClaims {
    pub user_id: Uuid,
    pub account_version: i32,
}

pub struct Tokens {
    /// Key for values derived from the secret (refresh-token successors), kept apart from
    /// the signing key by a label.
    derive_key: Vec<u8>,
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    access_ttl_secs: i64,
}

impl Tokens {
    pub fn new(secret: &[u8], access_ttl_secs: i64) -> Tokens {
        // Only HS256 is accepted: a token claiming `alg: none` or another algorithm fails.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "sub", "iss", "aud"]);
        validation.leeway = 5;
        Tokens {
            derive_key: secret.to_vec(),
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            access_ttl_secs,
        }
    }

    /// The refresh token that succeeds `token` when it is rotated: an HMAC of the presented
    /// token under the server's secret. Deriving it (instead of drawing it at random) lets a
    /// second, concurrent refresh with the same token — two browser tabs — get the very same
    /// successor within the grace window without the service keeping any secret in clear.
    pub fn refresh_successor(&self, token: &str) -> String {
        use hmac::{Hmac, Mac};
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&self.derive_key)
            .expect("HMAC accepts any key length");
        mac.update(b"cluster2cluster refresh successor\0");
        mac.update(token.as_bytes());
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// An access token fixed by its inputs: the same user, version, issue time and id give
    /// the same token (the grace-window answer repeats the first one exactly).
    pub fn issue_access_fixed(
        &self,
        user_id: Uuid,
        account_version: i32,
        issued_at: i64,
        jti: &str,
    ) -> AppResult<String> {
        let claims = Claims {
            sub: user_id.to_string(),
            iat: issued_at,
            exp: issued_at + self.access_ttl_secs,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            jti: jti.to_owned(),
            ver: account_version,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(AppError::internal)
    }

    pub fn access_ttl_secs(&self) -> i64 {
        self.access_ttl_secs
    }

    pub fn issue_access(&self, user_id: Uuid, account_version: i32) -> AppResult<String> {
        self.issue_access_at(user_id, account_version, chrono::Utc::now().timestamp())
    }

    /// Issues a token as if it were `now` (tests use it to make expired tokens).
    pub fn issue_access_at(
        &self,
        user_id: Uuid,
        account_version: i32,
        now: i64,
    ) -> AppResult<String> {
        let claims = Claims {
            sub: user_id.to_string(),
            iat: now,
            exp: now + self.access_ttl_secs,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            jti: Uuid::new_v4().to_string(),
            ver: account_version,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(AppError::internal)
    }

    pub fn verify_access(&self, token: &str) -> AppResult<AccessClaims> {
        use jsonwebtoken::errors::ErrorKind;
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|e| {
                AppError::Unauthorized(match e.kind() {
                    ErrorKind::ExpiredSignature => {
                        "the access token has expired; refresh it".into()
                    }
                    _ => "the access token is not valid".into(),
                })
            })?;
        let user_id = Uuid::parse_str(&data.claims.sub)
            .map_err(|_| AppError::Unauthorized("the access token is not valid".into()))?;
        Ok(AccessClaims {
            user_id,
            account_version: data.claims.ver,
        })
    }
}

/// A new random secret (512 bits), base64-encoded.
pub fn generate_secret() -> String {
    let mut bytes = [0u8; 64];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod placeholder_tests {
    use super::*;

    #[test]
    fn published_and_regular_secrets_are_refused() {
        assert!(placeholder_secret("change-me-to-a-long-random-secret-0123456789").is_some());
        assert!(placeholder_secret("please-CHANGEME-before-production-0000000000").is_some());
        assert!(placeholder_secret(&"ab".repeat(20)).is_some());
        assert!(placeholder_secret(&generate_secret()).is_none());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_expiry_and_tampering() {
        let tokens = Tokens::new(b"0123456789abcdef0123456789abcdef", 900);
        let user = Uuid::now_v7();
        let token = tokens.issue_access(user, 3).unwrap();
        assert_eq!(
            tokens.verify_access(&token).unwrap(),
            AccessClaims {
                user_id: user,
                account_version: 3
            }
        );

        let old = tokens
            .issue_access_at(user, 1, chrono::Utc::now().timestamp() - 3600)
            .unwrap();
        assert!(
            matches!(tokens.verify_access(&old), Err(AppError::Unauthorized(m)) if m.contains("expired"))
        );

        let other = Tokens::new(b"another secret, also 32 bytes long", 900);
        assert!(other.verify_access(&token).is_err());

        let mut parts: Vec<&str> = token.split('.').collect();
        let none_header = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(r#"{"alg":"none","typ":"JWT"}"#);
        parts[0] = &none_header;
        let unsigned = format!("{}.{}.", parts[0], parts[1]);
        assert!(tokens.verify_access(&unsigned).is_err());
    }
}
