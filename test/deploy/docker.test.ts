// docker/ checked without a Docker engine: the Dockerfile parsed and linted as Docker's language
// server does (dockerfile-utils, on dockerfile-ast), the compose file against the Compose
// Specification's JSON schema (vendored: docker/schema/compose-spec.json). scripts/prove-image.ts
// then builds and starts the runtime tree in CI (after the web build).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { createRequire } from 'node:module';
import { validate } from 'dockerfile-utils';
import YAML from 'yaml';
import { DOCKERFILE, REPO, environmentOf, readDockerfile, stageNamed } from '../../scripts/lib/dockerfile.js';
import { checkBuildStage } from '../../scripts/lib/image-tree.js';

const { stages } = readDockerfile();
const runtime = stageNamed(stages, 'runtime');
const steps = (keyword: string) => runtime.steps.filter((s) => s.keyword === keyword);
const json = (file: string) => JSON.parse(readFileSync(path.join(REPO, file), 'utf8'));

/** Workspace folders of the root package.json, `dir/*` globs expanded as npm does. */
function workspaces(): string[] {
  return (json('package.json').workspaces as string[]).flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(path.join(REPO, pattern.slice(0, -2)))
          .map((name) => `${pattern.slice(0, -2)}/${name}`)
          .filter((dir) => existsSync(path.join(REPO, dir, 'package.json')))
      : [pattern],
  );
}

test('the Dockerfile lints clean', () => {
  const problems = validate(readFileSync(DOCKERFILE, 'utf8'), {
    deprecatedMaintainer: 2,
    directiveCasing: 2,
    emptyContinuationLine: 2,
    instructionCasing: 2,
    instructionCmdMultiple: 2,
    instructionEntrypointMultiple: 2,
    instructionHealthcheckMultiple: 2,
    instructionJSONInSingleQuotes: 2,
    instructionWorkdirRelative: 2,
  });
  expect(problems.map((p) => `line ${p.range.start.line + 1}: ${p.message}`)).toEqual([]);
});

test('two stages on a slim Node 20 image; the build stage is the one image-tree stands in for', () => {
  expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
  for (const stage of stages) expect(stage.image).toMatch(/^node:20[\w.-]*-slim$/);
  expect(() => checkBuildStage()).not.toThrow();
});

test('the runtime stage: production install only, a non-root user, a health check on /api/health, the start command', () => {
  const install = steps('RUN').map((s) => s.args.join(' '));
  expect(install).toHaveLength(1);
  expect(install[0]).toMatch(/^npm ci --omit=dev /);
  expect(steps('USER').map((s) => s.args[0])).toEqual(['node']);
  const [healthcheck] = steps('HEALTHCHECK');
  expect(healthcheck!.args.join(' ')).toContain('/api/health');
  expect(healthcheck!.flags).toMatchObject({ interval: expect.any(String), timeout: expect.any(String) });
  expect(steps('CMD').map((s) => s.args)).toEqual([['node', 'core/bin/skyportal.js', 'start']]);
  expect(environmentOf(runtime)).toMatchObject({ NODE_ENV: 'production', SKYPORTAL_ENV: 'production' });
  expect(steps('EXPOSE')[0]!.args).toEqual(expect.arrayContaining(['5000', '9464']));
});

test('every workspace manifest reaches the install, and every plugin web part and the web app are copied built', () => {
  const copies = steps('COPY');
  const installAt = runtime.steps.findIndex((s) => s.keyword === 'RUN');
  const manifestsBeforeInstall = runtime.steps
    .slice(0, installAt)
    .filter((s) => s.keyword === 'COPY')
    .flatMap((s) => s.args.slice(0, -1));
  for (const dir of workspaces()) expect(manifestsBeforeInstall).toContain(`${dir}/package.json`);
  // A plugin added to plugins/ without its line here would ship without its web part.
  const fromBuild = copies.filter((s) => s.flags.from === 'build').map((s) => s.args[0]);
  const plugins = readdirSync(path.join(REPO, 'plugins')).filter((name) => existsSync(path.join(REPO, 'plugins', name, 'package.json')));
  for (const name of plugins) {
    if (json(`plugins/${name}/package.json`).skyportal?.web) expect(fromBuild).toContain(`/app/plugins/${name}/dist`);
  }
  expect(fromBuild).toContain('/app/host-app/dist');
  // The server's sources and the config come from the build context.
  const fromContext = copies.filter((s) => !s.flags.from).flatMap((s) => s.args.slice(0, -1));
  expect(fromContext).toEqual(expect.arrayContaining(['config/', 'sdk/', 'core/', 'plugins/']));
});

test('.dockerignore keeps installed modules, builds, tests and local data out of the context', () => {
  const lines = readFileSync(path.join(REPO, '.dockerignore'), 'utf8').split('\n');
  expect(lines).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '**/test', '.data', '.git']));
});

describe('docker/compose.yaml', () => {
  const compose = YAML.parse(readFileSync(path.join(REPO, 'docker/compose.yaml'), 'utf8'), { merge: true });
  // The schema names draft-07 by its https address; Ajv knows it by the http one.
  const ajv = new Ajv({ allErrors: true, strict: false });
  const draft07 = createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-07.json');
  ajv.addMetaSchema({ ...draft07, $id: 'https://json-schema.org/draft-07/schema' });
  addFormats.default(ajv);
  const validateCompose = ajv.compile(json('docker/schema/compose-spec.json'));

  test('is valid against the Compose Specification schema', () => {
    const valid = validateCompose(compose);
    expect(validateCompose.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test('the schema check catches a mistake', () => {
    const broken = structuredClone(compose);
    broken.services.app.restart_policy = 'always';
    expect(validateCompose(broken)).toBe(false);
  });

  test('app and PostgreSQL by default; a second replica and a proxy under the replicas profile', () => {
    const { services } = compose;
    // files-init runs once, handing the uploads volume to the app's user before the app starts.
    expect(Object.keys(services).filter((name) => !services[name].profiles)).toEqual(['files-init', 'db', 'app']);
    expect(services.app.depends_on['files-init']).toEqual({ condition: 'service_completed_successfully' });
    expect(services.app.volumes).toEqual(['files:/var/lib/skyportal']);
    expect(services.app2.profiles).toEqual(['replicas']);
    expect(services.proxy.profiles).toEqual(['replicas']);
    expect(services.app.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
    expect(services.app.depends_on.db.condition).toBe('service_healthy');
    // Secrets only as files.
    for (const name of ['app', 'app2']) {
      const env = services[name].environment as Record<string, string>;
      for (const key of Object.keys(env)) expect(key).not.toMatch(/PASSWORD$|^DATABASE_URL$|COOKIE_KEYS$|TOKEN$/);
      expect(env.DATABASE_URL_FILE).toBe('/run/secrets/database-url');
      expect(services[name].read_only).toBe(true);
    }
    expect(readFileSync(path.join(REPO, 'docker/nginx.conf'), 'utf8')).toMatch(/proxy_set_header Upgrade \$http_upgrade/);
  });
});
