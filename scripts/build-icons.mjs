#!/usr/bin/env node
// Regenerates the app icon's rasters from resources/icon.svg (48 px and up) and resources/icon-small.svg (16, 24 and
// 32 px, drawn bolder so they still read at a few pixels):
//   resources/icons/NxN.png   Linux (electron-builder's icon folder layout) and the window icon
//   resources/icon.icns       macOS
//   resources/icon.ico        Windows, 16 to 256 px
// The outputs are committed, so packaging and CI never need these tools; run this after editing an SVG.
// Needs Debian's librsvg2-bin (rsvg-convert), icnsutils (png2icns) and icoutils (icotool).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const resources = join(root, 'resources');
const iconsDir = join(resources, 'icons');

const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// macOS: png2icns writes the classic RGB + mask entries (every macOS reads them) but would store 256 px and up as
// JPEG 2000, so those, and the Retina (@2x) entries, are appended here as PNG, as Apple's iconutil writes them.
const ICNS_CLASSIC_SIZES = [16, 32, 48, 128];
const ICNS_PNG_ENTRIES = [
  ['ic11', 32], // 16 pt @2x
  ['ic12', 64], // 32 pt @2x
  ['ic13', 256], // 128 pt @2x
  ['ic08', 256],
  ['ic14', 512], // 256 pt @2x
  ['ic09', 512],
  ['ic10', 1024], // 512 pt @2x
];
const SMALL_UP_TO = 32;

const tools = { 'rsvg-convert': 'librsvg2-bin', png2icns: 'icnsutils', icotool: 'icoutils' };

function requireTools() {
  const missing = Object.entries(tools).filter(([tool]) => {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    const packages = missing.map(([, pkg]) => pkg).join(' ');
    console.error(`build-icons: missing ${missing.map(([t]) => t).join(', ')}; on Debian: apt-get install -y ${packages}`);
    process.exit(1);
  }
}

const pngPath = (size) => join(iconsDir, `${size}x${size}.png`);

/** An icns file is 'icns', its whole length, then entries of a four-letter type, their length (header included), data. */
function writeIcns(target) {
  const work = mkdtempSync(join(tmpdir(), 'syncdesk-icns-'));
  try {
    const classic = join(work, 'classic.icns');
    execFileSync('png2icns', [classic, ...ICNS_CLASSIC_SIZES.map(pngPath)], { stdio: ['ignore', 'ignore', 'inherit'] });
    const file = readFileSync(classic);
    if (file.toString('latin1', 0, 4) !== 'icns') throw new Error('png2icns wrote no icns file');
    const entries = [file.subarray(8, file.readUInt32BE(4))];
    for (const [type, size] of ICNS_PNG_ENTRIES) {
      const png = readFileSync(pngPath(size));
      const header = Buffer.alloc(8);
      header.write(type, 0, 'latin1');
      header.writeUInt32BE(8 + png.length, 4);
      entries.push(header, png);
    }
    const body = Buffer.concat(entries);
    const header = Buffer.alloc(8);
    header.write('icns', 0, 'latin1');
    header.writeUInt32BE(8 + body.length, 4);
    writeFileSync(target, Buffer.concat([header, body]));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main() {
  requireTools();
  mkdirSync(iconsDir, { recursive: true });
  for (const size of LINUX_SIZES) {
    const source = join(resources, size <= SMALL_UP_TO ? 'icon-small.svg' : 'icon.svg');
    execFileSync('rsvg-convert', ['--width', String(size), '--height', String(size), '--output', pngPath(size), source]);
  }

  // Windows takes the small sizes as bitmaps and 256 px as PNG (what Vista and later expect; keeps the file small).
  const icoArgs = ['--create', '--output', join(resources, 'icon.ico')];
  for (const size of ICO_SIZES) icoArgs.push(...(size >= 256 ? ['--raw', pngPath(size)] : [pngPath(size)]));
  execFileSync('icotool', icoArgs);

  writeIcns(join(resources, 'icon.icns'));
  console.log(`build-icons: wrote resources/icons/ (${LINUX_SIZES.join(', ')} px), resources/icon.ico, resources/icon.icns`);
}

main();
