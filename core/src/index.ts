export { createApp, type SkyPortalApp, type CreateAppOptions } from './app.js';
export { shippedPluginsOff } from './config/plugins-off.js';
export { loadConfig, parseConfig, mergeConfig, ConfigError, type LoadConfigOptions } from './config/load.js';
export type { Config, ConfigInput } from './config/schema.js';
export { createLogger } from './logger.js';
export { CORE_VERSION } from './version.js';
export { migrateOnly } from './cli/migrate.js';
export { guardProcess } from './process-guard.js';
export { pluginNameOf, type PluginSource } from './plugins/resolve.js';
