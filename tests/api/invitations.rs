//! Invitations (issue 15): a person invited by e-mail to a role accepts with the token of
//! the mailed link — into a new account, signed in at once and able to log in, or into the
//! account they are signed in to; used, revoked, expired and unknown tokens are refused,
//! each with its own problem; who may invite and see invitations; one winner among
//! concurrent accepts. Companies invited to an event: mailed to their editors in their
//! languages, or to the named contact person; only the organisers invite.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::smtp::SmtpSink;
use crate::common::{Resp, TestApp, World};
use crate::db_test;
use crate::events::{published_event, register};
use crate::mail::{mailer, outbox, received};

const NEW_PASSWORD: &str = "wing ribs from Varese at dawn";

/// The token of the first invitation link in `text`.
fn token_in(text: &str) -> String {
    let at = text.find("token=").expect("a link with a token") + "token=".len();
    text[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// The token of the newest invitation mailed to `to`, read from the admins' outbox.
pub(crate) async fn mailed_token(app: &TestApp, w: &World, to: &str) -> String {
    mailed_token_of(app, w, "invitation", to).await
}

/// The token of the newest mail of `kind` to `to`, read from the admins' outbox.
pub(crate) async fn mailed_token_of(app: &TestApp, w: &World, kind: &str, to: &str) -> String {
    let items = outbox(app, w, &format!("kind={kind}&to={to}")).await;
    let newest = items.last().expect("an invitation mail");
    let id = newest["id"].as_str().unwrap();
    let mail = app
        .get(&format!("/api/v1/admin/mail/{id}"))
        .token(&w.admin.token)
        .send()
        .await
        .expect(200)
        .json();
    token_in(mail["text_body"].as_str().unwrap())
}

async fn invite(app: &TestApp, token: &str, body: Value) -> Resp {
    app.post("/api/v1/invitations")
        .token(token)
        .json(body)
        .send()
        .await
}

async fn accept(app: &TestApp, bearer: Option<&str>, body: Value) -> Resp {
    let req = app.post("/api/v1/invitations/accept").json(body);
    match bearer {
        Some(t) => req.token(t).send().await,
        None => req.send().await,
    }
}

fn editor_of(w_member: Uuid, email: &str) -> Value {
    json!({"email": email, "role": "member_editor", "member_id": w_member})
}

db_test!(async fn an_invitation_is_mailed_and_accepted_into_a_new_account(app) {
    let Some(sink) = SmtpSink::start() else { return };
    let w = app.world().await;
    let created = invite(&app, &w.paola.token, json!({
        "email": "Giulia.Ferri@Aviometal.example", "role": "member_editor",
        "member_id": w.aviometal, "language": "it"})).await.expect(201);
    let location = created.header("location").unwrap();
    let inv = created.json();
    assert_eq!(inv["email"], "giulia.ferri@aviometal.example");
    assert_eq!((inv["status"].as_str(), inv["role"].as_str()), (Some("pending"), Some("member_editor")));
    assert_eq!(inv["cluster_id"], json!(w.lombardy));
    assert_eq!(inv["invited_by"], json!(w.paola.id));
    assert!(inv.get("token").is_none() && inv.get("token_hash").is_none(), "{inv}");

    mailer(&app, &sink).send_due().await.unwrap();
    let mail = received(&sink, "giulia.ferri@aviometal.example", "Invito a Cluster2Cluster");
    assert_eq!(mail.subject, "Invito a Cluster2Cluster: Aviometal");
    assert_eq!(mail.content_language.as_deref(), Some("it"));
    assert!(mail.text.contains("paola@lombardia.example La invita a unirsi a Cluster2Cluster come redattore di Aviometal."), "{}", mail.text);
    assert!(mail.list_unsubscribe.is_none(), "an invitation is transactional");
    assert!(mail.text.contains("http://localhost:8080/invitations/accept?token="), "{}", mail.text);
    let token = token_in(&mail.text);
    assert!(token.len() >= 40, "{token}");

    // No answer about the invitation carries its token.
    for body in [
        app.get(&location).token(&w.paola.token).send().await.expect(200).text(),
        app.get("/api/v1/invitations").token(&w.paola.token).send().await.expect(200).text(),
        app.get("/api/v1/invitations?status=pending").token(&w.admin.token).send().await.expect(200).text(),
    ] {
        assert!(!body.contains(&token), "{body}");
    }

    // A new account needs a name and an acceptable password: 422 before the token is used.
    let p = accept(&app, None, json!({"token": token})).await.problem(422);
    let mut fields = Resp::error_fields(&p);
    fields.sort();
    assert_eq!(fields, ["display_name", "password"], "{p}");
    let p = accept(&app, None, json!({"token": token, "password": "short", "display_name": "Giulia Ferri"})).await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["password"], "{p}");

    let done = accept(&app, None, json!({"token": token, "password": NEW_PASSWORD, "display_name": "Giulia Ferri"}))
        .await.expect(201);
    assert_eq!(done.header("cache-control").as_deref(), Some("no-store"));
    let done = done.json();
    assert_eq!(done["invitation"]["status"], "accepted");
    assert_eq!(done["user"]["email"], "giulia.ferri@aviometal.example");
    assert_eq!(done["user"]["language"], "it");
    assert_eq!(done["grant"]["member_id"], json!(w.aviometal));
    assert_eq!(done["tokens"]["token_type"], "Bearer");
    let signed_in = done["tokens"]["access_token"].as_str().unwrap().to_owned();
    let me = app.get("/api/v1/me").token(&signed_in).send().await.expect(200).json();
    assert_eq!(me["display_name"], "Giulia Ferri");

    // She logs in with her new password, holds the role and edits her company.
    let login = app.post("/api/v1/auth/login")
        .json(json!({"email": "giulia.ferri@aviometal.example", "password": NEW_PASSWORD}))
        .send().await.expect(200).json();
    let access = login["access_token"].as_str().unwrap();
    let me = app.get("/api/v1/me").token(access).send().await.expect(200).json();
    let roles = me["roles"].as_array().unwrap();
    assert_eq!(roles.len(), 1, "{me}");
    assert_eq!((roles[0]["role"].as_str(), roles[0]["member_id"].clone()), (Some("member_editor"), json!(w.aviometal)));
    app.patch(&format!("/api/v1/members/{}", w.aviometal)).token(access)
        .json(json!({"city": "Gallarate"})).send().await.expect(200);

    // The link works once.
    let p = accept(&app, None, json!({"token": token, "password": NEW_PASSWORD, "display_name": "Giulia"})).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("already accepted"), "{p}");
    let inv = app.get(&location).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(inv["status"], "accepted");
    assert_eq!(inv["accepted_user_id"], me["id"]);
    // An accepted invitation cannot be revoked (the grant can).
    app.delete(&location).token(&w.paola.token).send().await.problem(409);
});

