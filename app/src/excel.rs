//! Reading and writing the roster workbook. An upload is checked before any parser sees it:
//! file size, zip entry count, declared and actual uncompressed sizes and ratios, the sheet's
//! declared dimension, and every cell reference and the cell count, read as a stream so a zip
//! bomb or a sheet whose used range reaches XFD1048576 is refused quickly in little memory.

use crate::domain::import::{column_letter, neutralise, COLUMNS, MAX_ROWS};
use crate::domain::roster::PersonFields;
use std::io::{Cursor, Read};

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_file_bytes: usize,
    pub max_entries: usize,
    /// Per zip entry, uncompressed.
    pub max_entry_bytes: u64,
    pub max_total_bytes: u64,
    /// Uncompressed / compressed, for entries over 1 MiB.
    pub max_ratio: u64,
    pub max_rows: u64,
    pub max_cols: u64,
    pub max_cells: u64,
}

pub const LIMITS: Limits = Limits {
    max_file_bytes: 10 * 1024 * 1024,
    max_entries: 200,
    max_entry_bytes: 64 * 1024 * 1024,
    max_total_bytes: 128 * 1024 * 1024,
    max_ratio: 100,
    max_rows: MAX_ROWS as u64 + 1,
    max_cols: 64,
    max_cells: 1_500_000,
};

const NOT_XLSX: &str = "文件不是有效的 .xlsx 工作簿（请用 Excel 或 WPS 打开后“另存为 Excel 工作簿 (*.xlsx)”再上传）";

/// Column and row (both from 1) of a reference like `XFD1048576`.
fn parse_ref(r: &[u8]) -> Option<(u64, u64)> {
    let mut col: u64 = 0;
    let mut i = 0;
    while i < r.len() && r[i].is_ascii_alphabetic() {
        col = col.checked_mul(26)?.checked_add((r[i].to_ascii_uppercase() - b'A' + 1) as u64)?;
        i += 1;
    }
    let digits = std::str::from_utf8(&r[i..]).ok()?;
    let row: u64 = digits.parse().ok()?;
    (col > 0 && row > 0).then_some((col, row))
}

fn too_big(what: &str, l: &Limits) -> String {
    format!(
        "{what}：导入文件最多 {} 行（含列名）、{} 列、{} 个单元格，请删除多余的行列（或分批导入）后重试",
        l.max_rows, l.max_cols, l.max_cells
    )
}

/// Counts what passes through, failing once more than `cap` bytes came out.
struct Capped<R> {
    inner: R,
    seen: u64,
    cap: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.seen += n as u64;
        if self.seen > self.cap {
            return Err(std::io::Error::other(OVER_CAP));
        }
        Ok(n)
    }
}

const OVER_CAP: &str = "entry larger than allowed";

/// A failed read of a zip entry: past its cap (a bomb), or broken.
fn stream_error(e: &dyn std::fmt::Display) -> String {
    if e.to_string().contains(OVER_CAP) { "文件解压后过大，疑似压缩炸弹，已拒绝".into() } else { NOT_XLSX.into() }
}

