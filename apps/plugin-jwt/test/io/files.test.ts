import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { link, lstat, mkdtemp, readdir, readFile, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { readInputFile, readStdin } from '../../src/io/bounded-read.js';
import { writeFilesAtomically } from '../../src/io/crash-safe-write.js';

const rejectsNamed = (promise: Promise<unknown>, name: string, message: string) =>
  assert.rejects(promise, (err: Error) => {
    assert.equal(err.name, name);
    assert.equal(err.message, message);
    return true;
  });

describe('io/files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plugin-jwt-files-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes every file with its mode, creating the directory, leaving no temp file', async () => {
    const out = join(dir, 'nested', 'out');
    const written = await writeFilesAtomically(
      [
        { path: join(out, 'a.key'), content: 'secret', mode: 0o600 },
        { path: join(out, 'a.crt'), content: 'public', mode: 0o644 },
      ],
      { force: false },
    );
    assert.deepEqual(written, [join(out, 'a.key'), join(out, 'a.crt')]);
    assert.equal((await stat(join(out, 'a.key'))).mode & 0o777, 0o600);
    assert.equal((await stat(join(out, 'a.crt'))).mode & 0o777, 0o644);
    assert.equal(await readFile(join(out, 'a.key'), 'utf8'), 'secret');
    assert.deepEqual((await readdir(out)).sort(), ['a.crt', 'a.key']);
  });

  it('refuses to overwrite without force and writes none of the files', async () => {
    await writeFile(join(dir, 'b.crt'), 'old');
    await rejectsNamed(
      writeFilesAtomically(
        [
          { path: join(dir, 'b.key'), content: 'new key', mode: 0o600 },
          { path: join(dir, 'b.crt'), content: 'new cert', mode: 0o644 },
        ],
        { force: false },
      ),
      'ERR_FILE_EXISTS',
      `${join(dir, 'b.crt')} already exists; nothing was written.`,
    );
    assert.deepEqual(await readdir(dir), ['b.crt']);
    assert.equal(await readFile(join(dir, 'b.crt'), 'utf8'), 'old');
  });

  it('replaces existing files with force, tightening the mode of a key', async () => {
    await writeFile(join(dir, 'c.key'), 'old', { mode: 0o644 });
    await writeFilesAtomically([{ path: join(dir, 'c.key'), content: 'new', mode: 0o600 }], { force: true });
    assert.equal(await readFile(join(dir, 'c.key'), 'utf8'), 'new');
    assert.equal((await stat(join(dir, 'c.key'))).mode & 0o777, 0o600);
  });

  it('checks every target first, so nothing is written when a later file cannot be', async () => {
    await writeFile(join(dir, 'not-a-dir'), 'x');
    await assert.rejects(
      writeFilesAtomically(
        [
          { path: join(dir, 'e.key'), content: 'key', mode: 0o600 },
          { path: join(dir, 'not-a-dir', 'e.crt'), content: 'cert', mode: 0o644 },
        ],
        { force: false },
      ),
      (err: Error) => {
        assert.equal(err.name, 'ERR_FILE_UNWRITABLE');
        assert.equal(
          err.message,
          `Cannot write ${join(dir, 'not-a-dir', 'e.crt')}: ${join(dir, 'not-a-dir')} is a file, not a directory.`,
        );
        return true;
      },
    );
    assert.deepEqual(await readdir(dir), ['not-a-dir']);
  });

  it('removes the temp files already written when a later write fails', async () => {
    const tooLong = join(dir, `${'n'.repeat(256)}.crt`);
    await assert.rejects(
      writeFilesAtomically(
        [
          { path: join(dir, 'f.key'), content: 'key', mode: 0o600 },
          { path: tooLong, content: 'cert', mode: 0o644 },
        ],
        { force: false },
      ),
      (err: Error) => {
        assert.equal(err.name, 'ERR_FILE_UNWRITABLE');
        assert.match(err.message, /^Cannot write .*: name too long \(ENAMETOOLONG\)\.$/);
        return true;
      },
    );
    assert.deepEqual(await readdir(dir), []);
  });

  it('reads a file, naming the absolute path when it is missing or a directory', async () => {
    await writeFile(join(dir, 'k.pem'), 'text');
    const read = await readInputFile(join(dir, 'k.pem'));
    assert.equal(Buffer.from(read.bytes).toString(), 'text');
    await rejectsNamed(
      readInputFile(join(dir, 'missing.key')),
      'ERR_FILE_NOT_FOUND',
      `File not found: ${join(dir, 'missing.key')}`,
    );
    await rejectsNamed(readInputFile(dir), 'ERR_NOT_A_FILE', `${dir} is a directory, not a file.`);
  });

  it('reads stdin, refusing a terminal and empty input', async () => {
    assert.equal(
      Buffer.from(await readStdin('private key', Readable.from([Buffer.from('a'), Buffer.from('b')]))).toString(),
      'ab',
    );
    await rejectsNamed(
      readStdin('private key', Readable.from([' \n'])),
      'ERR_STDIN_EMPTY',
      'Nothing arrived on stdin: the private key is empty.',
    );
    const tty = Object.assign(Readable.from([]), { isTTY: true });
    await rejectsNamed(
      readStdin('private key', tty),
      'ERR_STDIN_IS_TERMINAL',
      '"-" reads the private key from stdin, but stdin is a terminal.',
    );
  });
});