db_test!(async fn accepting_signed_in_attaches_the_role_to_that_account_only(app) {
    let w = app.world().await;
    // Ivano edits Soliani; the admin invites him to edit Aviometal too.
    invite(&app, &w.admin.token, editor_of(w.aviometal, "IVANO@soliani.example")).await.expect(201);
    let token = mailed_token(&app, &w, "ivano@soliani.example").await;

    // Not signed in: the account exists, so sign in first; the token stays usable.
    let p = accept(&app, None, json!({"token": token, "password": NEW_PASSWORD, "display_name": "Someone"})).await.problem(401);
    assert!(p["detail"].as_str().unwrap().contains("sign in"), "{p}");
    // Signed in as somebody else: refused.
    let p = accept(&app, Some(&w.buffetto.token), json!({"token": token})).await.problem(403);
    assert!(p["detail"].as_str().unwrap().contains("another e-mail address"), "{p}");
    let me = app.get("/api/v1/me").token(&w.buffetto.token).send().await.expect(200).json();
    assert_eq!(me["roles"].as_array().unwrap().len(), 1);
    // A bad bearer token is no anonymous call.
    accept(&app, Some("not-a-token"), json!({"token": token})).await.problem(401);

    let done = accept(&app, Some(&w.ivano.token), json!({"token": token})).await.expect(200).json();
    assert!(done["tokens"].is_null(), "{done}");
    assert_eq!(done["user"]["id"], json!(w.ivano.id));
    let me = app.get("/api/v1/me").token(&w.ivano.token).send().await.expect(200).json();
    let mut edits: Vec<String> = me["roles"].as_array().unwrap().iter()
        .map(|r| r["member_id"].as_str().unwrap().to_owned()).collect();
    edits.sort();
    let mut want = vec![w.aviometal.to_string(), w.soliani.to_string()];
    want.sort();
    assert_eq!(edits, want);
    app.patch(&format!("/api/v1/members/{}", w.aviometal)).token(&w.ivano.token)
        .json(json!({"city": "Gallarate"})).send().await.expect(200);
    // The grant went through the grant path: the audit log has it.
    let audit = app.get("/api/v1/audit-log?limit=500").token(&w.admin.token).send().await.expect(200).text();
    assert!(audit.contains("POST /api/v1/invitations/accept"), "{audit}");
});

