//! The whole pipeline, bytes to analysis, on one buffer: no panic, no hang,
//! and the model's figures within what the input can hold.
#![no_main]

use libfuzzer_sys::fuzz_target;
use postscope_core::{analyze, Options};

fuzz_target!(|data: &[u8]| {
    let a = analyze(data, Options::default());
    // Frames are at least 12 bytes of file each (a pcapng simple packet block
    // of an empty packet) after a 24- or 28-byte header; gzip can multiply.
    if !a.capture.gzip {
        assert!(a.capture.packets as usize <= data.len() / 12, "{} frames from {} bytes", a.capture.packets, data.len());
    }
    for n in a.capture.warnings.iter().chain(&a.capture.comments) {
        if let (Some(at), false) = (n.offset, a.capture.gzip) {
            assert!(at <= data.len() as u64, "note offset {at} beyond {} bytes: {}", data.len(), n.text());
        }
        if let Some(f) = n.frame {
            assert!(f <= a.capture.packets + 1, "note about frame {f} of {}: {}", a.capture.packets, n.text());
        }
    }
    for s in &a.streams {
        assert!(s.first_frame >= 1 && s.first_frame <= s.last_frame && s.last_frame <= a.capture.packets);
        assert!(s.packets <= a.capture.packets);
    }
    // The JSON Lines writer copes with whatever the analysis holds.
    let _ = serde_json::to_string(&a).unwrap();
});
