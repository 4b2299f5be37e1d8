//! The JSON Lines contract of `postscope --json`: one object per line, each
//! with a "type". Later work adds fields and types, never renames these.
//!
//! Order: the `capture` record, then for each stream its `stream` record
//! followed by its items (`tcp`, `line`, `gap`, `tls`, `credential`, `message`) in frame order.

use crate::explain::{self, Context, Locale};
use crate::model::{Analysis, CaptureInfo, Item, Note, Stream};
use serde::Serialize;
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
    let mut line = Vec::new();
    // Writing to a Vec cannot fail, and what is written is JSON.
    let _ = write_item(item, cx, locale, &mut line);
    serde_json::from_slice(&line).unwrap_or(Value::Null)
}

/// Writes one item's record and its line end, straight from the item (no
/// [`Value`] is built: this is most of what `--json` writes): the item's
/// fields, its `type`, its `explain` (rendered in `locale`) and the
/// catalogue `key` that decided the explanation (for scripts and
/// autograders, when there is one).
///
/// Every object's fields are written in sorted order, nested ones too, as
/// the records were when they were built as [`Value`]s (whose maps are
/// sorted): that byte format is the contract's. A field is written as the
/// model's `Serialize` writes it for the JSON Lines (not [`crate::wire::full`]):
/// `null` when absent, except where the model skips it (`decoded`, `secret`,
/// `section`, `long`, `elided`, `snaplen`, `decrypted`, a span's `bytes`).
/// The tests check this writer against the model's own serialisation.
fn write_item(item: &Item, cx: &Context, locale: Locale, w: &mut impl Write) -> std::io::Result<()> {
    let explain = &explain::render(item.explain(), cx, locale);
    let key = item.explain().key();
    let mut o = Obj::new(w);
    match item {
        Item::Line(l) => {
            o.maybe_str("decoded", l.decoded.as_deref())?;
            o.flag("decrypted", l.decrypted)?;
            o.value("dir", &l.dir)?;
            if let Some(e) = &l.elided {
                o.object("elided", |o| {
                    o.value("bytes", &e.bytes)?;
                    o.value("first_frame", &e.first_frame)?;
                    o.value("last_frame", &e.last_frame)?;
                    o.value("lines", &e.lines)
                })?;
            }
            o.str("explain", explain)?;
            o.value("frame", &l.frame)?;
            o.objects("frames", &l.frames, |o, s| {
                if let Some(b) = &s.bytes {
                    o.value("bytes", b)?;
                }
                o.value("frame", &s.frame)
            })?;
            o.maybe_str("key", key)?;
            o.value("kind", &l.kind)?;
            if let Some(long) = &l.long {
                o.object("long", |o| {
                    o.value("bytes", &long.bytes)?;
                    o.value("ended", &long.ended)?;
                    o.value("last_frame", &long.last_frame)
                })?;
            }
            o.value("protocol", &l.protocol)?;
            o.value("stream", &l.stream)?;
            o.str("text", &l.text)?;
            o.str("type", "line")?;
            o.opt_str("verb", l.verb.as_deref())?;
        }
        Item::Tcp(t) => {
            o.value("ack", &t.ack)?;
            o.value("dir", &t.dir)?;
            o.value("event", &t.event)?;
            o.str("explain", explain)?;
            o.value("frame", &t.frame)?;
            o.maybe_str("key", key)?;
            o.value("seq", &t.seq)?;
            o.value("stream", &t.stream)?;
            o.str("type", "tcp")?;
        }
        Item::Gap(g) => {
            o.value("bytes", &g.bytes)?;
            o.value("dir", &g.dir)?;
            o.str("explain", explain)?;
            o.value("frame", &g.frame)?;
            o.maybe_str("key", key)?;
            o.flag("snaplen", g.snaplen)?;
            o.value("stream", &g.stream)?;
            o.str("type", "gap")?;
        }
        Item::Tls(t) => {
            o.value("bytes", &t.bytes)?;
            o.value("dir", &t.dir)?;
            o.str("explain", explain)?;
            o.value("frame", &t.frame)?;
            o.maybe_str("key", key)?;
            o.value("stream", &t.stream)?;
            o.str("type", "tls")?;
            o.value("what", &t.kind)?;
        }
        Item::Credential(c) => {
            o.value("accepted", &c.accepted)?;
            o.flag("decrypted", c.decrypted)?;
            o.str("explain", explain)?;
            o.value("frame", &c.frame)?;
            o.maybe_str("key", key)?;
            o.str("mechanism", &c.mechanism)?;
            o.opt_str("password", c.password.as_deref())?;
            o.value("protocol", &c.protocol)?;
            o.maybe_str("secret", c.secret.as_deref())?;
            o.value("stream", &c.stream)?;
            o.str("type", "credential")?;
            o.opt_str("username", c.username.as_deref())?;
        }
        Item::Message(m) => {
            o.value("attachments", &m.attachments)?;
            o.opt_str("cc", m.cc.as_deref())?;
            o.str("command", &m.command)?;
            o.value("complete", &m.complete)?;
            o.value("cut", &m.cut)?;
            o.opt_str("date", m.date.as_deref())?;
            o.value("declared_size", &m.declared_size)?;
            o.flag("decrypted", m.decrypted)?;
            o.value("dir", &m.dir)?;
            o.value("ended_early", &m.ended_early)?;
            o.str("explain", explain)?;
            o.value("first_frame", &m.first_frame)?;
            o.opt_str("from", m.from.as_deref())?;
            o.objects("gaps", &m.gaps, |o, g| {
                o.value("at", &g.at)?;
                o.value("bytes", &g.bytes)
            })?;
            o.maybe_str("key", key)?;
            o.value("last_frame", &m.last_frame)?;
            o.opt_str("message_id", m.message_id.as_deref())?;
            o.value("missing_bytes", &m.missing_bytes)?;
            o.objects("parts", &m.parts, |o, p| {
                o.opt_str("charset", p.charset.as_deref())?;
                o.str("content_type", &p.content_type)?;
                o.value("depth", &p.depth)?;
                o.opt_str("disposition", p.disposition.as_deref())?;
                o.str("encoding", &p.encoding)?;
                o.opt_str("filename", p.filename.as_deref())?;
                o.str("id", &p.id)?;
                o.value("size", &p.size)
            })?;
            o.value("protocol", &m.protocol)?;
            o.maybe_str("section", m.section.as_deref())?;
            o.value("size", &m.size)?;
            o.value("stream", &m.stream)?;
            o.opt_str("subject", m.subject.as_deref())?;
            o.opt_str("to", m.to.as_deref())?;
            o.str("type", "message")?;
        }
    }
    o.end()?;
    w.write_all(b"\n")
}

