//! Generated clients work with the contract unchanged: the Python client of
//! openapi-python-client and the TypeScript ones of openapi-typescript + openapi-fetch, orval
//! (its fetch client) and openapi-generator (`typescript-fetch`) are generated from
//! openapi/openapi.json and driven against the real service (the binary with its demo data):
//! log-in, a paged list followed to its end, a conditional GET (304) and the catalogue exports
//! (the scripts in tests/clients list them, one entry per export operation).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::Duration;

use serde_json::Value;

const EMAIL: &str = "paola.margnini@lombardia-aerospace.example";

struct Service {
    child: Child,
    base: String,
    _dir: tempfile::TempDir,
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The binary with the demo data on a fresh SQLite file, on a free port.
async fn demo_service() -> Service {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_cluster2cluster"))
        .args(["serve", "--demo", "--workers", "2", "--bind"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("--database-url")
        .arg(dir.path().join("c2c.db"))
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let service = Service {
        child,
        base: format!("http://127.0.0.1:{port}"),
        _dir: dir,
    };
    let client = reqwest::Client::new();
    for _ in 0..600 {
        if client
            .get(format!("{}/readyz", service.base))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            return service;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the demo service did not become ready");
}

/// What the service itself answers, read without a generated client: the members in order
/// and the catalogue's files.
async fn truth(base: &str) -> (Vec<String>, Value) {
    let client = reqwest::Client::new();
    let login: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(
            &serde_json::json!({"email": EMAIL, "password": cluster2cluster::demo::DEMO_PASSWORD}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["access_token"].as_str().unwrap().to_owned();
    let get = |url: String| client.get(url).bearer_auth(&token).send();
    let members: Value = get(format!("{base}/api/v1/members?limit=500"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names = members["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["legal_name"].as_str().unwrap().to_owned())
        .collect();
    let clusters: Value = get(format!(
        "{base}/api/v1/clusters?slug=lombardia-aerospace-cluster"
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let id = clusters["items"][0]["id"].as_str().unwrap().to_owned();
    let mut files = serde_json::Map::new();
    for format in ["csv", "vcf", "xlsx"] {
        let bytes = get(format!("{base}/api/v1/clusters/{id}/catalogue.{format}"))
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        // A workbook is compared by its first four bytes (the zip container's signature).
        let text = if format == "xlsx" {
            bytes[..4].iter().map(|b| format!("{b:02x}")).collect()
        } else {
            String::from_utf8(bytes.to_vec()).unwrap()
        };
        files.insert(format.to_owned(), Value::String(text));
    }
    (names, Value::Object(files))
}

fn succeeded(what: &str, out: Output) -> String {
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A generator's run that succeeded: everything it wrote, on stdout and stderr, where its
/// warnings are.
fn generator_log(what: &str, out: Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    succeeded(what, out) + &stderr
}

/// What every client must have seen.
fn check_run(client: &str, seen: &Value, members: &[String], files: &Value) {
    let listed: Vec<String> = seen["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, members, "{client}: the pages followed to the end");
    assert!(seen["pages"].as_u64().unwrap() >= 2, "{client}: {seen}");
    assert_eq!(seen["first_status"], 200, "{client}");
    assert!(seen["etag"].as_str().unwrap().starts_with('"'), "{client}");
    assert_eq!(seen["conditional_status"], 304, "{client}: If-None-Match");
    let exported = seen["files"].as_object().unwrap();
    let json = &exported["json"];
    assert!(
        json["type"]
            .as_str()
            .unwrap()
            .starts_with("application/json")
    );
    let companies: Vec<String> = serde_json::from_str(json["text"].as_str().unwrap()).unwrap();
    assert!(
        !companies.is_empty(),
        "{client}: the JSON catalogue lists companies"
    );
    for (format, media_type, start) in [
        ("csv", "text/csv", "company"),
        ("vcf", "text/vcard", "BEGIN:VCARD"),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "504b0304",
        ),
    ] {
        let file = exported
            .get(format)
            .unwrap_or_else(|| panic!("{client}: no {format} export"));
        {
            assert!(
                file["type"].as_str().unwrap().starts_with(media_type),
                "{client}: {file}"
            );
            let text = file["text"].as_str().unwrap();
            assert!(text.starts_with(start), "{client} {format}: {text:.80}");
            assert_eq!(
                text,
                files[format].as_str().unwrap(),
                "{client}: {format} as sent"
            );
        }
    }
}

fn contract() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi/openapi.json")
}

#[actix_web::test]
async fn the_generated_python_client_logs_in_pages_revalidates_and_exports() {
    let Some(python) = crate::common::python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let generated = Command::new(&python)
        .args([
            "-m",
            "openapi_python_client",
            "generate",
            "--meta",
            "none",
            "--config",
        ])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/python-client.yaml"))
        .arg("--path")
        .arg(contract())
        .arg("--output-path")
        .arg(dir.path().join("c2c_client"))
        .output()
        .unwrap();
    let log = succeeded("openapi-python-client", generated);
    assert!(!log.contains("Warning"), "the generator warns:\n{log}");
    let service = demo_service().await;
    let (members, files) = truth(&service.base).await;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/python_client.py");
    let out = Command::new(&python)
        .arg(script)
        .env("PYTHONPATH", dir.path())
        .env("C2C_BASE", &service.base)
        .env("C2C_EMAIL", EMAIL)
        .env("C2C_PASSWORD", cluster2cluster::demo::DEMO_PASSWORD)
        .output()
        .unwrap();
    let seen: Value = serde_json::from_str(&succeeded("the Python client", out)).unwrap();
    check_run("python", &seen, &members, &files);
}

/// Type-checks, strictly, a copy of tests/clients/`script` as `main.ts` with the TypeScript a
/// generator wrote into `dir`, then runs it with tsx against the demo service and checks what it
/// saw against what the service answers directly.
async fn typecheck_and_run(tools: &Path, dir: &Path, script: &str, client: &str) -> Value {
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/clients")
            .join(script),
        dir.join("main.ts"),
    )
    .unwrap();
    std::fs::write(dir.join("package.json"), r#"{"type": "module"}"#).unwrap();
    std::fs::write(
        dir.join("tsconfig.json"),
        r#"{"compilerOptions": {"target": "es2022", "module": "nodenext", "moduleResolution": "nodenext",
            "strict": true, "noEmit": true, "skipLibCheck": true, "lib": ["es2022", "dom", "dom.iterable"]},
            "include": ["**/*.ts"]}"#,
    )
    .unwrap();
    std::os::unix::fs::symlink(tools, dir.join("node_modules")).unwrap();
    // The generated code and the calls made with it compile, strictly.
    let checked = Command::new(tools.join(".bin/tsc"))
        .arg("-p")
        .arg(dir)
        .output()
        .unwrap();
    succeeded(&format!("tsc ({client})"), checked);
    let service = demo_service().await;
    let (members, files) = truth(&service.base).await;
    let out = Command::new(tools.join(".bin/tsx"))
        .arg(dir.join("main.ts"))
        .current_dir(dir)
        .env("C2C_BASE", &service.base)
        .env("C2C_EMAIL", EMAIL)
        .env("C2C_PASSWORD", cluster2cluster::demo::DEMO_PASSWORD)
        .output()
        .unwrap();
    let seen: Value = serde_json::from_str(&succeeded(client, out)).unwrap();
    check_run(client, &seen, &members, &files);
    seen
}

#[actix_web::test]
async fn the_generated_typescript_client_logs_in_pages_revalidates_and_exports() {
    let Some(tools) = crate::lint::node_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let generated = Command::new(tools.join(".bin/openapi-typescript"))
        .arg(contract())
        .arg("--output")
        .arg(dir.path().join("schema.d.ts"))
        .output()
        .unwrap();
    succeeded("openapi-typescript", generated);
    typecheck_and_run(&tools, dir.path(), "typescript.ts", "openapi-typescript").await;
}

#[actix_web::test]
async fn the_generated_orval_client_logs_in_pages_revalidates_and_exports() {
    let Some(tools) = crate::lint::node_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let generated = Command::new(tools.join(".bin/orval"))
        .arg("--config")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/orval.config.mjs"))
        .env("C2C_CONTRACT", contract())
        .env("C2C_ORVAL_OUTPUT", dir.path().join("c2c.ts"))
        .output()
        .unwrap();
    let log = generator_log("orval", generated);
    assert!(!log.to_lowercase().contains("warn"), "orval warns:\n{log}");
    typecheck_and_run(&tools, dir.path(), "orval.ts", "orval").await;
}

/// The Java runtime for openapi-generator's jar: `java` on the PATH (the machine's), or `None`
/// when there is none — a failure instead when the suite must have its tools
/// (`C2C_REQUIRE_PYTHON=1`, as in CI).
fn java() -> Option<PathBuf> {
    let java = PathBuf::from("java");
    match Command::new(&java).arg("-version").output() {
        Ok(out) if out.status.success() => Some(java),
        _ if std::env::var("C2C_REQUIRE_PYTHON").is_ok_and(|v| v == "1") => {
            panic!("C2C_REQUIRE_PYTHON=1 but there is no `java` on the PATH for openapi-generator")
        }
        _ => {
            eprintln!("skipped: no `java` on the PATH (openapi-generator needs Java 11 or later)");
            None
        }
    }
}

#[actix_web::test]
async fn the_generated_typescript_fetch_client_logs_in_pages_revalidates_and_exports() {
    let (Some(python), Some(tools)) = (crate::common::python(), crate::lint::node_tools()) else {
        return;
    };
    let Some(java) = java() else {
        return;
    };
    // The generator's jar, as the PyPI package openapi-generator-cli ships it (pinned in
    // tests/python-requirements.txt), run directly with the machine's Java.
    let jar = succeeded(
        "finding openapi-generator's jar",
        Command::new(&python)
            .args([
                "-c",
                "import importlib.resources as r; \
                 print(r.files('openapi_generator_cli') / 'openapi-generator.jar')",
            ])
            .output()
            .unwrap(),
    );
    let dir = tempfile::tempdir().unwrap();
    let generated = Command::new(&java)
        // The quick compiler only: a run of a few seconds does not repay the optimising one.
        .arg("-XX:TieredStopAtLevel=1")
        .arg("-jar")
        .arg(jar.trim())
        .args([
            "generate",
            "--generator-name",
            "typescript-fetch",
            "--input-spec",
        ])
        .arg(contract())
        .arg("--output")
        .arg(dir.path())
        // ES modules, as Node.js runs them: relative imports name their `.js`.
        .arg("--additional-properties=importFileExtension=.js")
        .arg("--global-property=apiDocs=false,modelDocs=false")
        .output()
        .unwrap();
    let log = generator_log("openapi-generator", generated);
    // Its only warning is that its OpenAPI 3.1 support is in beta, said of every 3.1 contract.
    let warnings: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("WARN") || l.contains("ERROR"))
        .filter(|l| !l.contains("OpenAPI 3.1 support is still in beta"))
        .collect();
    assert!(
        warnings.is_empty(),
        "openapi-generator warns:\n{}",
        warnings.join("\n")
    );
    typecheck_and_run(
        &tools,
        dir.path(),
        "typescript_fetch.ts",
        "typescript-fetch",
    )
    .await;
}
