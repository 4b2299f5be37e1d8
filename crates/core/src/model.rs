//! The analysis model: everything the app and the CLI are allowed to see.
//!
//! Numbering follows Wireshark so a teacher can check any figure against it:
//! frames count from 1 in file order, streams from 0 in the order of each
//! connection's first packet (Wireshark's `tcp.stream`), and the client is the
//! side that sent the SYN.

pub use crate::facts::Explain;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;

/// A capture timestamp, as stored in the file (seconds and nanoseconds since
/// the Unix epoch). The core has no clock: this is the only time it knows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Timestamp {
    pub secs: i64,
    pub nanos: u32,
}

impl Timestamp {
    /// Seconds as a float, for display and JSON.
    pub fn as_f64(self) -> f64 {
        self.secs as f64 + self.nanos as f64 / 1e9
    }
    /// Nanoseconds since the Unix epoch (saturating: years past 2262 stop there).
    pub fn as_nanos(self) -> i64 {
        self.secs.saturating_mul(1_000_000_000).saturating_add(self.nanos as i64)
    }
}

/// Which way a byte travelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    /// From the side that opened the connection (sent the SYN).
    Client,
    /// From the side that accepted it.
    Server,
}

impl Dir {
    pub fn other(self) -> Dir {
        match self {
            Dir::Client => Dir::Server,
            Dir::Server => Dir::Client,
        }
    }
    pub fn index(self) -> usize {
        match self {
            Dir::Client => 0,
            Dir::Server => 1,
        }
    }
}

/// The application protocol a stream carries. What each one is (names,
/// ports, recognition, session) is listed in [`crate::protocols::PROTOCOLS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Smtp,
    /// LMTP (RFC 2033): SMTP's last hop, from a mail server to the mailbox store.
    Lmtp,
    Pop3,
    Imap,
    Tls,
    Unknown,
}

impl Protocol {
    /// Every protocol.
    pub const ALL: [Protocol; 6] = [Protocol::Smtp, Protocol::Lmtp, Protocol::Pop3, Protocol::Imap, Protocol::Tls, Protocol::Unknown];

    /// The name in the JSON Lines ("smtp").
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Smtp => "smtp",
            Protocol::Lmtp => "lmtp",
            Protocol::Pop3 => "pop3",
            Protocol::Imap => "imap",
            Protocol::Tls => "tls",
            Protocol::Unknown => "unknown",
        }
    }
    /// A mail protocol (not TLS alone, not unknown).
    pub fn is_mail(self) -> bool {
        !matches!(self, Protocol::Tls | Protocol::Unknown)
    }
}

/// Something worth telling the user that is not part of a conversation:
/// a damaged block, an unsupported link type, a packet that could not be decoded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// What kind of problem (or comment) it is (the JSON's `kind`).
    pub kind: NoteKind,
    /// The frame it concerns (from 1), when it concerns one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frame: Option<u32>,
    /// Byte offset in the (decompressed) capture file, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// What it says, as a fact: catalogue keys (`note.*`, `keylog.*`,
    /// `crates/core/src/explain/notes.rs`) and their arguments, put in words
    /// when shown ([`Note::say`]). The JSON's `message` is those words (in
    /// English unless `--lang` says otherwise); the app's worker sends the fact.
    #[serde(with = "note_message")]
    pub message: Explain,
}

impl Note {
    /// A note of `kind` saying `message`.
    pub fn new(kind: NoteKind, frame: Option<u32>, offset: Option<u64>, message: Explain) -> Note {
        Note { kind, frame, offset, message }
    }
    /// A comment the capture carries: its own text, shown as it is in every language.
    pub fn comment(frame: Option<u32>, offset: Option<u64>, text: String) -> Note {
        Note::new(NoteKind::Comment, frame, offset, crate::explain::text(&["note.comment"], &[&text]))
    }
    /// The note in words, in `locale`.
    pub fn say(&self, locale: crate::explain::Locale) -> String {
        crate::explain::render(&self.message, &crate::explain::Context::default(), locale)
    }
    /// The note in English, as the JSON Lines write it.
    pub fn text(&self) -> String {
        self.say(crate::explain::Locale::En)
    }
    /// A comment's own text (`None` for any other note): what the capture says, in no language of Postscope's.
    pub fn comment_text(&self) -> Option<&str> {
        match self.message.pieces() {
            [crate::facts::Piece::Whole("note.comment", args)] => match args.first() {
                Some(crate::facts::Arg::Text(t)) => Some(t.as_ref()),
                _ => None,
            },
            _ => None,
        }
    }
}

