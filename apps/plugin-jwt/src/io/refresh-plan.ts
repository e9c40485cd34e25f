/**
 * Whether @salesforce/core can refresh a JWT login on its own. Core refreshes by reading the stored key *path* as
 * UTF-8 and signing with jsonwebtoken (its AuthInfo refresh): no passphrase, no repairs. So the path is stored
 * only for a plain PEM file that Node reads as it is; otherwise storing it would break every later refresh, and
 * writing a decrypted copy of the key to disk would be worse. Then the auth is an access-token auth and the user
 * renews it with `sf jwt login`.
 */
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { NoRefreshReason } from '../results/login.js';
import type { ResolvedPrivateKey } from './key-input.js';

/** The decision. */
export type RefreshPlan =
  | { readonly refreshable: true; readonly privateKeyPath: string }
  | { readonly refreshable: false; readonly reason: NoRefreshReason };

/** Decides from where the key came and whether the file reads as it is. */
export async function refreshPlan(key: ResolvedPrivateKey): Promise<RefreshPlan> {
  if (key.source === 'env') return { refreshable: false, reason: 'key-from-env' };
  if (key.source === 'stdin' || key.path === undefined) return { refreshable: false, reason: 'key-from-stdin' };
  if (key.key.encrypted) return { refreshable: false, reason: 'key-encrypted' };
  let text: string;
  try {
    text = await readFile(key.path, 'utf8');
  } catch {
    return { refreshable: false, reason: 'key-file-unreadable' };
  }
  try {
    // What jsonwebtoken does with the file's text; repairs that loadPrivateKey made (literal \n, base64-wrapped
    // PEM, stripped newlines) would fail here.
    createPrivateKey(text);
  } catch {
    return { refreshable: false, reason: 'key-file-needs-repair' };
  }
  return { refreshable: true, privateKeyPath: key.path };
}