describe('io/files against hostile inputs', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plugin-jwt-hostile-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses devices before reading a byte: /dev/zero and /dev/urandom report size 0 and never end', async () => {
    await rejectsNamed(
      readInputFile('/dev/zero'),
      'ERR_NOT_A_REGULAR_FILE',
      '/dev/zero is a character device, not a regular file; nothing was read from it.',
    );
    await rejectsNamed(
      readInputFile('/dev/urandom'),
      'ERR_NOT_A_REGULAR_FILE',
      '/dev/urandom is a character device, not a regular file; nothing was read from it.',
    );
  });

  it('refuses a FIFO with no writer without blocking on open()', async () => {
    const fifo = join(dir, 'key.fifo');
    execFileSync('mkfifo', [fifo]);
    // Awaited, not timed: if open() blocked, this would never settle and mocha's timeout would fail the test.
    await rejectsNamed(
      readInputFile(fifo),
      'ERR_NOT_A_REGULAR_FILE',
      `${fifo} is a named pipe (FIFO), not a regular file; nothing was read from it.`,
    );
  });

  it('refuses a symlink to a device, and a directory', async () => {
    await symlink('/dev/zero', join(dir, 'zero.key'));
    await rejectsNamed(
      readInputFile(join(dir, 'zero.key')),
      'ERR_NOT_A_REGULAR_FILE',
      `${join(dir, 'zero.key')} is a character device, not a regular file; nothing was read from it.`,
    );
    await rejectsNamed(readInputFile(dir), 'ERR_NOT_A_FILE', `${dir} is a directory, not a file.`);
  });

  it('refuses a huge sparse file from its size, reading nothing', async () => {
    const huge = join(dir, 'huge.key');
    await writeFile(huge, '');
    await truncate(huge, 8 * 1024 ** 3);
    await rejectsNamed(
      readInputFile(huge),
      'ERR_FILE_TOO_LARGE',
      `${huge} is too large to be a key or a certificate (${8 * 1024 ** 3} bytes; the limit is 1048576 bytes).`,
    );
  });

  it('caps every read, configurable per call, and the cap holds for stdin too', async () => {
    await writeFile(join(dir, 'k.pem'), 'x'.repeat(100));
    assert.equal((await readInputFile(join(dir, 'k.pem'), { maxBytes: 100 })).bytes.length, 100);
    await rejectsNamed(
      readInputFile(join(dir, 'k.pem'), { maxBytes: 99 }),
      'ERR_FILE_TOO_LARGE',
      `${join(dir, 'k.pem')} is too large to be a key or a certificate (100 bytes; the limit is 99 bytes).`,
    );
    const endless = new Readable({
      read() {
        this.push(Buffer.alloc(64 * 1024, 0x41));
      },
    });
    await rejectsNamed(
      readStdin('private key', endless),
      'ERR_FILE_TOO_LARGE',
      'stdin is too large to be a key or a certificate (more than 1048576 bytes; the limit is 1048576 bytes).',
    );
  });
});

