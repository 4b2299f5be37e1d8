//! The streaming sinks of `--json` and of the transcript: each finished
//! conversation is written out at once (its explanations rendered in its own
//! context) and dropped; the bytes wait in a [`Spool`] for the capture's
//! record, which the end of the file completes.

use crate::spool::Spool;
use postscope_core::explain::Locale;
use postscope_core::frames::Frames;
use postscope_core::jsonl;
use postscope_core::model::{CaptureInfo, Stream};
use postscope_core::Sink;
use std::io::Write;

/// `--json`: the JSON Lines of the contract, byte for byte those of
/// [`jsonl::write_in`] on the whole analysis in the same locale.
pub struct Json {
    locale: Locale,
    spool: Spool,
    capture: Option<CaptureInfo>,
    buf: Vec<u8>,
}

impl Json {
    pub fn new(locale: Locale) -> Self {
        Json { locale, spool: Spool::default(), capture: None, buf: Vec::new() }
    }

    pub fn write(self, w: &mut impl Write) -> std::io::Result<()> {
        jsonl::write_record(&jsonl::capture_record_in(&self.capture.unwrap_or_default(), self.locale), w)?;
        self.spool.write_in_order(w)
    }
}

impl Sink for Json {
    fn stream(&mut self, s: Stream) {
        self.buf.clear();
        // Writing to a Vec cannot fail.
        let _ = jsonl::write_stream_in(&s, self.locale, &mut self.buf);
        self.spool.push(s.stream, &self.buf);
    }
    fn finish(&mut self, capture: CaptureInfo, _: Frames) {
        self.capture = Some(capture);
    }
    fn keeps_frames(&self) -> bool {
        false
    }
}

/// The text transcript, with the capture's control characters shown, not sent.
pub struct Transcript {
    locale: Locale,
    spool: Spool,
    capture: Option<CaptureInfo>,
    buf: Vec<u8>,
}

impl Transcript {
    pub fn new(locale: Locale) -> Self {
        Transcript { locale, spool: Spool::default(), capture: None, buf: Vec::new() }
    }

    pub fn write(self, w: &mut impl Write) -> std::io::Result<()> {
        let mut head = Vec::new();
        crate::transcript_header(&self.capture.unwrap_or_default(), self.locale, &mut head)?;
        crate::write_visible(&mut head, w)?;
        self.spool.write_in_order(w)
    }
}

impl Sink for Transcript {
    fn stream(&mut self, s: Stream) {
        self.buf.clear();
        let _ = crate::transcript_stream(&s, self.locale, &mut self.buf);
        let mut shown = Vec::new();
        let _ = crate::write_visible(&mut self.buf, &mut shown);
        self.spool.push(s.stream, &shown);
    }
    fn finish(&mut self, capture: CaptureInfo, _: Frames) {
        self.capture = Some(capture);
    }
    fn keeps_frames(&self) -> bool {
        false
    }
}
