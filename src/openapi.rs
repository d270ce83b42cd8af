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

/// A problem document as the service sends it for `status`: what clients and documentation
/// show for that error answer (each status its own, not one example for all).
pub fn problem_example(status: &str) -> Option<serde_json::Value> {
    use serde_json::json;
    let (slug, title, detail, extra) = match status {
        "400" => (
            "bad-request",
            "The request is malformed",
            "invalid value for `limit`: must be between 1 and 500",
            json!({"errors": [{"field": "limit", "code": "invalid", "message": "must be between 1 and 500"}]}),
        ),
        "401" => (
            "unauthorized",
            "Authentication is required",
            "the access token has expired; refresh it",
            json!({}),
        ),
        "403" => (
            "forbidden",
            "You may not do this",
            "only the company's editors, its cluster's managers and admins may do this",
            json!({}),
        ),
        "404" => (
            "not-found",
            "Not found",
            "no event with id 0190c3d2-7a4e-7cc1-9a52-3f1f2b7d9e01",
            json!({}),
        ),
        "406" => (
            "not-acceptable",
            "No acceptable representation",
            "this resource is available as application/json or text/csv",
            json!({}),
        ),
        "409" => (
            "conflict",
            "Conflict with the current state",
            "a request with this Idempotency-Key is still being processed; retry when it has finished",
            json!({}),
        ),
        "412" => (
            "precondition-failed",
            "The object has changed",
            "If-Match does not match the current ETag; read the object again and reapply your change",
            json!({}),
        ),
        "413" => (
            "payload-too-large",
            "The request body is too large",
            "the request body exceeds the limit of 1048576 bytes",
            json!({}),
        ),
        "415" => (
            "unsupported-media-type",
            "Unsupported content type",
            "send the body as `Content-Type: application/json`",
            json!({}),
        ),
        "422" => (
            "validation",
            "The request is not valid",
            "`country` must be an ISO 3166-1 alpha-2 country code such as CH or IT",
            json!({"errors": [{"field": "country", "code": "country", "message": "must be an ISO 3166-1 alpha-2 country code such as CH or IT"}]}),
        ),
        "429" => (
            "too-many-requests",
            "Too many requests",
            "slow down and retry in 30 s",
            json!({}),
        ),
        "503" => (
            "unavailable",
            "The service is temporarily unavailable",
            "the database is not reachable right now; retry shortly",
            json!({}),
        ),
        _ => return None,
    };
    let mut example = json!({
        "type": format!("/problems/{slug}"),
        "title": title,
        "status": status.parse::<u16>().ok()?,
        "detail": detail,
    });
    if let (Some(example), Some(extra)) = (example.as_object_mut(), extra.as_object()) {
        example.extend(extra.clone());
    }
    Some(example)
}

fn problem_response(status: &str, description: &str, headers: &[(&str, &str)]) -> Response {
    let mut builder = ResponseBuilder::new().description(description).content(
        PROBLEM_JSON,
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("Problem")))
            .example(problem_example(status))
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
    describe_operations(&mut api);
    add_links(&mut api);
    api
}

/// Gives every operation a short `summary` and a `description`. utoipa takes the whole first
/// paragraph of a handler's doc comment as the summary and leaves the description empty when
/// there is no second paragraph; then the first sentence becomes the summary and the paragraph
/// the description. Every description ends with who may call the operation, read from its
/// security requirements (so it cannot say something else than the contract).
fn describe_operations(api: &mut OpenApi) {
    for (_, _, op) in operations_mut(api) {
        let text = op.summary.clone().unwrap_or_default();
        let text = text.trim();
        let summary = first_sentence(text);
        let existing = op.description.take().filter(|d| !d.trim().is_empty());
        op.description = Some(match existing {
            Some(more) if summary.len() < text.len() => format!("{text}\n\n{more}"),
            Some(more) => more,
            None => text.to_owned(),
        });
        op.summary = Some(summary.split_whitespace().collect::<Vec<_>>().join(" "));
        let access = who_may_call(op.security.as_deref().unwrap_or(&[]));
        if let Some(description) = op.description.as_mut()
            && !description.contains(&access)
        {
            description.push_str("\n\n");
            description.push_str(&access);
        }
    }
}

/// The first sentence of a doc paragraph, on one line: up to the first `. ` or `: ` outside
/// backticks and parentheses, or the whole paragraph.
fn first_sentence(text: &str) -> &str {
    let (mut code, mut depth) = (false, 0i32);
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        match c {
            '`' => code = !code,
            '(' if !code => depth += 1,
            ')' if !code => depth -= 1,
            '.' | ':' if !code && depth == 0 => {
                if bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()) {
                    let end = if c == '.' { i + 1 } else { i };
                    return &text[..end];
                }
            }
            '\n' if !code && depth == 0 && text[..i].ends_with('.') => return &text[..i],
            _ => {}
        }
    }
    text
}

