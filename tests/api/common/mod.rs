//! The test harness: the real application (`build_app`) in process, on a fresh database per
//! test — a temporary SQLite file, or a fresh schema on the PostgreSQL server named by
//! `C2C_TEST_POSTGRES_URL` — and helpers to send requests and seed a small world.

#![allow(dead_code)]

pub mod alloc;
pub mod contract;
pub mod proxy;
pub mod receiver;
pub mod smtp;
pub mod world;

use std::sync::OnceLock;
use std::time::Duration;

use actix_http::Request;
use actix_service::Service;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::test::TestRequest;
use actix_web::web;
use futures::future::LocalBoxFuture;
use serde_json::Value;

use cluster2cluster::config::Settings;
use cluster2cluster::store::{Backend, Db, PoolOptions};
use cluster2cluster::{AppState, build_app};

pub use world::World;

/// Declares a test that runs once on SQLite and once on PostgreSQL:
/// `db_test!(async fn name(app) { … })` becomes `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! db_test {
    ($(#[$meta:meta])* async fn $name:ident($app:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($app: $crate::common::TestApp) $body

            $(#[$meta])*
            #[actix_web::test]
            async fn sqlite() {
                run($crate::common::TestApp::sqlite().await).await
            }

            $(#[$meta])*
            #[actix_web::test]
            async fn postgres() {
                if let Some(app) = $crate::common::TestApp::postgres().await {
                    run(app).await
                }
            }
        }
    };
    // With non-default settings: `db_test!(settings = expr, async fn name(app) { … })`.
    (settings = $settings:expr, async fn $name:ident($app:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($app: $crate::common::TestApp) $body

            #[actix_web::test]
            async fn sqlite() {
                run($crate::common::TestApp::sqlite_with($settings).await).await
            }

            #[actix_web::test]
            async fn postgres() {
                if let Some(app) = $crate::common::TestApp::postgres_with($settings).await {
                    run(app).await
                }
            }
        }
    };
}

type BoxedService = Box<
    dyn Service<
            Request,
            Response = ServiceResponse<BoxBody>,
            Error = actix_web::Error,
            Future = LocalBoxFuture<'static, Result<ServiceResponse<BoxBody>, actix_web::Error>>,
        >,
>;

/// Removes what a test's database left behind.
enum Cleanup {
    Sqlite(tempfile::TempDir),
    Postgres { admin_url: String, schema: String },
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, schema } = self {
            use diesel::Connection;
            use diesel::connection::SimpleConnection;
            if let Ok(mut conn) = diesel::PgConnection::establish(admin_url) {
                let _ = conn.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
            }
        }
    }
}

pub struct TestApp {
    service: BoxedService,
    pub state: web::Data<AppState>,
    pub backend: Backend,
    pub url: String,
    // Dropped last: the database outlives the service and the pool.
    _cleanup: Cleanup,
}

pub const TEST_SECRET: &[u8] = b"test secret, long enough for HS256 keys";

impl TestApp {
    pub async fn sqlite() -> TestApp {
        Self::sqlite_with(Settings::default()).await
    }

