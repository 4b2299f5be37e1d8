//! The built-in samples, embedded at build time from assets/samples (see build.rs).

/// A capture that ships with the app.
#[derive(Debug, PartialEq, Eq)]
pub struct Sample {
    pub file: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub bytes: &'static [u8],
    /// Its guided tour (JSON, `postscope_core::tour`), from NAME.tour.json beside it.
    pub tour: Option<&'static str>,
}

include!(concat!(env!("OUT_DIR"), "/samples.rs"));

/// The sample the app opens with.
pub fn default_sample() -> Option<&'static Sample> {
    SAMPLES.first()
}
