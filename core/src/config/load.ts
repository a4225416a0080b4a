import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describeIssues, EnvironmentError, environmentValue as readEnvironment } from '@skyportal/sdk';
import { configSchema, type Config } from './schema.js';

export class ConfigError extends Error {}

type Tree = Record<string, unknown>;

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Later layers win; objects merge key by key, everything else is replaced. */
export function mergeConfig(...layers: unknown[]): Tree {
  const out: Tree = {};
  for (const layer of layers) {
    if (!isTree(layer)) continue;
    for (const [key, value] of Object.entries(layer)) {
      out[key] = isTree(value) && isTree(out[key]) ? mergeConfig(out[key], value) : value;
    }
  }
  return out;
}

function readYaml(file: string): Tree {
  try {
    const parsed = YAML.parse(readFileSync(file, 'utf8')) ?? {};
    if (!isTree(parsed)) throw new ConfigError(`${file}: expected a mapping at the top level`);
    return parsed;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${file}: ${(error as Error).message}`);
  }
}

/** The environment's value of `name` (or its `_FILE`), a wrong setting reported as a ConfigError. */
function environmentValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  try {
    return readEnvironment(env, name);
  } catch (error) {
    if (error instanceof EnvironmentError) throw new ConfigError(error.message);
    throw error;
  }
}

function flag(name: string, value: string): boolean {
  if (/^(1|true|yes)$/i.test(value)) return true;
  if (/^(0|false|no)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false (got ${JSON.stringify(value)})`);
}

/** Environment variables that override the files (secrets belong here, or in `<NAME>_FILE`, not in YAML). */
function fromEnvironment(env: NodeJS.ProcessEnv): Tree {
  const tree: Tree = {};
  const set = (keys: string[], value: unknown) => {
    let node = tree;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Tree;
    node[keys[keys.length - 1]!] = value;
  };
  const from = (name: string, keys: string[], convert: (value: string) => unknown = (value) => value) => {
    const value = environmentValue(env, name);
    if (value !== undefined) set(keys, convert(value));
  };
  from('PORT', ['server', 'port']);
  from('PUBLIC_URL', ['server', 'publicUrl']);
  from('TRUST_PROXY', ['server', 'trustProxy'], (value) => flag('TRUST_PROXY', value));
  from('DATABASE_URL', ['database', 'url']);
  from('SKYPORTAL_DATA_DIR', ['database', 'embedded', 'dataDir']);
  from('SKYPORTAL_COOKIE_KEYS', ['auth', 'cookieKeys'], (value) => value.split(','));
  from('SKYPORTAL_ADMIN_TOKEN', ['auth', 'admin', 'token']);
  from('SKYPORTAL_ADMIN_PASSWORD', ['auth', 'admin', 'password']);
  from('OIDC_CLIENT_SECRET', ['auth', 'oidc', 'clientSecret']);
  from('METRICS_PORT', ['metrics', 'port']);
  from('SKYPORTAL_METRICS_TOKEN', ['metrics', 'token']);
  from('LOG_LEVEL', ['log', 'level']);
  return tree;
}

export function parseConfig(raw: unknown): Config {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(`Invalid configuration: ${describeIssues(result.error, undefined, '(root)')}`);
  return result.data;
}

export interface LoadConfigOptions {
  /** Folder with default.yaml and <env>.yaml (default: ./config). */
  dir?: string;
  /** Which `<env>.yaml` to layer on default.yaml (default: SKYPORTAL_ENV, else none). */
  env?: string;
  /** An extra file on top (default: SKYPORTAL_CONFIG). */
  file?: string;
  /** Values on top of everything (tests). */
  overrides?: unknown;
  environment?: NodeJS.ProcessEnv;
}

/** default.yaml, then <env>.yaml, then SKYPORTAL_CONFIG, then environment variables, then overrides. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const environment = options.environment ?? process.env;
  const dir = path.resolve(options.dir ?? environment.SKYPORTAL_CONFIG_DIR ?? 'config');
  const layers: unknown[] = [];
  const defaults = path.join(dir, 'default.yaml');
  if (existsSync(defaults)) layers.push(readYaml(defaults));
  const env = options.env ?? environment.SKYPORTAL_ENV;
  if (env) {
    const file = path.join(dir, `${env}.yaml`);
    if (!existsSync(file)) throw new ConfigError(`SKYPORTAL_ENV=${env}: ${file} does not exist`);
    layers.push(readYaml(file));
  }
  const extra = options.file ?? environment.SKYPORTAL_CONFIG;
  if (extra) {
    if (!existsSync(extra)) throw new ConfigError(`SKYPORTAL_CONFIG: ${extra} does not exist`);
    layers.push(readYaml(extra));
  }
  layers.push(fromEnvironment(environment));
  layers.push(options.overrides);
  return parseConfig(mergeConfig(...layers));
}
