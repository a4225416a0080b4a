// Webpack building blocks shared by the host app and every plugin's web part.
// The list of shared singletons lives here once, so host and remotes can never disagree on it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ModuleFederationPlugin } from '@module-federation/enhanced/webpack';
import { REMOTE_ENTRY_FILE, remoteNameFor } from '../federation.mjs';

/**
 * Modules that must exist once per page. React and Redux break when two copies meet
 * (hooks, context); @skyportal/sdk/web holds the single WebSocket, the data cache and the loaded plugins.
 * requiredVersion false: everything comes from one monorepo lockfile, so version negotiation
 * would only produce noise.
 */
export const sharedModules = Object.freeze({
  react: { singleton: true, requiredVersion: false },
  'react-dom': { singleton: true, requiredVersion: false },
  'react-dom/client': { singleton: true, requiredVersion: false },
  'react/jsx-runtime': { singleton: true, requiredVersion: false },
  'react-redux': { singleton: true, requiredVersion: false },
  '@reduxjs/toolkit': { singleton: true, requiredVersion: false },
  // The data cache (RTK Query) must be one per page: the SDK's api is it, and these are its modules.
  '@reduxjs/toolkit/query': { singleton: true, requiredVersion: false },
  '@reduxjs/toolkit/query/react': { singleton: true, requiredVersion: false },
  // Plugins render <Link>s and read route params: they need the host's router context, hence its copy.
  'react-router': { singleton: true, requiredVersion: false },
  'react-router-dom': { singleton: true, requiredVersion: false },
  '@skyportal/sdk/web': { singleton: true, requiredVersion: false },
});

/**
 * Large libraries that plugin web parts share when they depend on them: one copy per page, however
 * many panels use it (BokehJS is ~290 KB brotli; photometry and spectra both plot). The host never
 * draws, so it does not list them; a remote lists one only if its package.json depends on it, so
 * plugins that never plot do not build it.
 */
export const pluginLibraries = Object.freeze({
  '@bokeh/bokehjs': { '@bokeh/bokehjs/build/js/lib/api/main': { singleton: true, requiredVersion: false } },
});

/** What the remote in `dir` shares: the singletons, and the plugin libraries its package.json depends on. */
export function remoteSharedModules(dir) {
  const { dependencies = {} } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const libraries = Object.entries(pluginLibraries)
    .filter(([pkg]) => pkg in dependencies)
    .map(([, shared]) => shared);
  return Object.assign({}, sharedModules, ...libraries);
}

/**
 * The module-federation runtime (~25 KB gzip) exists once per page: the host bundles it and
 * publishes it as the global `_FEDERATION_RUNTIME_CORE` (`provideExternalRuntime`), and every
 * remote built with createRemoteConfig takes it from there (`externalRuntime`) instead of carrying
 * its own copy in remoteEntry.js. So a remote runs only inside a host built with
 * `hostFederationRuntime()`, on the host's @module-federation version: build plugins with the
 * same @module-federation/enhanced as the host (the monorepo pins 2.9.3 for both).
 */
export function hostFederationRuntime() {
  // What `experiments.provideExternalRuntime` does, but with the plugin's ES module: that option
  // adds its CommonJS build, which pulls in a second, CommonJS copy of the runtime (+100 KB).
  const plugin = fileURLToPath(import.meta.resolve('@module-federation/inject-external-runtime-core-plugin'));
  return { runtimePlugins: [plugin] };
}
export const remoteFederationExperiments = Object.freeze({ externalRuntime: true });

/** TypeScript/TSX through swc; the SDK is a workspace (symlinked), so it is compiled too. */
export function scriptRules() {
  return [
    {
      test: /\.[cm]?tsx?$/,
      exclude: /node_modules/,
      use: {
        loader: 'swc-loader',
        options: {
          jsc: {
            parser: { syntax: 'typescript', tsx: true },
            transform: { react: { runtime: 'automatic' } },
            target: 'es2020',
          },
        },
      },
    },
  ];
}

/**
 * Production minification. Bokeh looks models up by class name, so names must survive terser.
 * This webpack build reads terser options from optimization.minimizeOptions.javascript.
 */
export function minimizeOptions() {
  return {
    javascript: { compress: { passes: 2 }, keep_classnames: true, keep_fnames: true },
  };
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Writes `<file>.br` and `<file>.gz` beside every emitted JS/CSS file over 1 KB, at the highest
 * settings. The server (koa-send) sends them as they are to browsers that accept the encoding, so
 * static files cost it no compression work per request, and compress better than on the fly
 * (Bokeh's chunk: ~290 KB brotli-11 against ~350 KB brotli-4).
 */
export class PrecompressPlugin {
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('PrecompressPlugin', (compilation) => {
      compilation.hooks.processAssets.tapPromise({ name: 'PrecompressPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_TRANSFER }, async (assets) => {
        await Promise.all(
          Object.entries(assets)
            .filter(([file, source]) => /\.(js|css)$/.test(file) && source.size() > 1024)
            .map(async ([file, source]) => {
              const buffer = source.buffer();
              const [br, gz] = await Promise.all([
                brotli(buffer, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buffer.length } }),
                gzip(buffer, { level: 9 }),
              ]);
              const info = { compressed: true, immutable: compilation.getAsset(file)?.info.immutable };
              compilation.emitAsset(`${file}.br`, new sources.RawSource(br), info);
              compilation.emitAsset(`${file}.gz`, new sources.RawSource(gz), info);
            }),
        );
      });
    });
  }
}

/**
 * A complete webpack config that builds `<dir>/web` as a module-federation remote into
 * `<dir>/dist/web/remoteEntry.js`. `dir` is the plugin's root folder (the one with package.json).
 */
export function createRemoteConfig({ name, dir, exposes = { './plugin': './web/index.tsx' } }) {
  if (!name || !dir) throw new Error('createRemoteConfig needs { name, dir }');
  const remoteName = remoteNameFor(name);
  return {
    mode: 'production',
    context: dir,
    entry: {},
    devtool: 'source-map',
    output: {
      path: path.join(dir, 'dist', 'web'),
      publicPath: 'auto',
      // Several webpack runtimes live on one page: a distinct uniqueName keeps their chunk globals apart.
      uniqueName: remoteName,
      filename: '[name].js', // the federation runtime cannot use contenthash for entry files
      chunkFilename: '[name].[contenthash:8].js',
      clean: true,
    },
    resolve: { extensions: ['.tsx', '.ts', '.mjs', '.js'] },
    module: { rules: scriptRules() },
    optimization: { minimizeOptions: minimizeOptions() },
    performance: { hints: false },
    plugins: [
      new ModuleFederationPlugin({
        name: remoteName,
        filename: REMOTE_ENTRY_FILE,
        exposes,
        shared: remoteSharedModules(dir),
        dts: false,
        manifest: false,
        experiments: { ...remoteFederationExperiments },
      }),
      new PrecompressPlugin(),
    ],
  };
}
