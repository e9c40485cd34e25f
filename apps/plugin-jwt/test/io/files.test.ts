import { strict as assert } from 'node:assert';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readInputFile, readStdin, writeFilesAtomically } from '../../src/io/files.js';

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
        assert.equal(err.message, `Cannot write ${join(dir, 'not-a-dir', 'e.crt')}: ${join(dir, 'not-a-dir')} is a file, not a directory.`);
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
    await rejectsNamed(readInputFile(join(dir, 'missing.key')), 'ERR_FILE_NOT_FOUND', `File not found: ${join(dir, 'missing.key')}`);
    await rejectsNamed(readInputFile(dir), 'ERR_NOT_A_FILE', `${dir} is a directory, not a file.`);
  });

  it('reads stdin, refusing a terminal and empty input', async () => {
    assert.equal(Buffer.from(await readStdin('private key', Readable.from([Buffer.from('a'), Buffer.from('b')]))).toString(), 'ab');
    await rejectsNamed(readStdin('private key', Readable.from([' \n'])), 'ERR_STDIN_EMPTY', 'Nothing arrived on stdin: the private key is empty.');
    const tty = Object.assign(Readable.from([]), { isTTY: true });
    await rejectsNamed(readStdin('private key', tty), 'ERR_STDIN_IS_TERMINAL', '"-" reads the private key from stdin, but stdin is a terminal.');
  });
});
