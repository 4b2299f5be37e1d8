//! The JSON Lines contract of `postscope --json`: one object per line, each
//! with a "type". Later work adds fields and types, never renames these.
//!
//! Order: the `capture` record, then for each stream its `stream` record
//! followed by its items (`tcp`, `line`, `gap`, `tls`, `credential`, `message`) in frame order.

use crate::explain::{self, Context, Locale};
use crate::model::{Analysis, CaptureInfo, Item, Note, Stream};
use serde_json::{json, Value};
use std::io::Write;

/// The records of an analysis, in contract order, all at once. [`write`]
/// streams the same records without holding them.
pub fn records(a: &Analysis) -> Vec<Value> {
    let mut out = Vec::new();
    let _ = each_record(a, Locale::En, &mut |r| {
        out.push(r);
        Ok(())
    });
    out
}

/// Calls `f` with each record in contract order; stops at its first error.
fn each_record(a: &Analysis, locale: Locale, f: &mut dyn FnMut(Value) -> std::io::Result<()>) -> std::io::Result<()> {
    f(capture_record_in(&a.capture, locale))?;
    for s in &a.streams {
        f(stream_record(s))?;
        let cx = Context::of(s);
        for item in &s.items {
            f(item_record(item, &cx, locale))?;
        }
    }
    Ok(())
}

/// The `capture` record, its notes in English.
pub fn capture_record(c: &CaptureInfo) -> Value {
    capture_record_in(c, Locale::En)
}

/// The `capture` record with each note's `message` rendered in `locale`
/// (a comment is the capture's own text in every language).
pub fn capture_record_in(c: &CaptureInfo, locale: Locale) -> Value {
    let notes = |ns: &[Note]| -> Vec<Value> {
        ns.iter()
            .map(|n| {
                let mut v = serde_json::to_value(n).unwrap_or(Value::Null);
                if let Value::Object(map) = &mut v {
                    map.insert("message".into(), Value::String(n.say(locale)));
                }
                v
            })
            .collect()
    };
    json!({
        "type": "capture",
        "format": c.format,
        "gzip": c.gzip,
        "link_types": c.link_types,
        "packets": c.packets,
        "warnings": notes(&c.warnings),
        "comments": notes(&c.comments),
    })
}

/// A stream's `stream` record (without its items).
pub fn stream_record(s: &Stream) -> Value {
    json!({
        "type": "stream",
        "stream": s.stream,
        "client": s.client,
        "server": s.server,
        "protocol": s.protocol,
        "first_frame": s.first_frame,
        "last_frame": s.last_frame,
        "packets": s.packets,
        "rel_start": s.rel_start,
        "duration": s.duration,
        "client_bytes": s.client_bytes,
        "server_bytes": s.server_bytes,
        "client_payload_bytes": s.client_payload_bytes,
        "server_payload_bytes": s.server_payload_bytes,
        "tls_from_frame": s.tls_from_frame,
        "recognised_by": s.recognised_by,
    })
}

/// One item's record, its explanation rendered in `locale`.
pub fn item_record(item: &Item, cx: &Context, locale: Locale) -> Value {
    let mut v = serde_json::to_value(item).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.insert("explain".into(), Value::String(explain::render(item.explain(), cx, locale)));
        // The catalogue key that decided the explanation, for scripts and autograders.
        if let Some(key) = item.explain().key() {
            map.insert("key".into(), Value::String(key.into()));
        }
    }
    v
}

/// Writes one record and its line end.
pub fn write_record(r: &Value, w: &mut impl Write) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, r)?;
    w.write_all(b"\n")
}

/// Writes one stream's records: its `stream` record, then its items, each
/// explanation rendered in the context of the whole conversation. What a
/// streaming writer writes for each finished conversation; the records of
/// an analysis are the `capture` record and then this for each stream.
pub fn write_stream(s: &Stream, w: &mut impl Write) -> std::io::Result<()> {
    write_stream_in(s, Locale::En, w)
}

/// [`write_stream`] with every `explain` field rendered in `locale`.
pub fn write_stream_in(s: &Stream, locale: Locale, w: &mut impl Write) -> std::io::Result<()> {
    write_record(&stream_record(s), w)?;
    let cx = Context::of(s);
    for item in &s.items {
        write_record(&item_record(item, &cx, locale), w)?;
    }
    Ok(())
}

/// Writes the analysis as JSON Lines, record by record: each record is built,
/// written and dropped before the next, so the output is never held whole
/// (give it a buffered writer). Stops at the first write error.
pub fn write(a: &Analysis, w: &mut impl Write) -> std::io::Result<()> {
    write_in(a, Locale::En, w)
}

/// [`write`] with every `explain` field rendered in `locale`; the `key`
/// fields, and everything else, are the same in every language.
pub fn write_in(a: &Analysis, locale: Locale, w: &mut impl Write) -> std::io::Result<()> {
    write_record(&capture_record_in(&a.capture, locale), w)?;
    for s in &a.streams {
        write_stream_in(s, locale, w)?;
    }
    Ok(())
}

/// The analysis as JSON Lines text (what [`write`] writes).
pub fn to_string(a: &Analysis) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and serde_json writes UTF-8 only.
    let _ = write(a, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Keeps `Item`'s serde tags in step with the contract's type names.
#[cfg(test)]
mod tests {
    use crate::model::*;

    #[test]
    fn line_record_has_the_contract_fields() {
        let item = Item::Line(Line {
            stream: 0,
            dir: Dir::Client,
            frame: 4,
            protocol: Protocol::Smtp,
            kind: LineKind::Command,
            verb: Some("EHLO".into()),
            text: "EHLO x".into(),
            explain: crate::explain::text(&["smtp.cmd.EHLO"], &["x"]),
            number: 0,
            answers: None,
            decoded: None,
            decrypted: false,
            frames: vec![Span { frame: 4, bytes: Some((0, 8)) }],
            long: None,
            elided: None,
        });
        let v = super::item_record(&item, &Default::default(), Default::default());
        for key in ["type", "stream", "dir", "frame", "protocol", "verb", "text", "explain"] {
            assert!(v.get(key).is_some(), "missing {key} in {v}");
        }
        assert_eq!(v["type"], "line");
        assert_eq!(v["dir"], "client");
        assert_eq!(v["protocol"], "smtp");
        // The explanation is rendered from its key when written (RFC 5321 §4.1.1.1 defines EHLO).
        assert!(v["explain"].as_str().unwrap().contains("[RFC 5321"), "{v}");
    }

    /// A capture of one SMTP conversation, from the lab fixtures.
    fn analysis() -> Analysis {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/smtp-auth-login.pcap");
        crate::analyze(&std::fs::read(path).unwrap(), Default::default())
    }

    #[test]
    fn write_streams_the_records_one_per_line() {
        let a = analysis();
        let mut out = Vec::new();
        super::write(&a, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let records = super::records(&a);
        assert!(records.len() > 10, "{} records", records.len());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), records.len());
        for (line, r) in lines.iter().zip(&records) {
            assert_eq!(*line, r.to_string());
        }
        assert!(text.ends_with('\n'));
        assert_eq!(super::to_string(&a), text);
    }

    /// A writer that takes `room` bytes, then fails as a closed pipe does.
    struct Full {
        room: usize,
        calls_after: usize,
    }
    impl std::io::Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.room == 0 {
                self.calls_after += 1;
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn write_stops_at_the_first_error_and_keeps_its_kind() {
        let mut w = Full { room: 100, calls_after: 0 };
        let e = super::write(&analysis(), &mut w).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe);
        assert_eq!(w.calls_after, 1, "nothing more is written after the error");
    }
}