/// "Who may call it", said from the security requirements of an operation.
fn who_may_call(security: &[SecurityRequirement]) -> String {
    let value = serde_json::to_value(security).unwrap_or_default();
    let requirements = value.as_array().cloned().unwrap_or_default();
    // `[]` and `[{}]` both say that a request without credentials is accepted.
    let anonymous = requirements
        .iter()
        .any(|r| r.as_object().is_some_and(|o| o.is_empty()));
    if requirements.is_empty() || anonymous {
        return "Access: public, no token needed.".to_owned();
    }
    let scopes: Vec<String> = requirements
        .iter()
        .filter_map(|r| r.get("api_key"))
        .flat_map(|s| s.as_array().cloned().unwrap_or_default())
        .filter_map(|s| s.as_str().map(|s| format!("`{s}`")))
        .collect();
    if scopes.is_empty() {
        "Access: a signed-in user's bearer token (API keys may not call this).".to_owned()
    } else {
        format!(
            "Access: a signed-in user's bearer token, or an API key with the scope {}.",
            scopes.join(" or ")
        )
    }
}

/// The `Page_<Item>` schemas that utoipa builds for `Page<Item>` with a copy of `Item` inlined
/// in `items` (utoipa inlines generic arguments): their `items` refer to the `Item` schema
/// instead, so that generated clients type the list as `Item[]` (not `PageItemItemsItem`).
/// An item schema the document does not have yet is moved into the components; one that
/// differs from the inlined copy is left inlined (the unit test below says which).
fn reference_page_items(api: &mut OpenApi) {
    use utoipa::openapi::schema::{ArrayItems, Schema};
    let Some(components) = api.components.as_mut() else {
        return;
    };
    let pages: Vec<String> = components
        .schemas
        .keys()
        .filter(|name| name.starts_with("Page_"))
        .cloned()
        .collect();
    for page in pages {
        let item_name = page["Page_".len()..].to_owned();
        let inlined = match components.schemas.get(&page) {
            Some(RefOr::T(Schema::Object(object))) => match object.properties.get("items") {
                Some(RefOr::T(Schema::Array(list))) => match &list.items {
                    ArrayItems::RefOrSchema(item) => match item.as_ref() {
                        RefOr::T(inlined) => inlined.clone(),
                        RefOr::Ref(_) => continue,
                    },
                    ArrayItems::False => continue,
                },
                _ => continue,
            },
            _ => continue,
        };
        match components.schemas.get(&item_name) {
            Some(RefOr::T(named)) if *named == inlined => {}
            Some(_) => continue,
            None => {
                components
                    .schemas
                    .insert(item_name.clone(), RefOr::T(inlined));
            }
        }
        if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(&page)
            && let Some(RefOr::T(Schema::Array(list))) = object.properties.get_mut("items")
        {
            list.items =
                ArrayItems::RefOrSchema(Box::new(RefOr::Ref(Ref::from_schema_name(item_name))));
        }
    }
}

/// Fields of response schemas that are left out of an answer when they have no value
/// (`#[serde(skip_serializing_if = "Option::is_none")]`): the exceptions to
/// [`require_always_present_fields`]. A field added with `skip_serializing_if` to a response
/// type belongs here; otherwise the contract calls it required and the answers that omit it
/// fail their validation in the API tests.
const MAY_BE_ABSENT: &[(&str, &str)] = &[
    ("AuditEntry", "actor_api_key_id"),
    ("AuditEntry", "actor_user_id"),
    ("CatalogueContact", "attended"),
    ("CatalogueEntry", "registration_id"),
    ("CatalogueEntry", "removed_at"),
    ("Change", "event_id"),
    ("Change", "href"),
    ("Contact", "removed_at"),
    ("Health", "database"),
    ("Member", "removed_at"),
    ("MeetingOutcomeRecord", "note"),
    ("Problem", "allowed"),
    ("Problem", "existing_id"),
    ("Problem", "max_removals"),
    ("Problem", "would_remove"),
    ("QuestionResults", "answers"),
    ("QuestionResults", "distribution"),
    ("QuestionResults", "options"),
    ("Suggestion", "registration_id"),
];

/// Whether a property's schema admits `null` (`type: [T, "null"]`, or a `oneOf` with a null
/// branch as utoipa writes `Option<Ref>`).
fn admits_null(schema: &serde_json::Value) -> bool {
    let is_null = |s: &serde_json::Value| s.get("type").is_some_and(|t| t == "null");
    schema
        .get("type")
        .and_then(|t| t.as_array())
        .is_some_and(|types| types.iter().any(|t| t == "null"))
        || ["oneOf", "anyOf"].iter().any(|k| {
            schema
                .get(*k)
                .and_then(|v| v.as_array())
                .is_some_and(|branches| branches.iter().any(is_null))
        })
}

