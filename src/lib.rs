//! Cluster2Cluster: an HTTP/JSON service for cross-border business networking between
//! industry clusters and their member companies.
//!
//! [`build_app`] assembles the whole service; `main`, the integration tests and the OpenAPI
//! check all use it, so what is tested is what runs.

pub mod app;
pub mod auth;
pub mod config;
pub mod demo;
pub mod domain;
pub mod error;
pub mod export;
pub mod generate;
pub mod http;
pub mod limits;
pub mod openapi;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod workers;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::{Condition, DefaultHeaders, ErrorHandlerResponse, ErrorHandlers};
use actix_web::{App, HttpMessage, HttpRequest, HttpResponse, web};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::jwt::Tokens;
use crate::config::Settings;
use crate::error::AppError;
use crate::http::problem::PROBLEM_JSON;
use crate::openapi::RouteTable;
use crate::store::Db;

/// What every request handler can reach. Holds no per-user state: instances behind a load
/// balancer share everything through the database.
pub struct AppState {
    pub db: Db,
    pub tokens: Tokens,
    pub config: Settings,
    /// Places for member syncs being read and applied on this instance.
    pub sync_slots: std::sync::Arc<tokio::sync::Semaphore>,
    /// Places per user for suggestion computations.
    pub suggestion_slots: std::sync::Arc<limits::PerKeyLimiter<uuid::Uuid>>,
    /// The directory prepared for suggestions, kept current from the change feed.
    pub directory: app::suggest_index::SuggestionIndex,
    /// Reads of the public event pages per client address.
    pub public_reads: std::sync::Arc<limits::PerKeyRate>,
    /// Fetches per calendar feed (by its token's hash).
    pub calendar_feed_reads: std::sync::Arc<limits::PerKeyRate>,
}

impl AppState {
    pub fn new(db: Db, config: Settings, jwt_secret: &[u8]) -> AppState {
        AppState {
            tokens: Tokens::new(jwt_secret, config.access_token_ttl_secs),
            sync_slots: std::sync::Arc::new(tokio::sync::Semaphore::new(
                config.sync_concurrency.max(1),
            )),
            suggestion_slots: limits::PerKeyLimiter::new(config.suggestions_per_user),
            directory: Default::default(),
            public_reads: std::sync::Arc::new(limits::PerKeyRate::new(
                config.public_reads_per_minute,
            )),
            calendar_feed_reads: std::sync::Arc::new(limits::PerKeyRate::new(
                domain::calendar_feed::FETCHES_PER_MINUTE,
            )),
            db,
            config,
        }
    }
}

/// Mounts the operations on a (utoipa) app; shared by [`build_app`] and [`openapi_document`]
/// so that the served routes and the published contract are the same list.
fn mount<T>(app: utoipa_actix_web::UtoipaApp<T>) -> utoipa_actix_web::UtoipaApp<T>
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    app.openapi(openapi::base())
        .service(crate::http::health::healthz)
        .service(crate::http::health::readyz)
        .service(crate::http::problem_types::get_problem_type)
        .service(
            utoipa_actix_web::scope("/api/v1")
                .configure(crate::http::configure)
                // The contract itself is not an operation of the contract.
                .route("/openapi.json", web::get().to(serve_openapi)),
        )
}

/// The finished OpenAPI document, serialised once per worker.
struct OpenApiJson(String);

async fn serve_openapi(doc: web::Data<OpenApiJson>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(doc.0.clone())
}

/// The OpenAPI document the code describes (what `openapi/openapi.json` must equal).
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let (_, api) = mount(App::new().into_utoipa_app()).split_for_parts();
    openapi::finish(api)
}

