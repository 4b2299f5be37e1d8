//! Notes for a capture with no packets and for probable damage the frames
//! themselves show (issue #11, item 5). Wireshark says nothing in these
//! cases (tests/tshark/disagreements.txt).

mod common;
use common::{arp_frame, pcap_header, pcap_record};
use postscope_core::model::NoteKind;

fn kinds(bytes: &[u8]) -> Vec<(NoteKind, Option<u32>, String)> {
    postscope_core::analyze(bytes, Default::default()).capture.warnings.into_iter().map(|n| (n.kind, n.frame, n.text())).collect()
}

#[test]
fn a_capture_without_packets_says_so() {
    let notes = kinds(&pcap_header(1));
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].0, NoteKind::NoPackets);
    assert!(notes[0].2.contains("pcap capture with no packets"), "{}", notes[0].2);
    // A damaged file says why nothing was read instead (one note, not two).
    let notes = kinds(b"not a capture at all, just text");
    assert!(notes.iter().all(|n| n.0 != NoteKind::NoPackets), "{notes:?}");
}

#[test]
fn a_frame_longer_than_any_frame_is_probable_damage() {
    let mut f = pcap_header(1);
    pcap_record(&mut f, 1_700_000_000, 42, &arp_frame());
    pcap_record(&mut f, 1_700_000_000, 3_000_000, &arp_frame());
    pcap_record(&mut f, 1_700_000_000, 5_000_000, &arp_frame());
    // Offloaded segments of a Linux host (64 KiB) are real, not damage.
    pcap_record(&mut f, 1_700_000_000, 65_226, &arp_frame());
    let notes = kinds(&f);
    let long: Vec<_> = notes.iter().filter(|n| n.0 == NoteKind::TooLong).collect();
    assert_eq!(long.len(), 1, "{notes:?}");
    assert_eq!(long[0].1, Some(2));
    assert!(long[0].2.contains("frame 2 claims 3000000 bytes") && long[0].2.contains("1 more"), "{}", long[0].2);
}

#[test]
fn a_timestamp_a_day_from_the_frame_before_is_probable_damage() {
    let mut f = pcap_header(1);
    let t = 1_700_000_000u32;
    pcap_record(&mut f, t, 42, &arp_frame());
    pcap_record(&mut f, t + 3600, 42, &arp_frame()); // an hour: a quiet link, not damage
    pcap_record(&mut f, t + 3600 + 3 * 86_400, 42, &arp_frame()); // three days on
    pcap_record(&mut f, t + 3600 + 3 * 86_400 + 1, 42, &arp_frame());
    let notes = kinds(&f);
    let jumps: Vec<_> = notes.iter().filter(|n| n.0 == NoteKind::TimeJump).collect();
    assert_eq!(jumps.len(), 1, "{notes:?}");
    assert_eq!(jumps[0].1, Some(3));
    assert!(jumps[0].2.contains("3.0 days after the frame before"), "{}", jumps[0].2);
    // Backwards too.
    let mut f = pcap_header(1);
    pcap_record(&mut f, t, 42, &arp_frame());
    pcap_record(&mut f, t - 2 * 86_400, 42, &arp_frame());
    let notes = kinds(&f);
    assert!(notes.iter().any(|n| n.0 == NoteKind::TimeJump && n.2.contains("2.0 days before")), "{notes:?}");
}
