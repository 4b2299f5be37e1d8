//! pcapng: sections of blocks, each block framed by its length at both ends.
//!
//! A section header block sets the byte order and starts a new list of
//! interfaces; each interface description block gives a link type, a
//! snapshot length and a timestamp resolution (`if_tsresol`, a power of ten
//! or of two) and offset (`if_tsoffset`). Packets come in enhanced packet
//! blocks, simple packet blocks (no timestamp, first interface) and the
//! obsolete packet block. Section and packet comments (`opt_comment`) are
//! collected. Other blocks are passed over.
//!
//! Parsed here rather than by a library so that every check names the block
//! and the byte where it failed, and so that `if_tsresol` powers of two and
//! big-endian `if_tsoffset` come out right.

use super::{u16_in, u32_in, Candidate, Format, Step, MAX_BLOCK};
use crate::explain::{self, Arg, Explain};
use crate::model::{NoteKind, Timestamp};

const SHB: u32 = 0x0A0D_0D0A;
const IDB: u32 = 1;
const PB: u32 = 2;
const SPB: u32 = 3;
const NRB: u32 = 4;
const ISB: u32 = 5;
const EPB: u32 = 6;
const SJE: u32 = 9;
const DSB: u32 = 10;
const CB: u32 = 0x0000_0BAD;
const CB_NOCOPY: u32 = 0x4000_0BAD;
const BOM: u32 = 0x1A2B_3C4D;

const OPT_END: u16 = 0;
const OPT_COMMENT: u16 = 1;
const IF_TSRESOL: u16 = 9;
const IF_TSOFFSET: u16 = 14;

/// Secrets type of a decryption secrets block holding an NSS TLS key log ("TLSK").
pub const TLS_KEY_LOG: u32 = 0x544c_534b;

/// A decryption secrets block (as `editcap --inject-secrets` writes): the
/// secrets it carries, for the packets after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecryptionSecrets {
    /// Secrets type: [`TLS_KEY_LOG`] for a TLS key log (others: WireGuard, ZigBee, ...).
    pub kind: u32,
    /// The secrets, as the block holds them (a key log's text for [`TLS_KEY_LOG`]).
    pub data: Vec<u8>,
    /// File offset of the block.
    pub offset: u64,
    /// Number of the first packet after the block.
    pub before_frame: u32,
}

#[derive(Debug, Clone)]
struct Interface {
    link_type: u32,
    /// Timestamp units per second.
    units: u64,
    /// Seconds added to every timestamp.
    offset: i64,
    snaplen: u32,
}

#[derive(Debug, Default)]
pub struct NgState {
    big_endian: bool,
    /// Whether a section header has been read (and so the byte order is known).
    in_section: bool,
    interfaces: Vec<Interface>,
}

/// Recognises a pcapng section header block.
pub(super) fn detect(buf: &[u8]) -> Option<Step> {
    if u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]) != SHB {
        return None;
    }
    // The first section header is read like any other block, by `next`.
    Some(Step::Detected(Format::PcapNg(NgState::default()), 0))
}

fn pad4(n: usize) -> usize {
    n.div_ceil(4) * 4
}

/// The byte order a section header announces, if its mark is one.
fn section_order(buf: &[u8]) -> Option<bool> {
    match u32::from_le_bytes([buf[8], buf[9], buf[10], buf[11]]) {
        BOM => Some(false),
        b if b.swap_bytes() == BOM => Some(true),
        _ => None,
    }
}

/// Smallest length of each block type this reader knows.
fn min_len(block_type: u32) -> Option<usize> {
    Some(match block_type {
        SHB => 28,
        IDB => 20,
        PB | EPB => 32,
        SPB => 16,
        DSB => 20,
        ISB => 24,
        NRB | SJE | CB | CB_NOCOPY => 12,
        _ => return None,
    })
}

/// A block type in words, for notes (a piece of a sentence).
fn block_name(block_type: u32) -> Explain {
    match block_type {
        SHB => explain::fragment(&["note.block.shb"], &[]),
        IDB => explain::fragment(&["note.block.idb"], &[]),
        PB => explain::fragment(&["note.block.pb"], &[]),
        SPB => explain::fragment(&["note.block.spb"], &[]),
        NRB => explain::fragment(&["note.block.nrb"], &[]),
        ISB => explain::fragment(&["note.block.isb"], &[]),
        EPB => explain::fragment(&["note.block.epb"], &[]),
        SJE => explain::fragment(&["note.block.sje"], &[]),
        DSB => explain::fragment(&["note.block.dsb"], &[]),
        CB | CB_NOCOPY => explain::fragment(&["note.block.cb"], &[]),
        t => explain::fragment(&["note.block.other"], &[&format!("{t:#010x}")]),
    }
}

