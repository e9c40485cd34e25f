// Which route a path belongs to (fault injection and stats use the same names).
import type { RouteName } from './config/types.js';

export interface Routed {
  route: RouteName;
  /** The `vNN.N` of /services/data paths, e.g. "67.0". */
  version?: string;
}

const DATA = /^\/services\/data\/v(\d+\.\d+)(\/.*)?$/;
// The Metadata API SOAP endpoint, `/services/Soap/m/<version>[/<orgId>]`.
const SOAP_METADATA = /^\/services\/Soap\/m\/(\d+\.\d+)(?:\/[0-9A-Za-z]{15,18})?\/?$/;

export function routeOf(pathname: string): Routed {
  switch (pathname.replace(/\/+$/, '')) {
    case '/services/oauth2/token':
      return { route: 'token' };
    case '/services/oauth2/authorize':
      return { route: 'authorize' };
    case '/services/oauth2/revoke':
      return { route: 'revoke' };
    case '/services/oauth2/userinfo':
      return { route: 'userinfo' };
    case '/services/oauth2/singleaccess':
      return { route: 'singleaccess' };
    case '/services/data':
      return { route: 'versions' };
  }
  if (pathname.startsWith('/id/')) return { route: 'identity' };
  const soap = SOAP_METADATA.exec(pathname);
  if (soap !== null) return { route: 'metadata-soap', version: soap[1] ?? '' };
  const data = DATA.exec(pathname);
  if (data === null) return { route: 'other' };
  const version = data[1] ?? '';
  const rest = (data[2] ?? '').replace(/\/+$/, '');
  if (rest === '') return { route: 'resources', version };
  if (rest === '/query') return { route: 'query', version };
  if (rest === '/tooling/query') return { route: 'tooling-query', version };
  if (rest === '/limits') return { route: 'limits', version };
  if (rest.startsWith('/metadata/deployRequest')) return { route: 'metadata-rest', version };
  if (rest.startsWith('/sobjects/')) return { route: 'sobjects', version };
  return { route: 'other', version };
}