/// A note's `message`: words (English) in the JSON Lines, the fact itself
/// for the app's worker (`crate::wire::full`), which the page renders in the
/// reader's language.
mod note_message {
    use super::Explain;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(e: &Explain, s: S) -> Result<S::Ok, S::Error> {
        if crate::wire::is_full() {
            e.serialize(s)
        } else {
            s.serialize_str(&crate::explain::plain(e))
        }
    }
    /// Read back only as the app's worker wrote it.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Explain, D::Error> {
        Explain::deserialize(d)
    }
}

/// What a [`Note`] is about: the capture file's notes (`capture.warnings`,
/// `capture.comments`) and the analysis' notes about frames (`notes`).
/// Serialized as snake_case (`"bad_length"`), the JSON's `kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    // The capture file.
    /// Not a packet capture at all: another kind of file, empty, or too
    /// short to hold a file header; nothing is read.
    NotACapture,
    /// A pcapng section of a version no tool reads; reading stops there.
    UnsupportedVersion,
    /// A file or interface header gives a value no capture tool writes (a pcap
    /// version other than 2.4, a snapshot length of 0, an `if_tsresol` no clock
    /// has); the packets were read anyway.
    UnusualHeader,
    /// A record or block whose length cannot be right (beyond the limits, not
    /// a multiple of 4, its two copies disagreeing, more than the file holds
    /// while readable records follow): the framing is lost there, and the
    /// message says where reading went on, if anywhere.
    BadLength,
    /// A pcapng section header whose byte-order mark is neither order: the
    /// framing is lost there.
    BadByteOrder,
    /// A pcapng block before any section header: the framing is lost there.
    OutsideSection,
    /// The file ends in the middle of a record: it was cut short.
    Truncated,
    /// A pcapng block that holds less than its type needs, or names an
    /// interface that was never described; it was passed over.
    DamagedBlock,
    /// A pcapng block's options are damaged; the block was read without the
    /// rest of them.
    DamagedOptions,
    /// The gzip compression is damaged or ends early.
    Compression,
    /// A comment the capture carries (section or packet comment), not a problem.
    Comment,
    // The frames.
    /// A frame whose record holds no bytes.
    EmptyFrame,
    /// A frame too short for its link-layer header.
    LinkHeader,
    /// A frame whose IP header is damaged.
    IpHeader,
    /// A frame whose TCP header is cut before its flags or gives a length below 20.
    TcpHeader,
    /// An IP fragment that cannot belong to any datagram.
    Fragments,
    /// Frames of a link type Postscope cannot decode.
    UnsupportedLink,
    /// Frames captured more than a year before or after frame 1.
    FarTimestamp,
    /// More notes than are kept: they are counted in this last one.
    TooManyNotes,
    /// A line of a TLS key log (a file or a Decryption Secrets Block) that cannot be used.
    KeyLogLine,
    /// Keys of the key log that belong to no TLS connection of the capture.
    UnusedKeys,
    /// More TCP conversations open at once than are read together: the
    /// least recently active were ended early.
    TooManyConversations,
    /// TCP segments of a conversation that had ended and been handed out.
    LateSegments,
    /// A capture file whose header is readable but that holds no packets.
    NoPackets,
    /// A frame captured more than a day before or after the frame before it: probable damage.
    TimeJump,
    /// A frame claiming more bytes on the wire than any frame of its link type can have: probable damage.
    TooLong,
}

