//! Logging: structured `tracing` events, human-readable by default, JSON lines with
//! `C2C_LOG_FORMAT=json` (for log shippers). `RUST_LOG` sets the levels.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,actix_server=warn"));
    let json = std::env::var("C2C_LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("json"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// The path as logs may show it: a calendar feed's path is its secret (calendar apps cannot
/// send a header), so everything after `/calendar/` is left out. `None`: log it as it is.
pub fn redacted_path(path: &str) -> Option<String> {
    let at = path.find("/calendar/")?;
    Some(format!("{}/calendar/{{token}}.ics", &path[..at]))
}

/// The request's root span (`tracing-actix-web`'s, with its fields), with the target
/// redacted by [`redacted_path`] where it carries a secret.
pub struct RedactingRootSpan;

impl tracing_actix_web::RootSpanBuilder for RedactingRootSpan {
    fn on_request_start(request: &actix_web::dev::ServiceRequest) -> tracing::Span {
        use actix_web::HttpMessage;
        let Some(target) = redacted_path(request.path()) else {
            return tracing_actix_web::DefaultRootSpanBuilder::on_request_start(request);
        };
        let request_id = request
            .extensions()
            .get::<tracing_actix_web::RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "default".to_owned());
        let method = request.method().as_str().to_owned();
        tracing::info_span!(
            "HTTP request",
            http.method = %method,
            http.route = %route,
            http.target = %target,
            http.status_code = tracing::field::Empty,
            otel.name = %format!("{method} {route}"),
            otel.kind = "server",
            otel.status_code = tracing::field::Empty,
            request_id = %request_id,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: actix_web::body::MessageBody>(
        span: tracing::Span,
        outcome: &Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
    ) {
        tracing_actix_web::DefaultRootSpanBuilder::on_request_end(span, outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::redacted_path;

    #[test]
    fn feed_tokens_are_left_out_of_logged_paths() {
        assert_eq!(
            redacted_path("/api/v1/calendar/s3cr3t-token_x.ics").as_deref(),
            Some("/api/v1/calendar/{token}.ics")
        );
        assert_eq!(
            redacted_path("/api/v1//calendar/s3cr3t").as_deref(),
            Some("/api/v1//calendar/{token}.ics")
        );
        assert_eq!(redacted_path("/api/v1/events"), None);
    }
}
