//! Guided tours: short walks through a capture for students, written as
//! data (JSON) by whoever knows the capture, and shared with it as one file.
//!
//! The format (documented for teachers in README.md, "Guided tours"):
//!
//! ```json
//! { "title": "Sending a mail with SMTP AUTH LOGIN",
//!   "steps": [
//!     { "stream": 0, "frame": 4, "say": "The server speaks first: 220 ..." },
//!     { "view": "message", "say": "The message itself: ..." } ],
//!   "question": { "ask": "Which reply code ...?", "choices": ["235", "250"], "answer": "235" } }
//! ```
//!
//! A step selects a conversation (`stream`, Wireshark's tcp.stream) and a
//! frame in it, or a view (`transcript`, `message`, `phases`), and says what
//! to look at; the tour ends with a question. Capture and tour travel as one
//! pcapng file whose section header comment is [`MARK`] followed by the
//! tour's JSON ([`bundle`]): Wireshark opens it as any capture (and shows the
//! tour as the file's comment), Postscope offers the tour when it reads it
//! ([`from_comments`]).

use crate::explain::{self, Explain};
use crate::model::{Analysis, Note};
use serde::{Deserialize, Serialize};

/// How a section comment that carries a tour begins (then a line end, then the JSON).
pub const MARK: &str = "postscope-tour/1";
/// The longest tour read (a section comment is at most 64 KiB in practice).
pub const MAX_TOUR: usize = 60_000;

