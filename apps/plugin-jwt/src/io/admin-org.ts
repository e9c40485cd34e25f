/**
 * The admin org `sf jwt app create` works in, through @salesforce/core's Connection (jsforce) of the `--target-org`
 * auth: the Metadata API deploy and readMetadata (SOAP, as `sf project deploy start` uses it), SOQL, and the REST
 * insert of a PermissionSetAssignment. Every call has a deadline; answers are normalised to plain data here so the
 * workflow never sees jsforce's shapes.
 */
import type { Org } from '@salesforce/core';

/** Per-call deadline: a Salesforce API call that has not answered in this time is not going to. */
export const ORG_CALL_TIMEOUT_MS = 120_000;

/** One component of a deploy, as checkDeployStatus reports it. */
export interface DeployComponent {
  readonly type: string;
  readonly fullName: string;
  readonly fileName: string;
  /** `Created`, `Changed`, `Unchanged` or `Failed`. */
  readonly state: 'Created' | 'Changed' | 'Unchanged' | 'Failed';
  readonly problem?: string;
  readonly line?: number;
}

/** A deploy's status (details included). */
export interface DeployStatus {
  readonly id: string;
  readonly done: boolean;
  /** `Pending`, `InProgress`, `Succeeded`, `SucceededPartial`, `Failed`, `Canceled`, … */
  readonly status: string;
  readonly success: boolean;
  readonly components: readonly DeployComponent[];
  /** A deploy-level error (e.g. an unreadable zip): `<statusCode>: <message>`. */
  readonly error?: string;
}

/** What the workflow needs of the admin org. */
export interface AdminOrg {
  readonly username: string;
  /** The org's instance URL (its My Domain): where the integration user's JWT goes. */
  readonly instanceUrl: string;
  deploy(zip: Buffer): Promise<string>;
  deployStatus(id: string): Promise<DeployStatus>;
  /** readMetadata: one entry per name, `undefined` where the org returned nothing. */
  readMetadata(
    type: string,
    fullNames: readonly string[],
  ): Promise<ReadonlyArray<Readonly<Record<string, unknown>> | undefined>>;
  query<T>(soql: string): Promise<T[]>;
  /** Inserts a PermissionSetAssignment; `exists` when Salesforce answers DUPLICATE_VALUE. */
  assignPermissionSet(
    assigneeId: string,
    permissionSetId: string,
  ): Promise<{ readonly id: string | null; readonly outcome: 'created' | 'exists' }>;
}

/** A Salesforce API failure with its code (`INSUFFICIENT_ACCESS`, …), the server's text cleaned and capped. */
export class OrgApiError extends Error {
  public constructor(
    public readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'OrgApiError';
  }
}

/** Server-supplied text is data: no control characters, at most 500 characters. */
export function cleanServerText(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '').trim();
  return clean.length > 500 ? `${clean.slice(0, 500)}…` : clean;
}

function asArray<T>(value: T | T[] | undefined | null): T[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

function asBoolean(value: unknown): boolean {
  return value === true || value === 'true';
}

/** jsforce errors → {@link OrgApiError}: SOAP faults are named `sf:CODE`, REST errors carry `errorCode`. */
function orgError(err: unknown): Error {
  if (err instanceof OrgApiError) return err;
  const e = err as { errorCode?: unknown; name?: unknown; message?: unknown };
  const fromName = typeof e.name === 'string' ? /^(?:sf:)?([A-Z][A-Z_]+)$/.exec(e.name)?.[1] : undefined;
  // jsforce names a SOAP fault's error after its faultcode only sometimes; the faultstring starts with the code.
  const fromMessage = typeof e.message === 'string' ? /^(?:sf:)?([A-Z][A-Z_]+): /.exec(e.message)?.[1] : undefined;
  const code =
    typeof e.errorCode === 'string' ? e.errorCode.replace(/^sf:/, '') : (fromName ?? fromMessage ?? 'UNKNOWN');
  return new OrgApiError(code, cleanServerText(e.message).replace(/^[A-Z_]+: /, ''));
}

async function bounded<T>(what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new OrgApiError('TIMEOUT', `${what} did not answer within ${ORG_CALL_TIMEOUT_MS / 1000} s`)),
      ORG_CALL_TIMEOUT_MS,
    );
    timer.unref();
  });
  try {
    return await Promise.race([work, deadline]);
  } catch (err) {
    throw orgError(err);
  } finally {
    clearTimeout(timer);
  }
}

