//! The portal scenario, end to end: a cluster portal syncs its 500 companies with an API key,
//! a manager edits one by hand, mirrors remove a few (below the threshold) and then too many
//! (refused), one is restored, a person withdraws consent; the change feeds replayed from 0
//! equal what each caller may see, incremental pulls find the changes, and every step reaches
//! the webhook, signed as the README says.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::receiver::{Received, Receiver};
use crate::common::{TestApp, World};
use crate::db_test;

const SECRET: &str = "a long shared secret for the signatures";
const COMPANIES: usize = 500;

fn company(n: usize) -> Value {
    json!({
        "external_id": format!("LAC-{n:04}"), "legal_name": format!("Portal Company {n}"),
        "country": "IT", "city": "Varese", "size_class": "small", "core_business": "Aerostructures",
        "contacts": [
            {"name": format!("Open Person {n}"), "email": format!("open{n}@portal.example"), "share_consent": true},
            {"name": format!("Private Person {n}"), "email": format!("private{n}@portal.example"), "share_consent": false}
        ]
    })
}

fn list(range: impl Iterator<Item = usize>) -> Value {
    json!({"members": range.map(company).collect::<Vec<_>>()})
}

/// Follows a feed from 0 to its end; the mirror maps ids to their last state.
async fn replay(app: &TestApp, token: &str, feed: &str, field: &str) -> BTreeMap<String, Value> {
    let mut mirror = BTreeMap::new();
    let mut since = 0;
    let mut last_seq = 0;
    loop {
        let page = app
            .get(&format!("/api/v1/{feed}/changes?since={since}&limit=1000"))
            .token(token)
            .send()
            .await
            .expect(200)
            .json();
        let items = page["items"].as_array().unwrap();
        if items.is_empty() {
            break;
        }
        for item in items {
            let seq = item["seq"].as_i64().unwrap();
            assert!(seq > last_seq, "commit order, nothing twice");
            last_seq = seq;
            let id = item["id"].as_str().unwrap().to_owned();
            if item["deleted"] == true {
                assert!(item[field].is_null());
                mirror.remove(&id);
            } else {
                mirror.insert(id, item[field].clone());
            }
        }
        since = page["next_since"].as_i64().unwrap();
    }
    mirror
}

async fn all_pages(app: &TestApp, token: &str, url: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let sep = if url.contains('?') { '&' } else { '?' };
        let page_url = match &cursor {
            Some(c) => format!("{url}{sep}limit=500&cursor={c}"),
            None => format!("{url}{sep}limit=500"),
        };
        let page = app
            .get(&page_url)
            .token(token)
            .send()
            .await
            .expect(200)
            .json();
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return items,
        }
    }
}

async fn deliver_all(app: &TestApp) {
    let deliverer = cluster2cluster::workers::webhooks::Deliverer::new(app.db().clone(), true);
    while deliverer.run_once().await.unwrap() > 0 {}
}

/// Every delivery verified with the HMAC as the README describes; the events by type.
fn verified(receiver: &Receiver, seen: &mut usize) -> Vec<Value> {
    use hmac::Mac;
    let all: Vec<Received> = receiver.received();
    let new = all[*seen..].to_vec();
    *seen = all.len();
    new.iter()
        .map(|r| {
            let ts = r.header("x-c2c-timestamp").unwrap();
            let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
            mac.update(format!("{ts}.{}", r.body).as_bytes());
            let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
            assert_eq!(r.header("x-c2c-signature"), Some(expected.as_str()));
            serde_json::from_str(&r.body).unwrap()
        })
        .collect()
}

fn count(events: &[Value], kind: &str) -> usize {
    events.iter().filter(|e| e["type"] == kind).count()
}

db_test!(
    settings = cluster2cluster::config::Settings { webhooks_allow_private: true, ..Default::default() },
    async fn a_portal_runs_unattended(app) {
        portal_scenario(&app).await;
    }
);

