//! IP fragment reassembly, IPv4 and IPv6 alike: fragments are kept until
//! their datagram is whole, then the datagram's payload is handed on as one
//! TCP segment, in the frame of the fragment that completed it (as
//! Wireshark's "Reassembled in frame N").
//!
//! Bounded: at most [`MAX_PENDING`] datagrams wait at once (the oldest is
//! forgotten first), none beyond 65,535 bytes, and each keeps only the bytes
//! its fragments brought, so memory never exceeds the input. Where fragments
//! overlap, the later one's bytes win.

use std::collections::{BTreeMap, VecDeque};
use std::net::IpAddr;

/// Datagrams waiting for fragments at once.
pub const MAX_PENDING: usize = 256;
/// Largest datagram payload an IP length field allows.
pub const MAX_DATAGRAM: usize = 65_535;

/// Source, destination, identification, protocol: what makes fragments one datagram.
type Key = (IpAddr, IpAddr, u32, u8);

#[derive(Debug, Default)]
struct Pending {
    /// Fragment data by offset in the datagram.
    parts: BTreeMap<usize, Vec<u8>>,
    /// Payload length, known from the last fragment.
    total: Option<usize>,
}

/// One fragment, as the IP header describes it.
#[derive(Debug, Clone, Copy)]
pub struct Fragment<'a> {
    pub src: IpAddr,
    pub dst: IpAddr,
    pub id: u32,
    pub protocol: u8,
    /// Byte offset of `data` in the datagram's payload.
    pub offset: usize,
    pub more: bool,
    pub data: &'a [u8],
}

/// What became of a fragment.
#[derive(Debug, PartialEq)]
pub enum Added<'s> {
    /// The datagram is whole: its payload.
    Whole(&'s [u8]),
    /// Kept until the rest comes.
    Waiting,
    /// Cannot be part of any datagram: why.
    Refused(crate::explain::Explain),
}

/// Fragments waiting for the rest of their datagram.
#[derive(Debug, Default)]
pub struct Defrag {
    pending: BTreeMap<Key, Pending>,
    /// Keys in the order their first fragment came, to forget the oldest.
    order: VecDeque<Key>,
    done: Vec<u8>,
}

impl Defrag {
    /// Adds a fragment; returns the whole payload once every piece is there.
    pub fn add(&mut self, f: Fragment<'_>) -> Added<'_> {
        let end = f.offset + f.data.len();
        if end > MAX_DATAGRAM {
            return Added::Refused(crate::explain::fragment(&["note.frame.fragment"], &[&end.to_string(), &MAX_DATAGRAM.to_string()]));
        }
        let key = (f.src, f.dst, f.id, f.protocol);
        if !self.pending.contains_key(&key) {
            while self.pending.len() >= MAX_PENDING {
                match self.order.pop_front() {
                    Some(old) => {
                        self.pending.remove(&old);
                    }
                    None => break,
                }
            }
            self.order.push_back(key);
        }
        let entry = self.pending.entry(key).or_default();
        if !f.more {
            entry.total = Some(end);
        }
        entry.parts.insert(f.offset, f.data.to_vec());
        let Some(total) = entry.total else {
            return Added::Waiting;
        };
        // Complete when the parts cover 0..total without a hole.
        let mut covered = 0;
        for (&at, part) in &entry.parts {
            if at > covered {
                return Added::Waiting;
            }
            covered = covered.max(at + part.len());
        }
        if covered < total {
            return Added::Waiting;
        }
        let Some(entry) = self.pending.remove(&key) else {
            return Added::Waiting;
        };
        if let Some(i) = self.order.iter().position(|k| *k == key) {
            self.order.remove(i);
        }
        self.done.clear();
        self.done.resize(total, 0);
        for (at, part) in entry.parts {
            if at >= total {
                continue;
            }
            let end = (at + part.len()).min(total);
            self.done[at..end].copy_from_slice(&part[..end - at]);
        }
        Added::Whole(&self.done)
    }

    /// Datagrams still waiting for fragments.
    pub fn waiting(&self) -> usize {
        self.pending.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frag(id: u32, offset: usize, more: bool, data: &[u8]) -> Fragment<'_> {
        Fragment { src: "10.0.0.1".parse().unwrap(), dst: "10.0.0.2".parse().unwrap(), id, protocol: 6, offset, more, data }
    }

    #[test]
    fn out_of_order_and_overlapping_fragments() {
        let mut d = Defrag::default();
        assert_eq!(d.add(frag(1, 16, false, b"CCCC")), Added::Waiting);
        assert_eq!(d.add(frag(1, 0, true, b"AAAAAAAA")), Added::Waiting);
        // Overlaps the first fragment's end and the gap.
        assert_eq!(d.add(frag(1, 8, true, b"BBBBBBBB")), Added::Whole(b"AAAAAAAABBBBBBBBCCCC"));
        assert_eq!(d.waiting(), 0);
    }

    #[test]
    fn too_long_is_refused_and_oldest_is_forgotten() {
        let mut d = Defrag::default();
        let big = vec![0; 16];
        assert!(matches!(d.add(frag(1, 65_528, true, &big)), Added::Refused(m) if crate::explain::plain(&m).contains("65544")));
        for id in 0..(MAX_PENDING as u32 + 10) {
            assert_eq!(d.add(frag(id, 8, false, b"x")), Added::Waiting);
        }
        assert_eq!(d.waiting(), MAX_PENDING);
        // The oldest (id 0) was forgotten: its first part alone does not complete it.
        assert_eq!(d.add(frag(0, 0, true, b"12345678")), Added::Waiting);
        // A recent one completes.
        assert_eq!(d.add(frag(MAX_PENDING as u32 + 9, 0, true, b"12345678")), Added::Whole(b"12345678x"));
    }
}
