//! Passes that shape the generated document for generated clients: one-sentence summaries
//! and descriptions ending with who may call, list items by reference, always-present fields
//! required, links from each creation to what acts on it.

use std::collections::BTreeMap;

use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{OpenApi, Ref, RefOr};

use super::operations_mut;

/// Gives every operation a short `summary` and a `description`. utoipa takes the whole first
/// paragraph of a handler's doc comment as the summary and leaves the description empty when
/// there is no second paragraph; then the first sentence becomes the summary and the paragraph
/// the description. Every description ends with who may call the operation, read from its
/// security requirements (so it cannot say something else than the contract).
pub(super) fn describe_operations(api: &mut OpenApi) {
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
pub(super) fn first_sentence(text: &str) -> &str {
    let (mut code, mut depth) = (false, 0i32);
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        match c {
            '`' => code = !code,
            '(' if !code => depth += 1,
            ')' if !code => depth -= 1,
            '.' | ':'
                if !code
                    && depth == 0
                    && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace()) =>
            {
                let end = if c == '.' { i + 1 } else { i };
                return &text[..end];
            }
            '\n' if !code && depth == 0 && text[..i].ends_with('.') => return &text[..i],
            _ => {}
        }
    }
    text
}

/// "Who may call it", said from the security requirements of an operation.
pub(super) fn who_may_call(security: &[SecurityRequirement]) -> String {
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
pub(super) fn reference_page_items(api: &mut OpenApi) {
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
pub(super) const MAY_BE_ABSENT: &[(&str, &str)] = &[
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
pub(super) fn admits_null(schema: &serde_json::Value) -> bool {
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

/// Header parameters are text, sent or not, never `null`: utoipa writes an optional header
/// (`"If-Match" = Option<String>`) as `type: [string, "null"]`, which generated clients take
/// for a value that may be null (orval's fetch client then hands that `null` to fetch, whose
/// headers are strings only, and does not compile). Such a header keeps `required: false` and
/// loses the `null`.
pub(super) fn headers_are_never_null(api: &mut OpenApi) {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::schema::{Schema, SchemaType, Type};
    for (_, _, op) in operations_mut(api) {
        for parameter in op.parameters.iter_mut().flatten() {
            if let RefOr::T(parameter) = parameter
                && parameter.parameter_in == ParameterIn::Header
                && let Some(RefOr::T(Schema::Object(schema))) = parameter.schema.as_mut()
                && let SchemaType::Array(types) = &mut schema.schema_type
            {
                types.retain(|t| *t != Type::Null);
                if let [only] = types.as_slice() {
                    schema.schema_type = SchemaType::Type(only.clone());
                }
            }
        }
    }
}

/// The names of the component schemas `start` refers to, directly or through others.
pub(super) fn referenced_schemas(
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
pub(super) fn require_always_present_fields(api: &mut OpenApi, may_be_absent: &[(&str, &str)]) {
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
pub(super) fn has_id(api: &OpenApi, schema: &RefOr<utoipa::openapi::schema::Schema>) -> bool {
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
pub(super) fn add_links(api: &mut OpenApi) {
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
