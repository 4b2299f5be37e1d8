//! Link types: the one table of the LINKTYPE_ values Postscope knows, what
//! each is called, and how a frame of it is decoded down to its IP packet.
//!
//! The capture reader's names ([`name`], in the JSON's `link_types`), the
//! decoding dispatch ([`decoder`]) and the note about frames that cannot be
//! decoded ([`description`], [`decoded_families`]) all read [`LINK_TYPES`].
//! Adding a link type is one row here (and its decoder below).
//!
//! Numbers from <https://www.tcpdump.org/linktypes.html>.

use super::DecodeError;
use crate::explain::{self, Explain};
use crate::model::NoteKind;
use etherparse::{EtherType, LaxSlicedPacket};

/// Finds the IP packet in a frame's bytes; `Ok(None)` when it carries no IP.
pub type Decoder = for<'a> fn(&'a [u8]) -> Result<Option<LaxSlicedPacket<'a>>, DecodeError>;

/// One row of the table.
#[derive(Clone, Copy)]
pub struct LinkType {
    /// The LINKTYPE_ values the row stands for (several when they mean the same).
    pub numbers: &'static [u32],
    /// The name the JSON's `link_types` shows, when it has one; the others
    /// show as `linktype_N`.
    pub json_name: Option<&'static str>,
    /// What it is and its LINKTYPE_ name, for messages.
    pub description: &'static str,
    /// The catalogue key (`note.family.*`) of its words in the list of what
    /// Postscope reads; rows with the same key are named once.
    pub family: &'static str,
    /// How its frames are decoded, or `None` when Postscope cannot.
    pub decoder: Option<Decoder>,
}

const fn row(
    numbers: &'static [u32],
    json_name: Option<&'static str>,
    description: &'static str,
    family: &'static str,
    decoder: Option<Decoder>,
) -> LinkType {
    LinkType { numbers, json_name, description, family, decoder }
}

/// Every link type Postscope knows, the ones it decodes first, in the order
/// the note about undecodable frames lists them.
pub const LINK_TYPES: &[LinkType] = &[
    row(&[1], Some("ethernet"), "Ethernet, LINKTYPE_ETHERNET", "note.family.ethernet", Some(ethernet)),
    row(&[113], Some("linux_sll"), "Linux cooked capture, LINKTYPE_LINUX_SLL", "note.family.sll", Some(sll)),
    row(&[276], Some("linux_sll2"), "Linux cooked capture v2, LINKTYPE_LINUX_SLL2", "note.family.sll", Some(sll2)),
    row(&[0], Some("null"), "BSD loopback, LINKTYPE_NULL", "note.family.bsd", Some(null)),
    row(&[108], Some("loop"), "OpenBSD loopback, LINKTYPE_LOOP", "note.family.bsd", Some(loop_)),
    row(&[12, 14, 101], Some("raw"), "raw IP, LINKTYPE_RAW", "note.family.raw", Some(raw_ip)),
    row(&[228], Some("ipv4"), "raw IPv4, LINKTYPE_IPV4", "note.family.raw", Some(raw_ip)),
    row(&[229], Some("ipv6"), "raw IPv6, LINKTYPE_IPV6", "note.family.raw", Some(raw_ip)),
    row(&[9], None, "PPP, LINKTYPE_PPP", "note.family.ppp", Some(ppp)),
    row(&[50], None, "PPP in HDLC framing, LINKTYPE_PPP_HDLC", "note.family.ppp", Some(ppp)),
    row(&[104], None, "Cisco HDLC, LINKTYPE_C_HDLC", "note.family.c_hdlc", Some(c_hdlc)),
    row(&[239], None, "Linux netfilter log, LINKTYPE_NFLOG", "note.family.nflog", Some(nflog)),
    // Known by name only.
    row(&[6], None, "Token Ring, LINKTYPE_IEEE802_5", "", None),
    row(&[10], None, "FDDI, LINKTYPE_FDDI", "", None),
    row(&[51], None, "PPP over Ethernet, LINKTYPE_PPP_ETHER", "", None),
    row(&[105], None, "Wi-Fi (IEEE 802.11), LINKTYPE_IEEE802_11", "", None),
    row(&[107], None, "Frame Relay, LINKTYPE_FRELAY", "", None),
    row(&[119], None, "Wi-Fi with Prism headers, LINKTYPE_IEEE802_11_PRISM", "", None),
    row(&[127], None, "Wi-Fi with radiotap headers, LINKTYPE_IEEE802_11_RADIOTAP", "", None),
    row(
        &[147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162],
        None,
        "a private link type, LINKTYPE_USER0 to USER15",
        "",
        None,
    ),
    row(&[163], None, "Wi-Fi with AVS headers, LINKTYPE_IEEE802_11_AVS", "", None),
    row(&[187], None, "Bluetooth, LINKTYPE_BLUETOOTH_HCI_H4", "", None),
    row(&[189], None, "USB, LINKTYPE_USB_LINUX", "", None),
    row(&[192], None, "PPI, LINKTYPE_PPI", "", None),
    row(&[195], None, "IEEE 802.15.4, LINKTYPE_IEEE802_15_4_WITHFCS", "", None),
    row(&[201], None, "Bluetooth, LINKTYPE_BLUETOOTH_HCI_H4_WITH_PHDR", "", None),
    row(&[220], None, "USB, LINKTYPE_USB_LINUX_MMAPPED", "", None),
    row(&[249], None, "USBPcap, LINKTYPE_USBPCAP", "", None),
];

