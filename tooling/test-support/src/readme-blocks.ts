// The fenced code blocks of a README, each with the line it starts on: what the README-example matrix runs and
// compiles, and how it names a failing example (README.md:<line>).

/** One fenced block: its language tag (`js`, `ts`, `json`, `sh`…), the line of its opening fence, and its text. */
export interface FencedBlock {
  lang: string;
  line: number;
  code: string;
}

/** Every top-level (unindented) fenced block of a markdown text, in order. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  const pattern = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (let match = pattern.exec(markdown); match !== null; match = pattern.exec(markdown)) {
    const line = markdown.slice(0, match.index).split('\n').length;
    blocks.push({ lang: match[1] ?? '', line, code: match[2] ?? '' });
  }
  return blocks;
}

/**
 * The block that is `marker` itself (a one-line block quoted from a longer one), or else the one block containing
 * `marker`; throws, naming `label`, when none or several do.
 */
export function blockWith(blocks: readonly FencedBlock[], marker: string, label: string): FencedBlock {
  const whole = blocks.find((block) => block.code.trim() === marker.trim());
  if (whole !== undefined) return whole;
  const found = blocks.filter((block) => block.code.includes(marker));
  const [block] = found;
  if (block === undefined || found.length > 1)
    throw new Error(`${label}: ${found.length} code blocks contain ${JSON.stringify(marker)}, expected exactly 1.`);
  return block;
}
