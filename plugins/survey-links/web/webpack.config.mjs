import { fileURLToPath } from 'node:url';
import { createRemoteConfig } from '@skyportal/sdk/webpack';

export default createRemoteConfig({ name: 'survey-links', dir: fileURLToPath(new URL('..', import.meta.url)) });
