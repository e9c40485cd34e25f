// The REST Metadata API deploy (`sf config set org-metadata-rest-deploy=true`): POST …/metadata/deployRequest with a
// multipart body (zip `file`, JSON `entity_content` holding deployOptions), GET …/metadata/deployRequest/<id>
// [?includeDetails=true] for the status. Same deploy engine and result shape as the SOAP deploy.
import { findOrg, findUser } from '../config/model.js';
import type { Ctx } from '../context.js';
import type { Exchange } from '../http/exchange.js';
import { parseMultipart } from '../http/multipart.js';
import { runDeploy } from '../metadata/deploy.js';
import { deployOptions, restDeployOptions } from '../metadata/options.js';
import { deployResult } from '../metadata/result.js';
import { REST_ERRORS } from '../errors-catalog.js';
import { requireSession, servedVersion } from './rest.js';
import { NO_METADATA_PERMISSION } from './metadata-soap.js';

const MAX_REST_DEPLOY_BYTES = 52_428_800;
// Options are remembered per job for the status answer.
const jobOptions = new WeakMap<object, Record<string, unknown>>();

export async function metadataRestRoute(ctx: Ctx, ex: Exchange, version: string | undefined): Promise<void> {
  const session = requireSession(ctx, ex);
  if (session === undefined || servedVersion(ctx, ex, version) === undefined) return;
  const user = findUser(ctx.model, session.username);
  const org = findOrg(ctx.model, session.orgId);
  if (user === undefined || org === undefined)
    return ex.json(REST_ERRORS.invalidSession.status, REST_ERRORS.invalidSession.body);
  if (!user.canDeployMetadata)
    return ex.json(403, [{ errorCode: 'INSUFFICIENT_ACCESS', message: NO_METADATA_PERMISSION }]);
  const base = `/services/data/v${version ?? ''}/metadata/deployRequest`;
  const rest = ex.url.pathname.replace(/\/+$/, '').slice(base.length);
  if (rest === '' && ex.method === 'POST') {
    const body = await ex.bodyBytes(MAX_REST_DEPLOY_BYTES);
    if (body === undefined)
      return ex.json(413, [
        {
          errorCode: 'EXCEEDED_MAX_SIZE_REQUEST',
          message: `Maximum size of request reached. Maximum size of request is ${MAX_REST_DEPLOY_BYTES} bytes.`,
        },
      ]);
    const parts = parseMultipart(ex.req.headers['content-type'], body);
    const file = parts?.find((p) => p.name === 'file');
    if (parts === undefined || file === undefined) {
      return ex.json(400, [
        {
          errorCode: 'INVALID_MULTIPART_REQUEST',
          message: 'The request must be multipart/form-data with a "file" part holding the zip.',
        },
      ]);
    }
    let raw: Record<string, unknown> = {};
    const entity = parts.find((p) => p.name === 'entity_content');
    if (entity !== undefined) {
      try {
        const parsed = JSON.parse(entity.data.toString('utf8')) as { deployOptions?: Record<string, unknown> };
        raw = parsed.deployOptions ?? {};
      } catch {
        return ex.json(400, [{ errorCode: 'JSON_PARSER_ERROR', message: 'entity_content is not valid JSON' }]);
      }
    }
    const options = deployOptions(raw);
    const job = runDeploy(ctx, org, user, file.data, options);
    ctx.setup.addJob(job);
    jobOptions.set(job, restDeployOptions(options, raw));
    const result = { ...deployResult(job, false), done: false, status: 'Pending', success: false };
    return ex.json(201, {
      id: job.id,
      validatedDeployRequestId: null,
      deployOptions: jobOptions.get(job),
      deployResult: result,
      url: `${base}/${job.id}`,
    });
  }
  const id = /^\/([0-9A-Za-z]{15,18})$/.exec(rest)?.[1];
  if (id !== undefined && ex.method === 'GET') {
    const job = ctx.setup.job(id);
    if (job === undefined || job.orgId !== org.id)
      return ex.json(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    const includeDetails = ex.url.searchParams.get('includeDetails') === 'true';
    return ex.json(200, {
      id: job.id,
      validatedDeployRequestId: null,
      deployOptions: jobOptions.get(job) ?? restDeployOptions(job.options, {}),
      deployResult: deployResult(job, includeDetails),
      url: `${base}/${job.id}`,
    });
  }
  ex.json(REST_ERRORS.notFound.status, REST_ERRORS.notFound.body);
}
