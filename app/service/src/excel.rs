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
    if e.to_string().contains(OVER_CAP) {
        "文件解压后过大，疑似压缩炸弹，已拒绝".into()
    } else {
        NOT_XLSX.into()
    }
}

/// Stream one worksheet's XML, checking its dimension and every cell. A row or cell without a
/// reference takes the position after the previous one, as the parser places it, so a sheet of
/// unnumbered cells is measured where it really reaches.
fn check_sheet<R: Read>(xml: R, l: &Limits) -> Result<(), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(xml));
    let mut buf = Vec::with_capacity(4096);
    let mut cells: u64 = 0;
    // Current row and the column of the last cell (both from 1; 0 = none yet).
    let (mut row, mut col): (u64, u64) = (0, 0);
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
                    row = match e.try_get_attribute("r").ok().flatten() {
                        Some(a) => std::str::from_utf8(&a.value).ok().and_then(|s| s.trim().parse().ok()).unwrap_or(u64::MAX),
                        None => row.saturating_add(1),
                    };
                    col = 0;
                    if row > l.max_rows {
                        return Err(too_big(&format!("工作表含有第 {row} 行"), l));
                    }
                }
                b"c" => {
                    cells += 1;
                    if cells > l.max_cells {
                        return Err(too_big(&format!("工作表的单元格超过 {}", l.max_cells), l));
                    }
                    let (c, r) = match e.try_get_attribute("r").ok().flatten() {
                        Some(a) => parse_ref(&a.value).unwrap_or((u64::MAX, u64::MAX)),
                        None => (col.saturating_add(1), row.max(1)),
                    };
                    col = c;
                    if r > l.max_rows || c > l.max_cols {
                        return Err(too_big(&format!("工作表含有单元格 {}", cell_name(c, r)), l));
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

/// `A1` for column and row from 1 (a column past the sheet's end reads as its number).
fn cell_name(col: u64, row: u64) -> String {
    match usize::try_from(col) {
        Ok(c) if (1..=16384).contains(&c) => format!("{}{row}", column_letter(c - 1)),
        _ => format!("第 {row} 行第 {col} 列"),
    }
}

const BAD_PARTS: &str = "工作簿内部的链接指向工作簿之外或不存在的部分，不是正常的 Excel 工作簿，已拒绝";

/// An element's attributes: name and value.
type Attrs = Vec<(Vec<u8>, String)>;

/// Every element named `name` in one small part of the zip (read capped), as its attributes.
fn elements<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, part: &str, name: &[u8]) -> Result<Vec<Attrs>, String> {
    use quick_xml::events::Event;
    let f = zip.by_name(part).map_err(|_| NOT_XLSX.to_string())?;
    let capped = Capped { inner: f, seen: 0, cap: 4 * 1024 * 1024 };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(capped));
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).map_err(|e| stream_error(&e))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == name => {
                out.push(
                    e.attributes()
                        .filter_map(Result::ok)
                        .map(|a| (a.key.as_ref().to_vec(), String::from_utf8_lossy(&a.value).into_owned()))
                        .collect(),
                );
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
        buf.clear();
    }
}

