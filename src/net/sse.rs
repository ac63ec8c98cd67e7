//! Reading Server-Sent Events as the WHATWG HTML standard's "event stream
//! interpretation" says: bytes are pushed in as they arrive, whole events
//! come out. Lines end in CRLF, LF or CR (even split across pieces); a
//! leading BOM is dropped; `id` persists from event to event; an event
//! without data is not dispatched. One event may hold at most `cap` bytes,
//! so a server cannot make the follower grow without bound.

use std::collections::VecDeque;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The event type (`message` when the stream names none).
    pub name: String,
    pub data: String,
    /// The last event ID (the `id` of this event or of one before it).
    pub id: String,
}

#[derive(Debug)]
pub struct Parser {
    cap: usize,
    /// Bytes of the line being read.
    line: Vec<u8>,
    /// The last piece ended in CR: an LF first thing in the next one
    /// belongs to that line ending.
    after_cr: bool,
    at_start: bool,
    name: String,
    data: String,
    last_id: String,
    ready: VecDeque<Event>,
}

impl Parser {
    pub fn new(cap: usize) -> Self {
        Self {
            cap,
            line: Vec::new(),
            after_cr: false,
            at_start: true,
            name: String::new(),
            data: String::new(),
            last_id: String::new(),
            ready: VecDeque::new(),
        }
    }

    /// Takes the next piece of the stream.
    pub fn push(&mut self, mut bytes: &[u8]) -> Result<(), String> {
        if bytes.is_empty() {
            return Ok(());
        }
        if self.at_start {
            // The BOM may come split; wait for three bytes to decide.
            let mut head = std::mem::take(&mut self.line);
            head.extend_from_slice(bytes);
            if head.len() < 3 && b"\xEF\xBB\xBF".starts_with(&head) {
                self.line = head;
                return Ok(());
            }
            self.at_start = false;
            let skip = if head.starts_with(b"\xEF\xBB\xBF") {
                3
            } else {
                0
            };
            return self.push_lines(&head[skip..]);
        }
        if self.after_cr && bytes.first() == Some(&b'\n') {
            bytes = &bytes[1..];
        }
        self.after_cr = false;
        self.push_lines(bytes)
    }

    fn push_lines(&mut self, mut bytes: &[u8]) -> Result<(), String> {
        while let Some(end) = bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.line.extend_from_slice(&bytes[..end]);
            let line = std::mem::take(&mut self.line);
            self.take_line(&line)?;
            let crlf = bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n');
            if bytes[end] == b'\r' && end + 1 == bytes.len() {
                self.after_cr = true;
            }
            bytes = &bytes[end + if crlf { 2 } else { 1 }..];
        }
        self.line.extend_from_slice(bytes);
        self.check_size()
    }

    fn check_size(&self) -> Result<(), String> {
        if self.line.len() + self.data.len() > self.cap {
            return Err(format!(
                "an event from the server is over {} MB",
                self.cap / (1024 * 1024)
            ));
        }
        Ok(())
    }

    fn take_line(&mut self, line: &[u8]) -> Result<(), String> {
        let line = std::str::from_utf8(line).map_err(|_| "the event stream is not UTF-8")?;
        if line.is_empty() {
            self.dispatch();
            return Ok(());
        }
        if line.starts_with(':') {
            return Ok(());
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => self.name = value.to_string(),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => self.last_id = value.to_string(),
            _ => {}
        }
        self.check_size()
    }

    fn dispatch(&mut self) {
        let name = std::mem::take(&mut self.name);
        if self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        self.ready.push_back(Event {
            name: if name.is_empty() {
                "message".into()
            } else {
                name
            },
            data,
            id: self.last_id.clone(),
        });
    }

    /// The next whole event, if one has arrived.
    pub fn next_event(&mut self) -> Option<Event> {
        self.ready.pop_front()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(pieces: &[&[u8]]) -> Vec<Event> {
        let mut parser = Parser::new(1 << 20);
        let mut out = Vec::new();
        for piece in pieces {
            parser.push(piece).unwrap();
            while let Some(event) = parser.next_event() {
                out.push(event);
            }
        }
        out
    }

    fn event(name: &str, data: &str, id: &str) -> Event {
        Event {
            name: name.into(),
            data: data.into(),
            id: id.into(),
        }
    }

    // The examples of the WHATWG HTML standard, section "Server-sent
    // events", subsection "Parsing an event stream" and the ones after it.

    #[test]
    fn spec_example_stock_ticker() {
        assert_eq!(
            events(&[b"data: YHOO\ndata: +2\ndata: 10\n\n"]),
            [event("message", "YHOO\n+2\n10", "")]
        );
    }

    #[test]
    fn spec_example_comment_ids_and_spaces() {
        let stream =
            b": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n";
        assert_eq!(
            events(&[stream]),
            [
                event("message", "first event", "1"),
                event("message", "second event", ""),
                event("message", " third event", ""),
            ]
        );
    }

    #[test]
    fn spec_example_empty_data() {
        // The last block is not followed by a blank line: discarded.
        assert_eq!(
            events(&[b"data\n\ndata\ndata\n\ndata:"]),
            [event("message", "", ""), event("message", "\n", "")]
        );
    }

    #[test]
    fn spec_example_one_space_is_optional() {
        assert_eq!(
            events(&[b"data:test\n\ndata: test\n\n"]),
            [event("message", "test", ""), event("message", "test", "")]
        );
    }

    #[test]
    fn spec_example_event_types() {
        let stream =
            b"event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\nevent: add\ndata: 113411\n\n";
        assert_eq!(
            events(&[stream]),
            [
                event("add", "73857293", ""),
                event("remove", "2153", ""),
                event("add", "113411", ""),
            ]
        );
    }

    #[test]
    fn line_endings_and_pieces() {
        let whole = b"\xEF\xBB\xBFevent: a\r\nid: 7\rdata: x\n\r\nevent: b\rdata: y\r\r";
        let expected = [event("a", "x", "7"), event("b", "y", "7")];
        assert_eq!(events(&[whole]), expected);
        // Byte by byte: a CRLF split in two is still one line ending, and
        // so is a BOM split in three.
        let bytes: Vec<&[u8]> = whole.chunks(1).collect();
        assert_eq!(events(&bytes), expected);
    }

    #[test]
    fn an_id_with_nul_is_ignored_and_no_data_dispatches_nothing() {
        assert_eq!(
            events(&[b"id: 1\ndata: a\n\nid: 2\0\nevent: x\n\ndata: b\n\n"]),
            [event("message", "a", "1"), event("message", "b", "1")]
        );
    }

    #[test]
    fn an_event_over_the_cap_is_refused() {
        let mut parser = Parser::new(16);
        assert!(parser.push(b"data: 0123456789").is_ok());
        assert!(parser.push(b"0123456789").is_err());
        let mut parser = Parser::new(1 << 20);
        assert!(parser.push(b"data: \xff\xfe\n").is_err());
    }
}
