// Run-time state: sessions (access tokens), approvals that issued refresh tokens, authorization codes, login history.
import { randomInt } from 'node:crypto';
import type { App, Model, Org, User } from './config/model.js';
import { randomAlphanumeric } from './ids.js';

export interface Session {
  accessToken: string;
  orgId: string;
  userId: string;
  username: string;
  consumerKey: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  refreshToken: string | undefined;
}

/** An approval that issued a refresh token: what self-authorized JWT logins look for (reference §5). */
export interface RefreshGrant {
  refreshToken: string;
  username: string;
  consumerKey: string;
  scopes: string[];
  createdAt: number;
  /** From the configuration's `approvals` (the token value is never handed out). */
  seeded: boolean;
}

export interface PendingCode {
  code: string;
  username: string;
  consumerKey: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string | undefined;
  codeChallengeMethod: string | undefined;
  expiresAt: number;
}

// Salesforce keeps 5 approvals per user per app; a sixth revokes the oldest (reference §5.2).
const MAX_GRANTS_PER_APP = 5;
const CODE_LIFETIME_MS = 15 * 60_000;
const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._';

function tokenChars(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += TOKEN_CHARS[randomInt(TOKEN_CHARS.length)];
  return out;
}

export class EmulatorState {
  readonly sessions = new Map<string, Session>();
  readonly grants = new Map<string, RefreshGrant>();
  readonly codes = new Map<string, PendingCode>();
  private readonly logins = new Map<string, number[]>();
  /** Authenticated REST calls per org id (the `DailyApiRequests` of /limits). */
  private readonly apiRequests = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  seedApprovals(model: Model): void {
    for (const user of model.users) {
      for (const key of user.approvals) {
        const app = model.apps.find((a) => a.consumerKey === key);
        if (app !== undefined) this.addGrant(user, app, app.scopes, true);
      }
    }
  }

  /** Opaque session id in Salesforce's shape: 15-char org id, `!`, then ~96 characters. */
  issueAccessToken(org: Org, user: User, app: App, scopes: string[], refreshToken?: string): Session {
    const issuedAt = this.now();
    const session: Session = {
      accessToken: `${org.id15}!AQ${tokenChars(94)}`,
      orgId: org.id,
      userId: user.userId,
      username: user.username,
      consumerKey: app.consumerKey,
      scopes,
      issuedAt,
      expiresAt: issuedAt + org.sessionTimeoutMinutes * 60_000,
      refreshToken,
    };
    this.sessions.set(session.accessToken, session);
    return session;
  }

  addGrant(user: User, app: App, scopes: string[], seeded = false): RefreshGrant {
    const grant: RefreshGrant = {
      refreshToken: `5Aep861${randomAlphanumeric(80)}`,
      username: user.username,
      consumerKey: app.consumerKey,
      scopes,
      createdAt: this.now(),
      seeded,
    };
    const existing = [...this.grants.values()]
      .filter((g) => sameUser(g.username, user.username) && g.consumerKey === app.consumerKey)
      .sort((a, b) => a.createdAt - b.createdAt);
    for (const old of existing.slice(0, Math.max(0, existing.length - MAX_GRANTS_PER_APP + 1)))
      this.revokeGrant(old.refreshToken);
    this.grants.set(grant.refreshToken, grant);
    return grant;
  }

  hasRefreshApproval(username: string, consumerKey: string): boolean {
    return [...this.grants.values()].some((g) => sameUser(g.username, username) && g.consumerKey === consumerKey);
  }

  /** A live session for the token, or undefined (unknown, revoked or past the session timeout). */
  session(accessToken: string): Session | undefined {
    const session = this.sessions.get(accessToken);
    if (session === undefined) return undefined;
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(accessToken);
      return undefined;
    }
    return session;
  }

  addCode(code: Omit<PendingCode, 'code' | 'expiresAt'>): PendingCode {
    const pending: PendingCode = { ...code, code: `aPrx${tokenChars(80)}==`, expiresAt: this.now() + CODE_LIFETIME_MS };
    this.codes.set(pending.code, pending);
    return pending;
  }

  /** Takes a code out (codes are single-use, even when the exchange then fails). */
  takeCode(code: string): PendingCode | 'expired' | undefined {
    const pending = this.codes.get(code);
    if (pending === undefined) return undefined;
    this.codes.delete(code);
    return pending.expiresAt <= this.now() ? 'expired' : pending;
  }

  /** Ends every session (access token); approvals and refresh tokens stay. Drives clients' refresh logic. */
  revokeAllTokens(): number {
    const count = this.sessions.size;
    this.sessions.clear();
    return count;
  }

  /** Revokes an access token, or a refresh token with its sessions. */
  revoke(token: string): 'access' | 'refresh' | undefined {
    if (this.sessions.delete(token)) return 'access';
    return this.revokeGrant(token) ? 'refresh' : undefined;
  }

  /** Removes a user's approvals (all apps, or one), with their refresh tokens and sessions. */
  revokeApprovals(username: string, consumerKey?: string): number {
    const doomed = [...this.grants.values()].filter(
      (g) => sameUser(g.username, username) && (consumerKey === undefined || g.consumerKey === consumerKey),
    );
    for (const g of doomed) this.revokeGrant(g.refreshToken);
    return doomed.length;
  }

  private revokeGrant(refreshToken: string): boolean {
    if (!this.grants.delete(refreshToken)) return false;
    for (const [token, s] of this.sessions) if (s.refreshToken === refreshToken) this.sessions.delete(token);
    return true;
  }

  /** Counts a login for the user; returns how many happened within the window before this one. */
  loginsWithin(username: string, windowMs: number): number {
    const key = username.toLowerCase();
    const since = this.now() - windowMs;
    const recent = (this.logins.get(key) ?? []).filter((t) => t > since);
    this.logins.set(key, recent);
    return recent.length;
  }

  countApiRequest(orgId: string): void {
    this.apiRequests.set(orgId, (this.apiRequests.get(orgId) ?? 0) + 1);
  }

  apiRequestCount(orgId: string): number {
    return this.apiRequests.get(orgId) ?? 0;
  }

  recordLogin(username: string): void {
    const key = username.toLowerCase();
    this.logins.set(key, [...(this.logins.get(key) ?? []), this.now()]);
  }
}

function sameUser(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