/// The parts the workbook's sheets are, resolved as the parser resolves them (`/xl/x`, `xl/x`
/// and `x` all mean `xl/x`). A sheet outside `xl/`, or one its relationship does not name, is
/// refused; other relationships (styles, custom XML, …) the parser does not follow are left alone.
fn sheet_parts<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>) -> Result<Vec<String>, String> {
    // `r:id` on each <sheet>, and any other prefixed `id` too (whichever the parser picks is checked).
    let ids: Vec<String> = elements(zip, "xl/workbook.xml", b"sheet")?
        .into_iter()
        .flat_map(|attrs| attrs.into_iter().filter(|(k, _)| k.ends_with(b":id")).map(|(_, v)| v))
        .collect();
    let rels = elements(zip, "xl/_rels/workbook.xml.rels", b"Relationship")?;
    let attr = |attrs: &[(Vec<u8>, String)], key: &[u8]| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let mut parts = Vec::new();
    for id in ids {
        let rel = rels.iter().find(|r| attr(r, b"Id").as_deref() == Some(id.as_str())).ok_or_else(|| BAD_PARTS.to_string())?;
        let t = attr(rel, b"Target").unwrap_or_default();
        let path = if let Some(rest) = t.strip_prefix("/xl/") {
            format!("xl/{rest}")
        } else if t.starts_with("xl/") {
            t.clone()
        } else {
            format!("xl/{t}")
        };
        let inside = path.split('/').skip(1).all(|seg| !seg.is_empty() && seg != "." && seg != "..") && !path.contains('\\');
        if !inside || attr(rel, b"TargetMode").as_deref() == Some("External") {
            return Err(BAD_PARTS.into());
        }
        parts.push(path);
    }
    Ok(parts)
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
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|_| NOT_XLSX.to_string())?;
        let (size, packed) = (f.size(), f.compressed_size().max(1));
        if size > l.max_entry_bytes || (size > 1024 * 1024 && size / packed > l.max_ratio) {
            return Err(format!(
                "文件中的“{}”解压后达 {} MB（压缩比 {}:1），疑似压缩炸弹，已拒绝",
                f.name(),
                size / 1048576,
                size / packed
            ));
        }
        total += size;
        if total > l.max_total_bytes {
            return Err(format!("文件解压后超过 {} MB，疑似压缩炸弹，已拒绝", l.max_total_bytes / 1048576));
        }
    }
    // Every sheet the workbook points at, whatever its name, and everything in the sheet folders.
    let mut sheets = Vec::new();
    for part in sheet_parts(&mut zip)? {
        sheets.push(zip.index_for_name(&part).ok_or_else(|| BAD_PARTS.to_string())?);
    }
    if sheets.is_empty() {
        return Err(NOT_XLSX.into());
    }
    for i in 0..zip.len() {
        let name = zip.name_for_index(i).unwrap_or("");
        if ["xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/"].iter().any(|d| name.starts_with(d))
            && !name.contains("/_rels/")
            && !sheets.contains(&i)
        {
            sheets.push(i);
        }
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

/// The first sheet (or the one named 花名册) as rows of cell texts from A1, read cell by cell
/// within the limits: a cell past them stops the reading, so what is held never exceeds
/// `max_rows` × `max_cols` cells whatever the file claims.
pub fn read_grid_within(bytes: &[u8], l: &Limits) -> Result<Vec<Vec<String>>, String> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| NOT_XLSX.to_string())?;
    let names = wb.sheet_names();
    let name = names.iter().find(|n| n.as_str() == "花名册").or(names.first()).cloned().ok_or_else(|| NOT_XLSX.to_string())?;
    let mut reader = wb.worksheet_cells_reader(&name).map_err(|_| NOT_XLSX.to_string())?;
    let mut grid: Vec<Vec<String>> = Vec::new();
    let mut width = 0;
    let mut cells: u64 = 0;
    while let Some(cell) = reader.next_cell().map_err(|_| NOT_XLSX.to_string())? {
        let (r, c) = cell.get_position();
        let (r, c) = (r as u64, c as u64);
        if r >= l.max_rows || c >= l.max_cols {
            return Err(too_big(&format!("工作表含有单元格 {}", cell_name(c + 1, r + 1)), l));
        }
        cells += 1;
        if cells > l.max_cells {
            return Err(too_big(&format!("工作表的单元格超过 {}", l.max_cells), l));
        }
        let text = cell_text(&calamine::Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        let (r, c) = (r as usize, c as usize);
        if grid.len() <= r {
            grid.resize_with(r + 1, Vec::new);
        }
        if grid[r].len() <= c {
            grid[r].resize(c + 1, String::new());
        }
        width = width.max(c + 1);
        grid[r][c] = text;
    }
    for row in &mut grid {
        row.resize(width, String::new());
    }
    Ok(grid)
}

