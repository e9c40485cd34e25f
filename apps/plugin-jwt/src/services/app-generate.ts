/**
 * `sf jwt app generate`: an app's metadata as a Salesforce DX project directory that `sf project deploy start`
 * deploys as is, plus a `.gitignore` keeping the credential file out of git. Every target is checked before anything
 * is written, and all files appear or none does.
 *
 * No `.forceignore` is written into the project: it applies to deploys too, so ignoring the global OAuth settings
 * there would stop the deploy from creating the app's consumer key and certificate.
 */
import { join, resolve } from 'node:path';
import { buildSourceProject, GITIGNORE_SNIPPET } from '@sfjwt/jwt-core';
import { readInputFile } from '../io/bounded-read.js';
import { checkTargets, writeFilesAtomically, type FileToWrite } from '../io/crash-safe-write.js';
import type { AppGenerateResult } from '../results/app-generate.js';
import { buildAppMetadata, type AppSpec } from './app-metadata.js';

/** Flag values. */
export interface AppGenerateInput extends Omit<AppSpec, 'certificate'> {
  readonly certFile: string;
  readonly outputDir: string;
  readonly force: boolean;
}

export async function generateApp(input: AppGenerateInput): Promise<AppGenerateResult> {
  const certificate = await readInputFile(input.certFile);
  const { app, createdPermissionSet } = buildAppMetadata({ ...input, certificate: certificate.bytes });
  const project = buildSourceProject({ app });
  const outputDir = resolve(input.outputDir);
  const credential = new Set(project.credentialFiles);
  const files: FileToWrite[] = [
    ...project.files.map((file) => ({
      path: join(outputDir, file.path),
      content: file.contents,
      // The consumer key is a credential: readable by its owner only.
      mode: credential.has(file.path) ? 0o600 : 0o644,
    })),
    ...(project.credentialFiles.length === 0
      ? []
      : [
          {
            path: join(outputDir, '.gitignore'),
            content: GITIGNORE_SNIPPET,
            mode: 0o644,
            // The user's own rules (*.key, .env…) stay: ours are added once, even with --force.
            amend: (existing: string) => withLinesAdded(existing, GITIGNORE_SNIPPET),
          },
        ]),
  ];
  await checkTargets(
    files.filter((f) => f.amend === undefined).map((f) => f.path),
    { force: input.force, within: outputDir },
  );
  const written = await writeFilesAtomically(files, { force: input.force, within: outputDir });
  const deploy = `sf project deploy start --source-dir ${project.packageDirectory} --target-org <admin>`;
  return {
    name: app.name,
    type: app.kind,
    consumerKey: app.consumerKey,
    consumerKeyGenerated: app.consumerKeyGenerated,
    outputDir,
    packageDirectory: join(outputDir, project.packageDirectory),
    files: written,
    credentialFiles: project.credentialFiles.map((path) => join(outputDir, path)),
    components: app.components.map((c) => ({ type: c.type, fullName: c.fullName })),
    createdPermissionSet,
    nextCommands: [
      `cd ${quote(outputDir)} && ${deploy}`,
      ...(createdPermissionSet === null
        ? []
        : [
            `sf org assign permset --name ${createdPermissionSet} --on-behalf-of <integration user> --target-org <admin>`,
          ]),
      `sf jwt login --client-id ${app.consumerKey} --username <integration user> --jwt-key-file <key file> --instance-url <My Domain URL>`,
    ],
  };
}

/**
 * `existing` with the rules of `snippet` it lacks appended, under the snippet's comments (after a newline if it has
 * none at its end). Running it again adds nothing.
 */
export function withLinesAdded(existing: string, snippet: string): string {
  const present = new Set(existing.split(/\r?\n/).map((line) => line.trim()));
  const lines = snippet.split('\n').filter((line) => line.trim() !== '');
  const isComment = (line: string): boolean => line.trim().startsWith('#');
  const missingRules = lines.filter((line) => !isComment(line) && !present.has(line.trim()));
  if (missingRules.length === 0) return existing;
  const missing = [...lines.filter(isComment), ...missingRules];
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  return `${existing}${separator}${missing.join('\n')}\n`;
}

/** A path as a shell word: quoted when it holds anything but plain characters. */
function quote(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}