db_test!(async fn used_revoked_expired_and_unknown_tokens_are_refused_each_with_its_reason(app) {
    let w = app.world().await;
    let body = |email: &str| editor_of(w.soliani, email);

    let p = accept(&app, None, json!({"token": "no-such-token"})).await.problem(404);
    assert!(p["detail"].as_str().unwrap().contains("not valid"), "{p}");

    // Revoked.
    let inv = invite(&app, &w.paola.token, body("revoked@soliani.example")).await.expect(201).json();
    let token = mailed_token(&app, &w, "revoked@soliani.example").await;
    app.delete(&format!("/api/v1/invitations/{}", inv["id"].as_str().unwrap())).token(&w.paola.token).send().await.expect(204);
    app.delete(&format!("/api/v1/invitations/{}", inv["id"].as_str().unwrap())).token(&w.paola.token).send().await.expect(204);
    let p = accept(&app, None, json!({"token": token, "password": NEW_PASSWORD, "display_name": "R"})).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("revoked"), "{p}");

    // Expired.
    let inv = invite(&app, &w.paola.token, body("late@soliani.example")).await.expect(201).json();
    let token = mailed_token(&app, &w, "late@soliani.example").await;
    let id: Uuid = inv["id"].as_str().unwrap().parse().unwrap();
    {
        let mut conn = app.db().get().unwrap();
        cluster2cluster::store::invitations::set_expires_at(&mut conn, id, cluster2cluster::store::now() - chrono::Duration::minutes(1)).unwrap();
    }
    let p = accept(&app, None, json!({"token": token, "password": NEW_PASSWORD, "display_name": "L"})).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("expired"), "{p}");
    let expired = app.get("/api/v1/invitations?status=expired").token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(expired["items"].as_array().unwrap().len(), 1, "{expired}");

    // Inviting again replaces the open invitation: the old link is revoked, the new one works.
    invite(&app, &w.paola.token, body("twice@soliani.example")).await.expect(201);
    let first = mailed_token(&app, &w, "twice@soliani.example").await;
    invite(&app, &w.paola.token, body("twice@soliani.example")).await.expect(201);
    let second = mailed_token(&app, &w, "twice@soliani.example").await;
    assert_ne!(first, second);
    let p = accept(&app, None, json!({"token": first, "password": NEW_PASSWORD, "display_name": "T"})).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("revoked"), "{p}");
    accept(&app, None, json!({"token": second, "password": NEW_PASSWORD, "display_name": "T"})).await.expect(201);
    // Used.
    let p = accept(&app, None, json!({"token": second, "password": NEW_PASSWORD, "display_name": "T"})).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("already accepted"), "{p}");
    // No account for the refused ones.
    let users = app.get("/api/v1/users?limit=500").token(&w.admin.token).send().await.expect(200).text();
    assert!(!users.contains("revoked@soliani.example") && !users.contains("late@soliani.example"));
});

