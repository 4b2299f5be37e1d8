//! Link, IP and TCP decoding: from a frame's bytes to the TCP segment it carries.
//!
//! Link layers: Ethernet (with 802.1Q/QinQ tags), Linux cooked SLL and SLL2,
//! BSD loopback (DLT_NULL in either byte order, DLT_LOOP), raw IP
//! (LINKTYPE_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6), PPP, PPP in HDLC framing,
//! Cisco HDLC and Linux NFLOG. IP (with IPv6 extension headers) and the
//! Ethernet/VLAN layers are etherparse's lax slicers, so a packet cut by the
//! snaplen still yields what was captured. IPv4 and IPv6 fragments are
//! reassembled ([`Defrag`]). The TCP header is read here, field by field,
//! because a snaplen can cut it mid-options and the fields before the cut
//! are still worth having.

mod ipfrag;

use etherparse::{EtherType, Ipv6ExtensionSlice, LaxNetSlice, LaxSlicedPacket, TcpOptionElement, TcpOptionsIterator};
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
    /// The frame is damaged or too short at some layer.
    Damaged(String),
}

/// Finds the IP packet inside a frame of the given link type.
fn link_to_ip(link_type: u32, data: &[u8]) -> Result<Option<LaxSlicedPacket<'_>>, DecodeError> {
    let short = |what: &str, need: usize| {
        DecodeError::Damaged(format!("the {what} header needs {need} bytes, but only {} were captured", data.len()))
    };
    let from_ether_type = |t: u16, rest| Ok(Some(LaxSlicedPacket::from_ether_type(EtherType(t), rest)));
    let from_ppp = |proto: u16, rest| match proto {
        0x0021 => from_ether_type(0x0800, rest),
        0x0057 => from_ether_type(0x86DD, rest),
        _ => Ok(None),
    };
    match link_type {
        // Ethernet, VLAN tags (802.1Q, QinQ) included.
        1 => match LaxSlicedPacket::from_ethernet(data) {
            Ok(p) => Ok(Some(p)),
            Err(_) => Err(short("Ethernet", 14)),
        },
        // BSD loopback: a 4-byte address family, in the capturing host's
        // byte order (NULL; told apart as Wireshark does: a family fits in
        // 16 bits) or in network order (LOOP).
        0 | 108 => {
            if data.len() < 4 {
                return Err(short("loopback", 4));
            }
            let le = u32::from_le_bytes([data[0], data[1], data[2], data[3]]);
            let be = u32::from_be_bytes([data[0], data[1], data[2], data[3]]);
            let family = if link_type == 108 || le > 0xffff { be } else { le };
            match family {
                2 => from_ether_type(0x0800, &data[4..]),
                // AF_INET6 on NetBSD/OpenBSD, FreeBSD, macOS.
                24 | 28 | 30 => from_ether_type(0x86DD, &data[4..]),
                _ => Ok(None),
            }
        }
        // Raw IP: the version nibble says which.
        12 | 14 | 101 | 228 | 229 => match LaxSlicedPacket::from_ip(data) {
            Ok(p) => Ok(Some(p)),
            Err(e) => Err(DecodeError::Damaged(format!("the IP header is damaged: {e}"))),
        },
        // PPP: a 2-byte protocol, perhaps after the HDLC address and control bytes ff 03.
        9 | 50 => {
            let body = if data.starts_with(&[0xff, 0x03]) { &data[2..] } else { data };
            if body.len() < 2 {
                return Err(short("PPP", 2));
            }
            from_ppp(u16::from_be_bytes([body[0], body[1]]), &body[2..])
        }
        // Cisco HDLC: address, control, then an EtherType.
        104 => {
            if data.len() < 4 {
                return Err(short("Cisco HDLC", 4));
            }
            from_ether_type(u16::from_be_bytes([data[2], data[3]]), &data[4..])
        }
        // Linux cooked capture v1: 16 bytes, protocol in the last two.
        113 => {
            if data.len() < 16 {
                return Err(short("Linux cooked (SLL)", 16));
            }
            from_ether_type(u16::from_be_bytes([data[14], data[15]]), &data[16..])
        }
        // Linux cooked capture v2: 20 bytes, protocol in the first two.
        276 => {
            if data.len() < 20 {
                return Err(short("Linux cooked (SLL2)", 20));
            }
            from_ether_type(u16::from_be_bytes([data[0], data[1]]), &data[20..])
        }
        // Linux NFLOG: a 4-byte header (address family first), then
        // type-length-value records in host byte order; type 9 is the packet.
        239 => {
            if data.len() < 4 {
                return Err(short("NFLOG", 4));
            }
            let mut i = 4;
            while i + 4 <= data.len() {
                let len = u16::from_le_bytes([data[i], data[i + 1]]) as usize;
                let kind = u16::from_le_bytes([data[i + 2], data[i + 3]]) & 0x7fff;
                if len < 4 {
                    break;
                }
                if kind == 9 {
                    let end = (i + len).min(data.len());
                    return match LaxSlicedPacket::from_ip(&data[i + 4..end]) {
                        Ok(p) => Ok(Some(p)),
                        Err(e) => Err(DecodeError::Damaged(format!("the IP header is damaged: {e}"))),
                    };
                }
                i += len.div_ceil(4) * 4;
            }
            Ok(None)
        }
        other => Err(DecodeError::UnsupportedLink(other)),
    }
}

/// Decodes one frame down to its TCP segment. IP fragments are collected in
/// `defrag` and the segment comes out with the last fragment.
pub fn decode<'a>(link_type: u32, data: &'a [u8], defrag: &'a mut Defrag) -> Result<Decoded<'a>, DecodeError> {
    if data.is_empty() {
        return Err(DecodeError::Damaged("the frame is empty: its record holds no bytes".into()));
    }
    let Some(packet) = link_to_ip(link_type, data)? else {
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
                    Err(DecodeError::Damaged(format!("the IP header is damaged: {e}")))
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
            Added::Refused(why) => Err(DecodeError::Damaged(why)),
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
        return Err(DecodeError::Damaged(format!(
            "only {} bytes of the TCP header were captured; at least 14 are needed to read its ports, numbers and flags",
            b.len()
        )));
    }
    let u16_at = |i: usize| u16::from_be_bytes([b[i], b[i + 1]]);
    let u32_at = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let header_len = ((b[12] >> 4) as usize) * 4;
    if header_len < 20 {
        return Err(DecodeError::Damaged(format!("the TCP header says it is {header_len} bytes long, less than the minimum 20")));
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
        assert!(matches!(err, DecodeError::Damaged(m) if m.contains("only 10 bytes")));
    }
}
