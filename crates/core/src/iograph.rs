//! The I/O graph: frames and bytes per interval over the capture's time, for
//! all frames and for each protocol, as Wireshark's I/O Graph draws them (and
//! `tshark -q -z io,stat,INTERVAL,FILTER` counts them): interval `i` holds the
//! frames whose time since frame 1 is in `[i·interval, (i+1)·interval)`, and
//! bytes are frame lengths on the wire (`frame.len`).
//!
//! What counts as each protocol is said once, in [`Classifier::of`], and
//! chosen to equal tshark's display filter of the same name (tested in
//! `crates/core/tests/plots.rs`): a frame is SMTP (`smtp`), POP3 (`pop`) or
//! IMAP (`imap`) when it carries TCP payload of a conversation in that
//! protocol, before its TLS began, and is not a retransmission or out of
//! order (tshark does not dissect those again: they are "other"); TLS (`tls`) when it carries payload of a
//! conversation from the frame where TLS began (STARTTLS, STLS, implicit TLS)
//! or of one that is TLS alone; everything else (handshakes, pure ACKs, FINs,
//! LMTP, conversations Postscope cannot name, frames that are not TCP) is
//! "other", so the protocols add up to all frames.
//!
//! Output is a small view-model ([`IoGraph`]), serialisable, for the app (a
//! Web Worker may compute it) and for the CLI's CSV.

use crate::frames::FrameRow;
use crate::model::{Analysis, Dir, Item, Protocol, Stream, TcpKind};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashSet;

/// The intervals the graph offers, as Wireshark's I/O Graph: 1, 2, 5 steps from 1 ms to 10 s, in nanoseconds.
pub const INTERVALS_NS: [u64; 13] = [
    1_000_000,
    2_000_000,
    5_000_000,
    10_000_000,
    20_000_000,
    50_000_000,
    100_000_000,
    200_000_000,
    500_000_000,
    1_000_000_000,
    2_000_000_000,
    5_000_000_000,
    10_000_000_000,
];

/// The automatic interval aims at about this many intervals across the capture.
pub const AUTO_INTERVALS: u64 = 200;

/// Most intervals a graph holds; a smaller interval on a long capture is widened to fit.
pub const MAX_INTERVALS: u64 = 100_000;

/// One line of the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Series {
    /// Every frame (tshark: no filter).
    All,
    /// tshark `smtp`.
    Smtp,
    /// tshark `pop`.
    Pop3,
    /// tshark `imap`.
    Imap,
    /// tshark `tls`.
    Tls,
    /// LMTP's payload (tshark has no LMTP dissector: it shows these as TCP data).
    Lmtp,
    /// Everything not in the lines above.
    Other,
    /// One conversation: what its client sent.
    Client,
    /// One conversation: what its server sent.
    Server,
}

impl Series {
    /// The protocol lines, in drawing order; they add up to [`Series::All`].
    pub const PROTOCOLS: [Series; 6] = [Series::Smtp, Series::Pop3, Series::Imap, Series::Tls, Series::Lmtp, Series::Other];

    /// The name in the CSV and the JSON ("smtp").
    pub fn name(self) -> &'static str {
        match self {
            Series::All => "all",
            Series::Smtp => "smtp",
            Series::Pop3 => "pop3",
            Series::Imap => "imap",
            Series::Tls => "tls",
            Series::Lmtp => "lmtp",
            Series::Other => "other",
            Series::Client => "client",
            Series::Server => "server",
        }
    }

    /// tshark's display filter that selects the same frames, where there is one.
    pub fn tshark_filter(self) -> Option<&'static str> {
        match self {
            Series::All => Some(""),
            Series::Smtp => Some("smtp"),
            Series::Pop3 => Some("pop"),
            Series::Imap => Some("imap"),
            Series::Tls => Some("tls"),
            _ => None,
        }
    }
}

/// Which protocol line each frame is on (see the module's documentation).
pub struct Classifier<'a> {
    a: &'a Analysis,
    /// Frames whose segment repeats bytes already sent or comes before bytes
    /// it should follow: tshark does not hand them to the protocol's
    /// dissector, so its filter does not match them.
    resent: Cow<'a, HashSet<u32>>,
}

