//! A helpdesk's export files as the sources read them: held in memory, or named by a path and
//! streamed, so an export larger than memory (a 100,000-ticket Zendesk export with its audits is
//! about 800 MB) is read one record at a time. Reading reports its progress, in bytes, and can
//! be cancelled between any two reads: nothing is written to the database until the whole
//! export has been read and checked, so a cancelled import leaves nothing.

use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::SystemTime;

use accord_core::InputError;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::AppError;
use crate::import::InputFile;

/// One file of a helpdesk's export.
#[derive(Clone, Debug)]
pub struct ExportFile {
    /// Its name, for messages (the path as given, or the name it came with).
    pub name: String,
    data: Data,
}

#[derive(Clone, Debug)]
enum Data {
    /// Read already (shared: the desktop keeps the picked files across previews).
    Bytes(Arc<[u8]>),
    /// Read when needed, in pieces; its size and modification time when it was chosen.
    Path(PathBuf, u64, Option<SystemTime>),
}

impl ExportFile {
    /// A file already in memory.
    #[must_use]
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        Self {
            name: name.into(),
            data: Data::Bytes(bytes.into()),
        }
    }

    /// A file on disk, read when a source needs it.
    ///
    /// # Errors
    /// When it is not a file that can be read.
    pub fn from_path(path: &Path) -> io::Result<Self> {
        let meta = std::fs::metadata(path)?;
        if !meta.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is not a file", path.display()),
            ));
        }
        // Opening it now says at once when it cannot be read.
        std::fs::File::open(path)?;
        Ok(Self {
            name: path.display().to_string(),
            data: Data::Path(path.to_owned(), meta.len(), meta.modified().ok()),
        })
    }

    /// Its size in bytes.
    #[must_use]
    pub fn len(&self) -> u64 {
        match &self.data {
            Data::Bytes(b) => b.len() as u64,
            Data::Path(_, n, _) => *n,
        }
    }

    /// Whether it is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Its content as a reader counted into `ctl`'s progress and stopped by its cancel.
    pub(crate) fn open<'a>(&'a self, ctl: &'a Control) -> Result<impl BufRead + 'a, InputError> {
        let inner: Box<dyn Read + 'a> = match &self.data {
            Data::Bytes(b) => Box::new(&b[..]),
            Data::Path(p, len, modified) => {
                let cannot =
                    |e: io::Error| InputError::whole_file(&self.name, format!("cannot read: {e}"));
                let f = std::fs::File::open(p).map_err(cannot)?;
                let meta = f.metadata().map_err(cannot)?;
                // What was previewed is what is imported: a file changed since it was chosen
                // is refused rather than read as something else.
                if meta.len() != *len || meta.modified().ok() != *modified {
                    return Err(InputError::whole_file(
                        &self.name,
                        "changed since it was chosen: choose it again",
                    ));
                }
                Box::new(f)
            }
        };
        Ok(BufReader::with_capacity(1 << 16, Counted { inner, ctl }))
    }

    /// The whole file in memory, for the sources that read an export at once.
    ///
    /// # Errors
    /// When it cannot be read ([`AppError::Cancelled`] when cancelled).
    pub(crate) fn load(&self, ctl: &Control) -> Result<InputFile, AppError> {
        let bytes = match &self.data {
            Data::Bytes(b) => {
                ctl.advance(b.len() as u64)?;
                b.to_vec()
            }
            Data::Path(_, n, _) => {
                let mut out = Vec::with_capacity(usize::try_from(*n).unwrap_or(0));
                self.open(ctl)?
                    .read_to_end(&mut out)
                    .map_err(|e| ctl.io_error(&self.name, &e))?;
                out
            }
        };
        Ok(InputFile {
            name: self.name.clone(),
            bytes,
        })
    }
}

impl From<InputFile> for ExportFile {
    fn from(f: InputFile) -> Self {
        Self::from_bytes(f.name, f.bytes)
    }
}

/// Every file loaded whole (see [`ExportFile::load`]).
///
/// # Errors
/// As [`ExportFile::load`].
pub(crate) fn load_all(files: &[ExportFile], ctl: &Control) -> Result<Vec<InputFile>, AppError> {
    files.iter().map(|f| f.load(ctl)).collect()
}

/// How far an import has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Reading the export's files (`done` of `total` bytes).
    Reading,
    /// Checking the tickets and events against the database (nothing written yet).
    Checking,
    /// Writing, in one transaction: it can no longer be cancelled.
    Writing,
}

/// A step of an import's progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Progress {
    /// The stage.
    pub stage: Stage,
    /// Bytes read so far (while reading).
    pub done: u64,
    /// Bytes to read in all (while reading; it may grow when a file must be read twice).
    pub total: u64,
}

