// The node:http(s) request handler: route, record, apply faults, dispatch.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Ctx } from './context.js';
import { applyFaults, type FaultController } from './faults.js';
import { Exchange } from './http/exchange.js';
import { routeOf } from './routing.js';
import { redactPath, type RequestRecord, type StatsRecorder } from './stats.js';
import { authorizeRoute } from './routes/authorize.js';
import { identityRoute, userinfoRoute } from './routes/identity.js';
import { metadataRestRoute } from './routes/metadata-rest.js';
import { metadataSoapRoute } from './routes/metadata-soap.js';
import { queryRoute } from './routes/query.js';
import { sobjectsRoute } from './routes/sobjects.js';
import { otherRoute, resourcesRoute, versionsRoute } from './routes/rest.js';
import { revokeRoute } from './routes/revoke.js';
import { limitsRoute } from './routes/limits.js';
import { singleAccessRoute } from './routes/singleaccess.js';
import { tokenRoute } from './routes/token.js';

export interface HandlerDeps {
  ctx: Ctx;
  faults: FaultController;
  stats: StatsRecorder;
  onRequest?: (record: RequestRecord) => void;
  sleep?: (ms: number) => Promise<void>;
}

export function createHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(deps, req, res);
  };
}

async function handle(
  { ctx, faults, stats, onRequest, sleep }: HandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = performance.now();
  const rawUrl = req.url ?? '/';
  const url = new URL(rawUrl.startsWith('/') ? rawUrl : `/${rawUrl}`, 'http://emulator.invalid');
  const { route, version } = routeOf(url.pathname);
  const userAgent = req.headers['user-agent'];
  const record = stats.start({
    at: ctx.now(),
    method: req.method ?? 'GET',
    path: redactPath(rawUrl),
    route,
    host: req.headers.host ?? '',
    chunked: /\bchunked\b/i.test(req.headers['transfer-encoding'] ?? ''),
    ...(userAgent === undefined ? {} : { userAgent }),
  });
  res.on('close', () => {
    record.durationMs = Math.round((performance.now() - started) * 100) / 100;
    onRequest?.(structuredClone(record));
  });
  const ex = new Exchange(req, res, url, record, ctx.now);
  // Deployed app versions whose propagation delay has passed become live before the request is looked at.
  ctx.setup.settle(ctx.model, ctx.now());
  try {
    if (await applyFaults(faults, ex, sleep)) return;
    switch (route) {
      case 'token':
        return await tokenRoute(ctx, ex);
      case 'authorize':
        return authorizeRoute(ctx, ex);
      case 'revoke':
        return await revokeRoute(ctx, ex);
      case 'userinfo':
        return userinfoRoute(ctx, ex);
      case 'identity':
        return identityRoute(ctx, ex);
      case 'versions':
        return versionsRoute(ctx, ex);
      case 'resources':
        return resourcesRoute(ctx, ex, version);
      case 'query':
        return queryRoute(ctx, ex, version, false);
      case 'tooling-query':
        return queryRoute(ctx, ex, version, true);
      case 'metadata-soap':
        return await metadataSoapRoute(ctx, ex, version);
      case 'metadata-rest':
        return await metadataRestRoute(ctx, ex, version);
      case 'sobjects':
        return await sobjectsRoute(ctx, ex, version);
      case 'singleaccess':
        return singleAccessRoute(ctx, ex);
      case 'limits':
        return limitsRoute(ctx, ex, version);
      case 'other':
        return otherRoute(ctx, ex);
    }
  } catch (error) {
    // An emulator bug must not look like a Salesforce answer: say so plainly.
    if (!ex.isAnswered && !res.destroyed) {
      ex.json(500, [
        { errorCode: 'EMULATOR_INTERNAL_ERROR', message: `salesforce-emulator bug: ${(error as Error).message}` },
      ]);
    }
  }
}
