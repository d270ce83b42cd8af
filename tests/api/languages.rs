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

/// The problem `p` answered in `lang`: its `Content-Language`, its stable `type` and status.
async fn problem_in(
    req: crate::common::Req<'_>,
    lang: &str,
    status: u16,
    problem_type: &str,
) -> Value {
    let resp = req.header("Accept-Language", lang).send().await;
    assert_eq!(resp.header("content-language").as_deref(), Some(lang));
    assert!(
        resp.header("vary")
            .unwrap_or_default()
            .contains("Accept-Language")
    );
    let p = resp.problem(status);
    assert_eq!(
        p["type"], problem_type,
        "{lang}: the type URI does not change"
    );
    p
}

db_test!(async fn domain_conflicts_speak_the_language_asked_for(app) {
    let w = app.world().await;
    let lombardy = format!("/api/v1/clusters/{}", w.lombardy);
    // A template with a parameter: the count is read back from the English text.
    let en = app.delete(&lombardy).token(&w.admin.token).send().await.problem(409);
    assert_eq!(en["detail"], "the cluster still has 2 member companies; remove them first");
    for (lang, title, detail) in [
        ("it", "Conflitto con lo stato attuale", "il cluster ha ancora 2 aziende membro; rimuoverle prima"),
        ("de", "Konflikt mit dem aktuellen Zustand", "der Cluster hat noch 2 Mitgliedsunternehmen; entfernen Sie sie zuerst"),
        ("fr", "Conflit avec l'état actuel", "le cluster a encore 2 entreprises membres ; retirez-les d'abord"),
    ] {
        let p = problem_in(app.delete(&lombardy).token(&w.admin.token), lang, 409, "/problems/conflict").await;
        assert_eq!(p["title"], title);
        assert_eq!(p["detail"], detail);
    }

    // A message written out in full.
    let own = format!("/api/v1/users/{}", w.admin.id);
    let en = app.delete(&own).token(&w.admin.token).send().await.problem(409);
    assert_eq!(en["detail"], "you cannot delete your own account");
    for (lang, detail) in [
        ("it", "non puoi eliminare il tuo account"),
        ("de", "Sie können Ihr eigenes Konto nicht löschen"),
        ("fr", "vous ne pouvez pas supprimer votre propre compte"),
    ] {
        let p = problem_in(app.delete(&own).token(&w.admin.token), lang, 409, "/problems/conflict").await;
        assert_eq!(p["detail"], detail);
    }
});

db_test!(async fn forbidden_says_what_you_may_not_do_in_the_language_asked_for(app) {
    let w = app.world().await;
    let lombardy = format!("/api/v1/clusters/{}", w.lombardy);
    let en = app.delete(&lombardy).token(&w.paola.token).send().await.problem(403);
    assert_eq!(en["detail"], "you may not delete clusters (platform admins do)");
    // "you may not {what}", and `what` said in the language too.
    for (lang, title, detail) in [
        ("it", "Non è consentito", "non puoi eliminare cluster (lo fanno gli amministratori della piattaforma)"),
        ("de", "Das dürfen Sie nicht", "Das dürfen Sie nicht: Cluster löschen (das tun die Plattform-Admins)"),
        ("fr", "Vous n'avez pas le droit de faire cela", "vous ne pouvez pas supprimer des clusters (ce sont les administrateurs de la plateforme qui le font)"),
    ] {
        let p = problem_in(app.delete(&lombardy).token(&w.paola.token), lang, 403, "/problems/forbidden").await;
        assert_eq!(p["title"], title);
        assert_eq!(p["detail"], detail);
    }
});

db_test!(async fn domain_field_messages_speak_the_language_asked_for(app) {
    let w = app.world().await;
    let nowhere = uuid::Uuid::now_v7();
    let body = member_input(nowhere, "Nirgendwo AG", "CH", "Stans");
    let en = app.post("/api/v1/members").token(&w.admin.token).json(body.clone()).send().await.problem(422);
    assert_eq!(message_of(&en, "cluster_id"), ("invalid", format!("no cluster with id {nowhere}").as_str()));
    for (lang, message, detail) in [
        ("it", format!("nessun cluster con id {nowhere}"), "`cluster_id` nessun cluster con id"),
        ("de", format!("kein Cluster mit der ID {nowhere}"), "`cluster_id` kein Cluster mit der ID"),
        ("fr", format!("aucun cluster avec l'id {nowhere}"), "`cluster_id` aucun cluster avec l'id"),
    ] {
        let req = app.post("/api/v1/members").token(&w.admin.token).json(body.clone());
        let p = problem_in(req, lang, 422, "/problems/validation").await;
        // The code stays what it is in English; the id is kept as it was.
        assert_eq!(message_of(&p, "cluster_id"), ("invalid", message.as_str()));
        assert!(p["detail"].as_str().unwrap().starts_with(detail), "{p}");
    }
});