    pub async fn sqlite_with(settings: Settings) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = dir.path().join("test.db").to_string_lossy().into_owned();
        Self::start(url, Cleanup::Sqlite(dir), settings).await
    }

    /// `None` (the test is skipped) when `C2C_TEST_POSTGRES_URL` is not set — unless
    /// `C2C_REQUIRE_POSTGRES=1`, as in CI, where a missing PostgreSQL fails the test.
    pub async fn postgres() -> Option<TestApp> {
        Self::postgres_with(Settings::default()).await
    }

    pub async fn postgres_with(settings: Settings) -> Option<TestApp> {
        let Some(admin_url) = std::env::var("C2C_TEST_POSTGRES_URL")
            .ok()
            .filter(|u| !u.is_empty())
        else {
            if std::env::var("C2C_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                panic!("C2C_REQUIRE_POSTGRES=1 but C2C_TEST_POSTGRES_URL is not set");
            }
            return None;
        };
        let schema = format!("c2c_test_{}", uuid::Uuid::new_v4().simple());
        {
            use diesel::Connection;
            use diesel::connection::SimpleConnection;
            let mut conn = diesel::PgConnection::establish(&admin_url)
                .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {admin_url}: {e}"));
            conn.batch_execute(&format!("CREATE SCHEMA {schema}"))
                .expect("create test schema");
        }
        let sep = if admin_url.contains('?') { '&' } else { '?' };
        let url = format!("{admin_url}{sep}options=-csearch_path%3D{schema}");
        let cleanup = Cleanup::Postgres { admin_url, schema };
        Some(Self::start(url, cleanup, settings).await)
    }

    /// An app on SQLite with a pool of its own size and wait.
    pub async fn sqlite_with_pool(pool: PoolOptions) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = dir.path().join("test.db").to_string_lossy().into_owned();
        Self::start_with(url, Cleanup::Sqlite(dir), Settings::default(), pool).await
    }

    /// An app on a fresh PostgreSQL schema reached through `host:port` (a proxy, say).
    pub async fn postgres_via(host_port: &str, pool: PoolOptions) -> Option<TestApp> {
        let admin_url = std::env::var("C2C_TEST_POSTGRES_URL")
            .ok()
            .filter(|u| !u.is_empty())?;
        let schema = format!("c2c_test_{}", uuid::Uuid::new_v4().simple());
        {
            use diesel::Connection;
            use diesel::connection::SimpleConnection;
            let mut conn = diesel::PgConnection::establish(&admin_url).unwrap();
            conn.batch_execute(&format!("CREATE SCHEMA {schema}"))
                .unwrap();
        }
        // postgres://user@host:port/db → the same user and database through `host_port`.
        let after_scheme = admin_url.split_once("://").map_or("", |(_, r)| r);
        let (user, rest) = after_scheme
            .split_once('@')
            .unwrap_or(("postgres", after_scheme));
        let db = rest.split_once('/').map_or("postgres", |(_, d)| d);
        let sep = if db.contains('?') { '&' } else { '?' };
        let url = format!(
            "postgres://{user}@{host_port}/{db}{sep}options=-csearch_path%3D{schema}&connect_timeout=2"
        );
        Some(
            Self::start_with(
                url,
                Cleanup::Postgres { admin_url, schema },
                Settings::default(),
                pool,
            )
            .await,
        )
    }

    async fn start(url: String, cleanup: Cleanup, settings: Settings) -> TestApp {
        let pool = PoolOptions {
            max_size: 8,
            connection_timeout: Duration::from_secs(20),
        };
        Self::start_with(url, cleanup, settings, pool).await
    }

    async fn start_with(
        url: String,
        cleanup: Cleanup,
        settings: Settings,
        pool: PoolOptions,
    ) -> TestApp {
        let db = web::block({
            let url = url.clone();
            move || cluster2cluster::startup::open_database(&url, pool, Duration::ZERO)
        })
        .await
        .unwrap()
        .expect("database opens and migrates");
        let backend = db.backend();
        let state = web::Data::new(AppState::new(db, settings, TEST_SECRET));
        let service = actix_web::test::init_service(build_app(state.clone())).await;
        let service: BoxedService = Box::new(BoxMapped(service));
        TestApp {
            service,
            state,
            backend,
            url,
            _cleanup: cleanup,
        }
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    pub fn get(&self, path: &str) -> Req<'_> {
        Req::new(self, TestRequest::get().uri(path))
    }
    pub fn post(&self, path: &str) -> Req<'_> {
        Req::new(self, TestRequest::post().uri(path))
    }
    pub fn put(&self, path: &str) -> Req<'_> {
        Req::new(self, TestRequest::put().uri(path))
    }
    pub fn patch(&self, path: &str) -> Req<'_> {
        Req::new(self, TestRequest::patch().uri(path))
    }
    pub fn delete(&self, path: &str) -> Req<'_> {
        Req::new(self, TestRequest::delete().uri(path))
    }
    pub fn request(&self, method: actix_web::http::Method, path: &str) -> Req<'_> {
        Req::new(self, TestRequest::default().method(method).uri(path))
    }

    /// An access token for `user_id`, as login would issue it.
    pub fn token_for(&self, user_id: uuid::Uuid) -> String {
        self.state.tokens.issue_access(user_id, 1).unwrap()
    }
}

/// Adapts the app's service (whose body type is opaque) to one with a boxed body.
struct BoxMapped<S>(S);

impl<S, B> Service<Request> for BoxMapped<S>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<ServiceResponse<BoxBody>, actix_web::Error>>;

    fn poll_ready(
        &self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&self, req: Request) -> Self::Future {
        let fut = self.0.call(req);
        Box::pin(async move { Ok(fut.await?.map_into_boxed_body()) })
    }
}

