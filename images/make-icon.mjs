// Writes images/icon.png (128×128, RGBA): a notebook with a flask, drawn with signed-distance shapes.
// Run: node images/make-icon.mjs — no image tools needed, only zlib.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const S = 128;
const px = new Uint8Array(S * S * 4);
const bg = [30, 42, 56], page = [236, 240, 244], spine = [214, 69, 65], liquid = [63, 182, 139], ink = [40, 52, 68];

function blend(x, y, [r, g, b], a) {
  if (a <= 0) return;
  const i = (y * S + x) * 4;
  const k = Math.min(1, a);
  px[i] = px[i] * (1 - k) + r * k;
  px[i + 1] = px[i + 1] * (1 - k) + g * k;
  px[i + 2] = px[i + 2] * (1 - k) + b * k;
  px[i + 3] = Math.max(px[i + 3], Math.round(k * 255));
}
/** Coverage of a rounded rectangle at a pixel centre (1px anti-aliasing). */
function roundRect(x, y, x0, y0, x1, y1, r) {
  const cx = Math.max(x0 + r, Math.min(x, x1 - r)), cy = Math.max(y0 + r, Math.min(y, y1 - r));
  const d = Math.hypot(x - cx, y - cy) - r;
  return Math.max(0, Math.min(1, 0.5 - d));
}
/** Flask: a neck and a trapezoid body, filled below `level`. */
function flask(x, y) {
  const neck = x >= 70 && x <= 82 && y >= 34 && y <= 60;
  const t = (y - 60) / 38; // 0 at the shoulder, 1 at the bottom
  const half = 6 + t * 18;
  const body = y > 60 && y <= 98 && Math.abs(x - 76) <= half;
  return { inside: neck || body, body, rim: y >= 30 && y < 35 && x >= 66 && x <= 86 };
}
for (let y = 0; y < S; y++) {
  for (let x = 0; x < S; x++) {
    const fx = x + 0.5, fy = y + 0.5;
    blend(x, y, bg, roundRect(fx, fy, 0, 0, S, S, 22));
    blend(x, y, page, roundRect(fx, fy, 26, 16, 106, 112, 8));
    blend(x, y, spine, roundRect(fx, fy, 26, 16, 42, 112, 6));
    const f = flask(fx, fy);
    if (f.rim) blend(x, y, ink, 1);
    else if (f.inside) blend(x, y, f.body && fy > 78 ? liquid : [255, 255, 255], 1);
    // outline of the flask
    const edge = flask(fx + 2, fy).inside !== f.inside || flask(fx - 2, fy).inside !== f.inside || flask(fx, fy + 2).inside !== f.inside || flask(fx, fy - 2).inside !== f.inside;
    if (edge && (f.inside || fy < 100)) blend(x, y, ink, 0.9);
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(S, 0);
ihdr.writeUInt32BE(S, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const raw = Buffer.alloc(S * (S * 4 + 1));
for (let y = 0; y < S; y++) Buffer.from(px.subarray(y * S * 4, (y + 1) * S * 4)).copy(raw, y * (S * 4 + 1) + 1);
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`images/icon.png: ${png.length} bytes`);
