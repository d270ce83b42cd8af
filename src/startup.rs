//! Start-up steps shared by the commands: opening and migrating the database, finding the
//! token-signing secret.

use std::time::{Duration, Instant};

use crate::auth::jwt;
use crate::store::{self, Db, PoolOptions};

/// Opens the pool and applies pending migrations, waiting up to `wait` for a database that
/// is still starting (as in docker compose, where the service may start first).
pub fn open_database(url: &str, pool: PoolOptions, wait: Duration) -> Result<Db, String> {
    if store::Backend::from_url(url) == store::Backend::Sqlite
        && let Some(parent) =
            std::path::Path::new(url.strip_prefix("sqlite://").unwrap_or(url)).parent()
        && !parent.as_os_str().is_empty()
        && !parent.exists()
    {
        return Err(format!(
            "the directory {} for the SQLite file does not exist",
            parent.display()
        ));
    }
    let db = Db::connect(url, pool);
    let started = Instant::now();
    loop {
        match db.migrate() {
            Ok(applied) => {
                for name in applied {
                    tracing::info!(migration = %name, "applied migration");
                }
                return Ok(db);
            }
            Err(e) if started.elapsed() < wait => {
                tracing::warn!(error = %e, "database not ready yet; retrying");
                std::thread::sleep(Duration::from_secs(1));
            }
            Err(e) => return Err(format!("cannot open or migrate the database: {e}")),
        }
    }
}

/// The HS256 secret: `C2C_JWT_SECRET` when set, else one generated once and kept in the
/// database, so that every instance behind a load balancer signs and checks with the same key.
pub fn jwt_secret(db: &Db, from_env: Option<String>) -> Result<Vec<u8>, String> {
    if let Some(secret) = from_env.filter(|s| !s.is_empty()) {
        if secret.len() < jwt::MIN_SECRET_LEN {
            return Err(format!(
                "C2C_JWT_SECRET must be at least {} bytes long",
                jwt::MIN_SECRET_LEN
            ));
        }
        if let Some(why) = jwt::placeholder_secret(&secret) {
            return Err(format!(
                "C2C_JWT_SECRET looks like a placeholder ({why}); anyone who read it could sign \
                 tokens. Set a random one (`openssl rand -base64 48`) or leave it unset to let \
                 the service generate one and keep it in the database"
            ));
        }
        return Ok(secret.into_bytes());
    }
    let mut conn = db.get().map_err(|e| e.to_string())?;
    if let Some(stored) =
        store::settings::get(&mut conn, jwt::SECRET_SETTING).map_err(|e| e.to_string())?
    {
        tracing::info!(
            "C2C_JWT_SECRET is not set; using the signing secret stored in the database"
        );
        return Ok(stored.into_bytes());
    }
    let stored = store::with_startup_lock(&mut conn, |conn| {
        store::settings::get_or_insert(conn, jwt::SECRET_SETTING, &jwt::generate_secret())
            .map_err(|e| e.to_string())
    })?;
    tracing::warn!(
        "C2C_JWT_SECRET is not set; generated a random signing secret and stored it in the database \
         (settings table). Set C2C_JWT_SECRET to manage it yourself."
    );
    Ok(stored.into_bytes())
}
