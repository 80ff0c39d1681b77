//! Reading a council's baseline workbook (SPEC section 6).
//!
//! One mechanism for every sheet: find the sheet by normalised name, find
//! its header row, match columns by normalised name, then convert each row
//! into a typed, checked value ([`crate::baseline`]). Every bad cell is
//! reported with its A1 address, all of them together; a workbook with any
//! problem yields no baseline at all.

pub mod grid;
pub mod guard;
mod sheets;
mod table;

pub use sheets::{layout, ReadOptions};
pub use table::{a1, column_letters, header_key, normalise, Layout};

use crate::baseline::{Baseline, Sheet};
use crate::error::{Error, Problem, Result};
use calamine::{open_workbook_auto_from_rs, Data, Range, Reader, Sheets};
use grid::{Collector, Grid};
use sha2::{Digest, Sha256};
use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The SHA-256 of a file's bytes, in hex, for `summary.json`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads and checks every sheet the workbook has.
///
/// Errors: [`Error::Input`] with every problem found (file not found, not
/// a workbook, bad cells, …).
pub fn read_baseline(path: &Path) -> Result<Baseline> {
    read_baseline_with(path, &ReadOptions::default())
}

/// [`read_baseline`], leaving out the columns `options` names.
pub fn read_baseline_with(path: &Path, options: &ReadOptions) -> Result<Baseline> {
    read(path, options, true, &mut |_| ())
}

/// [`read_baseline_with`], putting the core that reads the other sheets to
/// work while a large Placements sheet is still being read on another:
/// when the other sheets are read without a problem, `meanwhile` is called
/// with the workbook as read so far (every sheet but Placements), and what
/// it gives is returned beside the workbook. It is not called when the
/// sheets are read one after another (a workbook without a Placements
/// sheet, or not an Excel one). What it gives stands only if the workbook
/// is read without a problem; the other sheets are then as `meanwhile` saw
/// them.
pub fn read_baseline_meanwhile<T>(
    path: &Path,
    options: &ReadOptions,
    meanwhile: impl FnOnce(&Baseline) -> T,
) -> (Result<Baseline>, Option<T>) {
    let mut meanwhile = Some(meanwhile);
    let mut given = None;
    let read = read(path, options, true, &mut |so_far| {
        if let Some(f) = meanwhile.take() {
            given = Some(f(so_far));
        }
    });
    (read, given)
}

