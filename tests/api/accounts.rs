//! Self-service accounts: a forgotten password reset through a mailed link (sent over real
//! SMTP and read back with a real MIME parser), the sessions it ends, its single-use token,
//! expiry, throttles and the answer that is the same for every address; an e-mail change
//! confirmed from the new address, with who may ask for it and what it refuses.

use serde_json::{Value, json};

use crate::common::smtp::{Parsed, SmtpSink};
use crate::common::{PASSWORD, Resp, TestApp, World};
use crate::db_test;
use crate::mail::{mailer, outbox};

const NEW_PASSWORD: &str = "a brand new pitch in Stans";

async fn login(app: &TestApp, email: &str, password: &str) -> Resp {
    app.post("/api/v1/auth/login")
        .json(json!({"email": email, "password": password}))
        .send()
        .await
}

async fn ask_reset(app: &TestApp, email: &str) -> Resp {
    app.post("/api/v1/auth/password-reset")
        .json(json!({"email": email}))
        .send()
        .await
}

async fn confirm_reset(app: &TestApp, token: &str, password: &str) -> Resp {
    app.post("/api/v1/auth/password-reset/confirm")
        .json(json!({"token": token, "password": password}))
        .send()
        .await
}

async fn ask_email_change(app: &TestApp, access: &str, new_email: &str, password: &str) -> Resp {
    app.post("/api/v1/me/email")
        .token(access)
        .json(json!({"new_email": new_email, "current_password": password}))
        .send()
        .await
}

async fn confirm_email(app: &TestApp, token: &str) -> Resp {
    app.post("/api/v1/auth/email-change/confirm")
        .json(json!({"token": token}))
        .send()
        .await
}