/// What the capture file itself is.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CaptureInfo {
    /// "pcap", "pcapng", or "unknown" when the file was not recognised.
    pub format: String,
    /// Whether the file was gzip-compressed.
    pub gzip: bool,
    /// Link-layer types seen, by their LINKTYPE_ name ("ethernet", "linux_sll", ...).
    pub link_types: Vec<String>,
    /// Number of frames read (the last frame number).
    pub packets: u32,
    /// Problems with the file or its packets; each keeps what was read before it.
    pub warnings: Vec<Note>,
    /// Comments stored in the file (pcapng section and packet comments).
    pub comments: Vec<Note>,
    /// Timestamp of the first frame, when there is one.
    pub first_time: Option<Timestamp>,
    /// Timestamp of the last frame.
    pub last_time: Option<Timestamp>,
}

/// Why a conversation's protocol was chosen, as a fact; its words
/// (catalogue keys `recognised.*`) are made when shown, in the reader's
/// language ([`Recognition::render`]); serialised and displayed in English,
/// as the JSON Lines contract's `recognised_by` has always been.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recognition {
    /// Not decided yet: too few bytes seen.
    Pending,
    /// The user's "decode as" choice for this port (`--decode-as`).
    DecodeAs { port: u16 },
    /// The server's well-known port (the protocol table).
    Port { port: u16 },
    /// The first bytes of either side look like `protocol`.
    Content { protocol: Protocol },
    /// `protocol` after `segments` segments that set up a tunnel (`tunnel`:
    /// `socks5`, `http_connect` or `other`, a `tunnel.name.*` key's end).
    Tunnel { protocol: Protocol, tunnel: &'static str, segments: usize },
    /// Bytes were seen, and none looked like a mail protocol.
    NoMail,
    /// No payload was seen at all.
    NoPayload,
    /// A pasted transcript, not a capture.
    Pasted,
}

impl Recognition {
    /// The words as a fact: a catalogue fragment with its arguments.
    pub fn explain(&self) -> Explain {
        use crate::explain::{fragment, fragment_with};
        let label = |p: Protocol| crate::protocols::spec(p).label;
        match *self {
            Recognition::Pending => fragment(&["recognised.pending"], &[]),
            Recognition::DecodeAs { port } => fragment(&["recognised.decode_as"], &[&port.to_string()]),
            Recognition::Port { port } => fragment(&["recognised.port"], &[&port.to_string()]),
            Recognition::Content { protocol } => fragment(&["recognised.content"], &[label(protocol)]),
            Recognition::Tunnel { protocol, tunnel, segments } => fragment_with(
                &["recognised.tunnel"],
                vec![label(protocol).into(), fragment(&[&format!("tunnel.name.{tunnel}")], &[]).into(), segments.to_string().into()],
            ),
            Recognition::NoMail => fragment(&["recognised.no_mail"], &[]),
            Recognition::NoPayload => fragment(&["recognised.no_payload"], &[]),
            Recognition::Pasted => fragment(&["recognised.pasted"], &[]),
        }
    }

    /// The words in `locale`.
    pub fn render(&self, locale: crate::explain::Locale) -> String {
        crate::explain::render(&self.explain(), &crate::explain::Context::default(), locale)
    }

    /// Chosen from the conversation's first bytes (directly or inside a tunnel).
    pub fn by_content(&self) -> bool {
        matches!(self, Recognition::Content { .. } | Recognition::Tunnel { .. })
    }
}

impl std::fmt::Display for Recognition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(crate::explain::Locale::En))
    }
}

impl Serialize for Recognition {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if crate::wire::is_full() {
            // The app's worker sends the fact itself, rendered on the page in the reader's language.
            crate::wire::Recognition::from(*self).serialize(s)
        } else {
            s.collect_str(self)
        }
    }
}

impl<'de> Deserialize<'de> for Recognition {
    /// Read back only as the app's worker wrote it (`crate::wire::full`).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::wire::Recognition::deserialize(d)?.fact().map_err(serde::de::Error::custom)
    }
}

