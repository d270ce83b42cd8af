//! CRM-ready catalogues and address books: contact names in parts (given / family) that
//! clients read and correct, the catalogue CSV's appended CRM columns, the companies file
//! (also companies with nobody shared), and vCard 3.0 beside 4.0 — every file read back
//! with the parsers people's tools use (Python's csv, vobject).

use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{Resp, TestApp, World, python, run_python};
use crate::db_test;
use crate::events::{published_event, register};

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn contact_url(member: Uuid, contact: Uuid) -> String {
    format!("/api/v1/members/{member}/contacts/{contact}")
}

async fn parts(app: &TestApp, token: &str, member: Uuid, contact: Uuid) -> (Value, Value) {
    let c = app
        .get(&contact_url(member, contact))
        .token(token)
        .send()
        .await
        .expect(200)
        .json();
    (c["given_name"].clone(), c["family_name"].clone())
}

db_test!(async fn names_are_split_on_create_and_kept_as_clients_state_them(app) {
    let w = app.world().await;
    let url = format!("/api/v1/members/{}/contacts", w.aviometal);
    // Only a name: split, the particle with the family name.
    let c = app.post(&url).token(&w.buffetto.token)
        .json(json!({"name": "  Maria Grazia  De Luca ", "share_consent": true}))
        .send().await.expect(201).json();
    assert_eq!((&c["name"], &c["given_name"], &c["family_name"]),
        (&json!("Maria Grazia  De Luca"), &json!("Maria Grazia"), &json!("De Luca")), "{c}");
    // One word: a family name only.
    let c = app.post(&url).token(&w.buffetto.token).json(json!({"name": "D’Andrea"}))
        .send().await.expect(201).json();
    assert_eq!((&c["given_name"], &c["family_name"]), (&Value::Null, &json!("D’Andrea")));
    // Stated parts are kept as stated, whatever the display name.
    let c = app.post(&url).token(&w.buffetto.token)
        .json(json!({"name": "Dr. Jan van der Berg", "given_name": " Jan ", "family_name": "van der Berg"}))
        .send().await.expect(201).json();
    assert_eq!((&c["given_name"], &c["family_name"]), (&json!("Jan"), &json!("van der Berg")));
    // Parts are validated like names: not blank, one line, at most 200 characters.
    for (field, bad) in [("given_name", json!("")), ("family_name", json!("Rossi\nEND:VCARD")),
                         ("given_name", json!("x".repeat(201))), ("family_name", json!("   "))] {
        let p = app.post(&url).token(&w.buffetto.token)
            .json(json!({"name": "Anna Keller", field: bad})).send().await.problem(422);
        let mut fields = Resp::error_fields(&p);
        fields.dedup();
        assert_eq!(fields, vec![field.to_owned()], "{p}");
    }
});

