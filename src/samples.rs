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
    /// The tour in other languages (a locale's tag, its JSON), from NAME.tour.TAG.json beside it.
    pub tours: &'static [(&'static str, &'static str)],
    /// The TLS key log its client wrote, when it comes with one: the sample is read with it.
    pub keylog: Option<&'static [u8]>,
}

impl Sample {
    /// The sample's key log, parsed (never leaves the page).
    pub fn keys(&self) -> Option<std::sync::Arc<postscope_core::decrypt::KeyLog>> {
        self.keylog.map(|k| std::sync::Arc::new(postscope_core::decrypt::KeyLog::parse(k)))
    }
}

/// The options a sample is read with: its own key log, if it has one, else the user's.
pub fn sample_options(bytes: &'static [u8], mut options: postscope_core::Options) -> postscope_core::Options {
    if let Some(keys) = SAMPLES.iter().find(|s| std::ptr::eq(s.bytes, bytes)).and_then(Sample::keys) {
        options.keylog = Some(keys);
    }
    options
}

include!(concat!(env!("OUT_DIR"), "/samples.rs"));

impl Sample {
    /// The key of its words in the interface's tables (`sample.NAME.title`, `sample.NAME.summary`).
    fn key(&self, part: &str) -> String {
        format!("sample.{}.{part}", self.file.trim_end_matches(".pcap"))
    }
    /// Its title in `lc` (the English title stays its name in the page's state and links).
    pub fn title_in(&self, lc: crate::i18n::Locale) -> String {
        let key = self.key("title");
        if crate::i18n::UI.has(lc, &key) {
            crate::i18n::tf(lc, &key, &[])
        } else {
            self.title.to_string()
        }
    }
    /// Its tour in `lc`: the translation, else the English one.
    pub fn tour_in(&self, lc: crate::i18n::Locale) -> Option<&'static str> {
        self.tours.iter().find(|(tag, _)| *tag == lc.tag()).map(|(_, json)| *json).or(self.tour)
    }
    /// Its summary in `lc`.
    pub fn summary_in(&self, lc: crate::i18n::Locale) -> String {
        let key = self.key("summary");
        if crate::i18n::UI.has(lc, &key) {
            crate::i18n::tf(lc, &key, &[])
        } else {
            self.summary.to_string()
        }
    }
}

/// The title of the sample called `title` (its English title) in `lc`.
pub fn title_in(lc: crate::i18n::Locale, title: &str) -> String {
    SAMPLES.iter().find(|s| s.title == title).map_or_else(|| title.to_string(), |s| s.title_in(lc))
}

/// The sample the app opens with.
pub fn default_sample() -> Option<&'static Sample> {
    SAMPLES.first()
}
