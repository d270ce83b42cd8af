//! Webhook delivery: a background worker sends the outbox (`store::outbox`) with an
//! HMAC-SHA256 signature, retries with exponential backoff, and refuses targets on loopback,
//! private, link-local and metadata addresses, checked on the address actually connected to.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::store::outbox::{self, DELIVERED, DeliveryRow, FAILED, PENDING};
use crate::store::{Db, schema::webhooks};

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
/// unspecified, broadcast, multicast, documentation and reserved ranges; in IPv6 also
/// unique-local, link-local, the deprecated site-local `fec0::/10`, and every form that embeds
/// an IPv4 address (IPv4-compatible `::a.b.c.d`, IPv4-mapped `::ffff:a.b.c.d`, NAT64
/// `64:ff9b::/96` and `64:ff9b:1::/48`, 6to4 `2002:AABB:CCDD::/48`, Teredo `2001:0::/32`),
/// which are judged by the IPv4 address they carry.
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
                || (o[0] == 192 && o[1] == 0 && o[2] == 0)
                || (o[0] == 198 && (18..20).contains(&o[1]))
                || o[0] == 0
                || o[0] >= 240
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = embedded_ipv4(v6) {
                return is_forbidden(IpAddr::V4(v4));
            }
            let s = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
                || (s[0] & 0xffc0) == 0xfec0
                // Documentation (2001:db8::/32) and the discard prefix (100::/64).
                || (s[0] == 0x2001 && s[1] == 0x0db8)
                || (s[0] == 0x0100 && s[1] == 0 && s[2] == 0 && s[3] == 0)
        }
    }
}

