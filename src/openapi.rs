//! The OpenAPI 3.1 contract. Operations come from the handlers (collected by
//! utoipa-actix-web where they are mounted); this module adds what is common to all of them:
//! the security scheme, the problem+json error responses each operation can produce, the links
//! from each creation to what acts on the object created, and a route table derived from the
//! document, used to answer 405 with `Allow`.

use utoipa::OpenApi as _;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{OpenApi, Ref, RefOr};

use crate::http::problem::Problem;

mod problems;
mod routes;
mod shape;

pub use problems::problem_example;
use problems::{SHARED, problem_response};

pub use routes::RouteTable;
#[cfg(test)]
use shape::first_sentence;
use shape::{
    MAY_BE_ABSENT, add_links, describe_operations, headers_are_never_null, reference_page_items,
    require_always_present_fields,
};

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Cluster2Cluster API",
        description = "Cross-border business networking between industry clusters: clusters, member \
companies and their contact people, Cluster2Cluster days, partnership requests, contact catalogues and \
trade-statistics notes.\n\n\
Conventions: JSON in and out (unknown fields are rejected); errors are RFC 9457 `application/problem+json` \
with field-level `errors`; lists take `limit` (1–500, default 50) and an opaque `cursor` and answer \
`{items, next_cursor}` with a `Link: rel=\"next\"` header; items carry an `ETag`, writes honour `If-Match` \
(412 on mismatch) and reads `If-None-Match` (304).",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
        contact(name = "The operators of this Cluster2Cluster service"),
        version = "1.0.0"
    ),
    tags(
        (name = "auth", description = "Logging in, tokens, the caller's account"),
        (name = "users", description = "Accounts and role grants"),
        (name = "clusters", description = "Industry clusters"),
        (name = "members", description = "Member companies: the public directory"),
        (name = "contacts", description = "Contact people of a member company (private)"),
        (name = "events", description = "Cluster2Cluster days: host, guests, venue, capacity, status, outcome figures"),
        (name = "registrations", description = "Companies registered for an event, with attendees and pitch cards"),
        (name = "agenda", description = "The programme of an event, as JSON or iCalendar"),
        (name = "check-ins", description = "The day itself: badges with check-in codes, checking people in (one scan, offline batches, undo); attendance follows check-ins"),
        (name = "surveys", description = "Post-event surveys: questions by the organisers, answered once per attendee, anonymous results as JSON or CSV"),
        (name = "catalogues", description = "Contact catalogues as JSON, or as CSV, vCard and xlsx files (one operation per file)"),
        (name = "partnerships", description = "Partnership requests between companies, their workflow, history and follow-up meetings"),
        (name = "sync", description = "Member sync for cluster portals and the change feeds"),
        (name = "api-keys", description = "Keys for machine clients, with scopes"),
        (name = "webhooks", description = "Signed notifications of changes, with retries"),
        (name = "audit", description = "Who changed what: the append-only audit log"),
        (name = "matchmaking", description = "Partner suggestions, 1:1 meeting requests, meeting sessions and the B2B meeting scheduler with personal schedules"),
        (name = "trade-notes", description = "Trade-statistics notes: raw figures with units and periods; the service computes changes, ratios and shares, flags stated changes that do not add up, and builds series and CSV exports"),
        (name = "mail", description = "E-mail notifications: the outbox (admins), each person's settings, one-click unsubscribe"),
        (name = "public", description = "Public event pages: what anyone may read without a token"),
        (name = "calendar", description = "A person's secret calendar feed, for calendar apps that subscribe by URL"),
        (name = "health", description = "Liveness and readiness, and the pages the problem `type` URIs point at"),
    ),
    servers(
        (url = "/", description = "The service that serves this document (`/api/v1/openapi.json`)"),
        (url = "http://127.0.0.1:8080", description = "A local demo: `cargo run --release -- serve --demo`"),
    ),
    components(schemas(
        Problem,
        crate::error::FieldError,
        // Enums used only in query parameters are not collected with the operations.
        // Each operation's own `format=` values.
        crate::http::agenda::AgendaFormat,
        crate::http::badges::BadgesFormat,
        crate::http::catalogue::CatalogueFormat,
        crate::http::matchmaking::ScheduleFormat,
        crate::http::meetings::MeetingFormat,
        crate::http::partnerships::PartnershipRequestsFormat,
        crate::http::stats::StatsFormat,
        crate::http::survey::SurveyResultsFormat,
        crate::http::trade_notes::TradeFiguresFormat,
        crate::export::dialect::Dialect,
        crate::export::vcard::VcardVersion,
        crate::http::partnerships::Direction,
        crate::http::sync::SyncMode,
        crate::domain::matchmaking::MeetingRequestStatus,
    ))
)]
struct BaseDoc;

