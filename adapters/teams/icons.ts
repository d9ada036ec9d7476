// The Teams app icons, drawn as SVG and rendered to PNG by resvg, so that they
// can be made again exactly: a colour icon (192×192, full bleed, opaque) and
// an outline icon (32×32, white on transparent), as Teams requires.
// `npx tsx adapters/teams/icons.ts` writes them to manifests/teams/; a test
// checks that the files match what this draws.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Resvg } from "@resvg/resvg-js";

const BLUE = "#0b3d91";
const YELLOW = "#f2c200";
const WHITE = "#ffffff";

// a shield with a check mark, on a 100 × 100 canvas
const SHIELD = "M24 22 L50 14 L76 22 L76 50 Q76 77 50 88 Q24 77 24 50 Z";
const CHECK = "M37 50 L47 61 L64 39";

/** Renders an SVG of `size` × `size` pixels to PNG (RGBA; transparent where nothing is drawn). */
export function renderIcon(svg: string, size: number): Buffer {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: "width", value: size } }).render().asPng());
}

export function colourIconSvg(): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">
  <rect width="100" height="100" fill="${BLUE}"/>
  <path d="${SHIELD}" fill="${WHITE}" stroke="${YELLOW}" stroke-width="4.8" stroke-linejoin="round"/>
  <path d="${CHECK}" fill="none" stroke="${BLUE}" stroke-width="9" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;
}

export function outlineIconSvg(): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">
  <path d="${SHIELD}" fill="none" stroke="${WHITE}" stroke-width="7.2" stroke-linejoin="round"/>
  <path d="${CHECK}" fill="none" stroke="${WHITE}" stroke-width="10" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;
}

export function colourIcon(): Buffer {
  return renderIcon(colourIconSvg(), 192);
}

export function outlineIcon(): Buffer {
  return renderIcon(outlineIconSvg(), 32);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = fileURLToPath(new URL("../../manifests/teams/", import.meta.url));
  writeFileSync(`${dir}color.png`, colourIcon());
  writeFileSync(`${dir}outline.png`, outlineIcon());
  process.stdout.write(`wrote ${dir}color.png and ${dir}outline.png\n`);
}
