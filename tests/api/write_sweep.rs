//! The write sweep: every write operation of the contract (all but the caller's own session
//! and password) is called with a request that would succeed — real ids, a valid body — first
//! by two callers who hold no role over its objects, a signed-in user without roles and the
//! editor of Helvetic Aero (a company of the Swiss cluster), then, unchanged, by a caller who
//! holds the role. The two refusals must be exactly 403 or 404 and change no data; the
//! authorised call must succeed, which proves that the refusals were about who asked and not
//! about what was asked. `TABLE` lists exactly the contract's write operations: an operation
//! added to the contract fails this test until it is swept here.

use std::collections::BTreeSet;

use actix_web::http::Method;
use serde_json::{Value, json};

use crate::common::world::{Person, member_input};
use crate::common::{Resp, TestApp, World};
use crate::db_test;
use crate::events::{create_event, event_body};
use crate::sweep::{Objects, objects};
use crate::trade_notes::{article_figures, note};

/// Who makes, unchanged, the request the two callers without a role were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    /// Platform admin.
    Admin,
    /// Manager of the Lombard cluster.
    Paola,
    /// Manager of the Swiss cluster, host of the sweep's event.
    Roland,
    /// Editor of Aviometal (Lombardy).
    Buffetto,
    /// Editor of Soliani Emc (Lombardy).
    Ivano,
}

use Who::*;

