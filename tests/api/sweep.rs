//! The read sweep: every read operation of the contract, read from the committed OpenAPI
//! document, called by callers who hold nothing over the objects — a signed-in user without
//! roles and the editor of a company in the other cluster — shows none of the private
//! objects. `objects` and `fill` (real objects for every path parameter) serve other sweeps
//! too; the write sweep is `write_sweep`.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{TestApp, World};
use crate::db_test;
use crate::events::{published_event, register};
use crate::trade_notes::{article_figures, note};

/// Ids of real objects for each path parameter, chosen by the segment before it.
pub(crate) struct Objects {
    pub(crate) event: Uuid,
    pub(crate) registration: String,
    pub(crate) meeting_request: String,
    pub(crate) session: String,
    pub(crate) run: String,
    pub(crate) agenda_item: String,
    pub(crate) partnership: String,
    pub(crate) partnership_meeting: String,
    pub(crate) trade_note: String,
    pub(crate) api_key: String,
    pub(crate) grant: String,
}

fn id(v: &Value) -> String {
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {v}"))
        .to_owned()
}

pub(crate) async fn objects(app: &TestApp, w: &World) -> Objects {
    let event = published_event(app, w).await;
    let registration = id(&register(
        app,
        &w.buffetto.token,
        event,
        w.aviometal,
        &[w.buffetto_contact],
    )
    .await
    .expect(201)
    .json());
    let soliani = id(
        &register(app, &w.ivano.token, event, w.soliani, &[w.soliani_contact])
            .await
            .expect(201)
            .json(),
    );
    let meeting_request = id(&app.post(&format!("/api/v1/events/{event}/meeting-requests")).token(&w.buffetto.token)
        .json(json!({"requester_registration_id": registration, "recipient_registration_id": soliani})).send().await.expect(201).json());
    let session = id(&app.post(&format!("/api/v1/events/{event}/meeting-sessions")).token(&w.roland.token)
        .json(json!({"starts_at": "2030-05-14T12:00:00Z", "ends_at": "2030-05-14T13:00:00Z", "slot_minutes": 20})).send().await.expect(201).json());
    let run = id(&app
        .post(&format!("/api/v1/events/{event}/schedule-runs"))
        .token(&w.roland.token)
        .send()
        .await
        .expect(201)
        .json());
    let agenda = app
        .post(&format!("/api/v1/events/{event}/agenda/generate"))
        .token(&w.roland.token)
        .json(json!({}))
        .send()
        .await
        .expect(200)
        .json();
    let agenda_item = id(&agenda["items"][0]);
    app.put(&format!("/api/v1/events/{event}/survey"))
        .token(&w.roland.token)
        .json(json!({"questions": [
            {"key": "overall", "kind": "scale", "prompt": "How useful was the day?", "required": true},
            {"key": "again", "kind": "choice", "prompt": "Would you come again?", "options": ["yes", "no"]}
        ]}))
        .send()
        .await
        .expect(200);
    let partnership = id(&app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(json!({
        "from_member_id": w.soliani, "to_member_id": w.aviometal, "subject": "EMC tests", "kind": "supply"
    })).send().await.expect(201).json());
    app.post(&format!(
        "/api/v1/partnership-requests/{partnership}/accept"
    ))
    .token(&w.buffetto.token)
    .send()
    .await
    .expect(200);
    let partnership_meeting = id(&app.post(&format!("/api/v1/partnership-requests/{partnership}/meetings")).token(&w.ivano.token).json(json!({
        "starts_at": "2030-06-03T10:00:00+02:00", "ends_at": "2030-06-03T11:00:00+02:00", "time_zone": "Europe/Rome", "location": "Como"
    })).send().await.expect(201).json());
    let trade_note = id(&app
        .post("/api/v1/trade-notes")
        .token(&w.paola.token)
        .json(note(&[w.lombardy], article_figures()))
        .send()
        .await
        .expect(201)
        .json());
    let api_key = id(&app
        .post("/api/v1/api-keys")
        .token(&w.paola.token)
        .json(json!({"name": "Portal", "cluster_id": w.lombardy, "scopes": ["members:read"]}))
        .send()
        .await
        .expect(201)
        .json());
    let grants = app
        .get(&format!("/api/v1/users/{}/roles", w.buffetto.id))
        .token(&w.admin.token)
        .send()
        .await
        .expect(200)
        .json();
    let grant = id(&grants[0]);
    // Text in German beside the originals: the translations are objects to read and write.
    for (url, token, body) in [
        (
            format!("/api/v1/members/{}/translations/de", w.aviometal),
            &w.buffetto.token,
            json!({"core_business": "Blechteile und Baugruppen für Flugzeugstrukturen"}),
        ),
        (
            format!("/api/v1/events/{event}/translations/de"),
            &w.roland.token,
            json!({"title": "Cluster2Cluster Nidwalden", "transport": "Bus ab Mailand"}),
        ),
    ] {
        app.put(&url)
            .token(token)
            .json(body)
            .send()
            .await
            .expect(200);
    }
    Objects {
        event,
        registration,
        meeting_request,
        session,
        run,
        agenda_item,
        partnership,
        partnership_meeting,
        trade_note,
        api_key,
        grant,
    }
}