/// A number as an argument of a note.
fn n(v: impl ToString) -> Arg {
    Arg::from(v.to_string())
}

fn is_packet(block_type: u32) -> bool {
    matches!(block_type, PB | SPB | EPB)
}

/// The options of a block, in section byte order: calls `each(code, value)`
/// for every option; a problem when they run past their room.
fn options(opts: &[u8], big_endian: bool, mut each: impl FnMut(u16, &[u8])) -> Option<Explain> {
    let u16_at = |i: usize| {
        let v = [opts[i], opts[i + 1]];
        if big_endian {
            u16::from_be_bytes(v)
        } else {
            u16::from_le_bytes(v)
        }
    };
    let mut i = 0;
    while i + 4 <= opts.len() {
        let code = u16_at(i);
        let len = u16_at(i + 2) as usize;
        if code == OPT_END {
            return None;
        }
        let value = i + 4;
        if value + len > opts.len() {
            return Some(explain::fragment(
                &["note.pcapng.option_overrun"],
                &[&code.to_string(), &len.to_string(), &(opts.len() - value).to_string()],
            ));
        }
        each(code, &opts[value..value + len]);
        i = value + pad4(len);
    }
    None
}

/// A comment option's text: UTF-8 as the format requires, with any
/// terminating NULs some writers add removed.
fn comment_text(value: &[u8]) -> String {
    String::from_utf8_lossy(value).trim_end_matches('\0').to_string()
}

impl NgState {
    fn u32_at(&self, buf: &[u8], at: usize) -> u32 {
        u32_in(self.big_endian, buf, at)
    }