/// Every write operation: method, path, who may make the sweep's request, and what that
/// request is. The objects are Lombard companies and their people, requests and notes, and
/// an event hosted by the Swiss cluster with the Lombard one as guest (`sweep::objects`).
/// Anna edits Helvetic Aero, a company of the host cluster; where she may legitimately do the
/// operation for her own company (register it, send a request from it), the request is made
/// for a Lombard company instead — so no operation is an exception to the refusal rule.
#[rustfmt::skip]
const TABLE: &[(&str, &str, Who, &str)] = &[
    // Users and their roles.
    ("POST", "/api/v1/users", Paola, "an account: admins and cluster managers create them"),
    ("DELETE", "/api/v1/users/{id}", Admin, "that account: admins only"),
    ("POST", "/api/v1/users/{id}/roles", Paola, "member_editor on Aviometal for that account: Lombard managers"),
    ("DELETE", "/api/v1/users/{id}/roles/{grant_id}", Paola, "that grant: Lombard managers"),
    // Invitations to a role: who may grant it; accepted by the invited address's account.
    ("POST", "/api/v1/invitations", Paola, "an editor of Aviometal invited: Lombard managers"),
    ("DELETE", "/api/v1/invitations/{id}", Paola, "that invitation: Lombard managers"),
    ("POST", "/api/v1/invitations/accept", Buffetto, "an invitation to Buffetto's address: his account, signed in"),
    // Clusters and the member sync.
    ("POST", "/api/v1/clusters", Admin, "a new cluster: admins only"),
    ("PUT", "/api/v1/clusters/{id}", Paola, "Lombardy's profile: its managers"),
    ("PATCH", "/api/v1/clusters/{id}", Paola, "Lombardy's website: its managers"),
    ("DELETE", "/api/v1/clusters/{id}", Admin, "the new, empty cluster: admins only"),
    ("PUT", "/api/v1/clusters/{id}/members/sync", Paola, "one Lombard member upserted: Lombard managers"),
    // Member companies and their people.
    ("POST", "/api/v1/members", Paola, "a Lombard company: Lombard managers"),
    ("PUT", "/api/v1/members/{id}", Buffetto, "Aviometal's profile: its editors and Lombard managers"),
    ("PATCH", "/api/v1/members/{id}", Buffetto, "Aviometal's profile: its editors and Lombard managers"),
    ("DELETE", "/api/v1/members/{id}", Paola, "a Lombard company: Lombard managers"),
    ("POST", "/api/v1/members/{id}/restore", Paola, "the synced company a mirror sync removed: Lombard managers"),
    ("PUT", "/api/v1/members/{id}/translations/{lang}", Buffetto, "Aviometal's profile in German: its editors and Lombard managers"),
    ("DELETE", "/api/v1/members/{id}/translations/{lang}", Buffetto, "that translation: Aviometal's editors and Lombard managers"),
    ("POST", "/api/v1/members/{member_id}/contacts", Buffetto, "a person of Aviometal: its editors"),
    ("PUT", "/api/v1/members/{member_id}/contacts/{id}", Buffetto, "that person: Aviometal's editors"),
    ("PATCH", "/api/v1/members/{member_id}/contacts/{id}", Buffetto, "that person: Aviometal's editors"),
    ("DELETE", "/api/v1/members/{member_id}/contacts/{id}", Buffetto, "another person of Aviometal: its editors"),
    ("POST", "/api/v1/members/{member_id}/contacts/{id}/erase", Buffetto, "that person: Aviometal's editors"),
    // Events and their status machine (the host cluster's managers).
    ("POST", "/api/v1/events", Roland, "an event hosted by the Swiss cluster: its managers (not its editors)"),
    ("PUT", "/api/v1/events/{id}", Roland, "the event: the host's managers"),
    ("PATCH", "/api/v1/events/{id}", Roland, "the event: the host's managers"),
    ("PUT", "/api/v1/events/{id}/translations/{lang}", Roland, "the event in German: the host's managers"),
    ("DELETE", "/api/v1/events/{id}/translations/{lang}", Roland, "that translation: the host's managers"),
    ("DELETE", "/api/v1/events/{id}", Roland, "a draft (invisible to the refused callers): the host's managers"),
    ("POST", "/api/v1/events/{id}/publish", Roland, "a draft: the host's managers"),
    ("POST", "/api/v1/events/{id}/close", Roland, "a published event: the host's managers"),
    ("POST", "/api/v1/events/{id}/cancel", Roland, "a draft: the host's managers"),
    ("PUT", "/api/v1/events/{id}/public-page", Roland, "the event's public page: the host's managers"),
    ("DELETE", "/api/v1/events/{id}/public-page", Roland, "that page: the host's managers"),
    ("PUT", "/api/v1/events/{id}/co-organisers/{user_id}", Roland, "Paola, the guest's manager, named co-organiser: the host's managers"),
    ("DELETE", "/api/v1/events/{id}/co-organisers/{user_id}", Roland, "her right ended: the host's managers"),
    // Agenda (the host's managers).
    ("POST", "/api/v1/events/{id}/agenda/generate", Roland, "the event's agenda: the host's managers"),
    ("POST", "/api/v1/events/{id}/agenda/items", Roland, "a coffee break: the host's managers"),
    ("PATCH", "/api/v1/events/{id}/agenda/items/{item_id}", Roland, "that break: the host's managers"),
    ("DELETE", "/api/v1/events/{id}/agenda/items/{item_id}", Roland, "that break: the host's managers"),
    // The post-event survey: defined by those who run the day, answered by attendees.
    ("PUT", "/api/v1/events/{id}/survey", Roland, "the survey's questions: those who run the day"),
    ("POST", "/api/v1/events/{id}/survey/responses", Ivano, "an answer on a day under way: Ivano, its attendee for Soliani"),
    // Companies invited to an event (the host's managers).
    ("POST", "/api/v1/events/{id}/invitations", Roland, "Helvetic invited: the host's managers"),
    ("DELETE", "/api/v1/events/{id}/invitations/{invitation_id}", Roland, "that invitation: the host's managers"),
    // Registrations (the company's editors and its cluster's managers).
    ("POST", "/api/v1/events/{id}/registrations", Paola, "a Lombard company (Anna may register Helvetic, not this one)"),
    ("PATCH", "/api/v1/events/{id}/registrations/{registration_id}", Buffetto, "Aviometal's pitch: its editors"),
    ("PUT", "/api/v1/events/{id}/registrations/{registration_id}/blocked-slots", Buffetto, "Aviometal's blocked slots: its editors and the host"),
    ("POST", "/api/v1/events/{id}/registrations/{registration_id}/cancel", Paola, "the Lombard company's registration: Lombard managers"),
    ("POST", "/api/v1/events/{id}/registrations/{registration_id}/approve", Roland, "a pending registration: the organisers who run the day (the host's managers)"),
    ("POST", "/api/v1/events/{id}/registrations/{registration_id}/decline", Roland, "a pending registration: the organisers who run the day (the host's managers)"),
    // Check-ins on the day (who runs the day: the host's managers).
    ("POST", "/api/v1/events/{id}/check-ins", Roland, "Buffetto checked in: the host's managers"),
    ("POST", "/api/v1/events/{id}/check-ins/batch", Roland, "Ivano Soliani's offline scan: the host's managers"),
    ("DELETE", "/api/v1/events/{id}/check-ins/{check_in_id}", Roland, "Buffetto's check-in undone: the host's managers"),
    // Matchmaking.
    ("PUT", "/api/v1/events/{id}/matchmaking", Roland, "the settings: the host's managers"),
    ("POST", "/api/v1/events/{id}/meeting-sessions", Roland, "a session: the host's managers"),
    ("DELETE", "/api/v1/events/{id}/meeting-sessions/{session_id}", Roland, "that session: the host's managers"),
    ("POST", "/api/v1/events/{id}/meeting-requests", Buffetto, "a request from Aviometal: its editors and the host"),
    ("POST", "/api/v1/events/{id}/meeting-requests/{request_id}/accept", Ivano, "Aviometal's request to Soliani: the recipient and the host"),
    ("POST", "/api/v1/events/{id}/meeting-requests/{request_id}/decline", Paola, "the request to the Lombard newcomer: its side and the host"),
    ("POST", "/api/v1/events/{id}/meeting-requests/{request_id}/cancel", Buffetto, "the accepted request: either company and the host"),
    ("PUT", "/api/v1/events/{id}/meeting-requests/{request_id}/lock", Roland, "the accepted request into slot 1: the host's managers"),
    ("DELETE", "/api/v1/events/{id}/meeting-requests/{request_id}/lock", Roland, "that lock: the host's managers"),
    ("PUT", "/api/v1/events/{id}/meeting-requests/{request_id}/attendees", Buffetto, "who of Aviometal attend its request: its editors and the host"),
    ("PUT", "/api/v1/events/{id}/meeting-requests/{request_id}/video-link", Buffetto, "the accepted request's video link: either company and the host"),
    ("DELETE", "/api/v1/events/{id}/meeting-requests/{request_id}/video-link", Buffetto, "that link removed: either company and the host"),
    ("PUT", "/api/v1/events/{id}/meeting-requests/{request_id}/outcomes/{registration_id}", Buffetto, "how the held meeting went for Aviometal: its editors"),
    ("POST", "/api/v1/events/{id}/schedule-runs", Roland, "a run: the host's managers"),
    ("POST", "/api/v1/events/{id}/schedule-runs/{run_id}/publish", Roland, "the preview run: the host's managers"),
    // Partnership requests and their meetings (only the two companies' sides see them).
    ("POST", "/api/v1/partnership-requests", Buffetto, "from Aviometal (Anna may send from Helvetic, not from it)"),
    ("POST", "/api/v1/partnership-requests/{id}/accept", Ivano, "a pending request to Soliani: the recipient's side"),
    ("POST", "/api/v1/partnership-requests/{id}/decline", Ivano, "a pending request to Soliani: the recipient's side"),
    ("POST", "/api/v1/partnership-requests/{id}/withdraw", Ivano, "a pending request from Soliani: the sender's side"),
    ("POST", "/api/v1/partnership-requests/{id}/conclude", Buffetto, "an accepted request: either side"),
    ("POST", "/api/v1/partnership-requests/{id}/close", Ivano, "an accepted request: either side"),
    ("POST", "/api/v1/partnership-requests/{id}/meetings", Ivano, "a meeting on an accepted request: either side"),
    ("PATCH", "/api/v1/partnership-requests/{id}/meetings/{meeting_id}", Buffetto, "that request's meeting: either side"),
    // Machines: API keys and webhooks (managers of the cluster).
    ("POST", "/api/v1/api-keys", Paola, "a key for Lombardy: its managers"),
    ("DELETE", "/api/v1/api-keys/{id}", Paola, "Lombardy's key: its managers"),
    ("POST", "/api/v1/webhooks", Paola, "a webhook of Lombardy: its managers"),
    ("PATCH", "/api/v1/webhooks/{id}", Paola, "that webhook: Lombardy's managers"),
    ("DELETE", "/api/v1/webhooks/{id}", Paola, "that webhook: Lombardy's managers"),
    ("POST", "/api/v1/webhooks/{id}/deliveries/{delivery_id}/retry", Paola, "a queued delivery of that webhook: Lombardy's managers"),
    // The mail outbox (admins).
    ("POST", "/api/v1/admin/mail/{id}/retry", Admin, "a failed mail: admins only"),
    // Trade notes (managers of every linked cluster).
    ("POST", "/api/v1/trade-notes", Paola, "a note on Lombardy: its managers"),
    ("PUT", "/api/v1/trade-notes/{id}", Paola, "the draft note on Lombardy: its managers"),
    ("PATCH", "/api/v1/trade-notes/{id}", Paola, "the draft note on Lombardy: its managers"),
    ("DELETE", "/api/v1/trade-notes/{id}", Paola, "the new note on Lombardy: its managers"),
];