/// The names of the component schemas `start` refers to, directly or through others.
fn referenced_schemas(
    doc: &serde_json::Value,
    start: &serde_json::Value,
    found: &mut std::collections::BTreeSet<String>,
) {
    match start {
        serde_json::Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(|r| r.as_str())
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                && found.insert(name.to_owned())
            {
                referenced_schemas(doc, &doc["components"]["schemas"][name], found);
            }
            for value in map.values() {
                referenced_schemas(doc, value, found);
            }
        }
        serde_json::Value::Array(values) => {
            for value in values {
                referenced_schemas(doc, value, found);
            }
        }
        _ => {}
    }
}

/// Marks as `required` every nullable field of the schemas only answers use: serde writes
/// `null` for them, so they are always there, and generated clients then type them `T | None`
/// rather than `Unset | None | T`. Schemas that requests use too (as a body or a parameter)
/// keep their nullable fields optional, since a request may leave them out; so do the fields
/// listed in `may_be_absent`. Returns nothing; the fields it made required can be seen by
/// comparing the documents (see the tests).
fn require_always_present_fields(api: &mut OpenApi, may_be_absent: &[(&str, &str)]) {
    use std::collections::BTreeSet;
    use utoipa::openapi::schema::Schema;
    let Ok(doc) = serde_json::to_value(&*api) else {
        return;
    };
    let (mut in_requests, mut in_answers) = (BTreeSet::new(), BTreeSet::new());
    for item in doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.values())
    {
        for op in item.as_object().into_iter().flat_map(|i| i.values()) {
            referenced_schemas(&doc, &op["requestBody"], &mut in_requests);
            referenced_schemas(&doc, &op["parameters"], &mut in_requests);
            referenced_schemas(&doc, &op["responses"], &mut in_answers);
        }
    }
    for response in doc["components"]["responses"]
        .as_object()
        .into_iter()
        .flat_map(|r| r.values())
    {
        referenced_schemas(&doc, response, &mut in_answers);
    }
    let Some(components) = api.components.as_mut() else {
        return;
    };
    for name in in_answers.difference(&in_requests) {
        let Some(RefOr::T(schema)) = components.schemas.get_mut(name) else {
            continue;
        };
        // The object itself, or the object parts of an `allOf` (a `#[serde(flatten)]`).
        let objects: Vec<&mut utoipa::openapi::schema::Object> = match schema {
            Schema::Object(object) => vec![object],
            Schema::AllOf(all) => all
                .items
                .iter_mut()
                .filter_map(|part| match part {
                    RefOr::T(Schema::Object(object)) => Some(object),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for object in objects {
            let newly: Vec<String> = object
                .properties
                .iter()
                .filter(|(field, _)| !object.required.contains(field))
                .filter(|(field, _)| !may_be_absent.contains(&(name.as_str(), field.as_str())))
                .filter(|(_, property)| {
                    serde_json::to_value(property).is_ok_and(|p| admits_null(&p))
                })
                .map(|(field, _)| field.clone())
                .collect();
            object.required.extend(newly);
        }
    }
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
    routes: Vec<(Vec<Segment>, Vec<&'static str>)>,
}

/// One segment of a path template.
#[derive(Debug, Clone)]
enum Segment {
    /// `members`
    Literal(String),
    /// `{id}` (suffix empty) or `{meeting_id}.ics`: any non-empty text ending with the suffix.
    Param { suffix: String },
}

impl Segment {
    fn of(template: &str) -> Segment {
        match template
            .strip_prefix('{')
            .and_then(|rest| rest.split_once('}'))
        {
            Some((_, suffix)) => Segment::Param {
                suffix: suffix.to_owned(),
            },
            None => Segment::Literal(template.to_owned()),
        }
    }

    fn matches(&self, part: &str) -> bool {
        match self {
            Segment::Literal(literal) => literal == part,
            // A parameter never matches an empty segment (`/members/`).
            Segment::Param { suffix } => {
                part.len() > suffix.len() && part.ends_with(suffix.as_str())
            }
        }
    }

    /// Whether the segment names something literally: a literal, or a file suffix
    /// (`{meeting_id}.ics` is the meeting's file, not a meeting id).
    fn is_literal(&self) -> bool {
        match self {
            Segment::Literal(_) => true,
            Segment::Param { suffix } => !suffix.is_empty(),
        }
    }
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
                    .map(Segment::of)
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
                && segments.iter().zip(&parts).all(|(s, p)| s.matches(p));
            if !matches {
                continue;
            }
            let literals = segments.iter().filter(|s| s.is_literal()).count();
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
