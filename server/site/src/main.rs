//! `yucai-site build [--release]`: builds the folder of browser files the server serves.
//!
//! Why this exists: it replaces `cargo-leptos`, which took 19 minutes to install from source on
//! every fresh machine, for the handful of steps Yucai actually needs. It builds exactly what the
//! server serves and nothing else:
//!
//! 1. the `islands` crate for `wasm32-unknown-unknown` (feature `hydrate`; profile `wasm-release`
//!    with `--release`), with cargo itself, so a no-change run is cargo's own no-op build;
//! 2. wasm-bindgen, as a library pinned to the `wasm-bindgen` version of Cargo.lock (no CLI to
//!    install), as `wasm-bindgen --target web --no-typescript --out-name yucai` would;
//! 3. with `--release`, binaryen's `wasm-opt -Oz` (`$YUCAI_WASM_OPT`, else `wasm-opt` on PATH);
//! 4. the JS loader, the wasm and `style/main.css` as `pkg/yucai.<hash>.{js,wasm,css}` under the
//!    site root, each beside a brotli (`.br`) and a gzip (`.gz`) copy, and the hashes in `hash.txt`
//!    (leptos's format) both in `pkg/` and beside the server binary, where leptos reads it;
//! 5. the files of `public/` at the site root.
//!
//! Files are written under temporary names and renamed, so a running server never serves a
//! half-written file; older hashed files are then removed from `pkg/`.