/// [`read_grid_within`] the import limits.
pub fn read_grid(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    read_grid_within(bytes, &LIMITS)
}

/// The one way an uploaded workbook is read: every check before parsing, then the bounded
/// parse. Every import (roster, scores, attendance, …) goes through here.
pub fn read_upload(bytes: &[u8], l: &Limits) -> Result<Vec<Vec<String>>, String> {
    check_upload(bytes, l)?;
    read_grid_within(bytes, l)
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

/// Any list as a workbook: a header row (frozen, filterable), then the rows; text that would
/// start a formula is neutralised. For lists other than the roster (attendance, candidate lists).
pub fn table(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>, sheet: &str, title: &str) -> anyhow::Result<Vec<u8>> {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory();
    ws.set_name(sheet).map_err(xlsx_err)?;
    let (plain, _) = header_formats();
    for (i, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &plain).map_err(xlsx_err)?;
        ws.set_column_width(i as u16, if i == 0 { 10.0 } else { 14.0 }).map_err(xlsx_err)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xlsx_err)?;
    let mut n: u32 = 0;
    for row in rows {
        n += 1;
        for (c, v) in row.into_iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(n, c as u16, neutralise(&v)).map_err(xlsx_err)?;
            }
        }
    }
    if n > 0 && !header.is_empty() {
        ws.autofilter(0, 0, n, header.len() as u16 - 1).map_err(xlsx_err)?;
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
        zip_with(entries, zip::CompressionMethod::Deflated)
    }

    fn zip_with(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut out);
            let opts = zip::write::SimpleFileOptions::default().compression_method(method);
            for (name, data) in entries {
                z.start_file(*name, opts).unwrap();
                z.write_all(data).unwrap();
            }
            z.finish().unwrap();
        }
        out.into_inner()
    }

    /// A minimal workbook: one sheet named 花名册 at `sheet_path` (as the relationship names it,
    /// relative to `xl/`) holding `sheet`.
    fn book_of(target: &str, entry: &str, sheet: &[u8]) -> Vec<u8> {
        let workbook = r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>"#.as_bytes();
        let rels = format!(
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{target}"/></Relationships>"#
        );
        // Stored, not compressed: ratio 1, as the file that once passed every check.
        zip_with(
            &[("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", rels.as_bytes()), (entry, sheet)],
            zip::CompressionMethod::Stored,
        )
    }

    fn sheet(data: &str) -> Vec<u8> {
        format!(r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>"#).into_bytes()
    }

    /// 200,000 cells without a reference in row 1, and one at A20000: 1.4 MB that once made the
    /// parser ask for 128 GB and abort the process.
    fn unnumbered_cells() -> Vec<u8> {
        let mut data = String::from("<row r=\"1\">");
        data.push_str(&"<c></c>".repeat(200_000));
        data.push_str("</row><row r=\"20000\"><c r=\"A20000\" t=\"inlineStr\"><is><t>x</t></is></c></row>");
        sheet(&data)
    }

    #[test]
    fn unnumbered_cells_count_where_they_stand() {
        let file = book_of("worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", &unnumbered_cells());
        let err = check_upload(&file, &LIMITS).unwrap_err();
        assert!(err.contains("第 1 行第 65 列") || err.contains("BM1"), "{err}");
        // The parser refuses on its own too, without allocating rows × columns.
        let err = read_grid(&file).unwrap_err();
        assert!(err.contains("BM1"), "{err}");
    }

    #[test]
    fn every_sheet_the_workbook_points_at_is_checked() {
        // A sheet part not ending in .xml.
        let file = book_of("worksheets/sheet1.bin", "xl/worksheets/sheet1.bin", &unnumbered_cells());
        assert!(check_upload(&file, &LIMITS).is_err());
        let far = sheet(r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#);
        let file = book_of("/xl/data/roster.bin", "xl/data/roster.bin", &far);
        // Not in worksheets/: the parser does not read it as a sheet, and nor is it one here.
        assert!(check_upload(&file, &LIMITS).is_err());
        // Outside xl/.
        for target in ["../evil.xml", "worksheets/../../evil.xml", "/evil.xml", "worksheets\\..\\evil.xml"] {
            let file = book_of(target, "xl/../evil.xml", &far);
            assert_eq!(check_upload(&file, &LIMITS).unwrap_err(), BAD_PARTS, "{target}");
        }
        // Pointing at nothing.
        let file = book_of("worksheets/missing.xml", "xl/worksheets/sheet1.xml", &sheet(""));
        assert_eq!(check_upload(&file, &LIMITS).unwrap_err(), BAD_PARTS);
        // Two ids on one sheet: both are checked.
        let two = r#"<workbook><sheets><sheet name="花名册" sheetId="1" x:id="rId1" r:id="rId2"/></sheets></workbook>"#;
        let rels2 = r#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="../evil.xml"/></Relationships>"#;
        let file = zip_of(&[
            ("xl/workbook.xml", two.as_bytes()),
            ("xl/_rels/workbook.xml.rels", rels2.as_bytes()),
            ("xl/worksheets/sheet1.xml", &far),
            ("xl/../evil.xml", &far),
        ]);
        assert_eq!(check_upload(&file, &LIMITS).unwrap_err(), BAD_PARTS);
        // Relationships that are not sheets may point outside xl/ (Office's custom XML parts do).
        let workbook = r#"<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
        let rels = r#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId9" Target="../customXml/item1.xml"/></Relationships>"#;
        let ok = sheet(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>"#);
        let file = zip_of(&[
            ("xl/workbook.xml", workbook.as_bytes()),
            ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
            ("xl/worksheets/sheet1.xml", &ok),
            ("customXml/item1.xml", b"<x/>"),
        ]);
        check_upload(&file, &LIMITS).unwrap();
        assert_eq!(read_upload(&file, &LIMITS).unwrap(), vec![vec!["x".to_string()]]);
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

        let f = PersonFields { name: "张三".into(), remarks: "=HYPERLINK(\"http://x\")".into(), ..Default::default() };
        let x =
            export_people(&[SheetRow { fields: f, unit: "中心/综合部".into(), id_number: "110105********1234".into() }], "花名册").unwrap();
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
            let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
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
        let book = book_of("worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", &sheet(""));
        let mut z = zip::ZipArchive::new(Cursor::new(book)).unwrap();
        let mut entries: Vec<(String, Vec<u8>)> = vec![("xl/worksheets/big.xml".into(), big)];
        for i in 0..z.len() {
            let mut f = z.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            entries.push((f.name().to_string(), data));
        }
        let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
        // Rewrite the first entry's declared uncompressed size (central directory and local
        // header) to 10.
        let mut bytes = zip_of(&refs);
        let cd = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        bytes[cd + 24..cd + 28].copy_from_slice(&10u32.to_le_bytes());
        bytes[22..26].copy_from_slice(&10u32.to_le_bytes());
        let err = check_upload(&bytes, &l).unwrap_err();
        assert!(err.contains("过大") || err.contains("不是有效"), "{err}");
    }

    #[test]
    fn a_sheet_reaching_xfd1048576_is_refused() {
        let by_dimension = br#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>"#;
        let one = |xml: &[u8]| book_of("worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", xml);
        let err = check_upload(&one(by_dimension), &LIMITS).unwrap_err();
        assert!(err.contains("A1:XFD1048576"), "{err}");
        // No dimension, but a far cell.
        let by_cell = br#"<worksheet><sheetData><row r="1"><c r="A1"/></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>"#;
        let err = check_upload(&one(by_cell), &LIMITS).unwrap_err();
        assert!(err.contains("1048576"), "{err}");
        let far_col = br#"<worksheet><sheetData><row r="2"><c r="XFD2"><v>1</v></c></row></sheetData></worksheet>"#;
        let err = check_upload(&one(far_col), &LIMITS).unwrap_err();
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
