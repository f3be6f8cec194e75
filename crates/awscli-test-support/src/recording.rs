//! A recording HTTP/1.1 server on 127.0.0.1 for differential request tests:
//! it records every request it receives (method, target, headers, body) and
//! answers each from a queue of canned responses, falling back to a default
//! response when the queue is empty.
//!
//! Run the reference CLI against it, take the requests, queue the same
//! responses again, run our binary, and compare the two request lists with
//! [`crate::compare`]; the stdout of both runs comes from identical
//! responses, so it can be compared byte for byte.
//!
//! One thread accepts, one thread serves each connection (keep-alive, as
//! botocore and our client use it). The server stops accepting when dropped.

use std::collections::VecDeque;
use std::io::BufReader;
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::http::{self, WireRequest};
use crate::HarnessError;

/// A response to send back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl CannedResponse {
    /// A response with `status`, no headers and no body.
    pub fn new(status: u16) -> CannedResponse {
        CannedResponse {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// 200 with a `text/xml` body (query, ec2 and rest-xml protocols).
    pub fn xml(body: impl Into<Vec<u8>>) -> CannedResponse {
        CannedResponse::new(200)
            .header("Content-Type", "text/xml")
            .body(body)
    }

    /// 200 with a JSON body and the given content type
    /// (`application/x-amz-json-1.0`/`1.1` for json, `application/json` for
    /// rest-json).
    pub fn json(content_type: &str, body: impl Into<Vec<u8>>) -> CannedResponse {
        CannedResponse::new(200)
            .header("Content-Type", content_type)
            .body(body)
    }

    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> CannedResponse {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> CannedResponse {
        self.body = body.into();
        self
    }
}

/// One request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    pub method: String,
    /// The request target: path and query string, as sent (still encoded).
    pub target: String,
    /// Header fields in arrival order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body after HTTP framing (chunked transfer coding undone; an
    /// `aws-chunked` content coding is still in place).
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The path part of the target (still percent-encoded).
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The query part of the target, without `?` (still percent-encoded).
    pub fn query(&self) -> &str {
        self.target.split_once('?').map(|(_, q)| q).unwrap_or("")
    }

    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl From<WireRequest> for RecordedRequest {
    fn from(request: WireRequest) -> Self {
        RecordedRequest {
            method: request.method,
            target: request.target,
            headers: request.headers,
            body: request.body,
        }
    }
}

#[derive(Debug)]
struct State {
    requests: Vec<RecordedRequest>,
    queue: VecDeque<CannedResponse>,
    default: CannedResponse,
}

/// The server; see the module docs.
#[derive(Debug)]
pub struct RecordingServer {
    state: Arc<Mutex<State>>,
    acceptor: http::Acceptor,
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panic while holding the lock cannot leave `State` half-updated (every
    // update is a single push/pop), so a poisoned lock is still usable.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl RecordingServer {
    /// Starts on 127.0.0.1 and a free port. Until responses are queued it
    /// answers `200` with an empty body.
    pub fn start() -> Result<RecordingServer, HarnessError> {
        let state = Arc::new(Mutex::new(State {
            requests: Vec::new(),
            queue: VecDeque::new(),
            default: CannedResponse::new(200),
        }));
        let acceptor = {
            let state = Arc::clone(&state);
            http::Acceptor::start("starting the recording server", move |stream| {
                serve(stream, &state)
            })?
        };
        Ok(RecordingServer { state, acceptor })
    }

    /// `http://127.0.0.1:PORT`, for `--endpoint-url`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.acceptor.addr())
    }

    pub fn addr(&self) -> SocketAddr {
        self.acceptor.addr()
    }

    /// Replaces the queue of responses (answered in order).
    pub fn respond_with(&self, responses: impl IntoIterator<Item = CannedResponse>) {
        lock(&self.state).queue = responses.into_iter().collect();
    }

    /// Sets the response used once the queue is empty.
    pub fn set_default(&self, response: CannedResponse) {
        lock(&self.state).default = response;
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state).requests.clone()
    }

    /// The requests received so far, clearing the record.
    pub fn take_requests(&self) -> Vec<RecordedRequest> {
        std::mem::take(&mut lock(&self.state).requests)
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>) {
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    // Any I/O or framing error ends the connection; the client sees a reset,
    // which is what a test of malformed traffic would want to observe.
    while let Ok(Some(request)) = http::read_request(&mut reader, &mut writer) {
        let head = request.method.eq_ignore_ascii_case("HEAD");
        let close = request
            .headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("connection") && v.eq_ignore_ascii_case("close"));
        let response = {
            let mut state = lock(state);
            state.requests.push(request.into());
            let default = state.default.clone();
            state.queue.pop_front().unwrap_or(default)
        };
        if http::write_response(
            &mut writer,
            response.status,
            &response.headers,
            &response.body,
            head,
        )
        .is_err()
            || close
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::time::Duration;

    #[test]
    fn records_requests_and_answers_in_order() {
        let server = RecordingServer::start().unwrap();
        server.respond_with([CannedResponse::xml("<a/>"), CannedResponse::new(404)]);
        let (status, body) = http::send(
            server.addr(),
            "POST",
            "/x?y=1",
            b"body",
            Duration::from_secs(5),
        )
        .unwrap();
        assert_eq!((status, body.as_slice()), (200, b"<a/>".as_slice()));
        let (status, _) =
            http::send(server.addr(), "GET", "/", b"", Duration::from_secs(5)).unwrap();
        assert_eq!(status, 404);
        let (status, _) =
            http::send(server.addr(), "GET", "/", b"", Duration::from_secs(5)).unwrap();
        assert_eq!(status, 200, "default after the queue is empty");
        let requests = server.take_requests();
        assert_eq!(requests.len(), 3);
        assert_eq!(requests[0].method, "POST");
        assert_eq!(requests[0].path(), "/x");
        assert_eq!(requests[0].query(), "y=1");
        assert_eq!(requests[0].body, b"body");
        assert!(server.requests().is_empty());
    }

    #[test]
    fn answers_expect_continue_and_chunked_bodies_on_keep_alive() {
        let server = RecordingServer::start().unwrap();
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream
            .write_all(b"PUT /b/k HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
            .unwrap();
        let mut interim = [0u8; 25];
        stream.read_exact(&mut interim).unwrap();
        assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
        stream.write_all(b"abc").unwrap();
        stream
            .write_all(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n")
            .unwrap();
        let mut seen = Vec::new();
        let mut buffer = [0u8; 256];
        while seen.windows(4).filter(|w| w == b"\r\n\r\n").count() < 2 {
            let n = stream.read(&mut buffer).unwrap();
            assert!(n > 0, "connection closed early");
            seen.extend_from_slice(&buffer[..n]);
        }
        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[0].body, b"abc");
        assert_eq!(requests[1].body, b"hi");
    }
}
