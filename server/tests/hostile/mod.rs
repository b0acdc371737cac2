//! The hostile-workbook corpus: files that once got past the checks or that no import may ever
//! accept, generated deterministically (no binary files in the tree). Every import that takes
//! an .xlsx runs them with one call:
//!
//! ```ignore
//! hostile::every_upload_is_refused(&app, &client, "roster_import", &[("commit", "1")]).await;
//! ```

use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

/// Two sheets: 花名册 (the one an import reads) and a harmless 说明 at the usual place, so a
/// check that only looks at the usual places finds something to pass.
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/><sheet name="说明" sheetId="2" r:id="rId2"/></sheets></workbook>"#;

fn rels(target: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="{target}"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/decoy.xml"/></Relationships>"#
    )
}

fn sheet(data: &str, dimension: Option<&str>) -> Vec<u8> {
    let dim = dimension.map(|d| format!(r#"<dimension ref="{d}"/>"#)).unwrap_or_default();
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>{data}</sheetData></worksheet>"#)
        .into_bytes()
}

enum Content<'a> {
    Bytes(&'a [u8]),
    /// This many MiB of zeros, written a MiB at a time.
    Zeros(usize),
}

fn zip(entries: &[(&str, Content<'_>)], method: zip::CompressionMethod) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .large_file(true)
            .last_modified_time(zip::DateTime::default());
        for (name, content) in entries {
            z.start_file(*name, opts).expect("zip entry");
            match content {
                Content::Bytes(b) => z.write_all(b).expect("zip write"),
                Content::Zeros(mib) => {
                    let zeros = vec![0u8; 1 << 20];
                    for _ in 0..*mib {
                        z.write_all(&zeros).expect("zip write");
                    }
                }
            }
        }
        z.finish().expect("zip finish");
    }
    out.into_inner()
}

/// A workbook whose sheet 花名册 is the part `target` (relative to `xl/`), stored in the zip as
/// `entry`, beside the harmless decoy sheet.
fn book(target: &str, entry: &str, content: Content<'_>, method: zip::CompressionMethod) -> Vec<u8> {
    let rels = rels(target);
    let decoy = sheet(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>说明</t></is></c></row>"#, Some("A1"));
    zip(
        &[
            ("xl/workbook.xml", Content::Bytes(WORKBOOK.as_bytes())),
            ("xl/_rels/workbook.xml.rels", Content::Bytes(rels.as_bytes())),
            ("xl/worksheets/decoy.xml", Content::Bytes(&decoy)),
            (entry, content),
        ],
        method,
    )
}

/// Row 1 holds 200,000 cells without a reference, and one cell sits at A20000: 1.4 MB, stored
/// (ratio 1), fewer cells than the cap and no far reference, yet rows × columns is 4 billion.
pub fn unnumbered_cells_sheet() -> Vec<u8> {
    unnumbered(&"<c></c>".repeat(200_000))
}

/// The same with a value in each cell (3 MB), which a parser cannot skip as empty.
pub fn unnumbered_values_sheet() -> Vec<u8> {
    unnumbered(&"<c><v>1</v></c>".repeat(200_000))
}

fn unnumbered(cells: &str) -> Vec<u8> {
    let mut data = String::from(r#"<row r="1">"#);
    data.push_str(cells);
    data.push_str(r#"</row><row r="20000"><c r="A20000" t="inlineStr"><is><t>x</t></is></c></row>"#);
    sheet(&data, None)
}

fn far_cell_sheet() -> Vec<u8> {
    sheet(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>姓名*</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        Some("A1:XFD1048576"),
    )
}

/// Every file of the corpus, by name.
pub fn corpus() -> Vec<(&'static str, Vec<u8>)> {
    use zip::CompressionMethod::{Deflated, Stored};
    let cells = unnumbered_cells_sheet();
    let values = unnumbered_values_sheet();
    let far = far_cell_sheet();
    vec![
        ("unnumbered-cells.xlsx", book("worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", Content::Bytes(&cells), Stored)),
        ("unnumbered-values.xlsx", book("worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", Content::Bytes(&values), Stored)),
        // 100 MiB of zeros in about 100 KB.
        ("zip-bomb.xlsx", book("worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", Content::Zeros(100), Deflated)),
        ("xfd1048576.xlsx", book("worksheets/sheet1.xml", "xl/worksheets/sheet1.xml", Content::Bytes(&far), Deflated)),
        // The sheet part does not end in .xml; the parser reads it all the same.
        ("sheet-named-bin.xlsx", book("worksheets/sheet1.bin", "xl/worksheets/sheet1.bin", Content::Bytes(&values), Stored)),
        ("sheet-named-dot-bin.xlsx", book("worksheets/.bin", "xl/worksheets/.bin", Content::Bytes(&far), Deflated)),
        // The relationship leaves xl/.
        ("relationship-outside-xl.xlsx", book("../evil.xml", "xl/../evil.xml", Content::Bytes(&far), Deflated)),
        ("relationship-absolute.xlsx", book("/evil/sheet1.xml", "evil/sheet1.xml", Content::Bytes(&far), Deflated)),
        ("not-a-zip.xlsx", b"PK\x03\x04 this is not a workbook".to_vec()),
        ("empty-zip.xlsx", zip(&[], Deflated)),
    ]
}

/// Upload every corpus file to `endpoint` as the multipart field `file` with `fields`: each must
/// be refused with a message (4xx, or a report listing a problem) quickly, nothing committed, and
/// the server must still answer afterwards.
pub async fn every_upload_is_refused(base: &str, client: &Client, endpoint: &str, fields: &[(&str, &str)]) {
    for (name, bytes) in corpus() {
        let mut form = Form::new().part("file", Part::bytes(bytes).file_name(name));
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        let started = Instant::now();
        let res = client.post(format!("{base}/api/{endpoint}")).multipart(form).send().await;
        let res = res.unwrap_or_else(|e| panic!("{name}: the request failed (server down?): {e}"));
        let status = res.status();
        let body = res.text().await.unwrap_or_default();
        assert!(started.elapsed() < Duration::from_secs(10), "{name}: took {:?}", started.elapsed());
        assert!(status.is_success() || status.is_client_error(), "{name}: {status} {body}");
        let report: serde_json::Value = serde_json::from_str(&body).unwrap_or(serde_json::Value::Null);
        assert_ne!(report["committed"], serde_json::Value::Bool(true), "{name}: {body}");
        if status.is_success() {
            let first = report["problems"][0]["message"].as_str().unwrap_or("");
            assert!(!first.is_empty(), "{name}: accepted without a problem: {body}");
        }
        let alive = client.get(format!("{base}/healthz")).send().await.map(|r| r.status());
        assert_eq!(alive.ok(), Some(StatusCode::OK), "{name}: the server stopped answering");
    }
}

/// The same files against a reading function directly (for unit-level checks of a parser).
pub fn each_is_refused_by(read: impl Fn(&[u8]) -> Result<Vec<Vec<String>>, String>) {
    for (name, bytes) in corpus() {
        let started = Instant::now();
        let r = read(&bytes);
        assert!(r.is_err(), "{name} was read: {} rows", r.map(|g| g.len()).unwrap_or(0));
        assert!(started.elapsed() < Duration::from_secs(10), "{name}: took {:?}", started.elapsed());
    }
}