use anyhow::{bail, ensure, Context, Result};
use base64::Engine as _;
use clap::{Parser, Subcommand};
use sha2::{Digest, Sha256};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// The name leptos is told (`output_name`): files are `yucai.<hash>.<ext>`.
const NAME: &str = "yucai";
/// `-Oz` and the wasm features rustc enables by default (binaryen also reads them from the wasm's
/// `target_features` section; naming them keeps wasm-opt working should that section go).
const WASM_OPT_FLAGS: &[&str] = &[
    "-Oz",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

#[derive(Parser)]
#[command(about = "Builds the browser files the Yucai server serves (target/site)")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Build the wasm, its JS loader and the stylesheet into <site-root>/pkg, and copy public/.
    Build {
        /// Optimised build (profile wasm-release, then wasm-opt -Oz).
        #[arg(long)]
        release: bool,
        /// Folder the server serves [default: <workspace>/target/site].
        #[arg(long)]
        site_root: Option<PathBuf>,
        /// Where hash.txt goes, beside the server binary [default: <target>/release or <target>/debug].
        #[arg(long)]
        bin_dir: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let Cmd::Build { release, site_root, bin_dir } = Cli::parse().command;
    match run(release, site_root, bin_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("yucai-site: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(release: bool, site_root: Option<PathBuf>, bin_dir: Option<PathBuf>) -> Result<()> {
    let root = workspace_root()?;
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => std::env::current_dir()?.join(dir),
        None => root.join("target"),
    };
    let site_root = site_root.unwrap_or_else(|| root.join("target/site"));
    let bin_dir = bin_dir.unwrap_or_else(|| target.join(if release { "release" } else { "debug" }));
    build(&root, &target, &site_root, &bin_dir, release)
}

fn build(root: &Path, target: &Path, site_root: &Path, bin_dir: &Path, release: bool) -> Result<()> {
    let (mut steps, mut clock) = (Vec::<(&str, Duration)>::new(), Instant::now());
    let mut lap = |name| {
        steps.push((name, clock.elapsed()));
        clock = Instant::now();
    };

    // 1. cargo build of the browser crate.
    let profile = if release { "wasm-release" } else { "dev" };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .env("CARGO_TARGET_DIR", target)
        .args(["build", "-p", "islands", "--lib", "--target", "wasm32-unknown-unknown"])
        .args(["--no-default-features", "--features", "hydrate", "--profile", profile])
        .status()
        .context("could not run cargo")?;
    ensure!(status.success(), "cargo build of the islands crate failed ({status})");
    let out_dir = if release { "wasm-release" } else { "debug" };
    let wasm_in = target.join("wasm32-unknown-unknown").join(out_dir).join("islands.wasm");
    lap("cargo build");

    // 2. wasm-bindgen, into a scratch folder beside the cargo output.
    let work = target.join("yucai-site").join(out_dir);
    if work.exists() {
        std::fs::remove_dir_all(&work).with_context(|| format!("could not clear {}", work.display()))?;
    }
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen.input_path(&wasm_in).web(true)?.typescript(false).omit_default_module_path(false).out_name(NAME);
    let mut output = bindgen.generate_output().with_context(|| format!("wasm-bindgen failed on {}", wasm_in.display()))?;
    output.emit(&work).with_context(|| format!("could not write wasm-bindgen's output to {}", work.display()))?;
    ensure!(
        !work.join("snippets").exists(),
        "the browser code now imports JS snippets (#[wasm_bindgen(module/inline_js)]), which yucai-site does not ship yet"
    );
    let js = read(&work.join(format!("{NAME}.js")))?;
    let mut wasm_path = work.join(format!("{NAME}_bg.wasm"));
    lap("wasm-bindgen");

    // 3. wasm-opt.
    if release {
        let optimised = work.join(format!("{NAME}_opt.wasm"));
        wasm_opt(&wasm_path, &optimised)?;
        wasm_path = optimised;
        lap("wasm-opt");
    }
    let wasm = read(&wasm_path)?;
    let css = read(&root.join("style/main.css"))?;

    // 4. Hashed names, each with its compressed copies, then hash.txt.
    let pkg = site_root.join("pkg");
    std::fs::create_dir_all(&pkg).with_context(|| format!("could not create {}", pkg.display()))?;
    let files = [("js", js), ("wasm", wasm), ("css", css)];
    let hashes: Vec<(&str, String)> = files.iter().map(|(ext, bytes)| (*ext, content_hash(bytes))).collect();
    let mut keep = vec!["hash.txt".to_string()];
    let mut summary = Vec::new();
    for ((ext, bytes), (_, hash)) in files.iter().zip(&hashes) {
        let name = hashed_name(hash, ext);
        let br = brotli(bytes)?;
        write_atomic(&pkg.join(format!("{name}.gz")), &gzip(bytes)?)?;
        write_atomic(&pkg.join(format!("{name}.br")), &br)?;
        write_atomic(&pkg.join(&name), bytes)?;
        summary.push((name.clone(), bytes.len(), br.len()));
        keep.extend([format!("{name}.gz"), format!("{name}.br"), name]);
    }
    lap("hash and compress");
    let text = hash_txt(&hashes);
    write_atomic(&pkg.join("hash.txt"), text.as_bytes())?;
    std::fs::create_dir_all(bin_dir).with_context(|| format!("could not create {}", bin_dir.display()))?;
    write_atomic(&bin_dir.join("hash.txt"), text.as_bytes())?;

    // 5. public/, then what older builds left in pkg/.
    copy_dir(&root.join("public"), site_root)?;
    let mut existing = Vec::new();
    for entry in std::fs::read_dir(&pkg).with_context(|| format!("could not list {}", pkg.display()))? {
        existing.push(entry?.file_name().to_string_lossy().into_owned());
    }
    for name in stale(&existing, &keep) {
        let path = pkg.join(name);
        let removed = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
        removed.with_context(|| format!("could not remove the stale {}", path.display()))?;
    }
    lap("write site");

    println!("{}/pkg ({} build), hash.txt also in {}", site_root.display(), if release { "release" } else { "debug" }, bin_dir.display());
    for (name, raw, br) in summary {
        println!("  {name:<30} {:>8.1} KB raw {:>8.1} KB br", raw as f64 / 1024.0, br as f64 / 1024.0);
    }
    let total: Duration = steps.iter().map(|(_, d)| *d).sum();
    let times: Vec<String> = steps.iter().map(|(name, d)| format!("{name} {:.1}s", d.as_secs_f64())).collect();
    println!("  {} = {:.1}s", times.join(", "), total.as_secs_f64());
    Ok(())
}

/// The folder above the current one whose Cargo.toml has `[workspace]`.
fn workspace_root() -> Result<PathBuf> {
    let cwd = std::env::current_dir().context("no current directory")?;
    for dir in cwd.ancestors() {
        if let Ok(manifest) = std::fs::read_to_string(dir.join("Cargo.toml")) {
            if manifest.lines().any(|line| line.trim() == "[workspace]") {
                return Ok(dir.to_path_buf());
            }
        }
    }
    bail!("no Cargo.toml with [workspace] in {} or above: run yucai-site inside the Yucai workspace", cwd.display())
}

fn wasm_opt(input: &Path, output: &Path) -> Result<()> {
    let bin = std::env::var_os("YUCAI_WASM_OPT").unwrap_or_else(|| "wasm-opt".into());
    let result = Command::new(&bin).args(WASM_OPT_FLAGS).arg(input).arg("-o").arg(output).status();
    let status = match result {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "wasm-opt not found (looked for {:?}): `make tools` installs it, or `cd ~/.cache/yucai/tools && npm install binaryen@132` \
             and set YUCAI_WASM_OPT=$HOME/.cache/yucai/tools/node_modules/.bin/wasm-opt",
            bin
        ),
        other => other.with_context(|| format!("could not run {bin:?}"))?,
    };
    ensure!(status.success(), "wasm-opt failed ({status}) on {}", input.display());
    Ok(())
}

/// The first 16 characters of the URL-safe base64 of the SHA-256: letters, digits, `-` and `_`,
/// which the server's `is_hashed` takes for a content hash.
fn content_hash(bytes: &[u8]) -> String {
    let mut hash = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(bytes));
    hash.truncate(16);
    hash
}