async fn portal_scenario(app: &TestApp) {
    let w: World = app.world().await;
    let key = app.post("/api/v1/api-keys").token(&w.paola.token)
        .json(json!({"name": "Portal", "cluster_id": w.lombardy, "scopes": ["members:sync", "members:read"]}))
        .send().await.expect(201).json()["secret"].as_str().unwrap().to_owned();
    let receiver = Receiver::start();
    app.post("/api/v1/webhooks")
        .token(&w.paola.token)
        .json(json!({
            "cluster_id": w.lombardy, "url": receiver.url, "secret": SECRET,
            "event_types": ["member.created", "member.updated", "member.removed",
                            "contact.created", "contact.updated", "contact.removed"]
        }))
        .send()
        .await
        .expect(201);
    let mut seen = 0;
    let sync_url = format!("/api/v1/clusters/{}/members/sync", w.lombardy);

    // 1. The nightly sync: 500 companies, 1,000 people, by key.
    let first = app
        .put(&sync_url)
        .token(&key)
        .header("idempotency-key", "night-1")
        .json(list(0..COMPANIES))
        .send()
        .await
        .expect(200)
        .json();
    assert_eq!(first["created"].as_array().unwrap().len(), COMPANIES);
    let id_of: HashMap<String, String> = first["created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["external_id"].as_str().unwrap().to_owned(),
                m["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    deliver_all(app).await;
    let events = verified(&receiver, &mut seen);
    assert_eq!(
        (
            count(&events, "member.created"),
            count(&events, "contact.created")
        ),
        (COMPANIES, 2 * COMPANIES)
    );
    let after_first_sync = chrono::Utc::now();

    // 2. A manager edits one synced company by hand.
    let edited = &id_of["LAC-0007"];
    app.patch(&format!("/api/v1/members/{edited}"))
        .token(&w.paola.token)
        .json(json!({"city": "Gallarate"}))
        .send()
        .await
        .expect(200);
    deliver_all(app).await;
    let events = verified(&receiver, &mut seen);
    assert_eq!(events.len(), 1);
    assert_eq!(
        (
            events[0]["type"].as_str(),
            events[0]["data"]["member_id"].as_str()
        ),
        (Some("member.updated"), Some(edited.as_str()))
    );

    // 3. A mirror without three companies: below the threshold (10% of 500), done.
    let fewer = list((0..COMPANIES).filter(|n| ![10, 11, 12].contains(n)));
    let mirrored = app
        .put(&format!("{sync_url}?mode=mirror"))
        .token(&key)
        .json(fewer.clone())
        .send()
        .await
        .expect(200)
        .json();
    assert_eq!(mirrored["removed"].as_array().unwrap().len(), 3);
    // The hand edit differs from the portal's list: the portal's data wins again.
    assert!(
        mirrored["updated"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == edited.as_str())
    );
    deliver_all(app).await;
    let events = verified(&receiver, &mut seen);
    assert_eq!(
        (
            count(&events, "member.removed"),
            count(&events, "contact.removed")
        ),
        (3, 6)
    );

    // 4. A broken export lists only 400: refused with the list, nothing removed.
    let refused = app
        .put(&format!("{sync_url}?mode=mirror"))
        .token(&key)
        .json(list(0..400))
        .send()
        .await
        .problem(409);
    // 497 active synced companies, 397 of them listed (the three removed are listed again).
    assert_eq!(refused["would_remove"].as_array().unwrap().len(), 100);
    deliver_all(app).await;
    assert!(verified(&receiver, &mut seen).is_empty());

    // 5. One of the removed comes back, with its people.
    let restored = &id_of["LAC-0011"];
    app.post(&format!("/api/v1/members/{restored}/restore"))
        .token(&key)
        .send()
        .await
        .expect(200);
    deliver_all(app).await;
    let events = verified(&receiver, &mut seen);
    assert_eq!(
        (
            count(&events, "member.updated"),
            count(&events, "contact.created")
        ),
        (1, 2)
    );

    // 6. The open person of LAC-0020 withdraws consent (their company's editor records it).
    let m20 = &id_of["LAC-0020"];
    let people = app
        .get(&format!("/api/v1/members/{m20}/contacts"))
        .token(&key)
        .send()
        .await
        .expect(200)
        .json();
    let open20 = people["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["share_consent"] == true)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.patch(&format!("/api/v1/members/{m20}/contacts/{open20}"))
        .token(&w.paola.token)
        .json(json!({"share_consent": false}))
        .send()
        .await
        .expect(200);
    deliver_all(app).await;
    let events = verified(&receiver, &mut seen);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["type"], "contact.updated");
    assert_eq!(events[0]["data"]["share_consent"], false);
    assert_eq!(events[0]["data"]["contact_id"], open20.as_str());

    // 7. Replays from 0 equal the visible state. Members, for the portal:
    let members = replay(app, &key, "members", "member").await;
    let listed: BTreeMap<String, Value> = all_pages(app, &key, "/api/v1/members")
        .await
        .into_iter()
        .map(|m| (m["id"].as_str().unwrap().to_owned(), m))
        .collect();
    assert_eq!(members, listed);
    let lombard: Vec<String> = listed
        .values()
        .filter(|m| m["cluster_id"] == w.lombardy.to_string())
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        lombard.len(),
        COMPANIES - 2 + 2,
        "497 + the restored one + two hand-made members"
    );
    // People, for the portal (it sees everyone of its cluster):
    let people = replay(app, &key, "contacts", "contact").await;
    let mut everyone = BTreeMap::new();
    for chunk in lombard.chunks(50) {
        let urls: Vec<String> = chunk
            .iter()
            .map(|m| format!("/api/v1/members/{m}/contacts"))
            .collect();
        let pages = futures::future::join_all(urls.iter().map(|u| all_pages(app, &key, u))).await;
        for person in pages.into_iter().flatten() {
            everyone.insert(person["id"].as_str().unwrap().to_owned(), person);
        }
    }
    let portal_people: BTreeMap<String, Value> = people
        .into_iter()
        .filter(|(_, c)| lombard.contains(&c["member_id"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(portal_people, everyone);
    assert_eq!(
        everyone.len(),
        2 * (COMPANIES - 2) + 3,
        "two people per company, three in the hand-made ones"
    );
    assert!(everyone.contains_key(&open20));
    // For an editor of another company, only consenting people: the withdrawal was a removal.
    let seen_by_editor = replay(app, &w.buffetto.token, "contacts", "contact").await;
    assert!(!seen_by_editor.contains_key(&open20));
    let catalogue: BTreeSet<String> = all_pages(
        app,
        &w.buffetto.token,
        &format!("/api/v1/clusters/{}/catalogue", w.lombardy),
    )
    .await
    .iter()
    .flat_map(|e| {
        e["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    })
    .collect();
    let own: BTreeSet<String> = all_pages(
        app,
        &w.buffetto.token,
        &format!("/api/v1/members/{}/contacts", w.aviometal),
    )
    .await
    .iter()
    .map(|c| c["id"].as_str().unwrap().to_owned())
    .collect();
    let lombard_people: BTreeSet<String> = seen_by_editor
        .values()
        .filter(|c| lombard.contains(&c["member_id"].as_str().unwrap().to_owned()))
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        lombard_people,
        catalogue.union(&own).cloned().collect::<BTreeSet<_>>()
    );
    assert!(
        seen_by_editor
            .values()
            .all(|c| c["share_consent"] == true || c["member_id"] == w.aviometal.to_string())
    );

    // 8. A script without a cursor pulls what changed since the first sync, tombstones included.
    let since = after_first_sync.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let changed = all_pages(
        app,
        &key,
        &format!(
            "/api/v1/members?cluster_id={}&updated_since={since}&include_removed=true",
            w.lombardy
        ),
    )
    .await;
    let removed: BTreeSet<&str> = changed
        .iter()
        .filter(|m| !m["removed_at"].is_null())
        .map(|m| m["external_id"].as_str().unwrap())
        .collect();
    assert_eq!(removed, BTreeSet::from(["LAC-0010", "LAC-0012"]));
    let alive: BTreeSet<&str> = changed
        .iter()
        .filter(|m| m["removed_at"].is_null())
        .map(|m| m["external_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        alive,
        BTreeSet::from(["LAC-0007", "LAC-0011"]),
        "the hand edit and the restore"
    );
    let quiet = all_pages(
        app,
        &key,
        &format!(
            "/api/v1/members?cluster_id={}&updated_since={since}",
            w.lombardy
        ),
    )
    .await;
    assert_eq!(quiet.len(), 2, "without include_removed, no tombstones");
    let people_changed = all_pages(
        app,
        &key,
        &format!("/api/v1/members/{m20}/contacts?updated_since={since}"),
    )
    .await;
    assert_eq!(people_changed.len(), 1);
    assert_eq!(people_changed[0]["id"], open20.as_str());
    // The catalogue the same way: entries whose company or people changed, tombstones for
    // the removed; the withdrawn person's company is there, without them.
    let entries = all_pages(
        app,
        &w.buffetto.token,
        &format!(
            "/api/v1/clusters/{}/catalogue?updated_since={since}&include_removed=true",
            w.lombardy
        ),
    )
    .await;
    let by_name: BTreeMap<String, &Value> = entries
        .iter()
        .map(|e| (e["company"]["legal_name"].as_str().unwrap().to_owned(), e))
        .collect();
    assert_eq!(
        by_name.keys().cloned().collect::<Vec<_>>(),
        [
            "Portal Company 10",
            "Portal Company 11",
            "Portal Company 12",
            "Portal Company 20",
            "Portal Company 7"
        ]
    );
    assert!(
        !by_name["Portal Company 10"]["removed_at"].is_null()
            && by_name["Portal Company 10"]["contacts"]
                .as_array()
                .unwrap()
                .is_empty()
    );
    assert!(by_name["Portal Company 11"]["removed_at"].is_null());
    assert_eq!(
        by_name["Portal Company 11"]["contacts"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "the restored company's consenting person"
    );
    assert!(
        by_name["Portal Company 20"]["contacts"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let csv = app
        .get(&format!(
            "/api/v1/clusters/{}/catalogue?format=csv&updated_since={since}",
            w.lombardy
        ))
        .token(&w.buffetto.token)
        .send()
        .await
        .expect(200)
        .text();
    assert_eq!(
        csv.lines().count(),
        1 + 2,
        "header, the people of companies 7 and 11"
    );
    app.get(&format!(
        "/api/v1/clusters/{}/catalogue?format=csv&include_removed=true",
        w.lombardy
    ))
    .token(&w.buffetto.token)
    .send()
    .await
    .problem(400);
    let _: Uuid = w.lombardy;
}
