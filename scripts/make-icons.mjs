// Draws the install icons of the web app manifest from the favicon's key (assets/favicon.svg)
// and writes them as small palette PNGs under assets/icons/. Run once when the logo changes;
// the PNGs are committed, so builds need no browser.
//
// Usage: node scripts/make-icons.mjs
//
// Chromium (the system's, through playwright-core) draws the shapes on a canvas; this script
// keeps each pixel as a mix of the two colours and a coverage, rounded to 16 steps each, and
// writes an indexed PNG. Flat colours compress to a few KB.
import { readFileSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

const favicon = readFileSync(new URL('../assets/favicon.svg', import.meta.url), 'utf8');
const KEY_PATH = favicon.match(/<path[^>]*\sd="([^"]+)"/)[1];
const TILE = favicon.match(/<rect[^>]*\sfill="(#[0-9a-f]{6})"/i)[1];
const TILE_RADIUS = Number(favicon.match(/<rect[^>]*\srx="([\d.]+)"/)[1]);
const INK = '#ffffff';
const STEPS = 15;

// `maskable` icons are cropped by the platform to any shape that contains the centre circle of
// 80% of the width (the safe zone), so they fill the square and keep the key well inside it.
const ICONS = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'maskable-512.png', size: 512, maskable: true },
];
const MASKABLE_KEY_SCALE = 0.8;

/** RGBA pixels of one icon, drawn in the page. */
async function draw(page, { size, maskable }) {
  return page.evaluate(
    ({ size, maskable, keyPath, tile, radius, ink, keyScale }) => {
      const canvas = new OffscreenCanvas(size, size);
      const g = canvas.getContext('2d');
      const unit = size / 24;
      g.fillStyle = tile;
      if (maskable) {
        g.fillRect(0, 0, size, size);
      } else {
        g.beginPath();
        g.roundRect(0, 0, size, size, radius * unit);
        g.fill();
      }
      g.translate(size / 2, size / 2);
      g.scale(unit * (maskable ? keyScale : 1), unit * (maskable ? keyScale : 1));
      g.translate(-12, -12);
      g.fillStyle = ink;
      g.fill(new Path2D(keyPath));
      return Array.from(g.getImageData(0, 0, size, size).data);
    },
    { size, maskable, keyPath: KEY_PATH, tile: TILE, radius: TILE_RADIUS, ink: INK, keyScale: MASKABLE_KEY_SCALE },
  );
}

const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

/** Each pixel as (mix from tile to ink, coverage), 16 steps each: one palette index per pair. */
function quantize(rgba) {
  const [from, to] = [rgb(TILE), rgb(INK)];
  const span = to.map((c, i) => c - from[i]);
  const spanSquared = span.reduce((sum, d) => sum + d * d, 0);
  const entries = new Map();
  const ids = new Uint16Array(rgba.length / 4);
  for (let p = 0; p < ids.length; p++) {
    const alpha = Math.round((rgba[p * 4 + 3] / 255) * STEPS);
    let mix = 0;
    if (alpha > 0) {
      const dot = span.reduce((sum, d, i) => sum + d * (rgba[p * 4 + i] - from[i]), 0);
      mix = Math.min(STEPS, Math.max(0, Math.round((dot / spanSquared) * STEPS)));
    }
    const id = alpha * (STEPS + 1) + mix;
    if (!entries.has(id)) entries.set(id, { alpha, mix });
    ids[p] = id;
  }
  // Translucent entries first, so the transparency chunk can stop at the last of them.
  const order = [...entries.entries()].sort(([, a], [, b]) => (a.alpha === STEPS) - (b.alpha === STEPS));
  const position = new Map(order.map(([id], i) => [id, i]));
  const palette = order.map(([, { alpha, mix }]) => ({
    color: from.map((c, i) => Math.round(c + (span[i] * mix) / STEPS)),
    alpha: Math.round((alpha / STEPS) * 255),
  }));
  return { palette, indices: Uint8Array.from(ids, (id) => position.get(id)) };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit indexed PNG with a transparency chunk. */
function png(size, { palette, indices }) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 3, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size + 1));
  for (let y = 0; y < size; y++) rows.set(indices.subarray(y * size, (y + 1) * size), y * (size + 1) + 1);
  const translucent = palette.filter(({ alpha }) => alpha < 255).map(({ alpha }) => alpha);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('PLTE', Buffer.from(palette.flatMap(({ color }) => color))),
    ...(translucent.length ? [chunk('tRNS', Buffer.from(translucent))] : []),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** How far from the centre the key reaches, as a share of the width (the safe zone is 0.4). */
function keyReach(size, rgba) {
  let reach = 0;
  for (let p = 0; p < size * size; p++) {
    const [r, g, b] = rgba.slice(p * 4, p * 4 + 3);
    if (r + g + b > 3 * 128) {
      const [x, y] = [(p % size) + 0.5 - size / 2, Math.floor(p / size) + 0.5 - size / 2];
      reach = Math.max(reach, Math.hypot(x, y) / size);
    }
  }
  return reach;
}

const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const page = await browser.newPage();
  for (const icon of ICONS) {
    const rgba = await draw(page, icon);
    const quantized = quantize(rgba);
    if (quantized.palette.length > 256) throw new Error(`${icon.file}: more than 256 colours`);
    const bytes = png(icon.size, quantized);
    writeFileSync(new URL(`../assets/icons/${icon.file}`, import.meta.url), bytes);
    const reach = icon.maskable ? `, key within ${(keyReach(icon.size, rgba) * 100).toFixed(0)}% of the width from the centre (safe zone 40%)` : '';
    console.log(`assets/icons/${icon.file}: ${icon.size}×${icon.size}, ${quantized.palette.length} colours, ${bytes.length} bytes${reach}`);
    if (icon.maskable && keyReach(icon.size, rgba) > 0.4) throw new Error(`${icon.file}: the key leaves the safe zone`);
  }
} finally {
  await browser.close();
}
