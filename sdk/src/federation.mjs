// Names the module-federation glue agrees on. Core's plugin registry writes them into
// `GET /api/plugins`; the webpack helper builds each remote under them. Plain JavaScript so both
// the server (through tsx) and webpack configs (plain Node) import the one copy.

/** The global name of a plugin's federation container: `plugin_<name>`, dashes made underscores. */
export function remoteNameFor(pluginName) {
  return `plugin_${pluginName.replace(/-/g, '_')}`;
}

/** The file a remote's build writes and the server serves at `/plugins/<name>/`. */
export const REMOTE_ENTRY_FILE = 'remoteEntry.js';
