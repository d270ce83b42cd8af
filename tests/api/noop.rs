//! "Writes that change nothing keep the version" (README), for every PUT and PATCH of the
//! committed contract: the object as read, written back, answers the same body and ETag, and
//! reads the same afterwards.

use serde_json::{Map, Value, json};

use crate::common::{TestApp, World};
use crate::db_test;
use crate::sweep::{Objects, fill, objects};

/// The property names a request body schema accepts.
fn accepted(doc: &Value, op: &Value) -> Vec<String> {
    let schema = &op["requestBody"]["content"]["application/json"]["schema"];
    let schema = match schema["$ref"].as_str() {
        Some(r) => &doc["components"]["schemas"][r.rsplit('/').next().unwrap()],
        None => schema,
    };
    schema["properties"]
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// A write body that repeats what was read: the fields the operation accepts, with their
/// current values (and, where the input names or shapes a field differently, the input form).
fn same_as(read: &Value, fields: &[String], path: &str) -> Value {
    let mut body = Map::new();
    for f in fields {
        let value = match (path, f.as_str()) {
            // Input ids of what the output shows as objects.
            (_, "guest_cluster_ids") => json!(
                read["guest_clusters"]
                    .as_array()
                    .map(|g| g.iter().map(|c| c["id"].clone()).collect::<Vec<_>>())
                    .unwrap_or_else(|| read["guest_cluster_ids"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default())
            ),
            (_, "attendee_contact_ids") => json!(
                read["attendees"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["id"].clone())
                    .collect::<Vec<_>>()
            ),
            (_, "participant_contact_ids") => json!(
                read["participants"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["id"].clone())
                    .collect::<Vec<_>>()
            ),
            (_, "cluster_ids") if read.get("clusters").is_some() => json!(
                read["clusters"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["id"].clone())
                    .collect::<Vec<_>>()
            ),
            (_, "event_ids") if read.get("events").is_some() => json!(
                read["events"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["id"].clone())
                    .collect::<Vec<_>>()
            ),
            // Who of the asked company attend a meeting request: as it reads.
            (p, "registration_id") if p.ends_with("/attendees") => {
                read["recipient_registration_id"].clone()
            }
            (p, "contact_ids") if p.ends_with("/attendees") => json!(
                read["recipient_attendee_ids"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            ),
            (_, "host_cluster_id") if read.get("host_cluster").is_some() => {
                read["host_cluster"]["id"].clone()
            }
            _ => match read.get(f) {
                Some(v) => v.clone(),
                None => continue,
            },
        };
        if value.is_null() {
            continue;
        }
        body.insert(f.clone(), value);
    }
    Value::Object(body)
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => resolve(
            doc,
            &doc["components"]["schemas"][r.rsplit('/').next().unwrap()],
        ),
        None => schema,
    }
}

/// `value` cut down, recursively, to what `schema` accepts (outputs carry computed and
/// read-only parts that inputs refuse).
fn restrict(doc: &Value, schema: &Value, value: &Value) -> Value {
    let schema = resolve(doc, schema);
    for alternative in ["oneOf", "anyOf", "allOf"] {
        if let Some(list) = schema[alternative].as_array() {
            for s in list {
                let s = resolve(doc, s);
                if s["type"] != "null"
                    && (s.get("properties").is_some() || s.get("items").is_some())
                {
                    return restrict(doc, s, value);
                }
            }
        }
    }
    match value {
        Value::Object(map) => match schema["properties"].as_object() {
            Some(props) => Value::Object(
                map.iter()
                    .filter(|(k, _)| props.contains_key(*k))
                    .map(|(k, v)| (k.clone(), restrict(doc, &props[k], v)))
                    .collect(),
            ),
            None => value.clone(),
        },
        Value::Array(items) if schema.get("items").is_some() => Value::Array(
            items
                .iter()
                .map(|v| restrict(doc, &schema["items"], v))
                .collect(),
        ),
        _ => value.clone(),
    }
}

fn restricted(doc: &Value, op: &Value, body: Value) -> Value {
    let schema = &op["requestBody"]["content"]["application/json"]["schema"];
    let mut out = Map::new();
    let restricted = restrict(doc, schema, &body);
    for (k, v) in body.as_object().unwrap() {
        out.insert(
            k.clone(),
            restricted.get(k).cloned().unwrap_or_else(|| v.clone()),
        );
    }
    Value::Object(out)
}

async fn webhook(app: &TestApp, w: &World) -> String {
    app.post("/api/v1/webhooks").token(&w.paola.token).json(json!({
        "cluster_id": w.lombardy, "url": "https://hooks.example/c2c", "event_types": ["member.updated"],
        "secret": "a long shared secret for the signatures"
    })).send().await.expect(201).json()["id"].as_str().unwrap().to_owned()
}

fn url_of(path: &str, w: &World, o: &Objects, hook: &str) -> String {
    let url = fill(path, w, o);
    if path.starts_with("/api/v1/webhooks/") {
        return format!("/api/v1/webhooks/{hook}");
    }
    url
}

db_test!(
    settings = cluster2cluster::config::Settings { webhooks_allow_private: true, ..Default::default() },
    async fn every_update_that_changes_nothing_keeps_version_and_etag(app) {
        let w: World = app.world().await;
        let o = objects(&app, &w).await;
        let hook = webhook(&app, &w).await;
        let doc: Value = serde_json::from_str(include_str!("../../openapi/openapi.json")).unwrap();
        let tokens = [&w.admin.token, &w.roland.token, &w.paola.token, &w.buffetto.token, &w.ivano.token];
        let mut checked = Vec::new();
        for (path, ops) in doc["paths"].as_object().unwrap() {
            for method in ["put", "patch"] {
                let Some(op) = ops.get(method) else { continue };
                // The sync has its own no-op test (machines.rs); a lock is an action, not an
                // object; making an event public again at its slug has its own
                // (public_events.rs); so have a meeting's video link and a side's outcome of a
                // held meeting (outcomes.rs), which need a link set and a day that is over.
                if path.ends_with("/members/sync") || path.ends_with("/lock") || path.ends_with("/public-page")
                    || path.ends_with("/video-link") || path.contains("/outcomes/")
                    // Naming a co-organiser again has its own test (co_organisers.rs): no body.
                    || path.contains("/co-organisers/") {
                    continue;
                }
                let url = url_of(path, &w, &o, &hook);
                let fields = accepted(&doc, op);
                assert!(!fields.is_empty(), "{method} {path}: no body properties in the contract");
                // The first role that may read and write it.
                let mut done = false;
                // The attendees of a meeting request are read with the request.
                let read_url = url.strip_suffix("/attendees").unwrap_or(&url).to_owned();
                for token in tokens {
                    let read = app.get(&read_url).token(token).send().await;
                    if read.status.as_u16() != 200 {
                        continue;
                    }
                    let mut body = restricted(&doc, op, same_as(&read.json(), &fields, path));
                    // An agenda item is changed through its agenda: the ETag and the answer
                    // are the whole agenda's.
                    let whole = if path.contains("/agenda/items/") {
                        app.get(&format!("/api/v1/events/{}/agenda", o.event)).token(token).send().await.expect(200)
                    } else {
                        read
                    };
                    let (before, etag) = (whole.json(), whole.header("etag").unwrap());
                    if let Some(items) = before["items"].as_array() && path.contains("/agenda/items/") {
                        let position = items.iter().position(|i| i["id"] == o.agenda_item.as_str()).unwrap();
                        body["position"] = json!(position);
                    }
                    let m = actix_web::http::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                    let resp = app.request(m, &url).token(token).header("if-match", &etag).json(body.clone()).send().await;
                    if resp.status.as_u16() == 403 {
                        continue;
                    }
                    assert_eq!(resp.status.as_u16(), 200, "{method} {path} with {body}: {}", resp.text());
                    assert_eq!(resp.json(), before, "{method} {path}: a write of the same values changed the object");
                    assert_eq!(resp.header("etag").as_deref(), Some(etag.as_str()), "{method} {path}: the ETag moved");
                    let read_again = if path.contains("/agenda/items/") { format!("/api/v1/events/{}/agenda", o.event) } else { read_url.clone() };
                    let again = app.get(&read_again).token(token).send().await.expect(200);
                    assert_eq!(again.json(), before, "{method} {path}: it reads differently afterwards");
                    checked.push(format!("{} {path}", method.to_uppercase()));
                    done = true;
                    break;
                }
                assert!(done, "{method} {path}: no role could read and write {url}");
            }
        }
        assert_eq!(checked.len(), 22, "{checked:#?}");
    }
);
