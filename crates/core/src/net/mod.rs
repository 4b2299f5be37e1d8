//! Link, IP and TCP decoding: from a frame's bytes to the TCP segment it carries.
//!
//! Link layers are one table, [`link::LINK_TYPES`]: Ethernet (with
//! 802.1Q/QinQ tags), Linux cooked SLL and SLL2, BSD loopback (DLT_NULL in
//! either byte order, DLT_LOOP), raw IP (LINKTYPE_RAW, LINKTYPE_IPV4,
//! LINKTYPE_IPV6), PPP, PPP in HDLC framing, Cisco HDLC and Linux NFLOG are
//! decoded, others only named. IP (with IPv6 extension headers) and the
//! Ethernet/VLAN layers are etherparse's lax slicers, so a packet cut by the
//! snaplen still yields what was captured. IPv4 and IPv6 fragments are
//! reassembled ([`Defrag`]). The TCP header is read here, field by field,
//! because a snaplen can cut it mid-options and the fields before the cut
//! are still worth having.

mod ipfrag;
pub mod link;

use crate::model::NoteKind;
use etherparse::{Ipv6ExtensionSlice, LaxNetSlice, LaxSlicedPacket, TcpOptionElement, TcpOptionsIterator};
use std::net::IpAddr;

pub use ipfrag::{Added, Defrag, Fragment};

/// Options negotiated in a SYN or SYN-ACK.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TcpOptions {
    pub mss: Option<u16>,
    pub window_scale: Option<u8>,
    pub sack_permitted: bool,
    pub timestamps: bool,
}

/// A decoded TCP segment.
#[derive(Clone, Debug)]
pub struct TcpSegment<'a> {
    pub src: IpAddr,
    pub dst: IpAddr,
    pub src_port: u16,
    pub dst_port: u16,
    pub seq: u32,
    pub ack: u32,
    pub syn: bool,
    pub ack_flag: bool,
    pub fin: bool,
    pub rst: bool,
    pub window: u16,
    pub options: TcpOptions,
    /// The payload bytes that were captured.
    pub payload: &'a [u8],
    /// The payload length on the wire (`tcp.len`); more than `payload.len()`
    /// when the snaplen cut the packet.
    pub wire_len: u32,
    /// Put together from IP fragments (the frame carried the last of them).
    pub reassembled: bool,
}

/// What a frame turned out to be.
#[derive(Debug)]
pub enum Decoded<'a> {
    Tcp(TcpSegment<'a>),
    /// Not TCP (ARP, UDP, ICMP, ...): nothing to do with it.
    Other,
    /// An IP fragment waiting for the rest of its datagram.
    Fragment,
}

/// Why a frame could not be decoded.
#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A link type the decoder does not know.
    UnsupportedLink(u32),
    /// The frame is damaged or too short at some layer: which one (a
    /// frame-layer [`NoteKind`]), and the words of the note.
    Damaged(NoteKind, String),
}

/// Decodes one frame down to its TCP segment. IP fragments are collected in
/// `defrag` and the segment comes out with the last fragment.
pub fn decode<'a>(link_type: u32, data: &'a [u8], defrag: &'a mut Defrag) -> Result<Decoded<'a>, DecodeError> {
    if data.is_empty() {
        return Err(DecodeError::Damaged(NoteKind::EmptyFrame, "the frame is empty: its record holds no bytes".into()));
    }
    let Some(link_to_ip) = link::decoder(link_type) else {
        return Err(DecodeError::UnsupportedLink(link_type));
    };
    let Some(packet) = link_to_ip(data)? else {
        return Ok(Decoded::Other);
    };
    let (src, dst, payload) = match &packet.net {
        Some(LaxNetSlice::Ipv4(v4)) => {
            let h = v4.header();
            (IpAddr::V4(h.source_addr()), IpAddr::V4(h.destination_addr()), v4.payload().clone())
        }
        Some(LaxNetSlice::Ipv6(v6)) => {
            let h = v6.header();
            (IpAddr::V6(h.source_addr()), IpAddr::V6(h.destination_addr()), v6.payload().clone())
        }
        _ => {
            return match &packet.stop_err {
                Some((e, _)) if packet.net.is_none() && is_ip_ether_type(&packet) => {
                    Err(DecodeError::Damaged(NoteKind::IpHeader, format!("the IP header is damaged: {e}")))
                }
                _ => Ok(Decoded::Other),
            }
        }
    };
    if payload.ip_number != etherparse::IpNumber::TCP {
        return Ok(Decoded::Other);
    }
    if payload.fragmented {
        let fragment = match &packet.net {
            Some(LaxNetSlice::Ipv4(v4)) => {
                let h = v4.header();
                Fragment {
                    src,
                    dst,
                    id: h.identification() as u32,
                    protocol: payload.ip_number.0,
                    offset: h.fragments_offset().byte_offset() as usize,
                    more: h.more_fragments(),
                    data: payload.payload,
                }
            }
            Some(LaxNetSlice::Ipv6(v6)) => {
                let Some(fh) = v6.extensions().clone().into_iter().find_map(|e| match e {
                    Ipv6ExtensionSlice::Fragment(f) => Some(f),
                    _ => None,
                }) else {
                    return Ok(Decoded::Other);
                };
                Fragment {
                    src,
                    dst,
                    id: fh.identification(),
                    protocol: payload.ip_number.0,
                    offset: fh.fragment_offset().byte_offset() as usize,
                    more: fh.more_fragments(),
                    data: payload.payload,
                }
            }
            _ => return Ok(Decoded::Other),
        };
        return match defrag.add(fragment) {
            Added::Whole(whole) => tcp_segment(src, dst, whole, None),
            Added::Waiting => Ok(Decoded::Fragment),
            Added::Refused(why) => Err(DecodeError::Damaged(NoteKind::Fragments, why)),
        };
    }
    let expected = match &packet.net {
        Some(LaxNetSlice::Ipv4(v4)) => {
            let h = v4.header();
            (h.total_len() as usize).saturating_sub(h.ihl() as usize * 4)
        }
        Some(LaxNetSlice::Ipv6(v6)) => (v6.header().payload_length() as usize).saturating_sub(v6.extensions().slice().len()),
        _ => payload.payload.len(),
    };
    tcp_segment(src, dst, payload.payload, Some(expected))
}