/// One TCP connection, as Wireshark's `tcp.stream`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Stream {
    pub stream: u32,
    /// The side that sent the SYN (JSON: `"IP:PORT"`, `"[IPv6]:PORT"`).
    pub client: SocketAddr,
    pub server: SocketAddr,
    pub protocol: Protocol,
    pub first_frame: u32,
    pub last_frame: u32,
    pub packets: u32,
    /// Frame bytes (on-the-wire length) sent by the client, as Wireshark's conversation table.
    pub client_bytes: u64,
    pub server_bytes: u64,
    /// TCP payload bytes, counted once, sent by each side.
    pub client_payload_bytes: u64,
    pub server_payload_bytes: u64,
    /// Frame from which the conversation is encrypted (STARTTLS, STLS or implicit TLS).
    pub tls_from_frame: Option<u32>,
    /// Seconds from the capture's first frame to this conversation's earliest
    /// packet (Wireshark's Conversations "Rel Start").
    pub rel_start: f64,
    /// Seconds from its earliest packet to its latest (Wireshark's "Duration").
    pub duration: f64,
    /// Why this protocol was chosen (the JSON's `recognised_by`, words made
    /// when shown: "port 25", "content: its first bytes look like SMTP").
    pub recognised_by: Recognition,
    /// Everything that happened on this stream, in order.
    pub items: Vec<Item>,
    /// Sequence, acknowledgement and window of each of its segments, in
    /// frame order (16 bytes each; for the timing plots, not in the JSON:
    /// written only for the app's worker, `crate::wire::full`).
    #[serde(skip_serializing_if = "crate::wire::json_only", default)]
    pub segments: Vec<crate::tcp::Sample>,
    /// What the packet views need to show its sequence numbers and windows
    /// as Wireshark does (not in the JSON; written for the worker only).
    #[serde(skip_serializing_if = "crate::wire::json_only", default)]
    pub tcp: TcpBasis,
}

/// A conversation's numbers for showing its segments as Wireshark does, by
/// direction (client, server).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TcpBasis {
    /// The sequence number shown as relative 0: the SYN's, or (without a
    /// SYN) one before the first byte seen.
    pub base: [Option<u32>; 2],
    /// The window scale shift each side's SYN offered (RFC 7323 §2.2);
    /// windows are scaled only when both offered one.
    pub window_shift: [Option<u8>; 2],
}

impl TcpBasis {
    /// Wireshark's relative sequence number of `seq` sent by `dir`.
    pub fn relative(&self, dir: Dir, seq: u32) -> u32 {
        self.base[dir.index()].map_or(seq, |b| seq.wrapping_sub(b))
    }
    /// The window `dir` advertised, scaled as Wireshark's "calculated window size".
    pub fn window(&self, dir: Dir, raw: u16) -> u64 {
        match self.window_shift {
            [Some(c), Some(s)] => u64::from(raw) << [c, s][dir.index()].min(14),
            _ => u64::from(raw),
        }
    }
    /// Whether both sides offered window scaling.
    pub fn scaled(&self) -> bool {
        self.window_shift.iter().all(Option::is_some)
    }
}

/// One entry of a stream's transcript.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Item {
    Line(Line),
    Tcp(TcpEvent),
    Gap(Gap),
    Tls(TlsRecord),
    /// Boxed, as the message: larger than a line (136 bytes against 112), and rare.
    Credential(Box<Credential>),
    /// Boxed: a message record is much larger than a line, and a stream holds many lines.
    Message(Box<Message>),
}

