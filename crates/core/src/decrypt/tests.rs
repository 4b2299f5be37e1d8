use super::*;

#[test]
fn message_scan_finds_messages_split_anyhow() {
    // EncryptedExtensions (2 bytes), Finished (3 bytes), KeyUpdate (1 byte)
    let msgs = [8, 0, 0, 2, 0, 0, 20, 0, 0, 3, 1, 2, 3, 24, 0, 0, 1, 0];
    for cut in 0..msgs.len() {
        let mut scan = MessageScan::default();
        let mut ended = scan.feed(&msgs[..cut]);
        ended.extend(scan.feed(&msgs[cut..]));
        assert_eq!(ended, vec![8, 20, 24], "cut at {cut}");
    }
    let mut scan = MessageScan::default();
    assert_eq!(scan.feed(&[4, 0, 0, 0, 11, 0xff]), vec![4]);
    assert_eq!(scan.remaining, 0);
    assert_eq!(scan.header, vec![11, 0xff]);
}
