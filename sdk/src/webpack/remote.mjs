// Webpack building blocks shared by the host app and every plugin's web part.
// The list of shared singletons lives here once, so host and remotes can never disagree on it.
import path from 'node:path';
import { ModuleFederationPlugin } from '@module-federation/enhanced/webpack';

/**
 * Modules that must exist once per page. React and Redux break when two copies meet
 * (hooks, context); @skyportal/sdk/web holds the single WebSocket and the plugin registry types.
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
  // Plugins render <Link>s and read route params: they need the host's router context, hence its copy.
  'react-router': { singleton: true, requiredVersion: false },
  'react-router-dom': { singleton: true, requiredVersion: false },
  '@skyportal/sdk/web': { singleton: true, requiredVersion: false },
});

/** Turns a plugin name into the global name of its federation container. */
export function remoteNameFor(pluginName) {
  return `plugin_${pluginName.replace(/-/g, '_')}`;
}

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
        filename: 'remoteEntry.js',
        exposes,
        shared: sharedModules,
        dts: false,
        manifest: false,
      }),
    ],
  };
}