db_test!(async fn guessed_parts_follow_the_name_and_corrected_parts_stay(app) {
    let w = app.world().await;
    let (m, c, t) = (w.soliani, w.rossi_contact, &w.ivano.token);
    assert_eq!(parts(&app, t, m, c).await, (json!("Chiara"), json!("Rossi")));
    // The parts were a guess: a new name moves them along.
    app.patch(&contact_url(m, c)).token(t).json(json!({"name": "Chiara della Rovere"})).send().await.expect(200);
    assert_eq!(parts(&app, t, m, c).await, (json!("Chiara"), json!("della Rovere")));
    // A client corrects them (a double family name) ...
    let body = app.patch(&contact_url(m, c)).token(t)
        .json(json!({"family_name": "della Rovere Sforza"})).send().await.expect(200).json();
    assert_eq!((&body["given_name"], &body["family_name"]), (&json!("Chiara"), &json!("della Rovere Sforza")));
    // ... and the correction survives a change of the display name.
    app.patch(&contact_url(m, c)).token(t).json(json!({"name": "Chiara D. R. Sforza"})).send().await.expect(200);
    assert_eq!(parts(&app, t, m, c).await, (json!("Chiara"), json!("della Rovere Sforza")));
    // Both set to null: split from the name again.
    app.patch(&contact_url(m, c)).token(t).json(json!({"given_name": null, "family_name": null})).send().await.expect(200);
    assert_eq!(parts(&app, t, m, c).await, (json!("Chiara D. R."), json!("Sforza")));
    // A PUT without parts splits too; with them, keeps them.
    let put = |body: Value| app.put(&contact_url(m, c)).token(t).json(body);
    let got = put(json!({"name": "Ludwig van Beethoven"})).send().await.expect(200).json();
    assert_eq!((&got["given_name"], &got["family_name"]), (&json!("Ludwig"), &json!("van Beethoven")));
    let got = put(json!({"name": "Ludwig van Beethoven", "given_name": "Ludwig", "family_name": "Beethoven"})).send().await.expect(200).json();
    assert_eq!((&got["given_name"], &got["family_name"]), (&json!("Ludwig"), &json!("Beethoven")));
    // Erased, the person keeps no parts.
    app.post(&format!("{}/erase", contact_url(m, c))).token(t).send().await.expect(204);
    let list = app.get(&format!("/api/v1/members/{m}/contacts?include_removed=true")).token(t).send().await.expect(200).json();
    let gone = list["items"].as_array().unwrap().iter().find(|i| i["id"] == c.to_string()).unwrap().clone();
    assert_eq!((&gone["given_name"], &gone["family_name"]), (&Value::Null, &Value::Null), "{gone}");
    use cluster2cluster::store::schema::contacts;
    use diesel::prelude::*;
    let stored: (Option<String>, Option<String>) = app.db().run(move |conn| {
        Ok(contacts::table.find(c.to_string()).select((contacts::given_name, contacts::family_name)).first(conn)?)
    }).await.unwrap();
    assert_eq!(stored, (None, None), "erasure clears the parts in the database too");
});

db_test!(async fn people_written_before_names_had_parts_get_theirs_at_start_up(app) {
    let w = app.world().await;
    use cluster2cluster::store::schema::contacts;
    use diesel::prelude::*;
    let (keller, before) = (w.keller_contact.to_string(), chrono::Utc::now().naive_utc());
    // As the rows were before migration 000032; one of them with particles.
    let k = keller.clone();
    let versions: Vec<(String, i32, chrono::NaiveDateTime)> = app.db().run(move |conn| {
        diesel::update(contacts::table).set((contacts::given_name.eq(None::<String>), contacts::family_name.eq(None::<String>))).execute(conn)?;
        diesel::update(contacts::table.find(&k)).set(contacts::name.eq("Anna van der Keller")).execute(conn)?;
        Ok(contacts::table.select((contacts::id, contacts::version, contacts::updated_at)).order(contacts::id).load(conn)?)
    }).await.unwrap();
    // Until then, readers see the split anyway.
    assert_eq!(parts(&app, &w.anna.token, w.helvetic, w.keller_contact).await, (json!("Anna"), json!("van der Keller")));
    let mut conn = app.db().get().unwrap();
    cluster2cluster::store::run_migrations(&mut conn).unwrap();
    drop(conn);
    let k = keller.clone();
    type Names = (Option<String>, Option<String>);
    type Versions = Vec<(String, i32, chrono::NaiveDateTime)>;
    let (missing, stored, after): (i64, Names, Versions) = app.db().run(move |conn| {
        Ok((
            contacts::table.filter(contacts::family_name.is_null()).count().get_result(conn)?,
            contacts::table.find(&k).select((contacts::given_name, contacts::family_name)).first(conn)?,
            contacts::table.select((contacts::id, contacts::version, contacts::updated_at)).order(contacts::id).load(conn)?,
        ))
    }).await.unwrap();
    assert_eq!(missing, 0);
    assert_eq!(stored, (Some("Anna".into()), Some("van der Keller".into())));
    // Not a change anybody made: versions and times stay.
    assert_eq!(after, versions);
    assert!(after.iter().all(|(_, _, at)| *at < before));
});