/// The document before the operations are added.
pub fn base() -> OpenApi {
    BaseDoc::openapi()
}

fn operations_mut(
    api: &mut OpenApi,
) -> impl Iterator<Item = (&String, &'static str, &mut Operation)> {
    api.paths.paths.iter_mut().flat_map(|(path, item)| {
        [
            ("GET", item.get.as_mut()),
            ("PUT", item.put.as_mut()),
            ("POST", item.post.as_mut()),
            ("DELETE", item.delete.as_mut()),
            ("PATCH", item.patch.as_mut()),
        ]
        .into_iter()
        .filter_map(|(method, op)| op.map(|op| (method, op)))
        .map(move |(method, op)| (path, method, op))
    })
}

/// Adds the security scheme and, to every operation, the error responses it can produce:
/// 400 when it takes parameters or a body, 401 and 403 when it needs a token, 404 when its path has
/// an id, 412 when it honours If-Match, 413/415/422 when it takes a body, 503 when it needs
/// the database. Error responses declared on a handler without content get problem+json.
/// The operations anyone may call, without a token.
const PUBLIC_PATHS: &[&str] = &[
    "/api/v1/auth/login",
    "/api/v1/auth/password-reset",
    "/api/v1/auth/password-reset/confirm",
    "/api/v1/auth/email-change/confirm",
    "/api/v1/auth/logout",
    "/api/v1/auth/refresh",
    "/api/v1/unsubscribe",
    "/healthz",
    "/readyz",
    "/problems/{type}",
];

/// The media type of Excel workbooks, as the file operations declare it.
const XLSX_MEDIA_TYPE: &str = crate::http::negotiate::XLSX;

