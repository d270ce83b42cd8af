//! Agenda titles in four languages: the items the service writes come with their
//! translations, organisers give their own with the items they write, a new title drops the
//! old one's translations; `lang` reads the agenda (JSON, `agenda.ics`, the public page) and
//! the calendar feed speaks its owner's language.

use serde_json::json;

use crate::agenda::{registered_day, titles};
use crate::common::Resp;
use crate::db_test;
use crate::events::register;

db_test!(async fn generated_items_come_in_four_languages_and_lang_reads_them(app) {
    let w = app.world().await;
    let event = registered_day(&app, &w).await;
    let base = format!("/api/v1/events/{event}/agenda");
    let a = app.post(&format!("{base}/generate")).token(&w.roland.token)
        .json(json!({"break_every": 2, "break_minutes": 15})).send().await.expect(200).json();
    assert_eq!(a["items"][0]["original_language"], "en");
    assert_eq!(a["items"][0]["translations"]["it"]["title"], "Benvenuto");
    assert_eq!(a["items"][1]["translations"]["fr"]["title"], "Présentation : Swiss Aerospace Cluster");
    assert_eq!(a["items"][3]["translations"], json!({"fr": {"title": "Pitch : Helvetic Aero Services AG"}}), "only where it reads differently");
    let english = titles(&a);

    let it = app.get(&format!("{base}?lang=it")).token(&w.nobody.token).send().await.expect(200);
    assert_eq!(it.header("content-language").as_deref(), Some("it"));
    let it = it.json();
    assert_eq!(
        titles(&it),
        ["Benvenuto", "Presentazione: Swiss Aerospace Cluster", "Presentazione: Lombardia Aerospace Cluster",
         "Pitch: Helvetic Aero Services AG", "Pitch: Soliani Emc", "Pausa", "Pitch: Aviometal", "Networking"]
    );
    assert_eq!(it["items"][0]["translations"], a["items"][0]["translations"], "all the translations, whatever lang asked");
    let en = app.get(&format!("{base}?lang=en")).token(&w.nobody.token).send().await.expect(200).json();
    assert_eq!(titles(&en), english, "English is the original");
    let plain = app.get(&base).token(&w.nobody.token).header("accept-language", "de").send().await.expect(200);
    assert_eq!(plain.header("content-language"), None);
    assert_eq!(titles(&plain.json()), english, "only lang translates");

    // The calendar file too: the titles of the items and of the event.
    let ics = app.get(&format!("{base}.ics?lang=de")).token(&w.nobody.token).send().await.expect(200).text();
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains("SUMMARY:Begrüssung — "), "{unfolded}");
    assert!(unfolded.contains("SUMMARY:Vorstellung: Lombardia Aerospace Cluster — "), "{unfolded}");
    assert!(!unfolded.contains("SUMMARY:Welcome"), "{unfolded}");
});

