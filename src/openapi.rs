//! The OpenAPI 3.1 contract. Operations come from the handlers (collected by
//! utoipa-actix-web where they are mounted); this module adds what is common to all of them:
//! the security scheme, the problem+json error responses each operation can produce, the links
//! from each creation to what acts on the object created, and a route table derived from the
//! document, used to answer 405 with `Allow`.

use std::collections::BTreeMap;

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr};
use utoipa::{OpenApi as _, PartialSchema};

use crate::http::problem::{PROBLEM_JSON, Problem};

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
        (name = "catalogues", description = "Contact catalogues as JSON, CSV or vCard"),
        (name = "partnerships", description = "Partnership requests between companies, their workflow, history and follow-up meetings"),
        (name = "sync", description = "Member sync for cluster portals and the change feeds"),
        (name = "api-keys", description = "Keys for machine clients, with scopes"),
        (name = "webhooks", description = "Signed notifications of changes, with retries"),
        (name = "audit", description = "Who changed what: the append-only audit log"),
        (name = "matchmaking", description = "Partner suggestions, 1:1 meeting requests, meeting sessions and the B2B meeting scheduler with personal schedules"),
        (name = "trade-notes", description = "Trade-statistics notes: raw figures with units and periods; the service computes changes, ratios and shares, flags stated changes that do not add up, and builds series and CSV exports"),
        (name = "mail", description = "E-mail notifications: the outbox (admins), each person's settings, one-click unsubscribe"),
        (name = "public", description = "Public event pages: what anyone may read without a token"),
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
        crate::http::negotiate::Format,
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

fn problem_response(description: &str, headers: &[(&str, &str)]) -> Response {
    let mut builder = ResponseBuilder::new().description(description).content(
        PROBLEM_JSON,
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("Problem")))
            .build(),
    );
    for (name, text) in headers {
        builder = builder.header(
            *name,
            utoipa::openapi::HeaderBuilder::new()
                .schema(Some(String::schema()))
                .description(Some(*text))
                .build(),
        );
    }
    builder.build()
}

/// Shared error responses, referenced from the operations.
const SHARED: &[(&str, &str, &str)] = &[
    (
        "400",
        "BadRequest",
        "Malformed request: invalid JSON, path or query parameter",
    ),
    (
        "401",
        "Unauthorized",
        "Missing, expired or invalid access token",
    ),
    (
        "403",
        "Forbidden",
        "The caller's roles do not allow this on this object, or the API key lacks the scope (or keys may not call this operation)",
    ),
    ("404", "NotFound", "No such object"),
    (
        "409",
        "Conflict",
        "Conflict with the current state of the object, or a request with the same Idempotency-Key is still running",
    ),
    (
        "412",
        "PreconditionFailed",
        "If-Match does not match the current ETag",
    ),
    (
        "413",
        "PayloadTooLarge",
        "The request body exceeds the configured limit",
    ),
    (
        "415",
        "UnsupportedMediaType",
        "The request body is not application/json",
    ),
    (
        "422",
        "ValidationFailed",
        "The body breaks the rules of one or more fields; see `errors`",
    ),
    (
        "503",
        "Unavailable",
        "The database is unreachable; retry after the given delay",
    ),
];

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
            RefOr::T(problem_response(description, headers)),
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
            ("422", has_body || retryable),
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
                    let mut full = problem_response(&r.description, &[]);
                    full.headers = std::mem::take(&mut r.headers);
                    *r = full;
                }
            }
        }
    }
    add_links(&mut api);
    api
}

/// Whether a response schema is an object with a top-level `id` (through `$ref` and `allOf`).
fn has_id(api: &OpenApi, schema: &RefOr<utoipa::openapi::schema::Schema>) -> bool {
    use utoipa::openapi::schema::Schema;
    match schema {
        RefOr::Ref(r) => r
            .ref_location
            .strip_prefix("#/components/schemas/")
            .and_then(|name| api.components.as_ref()?.schemas.get(name))
            .is_some_and(|s| has_id(api, s)),
        RefOr::T(Schema::Object(o)) => o.properties.contains_key("id"),
        RefOr::T(Schema::AllOf(all)) => all.items.iter().any(|s| has_id(api, s)),
        RefOr::T(_) => false,
    }
}

