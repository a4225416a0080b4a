/**
 * k8s/configmap.yaml from config/: the layers a production site reads (default.yaml, then
 * production.yaml for SKYPORTAL_ENV=production) from SKYPORTAL_CONFIG_DIR. demo.yaml (a known
 * admin password) and test.yaml stay out. Edit config/, then `node --import tsx scripts/k8s-configmap.ts`; a test
 * fails while the two differ.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const REPO = path.resolve(import.meta.dirname, '..');
const PRODUCTION_LAYERS = ['default.yaml', 'production.yaml'];
export const CONFIGMAP_FILE = path.join(REPO, 'k8s/configmap.yaml');

export function configMapYaml(): string {
  const dir = path.join(REPO, 'config');
  const files = PRODUCTION_LAYERS.filter((name) => readdirSync(dir).includes(name));
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'skyportal-config', labels: { 'app.kubernetes.io/name': 'skyportal' } },
    data: Object.fromEntries(files.map((name) => [name, readFileSync(path.join(dir, name), 'utf8')])),
  };
  const header = '# Generated from config/ by scripts/k8s-configmap.ts: edit config/ and run it again.\n';
  return header + YAML.stringify(configMap, { blockQuote: 'literal', lineWidth: 0 });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(CONFIGMAP_FILE, configMapYaml());
  process.stdout.write(`wrote ${path.relative(REPO, CONFIGMAP_FILE)}\n`);
}
