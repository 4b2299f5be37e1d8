//! The JSON Lines contract of `postscope --json`: one object per line, each
//! with a "type". Later work adds fields and types, never renames these.
//!
//! Order: the `capture` record, then for each stream its `stream` record
//! followed by its items (`tcp`, `line`, `gap`, `tls`, `credential`, `message`) in frame order.

use crate::explain::{self, Context, Locale};
use crate::model::{Analysis, CaptureInfo, Elided, Item, LongLine, Note, PartSummary, Span, Stream};
use serde::ser::{Serialize, SerializeMap, Serializer};
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

/// One item's record, its explanation rendered in `locale`, as a value.
pub fn item_record(item: &Item, cx: &Context, locale: Locale) -> Value {
    let explain = explain::render(item.explain(), cx, locale);
    serde_json::to_value(ItemRecord { item, explain: &explain }).unwrap_or(Value::Null)
}

/// Writes one item's record and its line end, straight from the item (no
/// [`Value`] is built: this is most of what `--json` writes).
fn write_item(item: &Item, cx: &Context, locale: Locale, w: &mut impl Write) -> std::io::Result<()> {
    let explain = explain::render(item.explain(), cx, locale);
    serde_json::to_writer(&mut *w, &ItemRecord { item, explain: &explain })?;
    w.write_all(b"\n")
}

/// An item's record as the contract writes it: the item's fields, its
/// `type`, its `explain` (rendered) and the catalogue `key` that decided the
/// explanation (for scripts and autograders, when there is one).
///
/// Every object's fields are written in sorted order, nested ones too, as
/// the records were when they were built as [`Value`]s (whose maps are
/// sorted): that byte format is the contract's. A field is written as the
/// model's `Serialize` writes it for the JSON Lines (not [`crate::wire::full`]):
/// `null` when absent, except where the model skips it (`decoded`, `secret`,
/// `section`, `long`, `elided`, `snaplen`, `decrypted`, a span's `bytes`).
/// The tests check this writer against the model's own serialisation.
struct ItemRecord<'a> {
    item: &'a Item,
    explain: &'a str,
}

