// Loaded by mocha before any test: output is compared as plain text, so no colours, whatever the terminal or CI
// says (ansis and chalk turn colours on when CI=true).
process.env.NO_COLOR = '1';
process.env.FORCE_COLOR = '0';
delete process.env.SF_JWT_KEY;
delete process.env.SF_JWT_KEY_PASSPHRASE;
delete process.env.SF_JWT_ASSERTION;
delete process.env.SF_JWT_KEYSTORE_PASSWORD;
