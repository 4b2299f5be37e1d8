//! pcapng: sections of blocks, each block framed by its length at both ends.
//! Block parsing is pcap-parser's; this module keeps the per-section state
//! (byte order, interfaces with their link type and timestamp resolution) and
//! checks each block's length before waiting for it.

use super::{Format, Step, MAX_BLOCK};
use crate::model::Timestamp;
use pcap_parser::pcapng::{parse_block_be, parse_block_le, Block, OptionCode, PcapNGOption};
use pcap_parser::traits::PcapNGPacketBlock;

const SHB: u32 = 0x0A0D_0D0A;
const BOM: u32 = 0x1A2B_3C4D;

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
    interfaces: Vec<Interface>,
    sections: u32,
}

/// Recognises a pcapng section header block.
pub(super) fn detect(buf: &[u8]) -> Option<Step> {
    if u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]) != SHB {
        return None;
    }
    // The first section header is read like any other block, by `next`.
    Some(Step::Detected(Format::PcapNg(NgState::default()), 0))
}

fn comments(options: &[PcapNGOption<'_>]) -> Vec<String> {
    options
        .iter()
        .filter(|o| o.code == OptionCode::Comment)
        .map(|o| String::from_utf8_lossy(o.value()).trim_end_matches('\0').to_string())
        .collect()
}

impl NgState {
    fn u32_at(&self, buf: &[u8], at: usize) -> u32 {
        let b = [buf[at], buf[at + 1], buf[at + 2], buf[at + 3]];
        if self.big_endian {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        }
    }

    /// Length of the block at the start of `buf`, when its header is there.
    pub(super) fn block_len(&self, buf: &[u8]) -> Option<usize> {
        (buf.len() >= 8).then(|| self.u32_at(buf, 4) as usize)
    }

    pub(super) fn next(&mut self, buf: &[u8], offset: u64, frame: u32) -> Step {
        if buf.len() < 12 {
            return Step::NeedMore;
        }
        let raw_type = u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]);
        if raw_type == SHB {
            let bom = u32::from_le_bytes([buf[8], buf[9], buf[10], buf[11]]);
            self.big_endian = if bom == BOM {
                false
            } else if bom.swap_bytes() == BOM {
                true
            } else {
                return Step::Stop(format!(
                    "the pcapng section header at byte {offset} has an unknown byte-order mark {bom:#010x}; the file is damaged from here"
                ));
            };
        }
        let block_type = self.u32_at(buf, 0);
        let len = self.u32_at(buf, 4);
        if len < 12 || len % 4 != 0 || len > MAX_BLOCK {
            return Step::Stop(format!(
                "the pcapng block at byte {offset} (type {block_type:#010x}, before packet {frame}) gives an impossible length of {len} bytes: the file is damaged from here; the {} frames before it were read",
                frame - 1
            ));
        }
        let len = len as usize;
        if buf.len() < len {
            return Step::NeedMore;
        }
        let block = &buf[..len];
        let parsed = if self.big_endian { parse_block_be(block) } else { parse_block_le(block) };
        let block = match parsed {
            Ok((_, b)) => b,
            Err(e) => {
                return Step::Warn(
                    format!("the pcapng block at byte {offset} (type {block_type:#010x}) is damaged and was passed over ({e:?})"),
                    len,
                )
            }
        };
        match block {
            Block::SectionHeader(shb) => {
                self.sections += 1;
                self.interfaces.clear();
                match comments(&shb.options).into_iter().next() {
                    Some(c) => Step::Comment(c, len),
                    None => Step::Skip(len),
                }
            }
            Block::InterfaceDescription(idb) => {
                let units = idb.ts_resolution().unwrap_or(1_000_000);
                self.interfaces.push(Interface {
                    link_type: idb.linktype.0 as u32,
                    units,
                    offset: idb.ts_offset(),
                    snaplen: idb.snaplen,
                });
                Skip(len)
            }
            Block::EnhancedPacket(epb) => {
                let Some(iface) = self.interfaces.get(epb.if_id as usize).cloned() else {
                    return Step::Warn(
                        format!(
                            "the packet block at byte {offset} refers to interface {} which this section never described; it was passed over",
                            epb.if_id
                        ),
                        len,
                    );
                };
                let raw = ((epb.ts_high as u64) << 32) | epb.ts_low as u64;
                let caplen = (epb.caplen as usize).min(len.saturating_sub(32));
                Step::Frame {
                    len,
                    ts: timestamp(raw, &iface),
                    link_type: iface.link_type,
                    orig_len: epb.origlen.max(caplen as u32),
                    data: (28, 28 + caplen),
                    comment: comments(&epb.options).into_iter().next(),
                }
            }
            Block::SimplePacket(spb) => {
                let Some(iface) = self.interfaces.first().cloned() else {
                    return Step::Warn(
                        format!("the simple packet block at byte {offset} comes before any interface was described; it was passed over"),
                        len,
                    );
                };
                let mut caplen = spb.packet_data().len();
                if iface.snaplen > 0 {
                    caplen = caplen.min(iface.snaplen as usize);
                }
                Step::Frame {
                    len,
                    ts: Timestamp::default(),
                    link_type: iface.link_type,
                    orig_len: spb.orig_len(),
                    data: (12, 12 + caplen),
                    comment: None,
                }
            }
            _ => Skip(len),
        }
    }
}

use Step::Skip;

fn timestamp(raw: u64, iface: &Interface) -> Timestamp {
    let units = iface.units.max(1);
    let secs = (raw / units) as i64 + iface.offset;
    let frac = raw % units;
    let nanos = (frac as u128 * 1_000_000_000 / units as u128) as u32;
    Timestamp { secs, nanos }
}
