//! Demo accounts and their log-ins: the shared password, the users and grants, `create-admin`.

use uuid::Uuid;

use super::Seeder;
use super::directory::Directory;
use crate::auth::password;
use crate::domain::access::{Grant, Role, Scope};
use crate::domain::mail::Language;
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
        // Demo people came in by invitation: their addresses are confirmed.
        users::mark_email_verified(conn, user.id)?;
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
    fn user(
        &mut self,
        email: &str,
        name: &str,
        grant: Grant,
        what: &str,
        language: Language,
    ) -> AppResult<Uuid> {
        let user = users::insert(self.conn, email, &self.hash, name)?;
        users::mark_email_verified(self.conn, user.id)?;
        let id = user.id;
        users::insert_grant(self.conn, id, &grant, None)?;
        // Lombard people read their mail in Italian, the Swiss ones in German.
        let zone = match language {
            Language::It => "Europe/Rome",
            _ => "Europe/Zurich",
        };
        users::set_profile(self.conn, id, name, language, zone)?;
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
        Language::En,
    )?;
    s.user(
        "paola.margnini@lombardia-aerospace.example",
        "Paola Margnini",
        Grant {
            role: Role::ClusterManager,
            scope: Scope::Cluster(lombardy),
        },
        "cluster manager, Lombardia Aerospace Cluster",
        Language::It,
    )?;
    s.user(
        "roland.hengartner@swiss-aerospace.example",
        "Roland Hengartner",
        Grant {
            role: Role::ClusterManager,
            scope: Scope::Cluster(swiss),
        },
        "president, Swiss Aerospace Cluster (cluster manager role)",
        Language::De,
    )?;
    s.user(
        "massimo.buffetto@aviometal.example",
        "Massimo Buffetto",
        member_editor(aviometal, lombardy),
        "member editor, Aviometal",
        Language::It,
    )?;
    s.user(
        "ivano.soliani@soliani-emc.example",
        "Ivano Soliani",
        member_editor(soliani, lombardy),
        "member editor, Soliani Emc",
        Language::It,
    )?;
    s.user(
        "massimo.maronati@e-level.example",
        "Massimo Maronati",
        member_editor(elevel, lombardy),
        "member editor, E-level Communication",
        Language::It,
    )?;
    // A Swiss editor (illustrative), so that requests to a Swiss company reach someone.
    let helvetic = s
        .companies
        .iter()
        .find(|c| c.name == "Helvetic Aero Services AG")
        .map(|c| (c.member_id, c.cluster_id))
        .ok_or_else(|| crate::error::AppError::internal("demo company Helvetic Aero"))?;
    s.user(
        "anna.keller@helvetic-aero.example",
        "Anna Keller",
        member_editor(helvetic.0, helvetic.1),
        "member editor, Helvetic Aero Services AG (mail in German)",
        Language::De,
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
