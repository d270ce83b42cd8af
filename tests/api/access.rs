//! The role × operation matrix: every persona against every operation on Lombard objects.
//! Forbidden attempts answer 403 (or 404 where existence itself is private) and change
//! nothing.

use actix_web::http::Method;
use serde_json::{Value, json};

use crate::common::world::member_input;
use crate::common::{TestApp, World};
use crate::db_test;

struct Op {
    name: &'static str,
    method: Method,
    path: String,
    body: Option<Value>,
}

fn operations(w: &World) -> Vec<Op> {
    let op = |name, method, path: String, body| Op {
        name,
        method,
        path,
        body,
    };
    vec![
        op(
            "read cluster",
            Method::GET,
            format!("/api/v1/clusters/{}", w.lombardy),
            None,
        ),
        op(
            "edit cluster",
            Method::PATCH,
            format!("/api/v1/clusters/{}", w.lombardy),
            Some(json!({"description": "changed"})),
        ),
        op(
            "read member",
            Method::GET,
            format!("/api/v1/members/{}", w.aviometal),
            None,
        ),
        op(
            "create member",
            Method::POST,
            "/api/v1/members".into(),
            Some(member_input(w.lombardy, "New S.r.l.", "IT", "Milano")),
        ),
        op(
            "edit member",
            Method::PATCH,
            format!("/api/v1/members/{}", w.aviometal),
            Some(json!({"city": "Milano"})),
        ),
        op(
            "replace member",
            Method::PUT,
            format!("/api/v1/members/{}", w.aviometal),
            Some(member_input(w.lombardy, "Aviometal", "IT", "Milano")),
        ),
        op(
            "list contacts",
            Method::GET,
            format!("/api/v1/members/{}/contacts", w.aviometal),
            None,
        ),
        op(
            "read contact",
            Method::GET,
            format!(
                "/api/v1/members/{}/contacts/{}",
                w.aviometal, w.buffetto_contact
            ),
            None,
        ),
        op(
            "add contact",
            Method::POST,
            format!("/api/v1/members/{}/contacts", w.aviometal),
            Some(json!({"name": "Someone"})),
        ),
        op(
            "edit contact",
            Method::PATCH,
            format!(
                "/api/v1/members/{}/contacts/{}",
                w.aviometal, w.buffetto_contact
            ),
            Some(json!({"role": "CEO"})),
        ),
        op(
            "grant editor",
            Method::POST,
            // Ivano already works for a Lombard company: Paola may give him another one.
            format!("/api/v1/users/{}/roles", w.ivano.id),
            Some(json!({"role": "member_editor", "member_id": w.aviometal})),
        ),
        op(
            "delete contact",
            Method::DELETE,
            format!(
                "/api/v1/members/{}/contacts/{}",
                w.aviometal, w.buffetto_contact
            ),
            None,
        ),
        op(
            "delete member",
            Method::DELETE,
            format!("/api/v1/members/{}", w.aviometal),
            None,
        ),
    ]
}

/// Expected status per operation (in the order above) for each persona.
fn expected(persona: &str) -> [u16; 13] {
    //                      read  edit  read  crt   edit  repl  list  read  add   edit  grant del-c del-m
    //                      clu   clu   mem   mem   mem   mem   cont  cont  cont  cont  edit  cont  mem
    match persona {
        "admin" => [
            200, 200, 200, 201, 200, 200, 200, 200, 201, 200, 201, 204, 204,
        ],
        "paola" => [
            200, 200, 200, 201, 200, 200, 200, 200, 201, 200, 201, 204, 204,
        ],
        "buffetto" => [
            200, 403, 200, 403, 200, 200, 200, 200, 201, 200, 403, 204, 403,
        ],
        "ivano" => [
            200, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403,
        ],
        "roland" => [
            200, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403,
        ],
        "anna" => [
            200, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403,
        ],
        "nobody" => [
            200, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403,
        ],
        _ => unreachable!(),
    }
}

async fn snapshot(app: &TestApp, w: &World) -> Value {
    let t = &w.admin.token;
    json!({
        "cluster": app.get(&format!("/api/v1/clusters/{}", w.lombardy)).token(t).send().await.json(),
        "members": app.get("/api/v1/members").token(t).send().await.json(),
        "contacts": app.get(&format!("/api/v1/members/{}/contacts", w.aviometal)).token(t).send().await.json(),
        "nobody": app.get(&format!("/api/v1/users/{}", w.nobody.id)).token(t).send().await.json(),
    })
}

async fn check_persona(app: TestApp, persona: &'static str) {
    let w = app.world().await;
    let token = match persona {
        "admin" => &w.admin.token,
        "paola" => &w.paola.token,
        "buffetto" => &w.buffetto.token,
        "ivano" => &w.ivano.token,
        "roland" => &w.roland.token,
        "anna" => &w.anna.token,
        "nobody" => &w.nobody.token,
        _ => unreachable!(),
    };
    for (op, want) in operations(&w).into_iter().zip(expected(persona)) {
        let before = snapshot(&app, &w).await;
        let mut req = app.request(op.method.clone(), &op.path).token(token);
        if let Some(body) = op.body.clone() {
            req = req.json(body);
        }
        let resp = req.send().await;
        assert_eq!(
            resp.status.as_u16(),
            want,
            "{persona} → {}: {}",
            op.name,
            resp.text()
        );
        if want == 403 {
            assert_eq!(
                snapshot(&app, &w).await,
                before,
                "{persona} → {}: a refused request changed data",
                op.name
            );
        }
    }
}

db_test!(async fn matrix_admin(app) { check_persona(app, "admin").await; });
db_test!(async fn matrix_cluster_manager_of_the_cluster(app) { check_persona(app, "paola").await; });
db_test!(async fn matrix_editor_of_the_member(app) { check_persona(app, "buffetto").await; });
db_test!(async fn matrix_editor_of_another_member_in_the_same_cluster(app) { check_persona(app, "ivano").await; });
db_test!(async fn matrix_manager_of_another_cluster(app) { check_persona(app, "roland").await; });
db_test!(async fn matrix_editor_in_another_cluster(app) { check_persona(app, "anna").await; });
db_test!(async fn matrix_signed_in_without_roles(app) { check_persona(app, "nobody").await; });

db_test!(async fn everything_but_login_needs_a_token(app) {
    let w = app.world().await;
    for op in operations(&w) {
        let mut req = app.request(op.method.clone(), &op.path);
        if let Some(body) = op.body {
            req = req.json(body);
        }
        req.send().await.problem(401);
    }
});