/// The row of a link type, if Postscope knows it.
pub fn lookup(number: u32) -> Option<&'static LinkType> {
    LINK_TYPES.iter().find(|l| l.numbers.contains(&number))
}

/// The name of a link type as the JSON and the app show it.
pub fn name(number: u32) -> String {
    match lookup(number).and_then(|l| l.json_name) {
        Some(n) => n.to_string(),
        None => format!("linktype_{number}"),
    }
}

/// A link type in words, for messages: what it is and its LINKTYPE_ name
/// ("Wi-Fi (IEEE 802.11), LINKTYPE_IEEE802_11").
pub fn description(number: u32) -> &'static str {
    lookup(number).map_or("a link type Postscope has no name for", |l| l.description)
}

/// A link type as an argument of a note: its description (names, as
/// Wireshark's), or words saying Postscope has no name for it.
pub fn described(number: u32) -> Explain {
    match lookup(number) {
        Some(l) => explain::fragment(&["note.link.named"], &[l.description]),
        None => explain::fragment(&["note.link.unnamed"], &[]),
    }
}

/// How frames of a link type are decoded, if Postscope can.
pub fn decoder(number: u32) -> Option<Decoder> {
    lookup(number).and_then(|l| l.decoder)
}

/// What Postscope decodes, as a piece of a sentence: "Ethernet (with VLAN
/// tags), ..., PPP, Cisco HDLC and Linux NFLOG".
pub fn decoded_families() -> Explain {
    let mut families: Vec<&str> = Vec::new();
    for l in LINK_TYPES.iter().filter(|l| l.decoder.is_some()) {
        if !families.contains(&l.family) {
            families.push(l.family);
        }
    }
    let name = |key: &str| explain::fragment(&[key], &[]);
    match families.split_last() {
        Some((last, [])) => name(last),
        Some((last, rest)) => explain::fragment_with(
            &["note.link.and"],
            vec![explain::list(rest.iter().map(|k| name(k)).collect(), explain::Sep::Comma), name(last).into()],
        ),
        None => Explain::none(),
    }
}

/// A frame too short for its link header (`what`: the header's `note.link.*` name).
fn short(what: Explain, need: usize, data: &[u8]) -> DecodeError {
    DecodeError::Damaged(
        NoteKind::LinkHeader,
        explain::fragment_with(&["note.frame.link_short"], vec![what.into(), need.to_string().into(), data.len().to_string().into()]),
    )
}

fn from_ether_type(t: u16, rest: &[u8]) -> Result<Option<LaxSlicedPacket<'_>>, DecodeError> {
    Ok(Some(LaxSlicedPacket::from_ether_type(EtherType(t), rest)))
}

fn ip(data: &[u8]) -> Result<Option<LaxSlicedPacket<'_>>, DecodeError> {
    match LaxSlicedPacket::from_ip(data) {
        Ok(p) => Ok(Some(p)),
        Err(e) => Err(DecodeError::Damaged(
            NoteKind::IpHeader,
            super::ip_damaged(match &e {
                etherparse::err::ip::LaxHeaderSliceError::Len(l) => super::len_error(l),
                etherparse::err::ip::LaxHeaderSliceError::Content(h) => super::ip_header_error(h),
            }),
        )),
    }
}

/// Ethernet, VLAN tags (802.1Q, QinQ) included.
fn ethernet(data: &[u8]) -> Result<Option<LaxSlicedPacket<'_>>, DecodeError> {
    match LaxSlicedPacket::from_ethernet(data) {
        Ok(p) => Ok(Some(p)),
        Err(_) => Err(short(explain::fragment(&["note.link.ethernet"], &[]), 14, data)),
    }
}

/// BSD loopback: a 4-byte address family, in the capturing host's byte
/// order (NULL; told apart as Wireshark does: a family fits in 16 bits) or
/// in network order (LOOP).
fn loopback(data: &[u8], network_order: bool) -> Result<Option<LaxSlicedPacket<'_>>, DecodeError> {
    if data.len() < 4 {
        return Err(short(explain::fragment(&["note.link.loopback"], &[]), 4, data));
    }
    let le = u32::from_le_bytes([data[0], data[1], data[2], data[3]]);
    let be = u32::from_be_bytes([data[0], data[1], data[2], data[3]]);
    let family = if network_order || le > 0xffff { be } else { le };
    match family {
        2 => from_ether_type(0x0800, &data[4..]),
        // AF_INET6 on NetBSD/OpenBSD, FreeBSD, macOS.
        24 | 28 | 30 => from_ether_type(0x86DD, &data[4..]),
        _ => Ok(None),
    }
}