pub fn finish(mut api: OpenApi) -> OpenApi {
    let components = api.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .description(Some("An access token from /api/v1/auth/login"))
                .build(),
        ),
    );
    components.add_security_scheme(
        "api_key",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("c2c API key")
                .description(Some(
                    "An API key (`c2c_…`) sent as a bearer token; each operation open to keys names the scope it needs",
                ))
                .build(),
        ),
    );
    for (status, name, description) in SHARED {
        let headers: &[(&str, &str)] = match *status {
            "401" => &[("WWW-Authenticate", "Bearer")],
            "503" => &[("Retry-After", "Seconds to wait before retrying")],
            _ => &[],
        };
        components.responses.insert(
            (*name).to_owned(),
            RefOr::T(problem_response(status, description, headers)),
        );
    }

    for (path, method, op) in operations_mut(&mut api) {
        let is_get = method == "GET";
        // Writes a client may retry: every POST but those answering with secrets, and the
        // member sync.
        let retryable = crate::http::idempotency::applies_to(method, path);
        if retryable {
            op.parameters.get_or_insert_with(Vec::new).push(RefOr::T(
                utoipa::openapi::path::ParameterBuilder::new()
                    .name("Idempotency-Key")
                    .parameter_in(ParameterIn::Header)
                    .required(utoipa::openapi::Required::False)
                    .description(Some(
                        "Makes the request safe to retry: within 24 hours, the same key with the \
                         same request replays the first answer (with `Idempotent-Replayed: true`) \
                         without doing the work again; with a different request it is 422; while \
                         the first is still running, 409. Keys belong to the caller. Answers that \
                         ask for a retry (5xx, 429) are not kept.",
                    ))
                    .schema(Some(
                        utoipa::openapi::ObjectBuilder::new()
                            .schema_type(utoipa::openapi::schema::Type::String)
                            .min_length(Some(1))
                            .max_length(Some(255))
                            .pattern(Some("^[!-~]+$")),
                    ))
                    .build(),
            ));
        }
        // Every operation needs a bearer token but signing in and out and the health probes:
        // said here once rather than on each operation.
        if !PUBLIC_PATHS.contains(&path.as_str()) && op.security.is_none() {
            op.security = Some(vec![SecurityRequirement::new::<_, [&str; 0], &str>(
                "bearer",
                [],
            )]);
        }
        // The public ones say so (`security: []`), for generated clients that otherwise
        // assume a token everywhere.
        if PUBLIC_PATHS.contains(&path.as_str()) && op.security.is_none() {
            op.security = Some(Vec::new());
        }
        // Every GET of the API answers `If-None-Match` with 304: declared, so that generated
        // clients offer it.
        let declares = |op: &utoipa::openapi::path::Operation, name: &str| {
            op.parameters
                .iter()
                .flatten()
                .any(|p| matches!(p, RefOr::T(p) if p.name.eq_ignore_ascii_case(name)))
        };
        if is_get && path.starts_with("/api/v1/") && !declares(op, "If-None-Match") {
            op.parameters.get_or_insert_with(Vec::new).push(RefOr::T(
                utoipa::openapi::path::ParameterBuilder::new()
                    .name("If-None-Match")
                    .parameter_in(ParameterIn::Header)
                    .required(utoipa::openapi::Required::False)
                    .description(Some(
                        "An `ETag` from an earlier answer: 304 without a body while it still matches",
                    ))
                    // No length or pattern: a tag the server does not know simply does not
                    // match (200), so nothing about the value is refused.
                    .schema(Some(
                        utoipa::openapi::ObjectBuilder::new()
                            .schema_type(utoipa::openapi::schema::Type::String),
                    ))
                    .build(),
            ));
        }
        // Operations open to API keys accept either scheme; the key needs the named scope.
        if let Some(scope) = crate::domain::api_key::required_scope(method, path) {
            op.security
                .get_or_insert_with(Vec::new)
                .push(SecurityRequirement::new("api_key", [scope.as_str()]));
        }
        let params = op.parameters.as_deref().unwrap_or(&[]);
        let has_param_in = |place: ParameterIn| {
            params
                .iter()
                .any(|p| matches!(p, RefOr::T(p) if p.parameter_in == place))
        };
        let has_if_match = params
            .iter()
            .any(|p| matches!(p, RefOr::T(p) if p.name == "If-Match"));
        let has_body = op.request_body.is_some();
        let has_lang = params
            .iter()
            .any(|p| matches!(p, RefOr::T(p) if p.name == "lang"));
        // A workbook is built whole in memory: past its row limit it is refused (422).
        let workbook = matches!(op.responses.responses.get("200"), Some(RefOr::T(r))
            if r.content.contains_key(XLSX_MEDIA_TYPE));
        let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
        let uses_db = path != "/healthz" && !path.starts_with("/problems/");
        let wanted = [
            (
                "400",
                has_body
                    || has_param_in(ParameterIn::Query)
                    || has_param_in(ParameterIn::Path)
                    || has_if_match,
            ),
            ("401", secured),
            ("403", secured),
            ("404", has_param_in(ParameterIn::Path)),
            ("412", has_if_match),
            ("409", retryable),
            ("413", has_body),
            ("415", has_body),
            ("422", has_body || retryable || workbook),
            ("503", uses_db),
        ];
        let responses = &mut op.responses.responses;
        // Every JSON GET of the API answers If-None-Match.
        if is_get && path.starts_with("/api/v1/") && !responses.contains_key("304") {
            responses.insert(
                "304".to_owned(),
                RefOr::T(
                    ResponseBuilder::new()
                        .description("Not modified: If-None-Match matched the ETag")
                        .build(),
                ),
            );
        }
        // The headers every answer of a kind carries: files are attachments, and a `lang`
        // answer says which language was asked for.
        if let Some(RefOr::T(ok)) = responses.get_mut("200") {
            let is_file = ok
                .content
                .keys()
                .any(|t| !t.starts_with("application/json"));
            let mut add = |name: &str, description: &str| {
                ok.headers.entry(name.to_owned()).or_insert_with(|| {
                    RefOr::T(
                        utoipa::openapi::HeaderBuilder::new()
                            .schema(Some(
                                utoipa::openapi::ObjectBuilder::new()
                                    .schema_type(utoipa::openapi::schema::Type::String),
                            ))
                            .description(Some(description))
                            .build(),
                    )
                });
            };
            if is_file && is_get {
                add(
                    "Content-Disposition",
                    "For a file: `attachment; filename=\"…\"`, the name to save it under",
                );
            }
            if has_lang {
                add(
                    "Content-Language",
                    "The language asked for with `lang` (translated fields fall back to the original)",
                );
            }
        }
        for (status, name, _) in SHARED {
            let want = wanted.iter().any(|(s, w)| s == status && *w);
            if want && !responses.contains_key(*status) {
                responses.insert(
                    (*status).to_owned(),
                    RefOr::Ref(Ref::from_response_name(*name)),
                );
            }
        }
        // Error responses a handler declared with only a description get the problem body.
        for (status, response) in responses.iter_mut() {
            if let RefOr::T(r) = response {
                let is_error = status.starts_with('4') || status.starts_with('5');
                if is_error && r.content.is_empty() {
                    let mut full = problem_response(status, &r.description, &[]);
                    full.headers = std::mem::take(&mut r.headers);
                    *r = full;
                }
            }
        }
    }
    reference_page_items(&mut api);
    require_always_present_fields(&mut api, MAY_BE_ABSENT);
    headers_are_never_null(&mut api);
    describe_operations(&mut api);
    add_links(&mut api);
    api
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    fn document() -> Value {
        serde_json::to_value(crate::openapi_document()).unwrap()
    }

    #[test]
    fn every_page_refers_to_its_item_schema() {
        let doc = document();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let pages: Vec<&String> = schemas.keys().filter(|k| k.starts_with("Page_")).collect();
        assert!(pages.len() >= 20, "{pages:?}");
        for page in pages {
            let item = &page["Page_".len()..];
            assert_eq!(
                schemas[page]["properties"]["items"]["items"],
                json!({"$ref": format!("#/components/schemas/{item}")}),
                "{page} inlines its items"
            );
            assert!(schemas.contains_key(item), "{item} is not a component");
        }
    }

    #[test]
    fn inlined_page_items_become_references_and_missing_items_components() {
        use utoipa::openapi::OpenApi;
        let mut api: OpenApi = serde_json::from_value(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {
                "Thing": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
                "Page_Thing": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array",
                    "items": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}}}},
                "Page_Other": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array",
                    "items": {"type": "object", "properties": {"n": {"type": "integer"}}}}}}
            }}
        }))
        .unwrap();
        super::reference_page_items(&mut api);
        let doc = serde_json::to_value(&api).unwrap();
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["Page_Thing"]["properties"]["items"]["items"]["$ref"],
            "#/components/schemas/Thing"
        );
        assert_eq!(
            schemas["Page_Other"]["properties"]["items"]["items"]["$ref"],
            "#/components/schemas/Other"
        );
        assert_eq!(schemas["Other"]["properties"]["n"]["type"], "integer");
    }

    #[test]
    fn nullable_answer_fields_are_required_but_not_in_requests_nor_when_omitted() {
        use utoipa::openapi::OpenApi;
        let nullable = json!({"type": ["string", "null"]});
        let body = |name: &str| json!({"content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}});
        let mut api: OpenApi = serde_json::from_value(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/x": {"post": {
                "requestBody": body("Shared"),
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Answer"}}}}}
            }}},
            "components": {"schemas": {
                "Answer": {"type": "object", "required": ["id"], "properties": {
                    "id": {"type": "string"}, "note": nullable, "skipped": nullable,
                    "count": {"type": "integer"}, "shared": {"$ref": "#/components/schemas/Shared"},
                    "inner": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Inner"}]}
                }},
                "Inner": {"type": "object", "properties": {"when": nullable}},
                "Shared": {"type": "object", "properties": {"city": nullable}}
            }}
        }))
        .unwrap();
        super::require_always_present_fields(&mut api, &[("Answer", "skipped")]);
        let doc = serde_json::to_value(&api).unwrap();
        let required = |name: &str| doc["components"]["schemas"][name]["required"].clone();
        assert_eq!(required("Answer"), json!(["id", "inner", "note"]));
        assert_eq!(required("Inner"), json!(["when"]));
        assert_eq!(required("Shared"), Value::Null, "requests may leave it out");
    }

    #[test]
    fn header_parameters_are_never_null() {
        let doc = document();
        let mut headers = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                for p in op["parameters"].as_array().into_iter().flatten() {
                    if p["in"] == "header" {
                        headers += 1;
                        assert!(
                            !super::shape::admits_null(&p["schema"]),
                            "{method} {path}: {p}"
                        );
                    }
                }
            }
        }
        // If-Match, If-None-Match and Idempotency-Key, on many operations.
        assert!(headers > 100, "{headers}");
    }

    #[test]
    fn each_error_status_has_its_own_example() {
        let doc = document();
        for (status, name) in [
            ("400", "BadRequest"),
            ("401", "Unauthorized"),
            ("403", "Forbidden"),
            ("404", "NotFound"),
            ("409", "Conflict"),
            ("412", "PreconditionFailed"),
            ("413", "PayloadTooLarge"),
            ("415", "UnsupportedMediaType"),
            ("422", "ValidationFailed"),
            ("503", "Unavailable"),
        ] {
            let example = &doc["components"]["responses"][name]["content"]["application/problem+json"]
                ["example"];
            assert_eq!(example["status"], status.parse::<u64>().unwrap(), "{name}");
            assert!(example["type"].as_str().unwrap().starts_with("/problems/"));
        }
        // Error answers a handler declares itself get the example of their status too.
        let mut declared = 0;
        for item in doc["paths"].as_object().unwrap().values() {
            for op in item.as_object().unwrap().values() {
                for (status, response) in op["responses"].as_object().unwrap() {
                    let example = &response["content"]["application/problem+json"]["example"];
                    if !example.is_null() {
                        declared += 1;
                        assert_eq!(example["status"].to_string(), *status);
                    }
                }
            }
        }
        assert!(declared > 0);
    }

    #[test]
    fn the_example_of_a_status_is_the_problem_the_service_sends() {
        use crate::error::AppError;
        for (status, error) in [
            ("401", AppError::Unauthorized("x".into())),
            ("404", AppError::NotFound("x".into())),
            ("412", AppError::PreconditionFailed("x".into())),
            ("503", AppError::Unavailable("x".into())),
        ] {
            let example = super::problem_example(status).unwrap();
            let problem = error.to_problem();
            assert_eq!(example["type"], problem.problem_type);
            assert_eq!(example["title"], problem.title);
            assert_eq!(example["status"], problem.status);
        }
    }

    #[test]
    fn summaries_are_first_sentences_and_every_operation_says_who_may_call_it() {
        assert_eq!(
            super::first_sentence("Get one cluster."),
            "Get one cluster."
        );
        assert_eq!(
            super::first_sentence("Revoke a key: it stops working. Then more."),
            "Revoke a key"
        );
        assert_eq!(
            super::first_sentence("Badges (a.b. or `x. y`) of people. Rest."),
            "Badges (a.b. or `x. y`) of people."
        );
        let doc = document();
        let mut count = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                count += 1;
                let summary = op["summary"].as_str().unwrap_or_default();
                let description = op["description"].as_str().unwrap_or_default();
                assert!(
                    !summary.is_empty() && !summary.contains('\n'),
                    "{method} {path}: {summary:?}"
                );
                let public = op["security"] == json!([])
                    || op["security"]
                        .as_array()
                        .is_some_and(|r| r.iter().any(|r| r == &json!({})));
                let keys = op["security"].to_string().contains("api_key");
                let access = description.rsplit("\n\n").next().unwrap();
                assert_eq!(
                    access.contains("public"),
                    public,
                    "{method} {path}: {access}"
                );
                assert_eq!(
                    access.contains("API key with the scope"),
                    keys,
                    "{method} {path}: {access}"
                );
            }
        }
        assert!(count > 100);
    }
}
