import { fileURLToPath } from 'node:url';
import { remoteNameFor } from './federation.mjs';

describe('remoteNameFor', () => {
  it('gives a plugin its container name, dashes made underscores (a JavaScript identifier)', () => {
    expect(remoteNameFor('photometry')).toBe('plugin_photometry');
    expect(remoteNameFor('survey-links')).toBe('plugin_survey_links');
  });

  it('is the name a remote is built under, so the manifest and the build cannot disagree', async () => {
    // The webpack helper has no type declarations (webpack configs are plain Node): import it untyped.
    const helper: string = './webpack/remote.mjs';
    const { createRemoteConfig } = await import(helper);
    const config = createRemoteConfig({ name: 'survey-links', dir: fileURLToPath(new URL('..', import.meta.url)) });
    const federation = config.plugins.find((plugin: { constructor: { name: string } }) => plugin.constructor.name === 'ModuleFederationPlugin');
    expect(federation._options.name).toBe('plugin_survey_links');
    expect(config.output.uniqueName).toBe('plugin_survey_links');
  });

  it('shares BokehJS only from remotes whose package depends on it', async () => {
    const helper: string = './webpack/remote.mjs';
    const { remoteSharedModules } = await import(helper);
    const bokeh = '@bokeh/bokehjs/build/js/lib/api/main';
    expect(remoteSharedModules(fileURLToPath(new URL('../../plugins/photometry', import.meta.url)))).toHaveProperty([bokeh], {
      singleton: true,
      requiredVersion: false,
    });
    const sdk = remoteSharedModules(fileURLToPath(new URL('..', import.meta.url)));
    expect(sdk).not.toHaveProperty([bokeh]);
    expect(sdk).toHaveProperty(['react'], { singleton: true, requiredVersion: false });
  });
});