db_test!(async fn organisers_write_item_titles_in_their_language_with_translations(app) {
    let w = app.world().await;
    let event = registered_day(&app, &w).await;
    let base = format!("/api/v1/events/{event}/agenda");
    app.post(&format!("{base}/generate")).token(&w.roland.token).json(json!({})).send().await.expect(200);
    let coffee = json!({"kind": "break", "title": "Pausa caffè", "original_language": "it", "duration_minutes": 20,
        "translations": {"de": {"title": " Kaffeepause "}, "en": {"title": "Coffee break"}}});
    let made = app.post(&format!("{base}/items")).token(&w.roland.token).json(coffee.clone()).send().await.expect(201);
    let item_url = made.header("location").unwrap();
    let item = app.get(&item_url).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(item["original_language"], "it");
    assert_eq!(item["translations"], json!({"de": {"title": "Kaffeepause"}, "en": {"title": "Coffee break"}}), "stored trimmed");
    let de = app.get(&format!("{base}?lang=de")).token(&w.nobody.token).send().await.expect(200).json();
    assert_eq!(titles(&de).last().unwrap(), "Kaffeepause");
    let it = app.get(&format!("{base}?lang=it")).token(&w.nobody.token).send().await.expect(200).json();
    assert_eq!(titles(&it).last().unwrap(), "Pausa caffè", "the original's own language reads the original");
    let fr = app.get(&format!("{base}?lang=fr")).token(&w.nobody.token).send().await.expect(200).json();
    assert_eq!(titles(&fr).last().unwrap(), "Pausa caffè", "no French: the original");

    // Checked like the translations of events, each error where it is; nothing is written.
    let before = app.get(&base).token(&w.roland.token).send().await.expect(200).json();
    let mut bad = coffee.clone();
    bad["translations"] = json!({"it": {"title": "Pausa"}, "fr": {}, "de": {"title": "Kaffee\npause"}});
    let p = app.post(&format!("{base}/items")).token(&w.roland.token).header("accept-language", "en").json(bad).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["translations.it", "translations.de.title", "translations.fr"], "{p}");
    let mut unknown = coffee.clone();
    unknown["translations"] = json!({"es": {"title": "Pausa café"}});
    let p = app.post(&format!("{base}/items")).token(&w.roland.token).json(unknown).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["translations.es"], "{p}");
    let mut extra = coffee.clone();
    extra["translations"] = json!({"de": {"title": "Pause", "notes": "x"}});
    let p = app.post(&format!("{base}/items")).token(&w.roland.token).json(extra).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["translations.de.notes"], "{p}");
    assert_eq!(app.get(&base).token(&w.roland.token).send().await.expect(200).json(), before);

    // A new title drops the translations of the old one; a change may give new ones.
    let break_id = before["items"].as_array().unwrap().iter().find(|i| i["kind"] == "networking").unwrap()["id"].as_str().unwrap().to_owned();
    let renamed = app.patch(&format!("{base}/items/{break_id}")).token(&w.roland.token)
        .json(json!({"title": "Aperitivo", "original_language": "it"})).send().await.expect(200).json();
    let item = renamed["items"].as_array().unwrap().iter().find(|i| i["id"] == break_id.as_str()).unwrap().clone();
    assert_eq!(item["translations"], json!({}));
    assert_eq!(item["original_language"], "it");
    let renamed = app.patch(&format!("{base}/items/{break_id}")).token(&w.roland.token)
        .json(json!({"translations": {"fr": {"title": "Apéritif"}}})).send().await.expect(200).json();
    let item = renamed["items"].as_array().unwrap().iter().find(|i| i["id"] == break_id.as_str()).unwrap().clone();
    assert_eq!(item["translations"], json!({"fr": {"title": "Apéritif"}}));
    // The original's language cannot become one that has a translation.
    let p = app.patch(&format!("{base}/items/{break_id}")).token(&w.roland.token)
        .json(json!({"original_language": "fr"})).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["translations.fr"], "{p}");
    // Only who edits the agenda.
    app.patch(&format!("{base}/items/{break_id}")).token(&w.paola.token)
        .json(json!({"translations": {"de": {"title": "Apéro"}}})).send().await.problem(403);

    // The public page reads by the browser's language.
    app.put(&format!("/api/v1/events/{event}/public-page")).token(&w.roland.token).json(json!({"slug": "agenda-languages"})).send().await.expect(200);
    let page = app.get("/api/v1/public/events/agenda-languages").header("accept-language", "fr-CH").send().await.expect(200).json();
    assert_eq!(titles(&page["agenda"])[0], "Accueil");
    assert!(titles(&page["agenda"]).contains(&"Apéritif".to_owned()));
});

db_test!(async fn the_calendar_feed_speaks_its_owners_language(app) {
    let w = app.world().await;
    // Inside the feed's window (a year ahead), Ivano's company registered.
    let event = crate::calendar_feed::upcoming_event(&app, &w, "Cluster2Cluster Stans").await;
    register(&app, &w.ivano.token, event.parse().unwrap(), w.soliani, &[w.soliani_contact]).await.expect(201);
    app.post(&format!("/api/v1/events/{event}/agenda/generate")).token(&w.roland.token).json(json!({})).send().await.expect(200);
    app.put(&format!("/api/v1/events/{event}/translations/it")).token(&w.roland.token)
        .json(json!({"title": "Giornata Cluster2Cluster"})).send().await.expect(200);
    let path = app.post("/api/v1/me/calendar-feed").token(&w.ivano.token).send().await.expect(201).json()["path"]
        .as_str().unwrap().to_owned();

    let english = app.get(&path).send().await.expect(200);
    assert_eq!(english.header("content-language").as_deref(), Some("en"), "the account's language");
    let english = english.text().replace("\r\n ", "");
    assert!(english.contains("SUMMARY:Welcome — "), "{english}");

    app.patch("/api/v1/me").token(&w.ivano.token).json(json!({"language": "it"})).send().await.expect(200);
    let italian = app.get(&path).send().await.expect(200);
    assert_eq!(italian.header("content-language").as_deref(), Some("it"));
    let italian = italian.text().replace("\r\n ", "");
    assert!(italian.contains("SUMMARY:Benvenuto — Giornata Cluster2Cluster\r\n"), "{italian}");
    assert!(italian.contains("SUMMARY:Presentazione: Swiss Aerospace Cluster — Giornata Cluster2Cluster\r\n"), "{italian}");

    // A second subscription in another language: `lang` in the address.
    let german = app.get(&format!("{path}?lang=de")).send().await.expect(200);
    assert_eq!(german.header("content-language").as_deref(), Some("de"));
    let german = german.text().replace("\r\n ", "");
    assert!(german.contains("SUMMARY:Begrüssung — "), "{german}");
    assert!(!german.contains("Giornata"), "no German title: the original");
    app.get(&format!("{path}?lang=es")).send().await.problem(400);
});
