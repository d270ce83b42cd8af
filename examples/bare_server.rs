//! The baseline of `bench/read-path.sh`: a bare actix-web server that answers the two read
//! requests with fixed bytes captured from the running service, so that the benchmark's
//! "bare" row costs what HTTP, actix-web and the socket cost and nothing else.
//!
//!   cargo build --release --example bare_server
//!   target/release/examples/bare_server --bind 127.0.0.1:18281 --dir CAPTURE_DIR [--workers N]
//!
//! CAPTURE_DIR holds what `curl -D HEADERS -o BODY` wrote for each request:
//!   list.headers, list.body  → GET /api/v1/members (any query string)
//!   item.headers, item.body  → GET /api/v1/members/{anything}
//! The status line and every header of the capture are sent again as they were (ETag,
//! Content-Type, security headers, X-Request-Id, …), except those actix-web writes itself
//! (Content-Length, Date) and hop-by-hop ones. Only actix-web is used; no routing regex beyond
//! the two patterns, no middleware, no logging.

use std::path::Path;

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::web::{self, Bytes};
use actix_web::{App, HttpResponse, HttpServer};

struct Canned {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
}

struct Pages {
    list: Canned,
    item: Canned,
}

/// Headers that actix-web writes itself or that describe the connection, not the answer.
const SKIPPED: &[&str] = &[
    "content-length",
    "date",
    "connection",
    "keep-alive",
    "transfer-encoding",
];

fn load(dir: &Path, name: &str) -> Result<Canned, String> {
    let headers_path = dir.join(format!("{name}.headers"));
    let body_path = dir.join(format!("{name}.body"));
    let raw = std::fs::read_to_string(&headers_path)
        .map_err(|e| format!("{}: {e}", headers_path.display()))?;
    let body = std::fs::read(&body_path).map_err(|e| format!("{}: {e}", body_path.display()))?;
    let mut lines = raw.lines().map(|l| l.trim_end_matches('\r'));
    // One response per dump (curl -D without -L or 100-continue writes one block).
    let status_line = lines
        .next()
        .ok_or_else(|| format!("{}: empty", headers_path.display()))?;
    let code: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| {
            format!(
                "{}: bad status line {status_line:?}",
                headers_path.display()
            )
        })?;
    let status = StatusCode::from_u16(code).map_err(|e| e.to_string())?;
    let mut headers = Vec::new();
    for line in lines {
        if line.is_empty() {
            break;
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("{}: bad header line {line:?}", headers_path.display()))?;
        let name = name.trim().to_ascii_lowercase();
        if SKIPPED.contains(&name.as_str()) {
            continue;
        }
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| e.to_string())?;
        let value = HeaderValue::from_str(value.trim()).map_err(|e| e.to_string())?;
        headers.push((name, value));
    }
    Ok(Canned {
        status,
        headers,
        body: Bytes::from(body),
    })
}

fn respond(canned: &Canned) -> HttpResponse {
    let mut response = HttpResponse::build(canned.status);
    for (name, value) in &canned.headers {
        response.append_header((name.clone(), value.clone()));
    }
    response.body(canned.body.clone())
}

async fn list(pages: web::Data<Pages>) -> HttpResponse {
    respond(&pages.list)
}

async fn item(pages: web::Data<Pages>) -> HttpResponse {
    respond(&pages.item)
}

fn usage() -> ! {
    eprintln!("usage: bare_server --dir CAPTURE_DIR [--bind ADDR (127.0.0.1:18281)] [--workers N]");
    std::process::exit(2)
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let mut bind = "127.0.0.1:18281".to_owned();
    let mut dir = None;
    let mut workers = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage());
        match arg.as_str() {
            "--bind" => bind = value(),
            "--dir" => dir = Some(value()),
            "--workers" => workers = Some(value().parse::<usize>().unwrap_or_else(|_| usage())),
            _ => usage(),
        }
    }
    let dir = dir.unwrap_or_else(|| usage());
    let pages = (|| -> Result<Pages, String> {
        Ok(Pages {
            list: load(Path::new(&dir), "list")?,
            item: load(Path::new(&dir), "item")?,
        })
    })()
    .unwrap_or_else(|e| {
        eprintln!("bare_server: {e}");
        std::process::exit(1)
    });
    eprintln!(
        "bare_server on {bind}: list {} bytes, {} headers; item {} bytes, {} headers",
        pages.list.body.len(),
        pages.list.headers.len(),
        pages.item.body.len(),
        pages.item.headers.len()
    );
    let pages = web::Data::new(pages);
    let mut server = HttpServer::new(move || {
        App::new()
            .app_data(pages.clone())
            .route("/api/v1/members", web::get().to(list))
            .route("/api/v1/members/{id}", web::get().to(item))
    });
    if let Some(n) = workers {
        server = server.workers(n);
    }
    server.bind(&bind)?.run().await
}
