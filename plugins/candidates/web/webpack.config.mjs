import { fileURLToPath } from 'node:url';
import { createRemoteConfig } from '@skyportal/sdk/webpack';

export default createRemoteConfig({ name: 'candidates', dir: fileURLToPath(new URL('..', import.meta.url)) });