impl Serialize for ItemRecord<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        let key = self.item.explain().key();
        let explain = self.explain;
        match self.item {
            Item::Line(l) => {
                maybe(&mut m, "decoded", &l.decoded)?;
                flag(&mut m, "decrypted", l.decrypted)?;
                m.serialize_entry("dir", &l.dir)?;
                maybe(&mut m, "elided", &l.elided.as_deref().map(Sorted))?;
                m.serialize_entry("explain", explain)?;
                m.serialize_entry("frame", &l.frame)?;
                m.serialize_entry("frames", &Sorted(&l.frames[..]))?;
                maybe(&mut m, "key", &key)?;
                m.serialize_entry("kind", &l.kind)?;
                maybe(&mut m, "long", &l.long.as_deref().map(Sorted))?;
                m.serialize_entry("protocol", &l.protocol)?;
                m.serialize_entry("stream", &l.stream)?;
                m.serialize_entry("text", &l.text)?;
                m.serialize_entry("type", "line")?;
                m.serialize_entry("verb", &l.verb)?;
            }
            Item::Tcp(t) => {
                m.serialize_entry("ack", &t.ack)?;
                m.serialize_entry("dir", &t.dir)?;
                m.serialize_entry("event", &t.event)?;
                m.serialize_entry("explain", explain)?;
                m.serialize_entry("frame", &t.frame)?;
                maybe(&mut m, "key", &key)?;
                m.serialize_entry("seq", &t.seq)?;
                m.serialize_entry("stream", &t.stream)?;
                m.serialize_entry("type", "tcp")?;
            }
            Item::Gap(g) => {
                m.serialize_entry("bytes", &g.bytes)?;
                m.serialize_entry("dir", &g.dir)?;
                m.serialize_entry("explain", explain)?;
                m.serialize_entry("frame", &g.frame)?;
                maybe(&mut m, "key", &key)?;
                flag(&mut m, "snaplen", g.snaplen)?;
                m.serialize_entry("stream", &g.stream)?;
                m.serialize_entry("type", "gap")?;
            }
            Item::Tls(t) => {
                m.serialize_entry("bytes", &t.bytes)?;
                m.serialize_entry("dir", &t.dir)?;
                m.serialize_entry("explain", explain)?;
                m.serialize_entry("frame", &t.frame)?;
                maybe(&mut m, "key", &key)?;
                m.serialize_entry("stream", &t.stream)?;
                m.serialize_entry("type", "tls")?;
                m.serialize_entry("what", &t.kind)?;
            }
            Item::Credential(c) => {
                m.serialize_entry("accepted", &c.accepted)?;
                flag(&mut m, "decrypted", c.decrypted)?;
                m.serialize_entry("explain", explain)?;
                m.serialize_entry("frame", &c.frame)?;
                maybe(&mut m, "key", &key)?;
                m.serialize_entry("mechanism", &c.mechanism)?;
                m.serialize_entry("password", &c.password)?;
                m.serialize_entry("protocol", &c.protocol)?;
                maybe(&mut m, "secret", &c.secret)?;
                m.serialize_entry("stream", &c.stream)?;
                m.serialize_entry("type", "credential")?;
                m.serialize_entry("username", &c.username)?;
            }
            Item::Message(g) => {
                m.serialize_entry("attachments", &g.attachments)?;
                m.serialize_entry("cc", &g.cc)?;
                m.serialize_entry("command", &g.command)?;
                m.serialize_entry("complete", &g.complete)?;
                m.serialize_entry("cut", &g.cut)?;
                m.serialize_entry("date", &g.date)?;
                m.serialize_entry("declared_size", &g.declared_size)?;
                flag(&mut m, "decrypted", g.decrypted)?;
                m.serialize_entry("dir", &g.dir)?;
                m.serialize_entry("ended_early", &g.ended_early)?;
                m.serialize_entry("explain", explain)?;
                m.serialize_entry("first_frame", &g.first_frame)?;
                m.serialize_entry("from", &g.from)?;
                // A gap's own fields (`at`, `bytes`) are already in sorted order.
                m.serialize_entry("gaps", &g.gaps)?;
                maybe(&mut m, "key", &key)?;
                m.serialize_entry("last_frame", &g.last_frame)?;
                m.serialize_entry("message_id", &g.message_id)?;
                m.serialize_entry("missing_bytes", &g.missing_bytes)?;
                m.serialize_entry("parts", &Sorted(&g.parts[..]))?;
                m.serialize_entry("protocol", &g.protocol)?;
                maybe(&mut m, "section", &g.section)?;
                m.serialize_entry("size", &g.size)?;
                m.serialize_entry("stream", &g.stream)?;
                m.serialize_entry("subject", &g.subject)?;
                m.serialize_entry("to", &g.to)?;
                m.serialize_entry("type", "message")?;
            }
        }
        m.end()
    }
}

/// Writes `key` only when there is a value (the model's `skip_serializing_if = "Option::is_none"`).
fn maybe<M: SerializeMap, T: Serialize>(m: &mut M, key: &'static str, v: &Option<T>) -> Result<(), M::Error> {
    match v {
        Some(v) => m.serialize_entry(key, v),
        None => Ok(()),
    }
}

/// Writes `key: true` only when it is true (the model's fields "in the JSON only when true").
fn flag<M: SerializeMap>(m: &mut M, key: &'static str, v: bool) -> Result<(), M::Error> {
    if v {
        m.serialize_entry(key, &true)
    } else {
        Ok(())
    }
}

/// An object nested in an item's record, written with its fields in sorted order.
struct Sorted<'a, T: ?Sized>(&'a T);

impl<T> Serialize for Sorted<'_, [T]>
where
    for<'b> Sorted<'b, T>: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(Sorted))
    }
}

impl Serialize for Sorted<'_, Span> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        maybe(&mut m, "bytes", &self.0.bytes)?;
        m.serialize_entry("frame", &self.0.frame)?;
        m.end()
    }
}

