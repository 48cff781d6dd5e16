// What the rest of kit-endpoints (and its tests) use of the cookie code.
export { createCookieJar, type CookieJar, type CookieOptions, type Cookies } from './jar.js';
export { parseSetCookie } from './codec.js';
export { domainMatches, pathMatches, resolvePath } from './scope.js';
export { kit2CookieRules, kit3CookieRules, type CookieRules } from './rules.js';
