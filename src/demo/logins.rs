//! Demo accounts and their log-ins: the shared password, the users and grants, `create-admin`.

use uuid::Uuid;

use super::Seeder;
use super::directory::Directory;
use crate::auth::password;
use crate::domain::access::{Grant, Role, Scope};
use crate::error::AppResult;
use crate::store::{self, DbConn, users};

/// A demo account, printed at start-up.
pub struct DemoLogin {
    pub email: String,
    pub password: String,
    pub what: String,
}

/// Shared by every demo account; demo mode only, printed at start-up.
pub const DEMO_PASSWORD: &str = "Nidwalden-2017-demo";

/// Creates a platform admin (for `create-admin`).
pub fn create_admin(
    conn: &mut DbConn,
    email: &str,
    password_text: &str,
    display_name: &str,
) -> AppResult<users::User> {
    let hash = password::hash(password_text)?;
    store::write_transaction(conn, |conn| {
        let user = users::insert(conn, email, &hash, display_name)?;
        let id = user.id;
        users::insert_grant(
            conn,
            id,
            &Grant {
                role: Role::Admin,
                scope: Scope::Platform,
            },
            None,
        )?;
        Ok(user)
    })
}

impl Seeder<'_> {
    fn user(&mut self, email: &str, name: &str, grant: Grant, what: &str) -> AppResult<Uuid> {
        let user = users::insert(self.conn, email, &self.hash, name)?;
        let id = user.id;
        users::insert_grant(self.conn, id, &grant, None)?;
        self.logins.push(DemoLogin {
            email: email.to_owned(),
            password: DEMO_PASSWORD.to_owned(),
            what: what.to_owned(),
        });
        Ok(id)
    }
}

fn member_editor(member_id: Uuid, cluster_id: Uuid) -> Grant {
    Grant {
        role: Role::MemberEditor,
        scope: Scope::Member {
            member_id,
            cluster_id,
        },
    }
}

/// The platform admin, the two cluster managers and three member editors.
pub(super) fn seed(s: &mut Seeder, dir: &Directory) -> AppResult<()> {
    let &Directory {
        lombardy,
        swiss,
        aviometal,
        soliani,
        elevel,
    } = dir;
    s.user(
        "admin@cluster2cluster.example",
        "Platform admin",
        Grant {
            role: Role::Admin,
            scope: Scope::Platform,
        },
        "platform admin",
    )?;
    s.user(
        "paola.margnini@lombardia-aerospace.example",
        "Paola Margnini",
        Grant {
            role: Role::ClusterManager,
            scope: Scope::Cluster(lombardy),
        },
        "cluster manager, Lombardia Aerospace Cluster",
    )?;
    s.user(
        "roland.hengartner@swiss-aerospace.example",
        "Roland Hengartner",
        Grant {
            role: Role::ClusterManager,
            scope: Scope::Cluster(swiss),
        },
        "president, Swiss Aerospace Cluster (cluster manager role)",
    )?;
    s.user(
        "massimo.buffetto@aviometal.example",
        "Massimo Buffetto",
        member_editor(aviometal, lombardy),
        "member editor, Aviometal",
    )?;
    s.user(
        "ivano.soliani@soliani-emc.example",
        "Ivano Soliani",
        member_editor(soliani, lombardy),
        "member editor, Soliani Emc",
    )?;
    s.user(
        "massimo.maronati@e-level.example",
        "Massimo Maronati",
        member_editor(elevel, lombardy),
        "member editor, E-level Communication",
    )?;
    Ok(())
}

pub fn print_logins(logins: &[DemoLogin]) {
    let mut text = String::from(
        "demo data loaded; demo log-ins (demo mode only, do not use in production):\n",
    );
    for l in logins {
        text.push_str(&format!(
            "  {:<45} {:<22} {}\n",
            l.email, l.password, l.what
        ));
    }
    eprintln!("{text}");
}
