import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describeIssues } from '@skyportal/sdk';
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

/** Environment variables that override the files (secrets belong here, not in YAML). */
function fromEnvironment(env: NodeJS.ProcessEnv): Tree {
  const tree: Tree = {};
  const set = (keys: string[], value: unknown) => {
    let node = tree;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Tree;
    node[keys[keys.length - 1]!] = value;
  };
  if (env.PORT) set(['server', 'port'], env.PORT);
  if (env.PUBLIC_URL) set(['server', 'publicUrl'], env.PUBLIC_URL);
  if (env.DATABASE_URL) set(['database', 'url'], env.DATABASE_URL);
  if (env.SKYPORTAL_DATA_DIR) set(['database', 'embedded', 'dataDir'], env.SKYPORTAL_DATA_DIR);
  if (env.SKYPORTAL_COOKIE_KEYS) set(['auth', 'cookieKeys'], env.SKYPORTAL_COOKIE_KEYS.split(','));
  if (env.SKYPORTAL_ADMIN_TOKEN) set(['auth', 'admin', 'token'], env.SKYPORTAL_ADMIN_TOKEN);
  if (env.SKYPORTAL_ADMIN_PASSWORD) set(['auth', 'admin', 'password'], env.SKYPORTAL_ADMIN_PASSWORD);
  if (env.OIDC_CLIENT_SECRET) set(['auth', 'oidc', 'clientSecret'], env.OIDC_CLIENT_SECRET);
  if (env.LOG_LEVEL) set(['log', 'level'], env.LOG_LEVEL);
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
