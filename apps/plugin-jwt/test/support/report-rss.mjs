// Preloaded into a child (`node --import ./report-rss.mjs …`): on exit, writes the process's peak resident set
// size in kilobytes (process.resourceUsage().maxRSS) to the file named by SFJWT_TEST_RSS_FILE. The hostile-input
// table bounds every command's memory with it.
import { writeFileSync } from 'node:fs';

const target = process.env.SFJWT_TEST_RSS_FILE;
if (target !== undefined) {
  process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
}
