// What the browser benchmark's parts share: the page's landmarks, failing with a message,
// and the figures' formatting.

/** How long a run, or one change of k, may take before the bench gives up. */
export const RUN_TIMEOUT_MS = 180_000;
export const DROP_ZONE = '[data-testid="drop-zone"]';
export const RESULTS = '[data-testid="results"]';

/** A failure with a message for the reader; other errors also print their stack. */
export class BenchError extends Error {}

export function fail(message) {
  throw new BenchError(message);
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
export const ms = (value) => value.toFixed(1);
export const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

/**
 * Appends figures for `cargo xtask bench`'s scorecard to the file it names in
 * SEGWORK_BENCH_FIGURES, as `PREFIX.LABEL.NAME<TAB>value` lines (`label`, by default
 * SEGWORK_BENCH_LABEL, names what is measured; default `file`). Does nothing when the bench is run by hand.
 */
export async function recordFigures(prefix, figures, label = process.env.SEGWORK_BENCH_LABEL || 'file') {
  const file = process.env.SEGWORK_BENCH_FIGURES;
  if (!file) return;
  const lines = Object.entries(figures)
    .filter(([, value]) => typeof value === 'number' && Number.isFinite(value))
    .map(([name, value]) => `${prefix}.${label}.${name}\t${value}\n`);
  const { appendFile } = await import('node:fs/promises');
  await appendFile(file, lines.join(''));
}
