// readMetadata of ConnectedApp: the live app (configured, deployed, or deployed and waiting to apply) as its metadata
// file spells it, elements in the WSDL's order (ConnectedApp: contactEmail, label, oauthConfig, oauthPolicy,
// permissionSetName, profileName; ConnectedAppOauthConfig: callbackUrl, certificate, consumerKey, isAdminApproved,
// scopes). The emulator keeps no contact email of an app: it answers its org's first user's (unconfirmed). With the
// org's `certificatesViaMetadataApi` off, `oauthConfig` comes back without its certificate.
import type { App, Model, Org } from '../config/model.js';
import type { Ctx } from '../context.js';
import { escapeXml } from '../xml/parse.js';
import { currentApp } from './app-inventory.js';

// OAuth scope values → metadata scope names (the inverse of live-app.ts's map).
const SCOPE_NAMES: Record<string, string> = {
  api: 'Api',
  web: 'Web',
  full: 'Full',
  refresh_token: 'RefreshToken',
  openid: 'OpenID',
  chatter_api: 'ChatterApi',
  visualforce: 'CustomApplications',
  id: 'Basic',
  profile: 'Profile',
  email: 'Email',
  address: 'Address',
  phone: 'Phone',
};

const element = (name: string, text: string) => `<${name}>${escapeXml(text)}</${name}>`;

function contactEmail(model: Model, org: Org): string {
  return model.users.find((u) => u.org === org.id)?.email ?? 'admin@example.com';
}

function recordXml(model: Model, org: Org, app: App): string {
  const policy = app.policy;
  const approved = policy.type === 'admin-approved';
  const oauth = [
    element('callbackUrl', app.callbackUrl),
    org.certificatesViaMetadataApi ? element('certificate', app.certificatePem.trim()) : '',
    element('consumerKey', app.consumerKey),
    element('isAdminApproved', String(approved)),
    ...app.scopes.map((s) => element('scopes', SCOPE_NAMES[s] ?? s)),
  ].join('');
  return [
    element('fullName', app.name),
    element('contactEmail', contactEmail(model, org)),
    element('label', app.name),
    `<oauthConfig>${oauth}</oauthConfig>`,
    `<oauthPolicy>${element('ipRelaxation', app.ipRelaxation === 'bypass' ? 'BYPASS' : 'ENFORCE')}${element('refreshTokenPolicy', 'infinite')}</oauthPolicy>`,
    ...(approved ? (policy.permissionSets ?? []) : []).map((s) => element('permissionSetName', s)),
    ...(approved ? (policy.profiles ?? []) : []).map((p) => element('profileName', p)),
  ].join('');
}

/** The `<records>` of a ConnectedApp readMetadata, one per name, nil for a name that matches no app. */
export function readConnectedApps(ctx: Ctx, org: Org, fullNames: readonly string[]): string {
  return fullNames
    .map((name) => {
      const app = currentApp(ctx, org, name, 'connected-app');
      return app === undefined
        ? '<records xsi:nil="true"/>'
        : `<records xsi:type="ConnectedApp">${recordXml(ctx.model, org, app)}</records>`;
    })
    .join('');
}