    pub(super) fn next(&mut self, buf: &[u8], at: u64, frame: u32) -> Step {
        if buf.len() < 12 {
            return Step::NeedMore(12);
        }
        let raw_type = u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]);
        let big_endian = if raw_type == SHB {
            match section_order(buf) {
                Some(be) => be,
                None => {
                    let bom = u32::from_be_bytes([buf[8], buf[9], buf[10], buf[11]]);
                    return Step::Damaged(
                        NoteKind::BadByteOrder,
                        explain::text(&["note.pcapng.bom"], &[&at.to_string(), &format!("{bom:08x}")]),
                    );
                }
            }
        } else if self.in_section {
            self.big_endian
        } else {
            return Step::Damaged(NoteKind::OutsideSection, explain::text(&["note.pcapng.outside"], &[&at.to_string()]));
        };
        let block_type = u32_in(big_endian, buf, 0);
        let len = u32_in(big_endian, buf, 4);
        let name = block_name(block_type);
        let why = if len < 12 {
            Some(explain::fragment(&["note.pcapng.length.small"], &[]))
        } else if !len.is_multiple_of(4) {
            Some(explain::fragment(&["note.pcapng.length.unaligned"], &[]))
        } else if len > MAX_BLOCK {
            Some(explain::fragment(&["note.pcapng.length.big"], &[]))
        } else {
            None
        };
        if let Some(why) = why {
            return Step::Damaged(
                NoteKind::BadLength,
                explain::with(&["note.pcapng.length"], vec![name.into(), n(at), n(frame), n(len), why.into()]),
            );
        }
        let len = len as usize;
        if buf.len() < len {
            return Step::NeedMore(len);
        }
        let trailer = u32_in(big_endian, buf, len - 4);
        if trailer != len as u32 {
            return Step::Damaged(
                NoteKind::BadLength,
                explain::with(&["note.pcapng.trailer"], vec![name.into(), n(at), n(frame), n(len), n(trailer)]),
            );
        }
        if let Some(min) = min_len(block_type) {
            if len < min {
                return Step::Warn {
                    kind: NoteKind::DamagedBlock,
                    message: explain::with(&["note.pcapng.too_short"], vec![name.into(), n(at), n(len), n(min)]),
                    len,
                    frame: is_packet(block_type),
                    at: None,
                };
            }
        }
        let block = &buf[..len];
        let damaged_options = |problem: Explain| explain::with(&["note.pcapng.options"], vec![name.clone().into(), n(at), problem.into()]);
        match block_type {
            SHB => {
                let major = u16_in(big_endian, block, 12);
                let minor = u16_in(big_endian, block, 14);
                if major != 1 {
                    return Step::Stop(
                        NoteKind::UnsupportedVersion,
                        explain::text(&["note.pcapng.version"], &[&at.to_string(), &major.to_string(), &minor.to_string()]),
                    );
                }
                self.big_endian = big_endian;
                self.in_section = true;
                self.interfaces.clear();
                let mut comments = Vec::new();
                let problem = options(&block[24..len - 4], big_endian, |code, value| {
                    if code == OPT_COMMENT {
                        comments.push(comment_text(value));
                    }
                });
                Step::Comments { texts: comments, len, warning: problem.map(damaged_options) }
            }
            IDB => {
                let number = self.interfaces.len();
                let mut iface = Interface {
                    link_type: u16_in(big_endian, block, 8) as u32,
                    units: 1_000_000,
                    offset: 0,
                    snaplen: u32_in(big_endian, block, 12),
                };
                let mut bad_resolution = None;
                let problem = options(&block[16..len - 4], big_endian, |code, value| match (code, value) {
                    (IF_TSRESOL, [v]) => match resolution(*v) {
                        Some(units) => iface.units = units,
                        None => bad_resolution = Some(*v),
                    },
                    (IF_TSOFFSET, v) if v.len() == 8 => {
                        let b: [u8; 8] = v.try_into().expect("length checked");
                        iface.offset = if big_endian { i64::from_be_bytes(b) } else { i64::from_le_bytes(b) };
                    }
                    _ => {}
                });
                self.interfaces.push(iface);
                if let Some(v) = bad_resolution {
                    return Step::Warn {
                        kind: NoteKind::UnusualHeader,
                        message: explain::text(&["note.pcapng.tsresol"], &[&number.to_string(), &at.to_string(), &format!("{v:#04x}")]),
                        len,
                        frame: false,
                        at: None,
                    };
                }
                match problem {
                    Some(p) => Step::Warn { kind: NoteKind::DamagedOptions, message: damaged_options(p), len, frame: false, at: None },
                    None => Step::Skip(len),
                }
            }
            EPB | PB => {
                let (if_id, ts_high, ts_low) = if block_type == EPB {
                    (self.u32_at(block, 8), self.u32_at(block, 12), self.u32_at(block, 16))
                } else {
                    (u16_in(big_endian, block, 8) as u32, self.u32_at(block, 12), self.u32_at(block, 16))
                };
                let caplen = self.u32_at(block, 20) as usize;
                let orig_len = self.u32_at(block, 24);
                let Some(iface) = self.interfaces.get(if_id as usize) else {
                    let count = self.interfaces.len();
                    return Step::Warn {
                        kind: NoteKind::DamagedBlock,
                        message: explain::with(&["note.pcapng.interface"], vec![name.clone().into(), n(at), n(frame), n(if_id), n(count)]),
                        len,
                        frame: true,
                        at: None,
                    };
                };
                let room = len - 32;
                if caplen > room {
                    return Step::Warn {
                        kind: NoteKind::DamagedBlock,
                        message: explain::with(&["note.pcapng.room"], vec![name.clone().into(), n(at), n(frame), n(caplen), n(room)]),
                        len,
                        frame: true,
                        at: None,
                    };
                }
                let raw = ((ts_high as u64) << 32) | ts_low as u64;
                let mut comments = Vec::new();
                let opts_from = (28 + pad4(caplen)).min(len - 4);
                let problem = options(&block[opts_from..len - 4], big_endian, |code, value| {
                    if code == OPT_COMMENT {
                        comments.push(comment_text(value));
                    }
                });
                Step::Frame {
                    len,
                    ts: Some(timestamp(raw, iface)),
                    link_type: iface.link_type,
                    orig_len,
                    data: (28, 28 + caplen),
                    comments,
                    warning: problem.map(damaged_options),
                }
            }
            SPB => {
                let Some(iface) = self.interfaces.first() else {
                    return Step::Warn {
                        kind: NoteKind::DamagedBlock,
                        message: explain::text(&["note.pcapng.spb_first"], &[&at.to_string(), &frame.to_string()]),
                        len,
                        frame: true,
                        at: None,
                    };
                };
                let orig_len = self.u32_at(block, 8);
                let mut caplen = (orig_len as usize).min(len - 16);
                if iface.snaplen > 0 {
                    caplen = caplen.min(iface.snaplen as usize);
                }
                Step::Frame {
                    len,
                    ts: None,
                    link_type: iface.link_type,
                    orig_len,
                    data: (12, 12 + caplen),
                    comments: Vec::new(),
                    warning: None,
                }
            }
            DSB => {
                // secrets type, secrets length, the secrets padded to 4, options
                let kind = self.u32_at(block, 8);
                let secrets_len = self.u32_at(block, 12) as usize;
                let room = len - 20;
                if secrets_len > room {
                    return Step::Warn {
                        kind: NoteKind::DamagedBlock,
                        message: explain::with(&["note.pcapng.secrets_room"], vec![name.clone().into(), n(at), n(secrets_len), n(room)]),
                        len,
                        frame: false,
                        at: None,
                    };
                }
                Step::Secrets { len, kind, data: (16, 16 + secrets_len) }
            }
            _ => Step::Skip(len),
        }
    }

    /// What to say when the file ends inside the block at the start of `buf`,
    /// which needs `need` bytes: (the start of the message if readable blocks
    /// follow, the whole message if none does).
    pub(super) fn truncated(&self, buf: &[u8], need: usize, at: u64, frame: u32) -> (Explain, Explain) {
        let have = buf.len();
        let cut = explain::text(&["note.cut"], &[&(frame - 1).to_string()]);
        if have < 12 {
            return (
                explain::text(&["note.pcapng.header_short"], &[&at.to_string()]),
                explain::text(&["note.pcapng.ends_in_header"], &[&at.to_string(), &have.to_string()]).then(cut),
            );
        }
        let raw_type = u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]);
        let big_endian = if raw_type == SHB { section_order(buf).unwrap_or(false) } else { self.big_endian };
        let block_type = u32_in(big_endian, buf, 0);
        let name = block_name(block_type);
        let what = if is_packet(block_type) {
            explain::fragment_with(&["note.pcapng.what.packet"], vec![n(frame), name.clone().into(), n(at)])
        } else {
            explain::fragment_with(&["note.pcapng.what.block"], vec![name.clone().into(), n(at)])
        };
        (
            explain::with(&["note.pcapng.length_left"], vec![name.into(), n(at), n(need), n(have)]),
            explain::with(&["note.pcapng.ends_in_block"], vec![what.into(), n(need), n(have)]).then(cut),
        )
    }

    /// After damage: whether a block starts at `buf[0]`: a type this reader
    /// knows, a sane length repeated at the block's end, and an interface
    /// that exists for a packet.
    pub(super) fn candidate(&self, buf: &[u8], eof: bool) -> Candidate {
        if buf.len() < 12 {
            return if eof { Candidate::No } else { Candidate::NeedMore(12) };
        }
        let raw_type = u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]);
        let big_endian = if raw_type == SHB {
            match section_order(buf) {
                Some(be) => be,
                None => return Candidate::No,
            }
        } else if self.in_section {
            self.big_endian
        } else {
            return Candidate::No;
        };
        let block_type = u32_in(big_endian, buf, 0);
        let len = u32_in(big_endian, buf, 4);
        let Some(min) = min_len(block_type) else {
            return Candidate::No;
        };
        if (len as usize) < min || !len.is_multiple_of(4) || len > MAX_BLOCK {
            return Candidate::No;
        }
        let len = len as usize;
        if buf.len() < len {
            return if eof { Candidate::No } else { Candidate::NeedMore(len) };
        }
        if u32_in(big_endian, buf, len - 4) != len as u32 {
            return Candidate::No;
        }
        let ok = match block_type {
            SHB => u16_in(big_endian, buf, 12) == 1,
            EPB => (u32_in(big_endian, buf, 8) as usize) < self.interfaces.len() && u32_in(big_endian, buf, 20) as usize <= len - 32,
            PB => (u16_in(big_endian, buf, 8) as usize) < self.interfaces.len() && u32_in(big_endian, buf, 20) as usize <= len - 32,
            SPB => !self.interfaces.is_empty(),
            _ => true,
        };
        if ok {
            Candidate::Yes
        } else {
            Candidate::No
        }
    }
}