impl Item {
    /// The frame an item belongs to, for ordering and for links to Wireshark.
    pub fn frame(&self) -> u32 {
        match self {
            Item::Line(l) => l.frame,
            Item::Tcp(t) => t.frame,
            Item::Gap(g) => g.frame,
            Item::Tls(t) => t.frame,
            Item::Credential(c) => c.frame,
            // After the message's last line, so a transcript shows it where it ended.
            Item::Message(m) => m.last_frame,
        }
    }
    /// What explains the item, as catalogue keys and arguments (see [`crate::explain::render`]).
    pub fn explain(&self) -> &Explain {
        match self {
            Item::Line(l) => &l.explain,
            Item::Tcp(t) => &t.explain,
            Item::Gap(g) => &g.explain,
            Item::Tls(t) => &t.explain,
            Item::Credential(c) => &c.explain,
            Item::Message(m) => &m.explain,
        }
    }
}

/// A fact of a stream that has an explanation: a line, a TCP event, a gap, a
/// TLS record, a credential, a message.
pub trait Explained {
    /// The stream it belongs to.
    fn stream(&self) -> u32;
    /// What explains it.
    fn explanation(&self) -> &Explain;
}

macro_rules! explained {
    ($($t:ty),*) => {$(
        impl Explained for $t {
            fn stream(&self) -> u32 {
                self.stream
            }
            fn explanation(&self) -> &Explain {
                &self.explain
            }
        }
    )*};
}
explained!(Line, TcpEvent, Gap, TlsRecord, Credential, Message);

/// What part of the dialogue a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// A client command.
    Command,
    /// A server reply or response.
    Reply,
    /// A line of a message being transferred (SMTP DATA, POP3 RETR, IMAP literal).
    Content,
    /// A SASL exchange line (AUTH / AUTHENTICATE continuation), usually Base64.
    Sasl,
    /// Bytes that do not fit the protocol's grammar here.
    Other,
}

/// Where some of a unit's bytes crossed the wire: frame `frame` carried
/// them, at `bytes` (start, end; end exclusive) of its TCP payload. `bytes`
/// is `None` for bytes read from decrypted TLS records, which are not the
/// frame's bytes. A line typed one key at a time over seven segments has
/// seven spans.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub frame: u32,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub bytes: Option<(u32, u32)>,
}

/// One protocol line, without its CRLF.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Line {
    pub stream: u32,
    pub dir: Dir,
    /// The frame that carried the line's first byte.
    pub frame: u32,
    pub protocol: Protocol,
    pub kind: LineKind,
    /// Command in upper case, or the reply status; `None` for content and SASL.
    pub verb: Option<String>,
    /// The line exactly as sent, without CRLF (bytes that are not UTF-8 shown as U+FFFD).
    pub text: String,
    /// What explains it (rendered when shown; in the JSON as `explain`).
    #[serde(skip_serializing_if = "crate::wire::json_only", default)]
    pub explain: Explain,
    /// The line's number in its stream, from 0, in the order the lines were read.
    #[serde(skip_serializing_if = "crate::wire::json_only", default)]
    pub number: u32,
    /// For the last line of a reply: the number of the line whose command it completes.
    #[serde(skip_serializing_if = "crate::wire::json_only", default)]
    pub answers: Option<u32>,
    /// Base64 decoded, for SASL lines and Base64 prompts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decoded: Option<String>,
    /// Read from TLS records decrypted with a key log: an eavesdropper
    /// without the keys saw only encrypted records here. In the JSON only when true.
    #[serde(skip_serializing_if = "is_false", default)]
    pub decrypted: bool,
    /// Every frame that carried the line's bytes (its line end included),
    /// in order, with where in each frame's TCP payload they are.
    #[serde(default)]
    pub frames: Vec<Span>,
    /// A line longer than Postscope keeps (64 KiB): `text` is its first
    /// 64 KiB only, and this is how long it was in all. In the JSON only then.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub long: Option<Box<LongLine>>,
    /// This item is not one line but the rest of a message's content lines,
    /// counted and not kept one by one (the message record has them all); its
    /// `text` is empty. In the JSON only then.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub elided: Option<Box<Elided>>,
}

impl Line {
    /// How many lines of the conversation this item is: one, or the lines of
    /// a message it counts ([`Line::elided`]).
    pub fn stands_for(&self) -> u64 {
        self.elided.as_ref().map_or(1, |e| e.lines)
    }

