//! Text in four languages: translations of a company's profile and of an event beside the
//! original, written by who may edit the object, read back with `lang` (per field falling
//! back to the original), never by `Accept-Language` on editable resources, and searched.

use serde_json::json;

use crate::common::world::member_input;
use crate::db_test;
use crate::events::{create_event, event_body};

const GERMAN: &str = "Blechteile und Baugruppen für Flugzeugstrukturen";

db_test!(async fn member_translations_are_written_by_its_editors_and_managers_only(app) {
    let w = app.world().await;
    let url = format!("/api/v1/members/{}/translations/de", w.aviometal);
    let body = json!({"core_business": GERMAN});
    // Another company's editor, another cluster's manager, nobody: refused, nothing written.
    app.put(&url).token(&w.ivano.token).json(body.clone()).send().await.problem(403);
    app.put(&url).token(&w.roland.token).json(body.clone()).send().await.problem(403);
    app.put(&url).token(&w.nobody.token).json(body.clone()).send().await.problem(403);
    app.get(&url).token(&w.nobody.token).send().await.problem(404);
    let before = app.get(&format!("/api/v1/members/{}", w.aviometal)).token(&w.nobody.token).send().await.expect(200);
    assert_eq!(before.json()["translations"], json!({}));
    assert_eq!(before.json()["original_language"], json!(null));

    // The company's editor writes German; the member's version and ETag move on.
    let put = app.put(&url).token(&w.buffetto.token).json(json!({"core_business": format!("  {GERMAN} ")})).send().await.expect(200);
    assert_eq!(put.json(), json!({"core_business": GERMAN}), "stored trimmed");
    assert_eq!(put.header("content-language").as_deref(), Some("de"));
    let after = app.get(&format!("/api/v1/members/{}", w.aviometal)).token(&w.nobody.token).send().await.expect(200);
    assert_ne!(after.header("etag"), before.header("etag"));
    assert_eq!(after.json()["translations"], json!({"de": {"core_business": GERMAN}}));
    // The translation is a resource of its own, with its own ETag.
    let read = app.get(&url).token(&w.nobody.token).send().await.expect(200);
    assert_eq!(read.json(), json!({"core_business": GERMAN}));
    assert_eq!(read.header("etag"), put.header("etag"));
    // The same again changes nothing: same ETag, same member version.
    let again = app.put(&url).token(&w.buffetto.token).json(json!({"core_business": GERMAN})).send().await.expect(200);
    assert_eq!(again.header("etag"), put.header("etag"));
    let unchanged = app.get(&format!("/api/v1/members/{}", w.aviometal)).token(&w.nobody.token).send().await.expect(200);
    assert_eq!(unchanged.header("etag"), after.header("etag"));
    // Recorded like an edit: the audit log names the operation on the company.
    let audit = app.get(&format!("/api/v1/audit-log?object_id={}", w.aviometal)).token(&w.paola.token).send().await.expect(200).text();
    assert!(audit.contains("/translations/de"), "{audit}");

    // The cluster's manager too, with the translation's ETag; a stale one is 412.
    let etag = put.header("etag").unwrap();
    let french = json!({"core_business": "Tôlerie aéronautique", "ongoing_projects": "Nacelles"});
    app.put(&url.replace("/de", "/fr")).token(&w.paola.token).json(french.clone()).send().await.expect(200);
    app.put(&url).token(&w.paola.token).header("if-match", "\"stale\"").json(body.clone()).send().await.problem(412);
    app.put(&url).token(&w.paola.token).header("if-match", &etag)
        .json(json!({"core_business": GERMAN, "partners_sought_notes": "Zertifizierte Zulieferer"})).send().await.expect(200);
    let m = app.get(&format!("/api/v1/members/{}", w.aviometal)).token(&w.nobody.token).send().await.expect(200).json();
    assert_eq!(m["translations"]["fr"], french);
    assert_eq!(m["translations"]["de"]["partners_sought_notes"], "Zertifizierte Zulieferer");

    // Removing: the editor may; another editor may not; a second time it is gone (404).
    app.delete(&url.replace("/de", "/fr")).token(&w.ivano.token).send().await.problem(403);
    app.delete(&url.replace("/de", "/fr")).token(&w.buffetto.token).send().await.expect(204);
    app.delete(&url.replace("/de", "/fr")).token(&w.buffetto.token).send().await.problem(404);
    app.get(&url.replace("/de", "/fr")).token(&w.nobody.token).send().await.problem(404);
    let m = app.get(&format!("/api/v1/members/{}", w.aviometal)).token(&w.nobody.token).send().await.expect(200).json();
    assert!(m["translations"].get("fr").is_none(), "{m}");
    assert!(m["translations"].get("de").is_some(), "{m}");
});