/// The frames of conversation `s` whose segment repeats bytes or comes out of
/// order (what [`Classifier`] counts as "other").
pub fn resent(s: &Stream) -> impl Iterator<Item = u32> + '_ {
    s.items.iter().filter_map(|i| match i {
        Item::Tcp(t) if matches!(t.event, TcpKind::Retransmission | TcpKind::FastRetransmission | TcpKind::OutOfOrder) => Some(t.frame),
        _ => None,
    })
}

impl<'a> Classifier<'a> {
    pub fn new(a: &'a Analysis) -> Classifier<'a> {
        Classifier { a, resent: Cow::Owned(a.streams.iter().flat_map(resent).collect()) }
    }

    /// The classifier of an analysis whose items were let go, with the
    /// [`resent`] frames of every conversation kept (only `a`'s streams'
    /// protocols and TLS frames are read).
    pub fn with_resent(a: &'a Analysis, resent: &'a HashSet<u32>) -> Classifier<'a> {
        Classifier { a, resent: Cow::Borrowed(resent) }
    }

    /// Which protocol line frame `number` (its row `row`) is on.
    pub fn of(&self, number: u32, row: &FrameRow) -> Series {
        let Some(stream) = row.tcp_stream().and_then(|s| self.a.streams.get(s as usize)) else {
            return Series::Other;
        };
        if row.payload == 0 || self.resent.contains(&number) {
            return Series::Other;
        }
        if stream.tls_from_frame.is_some_and(|f| number >= f) {
            return Series::Tls;
        }
        match stream.protocol {
            Protocol::Smtp => Series::Smtp,
            Protocol::Pop3 => Series::Pop3,
            Protocol::Imap => Series::Imap,
            Protocol::Tls => Series::Tls,
            Protocol::Lmtp => Series::Lmtp,
            Protocol::Unknown => Series::Other,
        }
    }
}

/// Frames and bytes of one line, per interval.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub series: Series,
    pub frames: Vec<u64>,
    pub bytes: Vec<u64>,
}

impl Line {
    fn new(series: Series, n: usize) -> Line {
        Line { series, frames: vec![0; n], bytes: vec![0; n] }
    }
    pub fn total_frames(&self) -> u64 {
        self.frames.iter().sum()
    }
    pub fn total_bytes(&self) -> u64 {
        self.bytes.iter().sum()
    }
}

/// The I/O graph of a capture (or of one conversation's two directions).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IoGraph {
    /// The interval used, in nanoseconds.
    pub interval_ns: u64,
    /// The interval asked for, when it was widened to keep at most [`MAX_INTERVALS`].
    pub widened_from_ns: Option<u64>,
    /// Intervals, from the capture's first frame (time 0) to its latest.
    pub intervals: usize,
    /// For one conversation: its number.
    pub stream: Option<u32>,
    /// The lines: all, then each protocol with any frame (or client and server).
    pub lines: Vec<Line>,
}

/// Nanoseconds from frame 1 to the latest frame (0 for an empty capture).
fn span_ns(a: &Analysis) -> u64 {
    let Some(first) = a.frames.first_ns() else { return 0 };
    a.frames.iter().map(|(_, r)| r.ns.saturating_sub(first).max(0) as u64).max().unwrap_or(0)
}

/// The automatic interval: the smallest of [`INTERVALS_NS`] that gives at
/// most [`AUTO_INTERVALS`] intervals over `span_ns` (10 s beyond).
pub fn auto_interval(span_ns: u64) -> u64 {
    INTERVALS_NS.into_iter().find(|&i| span_ns / i <= AUTO_INTERVALS).unwrap_or(INTERVALS_NS[INTERVALS_NS.len() - 1])
}

/// The interval used for `asked` (automatic when `None`) over a capture of `span_ns`, and the count of intervals.
fn choose(span_ns: u64, asked: Option<u64>) -> (u64, Option<u64>, usize) {
    let asked = asked.map(|i| i.max(1));
    let mut interval = asked.unwrap_or_else(|| auto_interval(span_ns));
    if span_ns / interval >= MAX_INTERVALS {
        interval = span_ns / (MAX_INTERVALS - 1) + 1;
    }
    let widened = asked.filter(|&i| i != interval);
    (interval, widened, (span_ns / interval) as usize + 1)
}