/// The caller's own session and password: theirs to change, not swept. Listed one by one, so
/// that a new operation under `/auth` or `/me` is a decision too.
const OWN: &[(&str, &str)] = &[
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/logout"),
    ("POST", "/api/v1/auth/refresh"),
    ("POST", "/api/v1/me/password"),
    ("PATCH", "/api/v1/me"),
    ("PUT", "/api/v1/me/notifications"),
    // Anonymous: the mail's signed link is the proof (tested in mail.rs).
    ("POST", "/api/v1/unsubscribe"),
    // The caller's own address, and the anonymous account flows whose mailed single-use
    // token is the proof (tested in accounts.rs).
    ("POST", "/api/v1/me/email"),
    // The caller's own calendar feed: made, rotated and revoked by its owner only (API keys
    // refused, tested in calendar_feed.rs); nobody else's feed can be named.
    ("POST", "/api/v1/me/calendar-feed"),
    ("DELETE", "/api/v1/me/calendar-feed"),
    ("POST", "/api/v1/auth/password-reset"),
    ("POST", "/api/v1/auth/password-reset/confirm"),
    ("POST", "/api/v1/auth/email-change/confirm"),
];

/// The write operations of the contract.
fn write_operations(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            if ["post", "put", "patch", "delete"].contains(&method.as_str()) {
                out.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    out
}

/// Whether `url` is a URL of the path template `path`.
fn is_url_of(url: &str, path: &str) -> bool {
    let (u, t): (Vec<&str>, Vec<&str>) = (url.split('/').collect(), path.split('/').collect());
    u.len() == t.len()
        && u.iter().zip(&t).all(|(u, t)| {
            if t.starts_with('{') {
                !u.is_empty()
            } else {
                u == t
            }
        })
}

fn id_of(v: &Value) -> String {
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {v}"))
        .to_owned()
}

struct Sweep<'a> {
    app: &'a TestApp,
    w: &'a World,
    o: &'a Objects,
    doc: Value,
    done: BTreeSet<(String, String)>,
    /// More URLs for the snapshot while the objects behind them exist.
    watch: Vec<String>,
}