pub struct Req<'a> {
    app: &'a TestApp,
    inner: TestRequest,
}

impl<'a> Req<'a> {
    fn new(app: &'a TestApp, inner: TestRequest) -> Self {
        Req { app, inner }
    }

    pub fn token(self, token: &str) -> Self {
        self.header("authorization", &format!("Bearer {token}"))
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.inner = self
            .inner
            .insert_header((name.to_owned(), value.to_owned()));
        self
    }

    pub fn json(mut self, body: Value) -> Self {
        self.inner = self
            .inner
            .insert_header(("content-type", "application/json"))
            .set_payload(body.to_string());
        self
    }

    /// A raw body with the given content type.
    pub fn body(mut self, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        self.inner = self
            .inner
            .insert_header(("content-type", content_type.to_owned()))
            .set_payload(body.into());
        self
    }

    /// Sends with a body that arrives as `stream` yields it (to see whether, and when, the
    /// service reads a body).
    pub async fn send_stream<S>(self, content_type: &str, stream: S) -> Resp
    where
        S: futures::Stream<Item = Result<actix_web::web::Bytes, actix_http::error::PayloadError>>
            + 'static,
    {
        let req = self
            .inner
            .insert_header(("content-type", content_type.to_owned()))
            .to_request();
        let boxed: actix_http::BoxedPayloadStream = Box::pin(stream);
        let (req, _) = req.replace_payload(actix_http::Payload::Stream { payload: boxed });
        self.app.finish(req).await
    }

    pub async fn send(self) -> Resp {
        let req = self.inner.to_request();
        self.app.finish(req).await
    }
}

impl TestApp {
    async fn finish(&self, req: Request) -> Resp {
        let (method, path) = (req.method().to_string(), req.uri().path().to_owned());
        let res = self.service.call(req).await.expect("service answers");
        let status = res.status();
        let headers = res.headers().clone();
        let body = actix_web::body::to_bytes(res.into_body())
            .await
            .unwrap_or_default();
        // Every answer is judged by the committed contract (see `contract`).
        contract::check(
            &method,
            &path,
            status.as_u16(),
            headers.get("content-type").and_then(|v| v.to_str().ok()),
            &body,
        );
        Resp {
            status,
            headers,
            body: body.to_vec(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    /// Asserts the status, showing the body when it differs; returns self for chaining.
    #[track_caller]
    pub fn expect(self, status: u16) -> Resp {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.text()
        );
        self
    }

    /// Asserts a problem+json error with this status and returns its body.
    #[track_caller]
    pub fn problem(self, status: u16) -> Value {
        let resp = self.expect(status);
        assert_eq!(
            resp.header("content-type").as_deref(),
            Some("application/problem+json"),
            "error without problem+json: {}",
            resp.text()
        );
        let body = resp.json();
        assert_eq!(body["status"], status, "{body}");
        assert!(
            body["type"].is_string() && body["title"].is_string() && body["detail"].is_string(),
            "{body}"
        );
        body
    }

    /// The fields named in a problem's `errors`.
    pub fn error_fields(problem: &Value) -> Vec<String> {
        problem["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["field"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The password of every seeded user, hashed once per test process.
pub const PASSWORD: &str = "three minutes to pitch";

pub fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| cluster2cluster::auth::password::hash(PASSWORD).unwrap())
}

/// The Python with the parsers of tests/python-requirements.txt (set by .ci/test), or `None`
/// when absent — a failure instead when `C2C_REQUIRE_PYTHON=1`, as in CI.
pub fn python() -> Option<String> {
    match std::env::var("C2C_PYTHON").ok().filter(|p| !p.is_empty()) {
        Some(p) => Some(p),
        None if std::env::var("C2C_REQUIRE_PYTHON").is_ok_and(|v| v == "1") => {
            panic!("C2C_REQUIRE_PYTHON=1 but C2C_PYTHON is not set; run the suite with .ci/test")
        }
        None => {
            eprintln!(
                "skipped: C2C_PYTHON is not set (run .ci/test for the checks with Python parsers)"
            );
            None
        }
    }
}

/// Runs a Python snippet with `input` on stdin; returns stdout, panics with stderr on failure.
pub fn run_python(python: &str, script: &str, input: &[u8]) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new(python)
        .arg("-c")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python starts");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
