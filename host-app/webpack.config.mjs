// The host: React shell that discovers plugin remotes at run time (no static remotes).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import { ModuleFederationPlugin } from '@module-federation/enhanced/webpack';
import { PrecompressPlugin, hostFederationRuntime, minimizeOptions, scriptRules, sharedModules } from '@skyportal/sdk/webpack';

const dir = path.dirname(fileURLToPath(import.meta.url));

export default {
  mode: 'production',
  context: dir,
  entry: { main: './src/index.ts' },
  devtool: 'source-map',
  output: {
    path: path.join(dir, 'dist'),
    // Absolute: the SPA fallback serves index.html at deep URLs like /source/ZTF…/.
    publicPath: '/',
    uniqueName: 'skyportal_host',
    filename: 'assets/[name].js', // the federation runtime cannot use contenthash for entry files
    chunkFilename: 'assets/[name].[contenthash:8].js',
    clean: true,
  },
  resolve: { extensions: ['.tsx', '.ts', '.mjs', '.js'] },
  module: {
    rules: [...scriptRules(), { test: /\.css$/, type: 'asset/source' }],
  },
  optimization: { minimizeOptions: minimizeOptions() },
  performance: { hints: false },
  plugins: [
    new ModuleFederationPlugin({
      name: 'skyportal_host',
      remotes: {},
      shared: sharedModules,
      dts: false,
      manifest: false,
      // Publishes the federation runtime for the remotes, which no longer bundle their own.
      ...hostFederationRuntime(),
    }),
    new HtmlWebpackPlugin({ title: 'SkyPortal', template: './src/index.html' }),
    new PrecompressPlugin(),
  ],
};