db_test!(async fn unknown_tokens_count_against_the_client_address(app) {
    let w = app.world().await;
    invite(&app, &w.paola.token, editor_of(w.soliani, "patient@soliani.example")).await.expect(201);
    let token = mailed_token(&app, &w, "patient@soliani.example").await;
    let mut throttled = None;
    for i in 0..110 {
        let r = accept(&app, None, json!({"token": format!("guess-{i}")})).await;
        if r.status.as_u16() == 429 {
            throttled = Some(i);
            assert!(r.header("retry-after").is_some());
            assert_eq!(r.header("ratelimit-policy").as_deref(), Some("\"invitation-tokens\";q=100;w=900"));
            assert!(r.header("ratelimit").unwrap().starts_with("\"invitation-tokens\";r=0;t="), "{:?}", r.header("ratelimit"));
            break;
        }
        r.problem(404);
    }
    assert_eq!(throttled, Some(100), "the 101st guess from one address is refused");
    // Even the right token waits now: the address is blocked.
    accept(&app, None, json!({"token": token, "password": NEW_PASSWORD, "display_name": "P"})).await.expect(429);
});

db_test!(async fn who_may_invite_and_see_invitations(app) {
    let w = app.world().await;
    // A member editor invites nobody; nor does someone without a role.
    invite(&app, &w.buffetto.token, editor_of(w.aviometal, "x@aviometal.example")).await.problem(403);
    invite(&app, &w.nobody.token, editor_of(w.aviometal, "x@aviometal.example")).await.problem(403);
    // A manager of Lombardy invites editors of Lombard companies, not of Swiss ones, nor
    // managers of the Swiss cluster, nor admins.
    invite(&app, &w.paola.token, editor_of(w.helvetic, "x@helvetic.example")).await.problem(403);
    invite(&app, &w.paola.token, json!({"email": "x@swiss.example", "role": "cluster_manager", "cluster_id": w.swiss})).await.problem(403);
    invite(&app, &w.paola.token, json!({"email": "x@lombardia.example", "role": "admin"})).await.problem(403);
    let lombard = invite(&app, &w.paola.token, editor_of(w.aviometal, "x@aviometal.example")).await.expect(201).json();
    // The admin invites anything.
    let manager = invite(&app, &w.admin.token, json!({"email": "m@lombardia.example", "role": "cluster_manager", "cluster_id": w.lombardy})).await.expect(201).json();
    let admin = invite(&app, &w.admin.token, json!({"email": "a@c2c.example", "role": "admin"})).await.expect(201).json();
    let swiss = invite(&app, &w.roland.token, editor_of(w.helvetic, "y@helvetic.example")).await.expect(201).json();
    // Bad input.
    let p = invite(&app, &w.admin.token, json!({"email": "m@lombardia.example", "role": "member_editor", "cluster_id": w.lombardy})).await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["member_id"]);
    invite(&app, &w.admin.token, json!({"email": "not an address", "role": "admin"})).await.problem(422);
    invite(&app, &w.admin.token, json!({"email": "z@x.example", "role": "member_editor", "member_id": Uuid::now_v7()})).await.problem(422);

    let ids = |page: Value| -> Vec<String> {
        page["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect()
    };
    let id = |v: &Value| v["id"].as_str().unwrap().to_owned();
    // Paola sees her cluster's invitations, Roland his; the admin all.
    let paolas = ids(app.get("/api/v1/invitations").token(&w.paola.token).send().await.expect(200).json());
    assert_eq!(paolas, [id(&lombard), id(&manager)]);
    let rolands = ids(app.get("/api/v1/invitations").token(&w.roland.token).send().await.expect(200).json());
    assert_eq!(rolands, [id(&swiss)]);
    let all = ids(app.get("/api/v1/invitations?limit=2").token(&w.admin.token).send().await.expect(200).json());
    assert_eq!(all.len(), 2);
    let all = ids(app.get("/api/v1/invitations?limit=500").token(&w.admin.token).send().await.expect(200).json());
    assert_eq!(all, [id(&lombard), id(&manager), id(&admin), id(&swiss)]);
    let lombard_only = ids(app.get(&format!("/api/v1/invitations?cluster_id={}", w.lombardy)).token(&w.admin.token).send().await.expect(200).json());
    assert_eq!(lombard_only, [id(&lombard), id(&manager)]);
    // Roland cannot list, read or revoke Lombardy's; editors and role-less people list nothing.
    app.get(&format!("/api/v1/invitations?cluster_id={}", w.lombardy)).token(&w.roland.token).send().await.problem(403);
    app.get(&format!("/api/v1/invitations/{}", id(&lombard))).token(&w.roland.token).send().await.problem(404);
    app.delete(&format!("/api/v1/invitations/{}", id(&lombard))).token(&w.roland.token).send().await.problem(404);
    app.get(&format!("/api/v1/invitations/{}", id(&admin))).token(&w.paola.token).send().await.problem(404);
    app.get("/api/v1/invitations").token(&w.buffetto.token).send().await.problem(403);
    app.get("/api/v1/invitations").token(&w.nobody.token).send().await.problem(403);
    app.get(&format!("/api/v1/invitations/{}", id(&lombard))).token(&w.buffetto.token).send().await.problem(404);
    // Paola sees the admin's manager invitation on her cluster and may revoke it (she may
    // invite managers of her cluster); not the admin invitation.
    app.get(&format!("/api/v1/invitations/{}", id(&manager))).token(&w.paola.token).send().await.expect(200);
    app.delete(&format!("/api/v1/invitations/{}", id(&manager))).token(&w.paola.token).send().await.expect(204);
    app.delete(&format!("/api/v1/invitations/{}", id(&admin))).token(&w.paola.token).send().await.problem(404);
    let revoked = ids(app.get("/api/v1/invitations?status=revoked").token(&w.paola.token).send().await.expect(200).json());
    assert_eq!(revoked, [id(&manager)]);
    app.get("/api/v1/invitations?status=bogus").token(&w.paola.token).send().await.problem(400);
});