const READ_CSV: &str = r#"
import csv, io, json, sys
data = json.loads(sys.stdin.read())
rfc = bytes.fromhex(data["rfc"]).decode("utf-8")
excel = bytes.fromhex(data["excel"]).decode("utf-8-sig")
print(json.dumps({
    "rfc": list(csv.DictReader(io.StringIO(rfc, newline=""))),
    "excel": list(csv.DictReader(io.StringIO(excel, newline=""), delimiter=";")),
    "header": next(csv.reader(io.StringIO(rfc, newline=""))),
}, ensure_ascii=False))
"#;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The file at `url` (with its query) in both dialects, read back by Python's csv: the
/// header and the rows of each, which must hold the same cells.
async fn read_csv(app: &TestApp, token: &str, url: &str) -> (Vec<String>, Vec<Value>) {
    let sep = if url.contains('?') { '&' } else { '?' };
    let rfc = app.get(url).token(token).send().await.expect(200);
    let excel = app
        .get(&format!("{url}{sep}dialect=excel"))
        .token(token)
        .send()
        .await
        .expect(200);
    for r in [&rfc, &excel] {
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("text/csv; charset=utf-8"),
            "{url}"
        );
    }
    assert!(
        excel.body.starts_with(BOM) && !rfc.body.starts_with(BOM),
        "{url}"
    );
    assert_ne!(rfc.header("etag"), excel.header("etag"), "{url}");
    let py = python().expect("python for the CSV checks");
    let input = json!({"rfc": hex(&rfc.body), "excel": hex(&excel.body)}).to_string();
    let read: Value = serde_json::from_str(&run_python(&py, READ_CSV, input.as_bytes())).unwrap();
    assert_eq!(
        read["rfc"], read["excel"],
        "{url}: the same cells in both dialects"
    );
    (
        serde_json::from_value(read["header"].clone()).unwrap(),
        read["rfc"].as_array().unwrap().clone(),
    )
}

/// The columns scripts read by position, unchanged, then the CRM columns.
const CATALOGUE_COLUMNS: [&str; 20] = [
    "company",
    "cluster",
    "company_country",
    "company_city",
    "website",
    "core_business",
    "areas_of_interest",
    "partners_sought",
    "ongoing_projects",
    "contact_name",
    "contact_role",
    "email",
    "phone",
    "languages",
    "attended",
    "member_id",
    "contact_id",
    "given_name",
    "family_name",
    "company_domain",
];

const COMPANY_COLUMNS: [&str; 12] = [
    "member_id",
    "name",
    "domain",
    "domain_url",
    "website",
    "city",
    "country",
    "description",
    "cluster",
    "cluster_id",
    "registration_id",
    "shared_contacts",
];

/// Soliani Emc has nobody who consents any more (Ivano withdraws; Chiara Rossi never did);
/// Aviometal gets a website and a corrected double family name for Buffetto.
async fn crm_world(app: &TestApp, w: &World) {
    app.patch(&contact_url(w.soliani, w.soliani_contact))
        .token(&w.ivano.token)
        .json(json!({"share_consent": false}))
        .send()
        .await
        .expect(200);
    app.patch(&format!("/api/v1/members/{}", w.aviometal)).token(&w.paola.token)
        .json(json!({"website": "https://www.Aviometal.example/chi-siamo", "legal_name": "=Aviometal, S.p.A."}))
        .send().await.expect(200);
    app.patch(&contact_url(w.aviometal, w.buffetto_contact)).token(&w.buffetto.token)
        .json(json!({"name": "Massimo Buffetto", "given_name": "Massimo", "family_name": "Buffetto Ferrari"}))
        .send().await.expect(200);
}

db_test!(async fn the_catalogue_csv_appends_ids_name_parts_and_the_company_domain(app) {
    let w = app.world().await;
    crm_world(&app, &w).await;
    // Buffetto edits Aviometal only: for Soliani's people he is nobody special.
    let url = format!("/api/v1/clusters/{}/catalogue?format=csv", w.lombardy);
    let (header, rows) = read_csv(&app, &w.buffetto.token, &url).await;
    assert_eq!(header, CATALOGUE_COLUMNS);
    assert_eq!(rows.len(), 1, "only Buffetto consents in Lombardy now: {rows:?}");
    let r = &rows[0];
    assert_eq!(r["company"], "'=Aviometal, S.p.A.", "text stays guarded");
    assert_eq!(r["member_id"], w.aviometal.to_string());
    assert_eq!(r["contact_id"], w.buffetto_contact.to_string());
    assert_eq!((&r["given_name"], &r["family_name"]), (&json!("Massimo"), &json!("Buffetto Ferrari")));
    assert_eq!(r["contact_name"], "Massimo Buffetto");
    assert_eq!(r["company_domain"], "aviometal.example");
    // The event's catalogue has the same columns.
    let event = published_event(&app, &w).await;
    register(&app, &w.buffetto.token, event, w.aviometal, &[w.buffetto_contact]).await.expect(201);
    let (header, rows) = read_csv(&app, &w.roland.token, &format!("/api/v1/events/{event}/catalogue?format=csv")).await;
    assert_eq!(header, CATALOGUE_COLUMNS);
    assert_eq!(rows[0]["family_name"], "Buffetto Ferrari");
    assert_eq!(rows[0]["attended"], "no");
});

