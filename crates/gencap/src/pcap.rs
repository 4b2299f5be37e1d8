//! The classic pcap container (microsecond timestamps, Ethernet), written as
//! the segments come: Ethernet II, IPv4 and TCP headers with correct
//! checksums, computed by etherparse.

use crate::tcp::{Segment, Side, ACK, FIN, PSH, SYN};
use etherparse::{EtherType, Ethernet2Header, IpNumber, Ipv4Header, TcpHeader, TcpOptionElement};
use std::io::{self, Write};

/// The two ends of a connection, client first.
#[derive(Clone, Debug)]
pub struct Ends {
    pub mac: [[u8; 6]; 2],
    pub ip: [[u8; 4]; 2],
    pub port: [u16; 2],
    /// IP time to live as captured (the client's is lower: it is hops away).
    pub ttl: [u8; 2],
    /// Next IPv4 identification of each side.
    pub ip_id: [u16; 2],
}

/// Record header plus Ethernet, IPv4 and TCP headers with the timestamp option.
pub fn frame_len(s: &Segment) -> u64 {
    let tcp = if s.flags & SYN != 0 { 40 } else { 32 };
    (16 + 14 + 20 + tcp + s.payload.len()) as u64
}

pub struct PcapWriter<W: Write> {
    w: W,
    pub bytes: u64,
    pub packets: u64,
}

impl<W: Write> PcapWriter<W> {
    pub fn new(mut w: W) -> io::Result<Self> {
        let mut h = Vec::with_capacity(24);
        h.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
        h.extend_from_slice(&2u16.to_le_bytes());
        h.extend_from_slice(&4u16.to_le_bytes());
        h.extend_from_slice(&0i32.to_le_bytes()); // thiszone
        h.extend_from_slice(&0u32.to_le_bytes()); // sigfigs
        h.extend_from_slice(&262_144u32.to_le_bytes()); // snaplen
        h.extend_from_slice(&1u32.to_le_bytes()); // LINKTYPE_ETHERNET
        w.write_all(&h)?;
        Ok(PcapWriter { w, bytes: 24, packets: 0 })
    }

    pub fn segment(&mut self, ends: &mut Ends, s: &Segment) -> io::Result<()> {
        let (me, peer) = (s.side.index(), s.side.other().index());
        let window = match (s.side, s.flags & SYN != 0) {
            (Side::Client, true) => 64_240,
            (Side::Server, true) => 65_160,
            (Side::Client, false) => 502,
            (Side::Server, false) => 509,
        };
        let mut tcp = TcpHeader::new(ends.port[me], ends.port[peer], s.seq, window);
        tcp.acknowledgment_number = s.ack;
        tcp.syn = s.flags & SYN != 0;
        tcp.ack = s.flags & ACK != 0;
        tcp.fin = s.flags & FIN != 0;
        tcp.psh = s.flags & PSH != 0;
        let ts = TcpOptionElement::Timestamp(s.tsval, s.tsecr);
        let options = if tcp.syn {
            vec![
                TcpOptionElement::MaximumSegmentSize(1460),
                TcpOptionElement::SelectiveAcknowledgementPermitted,
                ts,
                TcpOptionElement::Noop,
                TcpOptionElement::WindowScale(7),
            ]
        } else {
            vec![TcpOptionElement::Noop, TcpOptionElement::Noop, ts]
        };
        tcp.set_options(&options).map_err(io::Error::other)?;
        let tcp_len = tcp.header_len() + s.payload.len();
        let mut ip = Ipv4Header::new(tcp_len as u16, ends.ttl[me], IpNumber::TCP, ends.ip[me], ends.ip[peer]).map_err(io::Error::other)?;
        ip.identification = ends.ip_id[me];
        ends.ip_id[me] = ends.ip_id[me].wrapping_add(1);
        ip.header_checksum = ip.calc_header_checksum();
        tcp.checksum = tcp.calc_checksum_ipv4(&ip, &s.payload).map_err(io::Error::other)?;
        let eth = Ethernet2Header { source: ends.mac[me], destination: ends.mac[peer], ether_type: EtherType::IPV4 };
        let caplen = (14 + 20 + tcp_len) as u32;
        let mut head = [0u8; 16 + 14 + 20 + 40];
        head[0..4].copy_from_slice(&((s.time / 1_000_000) as u32).to_le_bytes());
        head[4..8].copy_from_slice(&((s.time % 1_000_000) as u32).to_le_bytes());
        head[8..12].copy_from_slice(&caplen.to_le_bytes());
        head[12..16].copy_from_slice(&caplen.to_le_bytes());
        head[16..30].copy_from_slice(&eth.to_bytes());
        head[30..50].copy_from_slice(&ip.to_bytes());
        let t = tcp.to_bytes();
        head[50..50 + t.len()].copy_from_slice(&t);
        self.w.write_all(&head[..50 + t.len()])?;
        self.w.write_all(&s.payload)?;
        self.bytes += 16 + caplen as u64;
        self.packets += 1;
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.w.flush()?;
        Ok(self.w)
    }
}
