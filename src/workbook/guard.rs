//! Limits that keep a hostile or broken workbook from taking the machine:
//! a workbook arrives by e-mail from anywhere.
//!
//! An `.xlsx`, `.xlsm` or `.ods` file is a zip archive of XML parts. Before
//! calamine reads it, every part's declared size is checked, and then each
//! part is inflated once into nothing, counting, so that a part whose
//! declared size lies is caught too: no part may expand past the limit, in
//! total or in ratio to its compressed size. Reading then holds the sheets'
//! cells sparsely and stops at a bound on their number
//! ([`super::grid::Collector`]).

use std::io::{Cursor, Read};

/// The bounds a workbook must keep within. The defaults fit a county's
/// estate many times over (the 500,000-placement benchmark workbook expands
/// to about 150 MiB) and keep any hostile file well under 512 MiB of memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The most the zip parts may expand to, all together, in bytes.
    pub max_uncompressed: u64,
    /// The most filled cells across the sheets the engine reads.
    pub max_cells: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_uncompressed: 1024 * MIB,
            max_cells: 5_000_000,
        }
    }
}

pub const MIB: u64 = 1024 * 1024;

/// The most parts a workbook's archive may have.
const MAX_PARTS: usize = 10_000;
/// No XML part of a real workbook expands more than this from its
/// compressed size; a zip bomb does (deflate allows about 1,000 to 1).
const MAX_RATIO: u64 = 200;
/// Parts too small for the ratio to mean anything.
const RATIO_FLOOR: u64 = MIB;

/// Checks a zip-based workbook's parts against `limits`, one part after
/// another. `Err` says what is wrong, in words for the user.
pub fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), String> {
    let mut archive = open_archive(bytes)?;
    check_declared(&mut archive, limits)?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        inflate_part(&mut archive, i, &mut total, limits)?;
    }
    Ok(())
}

/// [`check_zip`] on two cores: the largest part (a large workbook's
/// biggest sheet) is inflated on one while the others are on this one.
/// The answer is [`check_zip`]'s: when either finds a fault, the parts are
/// checked again one after another, so that what is said about a workbook
/// does not depend on which core got there first.
pub fn check_zip_on_two_cores(bytes: &[u8], limits: &Limits) -> Result<(), String> {
    let split = Split::new(bytes, limits)?;
    let (largest, rest) = std::thread::scope(|s| {
        let largest = s.spawn(|| split.check_largest());
        let rest = split.check_rest();
        (largest.join().unwrap_or(None), rest)
    });
    split.verdict(largest, rest)
}

/// A zip workbook's parts in two shares, to be checked on two cores: its
/// largest part, and the others. Each share's check gives the bytes its
/// parts expand to, or `None` when it finds a fault; [`Split::verdict`]
/// then gives [`check_zip`]'s answer.
pub struct Split<'b> {
    bytes: &'b [u8],
    archive: zip::ZipArchive<Cursor<&'b [u8]>>,
    largest: Option<usize>,
    limits: Limits,
}

