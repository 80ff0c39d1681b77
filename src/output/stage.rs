//! Writing a run's files as one step: staged, then moved into place, under
//! a lock.
//!
//! Every file of a run (`savings run`, `--trace`, `savings compare`) is
//! written into a staging folder inside `--out`,
//! `OUT/.savings-staging-<pid>-<nanos>/new/`. Only when every file is
//! written is each top-level folder (a model's, or `comparison`) moved into
//! place: the previous folder is renamed aside into the staging folder's
//! `old/`, the new one renamed in; when all are in, the previous ones are
//! deleted. A failure at any point moves back what was moved, so the
//! previous outputs stay as they were. Files in a previous folder that the
//! run does not write (a user's notes) are carried into the new folder.
//!
//! The run holds an exclusive lock on `OUT/.savings.lock` while it stages
//! and moves; a second run into the same folder at that time refuses (exit
//! 2). The lock file stays, empty: deleting it would let two runs lock
//! different files.
//!
//! Left by killed runs, and cleared by the next run (under the lock):
//! staging folders and `.NAME.tmp-PID` files in `OUT` or a folder of it,
//! whose process is no longer running or that are older than
//! [`STALE_AFTER`]. A previous folder that a killed run had moved aside and
//! not replaced is moved back first.
//!
//! For tests only: `SAVINGS_FAIL_AFTER_FILES=N` makes a run fail after
//! staging N files, `SAVINGS_FAIL_AFTER_FOLDERS=N` after moving N folders
//! into place.

use crate::error::{Error, Problem, Result};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The lock file in `--out`.
pub const LOCK_FILE: &str = ".savings.lock";
/// How a staging folder's name starts.
pub const STAGING_PREFIX: &str = ".savings-staging-";
/// A staging folder or temporary file this old is stale even if a process
/// with its number is running (process numbers are reused).
pub const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// Writes `files` (every path inside `out`) as one step and returns their
/// paths.
pub fn publish(out: &Path, files: super::Files) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let _lock = lock(out)?;
    clear_stale(out);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let staging = out.join(format!("{STAGING_PREFIX}{}-{nanos}", std::process::id()));
    for sub in ["new", "old"] {
        let d = staging.join(sub);
        std::fs::create_dir_all(&d).map_err(|e| Error::io(&d, e))?;
    }
    let result = stage(out, &staging, &files).and_then(|folders| move_in(out, &staging, &folders));
    match &result {
        // A failed roll-back leaves the previous folders in `old/`, for
        // the next run to move back: keep the staging folder then.
        Err(Error::Internal(m)) if m.contains(ROLLBACK_FAILED) => {}
        _ => {
            let _ = std::fs::remove_dir_all(&staging);
        }
    }
    result?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

const ROLLBACK_FAILED: &str = "could not be moved back";

/// Takes the output folder's lock, or refuses when another run holds it.
fn lock(out: &Path) -> Result<std::fs::File> {
    let path = out.join(LOCK_FILE);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::input(Problem::file(
            out,
            "another savings run is writing there (it holds .savings.lock); \
             wait for it to finish and run again, or choose another --out folder",
        ))),
        // A file system without locks: write unlocked rather than not at all.
        Err(std::fs::TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {
            Ok(file)
        }
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io(&path, e)),
    }
}

/// A number from a test-only environment variable.
fn fault(var: &str) -> Option<usize> {
    std::env::var(var).ok()?.trim().parse().ok()
}

fn injected(var: &str, path: &Path) -> Error {
    Error::io(
        path,
        std::io::Error::other(format!("injected failure ({var}, for tests)")),
    )
}

