//! A small, strict subset of HTTP/1.1: one request per connection, heads
//! and bodies capped, anything unexpected refused with a 4xx that says why.
//! No request, however malformed, may panic: every index is checked and
//! every number parsed with overflow in mind.

use std::fmt;
use std::io::{self, ErrorKind, Read, Write};
use std::time::Instant;

/// The request line and headers together, including the blank line.
pub const MAX_HEAD: usize = 16 * 1024;
/// The largest body the server reads; larger ones get 413.
pub const MAX_BODY: usize = 4 * 1024;
/// How many header lines a request may have.
pub const MAX_HEADERS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The path, without the query string.
    pub path: String,
    pub query: Option<String>,
    /// Names lower-cased; values with surrounding blanks trimmed.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The first header of that name (give it in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A request the server answers with an error status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpError {
    pub status: u16,
    pub message: String,
}

impl HttpError {
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status,
            reason(self.status),
            self.message
        )
    }
}

#[derive(Debug)]
pub enum ReadError {
    /// The client closed the connection before sending a byte.
    Closed,
    /// The client was too slow (read timeout or overall deadline).
    TimedOut,
    /// The connection failed.
    Failed,
    /// The request is malformed or too large.
    Bad(HttpError),
}

impl From<HttpError> for ReadError {
    fn from(e: HttpError) -> Self {
        Self::Bad(e)
    }
}

fn bad(message: impl Into<String>) -> ReadError {
    ReadError::Bad(HttpError::new(400, message))
}

fn io_error(e: io::Error) -> ReadError {
    match e.kind() {
        ErrorKind::WouldBlock | ErrorKind::TimedOut => ReadError::TimedOut,
        _ => ReadError::Failed,
    }
}

/// Reads one request. The stream's own read timeout bounds each read;
/// `deadline` bounds the whole request (a client trickling bytes is cut off).
/// `Expect: 100-continue` is answered before the body is read.
pub fn read_request<S: Read + Write>(
    stream: &mut S,
    deadline: Instant,
) -> Result<Request, ReadError> {
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    let head_end = loop {
        if let Some(end) = find_head_end(&buffer) {
            break end;
        }
        if buffer.len() >= MAX_HEAD {
            return Err(HttpError::new(
                431,
                format!("the request line and headers are over {MAX_HEAD} bytes"),
            )
            .into());
        }
        if Instant::now() > deadline {
            return Err(ReadError::TimedOut);
        }
        let n = match stream.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_error(e)),
        };
        if n == 0 {
            return Err(if buffer.is_empty() {
                ReadError::Closed
            } else {
                bad("the request ended before its headers did (a blank line, CRLF CRLF, ends them)")
            });
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    if head_end > MAX_HEAD {
        return Err(HttpError::new(
            431,
            format!("the request line and headers are over {MAX_HEAD} bytes"),
        )
        .into());
    }
    let mut request = parse_head(&buffer[..head_end])?;
    let already = buffer.get(head_end + 4..).unwrap_or_default().to_vec();
    let length = body_length(&request)?;
    if length > 0 {
        match request.header("expect") {
            None => {}
            Some(v) if v.eq_ignore_ascii_case("100-continue") => {
                stream
                    .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                    .map_err(io_error)?;
            }
            Some(v) => {
                return Err(HttpError::new(
                    417,
                    format!("Expect: {v} is not supported (only 100-continue is)"),
                )
                .into());
            }
        }
    }
    let mut body = already;
    body.truncate(length);
    while body.len() < length {
        if Instant::now() > deadline {
            return Err(ReadError::TimedOut);
        }
        let want = (length - body.len()).min(chunk.len());
        let n = match stream.read(&mut chunk[..want]) {
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_error(e)),
        };
        if n == 0 {
            return Err(bad(format!(
                "the body ended after {} of the {length} bytes its Content-Length announced",
                body.len()
            )));
        }
        body.extend_from_slice(&chunk[..n]);
    }
    request.body = body;
    Ok(request)
}

fn find_head_end(buffer: &[u8]) -> Option<usize> {
    buffer.windows(4).position(|w| w == b"\r\n\r\n")
}

fn is_tchar(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c)
}