db_test!(async fn concurrent_accepts_of_one_token_have_one_winner(app) {
    let w = app.world().await;
    invite(&app, &w.paola.token, editor_of(w.soliani, "race@soliani.example")).await.expect(201);
    let token = mailed_token(&app, &w, "race@soliani.example").await;
    let attempts = (0..6).map(|i| {
        let app = &app;
        let token = token.clone();
        async move {
            accept(app, None, json!({"token": token, "password": NEW_PASSWORD, "display_name": format!("Racer {i}")}))
                .await
                .status
                .as_u16()
        }
    });
    let mut results = futures::future::join_all(attempts).await;
    results.sort();
    assert_eq!(results, [201, 409, 409, 409, 409, 409]);
    let users = app.get("/api/v1/users?email=race@soliani.example").token(&w.admin.token).send().await.expect(200).json();
    let items = users["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{users}");
    assert_eq!(items[0]["roles"].as_array().unwrap().len(), 1, "{users}");
});

// --- Companies invited to an event -----------------------------------------------------------

db_test!(async fn companies_are_invited_to_an_event_by_its_organisers(app) {
    let Some(sink) = SmtpSink::start() else { return };
    let w = app.world().await;
    let event = published_event(&app, &w).await;
    let path = format!("/api/v1/events/{event}/invitations");
    app.patch("/api/v1/me").token(&w.ivano.token).json(json!({"language": "it"})).send().await.expect(200);

    // Only who may edit the event (the host's managers, admins) invites.
    for token in [&w.paola.token, &w.ivano.token, &w.anna.token, &w.nobody.token] {
        app.post(&path).token(token).json(json!({"member_id": w.soliani})).send().await.problem(403);
    }
    let soliani = app.post(&path).token(&w.roland.token).json(json!({"member_id": w.soliani}))
        .send().await.expect(201).json();
    assert_eq!((soliani["member_id"].clone(), soliani["event_id"].clone()), (json!(w.soliani), json!(event)));
    app.post(&path).token(&w.roland.token).json(json!({"member_id": w.soliani})).send().await.problem(409);
    // A registered company needs no invitation.
    register(&app, &w.anna.token, event, w.helvetic, &[w.keller_contact]).await.expect(201);
    app.post(&path).token(&w.roland.token).json(json!({"member_id": w.helvetic})).send().await.problem(409);
    app.post(&path).token(&w.roland.token).json(json!({"member_id": Uuid::now_v7()})).send().await.problem(422);

    // A company without an editor account: the named contact person is written to.
    let member = app.post("/api/v1/members").token(&w.paola.token)
        .json(crate::common::world::member_input(w.lombardy, "Officine Brembo Aero", "IT", "Bergamo"))
        .send().await.expect(201).json();
    let member_id = member["id"].as_str().unwrap().to_owned();
    let contact = app.post(&format!("/api/v1/members/{member_id}/contacts")).token(&w.paola.token)
        .json(json!({"name": "Élise Bernasconi", "email": "elise@brembo-aero.example", "languages": ["fr", "it"], "share_consent": false}))
        .send().await.expect(201).json();
    let p = app.post(&path).token(&w.roland.token).json(json!({"member_id": member_id})).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["contact_id"]);
    let p = app.post(&path).token(&w.roland.token).json(json!({"member_id": member_id, "contact_id": w.buffetto_contact})).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["contact_id"]);
    // Élise did not consent to sharing her details: the Swiss host's manager may not name
    // her (the same answer as for a stranger); the admin may.
    let p = app.post(&path).token(&w.roland.token).json(json!({"member_id": member_id, "contact_id": contact["id"]})).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["contact_id"]);
    app.post(&path).token(&w.admin.token).json(json!({"member_id": member_id, "contact_id": contact["id"]}))
        .send().await.expect(201);

    mailer(&app, &sink).send_due().await.unwrap();
    let it = received(&sink, "ivano@soliani.example", "Invito:");
    assert_eq!(it.subject, "Invito: Cluster2Cluster Nidwalden");
    assert_eq!(it.content_language.as_deref(), Some("it"));
    assert!(it.text.contains("Swiss Aerospace Cluster invita Soliani Emc a Cluster2Cluster Nidwalden"), "{}", it.text);
    assert!(it.text.contains(&format!("http://localhost:8080/events/{event}")), "{}", it.text);
    assert!(it.list_unsubscribe.is_some(), "event invitations can be turned off");
    let fr = received(&sink, "elise@brembo-aero.example", "Invitation :");
    assert_eq!(fr.content_language.as_deref(), Some("fr"));
    assert!(fr.text.starts_with("Bonjour Élise Bernasconi,"), "{}", fr.text);
    assert!(fr.text.contains("Swiss Aerospace Cluster invite Officine Brembo Aero à Cluster2Cluster Nidwalden"), "{}", fr.text);
    assert!(sink.to("buffetto@aviometal.example").is_empty());

    // The organisers list them (the guest cluster's managers too); companies see their own.
    let listed = app.get(&path).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(listed["items"].as_array().unwrap().len(), 2, "{listed}");
    app.get(&path).token(&w.paola.token).send().await.expect(200);
    app.get(&path).token(&w.ivano.token).send().await.problem(403);
    let own = app.get(&format!("/api/v1/members/{}/event-invitations", w.soliani)).token(&w.ivano.token).send().await.expect(200).json();
    assert_eq!(own["items"][0]["event_id"], json!(event));
    app.get(&format!("/api/v1/members/{}/event-invitations", w.soliani)).token(&w.anna.token).send().await.problem(403);

    // Revoked by the host, kept with its time; invited again later.
    let one = format!("{path}/{}", soliani["id"].as_str().unwrap());
    app.delete(&one).token(&w.paola.token).send().await.problem(403);
    app.delete(&one).token(&w.roland.token).send().await.expect(204);
    let listed = app.get(&path).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1, "{listed}");
    let all = app.get(&format!("{path}?include_revoked=true")).token(&w.roland.token).send().await.expect(200).json();
    assert!(all["items"].as_array().unwrap().iter().any(|i| i["revoked_at"].is_string()), "{all}");
    let own = app.get(&format!("/api/v1/members/{}/event-invitations", w.soliani)).token(&w.ivano.token).send().await.expect(200).json();
    assert!(own["items"].as_array().unwrap().is_empty());
    app.post(&path).token(&w.roland.token).json(json!({"member_id": w.soliani})).send().await.expect(201);
});

