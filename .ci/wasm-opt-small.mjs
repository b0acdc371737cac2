// The second half of .ci/bin/wasm-opt: after `cargo leptos build --release --split`, optimise the
// small wasm files it passed over, all in this one Node process (binaryen's own API, the same
// -Oz that cargo-leptos asks for), and write their brotli and gzip copies again.
//
//   node .ci/wasm-opt-small.mjs target/site/pkg
//
// A file still carrying wasm-bindgen's "name" section has not been optimised (wasm-opt drops
// it). Names keep the hash cargo-leptos gave them: it names the content wasm-bindgen wrote, from
// which this content follows, so a name still always means the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dir = process.argv[2];
const binaryenDir = process.env.YUCAI_BINARYEN;
if (!dir || !binaryenDir) {
  console.error('usage: YUCAI_BINARYEN=…/node_modules/binaryen node .ci/wasm-opt-small.mjs SITE_PKG_DIR');
  process.exit(2);
}
const { default: binaryen } = await import(path.join(binaryenDir, 'index.js'));

// The custom sections' names in a wasm binary.
function customSections(buf) {
  const names = [];
  let i = 8;
  const leb = () => {
    let r = 0, s = 0, b;
    do { b = buf[i++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80);
    return r >>> 0;
  };
  while (i < buf.length) {
    const id = buf[i++];
    const size = leb();
    const end = i + size;
    if (id === 0) {
      const len = leb();
      names.push(buf.subarray(i, i + len).toString('utf8'));
    }
    i = end;
  }
  return names;
}

const F = binaryen.Features;
binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2);
binaryen.setDebugInfo(false);
let count = 0, before = 0, after = 0;
const started = Date.now();
for (const name of fs.readdirSync(dir)) {
  if (!name.endsWith('.wasm')) continue;
  const file = path.join(dir, name);
  const buf = fs.readFileSync(file);
  if (!customSections(buf).includes('name')) continue;
  const mod = binaryen.readBinary(buf);
  mod.setFeatures(F.MutableGlobals | F.SignExt | F.BulkMemory | F.BulkMemoryOpt | F.NontrappingFPToInt | F.ReferenceTypes | F.Multivalue | F.CallIndirectOverlong);
  mod.optimize();
  const ok = mod.validate();
  const out = ok ? Buffer.from(mod.emitBinary()) : null;
  mod.dispose();
  if (!out || out.length >= buf.length) continue;
  fs.writeFileSync(file, out);
  if (fs.existsSync(file + '.br')) fs.writeFileSync(file + '.br', zlib.brotliCompressSync(out, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
  if (fs.existsSync(file + '.gz')) fs.writeFileSync(file + '.gz', zlib.gzipSync(out, { level: 9 }));
  count++; before += buf.length; after += out.length;
}
console.log(`wasm-opt (small files): ${count} optimised in ${((Date.now() - started) / 1000).toFixed(1)} s, ${before} → ${after} bytes`);
