import { readFileSync } from 'node:fs';

/** Core's version, from its package.json: the one version string of the API, OpenAPI and engines checks. */
export const CORE_VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