/// The token of the first link with `token=` in `text`.
fn token_in(text: &str) -> String {
    let start = text
        .find("token=")
        .unwrap_or_else(|| panic!("no token in {text}"))
        + "token=".len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// The token of the newest mail of `kind` to `to`, read from the admins' outbox.
async fn token_from_outbox(app: &TestApp, w: &World, kind: &str, to: &str) -> String {
    let mails = outbox(app, w, &format!("kind={kind}&to={to}")).await;
    let id = mails
        .last()
        .unwrap_or_else(|| panic!("no {kind} mail to {to}"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mail = app
        .get(&format!("/api/v1/admin/mail/{id}"))
        .token(&w.admin.token)
        .send()
        .await
        .expect(200)
        .json();
    token_in(mail["text_body"].as_str().unwrap())
}

/// The one message the sink received for `to`, parsed.
fn only_message(sink: &SmtpSink, to: &str) -> Parsed {
    let got = sink.to(to);
    assert_eq!(got.len(), 1, "one message to {to}");
    got[0].parse()
}

fn fields(problem: &Value) -> Vec<String> {
    Resp::error_fields(problem)
}

db_test!(async fn the_reset_mail_sets_a_new_password_and_ends_every_session(app) {
    let Some(sink) = SmtpSink::start() else { return };
    let w = app.world().await;
    let old = login(&app, "ivano@soliani.example", PASSWORD).await.expect(200).json();
    let (old_access, old_refresh) = (old["access_token"].as_str().unwrap(), old["refresh_token"].as_str().unwrap());

    let answer = ask_reset(&app, "Ivano@Soliani.example ").await.expect(202);
    assert_eq!(answer.header("cache-control").as_deref(), Some("no-store"));
    mailer(&app, &sink).send_due().await.unwrap();
    let mail = only_message(&sink, "ivano@soliani.example");
    assert_eq!(mail.subject, "Reset your Cluster2Cluster password");
    assert_eq!(mail.content_language.as_deref(), Some("en"));
    assert!(mail.list_unsubscribe.is_none(), "a transactional mail");
    assert!(mail.text.contains("It works once and expires on"), "{}", mail.text);
    assert!(mail.text.contains("http://localhost:8080/password-reset?token="), "{}", mail.text);
    let token = token_in(&mail.text);
    assert!(token.len() >= 40, "{token}");
    assert!(mail.html.contains(&format!("href=\"http://localhost:8080/password-reset?token={token}\"")), "{}", mail.html);
    // Only the hash is stored.
    let stored: Vec<String> = app.db().run(|conn| {
        use cluster2cluster::store::schema::account_tokens;
        use diesel::prelude::*;
        Ok(account_tokens::table.select(account_tokens::token_hash).load(conn)?)
    }).await.unwrap();
    assert_eq!(stored, [cluster2cluster::store::tokens::hash_token(&token)]);

    confirm_reset(&app, &token, NEW_PASSWORD).await.expect(204);
    // Every session of before is over: the access token and the refresh token.
    app.get("/api/v1/me").token(old_access).send().await.problem(401);
    app.post("/api/v1/auth/refresh").json(json!({"refresh_token": old_refresh})).send().await.problem(401);
    // The new password logs in, the old one does not.
    login(&app, "ivano@soliani.example", PASSWORD).await.problem(401);
    let new = login(&app, "ivano@soliani.example", NEW_PASSWORD).await.expect(200).json();
    app.get("/api/v1/me").token(new["access_token"].as_str().unwrap()).send().await.expect(200);
    // The token works once.
    let again = confirm_reset(&app, &token, "yet another pitch in Stans").await.problem(422);
    assert_eq!(fields(&again), ["token"]);
    assert!(again.to_string().contains("already used"), "{again}");
    login(&app, "ivano@soliani.example", NEW_PASSWORD).await.expect(200);
    // Others are untouched.
    app.get("/api/v1/me").token(&w.anna.token).send().await.expect(200);
});

db_test!(async fn an_unknown_address_gets_the_same_answer_and_no_mail(app) {
    let w = app.world().await;
    let known = ask_reset(&app, "anna@helvetic.example").await.expect(202);
    let unknown = ask_reset(&app, "no-such-person@helvetic.example").await.expect(202);
    let not_an_address = ask_reset(&app, "not an address").await.expect(202);
    assert_eq!(known.body, unknown.body);
    assert_eq!(known.body, not_an_address.body);
    assert_eq!(known.headers.get("content-type"), unknown.headers.get("content-type"));
    let queued = outbox(&app, &w, "kind=password_reset").await;
    assert_eq!(queued.len(), 1, "{queued:?}");
    assert_eq!(queued[0]["to_address"], "anna@helvetic.example");
    assert!(outbox(&app, &w, "to=no-such-person@helvetic.example").await.is_empty());
});

db_test!(async fn a_weak_password_keeps_the_token(app) {
    let w = app.world().await;
    ask_reset(&app, "anna@helvetic.example").await.expect(202);
    let token = token_from_outbox(&app, &w, "password_reset", "anna@helvetic.example").await;
    for weak in ["short", "password1234", "anna@helvetic.example!!"] {
        let p = confirm_reset(&app, &token, weak).await.problem(422);
        assert_eq!(fields(&p), ["password"], "{weak}: {p}");
    }
    login(&app, "anna@helvetic.example", PASSWORD).await.expect(200);
    confirm_reset(&app, &token, NEW_PASSWORD).await.expect(204);
    login(&app, "anna@helvetic.example", NEW_PASSWORD).await.expect(200);
});

db_test!(async fn an_expired_or_replaced_token_is_refused(app) {
    let w = app.world().await;
    ask_reset(&app, "anna@helvetic.example").await.expect(202);
    let first = token_from_outbox(&app, &w, "password_reset", "anna@helvetic.example").await;
    // A newer link replaces the older one.
    ask_reset(&app, "anna@helvetic.example").await.expect(202);
    let second = token_from_outbox(&app, &w, "password_reset", "anna@helvetic.example").await;
    assert_ne!(first, second);
    let p = confirm_reset(&app, &first, NEW_PASSWORD).await.problem(422);
    assert!(p.to_string().contains("expired or a newer link replaced it"), "{p}");
    // The newer one, once past its hour, is refused too.
    app.db().run(|conn| {
        use cluster2cluster::store::schema::account_tokens;
        use diesel::prelude::*;
        diesel::update(account_tokens::table)
            .set(account_tokens::expires_at.eq(chrono::Utc::now().naive_utc() - chrono::Duration::seconds(1)))
            .execute(conn)?;
        Ok(())
    }).await.unwrap();
    let p = confirm_reset(&app, &second, NEW_PASSWORD).await.problem(422);
    assert_eq!(fields(&p), ["token"]);
    assert!(p.to_string().contains("expired"), "{p}");
    // Made-up tokens are refused alike, and nothing changed.
    let p = confirm_reset(&app, "made-up", NEW_PASSWORD).await.problem(422);
    assert!(p.to_string().contains("not a valid link"), "{p}");
    login(&app, "anna@helvetic.example", PASSWORD).await.expect(200);
});

db_test!(settings = cluster2cluster::config::Settings { password_reset_ttl_mins: 0, ..Default::default() },
async fn the_reset_link_lifetime_is_configurable(app) {
    let w = app.world().await;
    ask_reset(&app, "anna@helvetic.example").await.expect(202);
    let token = token_from_outbox(&app, &w, "password_reset", "anna@helvetic.example").await;
    let p = confirm_reset(&app, &token, NEW_PASSWORD).await.problem(422);
    assert!(p.to_string().contains("expired"), "{p}");
});

db_test!(async fn reset_mail_is_limited_per_account_silently(app) {
    let w = app.world().await;
    for _ in 0..5 {
        ask_reset(&app, "anna@helvetic.example").await.expect(202);
    }
    assert_eq!(outbox(&app, &w, "kind=password_reset").await.len(), 3, "three an hour");
    // The last mailed link still works: the requests beyond the limit replaced nothing.
    let token = token_from_outbox(&app, &w, "password_reset", "anna@helvetic.example").await;
    confirm_reset(&app, &token, NEW_PASSWORD).await.expect(204);
});

db_test!(async fn reset_requests_are_throttled_per_client_address(app) {
    let w = app.world().await;
    for n in 0..20 {
        ask_reset(&app, &format!("someone{n}@example.org")).await.expect(202);
    }
    let resp = ask_reset(&app, "anna@helvetic.example").await;
    let retry: u64 = resp.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    let known = resp.problem(429);
    // The same refusal for an unknown address: it says nothing about accounts.
    let unknown = ask_reset(&app, "no-such-person@example.org").await.problem(429);
    assert_eq!((&known["type"], &known["title"]), (&unknown["type"], &unknown["title"]));
    assert!(outbox(&app, &w, "kind=password_reset").await.is_empty());
});

db_test!(async fn tokens_that_do_not_work_are_throttled_per_client_address(app) {
    let w = app.world().await;
    ask_reset(&app, "anna@helvetic.example").await.expect(202);
    let token = token_from_outbox(&app, &w, "password_reset", "anna@helvetic.example").await;
    // A working token takes its attempt back.
    confirm_reset(&app, &token, "weak").await.problem(422);
    for n in 0..20 {
        confirm_reset(&app, &format!("guess-{n}"), NEW_PASSWORD).await.problem(422);
    }
    let resp = confirm_reset(&app, &token, NEW_PASSWORD).await;
    assert!(resp.header("retry-after").is_some());
    resp.problem(429);
    // The e-mail change confirmation counts on its own.
    confirm_email(&app, "guess").await.problem(422);
});

db_test!(async fn a_reset_clears_the_failed_logins_of_the_account(app) {
    let w = app.world().await;
    for _ in 0..10 {
        login(&app, "ivano@soliani.example", "guess guess guess").await.problem(401);
    }
    login(&app, "ivano@soliani.example", PASSWORD).await.problem(429);
    ask_reset(&app, "ivano@soliani.example").await.expect(202);
    let token = token_from_outbox(&app, &w, "password_reset", "ivano@soliani.example").await;
    confirm_reset(&app, &token, NEW_PASSWORD).await.expect(204);
    login(&app, "ivano@soliani.example", NEW_PASSWORD).await.expect(200);
});

db_test!(async fn an_email_change_is_confirmed_from_the_new_address(app) {
    let Some(sink) = SmtpSink::start() else { return };
    let w = app.world().await;
    // Anna reads her mail in German.
    app.patch("/api/v1/me").token(&w.anna.token).json(json!({"language": "de"})).send().await.expect(200);
    let before = login(&app, "anna@helvetic.example", PASSWORD).await.expect(200).json();

    let answer = ask_email_change(&app, &w.anna.token, "Anna.Keller@Helvetic-Aero.example", PASSWORD).await.expect(202).json();
    assert!(answer["message"].is_string());
    // Nothing changed yet.
    let me = app.get("/api/v1/me").token(&w.anna.token).send().await.expect(200).json();
    assert_eq!(me["email"], "anna@helvetic.example");
    mailer(&app, &sink).send_due().await.unwrap();
    assert!(sink.to("anna@helvetic.example").is_empty(), "nothing to the old address");
    let mail = only_message(&sink, "anna.keller@helvetic-aero.example");
    assert_eq!(mail.subject, "Bestätigen Sie Ihre E-Mail-Adresse für Cluster2Cluster");
    assert_eq!(mail.content_language.as_deref(), Some("de"));
    assert!(mail.text.starts_with("Guten Tag anna@helvetic.example\n"), "{}", mail.text);
    assert!(mail.text.contains("http://localhost:8080/email-verification?token="), "{}", mail.text);
    let token = token_in(&mail.text);

    // No sign-in needed: the link may open in another browser.
    confirm_email(&app, &token).await.expect(204);
    let me = app.get("/api/v1/me").token(&w.anna.token).send().await.expect(200).json();
    assert_eq!(me["email"], "anna.keller@helvetic-aero.example", "sessions go on");
    app.post("/api/v1/auth/refresh").json(json!({"refresh_token": before["refresh_token"]})).send().await.expect(200);
    login(&app, "anna.keller@helvetic-aero.example", PASSWORD).await.expect(200);
    login(&app, "anna@helvetic.example", PASSWORD).await.problem(401);
    // Once only.
    let p = confirm_email(&app, &token).await.problem(422);
    assert!(p.to_string().contains("already used"), "{p}");
    // Anna's export shows the link and the address it was for (never the token).
    let export = app.get("/api/v1/me/export").token(&w.anna.token).send().await.expect(200).json();
    let links = export["account_links"].as_array().unwrap();
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!((links[0]["purpose"].as_str(), links[0]["new_email"].as_str()),
        (Some("email_change"), Some("anna.keller@helvetic-aero.example")));
    assert!(links[0]["used_at"].is_string());
    assert!(!export.to_string().contains(&token));
});

db_test!(async fn an_email_change_refuses_bad_input_and_a_wrong_password(app) {
    let w = app.world().await;
    let p = ask_email_change(&app, &w.ivano.token, "new@soliani.example", "not my password").await.problem(422);
    assert_eq!(fields(&p), ["current_password"]);
    let p = ask_email_change(&app, &w.ivano.token, "not an address", PASSWORD).await.problem(422);
    assert_eq!(fields(&p), ["new_email"]);
    let p = ask_email_change(&app, &w.ivano.token, "IVANO@soliani.example", PASSWORD).await.problem(422);
    assert_eq!(fields(&p), ["new_email"]);
    app.post("/api/v1/me/email").token(&w.ivano.token)
        .json(json!({"new_email": "new@soliani.example", "current_password": PASSWORD, "extra": 1})).send().await.problem(422);
    assert!(outbox(&app, &w, "kind=email_verification").await.is_empty());
    // Wrong passwords count like failed log-ins (the right one above cleared the count): ten,
    // then 429 even with the right one.
    for _ in 0..10 {
        ask_email_change(&app, &w.ivano.token, "new@soliani.example", "not my password").await.problem(422);
    }
    ask_email_change(&app, &w.ivano.token, "new@soliani.example", PASSWORD).await.problem(429);
    assert!(outbox(&app, &w, "kind=email_verification").await.is_empty());
});

db_test!(async fn an_address_with_an_account_is_not_mailed_and_one_taken_meanwhile_is_refused(app) {
    let w = app.world().await;
    // Paola's address: the same answer, no mail, no link.
    let taken = ask_email_change(&app, &w.ivano.token, "paola@lombardia.example", PASSWORD).await.expect(202);
    let free = ask_email_change(&app, &w.ivano.token, "ivano.soliani@soliani.example", PASSWORD).await.expect(202);
    assert_eq!(taken.body, free.body);
    let mails = outbox(&app, &w, "kind=email_verification").await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0]["to_address"], "ivano.soliani@soliani.example");
    let token = token_from_outbox(&app, &w, "email_verification", "ivano.soliani@soliani.example").await;
    // Someone takes the address before the link is followed: 409, and nothing changes.
    let other = app.post("/api/v1/users").token(&w.admin.token)
        .json(json!({"email": "ivano.soliani@soliani.example", "password": "somebody else's pitch", "display_name": "Other"}))
        .send().await.expect(201).json();
    confirm_email(&app, &token).await.problem(409);
    let me = app.get("/api/v1/me").token(&w.ivano.token).send().await.expect(200).json();
    assert_eq!(me["email"], "ivano@soliani.example");
    // The token was not used: once the address is free again, it works.
    app.delete(&format!("/api/v1/users/{}", other["id"].as_str().unwrap())).token(&w.admin.token).send().await.expect(204);
    confirm_email(&app, &token).await.expect(204);
    login(&app, "ivano.soliani@soliani.example", PASSWORD).await.expect(200);
});

db_test!(async fn every_role_changes_only_its_own_address(app) {
    let w = app.world().await;
    for (n, person) in [&w.admin, &w.paola, &w.roland, &w.buffetto, &w.ivano, &w.anna, &w.nobody].into_iter().enumerate() {
        let to = format!("new{n}@example.net");
        ask_email_change(&app, &person.token, &to, PASSWORD).await.expect(202);
        let token = token_from_outbox(&app, &w, "email_verification", &to).await;
        confirm_email(&app, &token).await.expect(204);
        let me = app.get("/api/v1/me").token(&person.token).send().await.expect(200).json();
        assert_eq!((me["id"].as_str(), me["email"].as_str()), (Some(person.id.to_string().as_str()), Some(to.as_str())));
    }
    // Without a token: 401. With an API key: 403 (keys act for machines, not for a person).
    app.post("/api/v1/me/email").json(json!({"new_email": "x@example.net", "current_password": PASSWORD})).send().await.problem(401);
    let key = app.post("/api/v1/api-keys").token(&w.paola.token)
        .json(json!({"name": "Portal", "cluster_id": w.lombardy, "scopes": ["members:read"]})).send().await.expect(201).json();
    ask_email_change(&app, key["secret"].as_str().unwrap(), "x@example.net", PASSWORD).await.problem(403);
    assert!(outbox(&app, &w, "to=x@example.net").await.is_empty());
});

db_test!(async fn tokens_serve_only_their_purpose_and_end_each_other(app) {
    let w = app.world().await;
    ask_reset(&app, "anna@helvetic.example").await.expect(202);
    let reset = token_from_outbox(&app, &w, "password_reset", "anna@helvetic.example").await;
    ask_email_change(&app, &w.anna.token, "anna@new.example", PASSWORD).await.expect(202);
    let change = token_from_outbox(&app, &w, "email_verification", "anna@new.example").await;
    // The wrong operation does not know the other's token.
    assert!(confirm_email(&app, &reset).await.problem(422).to_string().contains("not a valid link"));
    assert!(confirm_reset(&app, &change, NEW_PASSWORD).await.problem(422).to_string().contains("not a valid link"));
    // A new address ends the reset links, which went to the old one.
    confirm_email(&app, &change).await.expect(204);
    confirm_reset(&app, &reset, NEW_PASSWORD).await.problem(422);
    // A password reset ends a pending e-mail change.
    ask_email_change(&app, &w.anna.token, "anna@newer.example", PASSWORD).await.expect(202);
    let pending = token_from_outbox(&app, &w, "email_verification", "anna@newer.example").await;
    ask_reset(&app, "anna@new.example").await.expect(202);
    let reset = token_from_outbox(&app, &w, "password_reset", "anna@new.example").await;
    confirm_reset(&app, &reset, NEW_PASSWORD).await.expect(204);
    confirm_email(&app, &pending).await.problem(422);
    login(&app, "anna@new.example", NEW_PASSWORD).await.expect(200);
});

db_test!(async fn email_changes_are_limited_per_account(app) {
    let w = app.world().await;
    for n in 0..5 {
        ask_email_change(&app, &w.ivano.token, &format!("ivano{n}@example.net"), PASSWORD).await.expect(202);
    }
    let resp = ask_email_change(&app, &w.ivano.token, "ivano9@example.net", PASSWORD).await;
    assert!(resp.header("retry-after").is_some());
    resp.problem(429);
    assert_eq!(outbox(&app, &w, "kind=email_verification").await.len(), 5);
    // Only the newest link works.
    confirm_email(&app, &token_from_outbox(&app, &w, "email_verification", "ivano0@example.net").await).await.problem(422);
    confirm_email(&app, &token_from_outbox(&app, &w, "email_verification", "ivano4@example.net").await).await.expect(204);
});

db_test!(async fn two_confirmations_with_one_token_make_one_change(app) {
    let w = app.world().await;
    ask_reset(&app, "anna@helvetic.example").await.expect(202);
    let token = token_from_outbox(&app, &w, "password_reset", "anna@helvetic.example").await;
    let (a, b) = futures::join!(
        confirm_reset(&app, &token, NEW_PASSWORD),
        confirm_reset(&app, &token, "a second new pitch in Stans"),
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [204, 422], "{} / {}", a.text(), b.text());
    let winner = if a.status.as_u16() == 204 { NEW_PASSWORD } else { "a second new pitch in Stans" };
    login(&app, "anna@helvetic.example", winner).await.expect(200);

    ask_email_change(&app, &w.ivano.token, "ivano@new.example", PASSWORD).await.expect(202);
    let token = token_from_outbox(&app, &w, "email_verification", "ivano@new.example").await;
    let (a, b) = futures::join!(confirm_email(&app, &token), confirm_email(&app, &token));
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [204, 422], "{} / {}", a.text(), b.text());
});

