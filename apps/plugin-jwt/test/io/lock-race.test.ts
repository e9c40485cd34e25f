/**
 * Many processes over one abandoned lock at once (the take-over race): 8 racer processes (test/support/lock-racer.ts)
 * are released together, by one line each on their stdin, against a planted abandoned lock (a dead pid; an empty lock
 * older than the grace), each taking the lock, writing `enter`/`leave` to a shared log while it holds it, and
 * releasing it. Rounds repeat for the folder lock and the state lock. Before take-overs were guarded, two racers that
 * had both judged the old lock abandoned each took it over (and each warned), and one could move a fresh lock aside
 * while a third created another: two holders. Nothing here waits on time: racers start on a pipe write, and each
 * round ends when every racer has answered.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { LOCK_NAME } from '../../src/io/folder-lock.js';
import { STATE_LOCK_NAME } from '../../src/io/state-lock.js';
import { DEAD_PID } from '../support/lock-fixtures.js';

const racerEntry = fileURLToPath(new URL('../support/lock-racer.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
const RACERS = 8;
const ROUNDS_EACH = 3;

interface Answer {
  readonly pid: number;
  readonly outcome: string;
  readonly warnings: readonly string[];
}

interface Racer {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: AsyncIterator<string>;
}

interface Plant {
  readonly kind: 'folder' | 'state';
  readonly name: string;
  readonly text: string;
  readonly why: string;
  /** The code a racer that did not get the lock must end with. */
  readonly busy: string;
}

const plants: Plant[] = [
  {
    kind: 'folder',
    name: 'a dead pid',
    text: `${DEAD_PID}\n`,
    why: `its process ${DEAD_PID} is no longer running`,
    busy: 'ERR_FOLDER_LOCKED',
  },
  {
    kind: 'folder',
    name: 'an old empty lock',
    text: '',
    why: 'it is empty (its writer was killed)',
    busy: 'ERR_FOLDER_LOCKED',
  },
  {
    kind: 'state',
    name: 'a dead pid',
    text: `${DEAD_PID} 1`,
    why: `its process ${DEAD_PID} is no longer running`,
    busy: 'ERR_AUTH_STORE_LOCKED',
  },
  {
    kind: 'state',
    name: 'an old empty lock',
    text: '',
    why: 'it is empty (its writer was killed)',
    busy: 'ERR_AUTH_STORE_LOCKED',
  },
];

/** The log's lines, checked to never show two holders: every `enter` comes while nobody is inside. */
function assertOneHolderAtATime(log: string, label: string): string[] {
  const lines = log.split('\n').filter((line) => line !== '');
  let inside: string | undefined;
  const entered: string[] = [];
  for (const [at, line] of lines.entries()) {
    const [event, pid = ''] = line.split(' ');
    if (event === 'enter') {
      assert.equal(inside, undefined, `${label}: ${pid} entered while ${inside} held the lock (line ${at}):\n${log}`);
      inside = pid;
      entered.push(pid);
    } else {
      assert.equal(event, 'leave', `${label}: ${line}`);
      assert.equal(pid, inside, `${label}: ${pid} left without holding (line ${at}):\n${log}`);
      inside = undefined;
    }
  }
  assert.equal(inside, undefined, `${label}: a holder never left:\n${log}`);
  return entered;
}

describe('locks that heal: many processes over one abandoned lock', function () {
  // A guard against a hang only: every wait below is on an event.
  this.timeout(120_000);
  let work: string;
  let racers: Racer[] = [];
  let lines: Interface[] = [];

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'plugin-jwt-lock-race-'));
    const children = Array.from({ length: RACERS }, () =>
      spawn(process.execPath, ['--import', tsx, racerEntry], { stdio: 'pipe' }),
    );
    lines = children.map((child) => createInterface({ input: child.stdout }));
    racers = children.map((child, i) => ({ child, lines: (lines[i] as Interface)[Symbol.asyncIterator]() }));
    for (const racer of racers) {
      let stderr = '';
      racer.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const first = await racer.lines.next();
      assert.equal(first.value, 'ready', `a racer did not start: ${stderr}`);
    }
  });

  after(async () => {
    for (const { child } of racers) child.stdin.end();
    await Promise.all(racers.map(({ child }) => (child.exitCode === null ? once(child, 'exit') : Promise.resolve())));
    for (const reader of lines) reader.close();
    rmSync(work, { recursive: true, force: true });
  });

  for (const plant of plants) {
    it(`${plant.kind} lock, ${plant.name}: one take-over, one warning, never two holders (${ROUNDS_EACH} rounds of ${RACERS})`, async () => {
      for (let round = 0; round < ROUNDS_EACH; round++) {
        const label = `${plant.kind} lock, ${plant.name}, round ${round}`;
        const folder = mkdtempSync(join(work, 'folder-'));
        const log = join(work, `${plant.kind}-${plant.text === '' ? 'empty' : 'dead'}-${round}.log`);
        const lock = join(folder, plant.kind === 'state' ? STATE_LOCK_NAME : LOCK_NAME);
        writeFileSync(lock, plant.text);
        if (plant.text === '') utimesSync(lock, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
        writeFileSync(log, '');
        // The barrier: every racer is waiting on its stdin; one write each releases them together.
        for (const { child } of racers) child.stdin.write(`go ${plant.kind} ${folder} ${log}\n`);
        const answers: Answer[] = [];
        for (const racer of racers) {
          const answer = await racer.lines.next();
          assert.equal(answer.done, false, `${label}: a racer ended`);
          answers.push(JSON.parse(answer.value) as Answer);
        }
        const entered = assertOneHolderAtATime(readFileSync(log, 'utf8'), label);
        const held = answers.filter((a) => a.outcome === 'held').map((a) => String(a.pid));
        assert.deepEqual([...entered].sort(), [...held].sort(), `${label}: the log's holders are those that held it`);
        for (const answer of answers)
          assert.ok([`held`, plant.busy].includes(answer.outcome), `${label}: ${answer.pid} ended ${answer.outcome}`);
        // The state lock waits for a live holder: every racer gets it in turn.
        if (plant.kind === 'state') assert.equal(held.length, RACERS, `${label}: ${JSON.stringify(answers)}`);
        assert.ok(held.length >= 1, `${label}: nobody held it`);
        const warnings = answers.flatMap((a) => a.warnings);
        assert.deepEqual(
          warnings,
          [`Took over the lock ${lock}: ${plant.why}.`],
          `${label}: one take-over, one warning`,
        );
        assert.deepEqual(readdirSync(folder), [], `${label}: no lock, guard or temp file is left`);
      }
    });
  }
});
