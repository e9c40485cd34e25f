/**
 * The deploy step of `sf jwt app create`: the app's files as a Metadata API zip (package.xml at the root, each file
 * at its metadata path: the source path without `-meta.xml`, which is the whole conversion for these non-decomposed
 * types), deployed through the admin connection (SOAP `deploy`, then `checkDeployStatus` until done), atomically.
 */
import { buildPackageXml, type AppMetadata } from '@sfjwt/jwt-core';
import type { AdminOrg, DeployStatus } from '../io/admin-org.js';
import { writeZip } from '../io/zip-writer.js';

/** What the deploy loop needs from its caller. */
export interface DeployClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Epoch ms after which polling stops. */
  readonly deadline: number;
  readonly progress: (status: string) => void;
}

/** Thrown when the deploy has not finished by the deadline. */
export class DeployNotFinished extends Error {
  public constructor(public readonly status: DeployStatus) {
    super(`deploy ${status.id} still ${status.status}`);
    this.name = 'DeployNotFinished';
  }
}

/** The Metadata API zip of an app. */
export function deployZip(app: AppMetadata): Buffer {
  return writeZip([
    { name: 'package.xml', data: buildPackageXml(app.components) },
    ...app.files.map((file) => ({ name: file.path.replace(/-meta\.xml$/, ''), data: file.contents })),
  ]);
}

/** Deploys and polls (1 s, then up to 5 s apart) until the deploy is done; returns its final status. */
export async function deployApp(org: AdminOrg, app: AppMetadata, clock: DeployClock): Promise<DeployStatus> {
  const id = await org.deploy(deployZip(app));
  let delay = 1000;
  for (;;) {
    const status = await org.deployStatus(id);
    if (status.done) return status;
    const left = clock.deadline - clock.now();
    if (left <= 0) throw new DeployNotFinished(status);
    clock.progress(`deploy ${id}: ${status.status}`);
    await clock.sleep(Math.min(delay, left));
    delay = Math.min(delay * 2, 5000);
  }
}
