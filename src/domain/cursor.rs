//! Opaque pagination cursors. Lists are ordered by a unique key (time-ordered UUIDs, so
//! creation order); the cursor carries the last key seen, which keeps pages stable while
//! rows are inserted or deleted elsewhere.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

const PREFIX: &str = "v1:";

pub fn encode(last_key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{PREFIX}{last_key}"))
}

/// The key inside a cursor, or `None` when the cursor was not made by [`encode`].
pub fn decode(cursor: &str) -> Option<String> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let key = text.strip_prefix(PREFIX)?;
    (!key.is_empty() && key.len() <= 200).then(|| key.to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trip_and_garbage() {
        let c = super::encode("0193-abc");
        assert_eq!(super::decode(&c).as_deref(), Some("0193-abc"));
        assert_eq!(super::decode("not a cursor"), None);
        assert_eq!(super::decode(""), None);
    }
}
