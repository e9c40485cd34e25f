// GET /services/oauth2/singleaccess[?redirect_uri=…]: the UI Bridge API that `sf org open` (@salesforce/core's
// Org.getFrontDoorUrl) calls for a single-use frontdoor URL. Answers `{ frontdoor_uri }` pointing at the org's own
// /secur/frontdoor.jsp with a one-time `otp` and the redirect as `startURL`. Salesforce answers 403 to an expired
// session here (which is why the CLI refreshes first); the body of that 403 is the emulator's (README).
import { randomBytes } from 'node:crypto';
import type { Ctx } from '../context.js';
import type { Exchange } from '../http/exchange.js';
import { REST_ERRORS } from '../errors-catalog.js';

export function singleAccessRoute(ctx: Ctx, ex: Exchange): void {
  const token = ex.bearerToken();
  const session = token === undefined ? undefined : ctx.state.session(token);
  if (session === undefined) return ex.json(403, REST_ERRORS.invalidSession.body);
  if (ex.method !== 'GET' && ex.method !== 'POST') {
    return ex.json(405, [
      { errorCode: 'METHOD_NOT_ALLOWED', message: `HTTP Method '${ex.method}' not allowed. Allowed are GET,POST` },
    ]);
  }
  ex.record.username = session.username;
  const frontdoor = new URL('/secur/frontdoor.jsp', ctx.self.origin);
  frontdoor.searchParams.set('otp', randomBytes(24).toString('base64url'));
  const redirect = ex.url.searchParams.get('redirect_uri');
  if (redirect !== null && redirect !== '') frontdoor.searchParams.set('startURL', redirect);
  ex.json(200, { frontdoor_uri: frontdoor.toString() });
}