db_test!(async fn translations_are_validated_like_the_originals(app) {
    let w = app.world().await;
    let base = format!("/api/v1/members/{}/translations", w.aviometal);
    // Only the four languages.
    app.put(&format!("{base}/es")).token(&w.buffetto.token).json(json!({"core_business": "Chapa"})).send().await.problem(400);
    app.get(&format!("{base}/xx")).token(&w.buffetto.token).send().await.problem(400);
    // Only translatable fields: names and tags are the same in every language.
    let p = app.put(&format!("{base}/de")).token(&w.buffetto.token).json(json!({"legal_name": "Aviometall GmbH"})).send().await.problem(422);
    assert!(p["errors"].to_string().contains("legal_name"), "{p}");
    // The originals' limits and rules.
    let p = app.put(&format!("{base}/de")).token(&w.buffetto.token).json(json!({"ongoing_projects": "x".repeat(5001)})).send().await.problem(422);
    assert_eq!(p["errors"][0]["field"], "ongoing_projects", "{p}");
    assert_eq!(p["errors"][0]["code"], "length", "{p}");
    let p = app.put(&format!("{base}/de")).token(&w.buffetto.token).json(json!({"core_business": "   "})).send().await.problem(422);
    assert_eq!(p["errors"][0]["field"], "core_business", "{p}");
    // Something to say, in German when asked.
    let p = app.put(&format!("{base}/de")).token(&w.buffetto.token).header("accept-language", "de").json(json!({})).send().await.problem(422);
    assert_eq!(p["errors"][0]["message"], "mindestens ein übersetztes Feld angeben", "{p}");
    // Not in the original's own language: the original is edited on the company itself.
    app.patch(&format!("/api/v1/members/{}", w.aviometal)).token(&w.buffetto.token).json(json!({"original_language": "it"})).send().await.expect(200);
    let p = app.put(&format!("{base}/it")).token(&w.buffetto.token).json(json!({"core_business": "Lamiera"})).send().await.problem(422);
    assert_eq!(p["errors"][0]["field"], "lang", "{p}");
    // Nor may the original's language become one that has a translation.
    app.put(&format!("{base}/de")).token(&w.buffetto.token).json(json!({"core_business": GERMAN})).send().await.expect(200);
    let p = app.patch(&format!("/api/v1/members/{}", w.aviometal)).token(&w.buffetto.token).json(json!({"original_language": "de"})).send().await.problem(422);
    assert_eq!(p["errors"][0]["field"], "original_language", "{p}");
    let m = app.get(&format!("/api/v1/members/{}", w.aviometal)).token(&w.buffetto.token).send().await.expect(200).json();
    assert_eq!(m["original_language"], "it");
});

db_test!(async fn lang_answers_in_a_language_falling_back_per_field_and_accept_language_does_not(app) {
    let w = app.world().await;
    let member = format!("/api/v1/members/{}", w.aviometal);
    let original = app.get(&member).token(&w.nobody.token).send().await.expect(200).json();
    app.put(&format!("{member}/translations/de")).token(&w.buffetto.token)
        .json(json!({"core_business": GERMAN, "ongoing_projects": "Rumpfsektionen"})).send().await.expect(200);

    let de = app.get(&format!("{member}?lang=de")).token(&w.nobody.token).send().await.expect(200);
    assert_eq!(de.header("content-language").as_deref(), Some("de"));
    let de = de.json();
    assert_eq!(de["core_business"], GERMAN);
    assert_eq!(de["ongoing_projects"], "Rumpfsektionen");
    // Not translated: the original, field by field.
    assert_eq!(de["partners_sought_notes"], original["partners_sought_notes"]);
    assert_eq!(de["legal_name"], original["legal_name"]);
    assert_eq!(de["translations"]["de"]["core_business"], GERMAN, "every translation stays in");
    // A language without translation reads the original.
    let fr = app.get(&format!("{member}?lang=fr")).token(&w.nobody.token).send().await.expect(200).json();
    assert_eq!(fr["core_business"], original["core_business"]);

    // Accept-Language never translates an editable resource: what a browser reads and
    // writes back stays the original.
    let browser = app.get(&member).token(&w.buffetto.token).header("accept-language", "de-CH, de;q=0.9").send().await.expect(200);
    assert_eq!(browser.json()["core_business"], original["core_business"]);
    assert_eq!(browser.header("content-language"), None);
    let mut body = browser.json();
    for k in ["id", "created_at", "updated_at", "translations"] {
        body.as_object_mut().unwrap().remove(k);
    }
    app.put(&member).token(&w.buffetto.token).header("accept-language", "de").json(body).send().await.expect(200);
    let m = app.get(&member).token(&w.nobody.token).send().await.expect(200).json();
    assert_eq!(m["core_business"], original["core_business"]);
    assert_eq!(m["translations"]["de"]["core_business"], GERMAN);

    // Lists take lang too.
    let list = app.get(&format!("/api/v1/members?cluster_id={}&lang=de", w.lombardy)).token(&w.nobody.token).send().await.expect(200);
    assert_eq!(list.header("content-language").as_deref(), Some("de"));
    let items = list.json()["items"].as_array().unwrap().clone();
    let avio = items.iter().find(|i| i["id"] == w.aviometal.to_string()).unwrap();
    assert_eq!(avio["core_business"], GERMAN);
    let soliani = items.iter().find(|i| i["id"] == w.soliani.to_string()).unwrap();
    assert!(soliani["core_business"].as_str().unwrap().contains("Soliani"), "{soliani}");
    app.get("/api/v1/members?lang=es").token(&w.nobody.token).send().await.problem(400);
});