db_test!(async fn the_companies_file_lists_companies_with_nobody_shared_but_never_their_people(app) {
    let w = app.world().await;
    crm_world(&app, &w).await;
    let url = format!("/api/v1/clusters/{}/companies.csv", w.lombardy);
    let (header, rows) = read_csv(&app, &w.buffetto.token, &url).await;
    assert_eq!(header, COMPANY_COLUMNS);
    assert_eq!(rows.len(), 2, "both Lombard companies: {rows:?}");
    let row = |id: Uuid| rows.iter().find(|r| r["member_id"] == id.to_string()).unwrap().clone();
    let (avio, soliani) = (row(w.aviometal), row(w.soliani));
    assert_eq!(avio["name"], "'=Aviometal, S.p.A.");
    assert_eq!(avio["domain"], "aviometal.example");
    assert_eq!(avio["domain_url"], "https://aviometal.example");
    assert_eq!(avio["website"], "https://www.aviometal.example/chi-siamo", "stored normalised");
    assert_eq!((&avio["city"], &avio["country"]), (&json!("Varese"), &json!("IT")));
    assert_eq!(avio["cluster"], "Lombardia Aerospace Cluster");
    assert_eq!(avio["cluster_id"], w.lombardy.to_string());
    assert_eq!(avio["shared_contacts"], "1");
    assert!(avio["description"].as_str().unwrap().starts_with("Aviometal: aerospace parts\nAreas of interest: aerostructures"), "{avio}");
    // The company nobody of which consents is there, with none of its people.
    assert_eq!(soliani["name"], "Soliani Emc");
    assert_eq!(soliani["shared_contacts"], "0");
    assert_eq!(soliani["domain"], "");
    // Nowhere in any file of the cluster: neither the file of companies, nor the catalogue in
    // CSV or vCard, for this reader or for the cluster's manager.
    for token in [&w.buffetto.token, &w.paola.token] {
        for file in [url.clone(), format!("/api/v1/clusters/{}/catalogue?format=csv", w.lombardy),
                     format!("/api/v1/clusters/{}/catalogue?format=vcf&version=3.0", w.lombardy),
                     format!("/api/v1/clusters/{}/catalogue?format=vcf", w.lombardy)] {
            let text = app.get(&file).token(token).send().await.expect(200).text();
            for secret in ["Rossi", "chiara@soliani.example", "Ivano", "ivano@soliani.example"] {
                assert!(!text.contains(secret), "{secret} in {file}:\n{text}");
            }
        }
    }
    // The same readers as the catalogue's: the cluster's managers, its members' editors,
    // admins; nobody else (an unknown cluster is not found).
    for (who, token) in [("admin", &w.admin.token), ("paola", &w.paola.token), ("ivano", &w.ivano.token)] {
        assert_eq!(app.get(&url).token(token).send().await.status, 200, "{who}");
    }
    for token in [&w.roland.token, &w.anna.token, &w.nobody.token] {
        app.get(&url).token(token).send().await.problem(403);
    }
    app.get(&format!("/api/v1/clusters/{}/companies.csv", Uuid::now_v7())).token(&w.admin.token).send().await.problem(404);
    app.get(&url).send().await.problem(401);
    // A tag that holds while nothing changes, and changes with the data.
    let first = app.get(&url).token(&w.paola.token).send().await.expect(200);
    let etag = first.header("etag").unwrap();
    app.get(&url).token(&w.paola.token).header("if-none-match", &etag).send().await.expect(304);
    app.patch(&contact_url(w.soliani, w.rossi_contact)).token(&w.ivano.token)
        .json(json!({"share_consent": true})).send().await.expect(200);
    app.get(&url).token(&w.paola.token).header("if-none-match", &etag).send().await.expect(200);
    let (_, rows) = read_csv(&app, &w.paola.token, &url).await;
    let soliani = rows.iter().find(|r| r["member_id"] == w.soliani.to_string()).unwrap();
    assert_eq!(soliani["shared_contacts"], "1", "Chiara Rossi consents now");
    // Unknown parameters are refused, like everywhere.
    app.get(&format!("{url}?format=csv")).token(&w.paola.token).send().await.problem(400);
});