pub(crate) fn fill(path: &str, w: &World, o: &Objects) -> String {
    let segments: Vec<&str> = path.split('/').collect();
    let mut out = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        if !seg.starts_with('{') {
            out.push(seg.to_string());
            continue;
        }
        // `{meeting_id}.ics`: the id, then what follows the parameter.
        let (param, suffix) = seg.split_once('}').unwrap();
        let value = match (segments[i - 1], param) {
            ("api-keys", _) => o.api_key.clone(),
            ("clusters", _) => w.lombardy.to_string(),
            ("events", _) => o.event.to_string(),
            ("items", _) => o.agenda_item.clone(),
            ("meeting-requests", _) => o.meeting_request.clone(),
            ("meeting-sessions", _) => o.session.clone(),
            ("registrations", _) => o.registration.clone(),
            ("schedule-runs", _) => o.run.clone(),
            ("members", _) => w.aviometal.to_string(),
            ("contacts", _) => w.buffetto_contact.to_string(),
            ("partnership-requests", _) => o.partnership.clone(),
            ("meetings", _) => o.partnership_meeting.clone(),
            ("trade-notes", _) => o.trade_note.clone(),
            ("users", _) => w.buffetto.id.to_string(),
            ("translations", _) => "de".to_owned(),
            ("roles", _) => o.grant.clone(),
            // No webhook or delivery is made here: an unknown id must not succeed either.
            _ => Uuid::now_v7().to_string(),
        };
        out.push(format!("{value}{suffix}"));
    }
    out.join("/")
}

db_test!(async fn no_read_operation_shows_private_objects_to_callers_without_a_role(app) {
    let w = app.world().await;
    let o = objects(&app, &w).await;
    let doc: Value = serde_json::from_str(include_str!("../../openapi/openapi.json")).unwrap();
    // Objects only their companies, their clusters' managers or the organisers may see.
    let private = [
        ("meeting request", o.meeting_request.clone()),
        ("schedule run", o.run.clone()),
        ("partnership request", o.partnership.clone()),
        ("partnership meeting", o.partnership_meeting.clone()),
        ("draft trade note", o.trade_note.clone()),
        ("API key", o.api_key.clone()),
        ("role grant", o.grant.clone()),
        ("contact person", w.buffetto_contact.to_string()),
    ];
    let mut checked = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        if ops.get("get").is_none() {
            continue;
        }
        let url = fill(path, &w, &o);
        for (who, token) in [("no role", &w.nobody.token), ("editor in the other cluster", &w.anna.token)] {
            let resp = app.get(&url).token(token).send().await;
            let status = resp.status.as_u16();
            assert!(status < 500, "{who}: GET {path} answered {status}: {}", resp.text());
            // A refusal names the id that was asked for; only answers with data are searched.
            let body = if status < 300 { resp.text() } else { String::new() };
            for (what, id) in &private {
                assert!(!body.contains(id.as_str()), "{who}: GET {path} shows the {what} {id}: {body}");
            }
            checked += 1;
        }
    }
    assert!(checked > 80, "the sweep covers every read operation ({checked} calls)");
});
