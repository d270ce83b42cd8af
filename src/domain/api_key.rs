//! API keys for machines (cluster portals, scripts): what each scope opens.
//!
//! A key acts for one cluster, as its manager would, but only on the operations its scopes
//! name. The table below is the single gate: an operation that is not listed is closed to
//! every key, so a new endpoint is safe until someone decides which scope opens it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum ApiScope {
    #[serde(rename = "members:read")]
    MembersRead,
    #[serde(rename = "members:sync")]
    MembersSync,
    #[serde(rename = "catalogue:read")]
    CatalogueRead,
    #[serde(rename = "events:read")]
    EventsRead,
    #[serde(rename = "partnerships:read")]
    PartnershipsRead,
    /// Trade-statistics notes (published ones, and drafts of the key's cluster).
    #[serde(rename = "notes:read")]
    NotesRead,
    /// Scanners on the day: check people in (and undo), list check-ins, print badges — at
    /// events whose day the key's cluster runs.
    #[serde(rename = "events:checkin")]
    EventsCheckin,
}

impl ApiScope {
    pub fn as_str(self) -> &'static str {
        match self {
            ApiScope::MembersRead => "members:read",
            ApiScope::MembersSync => "members:sync",
            ApiScope::CatalogueRead => "catalogue:read",
            ApiScope::EventsRead => "events:read",
            ApiScope::PartnershipsRead => "partnerships:read",
            ApiScope::NotesRead => "notes:read",
            ApiScope::EventsCheckin => "events:checkin",
        }
    }
}

/// The scope that opens `method` on the route `pattern` (as the router names it, such as
/// `/api/v1/members/{id}`), or `None` when keys may not call it at all.
pub fn required_scope(method: &str, pattern: &str) -> Option<ApiScope> {
    let path = pattern.strip_prefix("/api/v1")?;
    // A file of a resource (`…/catalogue.csv`, `…/badges.xlsx`, `…/{meeting_id}.ics`) needs
    // what the resource's JSON operation needs: one rule for both.
    let path = [".csv", ".vcf", ".xlsx", ".ics"]
        .iter()
        .find_map(|ext| path.strip_suffix(ext))
        .unwrap_or(path);
    use ApiScope::*;
    let scope = match (method, path) {
        (
            "GET",
            "/clusters" | "/clusters/{id}" | "/members" | "/members/{id}" | "/members/changes"
            | "/contacts/changes",
        ) => MembersRead,
        ("GET", "/members/{member_id}/contacts" | "/members/{member_id}/contacts/{id}") => {
            MembersRead
        }
        ("PUT", "/clusters/{id}/members/sync") | ("POST", "/members/{id}/restore") => MembersSync,
        (
            "GET",
            "/clusters/{id}/catalogue"
            | "/events/{id}/catalogue"
            | "/clusters/{id}/companies"
            | "/events/{id}/companies",
        ) => CatalogueRead,
        // Before the other event reads: badges carry the codes that check people in.
        ("POST", "/events/{id}/check-ins" | "/events/{id}/check-ins/batch")
        | ("DELETE", "/events/{id}/check-ins/{check_in_id}")
        | ("GET", "/events/{id}/check-ins" | "/events/{id}/badges") => EventsCheckin,
        // The feed of events and the rest: each kind of change needs its own scope too
        // (see `api::feed`).
        ("GET", "/changes") => EventsRead,
        ("GET", p) if p.starts_with("/trade-notes") => NotesRead,
        ("GET", p) if p == "/events" || p.starts_with("/events/{id}") => EventsRead,
        ("GET", p)
            if p.starts_with("/partnership-requests")
                || p == "/clusters/{id}/partnership-stats" =>
        {
            PartnershipsRead
        }
        _ => return None,
    };
    Some(scope)
}

/// Secrets look like `c2c_<43 characters>`: recognisable in logs and secret scanners, and
/// never mistaken for a JWT (which always contains dots).
pub const SECRET_PREFIX: &str = "c2c_";

pub fn looks_like_key(token: &str) -> bool {
    token.starts_with(SECRET_PREFIX) && !token.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_open_only_their_operations() {
        assert_eq!(
            required_scope("GET", "/api/v1/members/{id}"),
            Some(ApiScope::MembersRead)
        );
        assert_eq!(
            required_scope("PUT", "/api/v1/clusters/{id}/members/sync"),
            Some(ApiScope::MembersSync)
        );
        assert_eq!(
            required_scope("GET", "/api/v1/events/{id}/catalogue"),
            Some(ApiScope::CatalogueRead)
        );
        // The companies files are part of the catalogue, before the other event reads.
        for p in [
            "/api/v1/clusters/{id}/companies.csv",
            "/api/v1/events/{id}/companies.csv",
        ] {
            assert_eq!(
                required_scope("GET", p),
                Some(ApiScope::CatalogueRead),
                "{p}"
            );
        }
        assert_eq!(
            required_scope("GET", "/api/v1/events/{id}/agenda"),
            Some(ApiScope::EventsRead)
        );
        for (m, p) in [
            ("POST", "/api/v1/events/{id}/check-ins"),
            ("POST", "/api/v1/events/{id}/check-ins/batch"),
            ("DELETE", "/api/v1/events/{id}/check-ins/{check_in_id}"),
            ("GET", "/api/v1/events/{id}/check-ins"),
            ("GET", "/api/v1/events/{id}/badges"),
        ] {
            assert_eq!(
                required_scope(m, p),
                Some(ApiScope::EventsCheckin),
                "{m} {p}"
            );
        }
        assert_eq!(
            required_scope("GET", "/api/v1/partnership-requests/{id}/history"),
            Some(ApiScope::PartnershipsRead)
        );
        // A file needs what its resource's JSON needs: badge codes check people in.
        for (p, scope) in [
            (
                "/api/v1/events/{id}/badges.csv",
                Some(ApiScope::EventsCheckin),
            ),
            (
                "/api/v1/events/{id}/badges.xlsx",
                Some(ApiScope::EventsCheckin),
            ),
            (
                "/api/v1/clusters/{id}/catalogue.vcf",
                Some(ApiScope::CatalogueRead),
            ),
            (
                "/api/v1/events/{id}/catalogue.xlsx",
                Some(ApiScope::CatalogueRead),
            ),
            ("/api/v1/events/{id}/agenda.ics", Some(ApiScope::EventsRead)),
            ("/api/v1/trade-notes/figures.csv", Some(ApiScope::NotesRead)),
            (
                "/api/v1/partnership-requests.csv",
                Some(ApiScope::PartnershipsRead),
            ),
            ("/api/v1/me/schedule.ics", None),
        ] {
            assert_eq!(required_scope("GET", p), scope, "{p}");
        }
        // Writes, accounts and key management stay closed to keys.
        for (m, p) in [
            ("POST", "/api/v1/members"),
            ("PATCH", "/api/v1/members/{id}"),
            ("GET", "/api/v1/users"),
            ("GET", "/api/v1/me"),
            ("POST", "/api/v1/api-keys"),
            ("GET", "/api/v1/webhooks"),
            ("POST", "/api/v1/partnership-requests/{id}/accept"),
            ("DELETE", "/api/v1/members/{id}"),
        ] {
            assert_eq!(required_scope(m, p), None, "{m} {p}");
        }
        assert!(looks_like_key("c2c_abc"));
        assert!(!looks_like_key("eyJ.a.b"));
    }
}
