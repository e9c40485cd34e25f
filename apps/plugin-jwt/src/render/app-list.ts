/**
 * Human output of `sf jwt app list`: one table row per app, sorted by expiry, expired and expiring rows marked, then
 * what the org would not tell. Every cell is server text (names, subjects, usernames): capped here, sanitized at the
 * output boundary.
 */
import { Messages } from '@salesforce/core/messages';
import type { AppListResult, AppListRow } from '../results/app-list.js';
import type { Output } from './output.js';
import { displayField } from './sanitize.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('@sfjwt/plugin-jwt', 'jwt.app.list');

const KIND: Record<AppListRow['type'], string> = { 'external-client-app': 'ECA', 'connected-app': 'Connected App' };

/** `EXPIRED`, `EXPIRING` and `unknown` stand out; a valid row says ok. */
function statusCell(row: AppListRow): string {
  if (row.status === 'expired') return '✖ EXPIRED';
  if (row.status === 'expiring') return '⚠ EXPIRING';
  if (row.status === 'unknown') return `? unknown: ${row.unknownReason ?? ''}`;
  return 'ok';
}

function usersCell(row: AppListRow): string {
  const { policy, profiles, permissionSets } = row.preAuthorized;
  if (policy !== 'admin-approved') return policy;
  return (
    [...profiles.map((p) => `profile ${p}`), ...permissionSets.map((s) => `permission set ${s}`)].join(', ') || 'nobody'
  );
}

function loginCell(row: AppListRow, loginHistory: AppListResult['loginHistory']): string {
  if (loginHistory === 'unavailable') return 'unknown';
  if (row.lastLogin === null) return 'none recorded';
  return `${row.lastLogin.at} by ${row.lastLogin.usernames.join(', ')}`;
}

export function renderAppList(out: Output, r: AppListResult): void {
  if (r.apps.length === 0) out.log(messages.getMessage('info.empty', [displayField(r.org)]));
  else
    out.table({
      data: r.apps.map((row) => ({
        status: displayField(statusCell(row)),
        name: displayField(row.name),
        kind: KIND[row.type],
        consumerKey: displayField(row.consumerKey ?? 'unknown'),
        expires: row.certificate === null ? '' : row.certificate.notAfter.slice(0, 10),
        daysLeft: row.certificate === null ? '' : String(row.certificate.daysLeft),
        subject: displayField(row.certificate?.subject ?? ''),
        sha256: row.certificate?.sha256Fingerprint ?? '',
        preAuthorized: displayField(usersCell(row)),
        lastLogin: displayField(loginCell(row, r.loginHistory)),
      })),
      columns: [
        'status',
        'name',
        'kind',
        { key: 'consumerKey', name: 'Consumer Key' },
        'expires',
        { key: 'daysLeft', name: 'Days Left' },
        'subject',
        { key: 'sha256', name: 'SHA-256' },
        { key: 'preAuthorized', name: 'Pre-authorized' },
        { key: 'lastLogin', name: 'Last Login' },
      ],
      overflow: 'wrap',
    });
  for (const part of r.unlisted)
    out.warn(
      messages.getMessage('info.unlisted', [
        part.type === 'connected-app' ? 'Connected Apps' : 'External Client Apps',
        part.reason,
      ]),
    );
  if (r.loginHistory === 'unavailable') out.warn(messages.getMessage('info.loginHistoryUnavailable'));
}
