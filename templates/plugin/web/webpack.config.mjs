import { fileURLToPath } from 'node:url';
import { createRemoteConfig } from '@skyportal/sdk/webpack';

export default createRemoteConfig({ name: 'example', dir: fileURLToPath(new URL('..', import.meta.url)) });
