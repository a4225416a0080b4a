/**
 * The runtime tree docker/Dockerfile's image holds, built without Docker: its `runtime` stage is
 * carried out step by step in a folder (COPY from the build context through .dockerignore, COPY
 * --from=build, RUN npm ci ...). The `build` stage is this checkout once `npm ci` and
 * `npm run build:web` ran in it, which is exactly what that stage does (checked here, so the two
 * cannot drift apart: a new kind of step in the Dockerfile fails until this file learns it).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ignore } from '@balena/dockerignore';
import { REPO, environmentOf, readDockerfile, stageNamed, type Step } from './dockerfile.js';

export interface ImageFacts {
  image: string;
  /** Where CMD runs: the last WORKDIR, as a folder of the tree. */
  workdir: string;
  env: Record<string, string>;
  user: string;
  cmd: string[];
  /** HEALTHCHECK's command, without its leading CMD. */
  healthcheck: string[];
  exposed: string[];
}

// A CommonJS module whose types declare an ES default export: loaded as what it is.
const ignore = createRequire(import.meta.url)('@balena/dockerignore') as () => Ignore;

/** What the build stage does; image-tree stands in for it with this checkout. */
const BUILD_STAGE = ['WORKDIR /app', 'COPY . .', 'RUN npm ci --no-audit --no-fund', 'RUN npm run build:web'];
/** Shortens the image's layer only; run here it would empty this machine's npm cache. */
const LAYER_ONLY = 'npm cache clean --force';

function describe(step: Step): string {
  return [step.keyword, ...Object.entries(step.flags).map(([k, v]) => `--${k}=${v}`), ...step.args].join(' ');
}

export function checkBuildStage(): void {
  const { stages } = readDockerfile();
  const found = stageNamed(stages, 'build').steps.map(describe);
  if (JSON.stringify(found) !== JSON.stringify(BUILD_STAGE)) {
    throw new Error(
      `docker/Dockerfile's build stage is now ${JSON.stringify(found)}; scripts/lib/image-tree.ts stands in for ${JSON.stringify(BUILD_STAGE)}: teach it the change`,
    );
  }
}

/** Builds the runtime stage into `dest` (an empty folder); `log` hears each step. */
export function buildImageTree(dest: string, log: (line: string) => void = () => undefined): ImageFacts {
  checkBuildStage();
  const { stages } = readDockerfile();
  const runtime = stageNamed(stages, 'runtime');
  const dockerignore = ignore().add(readFileSync(path.join(REPO, '.dockerignore'), 'utf8'));
  const facts: ImageFacts = { image: runtime.image, workdir: dest, env: environmentOf(runtime), user: 'root', cmd: [], healthcheck: [], exposed: [] };
  let workdir = '/';
  const inImage = (target: string) => path.join(dest, path.posix.resolve(workdir, target));

  for (const step of runtime.steps) {
    log(`${step.line}: ${describe(step)}`);
    switch (step.keyword) {
      case 'ENV':
        break; // read whole by environmentOf
      case 'WORKDIR':
        workdir = step.args[0]!;
        mkdirSync(inImage('.'), { recursive: true });
        facts.workdir = inImage('.');
        break;
      case 'COPY': {
        const sources = step.args.slice(0, -1);
        const target = step.args.at(-1)!;
        for (const source of sources) copy(step, source, target);
        break;
      }
      case 'RUN':
        for (const command of step.args
          .join(' ')
          .split('&&')
          .map((c) => c.trim())) {
          if (command === LAYER_ONLY) continue;
          const words = command.split(/\s+/);
          if (words[0] !== 'npm' || words[1] !== 'ci') throw new Error(`line ${step.line}: image-tree runs npm ci only, not "${command}"`);
          const run = spawnSync('npm', words.slice(1), { cwd: inImage('.'), stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...facts.env } });
          if (run.status !== 0) throw new Error(`line ${step.line}: ${command} failed (${run.status})`);
        }
        break;
      case 'USER':
        facts.user = step.args[0]!;
        break;
      case 'EXPOSE':
        facts.exposed = step.args;
        break;
      case 'HEALTHCHECK':
        facts.healthcheck = step.args[0] === 'CMD' ? step.args.slice(1) : step.args;
        break;
      case 'CMD':
        facts.cmd = step.args;
        break;
      default:
        throw new Error(`line ${step.line}: image-tree does not know ${step.keyword}; teach it`);
    }
  }
  return facts;

  function copy(step: Step, source: string, target: string): void {
    const fromBuild = step.flags.from !== undefined;
    if (fromBuild && step.flags.from !== 'build') throw new Error(`line ${step.line}: COPY --from=${step.flags.from}: only the build stage is known`);
    // The build stage's /app is this checkout (see the top of this file).
    const origin = fromBuild ? path.join(REPO, path.posix.relative('/app', source)) : path.join(REPO, source);
    if (!existsSync(origin)) {
      throw new Error(`line ${step.line}: ${source} is missing${fromBuild ? ' (run npm run build:web first, as the build stage does)' : ''}`);
    }
    const isDir = statSync(origin).isDirectory();
    // COPY dir/ to: its contents into to; COPY file dir/: into the folder; COPY file name: as name.
    const to = !isDir && target.endsWith('/') ? path.join(inImage(target), path.basename(origin)) : inImage(target);
    cpSync(origin, to, {
      recursive: true,
      // The build context is filtered by .dockerignore; the build stage's files are taken as they are.
      filter: (file) => fromBuild || file === REPO || !dockerignore.ignores(path.relative(REPO, file)),
    });
  }
}