impl Serialize for Sorted<'_, LongLine> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("bytes", &self.0.bytes)?;
        m.serialize_entry("ended", &self.0.ended)?;
        m.serialize_entry("last_frame", &self.0.last_frame)?;
        m.end()
    }
}

impl Serialize for Sorted<'_, Elided> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("bytes", &self.0.bytes)?;
        m.serialize_entry("first_frame", &self.0.first_frame)?;
        m.serialize_entry("last_frame", &self.0.last_frame)?;
        m.serialize_entry("lines", &self.0.lines)?;
        m.end()
    }
}

impl Serialize for Sorted<'_, PartSummary> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("charset", &p.charset)?;
        m.serialize_entry("content_type", &p.content_type)?;
        m.serialize_entry("depth", &p.depth)?;
        m.serialize_entry("disposition", &p.disposition)?;
        m.serialize_entry("encoding", &p.encoding)?;
        m.serialize_entry("filename", &p.filename)?;
        m.serialize_entry("id", &p.id)?;
        m.serialize_entry("size", &p.size)?;
        m.end()
    }
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
        write_item(item, &cx, locale, w)?;
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
    use crate::explain::{self, Context, Locale};
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

    /// An item's record as it was made before [`super::ItemRecord`]: the
    /// model's own serialisation into a `Value` (whose maps sort their keys,
    /// nested ones too), with `explain` and `key` inserted, and written.
    fn by_value(item: &Item, cx: &Context, locale: Locale) -> String {
        let mut v = serde_json::to_value(item).unwrap();
        let map = v.as_object_mut().unwrap();
        map.insert("explain".into(), explain::render(item.explain(), cx, locale).into());
        if let Some(key) = item.explain().key() {
            map.insert("key".into(), key.into());
        }
        format!("{v}\n")
    }

    /// Checks every item of `a` against [`by_value`], in every language; the number of items.
    fn same_as_by_value(a: &Analysis, name: &str) -> usize {
        let mut n = 0;
        for s in &a.streams {
            let cx = Context::of(s);
            for item in &s.items {
                for locale in [Locale::En, Locale::Tr, Locale::Zh] {
                    let mut got = Vec::new();
                    super::write_item(item, &cx, locale, &mut got).unwrap();
                    assert_eq!(String::from_utf8(got).unwrap(), by_value(item, &cx, locale), "{name}, stream {}", s.stream);
                }
                n += 1;
            }
        }
        n
    }

    /// Every fixture's items (the TLS recordings with their key logs, so
    /// decrypted lines, credentials and messages too) are written byte for
    /// byte as the model's serialisation into a sorted `Value` writes them:
    /// a field added to the model and not to the writer fails here.
    #[test]
    fn items_are_written_as_their_sorted_values_are() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
        let mut dirs = vec![root];
        let (mut files, mut items) = (0, 0);
        let mut kinds = std::collections::BTreeSet::new();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                let name = path.to_string_lossy().into_owned();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if !(name.ends_with(".pcap") || name.ends_with(".pcapng") || name.ends_with(".gz")) {
                    continue;
                }
                let keys = std::fs::read(path.with_extension("keys")).ok();
                let options =
                    crate::Options { keylog: keys.map(|k| std::sync::Arc::new(crate::decrypt::KeyLog::parse(&k))), ..Default::default() };
                let a = crate::analyze(&std::fs::read(&path).unwrap(), options);
                for item in a.streams.iter().flat_map(|s| &s.items) {
                    kinds.insert(serde_json::to_value(item).unwrap()["type"].as_str().unwrap().to_string());
                }
                items += same_as_by_value(&a, &name);
                files += 1;
            }
        }
        assert!(files > 50 && items > 1000, "{files} captures, {items} items");
        assert_eq!(kinds.len(), 6, "every kind of item is checked: {kinds:?}");
    }

    /// The fields written only sometimes, each present and each absent,
    /// are written as the model's serialisation writes them.
    #[test]
    fn optional_fields_are_written_as_their_sorted_values_are() {
        let e = || crate::explain::text(&["smtp.cmd.EHLO"], &["x"]);
        let line = |full: bool| Line {
            stream: 2,
            dir: Dir::Server,
            frame: 9,
            protocol: Protocol::Imap,
            kind: LineKind::Sasl,
            verb: full.then(|| "AUTH".into()),
            text: "dXNlcg== \"\\\u{1}é".into(),
            explain: if full { e() } else { Explain::none() },
            number: 3,
            answers: Some(1),
            decoded: full.then(|| "user\n".into()),
            decrypted: full,
            frames: if full { vec![Span { frame: 9, bytes: Some((0, 8)) }, Span { frame: 10, bytes: None }] } else { vec![] },
            long: full.then(|| Box::new(LongLine { bytes: 70_000, last_frame: 12, ended: false })),
            elided: full.then(|| Box::new(Elided { lines: 5, bytes: 90, first_frame: 10, last_frame: 11 })),
        };
        let message = |full: bool| Message {
            stream: 1,
            protocol: Protocol::Pop3,
            dir: Dir::Server,
            command: "RETR".into(),
            section: full.then(|| "HEADER".into()),
            first_frame: 4,
            last_frame: 8,
            size: 1234,
            declared_size: full.then_some(1300),
            complete: !full,
            missing_bytes: 66,
            ended_early: full,
            cut: full,
            gaps: if full { vec![MessageGap { at: 10, bytes: 66 }] } else { vec![] },
            from: full.then(|| "a@b".into()),
            to: full.then(|| "c@d".into()),
            cc: full.then(|| "e@f".into()),
            subject: full.then(|| "Grüße".into()),
            date: full.then(|| "2024-01-01T00:00:00Z".into()),
            message_id: full.then(|| "<x@y>".into()),
            parts: vec![PartSummary {
                id: "1".into(),
                depth: 1,
                content_type: "text/plain".into(),
                charset: full.then(|| "utf-8".into()),
                encoding: "7bit".into(),
                filename: full.then(|| "a.txt".into()),
                disposition: full.then(|| "attachment".into()),
                size: 5,
            }],
            attachments: if full { vec!["a.txt".into()] } else { vec![] },
            decrypted: full,
            explain: e(),
            raw: b"raw".to_vec(),
        };
        let credential = |full: bool| Credential {
            stream: 0,
            frame: 3,
            protocol: Protocol::Smtp,
            mechanism: "PLAIN".into(),
            username: full.then(|| "u".into()),
            password: full.then(|| "p".into()),
            secret: full.then(|| "s".into()),
            accepted: full.then_some(true),
            decrypted: full,
            explain: e(),
        };
        let mut items = Vec::new();
        for full in [false, true] {
            items.push(Item::Line(line(full)));
            items.push(Item::Message(Box::new(message(full))));
            items.push(Item::Credential(Box::new(credential(full))));
            items.push(Item::Gap(Gap { stream: 0, dir: Dir::Client, frame: 5, bytes: 100, snaplen: full, explain: e() }));
            items.push(Item::Tls(TlsRecord {
                stream: 0,
                dir: Dir::Client,
                frame: 6,
                kind: TlsKind::Alert,
                bytes: 7,
                failure: None,
                explain: e(),
            }));
            items.push(Item::Tcp(TcpEvent { stream: 0, frame: 1, dir: Dir::Client, event: TcpKind::SynAck, seq: 0, ack: 1, explain: e() }));
        }
        let mut got = Vec::new();
        for item in &items {
            got.clear();
            super::write_item(item, &Context::default(), Locale::En, &mut got).unwrap();
            let got = String::from_utf8(got.clone()).unwrap();
            assert_eq!(got, by_value(item, &Context::default(), Locale::En));
            // And the value of `item_record` is the same record.
            assert_eq!(got, format!("{}\n", super::item_record(item, &Context::default(), Locale::En)));
        }
        // The full ones do write their optional fields.
        let full = by_value(&items[6], &Context::default(), Locale::En);
        for key in ["\"decoded\"", "\"decrypted\":true", "\"elided\"", "\"long\"", "\"bytes\":[0,8]"] {
            assert!(full.contains(key), "{key} in {full}");
        }
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