function component(raw: Record<string, unknown>, failed: boolean): DeployComponent {
  const state = failed
    ? 'Failed'
    : asBoolean(raw.created)
      ? 'Created'
      : asBoolean(raw.changed)
        ? 'Changed'
        : 'Unchanged';
  const line = Number(raw.lineNumber);
  return {
    type: cleanServerText(raw.componentType),
    fullName: cleanServerText(raw.fullName),
    fileName: cleanServerText(raw.fileName),
    state,
    ...(failed ? { problem: cleanServerText(raw.problem) } : {}),
    ...(failed && Number.isInteger(line) && line > 0 ? { line } : {}),
  };
}

/** Wraps the `--target-org` org. */
export function adminOrg(org: Org): AdminOrg {
  const connection = org.getConnection();
  return {
    username: connection.getUsername() ?? org.getUsername() ?? '',
    instanceUrl: connection.instanceUrl,
    async deploy(zip) {
      const locator = connection.metadata.deploy(zip, { rollbackOnError: true, singlePackage: true });
      // The locator's own promise is the `deploy` call's answer (its check() would poll with checkStatus instead).
      const started = await bounded('The Metadata API deploy', (async () => await locator)());
      return cleanServerText(started.id);
    },
    async deployStatus(id) {
      const raw = (await bounded(
        'The deploy status check',
        connection.metadata.checkDeployStatus(id, true),
      )) as unknown as Record<string, unknown>;
      const details = (raw.details ?? {}) as Record<string, unknown>;
      const successes = asArray(details.componentSuccesses as Record<string, unknown> | Record<string, unknown>[])
        .filter((c) => cleanServerText(c.fullName) !== 'package.xml')
        .map((c) => component(c, false));
      const failures = asArray(details.componentFailures as Record<string, unknown> | Record<string, unknown>[]).map(
        (c) => component(c, true),
      );
      const error =
        raw.errorMessage === undefined || raw.errorMessage === null
          ? undefined
          : `${cleanServerText(raw.errorStatusCode)}: ${cleanServerText(raw.errorMessage)}`;
      return {
        id,
        done: asBoolean(raw.done),
        status: cleanServerText(raw.status),
        success: asBoolean(raw.success),
        components: [...successes, ...failures],
        ...(error === undefined ? {} : { error }),
      };
    },
    async readMetadata(type, fullNames) {
      const records = (await bounded(
        'readMetadata',
        connection.metadata.read(type as never, [...fullNames]),
      )) as unknown as Array<Record<string, unknown> | undefined>;
      return asArray(records).map((r) =>
        r !== undefined && r !== null && typeof r.fullName === 'string' && r.fullName !== '' ? r : undefined,
      );
    },
    async query<T>(soql: string) {
      const result = await bounded(
        'A SOQL query',
        (async () => await connection.query<Record<string, unknown>>(soql))(),
      );
      return result.records as unknown as T[];
    },
    async assignPermissionSet(assigneeId, permissionSetId) {
      try {
        const saved = await bounded(
          'The permission set assignment',
          connection
            .sobject('PermissionSetAssignment')
            .create({ AssigneeId: assigneeId, PermissionSetId: permissionSetId }),
        );
        if (saved.success) return { id: saved.id ?? null, outcome: 'created' };
        const first = (saved as { errors?: Array<{ statusCode?: string; errorCode?: string; message?: string }> })
          .errors?.[0];
        throw new OrgApiError(first?.statusCode ?? first?.errorCode ?? 'UNKNOWN', cleanServerText(first?.message));
      } catch (err) {
        if (err instanceof OrgApiError && err.errorCode === 'DUPLICATE_VALUE') return { id: null, outcome: 'exists' };
        throw err;
      }
    },
  };
}
