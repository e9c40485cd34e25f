// A fleet of token-client processes for the fleet benchmark: forked workers (support/fleet-worker.mjs), each with its
// own token client, on the shared Redis cache or not, driven by IPC.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const workerFile = join(dirname(fileURLToPath(import.meta.url)), 'fleet-worker.mjs');
const CALL_DEADLINE_MS = 60_000;

function startWorker({ file = workerFile, execPath, env } = {}) {
  const child = fork(file, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execPath, env });
  const pending = new Map();
  let next = 0;
  // A worker that exits answers nothing more: settle its calls now rather than at their deadline.
  child.on('exit', (code) => {
    for (const [id, call] of pending) {
      pending.delete(id);
      clearTimeout(call.timer);
      call.reject(new Error(`a fleet worker exited (${code})`));
    }
  });
  const ready = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`a fleet worker exited (${code}) before it was ready`)));
    child.on('message', (message) => {
      if (message.ready) return resolve();
      const call = pending.get(message.id);
      if (call === undefined) return;
      pending.delete(message.id);
      clearTimeout(call.timer);
      if (message.ok) call.resolve(message.result);
      else call.reject(new Error(message.error));
    });
  });
  const call = (cmd, args) =>
    new Promise((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`a fleet worker did not answer ${cmd} within ${CALL_DEADLINE_MS} ms`));
      }, CALL_DEADLINE_MS);
      pending.set(id, { resolve, reject, timer });
      child.send({ id, cmd, args });
    });
  return { child, ready, call };
}

/**
 * Starts `size` workers, each with a token client for `login` (`privateKeyPems`: one key, or [new, old]), sharing
 * `redisUrl` when it is not null, or the Redis Cluster of `clusterUrls` (its nodes' URLs) when given. Returns
 * `all(cmd, args)`, `one(i, cmd, args)` and `stop()`. `project` (a test-support FreshProject): the workers run from it
 * (the worker file copied in, its Node, its environment), so they import the packages installed there by name.
 */
export async function startFleet({ size, login, redisUrl, clusterUrls, encryptionKey, project }) {
  const from =
    project === undefined
      ? {}
      : {
          file: project.write('fleet-worker.mjs', readFileSync(workerFile, 'utf8')),
          execPath: project.node,
          env: project.env(),
        };
  const workers = Array.from({ length: size }, () => startWorker(from));
  try {
    await Promise.all(workers.map((w) => w.ready));
    await Promise.all(workers.map((w) => w.call('init', { login, redisUrl, clusterUrls, encryptionKey })));
  } catch (error) {
    for (const w of workers) w.child.kill('SIGKILL');
    throw error;
  }
  return {
    size,
    all: (cmd, args) => Promise.all(workers.map((w) => w.call(cmd, args))),
    one: (i, cmd, args) => workers[i].call(cmd, args),
    stop: async () => {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise((resolve) => {
              if (w.child.exitCode !== null) return resolve();
              w.child.once('exit', resolve);
              w.call('stop').catch(() => w.child.kill('SIGKILL'));
            }),
        ),
      );
    },
  };
}

/** Sums the workers' getTokens answers: calls that succeeded, failed, the distinct tokens and error codes. */
export function summarize(answers) {
  return {
    ok: answers.reduce((s, a) => s + a.ok, 0),
    failed: answers.reduce((s, a) => s + a.failed, 0),
    tokens: new Set(answers.flatMap((a) => a.tokens)),
    errors: [...new Set(answers.flatMap((a) => a.errors))],
  };
}
