//! Webhook delivery: a background worker sends the outbox (`db::outbox`) with an
//! HMAC-SHA256 signature, retries with exponential backoff, and refuses targets on loopback,
//! private, link-local and metadata addresses, checked on the address actually connected to.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::db::outbox::{self, DELIVERED, DeliveryRow, FAILED, PENDING};
use crate::db::{Db, schema::webhooks};
use crate::error::{AppError, AppResult};

/// Attempts before a delivery is given up (it can still be retried by hand).
pub const MAX_ATTEMPTS: i32 = 8;

/// Wait before attempt `n + 1` after `n` failures: 30 s, 1 min, 2 min … capped at 6 h.
pub fn backoff(failures: i32) -> chrono::Duration {
    let secs = 30i64.saturating_mul(1i64 << failures.clamp(0, 20));
    chrono::Duration::seconds(secs.min(6 * 3600))
}

/// `sha256=<hex>` over `"<timestamp>.<body>"`: the receiver recomputes it with the shared
/// secret, and the timestamp in the signed text stops replays of old deliveries.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key length");
    mac.update(format!("{timestamp}.{body}").as_bytes());
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Addresses a webhook must never reach unless the operator allows it: loopback, private
/// networks, link-local (which holds cloud metadata at 169.254.169.254), carrier-grade NAT,
/// unspecified, broadcast, multicast, and IPv6 unique-local and link-local.
pub fn is_forbidden(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || (o[0] == 100 && (64..128).contains(&o[1]))
                || o[0] == 0
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_forbidden(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

/// Checks a target URL when a webhook is saved: http(s), a host, and not an address or name
/// that obviously points inside. The real check happens again at every delivery.
pub fn check_target(url: &str, allow_private: bool) -> Result<(), String> {
    let parsed = url::Url::parse(url).map_err(|_| "must be an absolute http(s) URL".to_owned())?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err("must use http or https".into());
    }
    if allow_private {
        return Ok(());
    }
    match parsed.host() {
        None => Err("must name a host".into()),
        Some(url::Host::Domain(d))
            if d.eq_ignore_ascii_case("localhost") || d.ends_with(".localhost") =>
        {
            Err("must not point to this machine".into())
        }
        Some(url::Host::Ipv4(ip)) if is_forbidden(IpAddr::V4(ip)) => {
            Err("must not point to a private or local address".into())
        }
        Some(url::Host::Ipv6(ip)) if is_forbidden(IpAddr::V6(ip)) => {
            Err("must not point to a private or local address".into())
        }
        Some(_) => Ok(()),
    }
}

/// Resolves the target and picks an address it may connect to; the request is then pinned to
/// that address, so DNS cannot answer differently between the check and the connection.
async fn resolve_allowed(
    url: &url::Url,
    allow_private: bool,
) -> Result<(String, SocketAddr), String> {
    let host = url
        .host_str()
        .ok_or("no host")?
        .trim_matches(|c| c == '[' || c == ']')
        .to_owned();
    let port = url.port_or_known_default().ok_or("no port")?;
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map_err(|e| format!("cannot resolve {host}: {e}"))?
        .collect();
    let allowed = addrs
        .into_iter()
        .find(|a| allow_private || !is_forbidden(a.ip()));
    allowed
        .map(|a| (host.clone(), a))
        .ok_or_else(|| format!("{host} resolves only to private or local addresses; refused"))
}

/// Sends due deliveries.
#[derive(Clone)]
pub struct Deliverer {
    db: Db,
    allow_private: bool,
    timeout: Duration,
}

impl Deliverer {
    pub fn new(db: Db, allow_private: bool) -> Deliverer {
        Deliverer {
            db,
            allow_private,
            timeout: Duration::from_secs(10),
        }
    }

    /// One pass over the due deliveries; returns how many were attempted.
    pub async fn run_once(&self) -> AppResult<usize> {
        let due = self.db.run(|conn| outbox::due(conn, 100)).await?;
        let n = due.len();
        for delivery in due {
            self.attempt(delivery).await?;
        }
        Ok(n)
    }

    /// Runs passes forever, every `every`.
    pub async fn run(self, every: Duration) {
        loop {
            if let Err(e) = self.run_once().await {
                tracing::warn!(error = %e, "webhook delivery pass failed");
            }
            tokio::time::sleep(every).await;
        }
    }

    async fn attempt(&self, d: DeliveryRow) -> AppResult<()> {
        use diesel::prelude::*;
        let webhook_id = d.webhook_id.clone();
        let target: Option<(String, String, bool)> = self
            .db
            .run(move |conn| {
                Ok(webhooks::table
                    .find(webhook_id)
                    .select((webhooks::url, webhooks::secret, webhooks::active))
                    .first(conn)
                    .optional()?)
            })
            .await?;
        let outcome = match target {
            None => Err((None, "the webhook no longer exists".to_owned())),
            Some((_, _, false)) => Err((None, "the webhook is paused".to_owned())),
            Some((url, secret, true)) => self.send(&url, &secret, &d).await,
        };
        let (status, code, error, next) = match outcome {
            Ok(code) => (DELIVERED, Some(code), None, crate::db::now()),
            Err((code, error)) => {
                let give_up = d.attempts + 1 >= MAX_ATTEMPTS;
                tracing::info!(delivery = %d.id, attempts = d.attempts + 1, %error, "webhook delivery failed");
                (
                    if give_up { FAILED } else { PENDING },
                    code,
                    Some(error),
                    crate::db::now() + backoff(d.attempts),
                )
            }
        };
        self.db
            .run(move |conn| {
                outbox::record_attempt(conn, &d, status, code, error.as_deref(), next).map(|_| ())
            })
            .await
    }

    async fn send(
        &self,
        url: &str,
        secret: &str,
        d: &DeliveryRow,
    ) -> Result<i32, (Option<i32>, String)> {
        let parsed = url::Url::parse(url).map_err(|e| (None, e.to_string()))?;
        let (host, addr) = resolve_allowed(&parsed, self.allow_private)
            .await
            .map_err(|e| (None, e))?;
        let client = reqwest::Client::builder()
            .resolve(&host, addr)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(self.timeout)
            .build()
            .map_err(|e| (None, e.to_string()))?;
        let timestamp = chrono::Utc::now().timestamp();
        let response = client
            .post(parsed)
            .header("content-type", "application/json")
            .header("user-agent", "cluster2cluster-webhooks/1")
            .header("x-c2c-event", &d.event_type)
            .header("x-c2c-delivery", &d.id)
            .header("x-c2c-timestamp", timestamp.to_string())
            .header("x-c2c-signature", signature(secret, timestamp, &d.payload))
            .body(d.payload.clone())
            .send()
            .await
            .map_err(|e| (None, format!("request failed: {e}")))?;
        let code = i32::from(response.status().as_u16());
        if response.status().is_success() {
            Ok(code)
        } else {
            Err((Some(code), format!("the receiver answered {code}")))
        }
    }
}

/// Turns a target refusal into the field error of a webhook form.
pub fn target_error(message: String) -> AppError {
    AppError::invalid("url", message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_addresses() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(is_forbidden(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["203.0.114.1", "8.8.8.8", "2a00:1450::1"] {
            assert!(!is_forbidden(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn targets_are_checked_when_saved() {
        assert!(check_target("https://portal.example.org/hook", false).is_ok());
        assert!(check_target("http://localhost:8080/hook", false).is_err());
        assert!(check_target("http://169.254.169.254/latest/meta-data", false).is_err());
        assert!(check_target("http://[::1]/x", false).is_err());
        assert!(check_target("ftp://example.org/x", false).is_err());
        assert!(check_target("http://127.0.0.1:9/x", true).is_ok());
    }

    #[test]
    fn signatures_and_backoff() {
        // Computed independently: python3 -c "import hmac,hashlib;
        // print(hmac.new(b'secret', b'1700000000.{}', hashlib.sha256).hexdigest())"
        assert_eq!(
            signature("secret", 1700000000, "{}"),
            "sha256=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163"
        );
        assert_eq!(backoff(0), chrono::Duration::seconds(30));
        assert_eq!(backoff(1), chrono::Duration::seconds(60));
        assert_eq!(backoff(30), chrono::Duration::hours(6));
    }
}