/// [`read_baseline_with`]; the Placements sheet on a second thread when
/// `two_threads`, `meanwhile` called as [`read_baseline_meanwhile`] says.
fn read(
    path: &Path,
    options: &ReadOptions,
    two_threads: bool,
    meanwhile: &mut dyn FnMut(&Baseline),
) -> Result<Baseline> {
    let limits = options.limits;
    let bytes = read_capped(path, limits.max_uncompressed)?;
    if bytes.is_empty() {
        return Err(Error::input(Problem::file(
            path,
            "the file is empty; expected an Excel or OpenDocument \
             workbook (.xlsx, .xlsm, .xls or .ods)",
        )));
    }
    if let Some(what) = not_a_workbook(&bytes) {
        return Err(Error::input(Problem::file(path, what)));
    }
    let zipped = bytes.starts_with(b"PK");
    // An Excel workbook (not an OpenDocument one, which calamine reads
    // whole when it is opened) is checked and read on two cores.
    let excel = two_threads && zipped && guard::is_excel_package(&bytes);
    if zipped && !excel {
        let check = if two_threads {
            guard::check_zip_on_two_cores(&bytes, &limits)
        } else {
            guard::check_zip(&bytes, &limits)
        };
        check
            .and_then(|()| guard::check_ods_repeats(&bytes, limits.max_cells))
            .map_err(|e| Error::input(Problem::file(path, e)))?;
    }
    let open = || {
        open_workbook_auto_from_rs(Cursor::new(bytes.as_slice())).map_err(|e| {
            Error::input(Problem::file(
                path,
                format!(
                    "cannot be read as a workbook ({e}); open it in Excel or \
                     LibreOffice and save it again as .xlsx"
                ),
            ))
        })
    };
    let sha256 = sha256_hex(&bytes);
    let blank = |names: Vec<String>| Baseline {
        file: path.to_path_buf(),
        sha256: sha256.clone(),
        meta: None,
        sites: None,
        libraries: None,
        placements: None,
        services: None,
        transactions: None,
        actuals: None,
        warnings: Vec::new(),
        sheet_names: names,
    };
    // The Placements sheet, most of a large workbook, is read on a second
    // core, from a second reader of the same bytes opened beside this
    // one, while this one reads the others. Both readers see the same
    // bytes, so both judge alike whether the workbook is read so. Only
    // when both threads together reach the limit on cells is the workbook
    // read again one sheet after another, so that what is said about it
    // does not depend on which thread got there first.
    let placements_alone = |book: &Sheets<Cursor<&[u8]>>, names: &[String]| {
        matches!(book, Sheets::Xlsx(_))
            && names
                .iter()
                .filter(|n| normalise(n) == Sheet::Placements.name())
                .count()
                == 1
    };
    if !excel {
        let book = open()?;
        let names = book.sheet_names();
        let reader = SheetReader {
            path,
            names: &names,
            options,
        };
        return read_in_turn(book, &reader, blank(names.clone()), limits.max_cells);
    }
    // The zip parts are checked on both cores: the largest (a large
    // workbook's Placements sheet) on this one, the others on the second,
    // which then opens its reader, since opening reads none of the sheets,
    // and reads only once every part is found sound. What is said of a
    // fault is what a check one part after another says. (An Excel
    // package has no `content.xml`, so the OpenDocument check has nothing
    // to look at here.)
    let split =
        guard::Split::new(&bytes, &limits).map_err(|e| Error::input(Problem::file(path, e)))?;
    let open_before_sound = split.largest_is_a_sheet_read_later();
    let (largest_to_theirs, largest_checked) = std::sync::mpsc::channel();
    let (rest_to_mine, rest_checked) = std::sync::mpsc::channel();
    let taken = AtomicUsize::new(0);
    let count = Count::Shared(&taken, limits.max_cells);
    let (split, open, count, blank) = (&split, &open, &count, &blank);
    std::thread::scope(|s| {
        let theirs = s.spawn(move || {
            let rest = split.check_rest();
            let _ = rest_to_mine.send(rest);
            let opened = (rest.is_some() && open_before_sound).then(open);
            let largest = largest_checked.recv().unwrap_or(None);
            if !split.clean(largest, rest) {
                return None;
            }
            let mut book = match opened {
                Some(book) => book.ok()?,
                None => open().ok()?,
            };
            let names = book.sheet_names();
            if !placements_alone(&book, &names) {
                return None;
            }
            let reader = SheetReader {
                path,
                names: &names,
                options,
            };
            let mut part = (blank(names.clone()), Vec::new());
            let over = reader.read(
                &mut book,
                &[Sheet::Placements],
                count,
                &mut part.0,
                &mut part.1,
            );
            (!over).then_some(part)
        });
        let largest = split.check_largest();
        let _ = largest_to_theirs.send(largest);
        let rest = rest_checked.recv().unwrap_or(None);
        split
            .verdict(largest, rest)
            .map_err(|e| Error::input(Problem::file(path, e)))?;
        let mut book = open()?;
        let names = book.sheet_names();
        let reader = SheetReader {
            path,
            names: &names,
            options,
        };
        if !placements_alone(&book, &names) {
            let _ = theirs.join();
            return read_in_turn(book, &reader, blank(names.clone()), limits.max_cells);
        }
        let mut part = (blank(names.clone()), Vec::new());
        let over = reader.read(
            &mut book,
            &Sheet::ALL
                .into_iter()
                .filter(|s| *s != Sheet::Placements)
                .collect::<Vec<_>>(),
            count,
            &mut part.0,
            &mut part.1,
        );
        // This reader, its shared strings with it, goes when its sheets
        // are read, while the other may still be reading.
        drop(book);
        if !over && part.1.is_empty() {
            meanwhile(&part.0);
        }
        let mine = (!over).then_some(part);
        if let (Some((mut baseline, mut problems)), Some((other, more))) =
            (mine, theirs.join().ok().flatten())
        {
            baseline.placements = other.placements;
            baseline.warnings.extend(other.warnings);
            problems.extend(more);
            return if problems.is_empty() {
                Ok(baseline)
            } else {
                Err(Error::Input(problems))
            };
        }
        // Read again, one sheet after another, from the start.
        read_in_turn(open()?, &reader, blank(names.clone()), limits.max_cells)
    })
}

