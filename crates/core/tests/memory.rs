//! Memory stays bounded by the input, whatever lengths the file claims: a
//! counting allocator measures the peak heap while hostile inputs are fed
//! in 64 KiB chunks (as the app does). One test only, so nothing else runs
//! in this binary while it measures.

mod common;
use common::*;
mod counting;
use counting::peak_of;

fn pcap_header() -> Vec<u8> {
    let mut h = vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    h.extend_from_slice(&262_144u32.to_le_bytes());
    h.extend_from_slice(&1u32.to_le_bytes());
    h
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut e, bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn memory_is_bounded_by_the_input() {
    // A pcap record claiming the largest packet, and the file ending early.
    let mut big_claim = pcap_header();
    big_claim.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0]);
    big_claim.extend_from_slice(&262_144u32.to_le_bytes());
    big_claim.extend_from_slice(&262_144u32.to_le_bytes());
    big_claim.extend_from_slice(&[7; 1000]);

    // A pcapng block claiming 16 MiB, and 1000 bytes after it.
    let mut w = NgWriter::new(false);
    w.shb(&[]);
    w.idb(1, 0, None, None);
    let mut huge_block = w.out.clone();
    huge_block.extend_from_slice(&6u32.to_le_bytes());
    huge_block.extend_from_slice(&(16 * 1024 * 1024u32).to_le_bytes());
    huge_block.extend_from_slice(&[0; 1000]);

    // Lengths of 4 GiB in every record of a real capture.
    let p = Pcap::parse(&fixture("imap-session.pcap"));
    let mut four_gib = p.write(false);
    let mut at = 24;
    for r in &p.records {
        four_gib[at + 8..at + 12].copy_from_slice(&u32::MAX.to_le_bytes());
        at += 16 + r.data.len();
    }

    // 2 MiB of pseudo-random garbage after a real capture's first packets.
    let mut garbage = fixture("smtp-auth-login.pcap")[..600].to_vec();
    let mut x: u32 = 12345;
    for _ in 0..2 * 1024 * 1024 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        garbage.push((x >> 16) as u8);
    }

    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("a pcap record claiming 262144 bytes", big_claim),
        ("a pcapng block claiming 16 MiB", huge_block),
        ("4 GiB lengths in every record", four_gib),
        ("2 MiB of garbage", garbage),
        ("a real capture", fixture("multi-client.pcap")),
    ];
    for (what, bytes) in &cases {
        let (peak, a) = peak_of(bytes);
        assert!(!a.capture.warnings.is_empty() || *what == "a real capture", "{what}: no warning");
        // The input once (the carried-over record), the model, and slack.
        let bound = 2 * bytes.len() + 256 * 1024;
        eprintln!("{what}: {} bytes in, peak {peak} bytes", bytes.len());
        assert!(peak <= bound, "{what}: peak {peak} bytes for {} bytes of input", bytes.len());
    }

    // A gzip bomb: 16 MiB of zero records inflate from about 16 KiB. The
    // reader inflates a few bytes at a time, so the peak stays far below.
    let mut bomb_plain = pcap_header();
    bomb_plain.extend(std::iter::repeat_n(0u8, 16 * 1024 * 1024));
    let bomb = gzip(&bomb_plain);
    let (peak, a) = peak_of(&bomb);
    eprintln!("gzip bomb: {} bytes in, {} inflated, peak {peak} bytes", bomb.len(), bomb_plain.len());
    assert_eq!(a.capture.packets as usize, (bomb_plain.len() - 24) / 16);
    assert!(peak <= 512 * 1024, "gzip bomb: peak {peak} bytes");
}
