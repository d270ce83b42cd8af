//! Contact catalogues: consent filtering in every format, real parsers on the output,
//! names with accents and apostrophes, access, streaming across many pages.

use serde_json::json;
use uuid::Uuid;

use crate::common::{TestApp, World};
use crate::db_test;
use crate::events::{add_companies, published_event, register};

/// Soliani Emc attends with Ivano (consents) and Chiara Rossi (does not); Helvetic with
/// Anna Keller. Names carry accents and apostrophes. Ivano was checked in on the day.
async fn day(app: &TestApp, w: &World) -> Uuid {
    let event = published_event(app, w).await;
    app.patch(&format!("/api/v1/members/{}", w.soliani)).token(&w.ivano.token)
        .json(json!({"city": "L’Aquila", "core_business": "EMC testing, shielding; \"turnkey\" labs", "website": "https://soliani-emc.example"}))
        .send().await.expect(200);
    app.patch(&format!(
        "/api/v1/members/{}/contacts/{}",
        w.soliani, w.soliani_contact
    ))
    .token(&w.ivano.token)
    .json(json!({"name": "Ivano Soliani D’Amico", "role": "Amministratore delegato"}))
    .send()
    .await
    .expect(200);
    app.patch(&format!(
        "/api/v1/members/{}/contacts/{}",
        w.helvetic, w.keller_contact
    ))
    .token(&w.anna.token)
    .json(json!({"name": "Anna Kellér-Zürich"}))
    .send()
    .await
    .expect(200);
    register(
        app,
        &w.ivano.token,
        event,
        w.soliani,
        &[w.soliani_contact, w.rossi_contact],
    )
    .await
    .expect(201);
    register(app, &w.anna.token, event, w.helvetic, &[w.keller_contact])
        .await
        .expect(201);
    // On the day, Ivano's badge is scanned at the door; Anna's is not.
    let badges = app
        .get(&format!("/api/v1/events/{event}/badges"))
        .token(&w.roland.token)
        .send()
        .await
        .expect(200)
        .json();
    let code = badges["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["contact_id"] == w.soliani_contact.to_string())
        .unwrap()["code"]
        .clone();
    app.post(&format!("/api/v1/events/{event}/check-ins"))
        .token(&w.roland.token)
        .json(json!({"code": code}))
        .send()
        .await
        .expect(201);
    event
}

db_test!(async fn json_catalogue_shows_consenting_contacts_only(app) {
    let w = app.world().await;
    let event = day(&app, &w).await;
    let body = app.get(&format!("/api/v1/events/{event}/catalogue")).token(&w.ivano.token).send().await.expect(200).json();
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let soliani = &items[0];
    assert_eq!(soliani["company"]["legal_name"], "Soliani Emc");
    assert_eq!(soliani["company"]["city"], "L’Aquila");
    assert_eq!(soliani["company"]["cluster_name"], "Lombardia Aerospace Cluster");
    assert_eq!(soliani["pitch"]["core_business"], "EMC testing, shielding; \"turnkey\" labs", "prefilled from the profile at registration");
    let names: Vec<&str> = soliani["contacts"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Ivano Soliani D’Amico"], "Chiara Rossi did not consent");
    assert_eq!(soliani["contacts"][0]["attended"], true, "checked in");
    assert_eq!(items[1]["contacts"][0]["attended"], false, "registered, never checked in");
    assert!(!body.to_string().contains("Rossi"));
    // Paginated.
    let first = app.get(&format!("/api/v1/events/{event}/catalogue?limit=1")).token(&w.ivano.token).send().await.expect(200).json();
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = app.get(&format!("/api/v1/events/{event}/catalogue?limit=1&cursor={cursor}")).token(&w.ivano.token).send().await.expect(200).json();
    assert_eq!(second["items"][0]["company"]["legal_name"], "Helvetic Aero Services AG");
    assert!(second["next_cursor"].is_null());
});

db_test!(async fn csv_and_vcard_survive_real_parsers(app) {
    let w = app.world().await;
    let event = day(&app, &w).await;
    let url = format!("/api/v1/events/{event}/catalogue");
    let csv = app.get(&url).token(&w.roland.token).header("accept", "text/csv").send().await.expect(200);
    assert_eq!(csv.header("content-type").as_deref(), Some("text/csv; charset=utf-8"));
    assert!(csv.header("content-disposition").unwrap().contains("catalogue.csv"));
    let csv_text = csv.text();
    assert!(csv_text.contains("Ivano Soliani D’Amico"), "the consenting contact is there: {csv_text}");
    assert!(!csv_text.contains("Rossi"));
    assert!(csv_text.contains("\r\n"));
    let vcf = app.get(&format!("{url}?format=vcf")).token(&w.roland.token).send().await.expect(200);
    assert_eq!(vcf.header("content-type").as_deref(), Some("text/vcard; charset=utf-8"));
    let vcf_text = vcf.text();
    assert_eq!(vcf_text.matches("BEGIN:VCARD").count(), 2);
    assert!(!vcf_text.contains("Rossi"));

    let Some(python) = crate::common::python() else { return };
    let rows = crate::common::run_python(&python, r#"
import csv, io, json, sys
rows = list(csv.DictReader(io.StringIO(sys.stdin.buffer.read().decode("utf-8"), newline="")))
print(json.dumps(rows, ensure_ascii=False))
"#, csv_text.as_bytes());
    let rows: serde_json::Value = serde_json::from_str(&rows).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2, "one row per consenting contact");
    assert_eq!(rows[0]["company"], "Soliani Emc");
    assert_eq!(rows[0]["company_city"], "L’Aquila");
    assert_eq!(rows[0]["contact_name"], "Ivano Soliani D’Amico");
    assert_eq!(rows[0]["contact_role"], "Amministratore delegato");
    assert_eq!(rows[0]["attended"], "yes");
    assert_eq!(rows[0]["core_business"], "EMC testing, shielding; \"turnkey\" labs");
    assert_eq!(rows[1]["contact_name"], "Anna Kellér-Zürich");
    assert_eq!(rows[1]["attended"], "no");
    assert_eq!(rows[1]["company_city"], "Stans");

    let cards = crate::common::run_python(&python, r#"
import json, sys, vobject
out = []
for card in vobject.readComponents(sys.stdin.buffer.read().decode("utf-8")):
    out.append({
        "version": card.version.value,
        "fn": card.fn.value,
        "org": card.org.value,
        "title": card.title.value if hasattr(card, "title") else None,
        "email": card.email.value if hasattr(card, "email") else None,
        "tel": card.tel.value if hasattr(card, "tel") else None,
        "url": card.url.value if hasattr(card, "url") else None,
        "note": card.note.value,
    })
print(json.dumps(out, ensure_ascii=False))
"#, vcf_text.as_bytes());
    let cards: serde_json::Value = serde_json::from_str(&cards).unwrap();
    assert_eq!(cards.as_array().unwrap().len(), 2);
    assert_eq!(cards[0]["version"], "4.0");
    assert_eq!(cards[0]["fn"], "Ivano Soliani D’Amico");
    assert_eq!(cards[0]["org"], json!(["Soliani Emc"]));
    assert_eq!(cards[0]["title"], "Amministratore delegato");
    assert_eq!(cards[0]["email"], "ivano@soliani.example");
    assert_eq!(cards[0]["tel"], "tel:+41-41-000-00-00");
    assert_eq!(cards[0]["url"], "https://soliani-emc.example");
    assert_eq!(
        cards[0]["note"],
        "EMC testing, shielding; \"turnkey\" labs\nAreas of interest: aerostructures\nPartners sought: machining"
    );
    assert_eq!(cards[1]["fn"], "Anna Kellér-Zürich");
});

db_test!(async fn who_may_pull_an_event_catalogue(app) {
    let w = app.world().await;
    let event = day(&app, &w).await;
    let url = format!("/api/v1/events/{event}/catalogue");
    for (who, token, status) in [
        ("admin", &w.admin.token, 200),
        ("host manager", &w.roland.token, 200),
        ("guest manager", &w.paola.token, 200),
        ("attendee's editor", &w.ivano.token, 200),
        ("attendee's editor (guest side)", &w.anna.token, 200),
        ("editor of a company that is not registered", &w.buffetto.token, 403),
        ("no role", &w.nobody.token, 403),
    ] {
        let resp = app.get(&url).token(token).send().await;
        assert_eq!(resp.status.as_u16(), status, "{who}");
        let csv = app.get(&format!("{url}?format=csv")).token(token).send().await;
        assert_eq!(csv.status.as_u16(), status, "{who} (csv)");
    }
    app.get(&url).token(&w.ivano.token).header("accept", "application/pdf").send().await.problem(406);
    let p = app.get(&format!("{url}?format=pdf")).token(&w.ivano.token).send().await.problem(400);
    assert_eq!(p["errors"][0]["field"], "format");
    let preferred = app.get(&url).token(&w.ivano.token).header("accept", "text/vcard;q=0.5, text/csv").send().await.expect(200);
    assert!(preferred.header("content-type").unwrap().starts_with("text/csv"));
});

db_test!(async fn a_cluster_catalogue_covers_its_membership(app) {
    let w = app.world().await;
    let url = format!("/api/v1/clusters/{}/catalogue", w.lombardy);
    let body = app.get(&url).token(&w.paola.token).send().await.expect(200).json();
    let names: Vec<&str> = body["items"].as_array().unwrap().iter().map(|e| e["company"]["legal_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Aviometal", "Soliani Emc"]);
    let soliani_people: Vec<&str> = body["items"][1]["contacts"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(soliani_people, ["Ivano Soliani"]);
    assert!(body["items"][1]["contacts"][0].get("attended").is_none());
    app.get(&url).token(&w.ivano.token).send().await.expect(200);
    app.get(&url).token(&w.roland.token).send().await.problem(403);
    app.get(&url).token(&w.anna.token).send().await.problem(403);
    app.get(&format!("/api/v1/clusters/{}/catalogue", Uuid::new_v4())).token(&w.admin.token).send().await.problem(404);
    let vcf = app.get(&format!("{url}?format=vcf")).token(&w.paola.token).send().await.expect(200).text();
    assert!(vcf.contains("FN:Massimo Buffetto"));
    assert!(!vcf.contains("Chiara Rossi"));
});

db_test!(async fn exports_stream_across_many_pages(app) {
    let w = app.world().await;
    // More companies than one streaming chunk (200), so the export spans several.
    add_companies(&app, w.lombardy, 450).await;
    let csv = app.get(&format!("/api/v1/clusters/{}/catalogue?format=csv", w.lombardy)).token(&w.paola.token).send().await.expect(200).text();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    // Header, Buffetto, Ivano Soliani, 450 generated people.
    assert_eq!(lines.len(), 1 + 2 + 450);
    assert_eq!(lines.iter().filter(|l| l.starts_with("company,")).count(), 1, "one header");
    let companies: Vec<&str> = lines[1..].iter().map(|l| l.split(',').next().unwrap()).collect();
    // In member order (ids grow with creation): the world's two, then the generated ones,
    // whose zero-padded names grow with creation too.
    assert_eq!(companies[..2], ["Aviometal", "Soliani Emc"]);
    let generated = &companies[2..];
    assert_eq!(generated.len(), 450);
    assert!(
        generated.windows(2).all(|w| w[0] < w[1]),
        "strictly increasing across the chunks: no company twice, none out of order: {generated:?}"
    );
    assert_eq!((generated[0], generated[449]), ("Company 000", "Company 449"), "none missing");
    let vcf = app.get(&format!("/api/v1/clusters/{}/catalogue?format=vcf", w.lombardy)).token(&w.paola.token).send().await.expect(200).text();
    assert_eq!(vcf.matches("BEGIN:VCARD").count(), 452);
    // A script polling the export gets 304 until something in it changes.
    let url = format!("/api/v1/clusters/{}/catalogue?format=csv", w.lombardy);
    let etag = app.get(&url).token(&w.paola.token).send().await.expect(200).header("etag").unwrap();
    assert!(etag.starts_with("W/"));
    app.get(&url).token(&w.paola.token).header("if-none-match", &etag).send().await.expect(304);
    app.patch(&format!("/api/v1/members/{}/contacts/{}", w.aviometal, w.buffetto_contact)).token(&w.paola.token)
        .json(json!({"share_consent": false})).send().await.expect(200);
    let fresh = app.get(&url).token(&w.paola.token).header("if-none-match", &etag).send().await.expect(200).text();
    // Everyone else is still there (header, Ivano Soliani, 450 generated): only Buffetto went.
    assert_eq!(fresh.split("\r\n").filter(|l| !l.is_empty()).count(), 1 + 1 + 450);
    assert!(fresh.contains("Ivano Soliani"));
    assert!(!fresh.contains("Buffetto"));
});

db_test!(async fn outcome_figures_per_cluster(app) {
    let w = app.world().await;
    let event = day(&app, &w).await;
    app.post(&format!("/api/v1/events/{event}/agenda/generate")).token(&w.roland.token).json(json!({})).send().await.expect(200);
    let stats = app.get(&format!("/api/v1/events/{event}/stats")).token(&w.nobody.token).send().await.expect(200).json();
    assert_eq!(stats["companies"], 2);
    assert_eq!(stats["attendees"], 3);
    assert_eq!(stats["pitches"], 2);
    assert_eq!(stats["clusters"][0]["cluster_id"], w.swiss.to_string(), "host first");
    assert_eq!(stats["clusters"][0]["companies"], 1);
    assert_eq!(stats["clusters"][0]["attendees"], 1);
    assert_eq!(stats["clusters"][1]["cluster_name"], "Lombardia Aerospace Cluster");
    assert_eq!(stats["clusters"][1]["attendees"], 2);
    assert_eq!(stats["clusters"][1]["pitches"], 1);
});