fn parse_head(head: &[u8]) -> Result<Request, ReadError> {
    if let Some(&c) = head
        .iter()
        .find(|&&c| !(c.is_ascii_graphic() || c == b' ' || c == b'\t' || c == b'\r' || c == b'\n'))
    {
        return Err(bad(format!(
            "the request head holds byte 0x{c:02x}: only printable ASCII is allowed there"
        )));
    }
    // Checked above: ASCII only, so this cannot fail.
    let text = std::str::from_utf8(head).map_err(|_| bad("the request head is not ASCII"))?;
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    if request_line.contains(['\r', '\n']) {
        return Err(bad("lines of the request must end with CRLF"));
    }
    let parts: Vec<&str> = request_line.split(' ').collect();
    let [method, target, version] = parts.as_slice() else {
        return Err(bad(format!(
            "malformed request line {request_line:?}: expected e.g. \"GET /v1/state HTTP/1.1\""
        )));
    };
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(bad(format!("malformed method {method:?}")));
    }
    match *version {
        "HTTP/1.1" | "HTTP/1.0" => {}
        v if v.starts_with("HTTP/") => {
            return Err(
                HttpError::new(505, format!("{v} is not supported: speak HTTP/1.1")).into(),
            );
        }
        v => return Err(bad(format!("malformed HTTP version {v:?}"))),
    }
    if !target.starts_with('/') || target.contains('#') {
        return Err(bad(format!(
            "malformed request target {target:?}: expected a path such as /v1/state"
        )));
    }
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q.to_string())),
        None => (*target, None),
    };
    let mut headers = Vec::new();
    for line in lines {
        if line.contains(['\r', '\n']) {
            return Err(bad("lines of the request must end with CRLF"));
        }
        if line.starts_with([' ', '\t']) {
            return Err(bad("folded header lines are not allowed"));
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(bad(format!(
                "malformed header line {line:?}: expected \"Name: value\""
            )));
        };
        if name.is_empty() || !name.bytes().all(is_tchar) {
            return Err(bad(format!("malformed header name {name:?}")));
        }
        if headers.len() == MAX_HEADERS {
            return Err(HttpError::new(431, format!("more than {MAX_HEADERS} headers")).into());
        }
        headers.push((
            name.to_ascii_lowercase(),
            value.trim_matches([' ', '\t']).to_string(),
        ));
    }
    let request = Request {
        method: method.to_string(),
        path: path.to_string(),
        query,
        headers,
        body: Vec::new(),
    };
    if *version == "HTTP/1.1" && request.header("host").is_none() {
        return Err(bad("an HTTP/1.1 request needs a Host header"));
    }
    Ok(request)
}

/// The body's length from Content-Length; no header means no body.
fn body_length(request: &Request) -> Result<usize, ReadError> {
    if request.header("transfer-encoding").is_some() {
        return Err(HttpError::new(
            411,
            "chunked or other transfer encodings are not supported: send the body with a Content-Length",
        )
        .into());
    }
    let mut length: Option<u64> = None;
    for (_, value) in request
        .headers
        .iter()
        .filter(|(n, _)| n == "content-length")
    {
        if value.is_empty() || !value.bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad(format!(
                "Content-Length {value:?} is not a number of bytes"
            )));
        }
        // All digits: a parse failure can only be an overflow, i.e. huge.
        let parsed = value.parse::<u64>().unwrap_or(u64::MAX);
        if length.is_some_and(|l| l != parsed) {
            return Err(bad("two different Content-Length headers"));
        }
        length = Some(parsed);
    }
    let length = length.unwrap_or(0);
    if length > MAX_BODY as u64 {
        return Err(HttpError::new(
            413,
            format!("the body is {length} bytes; at most {MAX_BODY} are accepted"),
        )
        .into());
    }
    Ok(length as usize)
}

pub fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        417 => "Expectation Failed",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

/// A whole response with a body; the connection closes after it.
pub fn response(status: u16, headers: &[(&str, &str)], content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        reason(status),
        body.len()
    );
    for (name, value) in headers {
        out.push_str(name);
        out.push_str(": ");
        out.push_str(value);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// `{"error": message}` with a trailing newline (nicer under curl).
pub fn error_body(message: &str) -> Vec<u8> {
    let mut body = serde_json::json!({ "error": message })
        .to_string()
        .into_bytes();
    body.push(b'\n');
    body
}

pub fn json_response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    response(status, headers, "application/json", body)
}