fn hashed_name(hash: &str, ext: &str) -> String {
    format!("{NAME}.{hash}.{ext}")
}

/// hash.txt as leptos reads it: one `<kind>: <hash>` line per file.
fn hash_txt(hashes: &[(&str, String)]) -> String {
    hashes.iter().map(|(kind, hash)| format!("{kind}: {hash}\n")).collect()
}

/// The entries of pkg/ that are not part of the current build.
fn stale<'a>(existing: &'a [String], keep: &[String]) -> Vec<&'a str> {
    existing.iter().filter(|name| !keep.contains(name)).map(String::as_str).collect()
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, size_hint: bytes.len(), ..Default::default() };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).context("brotli compression failed")?;
    Ok(out)
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).and_then(|()| encoder.finish()).context("gzip compression failed")
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("could not read {}", path.display()))
}

/// Writes beside the destination under a temporary name, then renames over it.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().with_context(|| format!("{} has no file name", path.display()))?;
    let tmp = path.with_file_name(format!(".{}.tmp", name.to_string_lossy()));
    std::fs::write(&tmp, bytes).with_context(|| format!("could not write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("could not rename {} to {}", tmp.display(), path.display()))
}

/// Copies every file under `from` to the same relative path under `to`.
fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    for entry in std::fs::read_dir(from).with_context(|| format!("could not list {}", from.display()))? {
        let entry = entry?;
        let (src, dest) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type()?.is_dir() {
            std::fs::create_dir_all(&dest).with_context(|| format!("could not create {}", dest.display()))?;
            copy_dir(&src, &dest)?;
        } else {
            write_atomic(&dest, &read(&src)?)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_what_the_server_caches_for_a_year() {
        let hash = content_hash(b"body { margin: 0 }");
        assert_eq!(hash.len(), 16);
        assert!(hash.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(hash, content_hash(b"body { margin: 0 }"));
        assert_ne!(hash, content_hash(b"body { margin: 1px }"));
        // SHA-256 of the empty input is 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= in standard base64.
        assert_eq!(content_hash(b""), "47DEQpj8HBSa-_TI");
        assert_eq!(hashed_name("47DEQpj8HBSa-_TI", "wasm"), "yucai.47DEQpj8HBSa-_TI.wasm");
    }

    #[test]
    fn hash_txt_is_in_leptos_format() {
        let hashes = [("js", "a".repeat(16)), ("wasm", "b".repeat(16)), ("css", "c".repeat(16))];
        assert_eq!(hash_txt(&hashes), "js: aaaaaaaaaaaaaaaa\nwasm: bbbbbbbbbbbbbbbb\ncss: cccccccccccccccc\n");
    }

    #[test]
    fn stale_files_are_all_but_the_current_build() {
        let keep: Vec<String> = ["hash.txt", "yucai.new.js", "yucai.new.js.br"].map(String::from).to_vec();
        let existing: Vec<String> = [
            "hash.txt",
            "yucai.old.js",
            "yucai.new.js",
            "yucai.old.js.br",
            "yucai.new.js.br",
            "split_x.wasm",
            "snippets",
            ".yucai.new.js.tmp",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(stale(&existing, &keep), ["yucai.old.js", "yucai.old.js.br", "split_x.wasm", "snippets", ".yucai.new.js.tmp"]);
    }
}