/// Writes every file under `staging/new/`; returns the top-level folders
/// in the order first written.
fn stage(out: &Path, staging: &Path, files: &super::Files) -> Result<Vec<OsString>> {
    let fail_after = fault("SAVINGS_FAIL_AFTER_FILES");
    let mut folders: Vec<OsString> = Vec::new();
    for (i, (path, bytes)) in files.iter().enumerate() {
        if fail_after == Some(i) {
            return Err(injected("SAVINGS_FAIL_AFTER_FILES", path));
        }
        let outside = || {
            Error::Internal(format!(
                "{} is not inside {}",
                path.display(),
                out.display()
            ))
        };
        let rel = path.strip_prefix(out).map_err(|_| outside())?;
        let parts: Vec<&std::ffi::OsStr> = rel
            .components()
            .map(|c| match c {
                Component::Normal(p) => Ok(p),
                _ => Err(outside()),
            })
            .collect::<Result<_>>()?;
        let [folder, _, ..] = parts[..] else {
            return Err(outside());
        };
        if !folders.iter().any(|f| f == folder) {
            folders.push(folder.to_os_string());
        }
        let target = staging.join("new").join(rel);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(path, e))?;
        }
        let write = || -> std::io::Result<()> {
            let mut f = std::fs::File::create(&target)?;
            f.write_all(bytes)
        };
        write().map_err(|e| Error::io(path, e))?;
    }
    Ok(folders)
}

/// Moves each staged folder into place; on failure moves every one back.
fn move_in(out: &Path, staging: &Path, folders: &[OsString]) -> Result<()> {
    let fail_after = fault("SAVINGS_FAIL_AFTER_FOLDERS");
    let mut moved: Vec<(&OsString, bool)> = Vec::new();
    for (k, name) in folders.iter().enumerate() {
        let step = if fail_after == Some(k) {
            Err(injected("SAVINGS_FAIL_AFTER_FOLDERS", &out.join(name)))
        } else {
            swap(out, staging, name)
        };
        match step {
            Ok(had_old) => moved.push((name, had_old)),
            Err(e) => {
                let mut failed = Vec::new();
                for (name, had_old) in moved.iter().rev() {
                    if let Err(err) = swap_back(out, staging, name, *had_old) {
                        failed.push(format!("{}: {err}", out.join(name).display()));
                    }
                }
                if failed.is_empty() {
                    return Err(e);
                }
                return Err(Error::Internal(format!(
                    "{e}; and the previous outputs {ROLLBACK_FAILED} ({}); \
                     they are kept in {} and the next run puts them back",
                    failed.join("; "),
                    staging.join("old").display()
                )));
            }
        }
    }
    Ok(())
}

/// Moves `new/NAME` to `OUT/NAME`, the previous `OUT/NAME` (if any) aside
/// to `old/NAME`; whether there was a previous one.
fn swap(out: &Path, staging: &Path, name: &OsString) -> Result<bool> {
    let target = out.join(name);
    let new = staging.join("new").join(name);
    let old = staging.join("old").join(name);
    let io = |e| Error::io(&target, e);
    match std::fs::symlink_metadata(&target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::rename(&new, &target).map_err(io)?;
            Ok(false)
        }
        Err(e) => Err(io(e)),
        Ok(_) if !target.is_dir() => Err(Error::input(Problem::file(
            &target,
            "is a file, not a folder, so the outputs cannot be written into it; \
             choose another --out folder, or move the file",
        ))),
        Ok(_) => {
            carry_over(&target, &new).map_err(io)?;
            std::fs::rename(&target, &old).map_err(io)?;
            if let Err(e) = std::fs::rename(&new, &target) {
                let _ = std::fs::rename(&old, &target);
                return Err(io(e));
            }
            Ok(true)
        }
    }
}

/// Undoes [`swap`].
fn swap_back(out: &Path, staging: &Path, name: &OsString, had_old: bool) -> std::io::Result<()> {
    let target = out.join(name);
    std::fs::rename(&target, staging.join("new").join(name))?;
    if had_old {
        std::fs::rename(staging.join("old").join(name), &target)?;
    }
    Ok(())
}

