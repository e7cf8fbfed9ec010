// resources/: the app icon in every size Linux, macOS and Windows packaging wants (committed rasters, so packaging and
// CI need no image tools), and the sandbox seed data the simulators are built from.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appFilesBeside } from '../../src-main/electron/app-files';
import { seedData } from '../../src-main/connectors/cerm/sandbox-data';
import { INITIAL_STATUS, seedEnquiries, seedLookups } from '../../src-main/connectors/confirm/sandbox-data';
import { ConfirmSandbox } from '../../src-main/connectors/confirm/sandbox';
import cities from '../../resources/sandbox/cerm/cities.json';
import companyNames from '../../resources/sandbox/cerm/company-names.json';
import countries from '../../resources/sandbox/cerm/countries.json';
import streets from '../../resources/sandbox/cerm/streets.json';
import enquiriesFile from '../../resources/sandbox/confirm/enquiries.json';
import lookupsFile from '../../resources/sandbox/confirm/lookups.json';

const root = resolve(__dirname, '../..');
const resources = join(root, 'resources');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width, height and colour type from a PNG's IHDR chunk, which must come first. */
function pngHeader(bytes: Buffer): { width: number; height: number; colourType: number } {
  expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(bytes.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colourType: bytes[25]! };
}

describe('the app icon', () => {
  it('has its SVG sources', () => {
    for (const svg of ['icon.svg', 'icon-small.svg']) expect(readFileSync(join(resources, svg), 'utf8')).toMatch(/^<svg [^>]*viewBox="0 0 1024 1024"/);
  });

  it('has every Linux size as an RGBA PNG of that many pixels (electron-builder icon folder layout)', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      const header = pngHeader(readFileSync(join(resources, 'icons', `${size}x${size}.png`)));
      expect(header, `${size}x${size}.png`).toEqual({ width: size, height: size, colourType: 6 });
    }
  });

  it('has a Windows .ico listing 16 to 256 px, each image the size its entry says', () => {
    const ico = readFileSync(join(resources, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]); // reserved, type 1 = icon
    const sizes: number[] = [];
    for (let i = 0; i < ico.readUInt16LE(4); i++) {
      const entry = 6 + i * 16;
      const size = ico[entry] || 256; // 0 stands for 256
      expect(ico[entry + 1] || 256).toBe(size);
      const length = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      expect(offset + length).toBeLessThanOrEqual(ico.length);
      const image = ico.subarray(offset, offset + length);
      if (image.subarray(0, 8).equals(PNG_SIGNATURE)) {
        expect(pngHeader(image)).toMatchObject({ width: size, height: size });
      } else {
        // A BITMAPINFOHEADER: the height counts the colour rows and the mask's, so it is twice the icon's.
        expect([image.readUInt32LE(0), image.readInt32LE(4), image.readInt32LE(8), image.readUInt16LE(14)]).toEqual([40, size, 2 * size, 32]);
      }
      sizes.push(size);
    }
    expect(sizes.sort((a, b) => a - b)).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('has a macOS .icns whose entries fill the file exactly, from 16 px to 512 pt @2x', () => {
    const icns = readFileSync(join(resources, 'icon.icns'));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const entries = new Map<string, Buffer>();
    let at = 8;
    while (at < icns.length) {
      const length = icns.readUInt32BE(at + 4);
      expect(length).toBeGreaterThan(8);
      entries.set(icns.toString('latin1', at, at + 4), icns.subarray(at + 8, at + length));
      at += length;
    }
    expect(at).toBe(icns.length);
    // Classic RGB entries with their 8-bit masks, which every macOS reads.
    for (const type of ['is32', 's8mk', 'il32', 'l8mk', 'ih32', 'h8mk', 'it32', 't8mk']) expect(entries.has(type), type).toBe(true);
    // PNG entries, as Apple's iconutil writes them: 128@2x, 256, 256@2x, 512, 512@2x (1024), 16@2x, 32@2x.
    const png: Record<string, number> = { ic13: 256, ic08: 256, ic14: 512, ic09: 512, ic10: 1024, ic11: 32, ic12: 64 };
    for (const [type, size] of Object.entries(png)) {
      expect(pngHeader(entries.get(type)!), type).toMatchObject({ width: size, height: size });
    }
  });

  it('is the window icon on Linux (beside out/, where app-files looks) and the console page favicon', () => {
    expect(existsSync(appFilesBeside(join(root, 'out', 'main')).windowIcon)).toBe(true);
    const html = readFileSync(join(root, 'src-renderer', 'index.html'), 'utf8');
    expect(html).toContain('<link rel="icon" type="image/png" sizes="32x32" href="../resources/icons/32x32.png" />');
  });
});

