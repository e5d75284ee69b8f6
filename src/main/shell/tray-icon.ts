/**
 * Tray and menu icons drawn at run time: a disc in the colour of the profile in effect, with
 * a badge in the corner for whether calls can work (registered and the profile server reachable;
 * so "not reachable because the phone is not registered" is visible without opening anything).
 */
import type { PhoneReadiness } from '../../shared/readiness';
import { encodeRgbaPng } from './png';

type Rgb = readonly [number, number, number];

const REGISTRATION_BADGE: Record<PhoneReadiness, Rgb> = {
  ready: [0x2e, 0xa0, 0x43],
  registering: [0xf0, 0xa0, 0x20],
  reachingServer: [0xf0, 0xa0, 0x20],
  serverDown: [0xd0, 0x30, 0x30],
  failed: [0xd0, 0x30, 0x30],
  unregistered: [0x80, 0x80, 0x80],
};

const NO_PROFILE: Rgb = [0x9a, 0x9a, 0x9a];
const OUTLINE: Rgb = [0xff, 0xff, 0xff];

function parseHexColour(colour: string | null | undefined): Rgb {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour ?? '');
  if (!match) return NO_PROFILE;
  return [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16)];
}

/** The tray icon as PNG bytes, `size` pixels square (16 and 32 for @2x). */
export function trayIconPng(size: number, profileColour: string | null, registration: PhoneReadiness): Buffer {
  const disc = { cx: size * 0.44, cy: size * 0.44, r: size * 0.4 };
  const badge = { cx: size * 0.74, cy: size * 0.74, r: size * 0.24 };
  const ring = { ...badge, r: badge.r + size * 0.07 };
  const profile = parseHexColour(profileColour);
  const status = REGISTRATION_BADGE[registration];
  return paint(size, (x, y) => {
    if (inside(badge, x, y)) return status;
    if (inside(ring, x, y)) return OUTLINE;
    if (inside(disc, x, y)) return profile;
    return null;
  });
}

/** A plain colour swatch for menu items (the profile's colour). */
export function swatchPng(size: number, colour: string | null): Buffer {
  const disc = { cx: size / 2, cy: size / 2, r: size * 0.42 };
  const rgb = parseHexColour(colour);
  return paint(size, (x, y) => (inside(disc, x, y) ? rgb : null));
}

interface Circle {
  cx: number;
  cy: number;
  r: number;
}

function inside(circle: Circle, x: number, y: number): boolean {
  return (x - circle.cx) ** 2 + (y - circle.cy) ** 2 <= circle.r ** 2;
}

/** Rasterises with 4×4 supersampling so edges are smooth at 16 px. */
function paint(size: number, colourAt: (x: number, y: number) => Rgb | null): Buffer {
  const samples = 4;
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = colourAt(px + (sx + 0.5) / samples, py + (sy + 0.5) / samples);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          hits++;
        }
      }
      const offset = (py * size + px) * 4;
      if (hits === 0) continue;
      rgba[offset] = Math.round(r / hits);
      rgba[offset + 1] = Math.round(g / hits);
      rgba[offset + 2] = Math.round(b / hits);
      rgba[offset + 3] = Math.round((255 * hits) / (samples * samples));
    }
  }
  return encodeRgbaPng(size, size, rgba);
}
