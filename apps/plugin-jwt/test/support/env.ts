// Loaded by mocha before any test: output is compared as plain text, so no colours, whatever the terminal or CI
// says (ansis and chalk turn colours on when CI=true).
process.env.NO_COLOR = '1';
process.env.FORCE_COLOR = '0';
// The secrets' variables, new names and the old ones (still read, with a warning).
for (const name of ['KEY', 'KEY_PASSPHRASE', 'ASSERTION', 'KEYSTORE_PASSWORD']) {
  delete process.env[`SFJWT_${name}`];
  delete process.env[`SF_JWT_${name}`];
}
