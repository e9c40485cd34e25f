// The Nodes the packages promise (20.19+ and 22) as this machine has them: the project's Node 22 (the one running the
// tests) and the machine's Node 20 (/usr/bin/node), when present.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A Node binary, its version and major. */
export interface NodeRuntime {
  path: string;
  version: string;
  major: number;
}

const MACHINE_NODE = '/usr/bin/node';

function runtime(path: string): NodeRuntime {
  const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
  return { path, version, major: Number(/^v(\d+)/.exec(version)?.[1]) };
}

/** The project's Node, then the machine's Node 20; `missing` says why the Node 20 line is absent, if it is. */
export function nodeRuntimes(): { runtimes: NodeRuntime[]; missing?: string } {
  const project = runtime(process.execPath);
  if (!existsSync(MACHINE_NODE)) return { runtimes: [project], missing: `no ${MACHINE_NODE} on this machine` };
  const machine = runtime(MACHINE_NODE);
  if (machine.major !== 20)
    return { runtimes: [project], missing: `${MACHINE_NODE} is ${machine.version}, not Node 20` };
  return { runtimes: [project, machine] };
}