    /// The frame of its last byte: of the last line it counts, of the end of a long line, or its own.
    pub fn last_frame(&self) -> u32 {
        match (&self.elided, &self.long) {
            (Some(e), _) => e.last_frame,
            (None, Some(l)) => l.last_frame.max(self.frame),
            (None, None) => self.frames.last().map_or(self.frame, |s| s.frame.max(self.frame)),
        }
    }
}

/// The lines of a conversation a sink that wants no line items was not
/// given ([`crate::Sink::wants_lines`]): how many of each kind, as the
/// items would have counted them ([`Line::stands_for`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LineCounts {
    /// By kind: command, reply, content, SASL, other ([`crate::overview::LINE_KINDS`]'s order).
    pub kinds: [u64; 5],
    /// Of them, those read from TLS records decrypted with a key log.
    pub decrypted: u64,
    /// How many items there were when the last line was counted: the item
    /// that line would have followed, were lines kept.
    pub(crate) after: Option<usize>,
}

impl LineCounts {
    /// Counts `n` lines of `kind`, coming after the first `items` items.
    pub(crate) fn count(&mut self, kind: LineKind, n: u64, decrypted: bool, items: usize) {
        self.kinds[crate::overview::line_index(kind)] += n;
        self.decrypted += if decrypted { n } else { 0 };
        self.after = Some(items);
    }
}

/// How long a line longer than 64 KiB was (memory stays bounded: the rest
/// was counted as it crossed, not kept).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LongLine {
    /// Its bytes in all, without the line end.
    pub bytes: u64,
    /// The frame that carried its last byte seen (its line end, when that came).
    pub last_frame: u32,
    /// Its line end came; false when the conversation (or the capture) ended first, or bytes went missing.
    pub ended: bool,
}

/// The content lines of one message after the first
/// [`MAX_CONTENT_LINES`](crate::mail::dialogue::MAX_CONTENT_LINES), as one item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Elided {
    /// How many lines.
    pub lines: u64,
    /// Their bytes as they crossed the wire, line ends included.
    pub bytes: u64,
    /// The frame of the first one's first byte, and of the last one's.
    pub first_frame: u32,
    pub last_frame: u32,
}

/// For `skip_serializing_if`: fields that are written only when true.
fn is_false(b: &bool) -> bool {
    !*b
}

/// A TCP-level event: handshake, teardown, loss, retransmission.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TcpEvent {
    pub stream: u32,
    pub frame: u32,
    pub dir: Dir,
    pub event: TcpKind,
    /// Relative sequence and acknowledgement numbers, as Wireshark shows them.
    pub seq: u32,
    pub ack: u32,
    #[serde(skip_serializing_if = "crate::wire::json_only", default)]
    pub explain: Explain,
}

/// What a TCP event is (the JSON's `event`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TcpKind {
    Syn,
    SynAck,
    /// The ACK that completes the handshake.
    Ack,
    Fin,
    Rst,
    Retransmission,
    FastRetransmission,
    AckedUnseen,
    OutOfOrder,
    LostSegment,
    DuplicateAck,
    ZeroWindow,
    WindowFull,
    KeepAlive,
}

impl TcpKind {
    /// The name in the JSON Lines contract ("syn_ack").
    pub fn name(self) -> &'static str {
        match self {
            TcpKind::Syn => "syn",
            TcpKind::SynAck => "syn_ack",
            TcpKind::Ack => "ack",
            TcpKind::Fin => "fin",
            TcpKind::Rst => "rst",
            TcpKind::Retransmission => "retransmission",
            TcpKind::FastRetransmission => "fast_retransmission",
            TcpKind::AckedUnseen => "acked_unseen",
            TcpKind::OutOfOrder => "out_of_order",
            TcpKind::LostSegment => "lost_segment",
            TcpKind::DuplicateAck => "duplicate_ack",
            TcpKind::ZeroWindow => "zero_window",
            TcpKind::WindowFull => "window_full",
            TcpKind::KeepAlive => "keep_alive",
        }
    }
    /// Part of the handshake or teardown, rather than a sign of trouble.
    pub fn is_open_or_close(self) -> bool {
        matches!(self, TcpKind::Syn | TcpKind::SynAck | TcpKind::Ack | TcpKind::Fin | TcpKind::Rst)
    }
}

