// Preloaded into the sf CLI by the tests (NODE_OPTIONS=--import): every DNS lookup except localhost fails, so a
// test can never reach Salesforce, even when sf falls back to login./test.salesforce.com after a failed attempt.
import dns from 'node:dns';

const original = dns.lookup;
dns.lookup = function guardedLookup(hostname, options, callback) {
  if (hostname === 'localhost') return original.call(this, hostname, options, callback);
  const done = typeof options === 'function' ? options : callback;
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (offline guard of the emulator tests)`), {
    code: 'ENOTFOUND',
    syscall: 'getaddrinfo',
    hostname,
  });
  process.nextTick(done, error);
};
