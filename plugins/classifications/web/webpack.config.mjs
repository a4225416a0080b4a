import { fileURLToPath } from 'node:url';
import { createRemoteConfig } from '@skyportal/sdk/webpack';

export default createRemoteConfig({ name: 'classifications', dir: fileURLToPath(new URL('..', import.meta.url)) });
