//! One-click unsubscribe tokens (RFC 8058): `<user id>.<kind>.<signature>`, the signature an
//! HMAC-SHA256 over both under the service's mail key, cut to 128 bits and base64url-coded.
//! Whoever holds the token may turn off that one kind of mail for that one person, and
//! nothing else; it needs no login because the mail that carries it is the proof.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;

use super::MailKind;

/// Bytes of the signature kept (128 bits).
const SIGNATURE_BYTES: usize = 16;

fn mac(key: &[u8], user_id: Uuid, kind: MailKind) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(format!("c2c-unsubscribe:{}:{}", user_id.simple(), kind.as_str()).as_bytes());
    mac
}

/// The token that turns off `kind` for `user_id`.
pub fn sign(key: &[u8], user_id: Uuid, kind: MailKind) -> String {
    let tag = mac(key, user_id, kind).finalize().into_bytes();
    format!(
        "{}.{}.{}",
        user_id.simple(),
        kind.as_str(),
        URL_SAFE_NO_PAD.encode(&tag[..SIGNATURE_BYTES])
    )
}

/// Who and what a token names, if it was signed with `key` (compared in constant time).
pub fn verify(key: &[u8], token: &str) -> Option<(Uuid, MailKind)> {
    let mut parts = token.trim().splitn(3, '.');
    let user_id = Uuid::parse_str(parts.next()?).ok()?;
    let kind = MailKind::parse(parts.next()?)?;
    let signature = URL_SAFE_NO_PAD.decode(parts.next()?).ok()?;
    if signature.len() != SIGNATURE_BYTES || kind.is_transactional() {
        return None;
    }
    mac(key, user_id, kind)
        .verify_truncated_left(&signature)
        .ok()
        .map(|()| (user_id, kind))
}
