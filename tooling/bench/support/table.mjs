// One table for every benchmark: what was measured, our value, the baseline's, the ratio, and the target.
const fmt = (n) => (typeof n === 'number' ? (Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3)) : (n ?? ''));

/**
 * @param {{ bench: string, name: string, value: number, unit: string, baseline?: number, baselineName?: string,
 *   ratio?: number, target?: string, ok?: boolean }[]} rows
 */
export function printTable(rows) {
  const header = ['benchmark', 'measure', 'ours', 'baseline', 'ratio', 'target', 'met'];
  const body = rows.map((r) => [
    r.bench,
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.baseline === undefined ? '' : `${fmt(r.baseline)} ${r.unit}${r.baselineName ? ` (${r.baselineName})` : ''}`,
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
    r.target ?? '',
    r.ok === undefined ? '' : r.ok ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => String(row[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
}