/// A JSON object being written, its fields in the order they are given,
/// each written as serde_json writes it.
struct Obj<'a, W> {
    w: &'a mut W,
    first: bool,
}

impl<'a, W: Write> Obj<'a, W> {
    fn new(w: &'a mut W) -> Self {
        Obj { w, first: true }
    }
    /// The field's name (a name of the contract: nothing to escape) and its colon.
    fn key(&mut self, key: &str) -> std::io::Result<()> {
        self.w.write_all(if std::mem::take(&mut self.first) { b"{\"" } else { b",\"" })?;
        self.w.write_all(key.as_bytes())?;
        self.w.write_all(b"\":")
    }
    /// A field as its own `Serialize` writes it (numbers, booleans, the model's names).
    fn value(&mut self, key: &str, v: &impl Serialize) -> std::io::Result<()> {
        self.key(key)?;
        Ok(serde_json::to_writer(&mut *self.w, v)?)
    }
    fn str(&mut self, key: &str, v: &str) -> std::io::Result<()> {
        self.key(key)?;
        write_str(self.w, v)
    }
    /// A string that is `null` when absent.
    fn opt_str(&mut self, key: &str, v: Option<&str>) -> std::io::Result<()> {
        match v {
            Some(v) => self.str(key, v),
            None => self.value(key, &()),
        }
    }
    /// A string written only when there is one (the model's `skip_serializing_if = "Option::is_none"`).
    fn maybe_str(&mut self, key: &str, v: Option<&str>) -> std::io::Result<()> {
        v.map_or(Ok(()), |v| self.str(key, v))
    }
    /// `true`, written only when true (the model's fields "in the JSON only when true").
    fn flag(&mut self, key: &str, v: bool) -> std::io::Result<()> {
        if v {
            self.value(key, &true)
        } else {
            Ok(())
        }
    }
    /// A nested object, its fields written by `fields`.
    fn object(&mut self, key: &str, fields: impl FnOnce(&mut Obj<'_, W>) -> std::io::Result<()>) -> std::io::Result<()> {
        self.key(key)?;
        let mut o = Obj::new(&mut *self.w);
        fields(&mut o)?;
        o.end()
    }
    /// An array of objects, the fields of each written by `fields`.
    fn objects<T>(&mut self, key: &str, all: &[T], fields: impl Fn(&mut Obj<'_, W>, &T) -> std::io::Result<()>) -> std::io::Result<()> {
        self.key(key)?;
        self.w.write_all(b"[")?;
        for (i, one) in all.iter().enumerate() {
            if i > 0 {
                self.w.write_all(b",")?;
            }
            let mut o = Obj::new(&mut *self.w);
            fields(&mut o, one)?;
            o.end()?;
        }
        self.w.write_all(b"]")
    }
    fn end(self) -> std::io::Result<()> {
        self.w.write_all(if self.first { b"{}" } else { b"}" })
    }
}

/// Writes `s` as a JSON string, escaped exactly as serde_json escapes it
/// (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other control characters as
/// `\u00xx`, everything else as it is), eight bytes at a time where none
/// needs escaping: the lines' text is most of the output.
fn write_str(w: &mut impl Write, s: &str) -> std::io::Result<()> {
    /// Whether any of the eight bytes is a control character, `"` or `\`.
    fn any_to_escape(x: u64) -> bool {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
        (x.wrapping_sub(ONES * 0x20) & !x & HIGH) | zero(x ^ (ONES * b'"' as u64)) | zero(x ^ (ONES * b'\\' as u64)) != 0
    }
    let b = s.as_bytes();
    w.write_all(b"\"")?;
    let (mut done, mut i) = (0, 0);
    while i < b.len() {
        if let Some(eight) = b.get(i..i + 8) {
            if !any_to_escape(u64::from_le_bytes(eight.try_into().unwrap_or_default())) {
                i += 8;
                continue;
            }
        }
        let c = b[i];
        let hex = |n: u8| b"0123456789abcdef"[usize::from(n & 0xf)];
        let escaped: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x0c => b"\\f",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..0x20 => &[b'\\', b'u', b'0', b'0', hex(c >> 4), hex(c)],
            _ => {
                i += 1;
                continue;
            }
        };
        w.write_all(&b[done..i])?;
        w.write_all(escaped)?;
        i += 1;
        done = i;
    }
    w.write_all(&b[done..])?;
    w.write_all(b"\"")
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

    /// Strings are escaped as serde_json escapes them: every ASCII
    /// character (the control characters, `"` and `\\` escaped), and
    /// non-ASCII text, alone and at every place around the eight-byte steps.
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut texts: Vec<String> = (0..=0x7fu8).map(|c| char::from(c).to_string()).collect();
        texts.extend(["", "é", "日本語", "\u{7f}\u{80}\u{ffff}\u{10ffff}", "\u{fffd}"].map(String::from));
        for filler in ["", "a", "abcdefg", "abcdefgh", "ü日"] {
            for c in (0..=0x7fu8).map(char::from).chain(['é', '日', '😀']) {
                for at in 0..=17 {
                    let mut t: String = filler.repeat(at).chars().take(at).collect();
                    t.push(c);
                    t.push_str("1234567890\\\"x");
                    texts.push(t);
                }
            }
        }
        let mut got = Vec::new();
        for t in &texts {
            got.clear();
            super::write_str(&mut got, t).unwrap();
            assert_eq!(String::from_utf8(got.clone()).unwrap(), serde_json::to_string(t).unwrap(), "{t:?}");
        }
        assert!(texts.len() > 10_000);
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
