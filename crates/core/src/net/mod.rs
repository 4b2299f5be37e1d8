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

use crate::explain::{self, Arg, Explain};
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
#[derive(Debug, PartialEq)]
pub enum DecodeError {
    /// A link type the decoder does not know.
    UnsupportedLink(u32),
    /// The frame is damaged or too short at some layer: which one (a
    /// frame-layer [`NoteKind`]), and what the note says (a piece of a sentence).
    Damaged(NoteKind, Explain),
}

/// Decodes one frame down to its TCP segment. IP fragments are collected in
/// `defrag` and the segment comes out with the last fragment.
pub fn decode<'a>(link_type: u32, data: &'a [u8], defrag: &'a mut Defrag) -> Result<Decoded<'a>, DecodeError> {
    if data.is_empty() {
        return Err(DecodeError::Damaged(NoteKind::EmptyFrame, explain::fragment(&["note.frame.empty"], &[])));
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
                    Err(DecodeError::Damaged(NoteKind::IpHeader, ip_damaged(slice_error(e))))
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

/// "the IP header is damaged: ..." with etherparse's reason.
pub(crate) fn ip_damaged(why: Explain) -> Explain {
    explain::fragment_with(&["note.frame.ip"], vec![why.into()])
}

/// What etherparse found wrong with an IP header, as our own entries with its
/// values (`note.ip.err.*`); its own words only for an error no entry has.
fn slice_error(e: &etherparse::err::packet::SliceError) -> Explain {
    use etherparse::err::{ipv4, ipv6, packet::SliceError};
    match e {
        SliceError::Len(l) => len_error(l),
        SliceError::Ip(h) => ip_header_error(h),
        SliceError::Ipv4(ipv4::HeaderError::UnexpectedVersion { version_number }) => {
            explain::fragment(&["note.ip.err.v4_version"], &[&version_number.to_string()])
        }
        SliceError::Ipv4(ipv4::HeaderError::HeaderLengthSmallerThanHeader { ihl }) => {
            explain::fragment(&["note.ip.err.ihl"], &[&ihl.to_string()])
        }
        SliceError::Ipv6(ipv6::HeaderError::UnexpectedVersion { version_number }) => {
            explain::fragment(&["note.ip.err.v6_version"], &[&version_number.to_string()])
        }
        // etherparse's own words, for the errors of layers past IP.
        other => explain::fragment(&["note.ip.err.other"], &[&other.to_string()]),
    }
}

/// An IP header's version or length that etherparse refused.
pub(crate) fn ip_header_error(h: &etherparse::err::ip::HeaderError) -> Explain {
    use etherparse::err::ip::HeaderError;
    match h {
        HeaderError::UnsupportedIpVersion { version_number } => explain::fragment(&["note.ip.err.version"], &[&version_number.to_string()]),
        HeaderError::Ipv4HeaderLengthSmallerThanHeader { ihl } => explain::fragment(&["note.ip.err.ihl"], &[&ihl.to_string()]),
    }
}

/// Too few bytes (or too many) for an IP layer, as etherparse measured them.
pub(crate) fn len_error(l: &etherparse::err::LenError) -> Explain {
    use etherparse::err::Layer;
    use etherparse::LenSource;
    let layer = match l.layer {
        Layer::IpHeader => Some((explain::fragment(&["note.layer.ip.title"], &[]), explain::fragment(&["note.layer.ip"], &[]))),
        Layer::Ipv4Header => Some((explain::fragment(&["note.layer.ipv4.title"], &[]), explain::fragment(&["note.layer.ipv4"], &[]))),
        Layer::Ipv4Packet => {
            Some((explain::fragment(&["note.layer.ipv4_packet.title"], &[]), explain::fragment(&["note.layer.ipv4_packet"], &[])))
        }
        Layer::Ipv6Header => Some((explain::fragment(&["note.layer.ipv6.title"], &[]), explain::fragment(&["note.layer.ipv6"], &[]))),
        Layer::Ipv6Packet => {
            Some((explain::fragment(&["note.layer.ipv6_packet.title"], &[]), explain::fragment(&["note.layer.ipv6_packet"], &[])))
        }
        _ => None,
    };
    let source = match l.len_source {
        LenSource::Slice => Some(explain::fragment(&["note.len_source.slice"], &[])),
        LenSource::Ipv4HeaderTotalLen => Some(explain::fragment(&["note.len_source.ipv4_total"], &[])),
        LenSource::Ipv6HeaderPayloadLen => Some(explain::fragment(&["note.len_source.ipv6_payload"], &[])),
        _ => None,
    };
    let (Some((title, name)), Some(source)) = (layer, source) else {
        return explain::fragment(&["note.ip.err.other"], &[&l.to_string()]);
    };
    let (title, name, source): (Arg, Arg, Arg) = (title.into(), name.into(), source.into());
    let (required, len, at) =
        (Arg::from(l.required_len.to_string()), Arg::from(l.len.to_string()), Arg::from(l.layer_start_offset.to_string()));
    match (l.required_len > l.len, l.layer_start_offset > 0) {
        (true, false) => explain::fragment_with(&["note.ip.err.short"], vec![title, name, required, len, source]),
        (true, true) => explain::fragment_with(&["note.ip.err.short_at"], vec![title, name, required, len, source, at]),
        (false, false) => explain::fragment_with(&["note.ip.err.big"], vec![title, len, name, required, source]),
        (false, true) => explain::fragment_with(&["note.ip.err.big_at"], vec![title, len, name, required, source, at]),
    }
}

fn is_ip_ether_type(p: &LaxSlicedPacket<'_>) -> bool {
    use etherparse::err::Layer;
    matches!(&p.stop_err, Some((_, Layer::IpHeader | Layer::Ipv4Header | Layer::Ipv6Header)))
}

/// Reads a TCP header, tolerating a snaplen cut after the flags.
fn tcp_segment(src: IpAddr, dst: IpAddr, b: &[u8], expected_len: Option<usize>) -> Result<Decoded<'_>, DecodeError> {
    if b.len() < 14 {
        return Err(DecodeError::Damaged(NoteKind::TcpHeader, explain::fragment(&["note.frame.tcp_short"], &[&b.len().to_string()])));
    }
    let u16_at = |i: usize| u16::from_be_bytes([b[i], b[i + 1]]);
    let u32_at = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let header_len = ((b[12] >> 4) as usize) * 4;
    if header_len < 20 {
        return Err(DecodeError::Damaged(NoteKind::TcpHeader, explain::fragment(&["note.frame.tcp_length"], &[&header_len.to_string()])));
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

    /// Our entries for etherparse's errors say in English exactly what it says
    /// (the notes' English did not change when they became facts), for every
    /// layer and length source mapped, whether or not a capture reaches it.
    #[test]
    fn ip_header_errors_are_our_entries_with_etherparses_english() {
        use etherparse::err::{ip, ipv4, ipv6, packet::SliceError, Layer, LenError};
        use etherparse::LenSource;
        let mut checked = 0;
        for layer in [Layer::IpHeader, Layer::Ipv4Header, Layer::Ipv4Packet, Layer::Ipv6Header, Layer::Ipv6Packet] {
            for len_source in [LenSource::Slice, LenSource::Ipv4HeaderTotalLen, LenSource::Ipv6HeaderPayloadLen] {
                for (required_len, len, layer_start_offset) in [(20, 7, 0), (20, 7, 14), (60, 65_600, 0), (60, 65_600, 14)] {
                    let e = LenError { required_len, len, len_source, layer, layer_start_offset };
                    let ours = len_error(&e);
                    assert_ne!(ours.key(), Some("note.ip.err.other"), "{e:?}");
                    assert_eq!(explain::plain(&ours), e.to_string());
                    checked += 1;
                }
            }
        }
        let errors = [
            SliceError::Ip(ip::HeaderError::UnsupportedIpVersion { version_number: 7 }),
            SliceError::Ip(ip::HeaderError::Ipv4HeaderLengthSmallerThanHeader { ihl: 1 }),
            SliceError::Ipv4(ipv4::HeaderError::UnexpectedVersion { version_number: 6 }),
            SliceError::Ipv4(ipv4::HeaderError::HeaderLengthSmallerThanHeader { ihl: 2 }),
            SliceError::Ipv6(ipv6::HeaderError::UnexpectedVersion { version_number: 4 }),
        ];
        for e in &errors {
            assert_ne!(slice_error(e).key(), Some("note.ip.err.other"), "{e:?}");
            assert_eq!(explain::plain(&slice_error(e)), e.to_string());
            checked += 1;
        }
        assert_eq!(checked, 65);
        // A layer past IP keeps etherparse's words, as the last resort.
        let tcp = LenError { required_len: 20, len: 3, len_source: LenSource::Slice, layer: Layer::TcpHeader, layer_start_offset: 0 };
        assert_eq!(len_error(&tcp).key(), Some("note.ip.err.other"));
        assert_eq!(explain::plain(&len_error(&tcp)), tcp.to_string());
    }

    #[test]
    fn unsupported_link_type_is_named() {
        let mut d = Defrag::default();
        assert_eq!(decode(147, &[0; 40], &mut d).unwrap_err(), DecodeError::UnsupportedLink(147));
    }

    #[test]
    fn short_tcp_header_is_damage_not_panic() {
        let err = tcp_segment("1.1.1.1".parse().unwrap(), "2.2.2.2".parse().unwrap(), &[0; 10], None).unwrap_err();
        assert!(matches!(err, DecodeError::Damaged(NoteKind::TcpHeader, m) if explain::plain(&m).contains("only 10 bytes")));
    }
}