/// Bytes that crossed the wire but are not in the capture.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Gap {
    pub stream: u32,
    pub dir: Dir,
    /// The first frame after the gap (for bytes the snaplen cut: the frame they were cut from).
    pub frame: u32,
    pub bytes: u64,
    /// The capture tool cut them off the end of the frame (its snapshot length), not the network.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub snaplen: bool,
    #[serde(skip_serializing_if = "crate::wire::json_only", default)]
    pub explain: Explain,
}

/// A TLS record or the summary of a run of encrypted records.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TlsRecord {
    pub stream: u32,
    pub dir: Dir,
    pub frame: u32,
    /// What the record is (the JSON's `what`).
    #[serde(rename = "what")]
    pub kind: TlsKind,
    pub bytes: u64,
    /// Why this direction's records could not be decrypted (kind
    /// [`TlsKind::NotDecrypted`], once per direction, with a key log only).
    #[serde(skip)]
    pub failure: Option<Box<crate::decrypt::Failure>>,
    #[serde(skip_serializing_if = "crate::wire::json_only", default)]
    pub explain: Explain,
}

/// What a TLS record (or run of records) is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TlsKind {
    ClientHello,
    ServerHello,
    /// Another handshake message, or an encrypted handshake.
    Handshake,
    ChangeCipherSpec,
    Alert,
    /// Encrypted records of application data.
    ApplicationData,
    /// With a key log: this direction's records could not be decrypted from
    /// here on (no key for the connection, a record that did not open); the
    /// record's `failure` says why.
    NotDecrypted,
}

impl TlsKind {
    /// The name in the JSON Lines contract ("client_hello").
    pub fn name(self) -> &'static str {
        match self {
            TlsKind::ClientHello => "client_hello",
            TlsKind::ServerHello => "server_hello",
            TlsKind::Handshake => "handshake",
            TlsKind::ChangeCipherSpec => "change_cipher_spec",
            TlsKind::Alert => "alert",
            TlsKind::ApplicationData => "application_data",
            TlsKind::NotDecrypted => "not_decrypted",
        }
    }
}

/// Credentials that crossed the wire.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Credential {
    pub stream: u32,
    pub frame: u32,
    pub protocol: Protocol,
    pub mechanism: String,
    pub username: Option<String>,
    pub password: Option<String>,
    /// What stood in for the password where it never crossed (CRAM-MD5 digest, OAuth token).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// Whether the server accepted it; `None` when the capture does not say.
    pub accepted: Option<bool>,
    /// Found inside TLS, in records decrypted with a key log. In the JSON only when true.
    #[serde(skip_serializing_if = "is_false", default)]
    pub decrypted: bool,
    #[serde(skip_serializing_if = "crate::wire::json_only", default)]
    pub explain: Explain,
}