describe('the sandbox seed data', () => {
  const source = (path: string) => readFileSync(join(root, 'src-main', 'connectors', path), 'utf8');

  it('CERM: names, places and streets come from resources/sandbox/cerm/, and no copy stays in the code', () => {
    const { customers, addresses } = seedData(7, 600);
    const cityKeys = new Set(cities.map((c) => `${c.postalCode}|${c.city}|${c.countryId}`));
    const countryNames = countries as Record<string, string>;
    const name = new RegExp(
      `^(${companyNames.first.map(escapeRegExp).join('|')}) (${companyNames.second.map(escapeRegExp).join('|')})(, "Quality")? (${companyNames.legalForms.map(escapeRegExp).join('|')})$`,
    );
    for (const a of addresses) {
      expect(cityKeys.has(`${a.PostalCode}|${a.City}|${a.CountryId}`)).toBe(true);
      expect(a.Country).toBe(countryNames[a.CountryId!]);
      expect(streets).toContain(a.Street);
    }
    for (const c of customers) {
      expect(c.Name).toMatch(name);
      expect(streets).toContain(c.Street!.replace(/ \d+$/, ''));
    }
    // Every list is used, so a word added to a file shows up in the simulator.
    expect(new Set(customers.map((c) => c.City)).size).toBe(cities.length);
    expect(new Set(addresses.map((a) => a.Street)).size).toBe(streets.length);
    const code = source('cerm/sandbox-data.ts');
    for (const word of [companyNames.first[0]!, companyNames.second[0]!, cities[1]!.city, streets[0]!]) expect(code).not.toContain(`'${word}'`);
  });

  it('Confirm: the lookups are resources/sandbox/confirm/lookups.json plus the one seeded subject', () => {
    const lookups = seedLookups(7);
    const seeded = lookups.services[0]!.subjects.pop()!;
    expect(seeded).toMatchObject({ code: expect.stringMatching(/^D[1-9]$/), attributeTypeCodes: ['NOTE'] });
    expect(lookups).toEqual(lookupsFile);
    expect(lookups.statuses[0]!.code).toBe(INITIAL_STATUS);
    expect(source('confirm/sandbox-data.ts')).not.toContain("'Highways'");
  });

  it('Confirm: each simulator gets its own copy, so changing one changes neither the file nor another simulator', () => {
    const a = seedLookups(7);
    a.statuses.length = 0;
    a.services[0]!.subjects.length = 0;
    expect(seedLookups(7).statuses).toEqual(lookupsFile.statuses);
    expect(lookupsFile.services[0]!.subjects).toHaveLength(2);
  });

  it('Confirm: the enquiries a fresh simulator holds are resources/sandbox/confirm/enquiries.json, times as epoch ms', () => {
    const sandbox = new ConfirmSandbox(7);
    expect([...sandbox.enquiries.values()]).toEqual(seedEnquiries());
    const [first] = seedEnquiries();
    expect(first).toMatchObject({ enquiryNumber: '000123', loggedAt: Date.UTC(2026, 0, 5, 9, 30) });
    expect(first!.logs[0]).toMatchObject({ statusCode: INITIAL_STATUS, effectiveAt: Date.UTC(2026, 0, 5, 9, 30) });
    expect(seedEnquiries().map((e) => e.enquiryNumber)).toEqual(enquiriesFile.map((e) => e.enquiryNumber));
    expect(source('confirm/sandbox.ts')).not.toContain('Pothole outside the library');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