db_test!(async fn a_manager_invites_a_colleague_to_manage_and_a_leavers_invitations_stop(app) {
    let w = app.world().await;
    // Paola brings in a second manager of Lombardy.
    invite(&app, &w.paola.token, json!({"email": "second@lombardia.example", "role": "cluster_manager", "cluster_id": w.lombardy})).await.expect(201);
    let token = mailed_token(&app, &w, "second@lombardia.example").await;
    let signed_in = accept(&app, None, json!({"token": token, "password": "two buses to Nidwalden", "display_name": "Second Manager"})).await.expect(201).json();
    let access = signed_in["tokens"]["access_token"].as_str().unwrap().to_owned();
    let me = app.get("/api/v1/me").token(&access).send().await.expect(200).json();
    assert_eq!(me["roles"][0]["role"], "cluster_manager", "{me}");
    assert_eq!(me["roles"][0]["cluster_id"], json!(w.lombardy.to_string()));

    // Paola invites someone else, then stops managing Lombardy before they accept: the
    // invitation no longer speaks for anyone who may give the role.
    invite(&app, &w.paola.token, editor_of(w.aviometal, "late@aviometal.example")).await.expect(201);
    let late = mailed_token(&app, &w, "late@aviometal.example").await;
    let roles = app.get(&format!("/api/v1/users/{}/roles", w.paola.id)).token(&w.admin.token).send().await.expect(200).json();
    let grant = roles.as_array().unwrap().iter().find(|g| g["role"] == "cluster_manager").unwrap()["id"].as_str().unwrap().to_owned();
    app.delete(&format!("/api/v1/users/{}/roles/{grant}", w.paola.id)).token(&w.admin.token).send().await.expect(204);
    let p = accept(&app, None, json!({"token": late, "password": "evening coach from Como", "display_name": "Late"})).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("may no longer give this role"), "{p}");
    app.post("/api/v1/auth/login").json(json!({"email": "late@aviometal.example", "password": "evening coach from Como"})).send().await.problem(401);

    // The second manager invites, then their account is deleted: the invitation is revoked.
    invite(&app, &access, editor_of(w.soliani, "orphan@soliani.example")).await.expect(201);
    let orphan = mailed_token(&app, &w, "orphan@soliani.example").await;
    app.delete(&format!("/api/v1/users/{}", me["id"].as_str().unwrap())).token(&w.admin.token).send().await.expect(204);
    let p = accept(&app, None, json!({"token": orphan, "password": "night train via Gotthard", "display_name": "Orphan"})).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("revoked"), "{p}");
});

db_test!(async fn an_invitation_to_a_company_removed_meanwhile_is_refused(app) {
    let w = app.world().await;
    invite(&app, &w.paola.token, editor_of(w.soliani, "new@soliani.example")).await.expect(201);
    let token = mailed_token(&app, &w, "new@soliani.example").await;
    // The portal's mirror sync removes Soliani (a tombstone, restorable).
    let db = app.db().clone();
    let soliani = w.soliani.to_string();
    actix_web::web::block(move || cluster2cluster::store::members::soft_delete(&mut db.get().unwrap(), &[soliani]))
        .await.unwrap().unwrap();
    let p = accept(&app, None, json!({"token": token, "password": "three minutes to pitch", "display_name": "New"})).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("was removed"), "{p}");
    // Nor can anyone be invited to edit it now.
    invite(&app, &w.paola.token, editor_of(w.soliani, "other@soliani.example")).await.problem(422);
});