/// Reads every sheet, one after another, with one reader.
fn read_in_turn<RS: std::io::Read + std::io::Seek>(
    mut book: Sheets<RS>,
    reader: &SheetReader<'_>,
    blank: Baseline,
    max_cells: usize,
) -> Result<Baseline> {
    let mut baseline = blank;
    let mut problems = Vec::new();
    reader.read(
        &mut book,
        &Sheet::ALL,
        &Count::Alone(AtomicUsize::new(0), max_cells),
        &mut baseline,
        &mut problems,
    );
    if problems.is_empty() {
        Ok(baseline)
    } else {
        Err(Error::Input(problems))
    }
}

/// How the filled cells read are counted against the workbook's limit.
enum Count<'a> {
    /// By one reader, sheet after sheet: (cells so far, limit).
    Alone(AtomicUsize, usize),
    /// By two readers at once, each cell as it comes.
    Shared(&'a AtomicUsize, usize),
}

/// Reads sheets of one workbook into a [`Baseline`].
struct SheetReader<'a> {
    path: &'a Path,
    /// The workbook's sheet names.
    names: &'a [String],
    options: &'a ReadOptions,
}

impl SheetReader<'_> {
    /// Reads `sheets` (those the workbook has) in order, into `baseline`
    /// and `problems`. Returns true when reading stopped at the limit on
    /// cells while they were counted as [`Count::Shared`].
    fn read<RS: std::io::Read + std::io::Seek>(
        &self,
        book: &mut Sheets<RS>,
        sheets: &[Sheet],
        count: &Count<'_>,
        baseline: &mut Baseline,
        problems: &mut Vec<Problem>,
    ) -> bool {
        let path = self.path;
        for &sheet in sheets {
            let matching: Vec<&String> = self
                .names
                .iter()
                .filter(|n| normalise(n) == sheet.name())
                .collect();
            let Some(name) = matching.first() else {
                continue;
            };
            if matching.len() > 1 {
                problems.push(Problem::file(
                    path,
                    format!(
                        "has {} sheets that read as {} ({}); keep one",
                        matching.len(),
                        sheet.title(),
                        matching
                            .iter()
                            .map(|s| format!("\"{s}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
                continue;
            }
            let collector = match count {
                Count::Alone(read, limit) => {
                    let cells_left = limit.saturating_sub(read.load(Ordering::Relaxed));
                    if cells_left == 0 {
                        break; // said once, at the sheet that reached the limit
                    }
                    Collector::new(cells_left, *limit)
                }
                Count::Shared(taken, limit) => Collector::sharing(*limit, taken),
            };
            let range = match read_grid(book, name, collector) {
                Ok(read) if read.over_limit && matches!(count, Count::Shared(..)) => return true,
                Ok(read) => {
                    if let Count::Alone(so_far, _) = count {
                        so_far.fetch_add(read.grid.len(), Ordering::Relaxed);
                    }
                    let (grid, faults) = (read.grid, read.faults);
                    let stop = !faults.is_empty();
                    for f in faults {
                        problems.push(Problem::new(
                            crate::error::Place::Cell {
                                file: path.to_path_buf(),
                                sheet: name.to_string(),
                                cell: f.cell,
                            },
                            f.message,
                        ));
                    }
                    if stop {
                        continue;
                    }
                    grid
                }
                Err(e) => {
                    problems.push(Problem::file(
                        path,
                        format!(
                            "sheet \"{name}\" cannot be read ({e}); the file may be damaged: open \
                             it in Excel or LibreOffice and save it again"
                        ),
                    ));
                    continue;
                }
            };
            sheets::read_sheet(sheet, path, name, &range, self.options, baseline, problems);
        }
        false
    }
}

/// The file's bytes, refusing what is not a regular file (a FIFO or a
/// device would block or never end) and a file larger than `cap`.
fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>> {
    let problem = |message: String| Error::input(Problem::file(path, message));
    let meta = std::fs::metadata(path)
        .map_err(|e| problem(format!("cannot read the baseline workbook: {e}")))?;
    if !meta.is_file() {
        return Err(problem(
            "is not a regular file (a folder, pipe or device); give the path of a workbook file"
                .into(),
        ));
    }
    if meta.len() > cap {
        return Err(problem(format!(
            "is {} MiB, larger than the {} MiB limit for a workbook; raise it with \
             --max-workbook-mib if the file is right",
            meta.len() / guard::MIB,
            cap / guard::MIB
        )));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(cap + 1).read_to_end(&mut bytes))
        .map_err(|e| problem(format!("cannot read the baseline workbook: {e}")))?;
    Ok(bytes)
}

/// A sheet's filled cells as read, and what was wrong with them.
struct ReadGrid<'s> {
    grid: Grid<'s>,
    faults: Vec<grid::CellFault>,
    /// Whether reading stopped at the limit on cells.
    over_limit: bool,
}

/// A sheet's filled cells: streamed and checked cell by cell into
/// `collect` from an `.xlsx`, read whole by calamine from other formats.
/// `Err` when calamine cannot read the sheet.
fn read_grid<'s, RS: std::io::Read + std::io::Seek>(
    book: &'s mut Sheets<RS>,
    name: &str,
    mut collect: Collector<'_, 's>,
) -> std::result::Result<ReadGrid<'s>, String> {
    match book {
        Sheets::Xlsx(xlsx) => {
            let mut reader = xlsx
                .worksheet_cells_reader(name)
                .map_err(|e| e.to_string())?;
            while let Some(cell) = reader
                .next_cell_with_formula_metadata()
                .map_err(|e| e.to_string())?
            {
                if !collect.push(cell.pos, cell.value, cell.formula.is_some()) {
                    break;
                }
            }
            let over_limit = collect.over_limit;
            let (grid, faults) = collect.into_grid();
            Ok(ReadGrid {
                grid,
                faults,
                over_limit,
            })
        }
        other => {
            let range: Range<Data> = other.worksheet_range(name).map_err(|e| e.to_string())?;
            let grid = Grid::from_range(&range);
            let (max_cells, limit) = collect.bounds();
            if grid.len() > max_cells {
                let fault = grid::CellFault {
                    cell: "A1".into(),
                    message: format!(
                        "the workbook has more than {limit} filled cells, the limit; remove \
                         what the engine does not need, or raise the limit with --max-cells"
                    ),
                };
                return Ok(ReadGrid {
                    grid: Grid::default(),
                    faults: vec![fault],
                    over_limit: true,
                });
            }
            Ok(ReadGrid {
                grid,
                faults: Vec::new(),
                over_limit: false,
            })
        }
    }
}

/// What a file that is not a workbook is, in words a person can act on,
/// judged from its first bytes: Excel and OpenDocument files are zip
/// archives (`PK`) or, for `.xls`, an OLE compound file. `None` when it may
/// be a workbook.
fn not_a_workbook(bytes: &[u8]) -> Option<String> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(ZIP) || bytes.starts_with(OLE) {
        return None;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let lower = trimmed.to_lowercase();
    let looks = if bytes.starts_with(b"%PDF") {
        "a PDF document"
    } else if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        "an HTML page (some systems export \"Excel\" files this way)"
    } else if lower.starts_with("<?xml") {
        "an XML file (perhaps Excel's 2003 XML format)"
    } else if head
        .iter()
        .all(|&b| b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r'))
        && std::str::from_utf8(head).is_ok()
    {
        if trimmed
            .lines()
            .next()
            .is_some_and(|l| l.contains(',') || l.contains(';'))
        {
            "CSV text"
        } else if trimmed.lines().next().is_some_and(|l| l.contains('\t')) {
            "tab-separated text"
        } else {
            "plain text"
        }
    } else {
        "neither an Excel nor an OpenDocument file"
    };
    Some(format!(
        "is not an Excel workbook (it looks like {looks}); open it in Excel or \
         LibreOffice and save it as an Excel workbook (.xlsx)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_threads_read_what_one_reads_whatever_the_limit_on_cells() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("bromley.xlsx");
        crate::synthetic::write_bromley_2012(&book).unwrap();
        let shown = |r: Result<Baseline>| match r {
            Ok(b) => format!(
                "{:?} {:?} {:?} {:?} {:?}",
                b.meta, b.sites, b.libraries, b.placements, b.warnings
            ),
            Err(e) => format!("{e:?}"),
        };
        let all = read(&book, &ReadOptions::default(), false, &mut |_| ())
            .map(|b| b.placements.map(|p| p.len()))
            .unwrap();
        assert!(all.is_some_and(|n| n > 0), "the fixture has placements");
        // Limits below, around and above where each sheet ends.
        for max_cells in (0..700).step_by(7).chain([5_000_000]) {
            let options = ReadOptions {
                limits: guard::Limits {
                    max_cells,
                    ..guard::Limits::default()
                },
                ..ReadOptions::default()
            };
            assert_eq!(
                shown(read(&book, &options, true, &mut |_| ())),
                shown(read(&book, &options, false, &mut |_| ())),
                "max_cells {max_cells}"
            );
        }
    }

    #[test]
    fn two_threads_say_of_a_damaged_workbook_what_one_says() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("bromley.xlsx");
        crate::synthetic::write_bromley_2012(&book).unwrap();
        let bytes = std::fs::read(&book).unwrap();
        // The fixture with `damage` done to the part named.
        let damaged = |part: &str, damage: &dyn Fn(String) -> String| {
            let edited = crate::synthetic::with_part_edited(&bytes, part, damage, &[]).unwrap();
            let path = dir.path().join("damaged.xlsx");
            std::fs::write(&path, edited).unwrap();
            path
        };
        let far = |t: String| t.replacen("<c r=\"A2\"", "<c r=\"ZZZZ2\"", 1);
        let text = |t: String| t.replacen("t=\"s\"><v>", "t=\"s\"><v>x", 1);
        let bomb = |t: String| t + &" ".repeat(3 << 20);
        let mut said = Vec::new();
        for part in [
            "xl/worksheets/sheet2.xml",
            "xl/worksheets/sheet3.xml",
            "xl/worksheets/sheet4.xml",
        ] {
            for damage in [&far as &dyn Fn(String) -> String, &text, &bomb] {
                let path = damaged(part, damage);
                let limits = guard::Limits {
                    max_uncompressed: 2 << 20,
                    ..guard::Limits::default()
                };
                for options in [
                    ReadOptions::default(),
                    ReadOptions {
                        limits,
                        ..ReadOptions::default()
                    },
                ] {
                    let shown = |r: Result<Baseline>| match r {
                        Ok(_) => "read".to_string(),
                        Err(e) => format!("{e:?}"),
                    };
                    let one = shown(read(&path, &options, false, &mut |_| ()));
                    let two = shown(read(&path, &options, true, &mut |_| ()));
                    assert_eq!(two, one, "{part}");
                    said.push(one);
                }
            }
        }
        assert!(
            said.iter().any(|s| s.contains("beyond Excel's last cell")),
            "{said:?}"
        );
        assert!(
            said.iter().any(|s| s.contains("shared-string number")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|s| s.contains("expands to more than 2 MiB")),
            "{said:?}"
        );
    }

    #[test]
    fn text_renamed_as_a_workbook_is_named_for_what_it_is() {
        let csv = not_a_workbook(b"Site ID,Site,Energy\nOTH,Old Town Hall,1200\n").unwrap();
        assert!(csv.contains("looks like CSV text"), "{csv}");
        assert!(
            csv.contains("save it as an Excel workbook (.xlsx)"),
            "{csv}"
        );
        let html = not_a_workbook(b"<html><table></table></html>").unwrap();
        assert!(html.contains("HTML page"), "{html}");
        assert!(not_a_workbook(b"PK\x03\x04rest").is_none());
        assert!(not_a_workbook(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]).is_none());
        let binary = not_a_workbook(&[0, 1, 2, 3, 255]).unwrap();
        assert!(binary.contains("neither an Excel"), "{binary}");
    }
}
