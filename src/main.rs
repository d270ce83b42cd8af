//! The `cluster2cluster` command: serve the API, migrate, print the OpenAPI document,
//! bootstrap the first admin.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use actix_web::{HttpServer, web};
use clap::{Args, Parser, Subcommand};

use cluster2cluster::config::Settings;
use cluster2cluster::store::PoolOptions;
use cluster2cluster::{AppState, build_app, demo, startup, telemetry};

#[derive(Parser)]
#[command(
    name = "cluster2cluster",
    version,
    about = "Cluster2Cluster API: cross-border business networking between industry clusters"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct DbArgs {
    /// `postgres://…` for PostgreSQL, otherwise the path of an SQLite file (created if missing).
    #[arg(long, env = "DATABASE_URL", default_value = "cluster2cluster.db")]
    database_url: String,
    /// Connections in the pool.
    #[arg(long, env = "C2C_DB_POOL_SIZE", default_value_t = 10)]
    pool_size: u32,
}

// Parsed once at start: boxing the large `Serve` variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Run the HTTP service (applies pending migrations first).
    Serve {
        #[arg(long, env = "C2C_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        #[command(flatten)]
        db: DbArgs,
        /// Load demo data (the first Cluster2Cluster day) when the database is empty, and print
        /// the demo log-ins.
        #[arg(long)]
        demo: bool,
        /// HTTP worker threads (default: one per CPU).
        #[arg(long, env = "C2C_WORKERS")]
        workers: Option<usize>,
        /// Largest accepted request body in bytes.
        #[arg(long, env = "C2C_BODY_LIMIT", default_value_t = 1024 * 1024,
              value_parser = clap::value_parser!(u64).range(1024..=64 * 1024 * 1024))]
        body_limit: u64,
        /// Largest accepted member-sync body in bytes (a portal's whole member list).
        #[arg(long, env = "C2C_SYNC_BODY_LIMIT", default_value_t = 64 * 1024 * 1024,
              value_parser = clap::value_parser!(u64).range(1024..=1024 * 1024 * 1024))]
        sync_body_limit: u64,
        /// Deliver webhooks to loopback and private addresses too (closed networks, tests).
        #[arg(long, env = "C2C_WEBHOOKS_ALLOW_PRIVATE")]
        webhooks_allow_private: bool,
        /// Take the client address from X-Forwarded-For (behind a proxy only).
        #[arg(long, env = "C2C_TRUST_FORWARDED_FOR")]
        trust_forwarded_for: bool,
        /// With --trust-forwarded-for: how many proxies append to X-Forwarded-For; the client
        /// is the entry this many places from the right.
        #[arg(long, env = "C2C_TRUSTED_PROXIES", default_value_t = 1,
              value_parser = clap::value_parser!(u64).range(1..=10))]
        trusted_proxies: u64,
        /// How often this instance looks for webhook deliveries that are due, in ms.
        #[arg(long, env = "C2C_WEBHOOK_INTERVAL_MS", default_value_t = 1000,
              value_parser = clap::value_parser!(u64).range(50..=60_000))]
        webhook_interval_ms: u64,
        /// How long a webhook receiver may take to answer, in seconds.
        #[arg(long, env = "C2C_WEBHOOK_TIMEOUT", default_value_t = 10,
              value_parser = clap::value_parser!(u64).range(1..=60))]
        webhook_timeout: u64,
        /// Days a company removed by a portal's mirror sync keeps its people and history
        /// (restorable) before they are deleted for good.
        #[arg(long, env = "C2C_REMOVED_RETENTION_DAYS", default_value_t = 30,
              value_parser = clap::value_parser!(i64).range(1..=3650))]
        removed_retention_days: i64,
        /// Member syncs this instance reads and applies at once (more get 429).
        #[arg(long, env = "C2C_SYNC_CONCURRENCY", default_value_t = 2,
              value_parser = clap::value_parser!(u64).range(1..=64))]
        sync_concurrency: u64,
        /// Suggestion requests one user (or API key) may run at once (more get 429).
        #[arg(long, env = "C2C_SUGGESTIONS_PER_USER", default_value_t = 2,
              value_parser = clap::value_parser!(u64).range(1..=64))]
        suggestions_per_user: u64,
        /// Reads of the public event pages one client address may make per minute on this
        /// instance (more get 429).
        #[arg(long, env = "C2C_PUBLIC_READS_PER_MINUTE", default_value_t = 120,
              value_parser = clap::value_parser!(u32).range(1..=100_000))]
        public_reads_per_minute: u32,
        /// The most rows one Excel workbook holds (it is built in memory; more is 422 naming
        /// the streamed CSV file to ask for instead).
        #[arg(long, env = "C2C_WORKBOOK_MAX_ROWS", default_value_t = 20_000,
              value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        workbook_max_rows: u32,
        /// Comma-separated origins allowed to call the API from browsers (`*` for any).
        #[arg(long, env = "C2C_CORS_ORIGINS", value_delimiter = ',')]
        cors_origins: Vec<String>,
        /// Comma-separated request headers browsers may send besides the API's own (for
        /// example `traceparent,sentry-trace`).
        #[arg(long, env = "C2C_CORS_ALLOWED_HEADERS", value_delimiter = ',')]
        cors_allowed_headers: Vec<String>,
        /// Lifetime of access tokens in seconds.
        #[arg(long, env = "C2C_ACCESS_TOKEN_TTL", default_value_t = 900,
              value_parser = clap::value_parser!(i64).range(60..=86_400))]
        access_token_ttl: i64,
        /// Where links in mail lead: the frontend, which also serves (or proxies) the API
        /// under /api/v1 (the one-click unsubscribe links point there).
        #[arg(long, env = "C2C_PUBLIC_URL", default_value = cluster2cluster::app::mail::DEFAULT_PUBLIC_URL)]
        public_url: String,
        /// The SMTP server mail is sent through: `smtp://host:port`, `smtp://user:pass@host:587?tls=required`
        /// (STARTTLS), `smtps://user:pass@host` (TLS). Without it mail stays in the outbox
        /// (admins read it at /api/v1/admin/mail).
        #[arg(long, env = "C2C_SMTP_URL")]
        smtp_url: Option<String>,
        /// The sender of every mail.
        #[arg(long, env = "C2C_MAIL_FROM", default_value = cluster2cluster::workers::mail::DEFAULT_FROM)]
        mail_from: String,
        /// Seconds before a refused mail is tried again (doubling after each further refusal).
        #[arg(long, env = "C2C_MAIL_RETRY_SECS", default_value_t = 60,
              value_parser = clap::value_parser!(u64).range(1..=86_400))]
        mail_retry_secs: u64,
        /// Attempts before a refused mail is given up (shown as failed to admins).
        #[arg(long, env = "C2C_MAIL_MAX_ATTEMPTS", default_value_t = 6,
              value_parser = clap::value_parser!(u64).range(1..=50))]
        mail_max_attempts: u64,
        /// How often this instance looks for mail to send, in ms.
        #[arg(long, env = "C2C_MAIL_INTERVAL_MS", default_value_t = 1000,
              value_parser = clap::value_parser!(u64).range(50..=60_000))]
        mail_interval_ms: u64,
        /// Lifetime of refresh tokens in seconds.
        #[arg(long, env = "C2C_REFRESH_TOKEN_TTL", default_value_t = 30 * 24 * 3600,
              value_parser = clap::value_parser!(i64).range(300..=90 * 24 * 3600))]
        refresh_token_ttl: i64,
        /// How long a password-reset link works, in minutes.
        #[arg(long, env = "C2C_PASSWORD_RESET_TTL_MINS", default_value_t = 60,
              value_parser = clap::value_parser!(i64).range(5..=24 * 60))]
        password_reset_ttl_mins: i64,
        /// Days an invitation link works.
        #[arg(long, env = "C2C_INVITATION_TTL_DAYS", default_value_t = 7,
              value_parser = clap::value_parser!(i64).range(1..=90))]
        invitation_ttl_days: i64,
        /// The link in invitation mail; `{token}` is replaced by the invitation's token.
        /// Default: `<public URL>/invitations/accept?token={token}`.
        #[arg(long, env = "C2C_INVITE_URL_TEMPLATE")]
        invite_url_template: Option<String>,
    },
    /// Apply pending database migrations and exit.
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Print the OpenAPI document (what `openapi/openapi.json` holds).
    Openapi,
    /// Fill the database with generated data for benchmarks (prints progress on stderr).
    Generate {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long, default_value_t = 20)]
        clusters: u32,
        #[arg(long, default_value_t = 10_000)]
        members: u32,
        #[arg(long, default_value_t = 30_000)]
        contacts: u32,
        #[arg(long, default_value_t = 50)]
        events: u32,
        #[arg(long, default_value_t = 2_000)]
        registrations: u32,
        /// Also one event whose catalogue holds this many contacts (0: none).
        #[arg(long, default_value_t = 0)]
        export_event_contacts: u32,
        #[arg(long, default_value_t = 2017)]
        seed: u64,
    },
    /// Create the first platform admin.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long, env = "C2C_ADMIN_PASSWORD")]
        password: String,
        #[arg(long, default_value = "Platform admin")]
        display_name: String,
        #[command(flatten)]
        db: DbArgs,
    },
}