type Report = dyn Fn(Progress) + Send + Sync;

/// An import's progress reporting and cancellation, shared by the one who runs it and the one
/// who may cancel it.
#[derive(Clone, Default)]
pub struct Control {
    cancel: Arc<AtomicBool>,
    done: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
    /// The last thousandth reported, so progress is sent a thousand times at most.
    shown: Arc<AtomicU64>,
    report: Option<Arc<Report>>,
}

impl std::fmt::Debug for Control {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Control")
            .field("cancelled", &self.is_cancelled())
            .field("done", &self.done.load(Ordering::Relaxed))
            .field("total", &self.total.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl Control {
    /// A control whose progress goes to `report`.
    #[must_use]
    pub fn reporting(report: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        Self {
            report: Some(Arc::new(report)),
            ..Self::default()
        }
    }

    /// Asks the import to stop at its next read; it then ends with [`AppError::Cancelled`].
    /// Once it is writing, this no longer stops it.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }

    /// Whether [`Control::cancel`] was called.
    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }

    /// Fails with [`AppError::Cancelled`] when cancelled.
    ///
    /// # Errors
    /// As said.
    pub fn check(&self) -> Result<(), AppError> {
        if self.is_cancelled() {
            Err(AppError::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Adds `n` bytes to read.
    pub(crate) fn expect(&self, n: u64) {
        self.total.fetch_add(n, Ordering::Relaxed);
        self.send(Stage::Reading);
    }

    /// Counts `n` bytes read.
    fn advance(&self, n: u64) -> Result<(), AppError> {
        self.check()?;
        self.done.fetch_add(n, Ordering::Relaxed);
        self.send(Stage::Reading);
        Ok(())
    }

    /// Reports a stage after reading.
    pub(crate) fn stage(&self, stage: Stage) {
        if let Some(r) = &self.report {
            r(Progress {
                stage,
                done: self.done.load(Ordering::Relaxed),
                total: self.total.load(Ordering::Relaxed),
            });
        }
    }

    fn send(&self, stage: Stage) {
        let Some(r) = &self.report else { return };
        let done = self.done.load(Ordering::Relaxed);
        let total = self.total.load(Ordering::Relaxed).max(done);
        let permille = (done * 1000).checked_div(total).unwrap_or(0);
        if self.shown.swap(permille, Ordering::Relaxed) != permille || done == 0 {
            r(Progress { stage, done, total });
        }
    }

    /// A read's failure as the import's error: cancelled, or the file's error located.
    pub(crate) fn io_error(&self, file: &str, e: &io::Error) -> AppError {
        if self.is_cancelled() {
            AppError::Cancelled
        } else {
            InputError::whole_file(file, format!("cannot read: {e}")).into()
        }
    }

    /// A streamed JSON file's failure as the import's error: cancelled, a read failure, or the
    /// JSON's problem located by line and column.
    pub(crate) fn json_error(&self, file: &str, e: &serde_json::Error) -> AppError {
        if self.is_cancelled() {
            return AppError::Cancelled;
        }
        let reason = if e.is_data() {
            // A value of the wrong shape where the reader expected a list or an object.
            strip_position(e)
        } else if e.is_io() {
            format!("cannot read: {}", strip_position(e))
        } else {
            format!("not valid JSON: {e}")
        };
        InputError {
            file: file.to_owned(),
            line: e.line(),
            column: e.column(),
            key: String::new(),
            reason,
        }
        .into()
    }
}

/// An error's text without serde_json's " at line L column C" (the location has its fields).
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    s.rfind(" at line ")
        .map_or(s.clone(), |i| s[..i].to_owned())
}

/// A reader that counts what it reads into a [`Control`] and stops when it is cancelled.
struct Counted<'a, R> {
    inner: R,
    ctl: &'a Control,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.ctl.is_cancelled() {
            // Not `Interrupted`: readers retry that.
            return Err(io::Error::other("the import was cancelled"));
        }
        let n = self.inner.read(buf)?;
        self.ctl
            .advance(n as u64)
            .map_err(|_| io::Error::other("the import was cancelled"))?;
        Ok(n)
    }
}

/// What a streamed JSON object held under one of the wanted keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Held {
    /// A list, whose items were handed over.
    List,
    /// Something else.
    NotAList,
}

