// @sfjwt/jsforce: jsforce connections whose session comes from @sfjwt/jwt-core's token client.
export { jsforceConnectionConfig, tokenResponse, type JsforceConnectionOptions } from './connection-config.js';