db_test!(async fn problem_pages_speak_the_language_asked_for(app) {
    let page = app.get("/problems/validation").header("Accept-Language", "it-CH, en;q=0.5").send().await.expect(200);
    assert_eq!(page.header("content-language").as_deref(), Some("it"));
    assert!(page.header("vary").unwrap_or_default().contains("Accept-Language"));
    let html = page.text();
    assert!(html.contains("<html lang=\"it\">"), "{html}");
    assert!(html.contains("<h1>La richiesta non è valida</h1>"), "{html}");
    assert!(html.contains("Stato HTTP 422. Tipo di problema <code>/problems/validation</code> (RFC 9457)."), "{html}");
    assert!(html.contains("La richiesta è ben formata ma viola una regola."), "{html}");

    // `lang` wins over the header; English without either.
    let page = app.get("/problems/conflict?lang=de").header("Accept-Language", "it").send().await.expect(200);
    assert_eq!(page.header("content-language").as_deref(), Some("de"));
    assert!(page.text().contains("<h1>Konflikt mit dem aktuellen Zustand</h1>"), "{}", page.text());
    let page = app.get("/problems/conflict").send().await.expect(200);
    assert_eq!(page.header("content-language").as_deref(), Some("en"));
    assert!(page.text().contains("<h1>Conflict with the current state</h1>"));

    // An unknown language is a bad request, an unknown type a 404 in the reader's language.
    app.get("/problems/conflict?lang=xx").send().await.problem(400);
    let p = app.get("/problems/made-up").header("Accept-Language", "fr").send().await.problem(404);
    assert_eq!(p["title"], "Introuvable");
    assert_eq!(p["detail"], "aucun type de problème \"made-up\"");
});

db_test!(async fn serde_messages_speak_the_language_asked_for(app) {
    let w = app.world().await;
    let mut body = member_input(w.lombardy, "Farbe AG", "CH", "Stans");
    body["colour"] = json!("blue");
    let send = |lang: Option<&'static str>| {
        let mut req = app.post("/api/v1/members").token(&w.paola.token).json(body.clone());
        if let Some(lang) = lang {
            req = req.header("Accept-Language", lang);
        }
        req.send()
    };
    let en = send(None).await.problem(422);
    let (field, (code, message)) = {
        let e = &en["errors"][0];
        (e["field"].as_str().unwrap().to_owned(), (e["code"].as_str().unwrap().to_owned(), e["message"].as_str().unwrap().to_owned()))
    };
    assert!(message.starts_with("unknown field `colour`, expected one of `"), "{en}");
    let de = send(Some("de")).await.problem(422);
    assert_eq!(de["type"], en["type"]);
    assert_eq!(de["errors"][0]["field"], field.as_str());
    assert_eq!(de["errors"][0]["code"], code.as_str(), "the code does not change");
    let expected = message.replace("unknown field", "unbekanntes Feld").replace(", expected one of", ", erwartet eines von");
    assert_eq!(de["errors"][0]["message"], expected.as_str());

    // Broken JSON: a 400 whose detail quotes serde, said in the language too.
    let p = app.post("/api/v1/members").token(&w.paola.token).header("Accept-Language", "fr")
        .body("application/json", "{").send().await.problem(400);
    assert_eq!(p["type"], "/problems/bad-request");
    assert_eq!(p["title"], "La requête est mal formée");
    assert_eq!(p["detail"], "le corps de la requête n'est pas du JSON valide : fin du texte pendant la lecture d'un objet à la ligne 1, colonne 1");
    assert_eq!(p["errors"][0]["message"], "fin du texte pendant la lecture d'un objet à la ligne 1, colonne 1");
});