db_test!(async fn the_directory_search_finds_a_company_by_its_translation(app) {
    let w = app.world().await;
    let search = |q: &str| format!("/api/v1/members?q={q}");
    let ids = |v: serde_json::Value| -> Vec<String> {
        v["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect()
    };
    let before = app.get(&search("flugzeugstrukturen")).token(&w.nobody.token).send().await.expect(200).json();
    assert!(ids(before).is_empty());
    app.put(&format!("/api/v1/members/{}/translations/de", w.aviometal)).token(&w.buffetto.token)
        .json(json!({"core_business": GERMAN})).send().await.expect(200);
    // Case and accents ignored, as for the original; words may come from either.
    let found = ids(app.get(&search("FLUGZEUGSTRUKTUREN")).token(&w.nobody.token).send().await.expect(200).json());
    assert_eq!(found, vec![w.aviometal.to_string()]);
    let found = ids(app.get(&search("baugruppen%20fur")).token(&w.nobody.token).send().await.expect(200).json());
    assert_eq!(found, vec![w.aviometal.to_string()]);
    // An edit of the profile keeps the translated words searchable.
    app.patch(&format!("/api/v1/members/{}", w.aviometal)).token(&w.buffetto.token).json(json!({"city": "Gallarate"})).send().await.expect(200);
    let found = ids(app.get(&search("flugzeugstrukturen")).token(&w.nobody.token).send().await.expect(200).json());
    assert_eq!(found, vec![w.aviometal.to_string()]);
    // Removed, it is no longer found by it.
    app.delete(&format!("/api/v1/members/{}/translations/de", w.aviometal)).token(&w.buffetto.token).send().await.expect(204);
    let found = ids(app.get(&search("flugzeugstrukturen")).token(&w.nobody.token).send().await.expect(200).json());
    assert!(found.is_empty());
});

db_test!(async fn event_translations_by_the_host_read_with_lang(app) {
    let w = app.world().await;
    let mut body = event_body(&w);
    body["original_language"] = json!("en");
    let e = create_event(&app, &w, body).await;
    assert_eq!(e["original_language"], "en");
    let id = e["id"].as_str().unwrap();
    let url = format!("/api/v1/events/{id}/translations/it");
    let italian = json!({"title": "Cluster2Cluster a Nidvaldo", "description": "22 imprenditori, pitch di 3 minuti"});
    app.post(&format!("/api/v1/events/{id}/publish")).token(&w.roland.token).send().await.expect(200);
    // A guest cluster's manager and a company's editor may not; the host's manager may.
    app.put(&url).token(&w.paola.token).json(italian.clone()).send().await.problem(403);
    app.put(&url).token(&w.buffetto.token).json(italian.clone()).send().await.problem(403);
    let put = app.put(&url).token(&w.roland.token).json(italian.clone()).send().await.expect(200);
    assert_eq!(put.json(), italian);
    // One line for a title, as for the original.
    app.put(&url.replace("/it", "/de")).token(&w.roland.token).json(json!({"title": "Zeile\nzwei"})).send().await.problem(422);
    app.put(&url.replace("/it", "/de")).token(&w.roland.token).json(json!({"venue": "Stans"})).send().await.problem(422);
    // Not in English, the original's language.
    app.put(&url.replace("/it", "/en")).token(&w.roland.token).json(json!({"title": "x"})).send().await.problem(422);

    let it = app.get(&format!("/api/v1/events/{id}?lang=it")).token(&w.buffetto.token).send().await.expect(200);
    assert_eq!(it.header("content-language").as_deref(), Some("it"));
    let it = it.json();
    assert_eq!(it["title"], italian["title"]);
    assert_eq!(it["description"], italian["description"]);
    assert_eq!(it["transport"], "Bus from Milano", "not translated: the original");
    let en = app.get(&format!("/api/v1/events/{id}?lang=en")).token(&w.buffetto.token).send().await.expect(200).json();
    assert_eq!(en["title"], "Cluster2Cluster Nidwalden");
    let plain = app.get(&format!("/api/v1/events/{id}")).token(&w.buffetto.token).header("accept-language", "it").send().await.expect(200).json();
    assert_eq!(plain["title"], "Cluster2Cluster Nidwalden");
    assert_eq!(plain["translations"]["it"], italian);
    let list = app.get("/api/v1/events?lang=it").token(&w.buffetto.token).send().await.expect(200).json();
    let item = list["items"].as_array().unwrap().iter().find(|i| i["id"] == id).unwrap().clone();
    assert_eq!(item["title"], italian["title"]);
    app.get(&url).token(&w.buffetto.token).send().await.expect(200);

    // Public pages are only read: the browser's Accept-Language chooses there, `lang` too.
    app.put(&format!("/api/v1/events/{id}/public-page")).token(&w.roland.token).json(json!({"slug": "nidwalden-translated"})).send().await.expect(200);
    let page = app.get("/api/v1/public/events/nidwalden-translated").header("accept-language", "it-CH, de;q=0.5").send().await.expect(200);
    assert_eq!(page.header("content-language").as_deref(), Some("it"));
    assert!(page.header("vary").unwrap_or_default().contains("Accept-Language"));
    assert_eq!(page.json()["title"], italian["title"]);
    let page = app.get("/api/v1/public/events/nidwalden-translated?lang=it").send().await.expect(200).json();
    assert_eq!(page["description"], italian["description"]);
    let page = app.get("/api/v1/public/events/nidwalden-translated").send().await.expect(200);
    assert_eq!(page.header("content-language"), None);
    assert_eq!(page.json()["title"], "Cluster2Cluster Nidwalden");
    let list = app.get("/api/v1/public/events?lang=it").send().await.expect(200).json();
    assert!(list["items"].as_array().unwrap().iter().any(|i| i["title"] == italian["title"]), "{list}");
    let list = app.get("/api/v1/public/events").header("accept-language", "fr").send().await.expect(200).json();
    assert!(list["items"].as_array().unwrap().iter().any(|i| i["title"] == "Cluster2Cluster Nidwalden"), "{list}");

    // Closed events are not edited, in any language.
    app.delete(&url).token(&w.roland.token).send().await.expect(204);
    app.post(&format!("/api/v1/events/{id}/close")).token(&w.roland.token).send().await.expect(200);
    app.put(&url).token(&w.roland.token).json(italian).send().await.problem(409);
});

db_test!(async fn a_new_member_may_say_its_language(app) {
    let w = app.world().await;
    let mut body = member_input(w.lombardy, "Varese Aerostrutture", "IT", "Varese");
    body["original_language"] = json!("it");
    let m = app.post("/api/v1/members").token(&w.paola.token).json(body).send().await.expect(201).json();
    assert_eq!(m["original_language"], "it");
    app.post("/api/v1/members").token(&w.paola.token)
        .json({ let mut b = member_input(w.lombardy, "Other", "IT", "Como"); b["original_language"] = json!("es"); b })
        .send().await.problem(422);
});

/// vCard text with its folded lines joined again (RFC 6350 §3.2).
fn unfolded(text: &str) -> String {
    text.replace("\r\n ", "")
}

db_test!(async fn catalogue_files_take_lang_and_keep_a_pitch_rewritten_for_the_event(app) {
    let w = app.world().await;
    app.put(&format!("/api/v1/members/{}/translations/de", w.aviometal)).token(&w.buffetto.token)
        .json(json!({"core_business": GERMAN})).send().await.expect(200);
    let cluster = format!("/api/v1/clusters/{}", w.lombardy);
    let avio = |body: &serde_json::Value| body["items"].as_array().unwrap().iter()
        .find(|e| e["company"]["id"] == json!(w.aviometal)).unwrap()["pitch"]["core_business"].clone();
    // JSON: German with lang=de, the original without and for a language not translated.
    let original = avio(&app.get(&format!("{cluster}/catalogue")).token(&w.paola.token).send().await.expect(200).json());
    assert_ne!(original, json!(GERMAN));
    let de = app.get(&format!("{cluster}/catalogue?lang=de")).token(&w.paola.token).send().await.expect(200);
    assert_eq!(avio(&de.json()), json!(GERMAN));
    assert_eq!(de.header("content-language").as_deref(), Some("de"));
    let fr = app.get(&format!("{cluster}/catalogue?lang=fr")).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(avio(&fr), original, "per field, the original where no translation exists");
    // The files: CSV (by operation and by format=), vCard's NOTE, the companies file.
    for url in [format!("{cluster}/catalogue.csv?lang=de"), format!("{cluster}/catalogue?format=csv&lang=de"),
                format!("{cluster}/catalogue.vcf?lang=de"), format!("{cluster}/companies.csv?lang=de")] {
        let resp = app.get(&url).token(&w.paola.token).send().await.expect(200);
        assert!(unfolded(&resp.text()).contains(GERMAN), "{url}: {}", resp.text());
        assert_eq!(resp.header("content-language").as_deref(), Some("de"), "{url}");
        let plain = app.get(&url.replace("lang=de", "lang=it")).token(&w.paola.token).send().await.expect(200);
        assert!(!unfolded(&plain.text()).contains(GERMAN), "{url}");
        // Another language, another tag: a 304 never hands out the other language's file.
        let etag = resp.header("etag").unwrap();
        assert_ne!(plain.header("etag"), Some(etag.clone()), "{url}");
        app.get(&url).token(&w.paola.token).header("If-None-Match", &etag).send().await.expect(304);
    }
    app.get(&format!("{cluster}/catalogue.csv?lang=xx")).token(&w.paola.token).send().await.problem(400);

    // An event's catalogue: the pitch prefilled from the profile reads in German; once the
    // company rewrites it for the event, no translation of it exists and it stays as written.
    let event = crate::events::published_event(&app, &w).await;
    let reg = crate::events::register(&app, &w.buffetto.token, event, w.aviometal, &[w.buffetto_contact]).await.expect(201).json();
    let url = format!("/api/v1/events/{event}/catalogue.csv?lang=de");
    assert!(app.get(&url).token(&w.buffetto.token).send().await.expect(200).text().contains(GERMAN));
    app.patch(&format!("/api/v1/events/{event}/registrations/{}", reg["id"].as_str().unwrap())).token(&w.buffetto.token)
        .json(json!({"pitch": {"core_business": "Aerostructures for this day only"}})).send().await.expect(200);
    let text = app.get(&url).token(&w.buffetto.token).send().await.expect(200).text();
    assert!(text.contains("Aerostructures for this day only") && !text.contains(GERMAN), "{text}");
});

db_test!(async fn the_agenda_calendar_takes_lang_for_the_events_title(app) {
    let w = app.world().await;
    let event = crate::events::published_event(&app, &w).await;
    app.post(&format!("/api/v1/events/{event}/agenda/generate")).token(&w.roland.token).json(json!({})).send().await.expect(200);
    let italian = "Cluster2Cluster a Nidvaldo";
    app.put(&format!("/api/v1/events/{event}/translations/it")).token(&w.roland.token)
        .json(json!({"title": italian})).send().await.expect(200);
    let url = format!("/api/v1/events/{event}/agenda.ics");
    let it = app.get(&format!("{url}?lang=it")).token(&w.buffetto.token).send().await.expect(200);
    let text = unfolded(&it.text());
    assert!(text.contains(&format!("X-WR-CALNAME:{italian}")), "{text}");
    assert!(text.matches(italian).count() > 2, "the name and each entry's summary: {text}");
    assert_eq!(it.header("content-language").as_deref(), Some("it"));
    // Without lang, or in a language not translated: the original; another tag.
    for other in [url.clone(), format!("{url}?lang=fr")] {
        let plain = app.get(&other).token(&w.buffetto.token).send().await.expect(200);
        assert!(!unfolded(&plain.text()).contains(italian), "{other}");
        assert_ne!(plain.header("etag"), it.header("etag"), "{other}");
    }
    // The JSON operation's iCalendar is the same file.
    let twin = app.get(&format!("/api/v1/events/{event}/agenda?format=ics&lang=it")).token(&w.buffetto.token).send().await.expect(200);
    assert_eq!(twin.text(), it.text());
    app.get(&format!("{url}?lang=xx")).token(&w.buffetto.token).send().await.problem(400);
});