/// Swagger UI loads its own scripts and styles from `/docs/` (vendored in the binary) and
/// the contract from `/api/v1/openapi.json`; nothing else, from nowhere else.
pub const DOCS_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";
/// API answers are data, never documents to render: a browser that opens one runs nothing.
pub const API_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The whole HTTP service for one worker.
pub fn build_app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let cors = cors(
        &state.config.cors_origins,
        &state.config.cors_allowed_headers,
    );
    let (app, api) = mount(App::new().into_utoipa_app()).split_for_parts();
    let api = openapi::finish(api);
    let routes = web::Data::new(RouteTable::from_openapi(&api));
    let doc = web::Data::new(OpenApiJson(api.to_json().unwrap_or_default()));
    app.app_data(state)
        .app_data(routes)
        .app_data(doc)
        .app_data(web::PathConfig::default().error_handler(crate::http::extract::path_error))
        .service(
            SwaggerUi::new("/docs/{_:.*}").config(
                utoipa_swagger_ui::Config::new(["/api/v1/openapi.json"])
                    .persist_authorization(true)
                    // Never send the contract to validator.swagger.io (Swagger UI's default on
                    // any host but localhost).
                    .validator_url("none"),
            ),
        )
        .route(
            "/docs",
            web::get().to(|| async {
                HttpResponse::PermanentRedirect()
                    .insert_header((header::LOCATION, "/docs/"))
                    .finish()
            }),
        )
        .default_service(web::to(fallback))
        .wrap(ErrorHandlers::new().default_handler(problem_for_bare_errors))
        .wrap(actix_web::middleware::from_fn(
            crate::http::middleware::audit::middleware,
        ))
        .wrap(actix_web::middleware::from_fn(
            crate::http::idempotency::middleware,
        ))
        .wrap(Condition::new(cors.is_some(), cors.unwrap_or_default()))
        .wrap(
            DefaultHeaders::new()
                .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .add((header::REFERRER_POLICY, "no-referrer"))
                .add((header::X_FRAME_OPTIONS, "DENY"))
                .add((header::CACHE_CONTROL, "private, no-cache")),
        )
        .wrap(actix_web::middleware::from_fn(
            crate::http::middleware::language::middleware,
        ))
        .wrap_fn(|req, srv| {
            // One access-log line per request, and the id it is logged under echoed to the
            // client (X-Request-Id) so that a problem report can quote it.
            let id = req
                .extensions()
                .get::<tracing_actix_web::RequestId>()
                .copied();
            let method = req.method().clone();
            let path = req.path().to_owned();
            // What the access log shows: no secret of a path (a calendar feed's token).
            let logged = crate::telemetry::redacted_path(&path).unwrap_or_else(|| path.clone());
            let started = std::time::Instant::now();
            let fut = srv.call(req);
            async move {
                let mut res = fut.await?;
                tracing::info!(
                    %method,
                    path = %logged,
                    status = res.status().as_u16(),
                    elapsed_ms = started.elapsed().as_secs_f64() * 1000.0,
                    "request"
                );
                if let Some(id) = id.and_then(|id| HeaderValue::from_str(&id.to_string()).ok()) {
                    res.headers_mut()
                        .insert(HeaderName::from_static("x-request-id"), id);
                }
                let policy = if path.starts_with("/docs") {
                    DOCS_CSP
                } else {
                    API_CSP
                };
                // A page of the API (the unsubscribe page) says what it needs itself.
                if !res.headers().contains_key(header::CONTENT_SECURITY_POLICY) {
                    res.headers_mut().insert(
                        header::CONTENT_SECURITY_POLICY,
                        HeaderValue::from_static(policy),
                    );
                }
                Ok(res)
            }
        })
        .wrap(tracing_actix_web::TracingLogger::<
            crate::telemetry::RedactingRootSpan,
        >::new())
}

/// Unknown path: 404. Known path, other method: 405 with `Allow`.
async fn fallback(
    req: HttpRequest,
    routes: web::Data<RouteTable>,
) -> Result<HttpResponse, AppError> {
    match routes.allowed_methods(req.path()) {
        // The method exists here but the route did not take the request (a path parameter
        // actix refused): nothing to be found, rather than a wrong method.
        Some(methods) if methods.contains(&req.method().as_str()) => Err(AppError::NotFound(
            format!("there is no resource at {}", req.path()),
        )),
        Some(methods) => Err(AppError::MethodNotAllowed(
            methods.into_iter().map(str::to_owned).collect(),
        )),
        None => Err(AppError::NotFound(format!(
            "there is no resource at {}",
            req.path()
        ))),
    }
}

/// Turns an error answer that did not come from [`AppError`] (a framework default, say) into
/// problem+json, so that clients see one error format whatever produced it.
fn problem_for_bare_errors<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if is_problem {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let error = match status.as_u16() {
        404 => AppError::NotFound("there is no resource here".into()),
        405 => AppError::MethodNotAllowed(Vec::new()),
        413 => AppError::PayloadTooLarge(
            res.request()
                .app_data::<web::Data<AppState>>()
                .map_or(0, |s| s.config.body_limit),
        ),
        s if s >= 500 => AppError::Internal(format!("framework error {status}")),
        _ => AppError::BadRequest {
            detail: status
                .canonical_reason()
                .unwrap_or("bad request")
                .to_owned(),
            errors: Vec::new(),
        },
    };
    let lang = crate::http::problem::current_language();
    let mut problem = error.to_problem_in(lang);
    problem.status = status.as_u16();
    let (req, _) = res.into_parts();
    let mut response = HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, PROBLEM_JSON))
        .body(serde_json::to_vec(&problem).unwrap_or_default());
    crate::http::problem::mark_language(response.headers_mut(), lang);
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, response).map_into_right_body(),
    ))
}

fn cors(origins: &[String], extra_headers: &[String]) -> Option<actix_cors::Cors> {
    if origins.is_empty() {
        return None;
    }
    // Checked when the service starts (`serve` refuses a bad name); a bad one is skipped here.
    let extra: Vec<HeaderName> = extra_headers
        .iter()
        .filter_map(|h| HeaderName::from_bytes(h.as_bytes()).ok())
        .collect();
    let mut cors = actix_cors::Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
            HeaderName::from_static(crate::http::idempotency::HEADER),
            HeaderName::from_static("x-request-id"),
        ])
        .allowed_headers(extra)
        .expose_headers([
            header::ETAG,
            header::LOCATION,
            header::LINK,
            header::RETRY_AFTER,
            header::CONTENT_DISPOSITION,
            HeaderName::from_static("x-request-id"),
            HeaderName::from_static("idempotent-replayed"),
            HeaderName::from_static("ratelimit-policy"),
            HeaderName::from_static("ratelimit"),
        ])
        .max_age(3600);
    if origins.iter().any(|o| o == "*") {
        cors = cors.allow_any_origin();
    } else {
        for origin in origins {
            cors = cors.allowed_origin(origin);
        }
    }
    Some(cors)
}