pub fn error_response(error: &HttpError, headers: &[(&str, &str)]) -> Vec<u8> {
    json_response(error.status, headers, &error_body(&error.message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;
    use std::time::Duration;

    /// A stream that reads from fixed bytes and records what is written.
    struct Fake {
        input: Cursor<Vec<u8>>,
        output: Vec<u8>,
    }

    impl Read for Fake {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.input.read(buf)
        }
    }

    impl Write for Fake {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.output.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn read(bytes: &[u8]) -> (Result<Request, ReadError>, Vec<u8>) {
        let mut fake = Fake {
            input: Cursor::new(bytes.to_vec()),
            output: Vec::new(),
        };
        let result = read_request(&mut fake, Instant::now() + Duration::from_secs(5));
        (result, fake.output)
    }

    fn status(bytes: &[u8]) -> u16 {
        match read(bytes).0 {
            Ok(_) => 200,
            Err(ReadError::Bad(e)) => e.status,
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn reads_a_post_with_a_body() {
        let (request, written) = read(
            b"POST /v1/control/goto?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\
              Authorization:  Bearer abc \r\n\r\n{\"index\":2}",
        );
        let request = request.unwrap();
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, "/v1/control/goto");
        assert_eq!(request.query.as_deref(), Some("x=1"));
        assert_eq!(request.header("authorization"), Some("Bearer abc"));
        assert_eq!(request.body, b"{\"index\":2}");
        assert!(written.is_empty());
    }

    #[test]
    fn answers_expect_continue() {
        let (request, written) = read(
            b"POST /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n{}",
        );
        assert_eq!(request.unwrap().body, b"{}");
        assert_eq!(written, b"HTTP/1.1 100 Continue\r\n\r\n");
    }

    #[test]
    fn refuses_what_it_does_not_understand() {
        assert_eq!(status(b"GET /v1/state HTTP/1.1\r\n\r\n"), 400, "no Host");
        assert_eq!(status(b"GET /v1/state HTTP/1.0\r\n\r\n"), 200);
        assert_eq!(status(b"GET  /v1/state HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
        assert_eq!(status(b"GET v1/state HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
        assert_eq!(status(b"GET /v1/state HTTP/2.0\r\nHost: a\r\n\r\n"), 505);
        assert_eq!(status(b"GET /v1/state FTP/1.1\r\nHost: a\r\n\r\n"), 400);
        assert_eq!(status(b"GET /v1/state HTTP/1.1\nHost: a\r\n\r\n"), 400);
        assert_eq!(status(b"GET /v1/state HTTP/1.1\r\nHost a\r\n\r\n"), 400);
        assert_eq!(
            status(b"GET /v1/state HTTP/1.1\r\nHost: a\r\n b\r\n\r\n"),
            400
        );
        assert_eq!(status(b"GET /\xff HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
        assert_eq!(
            status(b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n"),
            400
        );
        assert_eq!(
            status(
                b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"
            ),
            400
        );
        assert_eq!(
            status(b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 4097\r\n\r\n"),
            413
        );
        assert_eq!(
            status(
                b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n"
            ),
            413
        );
        assert_eq!(
            status(b"POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"),
            411
        );
        assert_eq!(
            status(b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nab"),
            400,
            "short body"
        );
        assert_eq!(
            status(b"POST /x HTTP/1.1\r\nHost: a\r\nExpect: magic\r\nContent-Length: 1\r\n\r\na"),
            417
        );
        let mut huge = b"GET / HTTP/1.1\r\nHost: a\r\nX: ".to_vec();
        huge.extend(std::iter::repeat_n(b'a', MAX_HEAD));
        assert_eq!(status(&huge), 431);
        let mut many = b"GET / HTTP/1.1\r\nHost: a\r\n".to_vec();
        for _ in 0..MAX_HEADERS {
            many.extend_from_slice(b"X: 1\r\n");
        }
        many.extend_from_slice(b"\r\n");
        assert_eq!(status(&many), 431);
    }

    #[test]
    fn an_empty_connection_is_not_an_error() {
        assert!(matches!(read(b"").0, Err(ReadError::Closed)));
    }

    proptest::proptest! {
        #[test]
        fn no_input_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let _ = read(&bytes);
        }

        #[test]
        fn no_mangled_request_panics(
            cut in 0usize..120,
            flip in 0usize..120,
            byte in proptest::num::u8::ANY,
        ) {
            let mut bytes = b"POST /v1/control/goto HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n{\"index\":2}".to_vec();
            if flip < bytes.len() {
                bytes[flip] = byte;
            }
            bytes.truncate(cut.max(1));
            let _ = read(&bytes);
        }
    }
}
