//! Opening an input file safely: only a regular file is read (a FIFO would
//! block the run, `/dev/zero` would never end), and a model file is read
//! up to a size cap, never further.

use crate::error::Problem;
use std::io::Read;
use std::path::Path;

/// The largest model file read: 1 MiB, far above any hand-written model.
pub const MODEL_FILE_LIMIT: u64 = 1024 * 1024;

/// Refuses anything but a regular file (or a link to one), before opening
/// it: opening a FIFO for reading waits for a writer. `what` names the
/// input, e.g. "the model file".
pub fn check_regular(path: &Path, what: &str) -> Result<(), Problem> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(()),
        Ok(m) => Err(Problem::file(
            path,
            format!(
                "is not a regular file (it is {}); name {what} itself",
                if m.is_dir() {
                    "a folder"
                } else {
                    "a device, pipe or socket"
                }
            ),
        )),
        Err(e) => Err(Problem::file(path, format!("cannot read {what}: {e}"))),
    }
}

/// A regular file's bytes, refused when it holds more than `limit` bytes;
/// at most `limit + 1` bytes are read whatever the file claims.
pub fn read_capped(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, Problem> {
    check_regular(path, what)?;
    let cannot = |e: std::io::Error| Problem::file(path, format!("cannot read {what}: {e}"));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(Problem::file(
            path,
            format!(
                "is larger than {} MiB, the limit for {what}; is it the right file?",
                limit / (1024 * 1024)
            ),
        ));
    }
    Ok(bytes)
}
