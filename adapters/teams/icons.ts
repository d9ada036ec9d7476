// The Teams app icons, drawn from a few shapes so that they can be made again
// exactly: a colour icon (192×192, full bleed) and an outline icon (32×32,
// white on transparent), as Teams requires. `npx tsx adapters/teams/icons.ts`
// writes them to manifests/teams/; a test checks that the files match.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { encodePng } from "./png.js";

type Point = [number, number];
type Rgba = [number, number, number, number];

const BLUE: Rgba = [11, 61, 145, 1];
const YELLOW: Rgba = [242, 194, 0, 1];
const WHITE: Rgba = [255, 255, 255, 1];

function quad(a: Point, c: Point, b: Point, t: number): Point {
  const u = 1 - t;
  return [u * u * a[0] + 2 * u * t * c[0] + t * t * b[0], u * u * a[1] + 2 * u * t * c[1] + t * t * b[1]];
}

const SHIELD: Point[] = (() => {
  const points: Point[] = [
    [0.24, 0.22],
    [0.5, 0.14],
    [0.76, 0.22],
    [0.76, 0.5],
  ];
  for (let i = 1; i <= 24; i++) points.push(quad([0.76, 0.5], [0.76, 0.77], [0.5, 0.88], i / 24));
  for (let i = 1; i <= 24; i++) points.push(quad([0.5, 0.88], [0.24, 0.77], [0.24, 0.5], i / 24));
  return points;
})();

const CHECK: Point[] = [
  [0.37, 0.5],
  [0.47, 0.61],
  [0.64, 0.39],
];

function inside(polygon: Point[], x: number, y: number): boolean {
  let hit = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

function segmentDistance(x: number, y: number, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const t = Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (a[0] + t * dx), y - (a[1] + t * dy));
}

function pathDistance(path: Point[], x: number, y: number, closed: boolean): number {
  let best = Number.POSITIVE_INFINITY;
  const last = closed ? path.length : path.length - 1;
  for (let i = 0; i < last; i++) best = Math.min(best, segmentDistance(x, y, path[i], path[(i + 1) % path.length]));
  return best;
}

/** Renders a shading function with supersampling (anti-aliased edges). */
function render(size: number, samples: number, shade: (x: number, y: number) => Rgba | null): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = shade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (!colour) continue;
          r += colour[0] * colour[3];
          g += colour[1] * colour[3];
          b += colour[2] * colour[3];
          a += colour[3];
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        pixels[o] = Math.round(r / a);
        pixels[o + 1] = Math.round(g / a);
        pixels[o + 2] = Math.round(b / a);
      }
      pixels[o + 3] = Math.round((a / (samples * samples)) * 255);
    }
  }
  return pixels;
}

export function colourIcon(): Buffer {
  const size = 192;
  const pixels = render(size, 4, (x, y) => {
    if (!inside(SHIELD, x, y)) return BLUE;
    if (pathDistance(SHIELD, x, y, true) < 0.024) return YELLOW;
    if (pathDistance(CHECK, x, y, false) < 0.045) return BLUE;
    return WHITE;
  });
  return encodePng({ width: size, height: size, pixels });
}

export function outlineIcon(): Buffer {
  const size = 32;
  const pixels = render(size, 8, (x, y) => {
    if (pathDistance(SHIELD, x, y, true) < 0.036) return WHITE;
    if (pathDistance(CHECK, x, y, false) < 0.05) return WHITE;
    return null;
  });
  return encodePng({ width: size, height: size, pixels });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = fileURLToPath(new URL("../../manifests/teams/", import.meta.url));
  writeFileSync(`${dir}color.png`, colourIcon());
  writeFileSync(`${dir}outline.png`, outlineIcon());
  process.stdout.write(`wrote ${dir}color.png and ${dir}outline.png\n`);
}
