/**
 * docker/Dockerfile read as Docker reads it (dockerfile-ast), for the checks on it and for
 * scripts/image-tree.ts, which builds the runtime stage's tree without an engine.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const DOCKERFILE = path.join(REPO, 'docker/Dockerfile');

export interface Step {
  keyword: string;
  /** `--from=build` and the like, by name. */
  flags: Record<string, string>;
  /** The words after the keyword and its flags (JSON forms decoded). */
  args: string[];
  line: number;
}

export interface Stage {
  name: string;
  image: string;
  steps: Step[];
}

function argumentsOf(instruction: Instruction): string[] {
  const words = instruction.getArguments().map((a) => a.getValue());
  const content = instruction.getArgumentsContent() ?? '';
  // Exec form: ["node", "core/bin/skyportal.js", "start"] (after HEALTHCHECK's CMD too).
  const json = /^(CMD\s+)?(\[.*\])\s*$/s.exec(content);
  if (json && ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(instruction.getKeyword())) {
    return [...(json[1] ? ['CMD'] : []), ...(JSON.parse(json[2]!) as string[])];
  }
  return words.filter((word) => !word.startsWith('--') || instruction.getKeyword() === 'RUN');
}

/** The stages of the Dockerfile, with ARG defaults substituted in their images. */
export function readDockerfile(file = DOCKERFILE): { stages: Stage[]; args: Record<string, string> } {
  const parsed = DockerfileParser.parse(readFileSync(file, 'utf8'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of parsed.getInstructions()) {
    const keyword = instruction.getKeyword();
    const flags = Object.fromEntries(
      ('getFlags' in instruction ? (instruction as { getFlags(): { getName(): string; getValue(): string | null }[] }).getFlags() : []).map((f) => [
        f.getName(),
        f.getValue() ?? '',
      ]),
    );
    const step: Step = { keyword, flags, args: argumentsOf(instruction), line: instruction.getRange().start.line + 1 };
    if (keyword === 'ARG' && !stages.length) {
      const [name, value = ''] = step.args[0]!.split('=');
      args[name!] = value;
    } else if (keyword === 'FROM') {
      const [image, as, name] = step.args;
      stages.push({
        name: as?.toUpperCase() === 'AS' ? name! : String(stages.length),
        image: image!.replace(/\$\{(\w+)\}/g, (_, n) => args[n] ?? ''),
        steps: [],
      });
    } else if (stages.length) {
      stages.at(-1)!.steps.push(step);
    }
  }
  return { stages, args };
}

export function stageNamed(stages: Stage[], name: string): Stage {
  const stage = stages.find((s) => s.name === name);
  if (!stage) throw new Error(`docker/Dockerfile has no stage "${name}"`);
  return stage;
}

/** ENV steps of a stage, as the variables the container starts with. */
export function environmentOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const step of stage.steps.filter((s) => s.keyword === 'ENV')) {
    for (const pair of step.args) {
      const at = pair.indexOf('=');
      env[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  return env;
}
