// @sfjwt/salesforce-emulator: a local stand-in for Salesforce's login server (JWT bearer, authorize, REST basics).

// Starting and steering an emulator
export { startEmulator } from './emulator.js';
export type { Emulator, OrgPatch, StartOptions, UserPatch } from './emulator.js';
export { FaultController } from './faults.js';
export type { ListedFault } from './faults.js';
export { EmulatorState } from './state.js';
export type { Session, RefreshGrant, PendingCode } from './state.js';
export type { EmulatorStats, RequestRecord, Outcome } from './stats.js';

// Configuration
export type {
  EmulatorConfig,
  OrgConfig,
  AppConfig,
  UserConfig,
  AppPolicy,
  AppType,
  OrgType,
  EmulatorRole,
  AudiencePolicy,
  FaultSpec,
  RouteName,
  RateLimitConfig,
  SObjectRecord,
  PermissionSetConfig,
} from './config/types.js';
export type { Model, Org, App, User, PermissionSet } from './config/model.js';
export type { DeployMessage, DeployStatus } from './metadata/result.js';
export { wsdlSchema, WSDL_ROOT_TYPES } from './metadata/wsdl-schema.js';
export type { WsdlSchema, WsdlType, WsdlField, WsdlValue } from './metadata/wsdl-schema.js';
export { validateConfig } from './config/validate.js';
export type { ValidateOptions } from './config/validate.js';
export { loadConfigFile } from './config/load.js';
export { EmulatorConfigError } from './config/errors.js';
export type { ConfigIssue } from './config/errors.js';

// Demo setup and helpers
export { createDemoConfig } from './demo.js';
export type { DemoOptions, DemoSetup } from './demo.js';
export { CATALOG, REST_ERRORS } from './errors-catalog.js';
export type { CatalogEntry, CatalogKey } from './errors-catalog.js';
export { idChecksum, randomId, to18 } from './ids.js';