/// The IPv4 address an IPv6 address stands for, in the forms that route to it.
fn embedded_ipv4(v6: std::net::Ipv6Addr) -> Option<std::net::Ipv4Addr> {
    use std::net::Ipv4Addr;
    let s = v6.segments();
    let low =
        |hi: u16, lo: u16| Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
    // IPv4-mapped ::ffff:a.b.c.d
    if let Some(v4) = v6.to_ipv4_mapped() {
        return Some(v4);
    }
    // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks); not ::1 or ::.
    if s[..6].iter().all(|&x| x == 0) && !(s[6] == 0 && s[7] <= 1) {
        return Some(low(s[6], s[7]));
    }
    // NAT64 well-known prefix 64:ff9b::/96 and the local-use prefix 64:ff9b:1::/48.
    if s[0] == 0x0064 && s[1] == 0xff9b && ((s[2..6].iter().all(|&x| x == 0)) || s[2] == 1) {
        return Some(low(s[6], s[7]));
    }
    // 6to4 2002:AABB:CCDD::/48 carries the IPv4 address in bits 16 to 48.
    if s[0] == 0x2002 {
        return Some(low(s[1], s[2]));
    }
    // Teredo 2001:0::/32: the client's IPv4 address is stored inverted in the last 32 bits.
    if s[0] == 0x2001 && s[1] == 0 {
        return Some(low(!s[6], !s[7]));
    }
    None
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

/// Sends due deliveries. Every instance runs one; deliveries are claimed with a lease
/// ([`outbox::claim`]), so that several instances on one database never send one twice.
/// Sends run in parallel — at most `concurrency` at once, and at most `per_webhook` to one
/// webhook — so that a receiver that hangs until the timeout holds up only its own
/// deliveries, never those of other receivers.
#[derive(Clone)]
pub struct Deliverer {
    db: Db,
    allow_private: bool,
    timeout: Duration,
    concurrency: usize,
    per_webhook: usize,
    /// Deliveries being sent by this instance, per webhook.
    in_flight: Arc<Mutex<HashMap<Uuid, usize>>>,
    /// Rings when a send ends, so that the next due delivery goes out at once.
    freed: Arc<tokio::sync::Notify>,
    /// HTTP clients per host and the address it was checked to resolve to: connections are
    /// kept alive between deliveries, and each client only ever connects to that address.
    clients: Arc<Mutex<HashMap<(String, SocketAddr), reqwest::Client>>>,
}

impl Deliverer {
    pub fn new(db: Db, allow_private: bool) -> Deliverer {
        Deliverer {
            db,
            allow_private,
            timeout: Duration::from_secs(10),
            concurrency: 16,
            per_webhook: 8,
            in_flight: Default::default(),
            freed: Default::default(),
            clients: Default::default(),
        }
    }

    /// How long a receiver may take to answer (10 s by default).
    pub fn with_timeout(mut self, timeout: Duration) -> Deliverer {
        self.timeout = timeout;
        self
    }

    /// A claim outlives any attempt: the timeout and then some.
    fn lease(&self) -> chrono::Duration {
        chrono::Duration::from_std(self.timeout * 3).unwrap_or(chrono::Duration::minutes(1))
            + chrono::Duration::seconds(30)
    }

    /// Claims what this instance can send now: within the free places, and for each webhook
    /// within its share. The places are taken before returning.
    async fn claim(&self) -> AppResult<Vec<DeliveryRow>> {
        let (free, in_flight) = {
            let in_flight = self.in_flight.lock().unwrap_or_else(|e| e.into_inner());
            let used: usize = in_flight.values().sum();
            (self.concurrency.saturating_sub(used), in_flight.clone())
        };
        if free == 0 {
            return Ok(Vec::new());
        }
        let lease_until = crate::store::now() + self.lease();
        let per_webhook = self.per_webhook;
        let claimed = self
            .db
            .write(move |conn| {
                let room = |webhook: Uuid| {
                    per_webhook.saturating_sub(in_flight.get(&webhook).copied().unwrap_or(0))
                };
                Ok(outbox::claim(conn, free, &room, lease_until)?)
            })
            .await?;
        let mut in_flight = self.in_flight.lock().unwrap_or_else(|e| e.into_inner());
        for d in &claimed {
            *in_flight.entry(d.webhook_id).or_default() += 1;
        }
        Ok(claimed)
    }

    fn done(&self, webhook_id: Uuid) {
        let mut in_flight = self.in_flight.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = in_flight.get_mut(&webhook_id) {
            *n -= 1;
            if *n == 0 {
                in_flight.remove(&webhook_id);
            }
        }
        self.freed.notify_one();
    }

    async fn attempt_and_free(&self, d: DeliveryRow) -> AppResult<()> {
        let webhook = d.webhook_id;
        let outcome = self.attempt(d).await;
        self.done(webhook);
        outcome
    }

    /// Sends everything due now (in parallel, within the limits) and waits for the
    /// answers; returns how many were attempted. For tests and tools; the service runs
    /// [`Deliverer::run`].
    pub async fn run_once(&self) -> AppResult<usize> {
        let mut attempted = 0;
        loop {
            let claimed = self.claim().await?;
            if claimed.is_empty() {
                return Ok(attempted);
            }
            attempted += claimed.len();
            let results = futures_util::future::join_all(
                claimed.into_iter().map(|d| self.attempt_and_free(d)),
            )
            .await;
            results.into_iter().collect::<AppResult<Vec<()>>>()?;
        }
    }

    /// Claims and sends forever: looks for due deliveries every `every`, and at once when a
    /// send ends and a place frees up. Sends are not waited for: a slow receiver never
    /// delays the next look.
    pub async fn run(self, every: Duration) {
        loop {
            let claimed = match self.claim().await {
                Ok(claimed) => claimed,
                Err(e) => {
                    tracing::warn!(error = %e, "webhook delivery pass failed");
                    Vec::new()
                }
            };
            let busy = !claimed.is_empty();
            for d in claimed {
                let worker = self.clone();
                tokio::spawn(async move {
                    if let Err(e) = worker.attempt_and_free(d).await {
                        tracing::warn!(error = %e, "webhook delivery failed to record");
                    }
                });
            }
            if busy {
                // More may be due: look again as soon as a place frees up.
                let _ = tokio::time::timeout(every, self.freed.notified()).await;
            } else {
                tokio::time::sleep(every).await;
            }
        }
    }

    async fn attempt(&self, d: DeliveryRow) -> AppResult<()> {
        use diesel::prelude::*;
        let webhook_id = d.webhook_id.to_string();
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
            Ok(code) => (DELIVERED, Some(code), None, crate::store::now()),
            Err((code, error)) => {
                let give_up = d.attempts + 1 >= MAX_ATTEMPTS;
                tracing::info!(delivery = %d.id, attempts = d.attempts + 1, %error, "webhook delivery failed");
                (
                    if give_up { FAILED } else { PENDING },
                    code,
                    Some(error),
                    crate::store::now() + backoff(d.attempts),
                )
            }
        };
        self.db
            .run(move |conn| {
                Ok(
                    outbox::record_attempt(conn, &d, status, code, error.as_deref(), next)
                        .map(|_| ())?,
                )
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
        let client = self.client(host, addr).map_err(|e| (None, e))?;
        let timestamp = chrono::Utc::now().timestamp();
        let response = client
            .post(parsed)
            .header("content-type", "application/json")
            .header("user-agent", "cluster2cluster-webhooks/1")
            .header("x-c2c-event", &d.event_type)
            .header("x-c2c-delivery", d.id.to_string())
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

impl Deliverer {
    /// The client pinned to `addr` for `host`, made once.
    fn client(&self, host: String, addr: SocketAddr) -> Result<reqwest::Client, String> {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if clients.len() > 1000 {
            clients.clear();
        }
        if let Some(c) = clients.get(&(host.clone(), addr)) {
            return Ok(c.clone());
        }
        let client = reqwest::Client::builder()
            .resolve(&host, addr)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(self.timeout)
            .pool_max_idle_per_host(4)
            .build()
            .map_err(|e| e.to_string())?;
        clients.insert((host, addr), client.clone());
        Ok(client)
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
            "::127.0.0.1",
            "::10.0.0.1",
            "64:ff9b::7f00:1",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::c0a8:101",
            "fec0::1",
            "feff::1",
            "2002:7f00:1::1",
            "2002:c0a8:0101::5",
            "2002:a9fe:a9fe::",
            "2001:0:4136:e378:8000:63bf:80ff:fffe",
            "2001:db8::1",
            "240.0.0.1",
            "198.18.0.1",
        ] {
            assert!(is_forbidden(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "203.0.114.1",
            "8.8.8.8",
            "2a00:1450::1",
            "64:ff9b::808:808",
            "2002:808:808::1",
            "::ffff:8.8.8.8",
        ] {
            assert!(!is_forbidden(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn targets_are_checked_when_saved() {
        assert!(check_target("https://portal.example.org/hook", false).is_ok());
        assert!(check_target("http://localhost:8080/hook", false).is_err());
        assert!(check_target("http://169.254.169.254/latest/meta-data", false).is_err());
        assert!(check_target("http://[::1]/x", false).is_err());
        for url in [
            "http://[::127.0.0.1]/x",
            "http://[64:ff9b::7f00:1]/x",
            "http://[fec0::1]/x",
            "http://[2002:7f00:1::1]/x",
            "http://[::ffff:169.254.169.254]/x",
        ] {
            assert!(check_target(url, false).is_err(), "{url}");
        }
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