describe('io/files writes: links, inputs, locks, leftovers, modes, previous files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plugin-jwt-writes-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('needs force to replace a symlink, dangling or not, and then replaces the link, not its target', async () => {
    await writeFile(join(dir, 'real.key'), 'precious');
    await symlink(join(dir, 'real.key'), join(dir, 'link.key'));
    await symlink(join(dir, 'nowhere.key'), join(dir, 'dangling.key'));
    await rejectsNamed(
      writeFilesAtomically([{ path: join(dir, 'dangling.key'), content: 'new', mode: 0o600 }], { force: false }),
      'ERR_FILE_EXISTS',
      `${join(dir, 'dangling.key')} is a dangling symbolic link; nothing was written.`,
    );
    await rejectsNamed(
      writeFilesAtomically([{ path: join(dir, 'link.key'), content: 'new', mode: 0o600 }], { force: false }),
      'ERR_FILE_EXISTS',
      `${join(dir, 'link.key')} is a symbolic link; nothing was written.`,
    );
    assert.equal((await lstat(join(dir, 'dangling.key'))).isSymbolicLink(), true);
    await writeFilesAtomically([{ path: join(dir, 'link.key'), content: 'new', mode: 0o600 }], { force: true });
    assert.equal(await readFile(join(dir, 'real.key'), 'utf8'), 'precious');
    assert.equal((await lstat(join(dir, 'link.key'))).isFile(), true);
  });

  it('refuses to write over one of the inputs, even with force, by device and inode (links and ../ too)', async () => {
    await writeFile(join(dir, 'server.key'), 'key');
    await link(join(dir, 'server.key'), join(dir, 'hard.p12'));
    for (const output of [join(dir, 'server.key'), join(dir, 'sub', '..', 'server.key'), join(dir, 'hard.p12')]) {
      await rejectsNamed(
        writeFilesAtomically([{ path: output, content: 'keystore', mode: 0o600 }], {
          force: true,
          inputs: [join(dir, 'server.key')],
        }),
        'ERR_OUTPUT_IS_INPUT',
        `${resolve(output)} is also one of this command's input files; nothing was written.`,
      );
    }
    assert.equal(await readFile(join(dir, 'server.key'), 'utf8'), 'key');
  });

  it('creates missing folders 0700 whatever the umask', async () => {
    const saved = process.umask(0);
    try {
      await writeFilesAtomically([{ path: join(dir, 'a', 'b', 'x.key'), content: 'k', mode: 0o600 }], { force: false });
    } finally {
      process.umask(saved);
    }
    assert.equal((await stat(join(dir, 'a'))).mode & 0o777, 0o700);
    assert.equal((await stat(join(dir, 'a', 'b'))).mode & 0o777, 0o700);
    assert.equal((await stat(join(dir, 'a', 'b', 'x.key'))).mode & 0o777, 0o600);
  });

  it("refuses to write while a live process holds the folder lock, and takes over a dead one's", async () => {
    const lockPath = join(dir, '.sfjwt.lock');
    const sleeper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await writeFile(lockPath, `${sleeper.pid}\n`);
      await rejectsNamed(
        writeFilesAtomically([{ path: join(dir, 'x.key'), content: 'k', mode: 0o600 }], { force: false }),
        'ERR_FOLDER_LOCKED',
        `Another sf jwt command (process ${sleeper.pid}) is writing files in ${dir}; nothing was written.`,
      );
    } finally {
      sleeper.kill('SIGKILL');
      await once(sleeper, 'exit');
    }
    // The holder is dead now: its lock is stale and taken over; the lock is gone afterwards.
    await writeFilesAtomically([{ path: join(dir, 'x.key'), content: 'k', mode: 0o600 }], { force: false });
    assert.deepEqual(await readdir(dir), ['x.key']);
  });

  it('removes temp files a killed run left behind, and says so', async () => {
    await writeFile(join(dir, '.server.key.0123456789ab.tmp'), 'half a key');
    await writeFile(join(dir, '.sfjwt.lock.999999999.abcdef01.tmp'), '999999999\n');
    await writeFile(join(dir, '.unrelated.tmp'), 'not ours');
    const warnings: string[] = [];
    await writeFilesAtomically([{ path: join(dir, 'server.key'), content: 'k', mode: 0o600 }], {
      force: false,
      warn: (m) => warnings.push(m),
    });
    assert.deepEqual((await readdir(dir)).sort(), ['.unrelated.tmp', 'server.key']);
    assert.deepEqual(warnings, [
      `Removed 2 temp file(s) left in ${dir} by an interrupted run: .server.key.0123456789ab.tmp, .sfjwt.lock.999999999.abcdef01.tmp.`,
    ]);
  });

  it('keeps the replaced files as NAME.previous.EXT (0600), unless a killed run left its marker', async () => {
    const pair = (key: string, crt: string) => [
      { path: join(dir, 'server.key'), content: key, mode: 0o600 },
      { path: join(dir, 'server.crt'), content: crt, mode: 0o644 },
    ];
    const keep = { force: true, keepPrevious: [join(dir, 'server.key'), join(dir, 'server.crt')] };
    await writeFilesAtomically(pair('key1', 'crt1'), keep);
    assert.deepEqual((await readdir(dir)).sort(), ['server.crt', 'server.key']);
    await writeFilesAtomically(pair('key2', 'crt2'), keep);
    assert.equal(await readFile(join(dir, 'server.previous.key'), 'utf8'), 'key1');
    assert.equal(await readFile(join(dir, 'server.previous.crt'), 'utf8'), 'crt1');
    assert.equal((await stat(join(dir, 'server.previous.key'))).mode & 0o777, 0o600);
    // A run killed between its renames left key3 with crt2 and its marker: the previous pair must survive the next run.
    await writeFile(join(dir, 'server.key'), 'key3');
    await writeFile(join(dir, '.sfjwt.replacing'), 'sfjwt replacing v1\nserver.key\nserver.crt\n');
    const warnings: string[] = [];
    await writeFilesAtomically(pair('key4', 'crt4'), { ...keep, warn: (m) => warnings.push(m) });
    assert.equal(await readFile(join(dir, 'server.previous.key'), 'utf8'), 'key1');
    assert.equal(await readFile(join(dir, 'server.previous.crt'), 'utf8'), 'crt1');
    assert.equal(await readFile(join(dir, 'server.key'), 'utf8'), 'key4');
    assert.deepEqual((await readdir(dir)).sort(), [
      'server.crt',
      'server.key',
      'server.previous.crt',
      'server.previous.key',
    ]);
    assert.deepEqual(warnings, [
      `An earlier run was killed while replacing server.key, server.crt in ${dir}; server.previous.key, server.previous.crt (from before it) were kept as they are.`,
    ]);
  });
});
