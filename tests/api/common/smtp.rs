//! A real SMTP server for the mail tests: Python's aiosmtpd (tests/python/smtp_sink.py) on a
//! free port, keeping every message as received; and the messages read back with a real
//! MIME parser (mail-parser), as a mail client would.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use mail_parser::{MessageParser, MimeHeaders};

pub struct SmtpSink {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A message as the sink received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub raw: Vec<u8>,
    /// The envelope's recipients (what the server was asked to deliver to).
    pub rcpt_tos: Vec<String>,
}

/// What a mail client reads of a message.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub subject: String,
    pub to: Vec<String>,
    pub message_id: String,
    pub content_language: Option<String>,
    pub list_unsubscribe: Option<String>,
    pub list_unsubscribe_post: Option<String>,
    /// `type/subtype` of the root part.
    pub root_type: String,
    pub text: String,
    pub html: String,
    /// Name, full content type (with its parameters) and content of each attachment.
    pub attachments: Vec<(String, String, String)>,
    /// Every header name of the top level, lower-cased.
    pub header_names: Vec<String>,
}

fn content_type_of(ct: Option<&mail_parser::ContentType<'_>>) -> String {
    let Some(ct) = ct else {
        return String::new();
    };
    let mut out = format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default());
    for a in ct.attributes().unwrap_or_default() {
        out.push_str(&format!("; {}={}", a.name, a.value));
    }
    out
}

impl Received {
    /// The message parsed with mail-parser.
    pub fn parse(&self) -> Parsed {
        let m = MessageParser::default()
            .parse(&self.raw)
            .expect("a parseable MIME message");
        let raw_header = |name: &str| m.header_raw(name).map(|v| v.trim().to_owned());
        Parsed {
            subject: m.subject().unwrap_or_default().to_owned(),
            to: m
                .to()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.address().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
            message_id: m.message_id().unwrap_or_default().to_owned(),
            content_language: raw_header("Content-Language"),
            list_unsubscribe: raw_header("List-Unsubscribe"),
            list_unsubscribe_post: raw_header("List-Unsubscribe-Post"),
            root_type: {
                let t = content_type_of(m.content_type());
                t.split(';').next().unwrap_or_default().to_owned()
            },
            // Lines travel with CRLF; compare them as the service wrote them.
            text: m
                .body_text(0)
                .map(|t| t.replace("\r\n", "\n"))
                .unwrap_or_default(),
            html: m
                .body_html(0)
                .map(|t| t.replace("\r\n", "\n"))
                .unwrap_or_default(),
            attachments: m
                .attachments()
                .map(|a| {
                    (
                        a.attachment_name().unwrap_or_default().to_owned(),
                        content_type_of(a.content_type()),
                        String::from_utf8_lossy(a.contents()).into_owned(),
                    )
                })
                .collect(),
            header_names: m
                .headers()
                .iter()
                .map(|h| h.name().to_ascii_lowercase())
                .collect(),
        }
    }
}

impl SmtpSink {
    /// Starts the sink; `None` when the test Python is not available (see `common::python`).
    pub fn start() -> Option<SmtpSink> {
        let python = super::python()?;
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python/smtp_sink.py");
        let mut child = Command::new(python)
            .args([script, &port.to_string(), dir.path().to_str().unwrap()])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the SMTP sink starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = std::io::BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the SMTP sink says it is ready");
        assert_eq!(
            line.trim(),
            "ready",
            "the SMTP sink did not start (is aiosmtpd installed?)"
        );
        Some(SmtpSink { child, port, dir })
    }

    /// The URL to give the service (`--smtp-url`).
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, in the order received.
    pub fn messages(&self) -> Vec<Received> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|eml| {
                let envelope: serde_json::Value = serde_json::from_str(
                    &std::fs::read_to_string(eml.with_extension("json")).unwrap(),
                )
                .unwrap();
                Received {
                    raw: std::fs::read(&eml).unwrap(),
                    rcpt_tos: envelope["rcpt_tos"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|r| r.as_str().unwrap().to_owned())
                        .collect(),
                }
            })
            .collect()
    }

    /// The messages for `address` (an envelope recipient).
    pub fn to(&self, address: &str) -> Vec<Received> {
        self.messages()
            .into_iter()
            .filter(|m| m.rcpt_tos.iter().any(|r| r.eq_ignore_ascii_case(address)))
            .collect()
    }

    /// Waits until at least `n` messages arrived (or `timeout` passed) and returns them all.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let started = Instant::now();
        loop {
            let all = self.messages();
            if all.len() >= n || started.elapsed() > timeout {
                return all;
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
