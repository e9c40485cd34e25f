/** The session hand-off files and the GitHub Actions mask, byte for byte. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handOffSession, type SessionHandOff } from '../../src/io/ci-handoff.js';
import { maskInCi } from '../../src/io/ci-mask.js';

const session: SessionHandOff = {
  instanceUrl: 'https://acme.my.salesforce.com',
  username: 'ci@acme.com',
  orgId: '00D000000000001AAA',
  alias: undefined,
  accessToken: undefined,
};
const none = { githubOutput: false, githubEnv: false, dotenvFile: undefined, force: false };

describe('session hand-off for CI', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sfjwt-handoff-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends step outputs without the token unless asked, keeping what earlier steps wrote', async () => {
    const file = join(dir, 'out');
    writeFileSync(file, 'x=1\n');
    await handOffSession(session, { ...none, githubOutput: true }, { GITHUB_OUTPUT: file });
    assert.equal(
      readFileSync(file, 'utf8'),
      'x=1\ninstance-url=https://acme.my.salesforce.com\nusername=ci@acme.com\norg-id=00D000000000001AAA\n',
    );
  });

  it('writes a 0600 dotenv file with quoted values and the token when asked; never over a file without force', async () => {
    const file = join(dir, 'ci.env');
    const withToken = { ...session, alias: "it's", accessToken: '00D!tok' };
    await handOffSession(withToken, { ...none, dotenvFile: file }, {});
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(
      readFileSync(file, 'utf8'),
      "SFJWT_INSTANCE_URL='https://acme.my.salesforce.com'\nSFJWT_USERNAME='ci@acme.com'\nSFJWT_ORG_ID='00D000000000001AAA'\nSFJWT_ALIAS='it'\\''s'\nSFJWT_ACCESS_TOKEN='00D!tok'\n",
    );
    await assert.rejects(handOffSession(session, { ...none, dotenvFile: file }, {}), { name: 'ERR_FILE_EXISTS' });
    await handOffSession(session, { ...none, dotenvFile: file, force: true }, {});
    assert.ok(!readFileSync(file, 'utf8').includes('ACCESS_TOKEN'));
  });

  it('refuses a value with a line break (it would forge another output) and an unset $GITHUB_ENV', async () => {
    const file = join(dir, 'env');
    await assert.rejects(
      handOffSession(
        { ...session, alias: 'a\nSFJWT_USERNAME=evil' },
        { ...none, githubEnv: true },
        { GITHUB_ENV: file },
      ),
      { name: 'ERR_HANDOFF_VALUE_INVALID' },
    );
    await assert.rejects(handOffSession(session, { ...none, githubEnv: true }, {}), { name: 'ERR_HANDOFF_FILE_UNSET' });
  });

  it('masks only in GitHub Actions, one workflow command per line of the secret', () => {
    const lines: string[] = [];
    maskInCi('00D!tok', { GITHUB_ACTIONS: 'true' }, (line) => lines.push(line));
    maskInCi('00D!tok', {}, (line) => lines.push(line));
    maskInCi('a\nb', { GITHUB_ACTIONS: 'true' }, (line) => lines.push(line));
    assert.deepEqual(lines, ['::add-mask::00D!tok\n', '::add-mask::a\n', '::add-mask::b\n']);
  });
});