/// Units per second of an `if_tsresol` value: a power of ten, or of two when
/// the high bit is set. `None` when it does not fit in 64 bits.
fn resolution(v: u8) -> Option<u64> {
    if v & 0x80 == 0 {
        10u64.checked_pow(v as u32)
    } else {
        1u64.checked_shl((v & 0x7f) as u32)
    }
}

fn timestamp(raw: u64, iface: &Interface) -> Timestamp {
    let units = iface.units.max(1);
    let secs = ((raw / units) as i64).saturating_add(iface.offset);
    let frac = raw % units;
    let nanos = (frac as u128 * 1_000_000_000 / units as u128) as u32;
    Timestamp { secs, nanos }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolutions_powers_of_ten_and_two() {
        assert_eq!(resolution(6), Some(1_000_000));
        assert_eq!(resolution(9), Some(1_000_000_000));
        assert_eq!(resolution(0), Some(1));
        assert_eq!(resolution(19), Some(10_000_000_000_000_000_000));
        assert_eq!(resolution(20), None);
        assert_eq!(resolution(0x80 | 10), Some(1024));
        assert_eq!(resolution(0x80 | 63), Some(1 << 63));
        assert_eq!(resolution(0x80 | 64), None);
    }

    #[test]
    fn timestamp_with_binary_resolution_and_offset() {
        let iface = Interface { link_type: 1, units: 1024, offset: 1_000, snaplen: 0 };
        // 5 s and 512/1024 s.
        assert_eq!(timestamp(5 * 1024 + 512, &iface), Timestamp { secs: 1_005, nanos: 500_000_000 });
        let iface = Interface { link_type: 1, units: 1 << 63, offset: -10, snaplen: 0 };
        assert_eq!(timestamp(3 << 62, &iface), Timestamp { secs: -9, nanos: 500_000_000 });
    }

    #[test]
    fn options_stop_at_end_marker_and_report_overruns() {
        // comment "hi" (padded), end of options, then junk.
        let opts = [1, 0, 2, 0, b'h', b'i', 0, 0, 0, 0, 0, 0, 9, 9];
        let mut seen = Vec::new();
        assert_eq!(options(&opts, false, |c, v| seen.push((c, v.to_vec()))), None);
        assert_eq!(seen, vec![(1, b"hi".to_vec())]);
        let over = [1, 0, 40, 0, b'h', b'i', 0, 0];
        let problem = options(&over, false, |_, _| {}).unwrap();
        assert_eq!(explain::plain(&problem), "option 1 says it is 40 bytes long, but only 4 bytes of options remain");
    }

    fn block(kind: u32, body: &[u8]) -> Vec<u8> {
        let len = (12 + body.len()) as u32;
        [&kind.to_le_bytes()[..], &len.to_le_bytes(), body, &len.to_le_bytes()].concat()
    }

    fn dsb(kind: u32, declared: u32, secrets: &[u8]) -> Vec<u8> {
        let mut body = [kind.to_le_bytes(), declared.to_le_bytes()].concat();
        body.extend_from_slice(secrets);
        body.resize(8 + pad4(secrets.len()), 0);
        block(DSB, &body)
    }

    #[test]
    fn decryption_secrets_blocks_are_handed_out_and_overruns_noted() {
        let shb = block(SHB, &[0x4D, 0x3C, 0x2B, 0x1A, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
        let key_log = b"CLIENT_RANDOM 00 11\n";
        let file =
            [shb, dsb(TLS_KEY_LOG, key_log.len() as u32, key_log), dsb(0x5747_4b4c, 3, b"abc"), dsb(TLS_KEY_LOG, 99, b"xy")].concat();
        for chunk in [1, 7, file.len()] {
            let mut r = super::super::CaptureReader::new();
            for piece in file.chunks(chunk) {
                r.feed(piece, &mut |_: super::super::Frame<'_>| {});
            }
            let got: Vec<(u32, Vec<u8>, u64)> = r.decryption_secrets().iter().map(|s| (s.kind, s.data.clone(), s.offset)).collect();
            assert_eq!(got, vec![(TLS_KEY_LOG, key_log.to_vec(), 28), (0x5747_4b4c, b"abc".to_vec(), 28 + 40)]);
            let info = r.finish(&mut |_: super::super::Frame<'_>| {});
            assert_eq!(info.warnings.len(), 1, "{:?}", info.warnings);
            assert_eq!(info.warnings[0].kind, NoteKind::DamagedBlock);
            assert!(
                info.warnings[0].text().contains("holds 99 bytes of secrets, but the block has room for only 4"),
                "{:?}",
                info.warnings
            );
        }
    }
}