fn main() -> ExitCode {
    limit_malloc_arenas();
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Openapi) {
        telemetry::init();
    }
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// glibc gives each thread that allocates its own malloc arena, and memory freed in one arena
/// is not reused by another: a large request handled on one blocking thread and the next on
/// another doubles the resident size. Two arenas keep peaks close to what one request needs.
///
/// A fixed mmap threshold of 1 MiB: glibc otherwise raises the threshold to the size of every
/// large block freed, so the 19 MiB argon2 buffers of later log-ins come from the arenas and
/// stay resident (measured: 20 log-ins a second for 8 s took the service from 66 MiB to
/// 714 MiB). Mapped separately, each buffer goes back to the system when the hash is done.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only adjusts allocator tuning; called before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

fn pool(db: &DbArgs) -> PoolOptions {
    PoolOptions {
        max_size: db.pool_size,
        ..PoolOptions::default()
    }
}

fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Openapi => {
            let doc = cluster2cluster::openapi_document();
            let text = doc.to_pretty_json().map_err(|e| e.to_string())?;
            // A closed pipe (`… | head`) is not an error worth a panic.
            let _ = writeln!(std::io::stdout(), "{text}");
            Ok(())
        }
        Command::Migrate { db } => {
            startup::open_database(&db.database_url, pool(&db), Duration::from_secs(30))?;
            println!("database is up to date");
            Ok(())
        }
        Command::Generate {
            db,
            clusters,
            members,
            contacts,
            events,
            registrations,
            export_event_contacts,
            seed,
        } => {
            let database =
                startup::open_database(&db.database_url, pool(&db), Duration::from_secs(30))?;
            let mut conn = database.get().map_err(|e| e.to_string())?;
            let options = cluster2cluster::generate::Options {
                clusters,
                members,
                contacts,
                events,
                registrations,
                export_event_contacts,
                seed,
            };
            let started = std::time::Instant::now();
            let mut last_stage = String::new();
            let summary = cluster2cluster::generate::generate(
                &mut conn,
                &options,
                &mut |stage, done, total| {
                    // One progress line per stage, rewritten in place.
                    if stage != last_stage && !last_stage.is_empty() {
                        eprintln!();
                    }
                    last_stage = stage.to_owned();
                    let pct = (done * 100).checked_div(total).unwrap_or(100);
                    eprint!(
                        "\r{stage}: {done}/{total} ({pct}%) {:.1}s   ",
                        started.elapsed().as_secs_f64()
                    );
                },
            )
            .map_err(|e| e.to_problem().detail)?;
            eprintln!();
            println!(
                "{{\"clusters\": {}, \"members\": {}, \"events\": {}, \"export_event\": {}}}",
                summary.clusters.len(),
                summary.members.len(),
                summary.events.len(),
                summary
                    .export_event
                    .map_or("null".to_owned(), |e| format!("\"{e}\"")),
            );
            Ok(())
        }
        Command::CreateAdmin {
            email,
            password,
            display_name,
            db,
        } => {
            cluster2cluster::domain::password::check(&password, &email)
                .map_err(|m| format!("refusing this password: it {m}"))?;
            let db = startup::open_database(&db.database_url, pool(&db), Duration::from_secs(30))?;
            let mut conn = db.get().map_err(|e| e.to_string())?;
            let user = demo::create_admin(&mut conn, &email, &password, &display_name)
                .map_err(|e| e.to_problem().detail)?;
            println!("created platform admin {} ({})", user.email, user.id);
            Ok(())
        }
        Command::Serve {
            bind,
            db,
            demo: with_demo,
            workers,
            body_limit,
            sync_body_limit,
            webhooks_allow_private,
            trust_forwarded_for,
            trusted_proxies,
            sync_concurrency,
            suggestions_per_user,
            public_reads_per_minute,
            workbook_max_rows,
            webhook_interval_ms,
            webhook_timeout,
            removed_retention_days,
            cors_origins,
            cors_allowed_headers,
            access_token_ttl,
            refresh_token_ttl,
            password_reset_ttl_mins,
            invitation_ttl_days,
            invite_url_template,
            public_url,
            smtp_url,
            mail_from,
            mail_retry_secs,
            mail_max_attempts,
            mail_interval_ms,
        } => {
            match url::Url::parse(&public_url) {
                Ok(u) if matches!(u.scheme(), "http" | "https") => {}
                _ => return Err(format!("--public-url {public_url:?} is not an http(s) URL")),
            }
            if invite_url_template
                .as_deref()
                .is_some_and(|t| !t.contains("{token}"))
            {
                return Err("--invite-url-template must contain {token}".into());
            }
            cluster2cluster::app::mail::set_public_url(&public_url);
            let database =
                startup::open_database(&db.database_url, pool(&db), Duration::from_secs(60))?;
            let secret = startup::jwt_secret(&database, std::env::var("C2C_JWT_SECRET").ok())?;
            if with_demo {
                let mut conn = database.get().map_err(|e| e.to_string())?;
                match demo::load(&mut conn).map_err(|e| e.to_problem().detail)? {
                    Some(logins) => demo::print_logins(&logins),
                    None => tracing::info!("the database already holds data; demo data not loaded"),
                }
            }
            // Pay for the dummy hash now, not in the first login with an unknown e-mail.
            cluster2cluster::auth::password::dummy_hash();
            if let Some(bad) = cors_allowed_headers.iter().find(|h| {
                actix_web::http::header::HeaderName::from_bytes(h.trim().as_bytes()).is_err()
            }) {
                return Err(format!(
                    "--cors-allowed-headers: {bad:?} is not a header name"
                ));
            }
            let settings = Settings {
                body_limit: body_limit as usize,
                sync_body_limit: sync_body_limit as usize,
                webhooks_allow_private,
                trust_forwarded_for,
                trusted_proxies: trusted_proxies as usize,
                sync_concurrency: sync_concurrency as usize,
                suggestions_per_user: suggestions_per_user as usize,
                public_reads_per_minute,
                workbook_max_rows: workbook_max_rows as usize,
                removed_retention_days,
                cors_origins: cors_origins.into_iter().filter(|o| !o.is_empty()).collect(),
                cors_allowed_headers: cors_allowed_headers
                    .into_iter()
                    .map(|h| h.trim().to_ascii_lowercase())
                    .filter(|h| !h.is_empty())
                    .collect(),
                access_token_ttl_secs: access_token_ttl,
                refresh_token_ttl_secs: refresh_token_ttl,
                password_reset_ttl_mins,
                invitation_ttl_days,
                invite_url_template,
            };
            let mail_settings = cluster2cluster::workers::mail::MailerSettings {
                smtp_url,
                from: mail_from,
                retry_base: Duration::from_secs(mail_retry_secs),
                max_attempts: mail_max_attempts as i32,
            };
            let mail_db = database.clone();
            let worker_db = database.clone();
            let purge_db = database.clone();
            let state = web::Data::new(AppState::new(database, settings, &secret));
            actix_web::rt::System::new().block_on(async move {
                // Inside the runtime: lettre's connection pool starts a task of its own.
                let mailer =
                    cluster2cluster::workers::mail::Mailer::new(mail_db, &mail_settings)?;
                if !mailer.sends() {
                    tracing::info!(
                        "no SMTP server configured (--smtp-url): mail stays in the outbox, readable by admins at /api/v1/admin/mail"
                    );
                }
                let mut server = HttpServer::new(move || build_app(state.clone()))
                    .bind(&bind)
                    .map_err(|e| format!("cannot listen on {bind}: {e}"))?
                    // SIGTERM/SIGINT: stop accepting, let in-flight requests finish.
                    .shutdown_timeout(30);
                if let Some(n) = workers {
                    server = server.workers(n);
                }
                tracing::info!(%bind, "listening; API docs at http://{bind}/docs/");
                // The outbox survives restarts; every instance claims what is due with a lease,
                // so that one delivery is sent by one instance (receivers still deduplicate on
                // X-C2C-Delivery: a crash between sending and recording repeats one).
                let deliverer = cluster2cluster::workers::webhooks::Deliverer::new(
                    worker_db,
                    webhooks_allow_private,
                )
                .with_timeout(Duration::from_secs(webhook_timeout));
                actix_web::rt::spawn(deliverer.run(Duration::from_millis(webhook_interval_ms)));
                // Mail: the outbox is claimed with a lease like webhook deliveries, so that one
                // mail is sent by one instance; the same loop queues event reminders.
                actix_web::rt::spawn(mailer.run(Duration::from_millis(mail_interval_ms)));
                // Removed companies past their retention period lose their people for good.
                actix_web::rt::spawn(cluster2cluster::workers::purge::purge_forever(
                    purge_db,
                    chrono::Duration::days(removed_retention_days),
                ));
                server.run().await.map_err(|e| e.to_string())
            })
        }
    }
}
