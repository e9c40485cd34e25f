// Shared test helpers of the sfjwt workspace (see README.md).
export {
  AUDIENCE_RULE_CASES,
  ECA_PAIR_CASES,
  type AudienceVerdict,
  type EcaPairAnswer,
  type EcaPairHost,
} from './audience-rule.js';
export { wholeSecondNow, withFrozenClock } from './frozen-clock.js';
export { keytool } from './keytool.js';
export {
  certificatePublicKey,
  makeChain,
  modulusOf,
  openssl,
  opensslAll,
  opensslSign,
  opensslVerifyJws,
  type OpensslChain,
  type OpensslVerdict,
} from './openssl.js';
export {
  freshProject,
  projectLeaks,
  releaseTarballs,
  runInProject,
  type FreshProject,
  type FreshProjectOptions,
} from './fresh-project.js';
export { createAppProject, type AppProject, type AppProjectOptions } from './app-project.js';
export { commonJsForm } from './commonjs-form.js';
export { type MatrixCheck } from './matrix-check.js';
export { nodeRuntimes, type NodeRuntime } from './node-runtimes.js';
export { blockWith, fencedBlocks, type FencedBlock } from './readme-blocks.js';
export { readmeExampleMatrix, type ReadmeExampleMatrix } from './readme-example-matrix.js';
export { describeReadmeExamples } from './readme-example-suite.js';
export { exampleOrgEnv, type ExampleOrg } from './example-org-env.js';
export type {
  ExampleCase,
  ExampleRole,
  ExampleRun,
  ModuleForm,
  PreparedRun,
  ReadmeExample,
  ReadmeExampleTable,
} from './readme-example-table.js';
export { runTogether, type ProcessResult } from './run-processes.js';
export { compileProject, TYPESCRIPT_COMPILERS, type TypeScriptCompiler } from './typescript-compilers.js';
export { projectNodeMajor, projectNodeProblem, requireProjectNode } from './project-node.js';
export { repoRoot } from './repo.js';
export { pluginDir, sfBin, sfEnv, stagePlugin } from './sf-sandbox.js';
export {
  installPluginTarball,
  packCurrentBuild,
  packPluginTarball,
  prepareInstallHome,
  registryEnv,
  type InstalledPlugin,
} from './sf-install.js';
export { inTempDir, readText, tempDir, withTempFiles } from './temp-files.js';
export {
  freeLoopbackPort,
  redisServerProblem,
  startRedisServer,
  type RedisServer,
  type RedisServerOptions,
} from './redis-server.js';
export { CLUSTER_NODE_TIMEOUT_MS, startRedisCluster, type RedisCluster } from './redis-cluster.js';
