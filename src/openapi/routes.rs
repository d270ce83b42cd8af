//! The route table derived from the document: which methods a path has, to tell "no such
//! resource" (404) from "no such method on this resource" (405).

use utoipa::openapi::OpenApi;

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