impl Sweep<'_> {
    fn person(&self, who: Who) -> &Person {
        match who {
            Admin => &self.w.admin,
            Paola => &self.w.paola,
            Roland => &self.w.roland,
            Buffetto => &self.w.buffetto,
            Ivano => &self.w.ivano,
        }
    }

    async fn send(&self, method: &str, url: &str, body: &Option<Value>, token: &str) -> Resp {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self
            .app
            .request(method, url)
            .token(token)
            .header("if-match", "*");
        if let Some(body) = body {
            req = req.json(body.clone());
        }
        req.send().await
    }

    /// The closest readable object or list above `url` (`…/accept` → the request, `…/items`
    /// → the agenda), read by an admin in the snapshot.
    fn readable_above(&self, url: &str, path: &str) -> Option<String> {
        let (u, t): (Vec<&str>, Vec<&str>) = (url.split('/').collect(), path.split('/').collect());
        (4..=t.len())
            .rev()
            .find(|&n| self.doc["paths"][t[..n].join("/")].get("get").is_some())
            .map(|n| u[..n].join("/"))
    }

    /// What an admin reads of everything the sweep's requests touch.
    async fn snapshot(&self, above: Option<&str>) -> Value {
        let (w, o) = (self.w, self.o);
        let e = o.event;
        let mut paths = vec![
            "/api/v1/clusters?limit=500".to_owned(),
            format!("/api/v1/clusters/{}", w.lombardy),
            "/api/v1/members?limit=500&include_removed=true".to_owned(),
            format!(
                "/api/v1/members/{}/contacts?include_removed=true",
                w.aviometal
            ),
            format!(
                "/api/v1/members/{}/contacts?include_removed=true",
                w.soliani
            ),
            "/api/v1/events?limit=500".to_owned(),
            format!("/api/v1/events/{e}"),
            format!("/api/v1/events/{e}/registrations?include_cancelled=true"),
            format!(
                "/api/v1/events/{e}/registrations/{}/blocked-slots",
                o.registration
            ),
            format!("/api/v1/events/{e}/agenda"),
            format!("/api/v1/events/{e}/matchmaking"),
            format!("/api/v1/events/{e}/meeting-sessions"),
            format!("/api/v1/events/{e}/meeting-requests"),
            format!("/api/v1/events/{e}/schedule-runs"),
            "/api/v1/partnership-requests?limit=500".to_owned(),
            format!("/api/v1/partnership-requests/{}/meetings", o.partnership),
            "/api/v1/trade-notes?limit=500".to_owned(),
            format!("/api/v1/trade-notes/{}", o.trade_note),
            "/api/v1/api-keys".to_owned(),
            "/api/v1/webhooks".to_owned(),
            "/api/v1/users?limit=500".to_owned(),
            // Every mail a change queued (nothing sends them in these tests).
            "/api/v1/admin/mail?limit=500".to_owned(),
            format!("/api/v1/users/{}/roles", w.buffetto.id),
            // Every write to members, people, events, registrations, requests and notes
            // leaves a change in these feeds.
            "/api/v1/changes?limit=1000".to_owned(),
            "/api/v1/members/changes?limit=1000".to_owned(),
            "/api/v1/contacts/changes?limit=1000".to_owned(),
        ];
        paths.extend(self.watch.iter().cloned());
        let mut all = serde_json::Map::new();
        for path in paths {
            let resp = self.app.get(&path).token(&w.admin.token).send().await;
            assert_eq!(resp.status, 200, "{path}: {}", resp.text());
            all.insert(path, resp.json());
        }
        if let Some(path) = above {
            let resp = self.app.get(path).token(&w.admin.token).send().await;
            all.insert(
                path.to_owned(),
                json!({"status": resp.status.as_u16(), "body": resp.text()}),
            );
        }
        Value::Object(all)
    }

    /// Sends the request as the caller without a role and as the other cluster's editor
    /// (each must get exactly 403 or 404, and nothing may change), then as the operation's
    /// authorised caller, who must succeed; returns that answer.
    async fn check(&mut self, method: &str, path: &str, url: &str, body: Option<Value>) -> Resp {
        let &(_, _, who, what) = TABLE
            .iter()
            .find(|op| op.0 == method && op.1 == path)
            .unwrap_or_else(|| panic!("{method} {path} is not in the table"));
        assert!(is_url_of(url, path), "{url} is no URL of {method} {path}");
        assert!(
            self.done.insert((method.to_owned(), path.to_owned())),
            "{method} {path} swept twice"
        );
        let above = self.readable_above(url, path);
        let before = self.snapshot(above.as_deref()).await;
        for (caller, person) in [
            ("no role", &self.w.nobody),
            ("editor in the other cluster", &self.w.anna),
        ] {
            let resp = self.send(method, url, &body, &person.token).await;
            let status = resp.status.as_u16();
            assert!(
                status == 403 || status == 404,
                "{caller}: {method} {path} ({what}) answered {status}, not 403 or 404: {}",
                resp.text()
            );
        }
        assert_eq!(
            self.snapshot(above.as_deref()).await,
            before,
            "{method} {path}: a refused request changed data"
        );
        let resp = self.send(method, url, &body, &self.person(who).token).await;
        assert!(
            resp.status.is_success(),
            "{who:?} may: {method} {path} ({what}) {url} answered {} to the request the others \
             were refused, so their refusals prove nothing: {}",
            resp.status,
            resp.text()
        );
        resp
    }
}