db_test!(async fn an_events_companies_file_has_its_registered_companies(app) {
    let w = app.world().await;
    crm_world(&app, &w).await;
    let event = published_event(&app, &w).await;
    let soliani_reg = register(&app, &w.ivano.token, event, w.soliani, &[w.rossi_contact]).await.expect(201).json();
    register(&app, &w.anna.token, event, w.helvetic, &[w.keller_contact]).await.expect(201);
    let url = format!("/api/v1/events/{event}/companies.csv");
    // Anna (an attendee's editor) is no editor of Soliani.
    let (header, rows) = read_csv(&app, &w.anna.token, &url).await;
    assert_eq!(header, COMPANY_COLUMNS);
    assert_eq!(rows.len(), 2, "{rows:?}");
    let soliani = rows.iter().find(|r| r["member_id"] == w.soliani.to_string()).unwrap();
    assert_eq!(soliani["registration_id"], soliani_reg["id"]);
    assert_eq!(soliani["shared_contacts"], "0");
    let helvetic = rows.iter().find(|r| r["member_id"] == w.helvetic.to_string()).unwrap();
    assert_eq!((&helvetic["shared_contacts"], &helvetic["cluster"]), (&json!("1"), &json!("Swiss Aerospace Cluster")));
    let text = app.get(&url).token(&w.anna.token).send().await.expect(200).text();
    assert!(!text.contains("Rossi") && !text.contains("Aviometal"), "{text}");
    // The catalogue's readers: organisers (host and guest managers, admins) and attendees'
    // companies; not a company that is not registered, nor somebody without a role.
    for token in [&w.roland.token, &w.paola.token, &w.admin.token, &w.ivano.token] {
        app.get(&url).token(token).send().await.expect(200);
    }
    for token in [&w.buffetto.token, &w.nobody.token] {
        let status = app.get(&url).token(token).send().await.status;
        assert!(status == 403 || status == 404, "{status}");
    }
    app.get(&format!("/api/v1/events/{}/companies.csv", Uuid::now_v7())).token(&w.admin.token).send().await.problem(404);
});

const READ_CARDS: &str = r#"
import json, sys, vobject
data = sys.stdin.buffer.read().decode("utf-8")
cards = []
for card in vobject.readComponents(data, validate=True):
    cards.append({
        "version": card.version.value,
        "fn": card.fn.value,
        "n": [card.n.value.family, card.n.value.given],
        "org": card.org.value,
        "title": card.title.value if hasattr(card, "title") else None,
        "email": [card.email.value, card.email.params.get("TYPE")] if hasattr(card, "email") else None,
        "tel": [card.tel.value, card.tel.params.get("TYPE")] if hasattr(card, "tel") else None,
        "url": card.url.value if hasattr(card, "url") else None,
        "note": card.note.value,
        "names": sorted(c.name for c in card.getChildren()),
    })
print(json.dumps(cards, ensure_ascii=False))
"#;

/// Hostile text for names and titles (one line) and for the pitch (any text).
const HOSTILE: &[(&str, &str)] = &[
    (
        "Semi;colon, comma\\back \"quote\"",
        "Comma, semicolon; backslash \\ and more",
    ),
    (
        "Jürg D’Andrea-Müller 😀",
        "Non-ASCII: Zürich, Köln, Genève — 😀",
    ),
    (
        "X:END:VCARD;BEGIN:VCARD",
        "First\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Forged",
    ),
    ("=HYPERLINK(\"x\") van der Berg", "Bare CR\rand LF\nlines"),
];

