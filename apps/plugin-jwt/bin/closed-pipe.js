// `node bin/run.js jwt assert --help | head -1`: once the reader has gone, end quietly with the command's own exit code,
// as `sf` does. oclif swallows the EPIPE but then awaits a 'drain' that a closed pipe never sends, so Node would stop
// with "Warning: Detected unsettled top-level await" and exit 13. Only once nothing is left to do (beforeExit): a
// command is never cut short by its reader.
let stdoutClosed = false;

process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  stdoutClosed = true;
});

process.on('beforeExit', () => {
  if (stdoutClosed) process.exit();
});
