import { defineFrontendPlugin } from '@skyportal/sdk/web';
import { addStyles } from './styles';
import { ThumbnailRow } from './ThumbnailRow';

addStyles();

export default defineFrontendPlugin({
  name: 'thumbnails',
  // The sources plugin's page; without that plugin it is simply not shown.
  slots: {
    'source.header': [{ id: 'thumbnails', order: 20, component: ThumbnailRow }],
  },
});