impl<'b> Split<'b> {
    /// Opens the archive and checks the sizes its parts declare.
    pub fn new(bytes: &'b [u8], limits: &Limits) -> Result<Split<'b>, String> {
        let mut archive = open_archive(bytes)?;
        check_declared(&mut archive, limits)?;
        let largest =
            (0..archive.len()).max_by_key(|&i| archive.by_index_raw(i).map_or(0, |p| p.size()));
        Ok(Split {
            bytes,
            archive,
            largest,
            limits: *limits,
        })
    }

    /// Whether the largest part is a worksheet that opening the workbook
    /// does not read: named `xl/worksheets/sheet….xml`, and not named by
    /// the package's relationships (`_rels/.rels`, which say where the
    /// workbook, and so its shared strings and styles, are). A reader may
    /// then be opened once the other parts are checked, before this one is.
    pub fn largest_is_a_sheet_read_later(&self) -> bool {
        let mut archive = self.archive.clone();
        let Some(name) = self
            .largest
            .and_then(|i| archive.by_index_raw(i).ok())
            .and_then(|p| p.name().ok().map(|n| n.to_string()))
        else {
            return false;
        };
        let Some(file) = name.strip_prefix("xl/worksheets/") else {
            return false;
        };
        if !(file.starts_with("sheet") && file.ends_with(".xml") && !file.contains('/')) {
            return false;
        }
        let mut rels = Vec::new();
        let read = archive
            .by_name("_rels/.rels")
            .is_ok_and(|part| part.take(MIB).read_to_end(&mut rels).is_ok());
        read && memchr::memmem::find(&rels, file.as_bytes()).is_none()
    }

    /// Checks the largest part: what it expands to, `None` at a fault.
    pub fn check_largest(&self) -> Option<u64> {
        self.check(|i| Some(i) == self.largest)
    }

    /// Checks every part but the largest: what they expand to, `None` at
    /// a fault.
    pub fn check_rest(&self) -> Option<u64> {
        self.check(|i| Some(i) != self.largest)
    }

    fn check(&self, share: impl Fn(usize) -> bool) -> Option<u64> {
        let mut archive = self.archive.clone();
        let mut total = 0;
        for i in (0..archive.len()).filter(|&i| share(i)) {
            inflate_part(&mut archive, i, &mut total, &self.limits).ok()?;
        }
        Some(total)
    }

    /// Whether the two shares' checks found no fault, and the parts
    /// expand to no more than the limit all together.
    pub fn clean(&self, largest: Option<u64>, rest: Option<u64>) -> bool {
        matches!((largest, rest), (Some(a), Some(b)) if a.saturating_add(b) <= self.limits.max_uncompressed)
    }

    /// [`check_zip`]'s answer from the two shares' checks.
    pub fn verdict(&self, largest: Option<u64>, rest: Option<u64>) -> Result<(), String> {
        if self.clean(largest, rest) {
            Ok(())
        } else {
            check_zip(self.bytes, &self.limits)
        }
    }
}

/// Whether a zip archive is an Excel package: it has parts under `xl/`,
/// and no `content.xml` (an OpenDocument spreadsheet's, which calamine
/// reads whole when it opens one).
pub fn is_excel_package(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes)).is_ok_and(|archive| {
        let names: Vec<String> = archive
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.to_string()))
            .collect();
        names.iter().any(|n| n.starts_with("xl/")) && !names.iter().any(|n| n == "content.xml")
    })
}

/// The workbook's bytes as a zip archive, or what is wrong.
fn open_archive(bytes: &[u8]) -> Result<zip::ZipArchive<Cursor<&[u8]>>, String> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        format!(
            "is damaged: it should be a zip archive of XML parts, but it cannot be opened as one \
             ({e}); open it in Excel or LibreOffice and save it again"
        )
    })?;
    if archive.len() > MAX_PARTS {
        return Err(format!(
            "has {} parts inside, more than a workbook ever has ({MAX_PARTS}); it is not a \
             workbook the engine will read",
            archive.len()
        ));
    }
    Ok(archive)
}

/// The message for a workbook that expands past the limit at `name`.
fn too_big(name: &str, limits: &Limits) -> String {
    format!(
        "expands to more than {} MiB (at \"{name}\" inside it), the limit for a \
         workbook; if it really is this large, raise the limit with --max-workbook-mib",
        limits.max_uncompressed / MIB
    )
}

/// Checks the sizes the parts declare: in total within the limit, and
/// each in ratio to its compressed size.
fn check_declared(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    limits: &Limits,
) -> Result<(), String> {
    let mut declared: u64 = 0;
    for i in 0..archive.len() {
        let part = archive
            .by_index_raw(i)
            .map_err(|e| format!("is damaged: part {i} cannot be read ({e})"))?;
        let name = part_name(&part, i);
        declared = declared.saturating_add(part.size());
        if declared > limits.max_uncompressed {
            return Err(too_big(&name, limits));
        }
        check_ratio(&name, part.size(), part.compressed_size())?;
    }
    Ok(())
}