db_test!(async fn a_confirmation_acts_on_the_tokens_account_whoever_sends_it(app) {
    let w = app.world().await;
    ask_email_change(&app, &w.ivano.token, "ivano@new.example", PASSWORD).await.expect(202);
    let token = token_from_outbox(&app, &w, "email_verification", "ivano@new.example").await;
    // Opened in Anna's signed-in browser: Ivano's address changes, never Anna's.
    app.post("/api/v1/auth/email-change/confirm").token(&w.anna.token)
        .json(json!({"token": token})).send().await.expect(204);
    let anna = app.get("/api/v1/me").token(&w.anna.token).send().await.expect(200).json();
    let ivano = app.get("/api/v1/me").token(&w.ivano.token).send().await.expect(200).json();
    assert_eq!((anna["email"].as_str(), ivano["email"].as_str()), (Some("anna@helvetic.example"), Some("ivano@new.example")));
    // Likewise a reset: the token's account gets the password, the sender keeps theirs.
    ask_reset(&app, "paola@lombardia.example").await.expect(202);
    let token = token_from_outbox(&app, &w, "password_reset", "paola@lombardia.example").await;
    app.post("/api/v1/auth/password-reset/confirm").token(&w.admin.token)
        .json(json!({"token": token, "password": NEW_PASSWORD})).send().await.expect(204);
    login(&app, "paola@lombardia.example", NEW_PASSWORD).await.expect(200);
    login(&app, "admin@c2c.example", PASSWORD).await.expect(200);
    app.get("/api/v1/me").token(&w.admin.token).send().await.expect(200);
});