fn is_ip_ether_type(p: &LaxSlicedPacket<'_>) -> bool {
    use etherparse::err::Layer;
    matches!(&p.stop_err, Some((_, Layer::IpHeader | Layer::Ipv4Header | Layer::Ipv6Header)))
}

/// Reads a TCP header, tolerating a snaplen cut after the flags.
fn tcp_segment(src: IpAddr, dst: IpAddr, b: &[u8], expected_len: Option<usize>) -> Result<Decoded<'_>, DecodeError> {
    if b.len() < 14 {
        return Err(DecodeError::Damaged(
            NoteKind::TcpHeader,
            format!("only {} bytes of the TCP header were captured; at least 14 are needed to read its ports, numbers and flags", b.len()),
        ));
    }
    let u16_at = |i: usize| u16::from_be_bytes([b[i], b[i + 1]]);
    let u32_at = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let header_len = ((b[12] >> 4) as usize) * 4;
    if header_len < 20 {
        return Err(DecodeError::Damaged(
            NoteKind::TcpHeader,
            format!("the TCP header says it is {header_len} bytes long, less than the minimum 20"),
        ));
    }
    let flags = b[13];
    let window = if b.len() >= 16 { u16_at(14) } else { 0 };
    let options_end = header_len.min(b.len());
    let options = if options_end > 20 { parse_options(&b[20..options_end]) } else { TcpOptions::default() };
    let payload = if b.len() > header_len { &b[header_len..] } else { &[][..] };
    let wire_len = match expected_len {
        Some(total) => total.saturating_sub(header_len).max(payload.len()),
        None => payload.len(),
    };
    Ok(Decoded::Tcp(TcpSegment {
        src,
        dst,
        src_port: u16_at(0),
        dst_port: u16_at(2),
        seq: u32_at(4),
        ack: u32_at(8),
        fin: flags & 0x01 != 0,
        syn: flags & 0x02 != 0,
        rst: flags & 0x04 != 0,
        ack_flag: flags & 0x10 != 0,
        window,
        options,
        payload,
        wire_len: wire_len as u32,
        reassembled: expected_len.is_none(),
    }))
}

fn parse_options(raw: &[u8]) -> TcpOptions {
    let mut o = TcpOptions::default();
    for opt in TcpOptionsIterator::from_slice(raw) {
        match opt {
            Ok(TcpOptionElement::MaximumSegmentSize(m)) => o.mss = Some(m),
            Ok(TcpOptionElement::WindowScale(w)) => o.window_scale = Some(w),
            Ok(TcpOptionElement::SelectiveAcknowledgementPermitted) => o.sack_permitted = true,
            Ok(TcpOptionElement::Timestamp(_, _)) => o.timestamps = true,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsupported_link_type_is_named() {
        let mut d = Defrag::default();
        assert_eq!(decode(147, &[0; 40], &mut d).unwrap_err(), DecodeError::UnsupportedLink(147));
    }

    #[test]
    fn short_tcp_header_is_damage_not_panic() {
        let err = tcp_segment("1.1.1.1".parse().unwrap(), "2.2.2.2".parse().unwrap(), &[0; 10], None).unwrap_err();
        assert!(matches!(err, DecodeError::Damaged(NoteKind::TcpHeader, m) if m.contains("only 10 bytes")));
    }
}