/// A message that crossed the wire: SMTP DATA or BDAT, POP3 RETR or TOP, IMAP
/// FETCH (a whole message or its header) or APPEND, rebuilt from the bytes as
/// they were transferred (SMTP and POP3 dot-stuffing undone, line ends kept).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Message {
    pub stream: u32,
    pub protocol: Protocol,
    /// Who sent it: the client (SMTP, IMAP APPEND) or the server (POP3, IMAP FETCH).
    pub dir: Dir,
    /// DATA, BDAT, RETR, TOP, FETCH, UID FETCH or APPEND.
    pub command: String,
    /// IMAP: the section fetched when it is not the whole message ("HEADER",
    /// "HEADER.FIELDS (SUBJECT)").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The frame that carried its first byte, and the one that ended it.
    pub first_frame: u32,
    pub last_frame: u32,
    /// Bytes of the message seen in the capture (CRLF line ends included).
    pub size: u64,
    /// The size the protocol announced beforehand, when it did: POP3
    /// `+OK n octets`, an IMAP literal `{n}`, the sum of BDAT chunks, or the
    /// client's `SIZE=` estimate in MAIL FROM.
    pub declared_size: Option<u64>,
    /// Seen whole: its end was seen, nothing is missing and nothing was cut.
    pub complete: bool,
    /// Bytes known to be missing: gaps in the capture, and what the
    /// announced size says is still to come when the capture ends first.
    pub missing_bytes: u64,
    /// The capture (or the connection) ended before the message did.
    pub ended_early: bool,
    /// Longer than [`crate::message::MAX_MESSAGE`]: only the first bytes are kept.
    pub cut: bool,
    /// Where bytes are missing: offset in the message and how many.
    pub gaps: Vec<MessageGap>,
    /// Headers, decoded (RFC 2047 encoded-words), when present.
    pub from: Option<String>,
    pub to: Option<String>,
    pub cc: Option<String>,
    pub subject: Option<String>,
    /// RFC 3339 when the Date header could be read, else as written.
    pub date: Option<String>,
    pub message_id: Option<String>,
    /// The MIME parts, depth first (the tree in reading order).
    pub parts: Vec<PartSummary>,
    /// File names of the parts that carry one, in order.
    pub attachments: Vec<String>,
    /// Crossed inside TLS, in records decrypted with a key log. In the JSON only when true.
    #[serde(skip_serializing_if = "is_false", default)]
    pub decrypted: bool,
    #[serde(skip_serializing_if = "crate::wire::json_only", default)]
    pub explain: Explain,
    /// The message bytes (at most MAX_MESSAGE of them): what a saved .eml holds.
    #[serde(skip_serializing_if = "crate::wire::json_only", default)]
    pub raw: Vec<u8>,
}

/// Bytes missing inside a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageGap {
    /// Offset in the message where the missing bytes belong.
    pub at: u64,
    pub bytes: u64,
}

/// One MIME part of a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartSummary {
    /// Part number as IMAP counts them ("1", "1.2"); "" for a multipart message's root.
    pub id: String,
    /// Depth in the tree (0 for the root).
    pub depth: u32,
    /// "multipart/mixed", "text/plain", "image/png", ...
    pub content_type: String,
    pub charset: Option<String>,
    /// Content-Transfer-Encoding as written, in lower case ("7bit" when absent).
    pub encoding: String,
    pub filename: Option<String>,
    /// "attachment" or "inline", when the part says.
    pub disposition: Option<String>,
    /// Decoded size in bytes (text as UTF-8); 0 for a multipart.
    pub size: u64,
}

/// The whole analysis of one capture.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Analysis {
    pub capture: CaptureInfo,
    pub streams: Vec<Stream>,
    /// Every frame's time, place in the file, lengths and conversation (not
    /// part of the JSON: records carry frame numbers).
    #[serde(skip)]
    pub frames: crate::frames::Frames,
}

impl Analysis {
    /// All lines of all streams, stream by stream.
    pub fn lines(&self) -> impl Iterator<Item = &Line> {
        self.streams.iter().flat_map(|s| {
            s.items.iter().filter_map(|i| match i {
                Item::Line(l) => Some(l),
                _ => None,
            })
        })
    }
    /// All messages found, stream by stream.
    pub fn messages(&self) -> impl Iterator<Item = &Message> {
        self.streams.iter().flat_map(|s| {
            s.items.iter().filter_map(|i| match i {
                Item::Message(m) => Some(&**m),
                _ => None,
            })
        })
    }
    /// All credentials found.
    pub fn credentials(&self) -> impl Iterator<Item = &Credential> {
        self.streams.iter().flat_map(|s| {
            s.items.iter().filter_map(|i| match i {
                Item::Credential(c) => Some(&**c),
                _ => None,
            })
        })
    }
}