/// The whole capture's I/O graph: all frames and each protocol line that
/// holds a frame, with `interval_ns` (automatic when `None`).
pub fn capture(a: &Analysis, interval_ns: Option<u64>) -> IoGraph {
    capture_with(a, &Classifier::new(a), interval_ns)
}

/// [`capture`] with the classifier given (see [`Classifier::with_resent`]).
pub fn capture_with(a: &Analysis, classes: &Classifier<'_>, interval_ns: Option<u64>) -> IoGraph {
    let (interval, widened, n) = choose(span_ns(a), interval_ns);
    let mut all = Line::new(Series::All, n);
    let mut by: Vec<Line> = Series::PROTOCOLS.iter().map(|&s| Line::new(s, n)).collect();
    let first = a.frames.first_ns().unwrap_or(0);
    for (number, row) in a.frames.iter() {
        let i = slot(row.ns, first, interval, n);
        let s = classes.of(number, &row);
        for line in [&mut all, by.iter_mut().find(|l| l.series == s).expect("every series has a line")] {
            line.frames[i] += 1;
            line.bytes[i] += u64::from(row.original);
        }
    }
    let mut lines = vec![all];
    lines.extend(by.into_iter().filter(|l| l.total_frames() > 0));
    IoGraph { interval_ns: interval, widened_from_ns: widened, intervals: n, stream: None, lines }
}

/// One conversation's I/O graph on the capture's time axis: what each side sent.
pub fn conversation(a: &Analysis, stream: u32, interval_ns: Option<u64>) -> IoGraph {
    let (interval, widened, n) = choose(span_ns(a), interval_ns);
    let mut sides = [Line::new(Series::Client, n), Line::new(Series::Server, n)];
    let first = a.frames.first_ns().unwrap_or(0);
    for (_, row) in a.frames.of_stream(stream) {
        let i = slot(row.ns, first, interval, n);
        let d = row.dir().unwrap_or(Dir::Client).index();
        sides[d].frames[i] += 1;
        sides[d].bytes[i] += u64::from(row.original);
    }
    IoGraph { interval_ns: interval, widened_from_ns: widened, intervals: n, stream: Some(stream), lines: sides.into() }
}

/// The interval a frame at `ns` falls in (a frame earlier than frame 1 in the first).
fn slot(ns: i64, first: i64, interval: u64, n: usize) -> usize {
    let rel = ns.saturating_sub(first).max(0) as u64;
    ((rel / interval) as usize).min(n - 1)
}

impl IoGraph {
    /// The line of `series`, if the graph has it.
    pub fn line(&self, series: Series) -> Option<&Line> {
        self.lines.iter().find(|l| l.series == series)
    }
    /// The start of interval `i`, in seconds since frame 1.
    pub fn start_secs(&self, i: usize) -> f64 {
        (i as u64 * self.interval_ns) as f64 / 1e9
    }
    /// As CSV, one row per interval: `start_s,LINE_frames,LINE_bytes,...`.
    pub fn csv(&self) -> String {
        let mut out = String::from("start_s");
        for l in &self.lines {
            out.push_str(&format!(",{0}_frames,{0}_bytes", l.series.name()));
        }
        out.push('\n');
        for i in 0..self.intervals {
            out.push_str(&format!("{:.6}", self.start_secs(i)));
            for l in &self.lines {
                out.push_str(&format!(",{},{}", l.frames[i], l.bytes[i]));
            }
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_automatic_interval_keeps_about_two_hundred_intervals() {
        assert_eq!(auto_interval(0), 1_000_000);
        assert_eq!(auto_interval(150_000_000), 1_000_000);
        assert_eq!(auto_interval(2_000_000_000), 10_000_000);
        assert_eq!(auto_interval(3_600_000_000_000), 10_000_000_000);
    }

    #[test]
    fn a_small_interval_on_a_long_capture_is_widened() {
        let (i, widened, n) = choose(3_600_000_000_000, Some(1_000_000));
        assert!(n as u64 <= MAX_INTERVALS, "{n}");
        assert_eq!(widened, Some(1_000_000));
        assert!(i > 1_000_000);
        assert_eq!(choose(1_000_000_000, Some(100_000_000)), (100_000_000, None, 11));
    }
}