fn null(data: &[u8]) -> Result<Option<LaxSlicedPacket<'_>>, DecodeError> {
    loopback(data, false)
}

fn loop_(data: &[u8]) -> Result<Option<LaxSlicedPacket<'_>>, DecodeError> {
    loopback(data, true)
}

/// Raw IP: the version nibble says which.
fn raw_ip(data: &[u8]) -> Result<Option<LaxSlicedPacket<'_>>, DecodeError> {
    ip(data)
}

/// PPP: a 2-byte protocol, perhaps after the HDLC address and control bytes ff 03.
fn ppp(data: &[u8]) -> Result<Option<LaxSlicedPacket<'_>>, DecodeError> {
    let body = if data.starts_with(&[0xff, 0x03]) { &data[2..] } else { data };
    if body.len() < 2 {
        return Err(short(explain::fragment(&["note.link.ppp"], &[]), 2, data));
    }
    match u16::from_be_bytes([body[0], body[1]]) {
        0x0021 => from_ether_type(0x0800, &body[2..]),
        0x0057 => from_ether_type(0x86DD, &body[2..]),
        _ => Ok(None),
    }
}

/// Cisco HDLC: address, control, then an EtherType.
fn c_hdlc(data: &[u8]) -> Result<Option<LaxSlicedPacket<'_>>, DecodeError> {
    if data.len() < 4 {
        return Err(short(explain::fragment(&["note.link.c_hdlc"], &[]), 4, data));
    }
    from_ether_type(u16::from_be_bytes([data[2], data[3]]), &data[4..])
}

/// Linux cooked capture v1: 16 bytes, protocol in the last two.
fn sll(data: &[u8]) -> Result<Option<LaxSlicedPacket<'_>>, DecodeError> {
    if data.len() < 16 {
        return Err(short(explain::fragment(&["note.link.sll"], &[]), 16, data));
    }
    from_ether_type(u16::from_be_bytes([data[14], data[15]]), &data[16..])
}

/// Linux cooked capture v2: 20 bytes, protocol in the first two.
fn sll2(data: &[u8]) -> Result<Option<LaxSlicedPacket<'_>>, DecodeError> {
    if data.len() < 20 {
        return Err(short(explain::fragment(&["note.link.sll2"], &[]), 20, data));
    }
    from_ether_type(u16::from_be_bytes([data[0], data[1]]), &data[20..])
}

/// Linux NFLOG: a 4-byte header (address family first), then
/// type-length-value records in host byte order; type 9 is the packet.
fn nflog(data: &[u8]) -> Result<Option<LaxSlicedPacket<'_>>, DecodeError> {
    if data.len() < 4 {
        return Err(short(explain::fragment(&["note.link.nflog"], &[]), 4, data));
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
            return ip(&data[i + 4..end]);
        }
        i += len.div_ceil(4) * 4;
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_number_is_in_two_rows() {
        let mut seen = std::collections::BTreeSet::new();
        for l in LINK_TYPES {
            for &n in l.numbers {
                assert!(seen.insert(n), "link type {n} is in two rows");
            }
        }
    }

    #[test]
    fn every_decoded_row_names_its_family() {
        for l in LINK_TYPES.iter().filter(|l| l.decoder.is_some()) {
            assert!(!l.family.is_empty(), "{} is decoded but has no words in the list", l.description);
        }
    }

    #[test]
    fn every_family_is_a_catalogue_entry() {
        for l in LINK_TYPES.iter().filter(|l| l.decoder.is_some()) {
            assert!(explain::entry(l.family).is_some(), "{} names {}, which the catalogue lacks", l.description, l.family);
        }
    }

    #[test]
    fn names_descriptions_and_the_list_as_the_json_shows_them() {
        assert_eq!(name(1), "ethernet");
        assert_eq!(name(14), "raw");
        assert_eq!(name(9), "linktype_9");
        assert_eq!(name(147), "linktype_147");
        assert_eq!(description(150), "a private link type, LINKTYPE_USER0 to USER15");
        assert_eq!(description(999), "a link type Postscope has no name for");
        assert!(decoder(105).is_none() && decoder(239).is_some());
        assert_eq!(
            explain::plain(&decoded_families()),
            "Ethernet (with VLAN tags), Linux cooked capture (SLL, SLL2), BSD loopback, raw IP, PPP, Cisco HDLC and Linux NFLOG"
        );
        assert_eq!(explain::plain(&described(999)), "a link type Postscope has no name for");
        assert_eq!(explain::plain(&described(1)), "Ethernet, LINKTYPE_ETHERNET");
    }
}
