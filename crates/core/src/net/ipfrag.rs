//! IPv4 fragment reassembly: fragments are kept until their datagram is
//! whole, then the datagram's payload is handed on as one TCP segment.
//! Bounded: at most [`MAX_PENDING`] datagrams of at most 64 KiB each.

use etherparse::{LaxNetSlice, LaxSlicedPacket};
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

const MAX_PENDING: usize = 256;
const MAX_DATAGRAM: usize = 65_535;

#[derive(Debug, Default)]
struct Pending {
    parts: BTreeMap<usize, Vec<u8>>,
    total: Option<usize>,
}

/// Fragments waiting for the rest of their datagram.
#[derive(Debug, Default)]
pub struct Defrag {
    pending: HashMap<(IpAddr, IpAddr, u16, u8), Pending>,
    done: Vec<u8>,
}

impl Defrag {
    /// Adds a fragment; returns the whole payload once every piece is there.
    pub fn add<'s>(&'s mut self, packet: &LaxSlicedPacket<'_>) -> Option<&'s [u8]> {
        let Some(LaxNetSlice::Ipv4(v4)) = &packet.net else { return None };
        let h = v4.header();
        let key = (IpAddr::V4(h.source_addr()), IpAddr::V4(h.destination_addr()), h.identification(), h.protocol().0);
        let offset = h.fragments_offset().byte_offset() as usize;
        let data = v4.payload().payload;
        if offset + data.len() > MAX_DATAGRAM {
            return None;
        }
        if !self.pending.contains_key(&key) && self.pending.len() >= MAX_PENDING {
            // Forget the oldest-looking entry rather than grow without bound.
            if let Some(k) = self.pending.keys().next().cloned() {
                self.pending.remove(&k);
            }
        }
        let entry = self.pending.entry(key).or_default();
        if !h.more_fragments() {
            entry.total = Some(offset + data.len());
        }
        entry.parts.insert(offset, data.to_vec());
        let total = entry.total?;
        // Complete when the parts cover 0..total without a hole.
        let mut covered = 0;
        for (&at, part) in &entry.parts {
            if at > covered {
                return None;
            }
            covered = covered.max(at + part.len());
        }
        if covered < total {
            return None;
        }
        let entry = self.pending.remove(&key)?;
        self.done.clear();
        self.done.resize(total, 0);
        for (at, part) in entry.parts {
            let end = (at + part.len()).min(total);
            self.done[at..end].copy_from_slice(&part[..end - at]);
        }
        Some(&self.done)
    }
}