/// Streams a JSON file whose top level is an object: each item of the list under each of the
/// `wanted` keys marked `true` is handed to `each(key, index, item)` as it is read; the lists
/// of keys marked `false` are only noted, and every other value is skipped unread, so memory
/// holds one item at a time. Returns the wanted keys found, in file order, with what they
/// held.
///
/// # Errors
/// The JSON's syntax, a top level that is not an object, a read failure, cancellation.
pub(crate) fn stream_lists(
    file: &ExportFile,
    ctl: &Control,
    wanted: &[(&'static str, bool)],
    each: &mut dyn FnMut(&'static str, usize, Value),
) -> Result<Vec<(&'static str, Held)>, AppError> {
    let reader = file.open(ctl)?;
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut found = Vec::new();
    Top {
        wanted,
        each,
        found: &mut found,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end())
    .map_err(|e| ctl.json_error(&file.name, &e))?;
    Ok(found)
}

/// Reads as little of a JSON file as tells what it is: the first of the `wanted` keys at its
/// top level, and the first item of the list there (`None` when the list is empty or it is no
/// list). `None` when the file is not a JSON object or holds none of the keys.
pub(crate) fn peek(
    file: &ExportFile,
    wanted: &[&'static str],
) -> Option<(&'static str, Option<Value>)> {
    let ctl = Control::default();
    let reader = file.open(&ctl).ok()?;
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut seen = None;
    // Stops at the first item: the error that stopping gives is expected and ignored.
    let _ = Peek {
        wanted,
        seen: &mut seen,
    }
    .deserialize(&mut de);
    seen
}

struct Top<'a> {
    wanted: &'a [(&'static str, bool)],
    each: &'a mut dyn FnMut(&'static str, usize, Value),
    found: &'a mut Vec<(&'static str, Held)>,
}

impl<'de> DeserializeSeed<'de> for Top<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys: Vec<&str> = self.wanted.iter().map(|(k, _)| *k).collect();
        write!(f, "an object with {}", keys.join(" or "))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if let Some(&(w, read)) = self.wanted.iter().find(|(w, _)| *w == key) {
                let held = map.next_value_seed(Items {
                    key: w,
                    each: read.then_some(&mut *self.each),
                })?;
                self.found.push((w, held));
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct Items<'a> {
    key: &'static str,
    /// `None`: the items are skipped unread.
    each: Option<&'a mut dyn FnMut(&'static str, usize, Value)>,
}

impl<'de> DeserializeSeed<'de> for Items<'_> {
    type Value = Held;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Held, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Items<'_> {
    type Value = Held;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a list of {}", self.key)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Held, A::Error> {
        match self.each {
            Some(each) => {
                let mut i = 0;
                while let Some(item) = seq.next_element::<Value>()? {
                    each(self.key, i, item);
                    i += 1;
                }
            }
            None => while seq.next_element::<IgnoredAny>()?.is_some() {},
        }
        Ok(Held::List)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Held, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Held::NotAList)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Held, E> {
        Ok(Held::NotAList)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Held, E> {
        Ok(Held::NotAList)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Held, E> {
        Ok(Held::NotAList)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Held, E> {
        Ok(Held::NotAList)
    }
    fn visit_str<E>(self, _: &str) -> Result<Held, E> {
        Ok(Held::NotAList)
    }
    fn visit_unit<E>(self) -> Result<Held, E> {
        Ok(Held::NotAList)
    }
}

struct Peek<'a> {
    wanted: &'a [&'static str],
    seen: &'a mut Option<(&'static str, Option<Value>)>,
}

impl<'de> DeserializeSeed<'de> for Peek<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Peek<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        use serde::de::Error as _;
        while let Some(key) = map.next_key::<String>()? {
            if let Some(&w) = self.wanted.iter().find(|w| **w == key) {
                *self.seen = Some((w, None));
                map.next_value_seed(First {
                    slot: &mut *self.seen,
                })?;
                // Enough is known: an error stops the reading here.
                return Err(A::Error::custom("peeked"));
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

/// Puts a list's first item in the peek's slot, then stops the reading (with an error, the
/// one way serde has to stop early); an empty list leaves the item `None`, and a value that is
/// no list empties the slot.
struct First<'a> {
    slot: &'a mut Option<(&'static str, Option<Value>)>,
}

impl<'de> DeserializeSeed<'de> for First<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for First<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        use serde::de::Error as _;
        if let (Some(v), Some((_, item))) = (seq.next_element::<Value>()?, self.slot.as_mut()) {
            *item = Some(v);
        }
        Err(A::Error::custom("peeked"))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        *self.slot = None;
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        *self.slot = None;
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        *self.slot = None;
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        *self.slot = None;
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        *self.slot = None;
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        *self.slot = None;
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        *self.slot = None;
        Ok(())
    }
}