/// Stream one worksheet's XML, checking its dimension and every cell.
fn check_sheet<R: Read>(xml: R, l: &Limits) -> Result<(), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(xml));
    let mut buf = Vec::with_capacity(4096);
    let mut cells: u64 = 0;
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(|e| stream_error(&e))?;
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"dimension" => {
                    if let Some(a) = e.try_get_attribute("ref").ok().flatten() {
                        let v = a.value.to_vec();
                        let last = v.rsplit(|b| *b == b':').next().unwrap_or(&[]);
                        if let Some((c, r)) = parse_ref(last) {
                            if r > l.max_rows || c > l.max_cols {
                                return Err(too_big(&format!("工作表的使用范围为 {}", String::from_utf8_lossy(&v)), l));
                            }
                        }
                    }
                }
                b"row" => {
                    if let Some(a) = e.try_get_attribute("r").ok().flatten() {
                        let r: u64 = std::str::from_utf8(&a.value).ok().and_then(|s| s.parse().ok()).unwrap_or(0);
                        if r > l.max_rows {
                            return Err(too_big(&format!("工作表含有第 {r} 行"), l));
                        }
                    }
                }
                b"c" => {
                    cells += 1;
                    if cells > l.max_cells {
                        return Err(too_big(&format!("工作表的单元格超过 {}", l.max_cells), l));
                    }
                    if let Some(a) = e.try_get_attribute("r").ok().flatten() {
                        if let Some((c, r)) = parse_ref(&a.value) {
                            if r > l.max_rows || c > l.max_cols {
                                return Err(too_big(&format!("工作表含有单元格 {}", String::from_utf8_lossy(&a.value)), l));
                            }
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// Every check that comes before parsing.
pub fn check_upload(bytes: &[u8], l: &Limits) -> Result<(), String> {
    if bytes.len() > l.max_file_bytes {
        return Err(format!("文件大小 {:.1} MB，超过上限 {} MB", bytes.len() as f64 / 1048576.0, l.max_file_bytes / 1048576));
    }
    if bytes.is_empty() {
        return Err("文件是空的".into());
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| NOT_XLSX.to_string())?;
    if zip.len() > l.max_entries {
        return Err(format!("文件包含 {} 个压缩条目（上限 {}），不是正常的 Excel 工作簿", zip.len(), l.max_entries));
    }
    let mut total: u64 = 0;
    let mut sheets = Vec::new();
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|_| NOT_XLSX.to_string())?;
        let (size, packed) = (f.size(), f.compressed_size().max(1));
        if size > l.max_entry_bytes || (size > 1024 * 1024 && size / packed > l.max_ratio) {
            return Err(format!("文件中的“{}”解压后达 {} MB（压缩比 {}:1），疑似压缩炸弹，已拒绝", f.name(), size / 1048576, size / packed));
        }
        total += size;
        if total > l.max_total_bytes {
            return Err(format!("文件解压后超过 {} MB，疑似压缩炸弹，已拒绝", l.max_total_bytes / 1048576));
        }
        if f.name().starts_with("xl/worksheets/") && f.name().ends_with(".xml") {
            sheets.push(i);
        }
    }
    if sheets.is_empty() {
        return Err(NOT_XLSX.into());
    }
    // Declared sizes can lie: read every entry as a stream, each capped, and each sheet
    // through the cell check.
    let mut actual: u64 = 0;
    for i in 0..zip.len() {
        let f = zip.by_index(i).map_err(|_| NOT_XLSX.to_string())?;
        let cap = l.max_entry_bytes.min(l.max_total_bytes - actual.min(l.max_total_bytes));
        let mut capped = Capped { inner: f, seen: 0, cap };
        if sheets.contains(&i) {
            check_sheet(&mut capped, l)?;
        }
        std::io::copy(&mut capped, &mut std::io::sink()).map_err(|e| stream_error(&e))?;
        actual += capped.seen;
    }
    Ok(())
}

fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Whole numbers as typed; an 18-digit number has lost its last digits already and
        // shows as Excel shows it, for the ID check to say so.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) if f.abs() >= 1e15 => format!("{f:E}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.into(),
        Data::DateTime(dt) => dt.as_datetime().map(|t| t.date().to_string()).unwrap_or_default(),
        Data::DateTimeIso(s) => s.chars().take(10).collect(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(_) => "#错误".into(),
    }
}

/// The first sheet (or the one named 花名册) as rows of cell texts from A1.
pub fn read_grid(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| NOT_XLSX.to_string())?;
    let names = wb.sheet_names();
    let name = names.iter().find(|n| n.as_str() == "花名册").or(names.first()).cloned().ok_or_else(|| NOT_XLSX.to_string())?;
    let range = wb.worksheet_range(&name).map_err(|_| NOT_XLSX.to_string())?;
    let Some((r0, c0)) = range.start() else { return Ok(Vec::new()) };
    let mut grid: Vec<Vec<String>> = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut cells = vec![String::new(); c0 as usize];
        cells.extend(row.iter().map(cell_text));
        grid.push(cells);
    }
    Ok(grid)
}

