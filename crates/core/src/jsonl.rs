//! The JSON Lines contract of `postscope --json`: one object per line, each
//! with a "type". Later work adds fields and types, never renames these.
//!
//! Order: the `capture` record, then for each stream its `stream` record
//! followed by its items (`tcp`, `line`, `gap`, `tls`, `credential`, `message`) in frame order.

use crate::explain::{self, Context, Locale};
use crate::model::{Analysis, Item};
use serde_json::{json, Value};

/// The records of an analysis, in contract order.
pub fn records(a: &Analysis) -> Vec<Value> {
    let mut out = Vec::new();
    let c = &a.capture;
    out.push(json!({
        "type": "capture",
        "format": c.format,
        "gzip": c.gzip,
        "link_types": c.link_types,
        "packets": c.packets,
        "warnings": c.warnings,
        "comments": c.comments,
    }));
    for s in &a.streams {
        out.push(json!({
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
        }));
        let cx = Context::of(s);
        for item in &s.items {
            out.push(item_record(item, &cx, Locale::En));
        }
    }
    out
}

/// One item's record, its explanation rendered in `locale`.
pub fn item_record(item: &Item, cx: &Context, locale: Locale) -> Value {
    let mut v = serde_json::to_value(item).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.insert("explain".into(), Value::String(explain::render(item.explain(), cx, locale)));
    }
    v
}

/// The analysis as JSON Lines text.
pub fn to_string(a: &Analysis) -> String {
    let mut s = String::new();
    for r in records(a) {
        s.push_str(&r.to_string());
        s.push('\n');
    }
    s
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
}
