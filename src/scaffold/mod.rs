//! Starting files for a new user: an empty baseline workbook to fill in
//! (`savings template`) and a commented model file of each kind to fill in
//! (`savings new KIND`). Both are written whole or not at all, and never
//! over an existing file unless asked.

pub mod template;

use crate::error::{Error, Problem, Result};
use crate::model::Kind;
use std::path::Path;

/// The commented model file of `kind`: every key with a comment, the
/// defaults written out, optional keys commented out. Its example values
/// refer to the bundled workbook, against which it validates as written.
pub fn model_toml(kind: Kind) -> &'static str {
    kind.template()
}

/// Checks that `path` may receive a new file with extension `ext`: not a
/// folder, the right extension, and not an existing file unless `force`.
pub fn check_new_file(path: &Path, ext: &str, force: bool) -> Result<()> {
    let problem = |message: String| Err(Error::input(Problem::file(path, message)));
    if path.is_dir() {
        return problem(format!(
            "is a folder; give a file name ending .{ext}, e.g. {}",
            path.join(format!("new.{ext}")).display()
        ));
    }
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
    {
        return problem(format!("must end .{ext}"));
    }
    if path.exists() && !force {
        return problem(
            "already exists and was left as it is; choose another name, or add --force to replace it"
                .into(),
        );
    }
    Ok(())
}

/// Writes a new file atomically after [`check_new_file`].
pub fn write_new(path: &Path, ext: &str, bytes: &[u8], force: bool) -> Result<()> {
    check_new_file(path, ext, force)?;
    crate::output::write_atomic(path, bytes)
}

/// Writes the template workbook to `path`.
pub fn write_template(path: &Path, force: bool) -> Result<()> {
    let bytes = template::template_xlsx()
        .map_err(|e| Error::Internal(format!("the template workbook: {e}")))?;
    write_new(path, "xlsx", &bytes, force)
}

/// Writes the commented model file of `kind` to `path`.
pub fn write_model(kind: Kind, path: &Path, force: bool) -> Result<()> {
    write_new(path, "toml", model_toml(kind).as_bytes(), force)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared_service() -> Kind {
        Kind::of::<crate::kinds::shared_service::SharedService>()
    }

    #[test]
    fn every_kind_has_a_model_naming_its_kind() {
        for k in Kind::all().iter().copied() {
            let text = model_toml(k);
            assert!(
                text.contains(&format!("kind = \"{}\"", k.name())),
                "{}",
                k.name()
            );
        }
    }

    #[test]
    fn an_existing_file_is_kept_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.toml");
        std::fs::write(&p, "mine").unwrap();
        let e = write_model(shared_service(), &p, false).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("--force"), "{e}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "mine");
        write_model(shared_service(), &p, true).unwrap();
        assert!(std::fs::read_to_string(&p)
            .unwrap()
            .contains("shared_service"));
        let e = write_model(shared_service(), dir.path(), false).unwrap_err();
        assert!(e.to_string().contains("is a folder"), "{e}");
        let e = write_template(&dir.path().join("t.xls"), false).unwrap_err();
        assert!(e.to_string().contains("must end .xlsx"), "{e}");
    }
}
