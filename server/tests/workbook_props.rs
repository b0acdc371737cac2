//! Random and mutated workbooks never panic the upload checks or the parser, and never make them
//! hold more memory than the limits allow. A test binary of its own: the counting allocator
//! below sees only this test's allocations.

use app::excel::{read_upload, table, LIMITS};
use proptest::prelude::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Cursor, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = NOW.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        NOW.fetch_sub(l.size(), Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Reads `bytes` as an upload; the most memory held above what was held before.
fn read_measured(bytes: &[u8]) -> (Result<Vec<Vec<String>>, String>, usize) {
    let base = NOW.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let r = read_upload(bytes, &LIMITS);
    (r, PEAK.load(Ordering::Relaxed).saturating_sub(base))
}

/// What a reading may hold at most: one entry's worth of the limits.
const MAX_HELD: usize = LIMITS.max_entry_bytes as usize;

fn seed() -> Vec<u8> {
    let rows = (0..40).map(|i| vec![format!("张{i}"), format!("1990-01-{:02}", i % 28 + 1), "=1+2".into(), "办公室".into()]);
    table(&["姓名", "出生日期", "备注", "部室"], rows, "花名册", "种子").unwrap()
}

/// A sheet written by hand: random cell references, types and values, zipped stored or deflated.
fn handmade(cells: &[(u32, u32, u8, String)], dimension: &str, deflate: bool) -> Vec<u8> {
    let mut data = String::new();
    for (r, c, kind, v) in cells {
        let col = app::domain::import::column_letter(*c as usize);
        let v = v.replace('&', "&amp;").replace('<', "&lt;");
        match kind % 4 {
            0 => data.push_str(&format!(r#"<row r="{r}"><c r="{col}{r}" t="inlineStr"><is><t>{v}</t></is></c></row>"#)),
            1 => data.push_str(&format!(r#"<row r="{r}"><c r="{col}{r}"><v>{v}</v></c></row>"#)),
            2 => data.push_str(&format!(r#"<row r="{r}"><c r="{col}{r}" t="s"><v>{r}</v></c></row>"#)),
            _ => data.push_str(&format!(r#"<row><c r="{v}"><v>1</v></c></row>"#)),
        }
    }
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{data}</sheetData></worksheet>"#
    );
    let wb = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    let root_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let mut out = Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let method = if deflate { zip::CompressionMethod::Deflated } else { zip::CompressionMethod::Stored };
        let opts = zip::write::SimpleFileOptions::default().compression_method(method);
        for (name, body) in [
            ("[Content_Types].xml", types.as_bytes()),
            ("_rels/.rels", root_rels.as_bytes()),
            ("xl/workbook.xml", wb.as_bytes()),
            ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ] {
            z.start_file(name, opts).unwrap();
            z.write_all(body).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

fn cell() -> impl Strategy<Value = (u32, u32, u8, String)> {
    (
        prop_oneof![1u32..200, Just(1_048_576u32), any::<u32>()],
        prop_oneof![0u32..70, Just(16_383u32)],
        any::<u8>(),
        prop_oneof!["\\PC{0,20}", "[A-Z]{1,4}[0-9]{1,8}", Just("=HYPERLINK(\"http://x\")".to_string())],
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_workbooks_are_read_or_refused_within_bounds(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..12),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = seed();
        for (at, byte, how) in edits {
            let i = at.index(bytes.len());
            match how {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => { bytes.remove(i); }
            }
        }
        if let Some(at) = cut {
            let keep = at.index(bytes.len());
            bytes.truncate(keep);
        }
        let (r, held) = read_measured(&bytes);
        prop_assert!(held < MAX_HELD, "held {} bytes", held);
        if let Err(e) = r {
            prop_assert!(!e.is_empty() && !e.contains("Zip") && !e.contains("Xml") && !e.contains("panicked"), "{}", e);
        }
    }

    #[test]
    fn handmade_sheets_are_read_or_refused_within_bounds(
        cells in proptest::collection::vec(cell(), 0..60),
        dimension in prop_oneof!["A1:[A-Z]{1,3}[0-9]{1,7}", "\\PC{0,10}"],
        deflate in any::<bool>(),
    ) {
        let bytes = handmade(&cells, &dimension, deflate);
        let (r, held) = read_measured(&bytes);
        prop_assert!(held < MAX_HELD, "held {} bytes", held);
        if let Ok(grid) = r {
            prop_assert!(grid.len() as u64 <= LIMITS.max_rows);
            prop_assert!(grid.iter().all(|row| row.len() as u64 <= LIMITS.max_cols));
        }
    }
}

#[test]
fn the_seed_itself_reads() {
    let (r, held) = read_measured(&seed());
    let grid = r.unwrap();
    assert_eq!(grid.len(), 41);
    assert!(held < MAX_HELD);
}