/// One person as the sheet shows them.
pub struct SheetRow {
    pub fields: PersonFields,
    pub unit: String,
    pub id_number: String,
}

impl SheetRow {
    /// The row's cells in [`COLUMNS`] order.
    pub fn cells(&self) -> Vec<String> {
        let v = serde_json::to_value(&self.fields).unwrap_or_default();
        COLUMNS
            .iter()
            .map(|c| match c.key {
                "unit" => self.unit.clone(),
                "id_number" => self.id_number.clone(),
                k => match v.get(k) {
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(serde_json::Value::Null) | None => String::new(),
                    Some(other) => other.to_string(),
                },
            })
            .collect()
    }
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> anyhow::Error {
    anyhow::anyhow!("xlsx: {e}")
}

fn header_formats() -> (rust_xlsxwriter::Format, rust_xlsxwriter::Format) {
    use rust_xlsxwriter::{Color, Format, FormatBorder};
    let base = Format::new().set_bold().set_background_color(Color::RGB(0xDDEBF7)).set_border(FormatBorder::Thin);
    (base.clone(), base.set_font_color(Color::RGB(0xC00000)))
}

fn write_header(ws: &mut rust_xlsxwriter::Worksheet) -> anyhow::Result<()> {
    let (plain, required) = header_formats();
    let text = rust_xlsxwriter::Format::new().set_num_format("@");
    for (i, c) in COLUMNS.iter().enumerate() {
        let col = i as u16;
        if c.required {
            ws.write_string_with_format(0, col, format!("{}*", c.label()), &required).map_err(xlsx_err)?;
        } else {
            ws.write_string_with_format(0, col, c.label(), &plain).map_err(xlsx_err)?;
        }
        let width = match c.key {
            "id_number" => 22.0,
            "unit" | "position" | "school_full" | "school_part" | "remarks" => 20.0,
            k if k.ends_with("_date") || k == "work_start" => 13.0,
            _ => 11.0,
        };
        ws.set_column_width(col, width).map_err(xlsx_err)?;
        if c.key == "id_number" || c.key == "phone" {
            ws.set_column_format(col, &text).map_err(xlsx_err)?;
        }
    }
    ws.set_freeze_panes(1, 2).map_err(xlsx_err)?;
    Ok(())
}

/// The import template: the roster sheet with drop-down lists, a sheet of instructions, and a
/// sheet listing the 部室 the user may import into.
pub fn template(units: &[String]) -> anyhow::Result<Vec<u8>> {
    use rust_xlsxwriter::{DataValidation, Format, Formula, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("花名册").map_err(xlsx_err)?;
    write_header(ws)?;
    let last = LIMITS.max_rows as u32 - 1;
    for (i, c) in COLUMNS.iter().enumerate() {
        let col = i as u16;
        let dv = if c.key == "unit" && !units.is_empty() {
            Some(DataValidation::new().allow_list_formula(Formula::new(format!("=部室!$A$2:$A${}", units.len() + 1))))
        } else if !c.allowed.is_empty() && c.allowed.join(",").chars().count() < 250 {
            Some(DataValidation::new().allow_list_strings(c.allowed).map_err(xlsx_err)?)
        } else {
            None
        };
        if let Some(dv) = dv {
            let dv = dv.set_error_message(format!("请从下拉列表中选择{}", c.label())).map_err(xlsx_err)?;
            ws.add_data_validation(1, col, last, col, &dv).map_err(xlsx_err)?;
        }
    }

    let help = wb.add_worksheet();
    help.set_name("填写说明").map_err(xlsx_err)?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    help.write_string_with_format(0, 0, "育才 · 花名册导入说明", &bold).map_err(xlsx_err)?;
    help.write_string(1, 0, "在「花名册」工作表第 2 行起每行填写一人；列名带 * 的为必填。列的顺序可以调整，列名须保持不变。整个文件全部无误才会导入，有问题时会按行列逐条列出，一行也不写入。").map_err(xlsx_err)?;
    for (j, h) in ["列", "列名", "必填", "可选值", "填写说明"].iter().enumerate() {
        help.write_string_with_format(3, j as u16, *h, &bold).map_err(xlsx_err)?;
    }
    for (i, c) in COLUMNS.iter().enumerate() {
        let r = 4 + i as u32;
        help.write_string(r, 0, column_letter(i)).map_err(xlsx_err)?;
        help.write_string(r, 1, c.label()).map_err(xlsx_err)?;
        help.write_string(r, 2, if c.required { "是" } else { "" }).map_err(xlsx_err)?;
        help.write_string_with_format(r, 3, c.allowed.join("、"), &wrap).map_err(xlsx_err)?;
        help.write_string_with_format(r, 4, c.hint, &wrap).map_err(xlsx_err)?;
    }
    help.set_column_width(0, 5).map_err(xlsx_err)?;
    help.set_column_width(1, 16).map_err(xlsx_err)?;
    help.set_column_width(2, 6).map_err(xlsx_err)?;
    help.set_column_width(3, 50).map_err(xlsx_err)?;
    help.set_column_width(4, 60).map_err(xlsx_err)?;

    let list = wb.add_worksheet();
    list.set_name("部室").map_err(xlsx_err)?;
    list.write_string_with_format(0, 0, "部室（可填名称，重名时填全路径）", &bold).map_err(xlsx_err)?;
    for (i, u) in units.iter().enumerate() {
        list.write_string(i as u32 + 1, 0, u).map_err(xlsx_err)?;
    }
    list.set_column_width(0, 40).map_err(xlsx_err)?;
    wb.save_to_buffer().map_err(xlsx_err)
}

/// The roster view as a workbook with the import columns, so an export can be edited and
/// imported again. Rows are cells in [`COLUMNS`] order, consumed as they come (the export
/// streams them from the database). Text that would start a formula is neutralised.
pub fn export(rows: impl IntoIterator<Item = Vec<String>>, title: &str) -> anyhow::Result<Vec<u8>> {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    // Rows go to a temporary file as they are written, so 100,000 people are never held in
    // memory as cells.
    let ws = wb.add_worksheet_with_constant_memory();
    ws.set_name("花名册").map_err(xlsx_err)?;
    write_header(ws)?;
    let mut n: u32 = 0;
    for row in rows {
        n += 1;
        for (c, v) in row.into_iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(n, c as u16, neutralise(&v)).map_err(xlsx_err)?;
            }
        }
    }
    if n > 0 {
        ws.autofilter(0, 0, n, COLUMNS.len() as u16 - 1).map_err(xlsx_err)?;
    }
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_title(title));
    wb.save_to_buffer().map_err(xlsx_err)
}

