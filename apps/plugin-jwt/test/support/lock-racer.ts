// One racer of the lock race test (test/io/lock-race.test.ts), run as its own process: for each line `go <kind>
// <folder> <log>` on stdin it takes the folder lock or the state lock in <folder>, and while holding it appends
// `enter <pid>` then `leave <pid>` to <log> (O_APPEND: the lines of all racers interleave whole), then releases it.
// It answers one JSON line per round: what it got (held, or the error's code) and the warnings it was told.
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { lockFolder } from '../../src/io/folder-lock.js';
import { withStateLock } from '../../src/io/state-lock.js';

/** How long a racer holds the lock: long enough that a second holder, if any, lands inside. */
const HOLD_MS = 15;

async function race(kind: string, folder: string, log: string, warn: (message: string) => void): Promise<void> {
  const hold = async (): Promise<void> => {
    appendFileSync(log, `enter ${process.pid}\n`);
    await sleep(HOLD_MS);
    appendFileSync(log, `leave ${process.pid}\n`);
  };
  if (kind === 'state') return withStateLock(hold, { dir: folder, warn });
  const unlock = await lockFolder(folder, { warn });
  try {
    await hold();
  } finally {
    await unlock();
  }
}

process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  const [, kind = '', folder = '', log = ''] = line.split(' ');
  const warnings: string[] = [];
  const outcome = await race(kind, folder, log, (message) => warnings.push(message)).then(
    () => 'held',
    (err: unknown) => (err instanceof Error ? err.name : String(err)),
  );
  process.stdout.write(`${JSON.stringify({ pid: process.pid, outcome, warnings })}\n`);
}
