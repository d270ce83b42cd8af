//! A real HTTP server on a local port that records what it receives, for webhook tests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
pub struct Received {
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub struct Receiver {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    /// The status code it answers with (change it to simulate failures).
    status: Arc<AtomicU16>,
    /// When set, it reads each request and then never answers (until the sender gives up).
    hang: Arc<AtomicBool>,
}

impl Receiver {
    pub fn start() -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!(
            "http://127.0.0.1:{}/hook",
            listener.local_addr().unwrap().port()
        );
        let received = Arc::new(Mutex::new(Vec::new()));
        let status = Arc::new(AtomicU16::new(200));
        let hang = Arc::new(AtomicBool::new(false));
        let (r, st, hg) = (received.clone(), status.clone(), hang.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (r, st, hg) = (r.clone(), st.clone(), hg.clone());
                // One thread per connection: several senders at once, and a hanging answer
                // holds up only its own connection.
                std::thread::spawn(move || serve(stream, &r, &st, &hg));
            }
        });
        Receiver {
            url,
            received,
            status,
            hang,
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    pub fn answer(&self, code: u16) {
        self.status.store(code, Ordering::SeqCst);
    }

    /// Reads requests and never answers them.
    pub fn hang(&self) {
        self.hang.store(true, Ordering::SeqCst);
    }
}

fn serve(
    mut stream: std::net::TcpStream,
    received: &Mutex<Vec<Received>>,
    status: &AtomicU16,
    hang: &AtomicBool,
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).is_err() || h == "\r\n" || h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.trim_end().split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    let _ = reader.read_exact(&mut body);
    if hang.load(Ordering::SeqCst) {
        std::thread::sleep(std::time::Duration::from_secs(120));
        return;
    }
    let code = status.load(Ordering::SeqCst);
    received.lock().unwrap().push(Received {
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    let _ = write!(
        stream,
        "HTTP/1.1 {code} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    );
}