/// A view a step can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    Transcript,
    Message,
    Phases,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TourStep {
    /// The conversation to select (tcp.stream, from 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<u32>,
    /// The frame to bring into view (from 1, as Wireshark numbers it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<View>,
    /// What to look at, in the tour author's words.
    pub say: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TourQuestion {
    pub ask: String,
    /// Choices to click; none for a typed answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    pub answer: String,
    /// Said after the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tour {
    pub title: String,
    pub steps: Vec<TourStep>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<TourQuestion>,
}

impl TourQuestion {
    pub fn is_right(&self, given: &str) -> bool {
        given.trim().eq_ignore_ascii_case(self.answer.trim())
    }
}

impl Tour {
    /// Reads a tour's JSON; the error says what is wrong and where (line and
    /// column), as catalogue entries (`tour.error.*`) rendered when shown.
    pub fn parse(json: &str) -> Result<Tour, Explain> {
        if json.len() > MAX_TOUR {
            return Err(explain::fragment(&["tour.error.size"], &[&json.len().to_string(), &MAX_TOUR.to_string()]));
        }
        // serde_json's words for what is wrong, with its line and column, stay as it writes them.
        let tour: Tour = serde_json::from_str(json).map_err(|e| explain::fragment(&["tour.error.invalid"], &[&e.to_string()]))?;
        if tour.steps.is_empty() {
            return Err(explain::fragment(&["tour.error.no_steps"], &[]));
        }
        if let Some(q) = &tour.question {
            if !q.choices.is_empty() && !q.choices.iter().any(|c| q.is_right(c)) {
                return Err(explain::fragment(&["tour.error.answer"], &[&format!("{:?}", q.answer)]));
            }
        }
        Ok(tour)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// What does not fit the capture: a stream it does not have, a frame
    /// outside the step's conversation (`tour.problem.*`, rendered when shown).
    pub fn problems(&self, a: &Analysis) -> Vec<Explain> {
        let mut out = Vec::new();
        for (i, s) in self.steps.iter().enumerate() {
            let n = i + 1;
            let stream = match s.stream {
                Some(k) => match a.streams.iter().find(|x| x.stream == k) {
                    Some(x) => Some(x),
                    None => {
                        out.push(explain::fragment(&["tour.problem.stream"], &[&n.to_string(), &k.to_string()]));
                        continue;
                    }
                },
                None => None,
            };
            if let Some(f) = s.frame {
                let ok = match stream {
                    Some(x) => (x.first_frame..=x.last_frame).contains(&f),
                    None => f >= 1 && f <= a.capture.packets,
                };
                if !ok {
                    let place = match stream {
                        Some(x) => explain::fragment(&["tour.problem.in_stream"], &[&x.stream.to_string()]),
                        None => explain::fragment(&["tour.problem.in_capture"], &[]),
                    };
                    out.push(explain::fragment_with(
                        &["tour.problem.frame"],
                        vec![n.to_string().into(), f.to_string().into(), place.into()],
                    ));
                }
            }
        }
        out
    }
}

/// The tour a capture carries in a section comment, if any (the first),
/// or the reason it cannot be read.
pub fn from_comments(comments: &[Note]) -> Option<Result<Tour, Explain>> {
    comments.iter().find_map(|c| {
        let rest = c.comment_text()?.strip_prefix(MARK)?;
        Some(Tour::parse(rest.trim_start_matches(['\r', '\n'])))
    })
}

fn pad4(v: &mut Vec<u8>) {
    while !v.len().is_multiple_of(4) {
        v.push(0);
    }
}

fn block(kind: u32, body: &[u8]) -> Vec<u8> {
    let len = (12 + body.len()) as u32;
    let mut b = Vec::with_capacity(len as usize);
    b.extend_from_slice(&kind.to_le_bytes());
    b.extend_from_slice(&len.to_le_bytes());
    b.extend_from_slice(body);
    b.extend_from_slice(&len.to_le_bytes());
    b
}

fn option(code: u16, value: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(&code.to_le_bytes());
    out.extend_from_slice(&(value.len() as u16).to_le_bytes());
    out.extend_from_slice(value);
    pad4(out);
}

/// Capture and tour as one pcapng file: a section header whose comment is
/// [`MARK`] and the tour, one interface per link type (nanosecond times),
/// and every frame of `capture` (the bytes the analysis was read from,
/// decompressed) as an enhanced packet block with its time and lengths, in
/// the same order, so frame numbers stay the same. `None` when the tour is
/// too long for a comment, or a frame's bytes are not in `capture`.
pub fn bundle(capture: &[u8], analysis: &Analysis, tour: &Tour) -> Option<Vec<u8>> {
    let comment = format!("{MARK}\n{}", tour.to_json());
    if comment.len() > MAX_TOUR + MARK.len() + 1 {
        return None;
    }
    let mut out = Vec::new();
    // Section header: byte-order magic, version 1.0, section length unknown (-1).
    let mut shb = Vec::new();
    shb.extend_from_slice(&0x1A2B_3C4Du32.to_le_bytes());
    shb.extend_from_slice(&1u16.to_le_bytes());
    shb.extend_from_slice(&0u16.to_le_bytes());
    shb.extend_from_slice(&(-1i64).to_le_bytes());
    option(1, comment.as_bytes(), &mut shb); // opt_comment
    option(4, b"Postscope", &mut shb); // shb_userappl
    option(0, &[], &mut shb);
    out.extend(block(0x0A0D_0D0A, &shb));
    let mut links: Vec<u32> = Vec::new();
    let mut packets = Vec::new();
    for (_, row) in analysis.frames.iter() {
        let iface = match links.iter().position(|l| *l == row.link_type) {
            Some(i) => i,
            None => {
                links.push(row.link_type);
                let mut idb = Vec::new();
                idb.extend_from_slice(&(row.link_type as u16).to_le_bytes());
                idb.extend_from_slice(&0u16.to_le_bytes());
                idb.extend_from_slice(&0u32.to_le_bytes()); // no snapshot length limit
                option(9, &[9], &mut idb); // if_tsresol: 10^-9 s
                option(0, &[], &mut idb);
                packets.extend(block(1, &idb));
                links.len() - 1
            }
        };
        let start = usize::try_from(row.offset).ok()?;
        let data = capture.get(start..start.checked_add(row.captured as usize)?)?;
        let ns = row.ns as u64;
        let mut epb = Vec::with_capacity(20 + data.len() + 4);
        epb.extend_from_slice(&(iface as u32).to_le_bytes());
        epb.extend_from_slice(&((ns >> 32) as u32).to_le_bytes());
        epb.extend_from_slice(&(ns as u32).to_le_bytes());
        epb.extend_from_slice(&row.captured.to_le_bytes());
        epb.extend_from_slice(&row.original.to_le_bytes());
        epb.extend_from_slice(data);
        pad4(&mut epb);
        packets.extend(block(6, &epb));
    }
    out.extend(packets);
    Some(out)
}
