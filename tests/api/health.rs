//! Health checks.

use crate::db_test;

db_test!(async fn health_and_readiness(app) {
    let live = app.get("/healthz").send().await.expect(200).json();
    assert_eq!(live["status"], "ok");
    let ready = app.get("/readyz").send().await.expect(200).json();
    assert_eq!(ready["status"], "ready");
    let expected = match app.backend {
        cluster2cluster::store::Backend::Sqlite => "sqlite",
        cluster2cluster::store::Backend::Postgres => "postgres",
    };
    assert_eq!(ready["database"], expected);
});

#[actix_web::test]
async fn readiness_fails_fast_when_the_database_is_gone() {
    // A PostgreSQL URL nobody listens on: the service still starts and answers, /readyz
    // says 503 with Retry-After, and API calls get 503 rather than hanging or 500.
    let db = cluster2cluster::store::Db::connect(
        "postgres://nobody@127.0.0.1:1/none?connect_timeout=1",
        cluster2cluster::store::PoolOptions {
            max_size: 2,
            connection_timeout: std::time::Duration::from_millis(500),
        },
    );
    let state = actix_web::web::Data::new(cluster2cluster::AppState::new(
        db,
        Default::default(),
        crate::common::TEST_SECRET,
    ));
    let app = actix_web::test::init_service(cluster2cluster::build_app(state.clone())).await;
    let resp = actix_web::test::call_service(
        &app,
        actix_web::test::TestRequest::get()
            .uri("/healthz")
            .to_request(),
    )
    .await;
    assert_eq!(resp.status(), 200);
    let resp = actix_web::test::call_service(
        &app,
        actix_web::test::TestRequest::get()
            .uri("/readyz")
            .to_request(),
    )
    .await;
    assert_eq!(resp.status(), 503);
    assert_eq!(resp.headers().get("retry-after").unwrap(), "5");
    assert_eq!(
        resp.headers().get("content-type").unwrap(),
        "application/problem+json"
    );
    let token = state.tokens.issue_access(uuid::Uuid::new_v4(), 1).unwrap();
    let req = actix_web::test::TestRequest::get()
        .uri("/api/v1/members")
        .insert_header(("authorization", format!("Bearer {token}")))
        .to_request();
    let resp = actix_web::test::call_service(&app, req).await;
    assert_eq!(resp.status(), 503);
}

#[actix_web::test]
async fn cors_answers_configured_origins_only() {
    let settings = cluster2cluster::config::Settings {
        cors_origins: vec!["https://portal.lombardia-aerospace.example".into()],
        ..Default::default()
    };
    let app = crate::common::TestApp::sqlite_with(settings).await;
    let preflight = app
        .request(actix_web::http::Method::OPTIONS, "/api/v1/members")
        .header("origin", "https://portal.lombardia-aerospace.example")
        .header("access-control-request-method", "PATCH")
        .header(
            "access-control-request-headers",
            "authorization, if-match, content-type",
        )
        .send()
        .await;
    assert_eq!(preflight.status.as_u16(), 200);
    assert_eq!(
        preflight.header("access-control-allow-origin").as_deref(),
        Some("https://portal.lombardia-aerospace.example")
    );
    let other = app
        .get("/healthz")
        .header("origin", "https://evil.example")
        .send()
        .await;
    assert!(other.header("access-control-allow-origin").is_none());
    let same = app
        .get("/healthz")
        .header("origin", "https://portal.lombardia-aerospace.example")
        .send()
        .await;
    assert!(
        same.header("access-control-expose-headers")
            .unwrap_or_default()
            .to_lowercase()
            .contains("etag")
    );
}

#[actix_web::test]
async fn cors_takes_configured_tracing_headers_and_exposes_what_clients_read() {
    let settings = cluster2cluster::config::Settings {
        cors_origins: vec!["https://portal.lombardia-aerospace.example".into()],
        cors_allowed_headers: vec!["traceparent".into()],
        ..Default::default()
    };
    let app = crate::common::TestApp::sqlite_with(settings).await;
    let preflight = |headers: &'static str| {
        app.request(actix_web::http::Method::OPTIONS, "/api/v1/members")
            .header("origin", "https://portal.lombardia-aerospace.example")
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", headers)
            .send()
    };
    let ok = preflight("authorization, traceparent, idempotency-key, x-request-id").await;
    assert_eq!(ok.status.as_u16(), 200, "{:?}", ok.text());
    let allowed = ok
        .header("access-control-allow-headers")
        .unwrap_or_default()
        .to_lowercase();
    for h in ["traceparent", "idempotency-key", "x-request-id", "if-match"] {
        assert!(allowed.contains(h), "{h} not in {allowed}");
    }
    // A header nobody configured is not allowed.
    let refused = preflight("x-made-up").await;
    assert_ne!(refused.status.as_u16(), 200);
    let read = app
        .get("/healthz")
        .header("origin", "https://portal.lombardia-aerospace.example")
        .send()
        .await;
    let exposed = read
        .header("access-control-expose-headers")
        .unwrap_or_default()
        .to_lowercase();
    for h in [
        "etag",
        "link",
        "location",
        "content-disposition",
        "x-request-id",
        "ratelimit-policy",
        "ratelimit",
    ] {
        assert!(
            exposed.split(',').any(|e| e.trim() == h),
            "{h} not exposed: {exposed}"
        );
    }
}

#[actix_web::test]
async fn the_jwt_secret_is_generated_once_and_kept_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("s.db").to_string_lossy().into_owned();
    let db = cluster2cluster::startup::open_database(
        &url,
        Default::default(),
        std::time::Duration::ZERO,
    )
    .unwrap();
    let first = cluster2cluster::startup::jwt_secret(&db, None).unwrap();
    let second = cluster2cluster::startup::jwt_secret(&db, None).unwrap();
    assert_eq!(
        first, second,
        "a restart (or a second instance) reuses the stored secret"
    );
    assert!(first.len() >= 64);
    let other_dir = tempfile::tempdir().unwrap();
    let other_url = other_dir.path().join("s.db").to_string_lossy().into_owned();
    let other = cluster2cluster::startup::open_database(
        &other_url,
        Default::default(),
        std::time::Duration::ZERO,
    )
    .unwrap();
    assert_ne!(
        cluster2cluster::startup::jwt_secret(&other, None).unwrap(),
        first,
        "random, not a constant"
    );
    assert!(cluster2cluster::startup::jwt_secret(&db, Some("short".into())).is_err());
    let from_env = "an operator-managed secret of 40 bytes..".to_owned();
    assert_eq!(
        cluster2cluster::startup::jwt_secret(&db, Some(from_env.clone())).unwrap(),
        from_env.into_bytes()
    );
}
