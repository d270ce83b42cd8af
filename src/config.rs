//! Runtime settings of the HTTP service (the command line in `main.rs` fills them).

#[derive(Debug, Clone)]
pub struct Settings {
    /// Largest accepted request body, in bytes.
    pub body_limit: usize,
    /// Largest accepted member-sync body (a portal's whole member list), in bytes.
    pub sync_body_limit: usize,
    /// Deliver webhooks to loopback and private addresses (tests, closed networks only).
    pub webhooks_allow_private: bool,
    /// Take the client address from `X-Forwarded-For`/`Forwarded` (only behind a proxy that
    /// sets them; otherwise clients could pick their own address and dodge throttling).
    pub trust_forwarded_for: bool,
    /// How many proxies in front of the service append to `X-Forwarded-For`: the client is
    /// the entry that many places from the right (the one the outermost trusted proxy
    /// appended); entries further left were written by the client and are ignored.
    pub trusted_proxies: usize,
    /// Member syncs (large bodies) that may be read and applied at once by this instance;
    /// more get 429 with `Retry-After`.
    pub sync_concurrency: usize,
    /// Suggestion computations one user may run at once; more get 429.
    pub suggestions_per_user: usize,
    /// Days a company removed by a mirror sync keeps its people before they are purged.
    pub removed_retention_days: i64,
    /// Origins allowed to call the API from a browser; empty: no cross-origin access,
    /// `*`: any origin (tokens travel in headers, never in cookies, so this is safe to open).
    pub cors_origins: Vec<String>,
    /// Request headers browsers may send besides the API's own (tracing headers such as
    /// `traceparent`, `sentry-trace`); names checked at start.
    pub cors_allowed_headers: Vec<String>,
    pub access_token_ttl_secs: i64,
    pub refresh_token_ttl_secs: i64,
    /// Reads of the public event pages one client address may make per minute (on each
    /// instance); more get 429.
    pub public_reads_per_minute: u32,
    /// The most rows a workbook (`.xlsx`, made whole in memory) holds; more is 422 (the CSV
    /// files stream any size).
    pub workbook_max_rows: usize,
    /// How long a password-reset link works, in minutes.
    pub password_reset_ttl_mins: i64,
    /// Days an invitation link works.
    pub invitation_ttl_days: i64,
    /// The link in invitation mail, `{token}` replaced by the invitation's token; `None`:
    /// `<public URL>/invitations/accept?token={token}`.
    pub invite_url_template: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            body_limit: 1024 * 1024,
            sync_body_limit: 64 * 1024 * 1024,
            webhooks_allow_private: false,
            trust_forwarded_for: false,
            trusted_proxies: 1,
            sync_concurrency: 2,
            suggestions_per_user: 2,
            removed_retention_days: 30,
            cors_origins: Vec::new(),
            cors_allowed_headers: Vec::new(),
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_secs: 30 * 24 * 3600,
            public_reads_per_minute: 120,
            workbook_max_rows: 20_000,
            password_reset_ttl_mins: 60,
            invitation_ttl_days: 7,
            invite_url_template: None,
        }
    }
}