/// Inflates part `i` into nothing, counting (a declared size may lie),
/// and scans a sheet's XML as it comes; `total` is what the parts checked
/// so far expanded to, and reading stops as soon as it passes the limit.
fn inflate_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    i: usize,
    total: &mut u64,
    limits: &Limits,
) -> Result<(), String> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut part = archive
        .by_index(i)
        .map_err(|e| format!("is damaged: part {i} cannot be read ({e})"))?;
    let name = part_name(&part, i);
    let compressed = part.compressed_size();
    let mut size: u64 = 0;
    let mut scan = (name.starts_with("xl/worksheets/") || name.starts_with("xl/tables/"))
        .then(SheetScan::default);
    loop {
        let n = part
            .read(&mut buf)
            .map_err(|e| format!("is damaged: \"{name}\" inside it cannot be read ({e})"))?;
        if n == 0 {
            return Ok(());
        }
        if let Some(scan) = &mut scan {
            scan.feed(&buf[..n]).map_err(|f| {
                format!(
                    "is damaged: in \"{name}\", cell {} {}; open the workbook in Excel or \
                     LibreOffice and save it again",
                    f.cell, f.what
                )
            })?;
        }
        size += n as u64;
        *total += n as u64;
        if *total > limits.max_uncompressed {
            return Err(too_big(&name, limits));
        }
        if size > RATIO_FLOOR {
            check_ratio(&name, size, compressed)?;
        }
    }
}

/// Looks through a sheet's XML, as it is inflated, for what calamine would
/// misread without an error: a text cell (`t="s"`) whose value is not a
/// whole number (read as the first shared string: a wrong name), and a
/// cell or row reference too long for Excel (its arithmetic overflows).
#[derive(Default)]
struct SheetScan {
    /// The end of the last chunk, for a tag split between two chunks.
    tail: Vec<u8>,
}

/// The searchers [`SheetScan`] uses, made once: making one costs more than
/// searching a 64 KiB chunk with it.
struct Finders {
    text: memchr::memmem::Finder<'static>,
    value: memchr::memmem::Finder<'static>,
    reference: memchr::memmem::FinderRev<'static>,
    cell: memchr::memmem::Finder<'static>,
    row: memchr::memmem::Finder<'static>,
    range: memchr::memmem::Finder<'static>,
}

