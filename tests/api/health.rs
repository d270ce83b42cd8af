//! Health checks.

use crate::db_test;

db_test!(async fn health_and_readiness(app) {
    let live = app.get("/healthz").send().await.expect(200).json();
    assert_eq!(live["status"], "ok");
    let ready = app.get("/readyz").send().await.expect(200).json();
    assert_eq!(ready["status"], "ready");
    let expected = match app.backend {
        cluster2cluster::db::Backend::Sqlite => "sqlite",
        cluster2cluster::db::Backend::Postgres => "postgres",
    };
    assert_eq!(ready["database"], expected);
});

#[actix_web::test]
async fn readiness_fails_fast_when_the_database_is_gone() {
    // A PostgreSQL URL nobody listens on: the service still starts and answers, /readyz
    // says 503 with Retry-After, and API calls get 503 rather than hanging or 500.
    let db = cluster2cluster::db::Db::connect(
        "postgres://nobody@127.0.0.1:1/none?connect_timeout=1",
        cluster2cluster::db::PoolOptions { max_size: 2, connection_timeout: std::time::Duration::from_millis(500) },
    );
    let state = actix_web::web::Data::new(cluster2cluster::AppState::new(
        db,
        Default::default(),
        crate::common::TEST_SECRET,
    ));
    let app = actix_web::test::init_service(cluster2cluster::build_app(state.clone())).await;
    let resp = actix_web::test::call_service(&app, actix_web::test::TestRequest::get().uri("/healthz").to_request()).await;
    assert_eq!(resp.status(), 200);
    let resp = actix_web::test::call_service(&app, actix_web::test::TestRequest::get().uri("/readyz").to_request()).await;
    assert_eq!(resp.status(), 503);
    assert_eq!(resp.headers().get("retry-after").unwrap(), "5");
    assert_eq!(resp.headers().get("content-type").unwrap(), "application/problem+json");
    let token = state.tokens.issue_access(uuid::Uuid::new_v4()).unwrap();
    let req = actix_web::test::TestRequest::get()
        .uri("/api/v1/members")
        .insert_header(("authorization", format!("Bearer {token}")))
        .to_request();
    let resp = actix_web::test::call_service(&app, req).await;
    assert_eq!(resp.status(), 503);
}