/// Links (or copies) into `new` every entry of the previous folder that
/// the run does not write, but stale temporary files.
fn carry_over(previous: &Path, new: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(previous)? {
        let entry = entry?;
        let name = entry.file_name();
        let to = new.join(&name);
        // A trace from an earlier run would describe other figures: a run
        // without --trace drops it rather than keep it beside new figures.
        let stale_trace = name == "trace.json";
        if std::fs::symlink_metadata(&to).is_ok() || is_stale_tmp(&entry.path()) || stale_trace {
            continue;
        }
        link_tree(&entry.path(), &to)?;
    }
    Ok(())
}

fn link_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    let meta = std::fs::symlink_metadata(from)?;
    if meta.is_dir() {
        std::fs::create_dir(to)?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            link_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        return Ok(());
    }
    #[cfg(unix)]
    if meta.file_type().is_symlink() {
        return std::os::unix::fs::symlink(std::fs::read_link(from)?, to);
    }
    if std::fs::hard_link(from, to).is_err() {
        std::fs::copy(from, to)?;
    }
    Ok(())
}

/// Removes what killed runs left: stale staging folders (after moving back
/// any previous folder they had moved aside and not replaced) and stale
/// `.NAME.tmp-PID` files in `out` and its folders. Best effort: what
/// cannot be removed is left for a later run.
fn clear_stale(out: &Path) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(rest) = name.strip_prefix(STAGING_PREFIX) {
            let pid = rest.split('-').next().and_then(|p| p.parse().ok());
            if is_stale(&path, pid) {
                restore_moved_aside(out, &path.join("old"));
                let _ = std::fs::remove_dir_all(&path);
            }
        } else if is_stale_tmp(&path) {
            let _ = std::fs::remove_file(&path);
        } else if entry.file_type().is_ok_and(|t| t.is_dir()) {
            for inner in std::fs::read_dir(&path).into_iter().flatten().flatten() {
                if is_stale_tmp(&inner.path()) {
                    let _ = std::fs::remove_file(inner.path());
                }
            }
        }
    }
}

fn restore_moved_aside(out: &Path, old: &Path) {
    for entry in std::fs::read_dir(old).into_iter().flatten().flatten() {
        let target = out.join(entry.file_name());
        if std::fs::symlink_metadata(&target).is_err() {
            let _ = std::fs::rename(entry.path(), target);
        }
    }
}

/// A temporary file `.NAME.tmp-PID` of a writer that is gone.
fn is_stale_tmp(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    let Some((_, pid)) = name.strip_prefix('.').and_then(|n| n.rsplit_once(".tmp-")) else {
        return false;
    };
    let Ok(pid) = pid.parse::<u32>() else {
        return false;
    };
    path.is_file() && is_stale(path, Some(pid))
}

/// Whether what a process left is stale: the process is not running, or
/// the entry is older than [`STALE_AFTER`].
fn is_stale(path: &Path, pid: Option<u32>) -> bool {
    let old = std::fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > STALE_AFTER);
    old || pid.is_none_or(|p| !alive(p))
}

/// Whether a process is running. Where that cannot be told (no `/proc`),
/// it is taken to be, and only age makes its files stale.
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_files_of_dead_processes_are_stale() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dir.path().join(".summary.json.tmp-999999999");
        let live = dir
            .path()
            .join(format!(".summary.json.tmp-{}", std::process::id()));
        let other = dir.path().join("summary.json.tmp-999999999");
        for p in [&dead, &live, &other] {
            std::fs::write(p, "x").unwrap();
        }
        assert!(is_stale_tmp(&dead));
        assert!(!is_stale_tmp(&live));
        assert!(!is_stale_tmp(&other));
    }

    #[test]
    fn files_outside_out_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        for p in ["elsewhere/a/x.csv", "out/x.csv", "out/../a/x.csv"] {
            let r = publish(&out, vec![(dir.path().join(p), b"x".to_vec())]);
            assert!(matches!(r, Err(Error::Internal(_))), "{p}");
        }
        assert!(!dir.path().join("a").exists());
    }
}
