// Writes the add-in icons (addin/public/assets/icon-<size>.png): an NHS-blue square with a white "P".
// Run `npx tsx scripts/make-icons.ts` after changing the design; the PNGs are committed, so no build step needs it.
// Hand-rolled PNG (RGB, 8 bit, no filter) so it needs no image library; output is byte-for-byte reproducible.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 32, 64, 80] as const; // ribbon 16/32/80; 32 = IconUrl, 64 = HighResolutionIconUrl
const BLUE = [0x00, 0x5e, 0xb8] as const; // NHS blue #005EB8
const WHITE = [0xff, 0xff, 0xff] as const;

// The "P" on a 16 x 16 grid as [x0, y0, x1, y1) rectangles: stem, top bar, middle bar, bowl's right side.
const GLYPH: ReadonlyArray<readonly [number, number, number, number]> = [
  [4, 3, 7, 13],
  [4, 3, 11, 5],
  [4, 8, 11, 10],
  [10, 4, 12, 9],
];

function isWhite(x: number, y: number, size: number): boolean {
  const gx = ((x + 0.5) * 16) / size; // sample the pixel centre on the 16-unit grid
  const gy = ((y + 0.5) * 16) / size;
  return GLYPH.some(([x0, y0, x1, y1]) => gx >= x0 && gx < x1 && gy >= y0 && gy < y1);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

function iconPng(size: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, no filter, no interlace
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0); // filter type "none" for this scanline
    for (let x = 0; x < size; x++) rows.push(...(isWhite(x, y, size) ? WHITE : BLUE));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const dir = fileURLToPath(new URL('../addin/public/assets/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const size of SIZES) writeFileSync(`${dir}icon-${size}.png`, iconPng(size));
process.stdout.write(`wrote ${SIZES.map((s) => `icon-${s}.png`).join(', ')} to ${dir}\n`);