db_test!(async fn every_write_is_refused_to_callers_without_a_role_and_granted_to_one_with_it(app) {
    let w = app.world().await;
    let o = objects(&app, &w).await;
    let doc: Value = serde_json::from_str(include_str!("../../openapi/openapi.json")).unwrap();

    // The table lists the contract's write operations but the caller's own, each once, no
    // more and no less.
    let table: BTreeSet<(String, String)> = TABLE.iter().map(|op| (op.0.to_owned(), op.1.to_owned())).collect();
    assert_eq!(table.len(), TABLE.len(), "an operation is listed twice");
    let own: BTreeSet<(String, String)> = OWN.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    let mut contract = write_operations(&doc);
    for op in &own {
        assert!(contract.remove(op), "{op:?} is no write operation of the contract");
    }
    let missing: Vec<_> = contract.difference(&table).collect();
    let unknown: Vec<_> = table.difference(&contract).collect();
    assert!(missing.is_empty() && unknown.is_empty(),
        "the table must list exactly the contract's write operations; missing: {missing:?}; not in the contract: {unknown:?}");

    let mut s = Sweep { app: &app, w: &w, o: &o, doc, done: BTreeSet::new(), watch: Vec::new() };
    let event = format!("/api/v1/events/{}", o.event);

    // Users and roles.
    let user = id_of(&s.check("POST", "/api/v1/users", "/api/v1/users", Some(json!({
        "email": "giulia.bianchi@aviometal.example", "password": "three minutes to pitch EMC", "display_name": "Giulia Bianchi"
    }))).await.json());
    let grant = id_of(&s.check("POST", "/api/v1/users/{id}/roles", &format!("/api/v1/users/{user}/roles"),
        Some(json!({"role": "member_editor", "member_id": w.aviometal}))).await.json());
    s.check("DELETE", "/api/v1/users/{id}/roles/{grant_id}", &format!("/api/v1/users/{user}/roles/{grant}"), None).await;
    s.check("DELETE", "/api/v1/users/{id}", &format!("/api/v1/users/{user}"), None).await;

    // Clusters and the member sync.
    let piemonte = id_of(&s.check("POST", "/api/v1/clusters", "/api/v1/clusters", Some(json!({
        "name": "Piemonte Aerospace Cluster", "slug": "piemonte-aerospace-cluster", "country": "IT", "sector": "aerospace"
    }))).await.json());
    let lombardy = format!("/api/v1/clusters/{}", w.lombardy);
    s.check("PUT", "/api/v1/clusters/{id}", &lombardy, Some(json!({
        "name": "Lombardia Aerospace Cluster", "slug": "lombardia-aerospace-cluster", "country": "IT", "region": "IT-25",
        "sector": "aerospace", "description": "The district of Lombardy's aerospace companies."
    }))).await;
    s.check("PATCH", "/api/v1/clusters/{id}", &lombardy, Some(json!({"website": "https://www.lombardiaerospace.it"}))).await;
    s.check("DELETE", "/api/v1/clusters/{id}", &format!("/api/v1/clusters/{piemonte}"), None).await;
    let synced = s.check("PUT", "/api/v1/clusters/{id}/members/sync", &format!("{lombardy}/members/sync"), Some(json!({"members": [{
        "external_id": "LAC-0901", "legal_name": "Cicogna Aerostrutture", "country": "IT", "city": "Milano",
        "size_class": "medium", "core_business": "Aerostructure assemblies",
        "contacts": [{"name": "Luca Cicogna", "email": "luca@cicogna.example", "share_consent": true}]
    }]}))).await.json();
    let synced = id_of(&synced["created"][0]);

    // Member companies.
    let newcomer = id_of(&s.check("POST", "/api/v1/members", "/api/v1/members",
        Some(member_input(w.lombardy, "Cicogna Meccanica", "IT", "Lecco"))).await.json());
    let aviometal = format!("/api/v1/members/{}", w.aviometal);
    let mut profile = member_input(w.lombardy, "Aviometal", "IT", "Varese");
    profile["ongoing_projects"] = json!("Door frames for a regional jet");
    s.check("PUT", "/api/v1/members/{id}", &aviometal, Some(profile)).await;
    s.check("PATCH", "/api/v1/members/{id}", &aviometal, Some(json!({"partners_sought_notes": "Swiss suppliers certified EN 9100"}))).await;
    let leaving = id_of(&app.post("/api/v1/members").token(&w.paola.token)
        .json(member_input(w.lombardy, "Officine Brambilla", "IT", "Gallarate")).send().await.expect(201).json());
    s.check("DELETE", "/api/v1/members/{id}", &format!("/api/v1/members/{leaving}"), None).await;
    // Removed members (restorable tombstones) come from the portal's mirror sync.
    let mirrored = app.put(&format!("{lombardy}/members/sync?mode=mirror&max_removals=1")).token(&w.paola.token)
        .json(json!({"members": []})).send().await.expect(200).json();
    assert_eq!(mirrored["removed"][0]["id"], synced.as_str(), "{mirrored}");
    s.check("POST", "/api/v1/members/{id}/restore", &format!("/api/v1/members/{synced}/restore"), None).await;
    s.check("PUT", "/api/v1/members/{id}/translations/{lang}", &format!("{aviometal}/translations/de"),
        Some(json!({"core_business": "Blechteile für Flugzeugstrukturen"}))).await;
    s.check("DELETE", "/api/v1/members/{id}/translations/{lang}", &format!("{aviometal}/translations/de"), None).await;

    // Contact people.
    let contacts = format!("{aviometal}/contacts");
    let person = json!({"name": "Giulia Bianchi", "role": "Quality", "email": "giulia@aviometal.example", "languages": ["it", "en"]});
    let giulia = format!("{contacts}/{}", id_of(&s.check("POST", "/api/v1/members/{member_id}/contacts", &contacts, Some(person.clone())).await.json()));
    let mut replaced = person.clone();
    replaced["role"] = json!("Quality manager");
    s.check("PUT", "/api/v1/members/{member_id}/contacts/{id}", &giulia, Some(replaced)).await;
    s.check("PATCH", "/api/v1/members/{member_id}/contacts/{id}", &giulia, Some(json!({"phone": "+39 0332 000 000"}))).await;
    s.check("POST", "/api/v1/members/{member_id}/contacts/{id}/erase", &format!("{giulia}/erase"), None).await;
    let marco = id_of(&app.post(&contacts).token(&w.buffetto.token).json(json!({"name": "Marco Verdi"})).send().await.expect(201).json());
    s.check("DELETE", "/api/v1/members/{member_id}/contacts/{id}", &format!("{contacts}/{marco}"), None).await;

    // Events: a new draft is published, then closed; other drafts are cancelled, deleted.
    let draft = id_of(&s.check("POST", "/api/v1/events", "/api/v1/events", Some(event_body(&w))).await.json());
    s.check("PUT", "/api/v1/events/{id}", &event, Some(event_body(&w))).await;
    s.check("PATCH", "/api/v1/events/{id}", &event, Some(json!({"transport": "Bus from Milano and Como"}))).await;
    s.check("PUT", "/api/v1/events/{id}/translations/{lang}", &format!("{event}/translations/de"),
        Some(json!({"title": "Cluster2Cluster in Nidwalden"}))).await;
    s.check("DELETE", "/api/v1/events/{id}/translations/{lang}", &format!("{event}/translations/de"), None).await;
    s.check("PUT", "/api/v1/events/{id}/public-page", &format!("{event}/public-page"), Some(json!({"slug": "sweep-day"}))).await;
    s.check("DELETE", "/api/v1/events/{id}/public-page", &format!("{event}/public-page"), None).await;
    let co_organiser = format!("{event}/co-organisers/{}", w.paola.id);
    s.check("PUT", "/api/v1/events/{id}/co-organisers/{user_id}", &co_organiser, None).await;
    s.check("DELETE", "/api/v1/events/{id}/co-organisers/{user_id}", &co_organiser, None).await;
    s.check("POST", "/api/v1/events/{id}/publish", &format!("/api/v1/events/{draft}/publish"), None).await;
    s.check("POST", "/api/v1/events/{id}/close", &format!("/api/v1/events/{draft}/close"), None).await;
    let draft = id_of(&create_event(&app, &w, event_body(&w)).await);
    s.check("POST", "/api/v1/events/{id}/cancel", &format!("/api/v1/events/{draft}/cancel"), None).await;
    let draft = id_of(&create_event(&app, &w, event_body(&w)).await);
    s.check("DELETE", "/api/v1/events/{id}", &format!("/api/v1/events/{draft}"), None).await;

    // The agenda.
    s.check("POST", "/api/v1/events/{id}/agenda/generate", &format!("{event}/agenda/generate"),
        Some(json!({"order": "alternating", "break_every": 8}))).await;
    let added = s.check("POST", "/api/v1/events/{id}/agenda/items", &format!("{event}/agenda/items"),
        Some(json!({"kind": "break", "title": "Coffee", "duration_minutes": 20, "position": 2}))).await;
    let item = added.header("location").expect("the new item's location");
    s.check("PATCH", "/api/v1/events/{id}/agenda/items/{item_id}", &item, Some(json!({"title": "Coffee and pastries", "duration_minutes": 25}))).await;
    s.check("DELETE", "/api/v1/events/{id}/agenda/items/{item_id}", &item, None).await;

    // The survey: its questions on the sweep's event; an answer on a day under way, where
    // Ivano attends for Soliani (Anna's company is not registered there).
    let survey = json!({"questions": [
        {"key": "overall", "kind": "scale", "prompt": "How useful was the day?", "required": true},
        {"kind": "text", "prompt": "What should we change?"}
    ]});
    s.check("PUT", "/api/v1/events/{id}/survey", &format!("{event}/survey"), Some(survey.clone())).await;
    let now = chrono::Utc::now();
    let mut body = event_body(&w);
    body["starts_at"] = json!((now - chrono::Duration::hours(1)).to_rfc3339());
    body["ends_at"] = json!((now + chrono::Duration::hours(6)).to_rfc3339());
    body["registration_deadline"] = Value::Null;
    let today = id_of(&create_event(&app, &w, body).await);
    app.post(&format!("/api/v1/events/{today}/publish")).token(&w.roland.token).send().await.expect(200);
    crate::events::register(&app, &w.ivano.token, today.parse().unwrap(), w.soliani, &[w.soliani_contact]).await.expect(201);
    app.put(&format!("/api/v1/events/{today}/survey")).token(&w.roland.token).json(survey).send().await.expect(200);
    s.check("POST", "/api/v1/events/{id}/survey/responses", &format!("/api/v1/events/{today}/survey/responses"),
        Some(json!({"answers": {"overall": 4, "q2": "More tables"}}))).await;

    // Invitations: to a role (the invited account accepts, signed in), to the event.
    let invitation = id_of(&s.check("POST", "/api/v1/invitations", "/api/v1/invitations",
        Some(json!({"email": "giulia.rossi@aviometal.example", "role": "member_editor", "member_id": w.aviometal}))).await.json());
    s.check("DELETE", "/api/v1/invitations/{id}", &format!("/api/v1/invitations/{invitation}"), None).await;
    app.post("/api/v1/invitations").token(&w.paola.token)
        .json(json!({"email": w.buffetto.email, "role": "member_editor", "member_id": w.soliani})).send().await.expect(201);
    let token = crate::invitations::mailed_token(&app, &w, &w.buffetto.email).await;
    s.check("POST", "/api/v1/invitations/accept", "/api/v1/invitations/accept", Some(json!({"token": token}))).await;
    let invited = id_of(&s.check("POST", "/api/v1/events/{id}/invitations", &format!("{event}/invitations"),
        Some(json!({"member_id": w.helvetic}))).await.json());
    s.check("DELETE", "/api/v1/events/{id}/invitations/{invitation_id}", &format!("{event}/invitations/{invited}"), None).await;

    // Registrations: the Lombard newcomer (created above) registers with a person of its own.
    let newcomer_contact = id_of(&app.post(&format!("/api/v1/members/{newcomer}/contacts")).token(&w.paola.token)
        .json(json!({"name": "Sara Cicogna", "share_consent": true})).send().await.expect(201).json());
    let registrations = format!("{event}/registrations");
    let newcomer_registration = id_of(&s.check("POST", "/api/v1/events/{id}/registrations", &registrations,
        Some(json!({"member_id": newcomer, "attendee_contact_ids": [newcomer_contact]}))).await.json());
    let aviometal_registration = format!("{registrations}/{}", o.registration);
    s.check("PATCH", "/api/v1/events/{id}/registrations/{registration_id}", &aviometal_registration,
        Some(json!({"pitch": {"ongoing_projects": "Door frames for a regional jet"}}))).await;
    s.check("PUT", "/api/v1/events/{id}/registrations/{registration_id}/blocked-slots", &format!("{aviometal_registration}/blocked-slots"),
        Some(json!({"slots": [2]}))).await;

    // Check-ins: codes from the badges (an admin's list), then scans and an undo.
    let badges = app.get(&format!("{event}/badges")).token(&w.admin.token).send().await.expect(200).json();
    let code = |contact: uuid::Uuid| -> String {
        badges["items"].as_array().unwrap().iter()
            .find(|b| b["contact_id"] == contact.to_string())
            .unwrap_or_else(|| panic!("no badge for {contact}: {badges}"))["code"].as_str().unwrap().to_owned()
    };
    s.watch.push(format!("{event}/check-ins"));
    let checked_in = id_of(&s.check("POST", "/api/v1/events/{id}/check-ins", &format!("{event}/check-ins"),
        Some(json!({"code": code(w.buffetto_contact)}))).await.json());
    s.check("POST", "/api/v1/events/{id}/check-ins/batch", &format!("{event}/check-ins/batch"),
        Some(json!({"items": [{"code": code(w.soliani_contact), "scanned_at": (chrono::Utc::now() - chrono::Duration::minutes(10)).to_rfc3339()}]}))).await;
    s.check("DELETE", "/api/v1/events/{id}/check-ins/{check_in_id}", &format!("{event}/check-ins/{checked_in}"), None).await;
    s.watch.pop();

    // Matchmaking: settings, sessions, requests and their locks, schedule runs.
    s.check("PUT", "/api/v1/events/{id}/matchmaking", &format!("{event}/matchmaking"), Some(json!({"auto_accept": false, "tables": 12}))).await;
    let session = id_of(&s.check("POST", "/api/v1/events/{id}/meeting-sessions", &format!("{event}/meeting-sessions"),
        Some(json!({"starts_at": "2030-05-14T14:00:00Z", "ends_at": "2030-05-14T15:00:00Z", "slot_minutes": 20}))).await.json());
    s.check("DELETE", "/api/v1/events/{id}/meeting-sessions/{session_id}", &format!("{event}/meeting-sessions/{session}"), None).await;
    let requests = format!("{event}/meeting-requests");
    let to_newcomer = id_of(&s.check("POST", "/api/v1/events/{id}/meeting-requests", &requests, Some(json!({
        "requester_registration_id": o.registration, "recipient_registration_id": newcomer_registration,
        "message": "Sheet-metal parts for your assemblies?"
    }))).await.json());
    s.check("POST", "/api/v1/events/{id}/meeting-requests/{request_id}/decline", &format!("{requests}/{to_newcomer}/decline"), None).await;
    let request = format!("{requests}/{}", o.meeting_request);
    s.check("POST", "/api/v1/events/{id}/meeting-requests/{request_id}/accept", &format!("{request}/accept"), None).await;
    s.check("PUT", "/api/v1/events/{id}/meeting-requests/{request_id}/lock", &format!("{request}/lock"), Some(json!({"slot": 1, "table": 2}))).await;
    s.check("DELETE", "/api/v1/events/{id}/meeting-requests/{request_id}/lock", &format!("{request}/lock"), None).await;
    s.check("PUT", "/api/v1/events/{id}/meeting-requests/{request_id}/attendees", &format!("{request}/attendees"),
        Some(json!({"registration_id": o.registration, "contact_ids": [w.buffetto_contact]}))).await;
    s.check("PUT", "/api/v1/events/{id}/meeting-requests/{request_id}/video-link", &format!("{request}/video-link"),
        Some(json!({"url": "https://meet.example/c2c-stans"}))).await;
    s.check("DELETE", "/api/v1/events/{id}/meeting-requests/{request_id}/video-link", &format!("{request}/video-link"), None).await;
    // The accepted meeting scheduled, published and held: Aviometal records how it went.
    let held = id_of(&app.post(&format!("{event}/schedule-runs")).token(&w.roland.token).send().await.expect(201).json());
    app.post(&format!("{event}/schedule-runs/{held}/publish")).token(&w.roland.token).send().await.expect(200);
    crate::outcomes::the_day_is_over(&app).await;
    s.check("PUT", "/api/v1/events/{id}/meeting-requests/{request_id}/outcomes/{registration_id}",
        &format!("{request}/outcomes/{}", o.registration), Some(json!({"outcome": "follow_up_planned", "rating": 4}))).await;
    s.check("POST", "/api/v1/events/{id}/meeting-requests/{request_id}/cancel", &format!("{request}/cancel"), None).await;
    s.check("POST", "/api/v1/events/{id}/schedule-runs", &format!("{event}/schedule-runs"), None).await;
    s.check("POST", "/api/v1/events/{id}/schedule-runs/{run_id}/publish", &format!("{event}/schedule-runs/{}/publish", o.run), None).await;
    s.check("POST", "/api/v1/events/{id}/registrations/{registration_id}/cancel", &format!("{registrations}/{newcomer_registration}/cancel"), None).await;

    // The organisers approve and decline registrations of an event that needs approval.
    app.patch(&event).token(&w.roland.token).json(json!({"approval_required": true})).send().await.expect(200);
    let mut pending = Vec::new();
    for name in ["Cicogna Compositi", "Cicogna Avionica"] {
        let company = id_of(&app.post("/api/v1/members").token(&w.paola.token)
            .json(member_input(w.lombardy, name, "IT", "Lecco")).send().await.expect(201).json());
        let person = id_of(&app.post(&format!("/api/v1/members/{company}/contacts")).token(&w.paola.token)
            .json(json!({"name": format!("Sara of {name}"), "share_consent": true})).send().await.expect(201).json());
        let r = app.post(&registrations).token(&w.paola.token)
            .json(json!({"member_id": company, "attendee_contact_ids": [person]})).send().await.expect(201).json();
        assert_eq!(r["status"], "pending");
        pending.push(id_of(&r));
    }
    s.check("POST", "/api/v1/events/{id}/registrations/{registration_id}/approve", &format!("{registrations}/{}/approve", pending[0]), None).await;
    s.check("POST", "/api/v1/events/{id}/registrations/{registration_id}/decline", &format!("{registrations}/{}/decline", pending[1]),
        Some(json!({"reason": "One company per group this time"}))).await;
    app.patch(&event).token(&w.roland.token).json(json!({"approval_required": false})).send().await.expect(200);

    // Partnership requests: a new one is accepted, then concluded; two more, on the event,
    // are declined and withdrawn; the objects' accepted one gets a meeting and is closed.
    let requested = id_of(&s.check("POST", "/api/v1/partnership-requests", "/api/v1/partnership-requests", Some(json!({
        "from_member_id": w.aviometal, "to_member_id": w.soliani, "subject": "Joint EMC offer", "kind": "co_development", "areas": ["EMC"]
    }))).await.json());
    let partnership = |id: &str| format!("/api/v1/partnership-requests/{id}");
    s.check("POST", "/api/v1/partnership-requests/{id}/accept", &format!("{}/accept", partnership(&requested)), Some(json!({"comment": "Gladly"}))).await;
    s.check("POST", "/api/v1/partnership-requests/{id}/conclude", &format!("{}/conclude", partnership(&requested)), Some(json!({"comment": "Contract signed"}))).await;
    let send = |token: &str, from: uuid::Uuid, to: uuid::Uuid| {
        app.post("/api/v1/partnership-requests").token(token).json(json!({
            "from_member_id": from, "to_member_id": to, "event_id": o.event, "subject": "Met at the event", "kind": "supply"
        })).send()
    };
    let declined = id_of(&send(&w.buffetto.token, w.aviometal, w.soliani).await.expect(201).json());
    s.check("POST", "/api/v1/partnership-requests/{id}/decline", &format!("{}/decline", partnership(&declined)), Some(json!({"comment": "Not now"}))).await;
    let withdrawn = id_of(&send(&w.ivano.token, w.soliani, w.aviometal).await.expect(201).json());
    s.check("POST", "/api/v1/partnership-requests/{id}/withdraw", &format!("{}/withdraw", partnership(&withdrawn)), Some(json!({"comment": "Sent twice"}))).await;
    let accepted = partnership(&o.partnership);
    s.check("POST", "/api/v1/partnership-requests/{id}/meetings", &format!("{accepted}/meetings"), Some(json!({
        "starts_at": "2030-06-10T10:00:00+02:00", "ends_at": "2030-06-10T11:30:00+02:00", "time_zone": "Europe/Rome",
        "location": "Varese", "participant_contact_ids": [w.soliani_contact], "notes": "Visit of the EMC laboratory"
    }))).await;
    s.check("PATCH", "/api/v1/partnership-requests/{id}/meetings/{meeting_id}", &format!("{accepted}/meetings/{}", o.partnership_meeting),
        Some(json!({"status": "held", "notes": "Agreed on a joint offer"}))).await;
    s.check("POST", "/api/v1/partnership-requests/{id}/close", &format!("{accepted}/close"), Some(json!({"comment": "No partnership this time"}))).await;

    // API keys and webhooks.
    s.check("POST", "/api/v1/api-keys", "/api/v1/api-keys", Some(json!({
        "name": "Portal nightly sync", "cluster_id": w.lombardy, "scopes": ["members:sync", "members:read"]
    }))).await;
    s.check("DELETE", "/api/v1/api-keys/{id}", &format!("/api/v1/api-keys/{}", o.api_key), None).await;
    let hook = format!("/api/v1/webhooks/{}", id_of(&s.check("POST", "/api/v1/webhooks", "/api/v1/webhooks", Some(json!({
        "cluster_id": w.lombardy, "url": "https://portal.lombardia-aerospace.example/hooks/c2c",
        "event_types": ["member.created", "member.updated", "member.removed"], "secret": "a long shared secret for the signatures"
    }))).await.json()));
    s.watch.push(format!("{hook}/deliveries"));
    s.check("PATCH", "/api/v1/webhooks/{id}", &hook, Some(json!({"url": "https://portal.lombardia-aerospace.example/hooks/c2c-v2"}))).await;
    // A Lombard change queues a delivery (nothing delivers it in these tests).
    app.patch(&format!("/api/v1/members/{}", w.soliani)).token(&w.ivano.token)
        .json(json!({"ongoing_projects": "EMC test bench"})).send().await.expect(200);
    let deliveries = app.get(&format!("{hook}/deliveries")).token(&w.paola.token).send().await.expect(200).json();
    let delivery = id_of(&deliveries["items"][0]);
    s.check("POST", "/api/v1/webhooks/{id}/deliveries/{delivery_id}/retry", &format!("{hook}/deliveries/{delivery}/retry"), None).await;
    s.check("DELETE", "/api/v1/webhooks/{id}", &hook, None).await;
    s.watch.clear();

    // The mail outbox: a mail the sweep's changes queued, given up by the sender.
    let mails = app.get("/api/v1/admin/mail?limit=1").token(&w.admin.token).send().await.expect(200).json();
    let mail = id_of(&mails["items"][0]);
    {
        let db = app.db().clone();
        let id = mail.clone();
        actix_web::web::block(move || {
            let mut conn = db.get().unwrap();
            let row = cluster2cluster::store::mail::get(&mut conn, id.parse().unwrap()).unwrap();
            cluster2cluster::store::mail::mark_failed(&mut conn, &row, "550 refused", true, cluster2cluster::store::now()).unwrap();
        }).await.unwrap();
    }
    s.check("POST", "/api/v1/admin/mail/{id}/retry", &format!("/api/v1/admin/mail/{mail}/retry"), None).await;

    // Trade notes.
    let new_note = id_of(&s.check("POST", "/api/v1/trade-notes", "/api/v1/trade-notes", Some(note(&[w.lombardy], article_figures()))).await.json());
    let draft_note = format!("/api/v1/trade-notes/{}", o.trade_note);
    s.check("PUT", "/api/v1/trade-notes/{id}", &draft_note, Some(note(&[w.lombardy], article_figures()))).await;
    s.check("PATCH", "/api/v1/trade-notes/{id}", &draft_note, Some(json!({"title": "Aircraft trade of Lombardy and Switzerland, 2016"}))).await;
    s.check("DELETE", "/api/v1/trade-notes/{id}", &format!("/api/v1/trade-notes/{new_note}"), None).await;

    let not_swept: Vec<_> = table.difference(&s.done).collect();
    assert!(not_swept.is_empty(), "operations of the table the sweep never called: {not_swept:?}");
});
