import { readFileSync } from 'node:fs';

/** A setting the environment gives wrongly: both forms set, or a `_FILE` that cannot be read. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

/**
 * The value of an environment variable, or of the file its `<NAME>_FILE` names (Docker and
 * Kubernetes secrets are mounted as files): a secret then never sits in the process environment.
 * One trailing newline is dropped, as editors and `echo` add one. Core's config and plugins'
 * own secrets (a broker password) read the environment through this one function.
 */
export function environmentValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  if (direct && file) throw new EnvironmentError(`Set ${name} or ${name}_FILE, not both`);
  if (!file) return direct || undefined;
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    // The path is no secret; the file's content (which we could not read) never reaches the message.
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new EnvironmentError(`${name}_FILE: cannot read ${file} (${code})`, { cause: error });
  }
}
