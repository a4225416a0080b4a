/** The global name of a plugin's federation container: `plugin_<name>`, dashes made underscores. */
export function remoteNameFor(pluginName: string): string;
/** The file a remote's build writes and the server serves at `/plugins/<name>/`. */
export const REMOTE_ENTRY_FILE: 'remoteEntry.js';