db_test!(async fn vcard_3_and_4_carry_hostile_names_intact_through_vobject(app) {
    let w = app.world().await;
    let Some(py) = python() else { return };
    let url = format!("/api/v1/clusters/{}/catalogue?format=vcf", w.swiss);
    for (one, many) in HOSTILE {
        app.patch(&format!("/api/v1/members/{}", w.helvetic)).token(&w.anna.token)
            .json(json!({"legal_name": one, "core_business": many, "website": "https://helvetic.example/a;b,c"}))
            .send().await.expect(200);
        // The parts as the service splits them, read back from the API.
        let c = app.patch(&contact_url(w.helvetic, w.keller_contact)).token(&w.anna.token)
            .json(json!({"name": one, "role": one, "given_name": null, "family_name": null}))
            .send().await.expect(200).json();
        let n = json!([c["family_name"], c["given_name"].as_str().unwrap_or("")]);
        for (version, query) in [("4.0", String::new()), ("4.0", "&version=4.0".into()), ("3.0", "&version=3.0".into())] {
            let resp = app.get(&format!("{url}{query}")).token(&w.anna.token).send().await.expect(200);
            assert_eq!(resp.header("content-type").as_deref(), Some("text/vcard; charset=utf-8"));
            let text = resp.text();
            let cards: Value = serde_json::from_str(&run_python(&py, READ_CARDS, text.as_bytes())).unwrap();
            let cards = cards.as_array().unwrap();
            assert_eq!(cards.len(), 1, "{one:?} {version}: one person, one card\n{text}");
            let card = &cards[0];
            assert_eq!(card["version"], version);
            assert_eq!(card["fn"], *one, "{version}\n{text}");
            assert_eq!(card["n"], n, "{version}\n{text}");
            assert_eq!(card["org"], json!([one]));
            assert_eq!(card["title"], *one);
            assert_eq!(card["url"], "https://helvetic.example/a%3Bb%2Cc");
            let note = card["note"].as_str().unwrap();
            assert!(note.starts_with(&many.replace("\r\n", "\n").replace('\r', "\n")), "{version}: {note:?}");
            let names: Vec<&str> = card["names"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
            if version == "3.0" {
                assert_eq!(names, ["ADR", "EMAIL", "FN", "N", "NOTE", "ORG", "PRODID", "TEL", "TITLE", "UID", "URL", "VERSION"], "{text}");
                assert_eq!(card["email"], json!(["anna@helvetic.example", ["INTERNET"]]));
                assert_eq!(card["tel"], json!(["+41 41 000 00 00", ["WORK", "VOICE"]]));
                assert!(note.ends_with("\nLanguages: it, en"), "{note:?}");
                // The 4.0 ways are not in it, and non-ASCII text says its charset.
                for four in ["\r\nLANG", "KIND", "PREF=", "VALUE=uri", ":tel:"] {
                    assert!(!text.contains(four), "{four} in\n{text}");
                }
                if !one.is_ascii() {
                    assert!(text.contains("\r\nFN;CHARSET=UTF-8:"), "{text}");
                }
            } else {
                assert_eq!(names, ["ADR", "EMAIL", "FN", "LANG", "LANG", "N", "NOTE", "ORG", "PRODID", "TEL", "TITLE", "UID", "URL", "VERSION"], "{text}");
                assert_eq!(card["tel"], json!(["tel:+41-41-000-00-00", ["work"]]));
                assert!(!text.contains("CHARSET"));
            }
        }
    }
    // A tag per version; `version` belongs to vCard only.
    let v4 = app.get(&url).token(&w.anna.token).send().await.expect(200).header("etag");
    let v3 = app.get(&format!("{url}&version=3.0")).token(&w.anna.token).send().await.expect(200).header("etag");
    assert_ne!(v4, v3);
    let csv = format!("/api/v1/clusters/{}/catalogue?format=csv&version=3.0", w.swiss);
    let p = app.get(&csv).token(&w.anna.token).send().await.problem(400);
    assert_eq!(Resp::error_fields(&p), vec!["version"]);
    let p = app.get(&csv).token(&w.anna.token).header("accept-language", "de").send().await.problem(400);
    assert_eq!(p["errors"][0]["message"], "gilt nur für vCard-Exporte (format=vcf)", "{p}");
    app.get(&format!("{url}&version=2.1")).token(&w.anna.token).send().await.problem(400);
});