/// OpenAPI links from every creation (a `POST` on a collection whose success answer carries the
/// new object's `id`) to every operation on what it created — read, change, delete, its
/// actions and sub-collections: `POST /events` links to `GET /events/{id}`,
/// `POST /events/{id}/publish`, `POST /events/{id}/registrations`, … The new `id` comes from
/// the answer, the ids of the enclosing objects from the creating request's own path.
/// Operations that need a further id the creation does not give (an agenda item of the new
/// event) get no link, nor does restoring a member company: it applies to companies a mirror
/// sync removed, which a creation never gives (404 by contract). Clients (and property-based
/// testers) can follow them.
fn add_links(api: &mut OpenApi) {
    const NOT_AFTER_CREATION: &[&str] = &["restore_member"];
    use utoipa::openapi::link::LinkBuilder;
    let path_params = |path: &str| -> Vec<String> {
        path.split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(str::to_owned)
            .collect()
    };
    // Per creating path and success status, its links by name: collected first, added after.
    type Links = Vec<(String, utoipa::openapi::link::Link)>;
    let mut found: Vec<(String, String, Links)> = Vec::new();
    for (path, item) in &api.paths.paths {
        let Some(create) = &item.post else { continue };
        let own = path_params(path);
        // Targets: every operation under `{path}/{new}` whose path ids are the creating path's
        // own plus the new one.
        let mut targets: Vec<(String, BTreeMap<String, String>)> = Vec::new();
        for (target_path, target_item) in &api.paths.paths {
            let Some(rest) = target_path
                .strip_prefix(path.as_str())
                .and_then(|r| r.strip_prefix("/{"))
            else {
                continue;
            };
            let Some((new, _)) = rest.split_once('}') else {
                continue;
            };
            let params = path_params(target_path);
            if params.len() != own.len() + 1 {
                continue;
            }
            let mut mapping = BTreeMap::new();
            for p in &own {
                mapping.insert(p.clone(), format!("$request.path.{p}"));
            }
            mapping.insert(new.to_owned(), "$response.body#/id".to_owned());
            for op in [
                &target_item.get,
                &target_item.put,
                &target_item.post,
                &target_item.delete,
                &target_item.patch,
            ]
            .into_iter()
            .flatten()
            {
                if let Some(id) = &op.operation_id
                    && !NOT_AFTER_CREATION.contains(&id.as_str())
                {
                    targets.push((id.clone(), mapping.clone()));
                }
            }
        }
        if targets.is_empty() {
            continue;
        }
        for (status, response) in &create.responses.responses {
            let RefOr::T(response) = response else {
                continue;
            };
            let answers_id = status.starts_with('2')
                && response
                    .content
                    .get("application/json")
                    .and_then(|c| match c {
                        RefOr::T(c) => c.schema.as_ref(),
                        RefOr::Ref(_) => None,
                    })
                    .is_some_and(|s| has_id(api, s));
            if !answers_id {
                continue;
            }
            let links = targets
                .iter()
                .map(|(operation_id, mapping)| {
                    let mut link = LinkBuilder::new().operation_id(operation_id.as_str());
                    for (name, expression) in mapping {
                        link = link.parameter(name.as_str(), expression.as_str());
                    }
                    (operation_id.clone(), link.build())
                })
                .collect();
            found.push((path.clone(), status.clone(), links));
        }
    }
    for (path, status, links) in found {
        let create = api
            .paths
            .paths
            .get_mut(&path)
            .and_then(|item| item.post.as_mut());
        if let Some(RefOr::T(response)) =
            create.and_then(|op| op.responses.responses.get_mut(&status))
        {
            for (name, link) in links {
                response.links.insert(name, RefOr::T(link));
            }
        }
    }
}

/// The paths and methods of the document, to tell "no such resource" (404) from "no such
/// method on this resource" (405).
#[derive(Debug, Clone)]
pub struct RouteTable {
    routes: Vec<(Vec<Option<String>>, Vec<&'static str>)>,
}

impl RouteTable {
    pub fn from_openapi(api: &OpenApi) -> RouteTable {
        let routes = api
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = path
                    .trim_start_matches('/')
                    .split('/')
                    .map(|s| (!s.starts_with('{')).then(|| s.to_owned()))
                    .collect();
                let mut methods = Vec::new();
                for (op, name) in [
                    (&item.get, "GET"),
                    (&item.post, "POST"),
                    (&item.put, "PUT"),
                    (&item.patch, "PATCH"),
                    (&item.delete, "DELETE"),
                ] {
                    if op.is_some() {
                        methods.push(name);
                    }
                }
                (segments, methods)
            })
            .collect();
        RouteTable { routes }
    }

    /// The methods allowed on `path`, or `None` when no route has this path. A path that a
    /// route names literally is that route's only (`/members/changes` is not a member id):
    /// of the routes that match, those with the most literal segments count.
    pub fn allowed_methods(&self, path: &str) -> Option<Vec<&'static str>> {
        // Only the leading slash goes: `/members/` is not `/members` (it is a 404).
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let mut found: Vec<&'static str> = Vec::new();
        let mut most_literal = 0;
        for (segments, methods) in &self.routes {
            let matches = segments.len() == parts.len()
                && segments.iter().zip(&parts).all(|(s, p)| match s {
                    Some(literal) => literal == p,
                    // A parameter never matches an empty segment (`/members/`).
                    None => !p.is_empty(),
                });
            if !matches {
                continue;
            }
            let literals = segments.iter().filter(|s| s.is_some()).count();
            if literals > most_literal {
                most_literal = literals;
                found.clear();
            }
            if literals == most_literal {
                found.extend(methods);
            }
        }
        (!found.is_empty()).then(|| {
            found.sort_unstable();
            found.dedup();
            found
        })
    }
}
