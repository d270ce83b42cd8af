//! Four languages: problems (titles, field messages) in the language of `Accept-Language`,
//! with `type` URIs and field `code`s the same in all of them.

use serde_json::{Value, json};

use crate::common::world::member_input;
use crate::common::{Resp, TestApp};
use crate::db_test;

/// A member with three broken fields: a country that is none, a city on two lines, a name
/// longer than 200 characters.
fn broken_member(cluster_id: uuid::Uuid) -> Value {
    let mut body = member_input(cluster_id, "Fehler AG", "XX", "Stans");
    body["city"] = json!("Stans\nNidwalden");
    body["legal_name"] = json!("x".repeat(201));
    body
}

async fn post_broken(
    app: &TestApp,
    token: &str,
    cluster_id: uuid::Uuid,
    lang: Option<&str>,
) -> Resp {
    let mut req = app
        .post("/api/v1/members")
        .token(token)
        .json(broken_member(cluster_id));
    if let Some(lang) = lang {
        req = req.header("Accept-Language", lang);
    }
    req.send().await
}

fn message_of<'a>(problem: &'a Value, field: &str) -> (&'a str, &'a str) {
    let e = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == field)
        .unwrap_or_else(|| panic!("no error for {field}: {problem}"));
    (e["code"].as_str().unwrap(), e["message"].as_str().unwrap())
}

db_test!(async fn field_errors_speak_the_language_asked_for(app) {
    let w = app.world().await;
    // Default: English, and still marked as depending on the header.
    let resp = post_broken(&app, &w.paola.token, w.lombardy, None).await;
    assert_eq!(resp.header("content-language").as_deref(), Some("en"));
    assert!(resp.header("vary").unwrap_or_default().contains("Accept-Language"));
    let en = resp.problem(422);
    assert_eq!(en["title"], "The request is not valid");
    assert_eq!(en["detail"], "3 fields are invalid");
    assert_eq!(message_of(&en, "country"), ("country", "must be an ISO 3166-1 alpha-2 country code such as CH or IT"));
    assert_eq!(message_of(&en, "legal_name"), ("length", "must have between 1 and 200 characters or items"));
    assert_eq!(message_of(&en, "city").0, "single_line");

    let cases = [
        ("it-CH,it;q=0.9,en;q=0.5", "it", "La richiesta non è valida", "3 campi non sono validi",
         "deve essere un codice paese ISO 3166-1 alpha-2 come CH o IT",
         "deve avere tra 1 e 200 caratteri o elementi",
         "deve stare su una riga, senza tabulazioni, a capo o caratteri di controllo"),
        ("fr;q=0.4, de-CH;q=0.8", "de", "Die Anfrage ist ungültig", "3 Felder sind ungültig",
         "muss ein Ländercode nach ISO 3166-1 alpha-2 wie CH oder IT sein",
         "muss zwischen 1 und 200 Zeichen oder Einträge haben",
         "muss eine Zeile sein, ohne Tabulatoren, Zeilenumbrüche oder Steuerzeichen"),
        ("fr-CH", "fr", "La requête n'est pas valide", "3 champs ne sont pas valides",
         "doit être un code pays ISO 3166-1 alpha-2 comme CH ou IT",
         "doit avoir entre 1 et 200 caractères ou éléments",
         "doit tenir sur une ligne, sans tabulations, sauts de ligne ni caractères de contrôle"),
    ];
    for (header, lang, title, detail, country, name, city) in cases {
        let resp = post_broken(&app, &w.paola.token, w.lombardy, Some(header)).await;
        assert_eq!(resp.header("content-language").as_deref(), Some(lang), "{header}");
        assert!(resp.header("vary").unwrap_or_default().contains("Accept-Language"));
        let p = resp.problem(422);
        assert_eq!(p["type"], en["type"], "the type URI does not change");
        assert_eq!(p["status"], 422);
        assert_eq!(p["title"], title);
        assert_eq!(p["detail"], detail);
        assert_eq!(message_of(&p, "country"), ("country", country));
        assert_eq!(message_of(&p, "legal_name"), ("length", name), "parameters kept");
        assert_eq!(message_of(&p, "city"), ("single_line", city));
        assert_eq!(Resp::error_fields(&p), Resp::error_fields(&en));
    }

    // A language the service does not speak, or refused with q=0: English.
    for header in ["ja, zh;q=0.8", "de;q=0", "*"] {
        let resp = post_broken(&app, &w.paola.token, w.lombardy, Some(header)).await;
        assert_eq!(resp.header("content-language").as_deref(), Some("en"), "{header}");
        assert_eq!(resp.problem(422)["title"], "The request is not valid");
    }
});

db_test!(async fn not_found_and_unauthorized_in_german(app) {
    let w = app.world().await;
    let missing = format!("/api/v1/members/{}", uuid::Uuid::new_v4());
    let resp = app.get(&missing).token(&w.paola.token).header("Accept-Language", "de-CH").send().await;
    assert_eq!(resp.header("content-language").as_deref(), Some("de"));
    let p = resp.problem(404);
    assert_eq!(p["type"], "/problems/not-found");
    assert_eq!(p["title"], "Nicht gefunden");

    // An unknown path goes through the fallback; its detail is translated too.
    let p = app.get("/api/v1/nowhere").header("Accept-Language", "de").send().await.problem(404);
    assert_eq!(p["type"], "/problems/not-found");
    assert_eq!(p["detail"], "unter /api/v1/nowhere gibt es keine Ressource");

    let resp = app.get("/api/v1/members").header("Accept-Language", "de").send().await;
    assert_eq!(resp.header("content-language").as_deref(), Some("de"));
    assert_eq!(resp.header("www-authenticate").as_deref(), Some("Bearer"));
    let p = resp.problem(401);
    assert_eq!(p["type"], "/problems/unauthorized");
    assert_eq!(p["title"], "Anmeldung erforderlich");
    assert_eq!(p["detail"], "`Authorization: Bearer <access token>` senden");

    // Without the header: English, the same type.
    let p = app.get("/api/v1/members").send().await.problem(401);
    assert_eq!(p["type"], "/problems/unauthorized");
    assert_eq!(p["title"], "Authentication is required");
});
