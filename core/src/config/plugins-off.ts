import path from 'node:path';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';

/**
 * A `plugins:` config section switching off every plugin that `default.yaml` in `dir` enables, for
 * tests and benches that want core alone (plus what they add). Reading the list from the file,
 * rather than naming the shipped plugins, keeps those tests right as plugins are added.
 */
export function shippedPluginsOff(dir = 'config'): Record<string, { enabled: false }> {
  const file = path.resolve(dir, 'default.yaml');
  const parsed = (YAML.parse(readFileSync(file, 'utf8')) ?? {}) as { plugins?: Record<string, unknown> };
  return Object.fromEntries(Object.keys(parsed.plugins ?? {}).map((name) => [name, { enabled: false as const }]));
}
