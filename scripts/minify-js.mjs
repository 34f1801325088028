// Minifies the JavaScript of a release build (a step of the Trunk post-build hook,
// scripts/post-build.mjs). Trunk minifies HTML and CSS but leaves wasm-bindgen's glue as it is
// written; terser makes it about 2 KB gzip smaller. The glue is an ES module whose imports and
// exports are looked up by name, and terser renames neither (module mode, no property
// renaming). Trunk has already written each file's Subresource Integrity hash into index.html,
// so the hash of every minified file is written again there.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

/** Minifies every `.js` file in `dir` and updates its `integrity` in `dir`/index.html. */
export async function minifyJs(dir) {
  const indexFile = join(dir, 'index.html');
  let html = readFileSync(indexFile, 'utf8');
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.js'))) {
    const file = join(dir, name);
    const { code } = await minify(readFileSync(file, 'utf8'), { module: true, ecma: 2020 });
    if (!code) throw new Error(`terser returned nothing for ${name}.`);
    writeFileSync(file, code);
    const integrity = `sha384-${createHash('sha384').update(code, 'utf8').digest('base64')}`;
    let tags = 0;
    html = html.replace(/<link\b[^>]*>/gi, (tag) => {
      if (!new RegExp(`\\bhref=["']?(?:\\./)?${name.replace(/[.]/g, '\\.')}["'\\s>]`).test(tag)) return tag;
      tags += 1;
      return tag.replace(/\bintegrity=(["']?)sha384-[A-Za-z0-9+/=]+\1/, `integrity=$1${integrity}$1`);
    });
    console.log(`Minified ${name}; its integrity updated in ${tags} link(s).`);
  }
  writeFileSync(indexFile, html);
}