/// [`export`] for people held as records (tests, small lists).
pub fn export_people(rows: &[SheetRow], title: &str) -> anyhow::Result<Vec<u8>> {
    export(rows.iter().map(SheetRow::cells), title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut out);
            let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            for (name, data) in entries {
                z.start_file(*name, opts).unwrap();
                z.write_all(data).unwrap();
            }
            z.finish().unwrap();
        }
        out.into_inner()
    }

    #[test]
    fn references() {
        assert_eq!(parse_ref(b"A1"), Some((1, 1)));
        assert_eq!(parse_ref(b"XFD1048576"), Some((16384, 1048576)));
        assert_eq!(parse_ref(b"1"), None);
        assert_eq!(parse_ref(b"A"), None);
    }

    #[test]
    fn the_template_and_an_export_pass_the_checks_and_read_back() {
        let t = template(&["中心".into(), "中心/综合部".into()]).unwrap();
        check_upload(&t, &LIMITS).unwrap();
        let grid = read_grid(&t).unwrap();
        assert_eq!(grid[0][0], "姓名*");
        assert_eq!(grid[0].len(), COLUMNS.len());

        let mut f = PersonFields::default();
        f.name = "张三".into();
        f.remarks = "=HYPERLINK(\"http://x\")".into();
        let x = export_people(&[SheetRow { fields: f, unit: "中心/综合部".into(), id_number: "110105********1234".into() }], "花名册").unwrap();
        check_upload(&x, &LIMITS).unwrap();
        let grid = read_grid(&x).unwrap();
        let remarks = COLUMNS.iter().position(|c| c.key == "remarks").unwrap();
        assert_eq!(grid[1][0], "张三");
        assert_eq!(grid[1][remarks], "'=HYPERLINK(\"http://x\")");
    }

    #[test]
    fn a_zip_bomb_is_refused_quickly_in_little_memory() {
        // 200 MB of zeros compresses to about 200 KB.
        let zeros = vec![0u8; 1024 * 1024];
        let mut out = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut out);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .large_file(true);
            z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
            for _ in 0..200 {
                z.write_all(&zeros).unwrap();
            }
            z.finish().unwrap();
        }
        let bomb = out.into_inner();
        assert!(bomb.len() < 1024 * 1024, "bomb is {} bytes", bomb.len());
        let started = std::time::Instant::now();
        let err = check_upload(&bomb, &LIMITS).unwrap_err();
        assert!(err.contains("压缩炸弹"), "{err}");
        // Refused on the declared ratio, before decompressing anything.
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn lying_sizes_are_caught_while_streaming() {
        // Small limits stand in for the real ones: declared sizes pass, the stream does not.
        let l = Limits { max_entry_bytes: 1000, max_total_bytes: 1500, ..LIMITS };
        let big = vec![b' '; 5000];
        let file = zip_of(&[("xl/worksheets/sheet1.xml", &big)]);
        // Rewrite the declared uncompressed size (central directory and local header) to 10.
        let mut bytes = file.clone();
        let cd = bytes.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        bytes[cd + 24..cd + 28].copy_from_slice(&10u32.to_le_bytes());
        bytes[22..26].copy_from_slice(&10u32.to_le_bytes());
        let err = check_upload(&bytes, &l).unwrap_err();
        assert!(err.contains("过大") || err.contains("不是有效"), "{err}");
    }

    #[test]
    fn a_sheet_reaching_xfd1048576_is_refused() {
        let by_dimension = br#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>"#;
        let err = check_upload(&zip_of(&[("xl/worksheets/sheet1.xml", by_dimension)]), &LIMITS).unwrap_err();
        assert!(err.contains("A1:XFD1048576"), "{err}");
        // No dimension, but a far cell.
        let by_cell = br#"<worksheet><sheetData><row r="1"><c r="A1"/></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>"#;
        let err = check_upload(&zip_of(&[("xl/worksheets/sheet1.xml", by_cell)]), &LIMITS).unwrap_err();
        assert!(err.contains("1048576"), "{err}");
        let far_col = br#"<worksheet><sheetData><row r="2"><c r="XFD2"><v>1</v></c></row></sheetData></worksheet>"#;
        let err = check_upload(&zip_of(&[("xl/worksheets/sheet1.xml", far_col)]), &LIMITS).unwrap_err();
        assert!(err.contains("XFD2"), "{err}");
    }

    #[test]
    fn not_a_workbook() {
        assert!(check_upload(b"hello", &LIMITS).unwrap_err().contains("不是有效的 .xlsx"));
        assert!(check_upload(&[], &LIMITS).unwrap_err().contains("空的"));
        let big = vec![0u8; LIMITS.max_file_bytes + 1];
        assert!(check_upload(&big, &LIMITS).unwrap_err().contains("超过上限"));
        let many: Vec<(String, Vec<u8>)> = (0..LIMITS.max_entries + 1).map(|i| (format!("f{i}.xml"), vec![])).collect();
        let refs: Vec<(&str, &[u8])> = many.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
        assert!(check_upload(&zip_of(&refs), &LIMITS).unwrap_err().contains("压缩条目"));
    }
}