static FINDERS: std::sync::LazyLock<Finders> = std::sync::LazyLock::new(|| Finders {
    text: memchr::memmem::Finder::new(br#"t="s""#),
    value: memchr::memmem::Finder::new(b"<v>"),
    reference: memchr::memmem::FinderRev::new(br#"r=""#),
    cell: memchr::memmem::Finder::new(br#"<c r=""#),
    row: memchr::memmem::Finder::new(br#"<row r=""#),
    range: memchr::memmem::Finder::new(br#" ref=""#),
});

/// What [`SheetScan`] found: the cell's reference and what is wrong.
#[derive(Debug, PartialEq, Eq)]
struct ScanFault {
    cell: String,
    what: &'static str,
}

impl SheetScan {
    /// How much of a chunk's end is kept: more than one cell's tag.
    const KEEP: usize = 512;

    fn feed(&mut self, chunk: &[u8]) -> Result<(), ScanFault> {
        let mut window = std::mem::take(&mut self.tail);
        let carried = window.len();
        window.extend_from_slice(chunk);
        let finders = &*FINDERS;
        for at in finders.text.find_iter(&window) {
            let rest = &window[at..];
            let Some(v) = finders.value.find(&rest[..rest.len().min(Self::KEEP)]) else {
                continue; // no value, or the value is in the next chunk
            };
            // A match wholly in the carried tail was looked at last time.
            if at + v + 4 <= carried {
                continue;
            }
            let Some(first) = rest.get(v + 3) else {
                continue;
            };
            if !first.is_ascii_digit() {
                let before = &window[at.saturating_sub(Self::KEEP)..at];
                let cell = finders
                    .reference
                    .rfind(before)
                    .map(|r| quoted(&before[r + 3..]))
                    .unwrap_or_else(|| "(no reference)".into());
                return Err(ScanFault {
                    cell,
                    what: "is a text cell whose shared-string number is not a number, so its \
                           text cannot be known",
                });
            }
        }
        // Cell and row references, and the ranges calamine parses (a
        // sheet's dimension, merged cells, a table's extent).
        for (tag, letters) in [
            (&finders.cell, true),
            (&finders.row, false),
            (&finders.range, true),
        ] {
            for at in tag.find_iter(&window) {
                let start = at + tag.needle().len();
                let Some(len) = window[start..].iter().position(|&b| b == b'"') else {
                    continue; // the reference goes on in the next chunk
                };
                if start + len < carried {
                    continue;
                }
                let reference = &window[start..start + len];
                if !reference
                    .split(|&b| b == b':')
                    .all(|part| reference_fits(part, letters))
                {
                    return Err(ScanFault {
                        cell: String::from_utf8_lossy(&reference[..reference.len().min(40)])
                            .into_owned(),
                        what: "is a reference beyond Excel's last cell, XFD1048576",
                    });
                }
            }
        }
        let keep = window.len().min(Self::KEEP);
        self.tail = window[window.len() - keep..].to_vec();
        Ok(())
    }
}

/// The text up to the next `"`.
fn quoted(after: &[u8]) -> String {
    let end = after.iter().position(|&b| b == b'"').unwrap_or(after.len());
    String::from_utf8_lossy(&after[..end]).into_owned()
}

/// Whether a reference (`XFD1048576`; a row's is digits only) is within
/// Excel's limits: at most three letters, then a row from 1 to 1,048,576.
fn reference_fits(reference: &[u8], letters: bool) -> bool {
    let split = reference
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(reference.len());
    let (col, row) = reference.split_at(split);
    if !letters && !col.is_empty() {
        return false;
    }
    let col_ok = col.len() <= 3
        && col.iter().fold(0u32, |n, b| {
            n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
        }) <= super::grid::EXCEL_COLUMNS;
    let row_ok = !row.is_empty()
        && row.len() <= 7
        && row.iter().all(u8::is_ascii_digit)
        && std::str::from_utf8(row)
            .ok()
            .and_then(|r| r.parse::<u32>().ok())
            .is_some_and(|r| (1..=super::grid::EXCEL_ROWS).contains(&r));
    col_ok && row_ok
}

/// A part's name for messages, or its number when the name is not text.
fn part_name<R: Read>(part: &zip::read::ZipFile<'_, R>, i: usize) -> String {
    part.name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| format!("part {i}"))
}

/// For an OpenDocument spreadsheet: how many cells its sheets expand to
/// once repeated rows and columns (`number-rows-repeated`) are written
/// out, counting only cells that hold something, as calamine reads them
/// whole. `Err` when that passes `max_cells`: a 1 KB file can say "this row,
/// a million times".
pub fn check_ods_repeats(bytes: &[u8], max_cells: usize) -> Result<(), String> {
    use quick_xml::events::Event;
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // check_zip has said why
    };
    let Ok(mut content) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let mut xml = Vec::new();
    if content.read_to_end(&mut xml).is_err() {
        return Ok(());
    }
    let repeats = |e: &quick_xml::events::BytesStart, name: &str| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.0 == name)
            .and_then(|a| a.value.trim().parse().ok())
            .unwrap_or(1)
    };
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let (mut total, mut row_repeats, mut row_cells) = (0u64, 1u64, 0u64);
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(_) => return Ok(()), // calamine will say the file is damaged
        };
        match event {
            Event::Start(e) if e.name().0 == "table:table-row" => {
                row_repeats = repeats(&e, "table:number-rows-repeated");
                row_cells = 0;
            }
            Event::Start(e) | Event::Empty(e) if e.name().0 == "table:table-cell" => {
                // A cell with content: one with a value type or text inside.
                let has_value = e
                    .attributes()
                    .flatten()
                    .any(|a| a.key.0 == "office:value-type");
                if has_value {
                    row_cells += repeats(&e, "table:number-columns-repeated");
                }
            }
            Event::End(e) if e.name().0 == "table:table-row" => {
                total = total.saturating_add(row_repeats.saturating_mul(row_cells));
                if total > max_cells as u64 {
                    return Err(format!(
                        "repeats its rows or cells to more than {max_cells} filled cells, the \
                         limit; remove the repeated rows, or raise the limit with --max-cells"
                    ));
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

fn check_ratio(name: &str, size: u64, compressed: u64) -> Result<(), String> {
    if size > RATIO_FLOOR && size / compressed.max(1) > MAX_RATIO {
        return Err(format!(
            "has a part (\"{name}\") that expands more than {MAX_RATIO}-fold from its \
             compressed size, as no spreadsheet's does (a \"zip bomb\"); the engine will not \
             read it"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut out);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, bytes) in parts {
                w.start_file(*name, options).unwrap();
                w.write_all(bytes).unwrap();
            }
            w.finish().unwrap();
        }
        out.into_inner()
    }

    #[test]
    fn a_small_workbook_passes() {
        let bytes = zip_of(&[("xl/worksheets/sheet1.xml", b"<worksheet/>")]);
        assert_eq!(check_zip(&bytes, &Limits::default()), Ok(()));
    }

    #[test]
    fn a_part_that_expands_past_the_limit_is_refused() {
        let big = vec![b'a'; 3 * MIB as usize];
        let bytes = zip_of(&[("xl/sharedStrings.xml", &big)]);
        let limits = Limits {
            max_uncompressed: 2 * MIB,
            ..Limits::default()
        };
        let err = check_zip(&bytes, &limits).unwrap_err();
        assert!(err.contains("expands to more than 2 MiB"), "{err}");
        assert!(err.contains("xl/sharedStrings.xml"), "{err}");
    }

    #[test]
    fn a_zip_bomb_is_refused_by_its_ratio() {
        let big = vec![b'a'; 8 * MIB as usize];
        let bytes = zip_of(&[("xl/worksheets/sheet1.xml", &big)]);
        let err = check_zip(&bytes, &Limits::default()).unwrap_err();
        assert!(err.contains("zip bomb"), "{err}");
    }

    #[test]
    fn an_ods_row_repeated_a_million_times_is_refused() {
        let content = br#"<office:document-content><office:body><office:spreadsheet><table:table table:name="Sites"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="10"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
        let bytes = zip_of(&[("content.xml", content)]);
        let err = check_ods_repeats(&bytes, 5_000_000).unwrap_err();
        assert!(err.contains("more than 5000000 filled cells"), "{err}");
        // Empty repeated rows (LibreOffice writes them to the sheet's end)
        // are nothing.
        let empty = br#"<table:table><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#;
        let bytes = zip_of(&[("content.xml", empty)]);
        assert_eq!(check_ods_repeats(&bytes, 5_000_000), Ok(()));
    }

    #[test]
    fn a_text_cell_with_a_shared_string_number_that_is_not_a_number_is_found() {
        let ok =
            br#"<row r="3"><c r="A3" t="s"><v>7</v></c><c r="B3" s="1" t="s"><v>12</v></c></row>"#;
        let bad =
            br#"<row r="3"><c r="A3" t="s"><v>7</v></c><c r="B3" t="s" s="2"><v>-1</v></c></row>"#;
        let cell = |r: Result<(), ScanFault>| r.err().map(|f| f.cell);
        let mut scan = SheetScan::default();
        assert_eq!(scan.feed(ok), Ok(()));
        let mut scan = SheetScan::default();
        assert_eq!(cell(scan.feed(bad)), Some("B3".to_string()));
        // Split across two chunks anywhere, it is still found.
        for cut in 1..bad.len() {
            let mut scan = SheetScan::default();
            let first = cell(scan.feed(&bad[..cut]));
            let second = cell(scan.feed(&bad[cut..]));
            assert!(
                first == Some("B3".into()) || (first.is_none() && second == Some("B3".into())),
                "cut at {cut}: {first:?} {second:?}"
            );
        }
        let bytes = zip_of(&[("xl/worksheets/sheet2.xml", bad)]);
        let err = check_zip(&bytes, &Limits::default()).unwrap_err();
        assert!(err.contains("cell B3 is a text cell"), "{err}");
    }

    #[test]
    fn references_past_excels_limits_are_found_before_calamine_reads_them() {
        for (reference, letters, fits) in [
            ("A1", true, true),
            ("XFD1048576", true, true),
            ("XFE1", true, false),
            ("A1048577", true, false),
            ("ZZZZZZZZZZZZZZ1", true, false),
            ("A99999999999999999999", true, false),
            ("A0", true, false),
            ("12", false, true),
            ("99999999999", false, false),
            ("A1", false, false),
        ] {
            assert_eq!(
                reference_fits(reference.as_bytes(), letters),
                fits,
                "{reference}"
            );
        }
        let xml = br#"<row r="1"><c r="ZZZZZZZZZZ1"><v>1</v></c></row>"#;
        let err = SheetScan::default().feed(xml).unwrap_err();
        assert_eq!(err.cell, "ZZZZZZZZZZ1");
        // A sheet's dimension, found by the fuzz harness: calamine parses it
        // with the same overflowing arithmetic.
        let dimension = br#"<dimension ref="A1:B44444444444"/>"#;
        assert!(SheetScan::default().feed(dimension).is_err());
        let fine = br#"<dimension ref="A1:M18"/><mergeCell ref="B2:C3"/><selection sqref="A2"/>"#;
        assert!(SheetScan::default().feed(fine).is_ok());
    }

    #[test]
    fn two_cores_say_what_one_says() {
        // A sheet over 1 MiB (so that its ratio to its compressed size is
        // checked too), the largest part, checked on a core of its own.
        let rows: String = (1..=40_000)
            .map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#))
            .collect();
        let big = format!("<worksheet><sheetData>{rows}</sheetData></worksheet>");
        assert!(big.len() as u64 > RATIO_FLOOR);
        let bad_text = br#"<row r="3"><c r="B3" t="s"><v>-1</v></c></row>"#.as_slice();
        let far = br#"<row r="1"><c r="ZZZZ1"><v>1</v></c></row>"#.as_slice();
        let bomb = vec![b'a'; 8 * MIB as usize];
        let small = b"<sst/>".as_slice();
        let books: Vec<Vec<(&str, &[u8])>> = vec![
            vec![
                ("xl/sharedStrings.xml", small),
                ("xl/worksheets/sheet1.xml", big.as_bytes()),
            ],
            // The fault in the small parts, in the large one, in both
            // (the first in the archive is the one said), and a bomb.
            vec![
                ("xl/worksheets/sheet1.xml", bad_text),
                ("xl/worksheets/sheet2.xml", big.as_bytes()),
            ],
            vec![
                ("xl/worksheets/sheet1.xml", small),
                ("xl/worksheets/sheet2.xml", &bomb),
            ],
            vec![
                ("xl/worksheets/sheet1.xml", far),
                ("xl/worksheets/sheet2.xml", &bomb),
            ],
            vec![
                ("xl/worksheets/sheet1.xml", &bomb),
                ("xl/worksheets/sheet2.xml", far),
            ],
        ];
        let limits = [
            Limits::default(),
            // Over the limit only all together, and in the large part alone.
            Limits {
                max_uncompressed: big.len() as u64 + 3,
                ..Limits::default()
            },
            Limits {
                max_uncompressed: 2 * MIB,
                ..Limits::default()
            },
        ];
        let mut faults = 0;
        for parts in &books {
            let bytes = zip_of(parts);
            for limits in &limits {
                let one = check_zip(&bytes, limits);
                faults += usize::from(one.is_err());
                assert_eq!(check_zip_on_two_cores(&bytes, limits), one, "{limits:?}");
            }
        }
        assert_eq!(check_zip(&zip_of(&books[0]), &Limits::default()), Ok(()));
        assert!(faults >= 12, "the cases find faults: {faults}");
    }

    #[test]
    fn a_reader_is_opened_before_the_largest_part_is_checked_only_when_opening_cannot_read_it() {
        let big = vec![b' '; 4096];
        let rels = br#"<Relationships><Relationship Target="xl/workbook.xml"/></Relationships>"#;
        let early = |parts: &[(&str, &[u8])]| {
            Split::new(&zip_of(parts), &Limits::default())
                .unwrap()
                .largest_is_a_sheet_read_later()
        };
        assert!(early(&[
            ("_rels/.rels", rels),
            ("xl/worksheets/sheet4.xml", &big)
        ]));
        // The package names the sheet as its workbook: opening reads it.
        let naming =
            br#"<Relationships><Relationship Target="xl/worksheets/sheet4.xml"/></Relationships>"#;
        assert!(!early(&[
            ("_rels/.rels", naming),
            ("xl/worksheets/sheet4.xml", &big)
        ]));
        // The largest part is one opening reads, or not a sheet's.
        assert!(!early(&[
            ("_rels/.rels", rels),
            ("xl/sharedStrings.xml", &big)
        ]));
        assert!(!early(&[
            ("_rels/.rels", rels),
            ("xl/worksheets/sharedStrings.xml", &big)
        ]));
        assert!(!early(&[
            ("_rels/.rels", rels),
            ("xl/worksheets/a/sheet1.xml", &big)
        ]));
        // No package relationships to look at.
        assert!(!early(&[("xl/worksheets/sheet4.xml", &big)]));
    }

    #[test]
    fn not_a_zip() {
        let err = check_zip(b"PK\x03\x04 but nothing else", &Limits::default()).unwrap_err();
        assert!(err.starts_with("is damaged"), "{err}");
    }
}
