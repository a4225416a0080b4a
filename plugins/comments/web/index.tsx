import { defineFrontendPlugin } from '@skyportal/sdk/web';
import { ChatPage } from './ChatPage';
import { SourceCommentsPanel, SpectrumCommentsPanel } from './CommentsPanel';
import { NotificationsPage } from './Notifications';
import { NotificationsBell } from './NotificationsBell';
import { addStyles } from './styles';

addStyles();

export default defineFrontendPlugin({
  name: 'comments',
  routes: [
    { path: '/chat', component: ChatPage },
    { path: '/chat/:groupId', component: ChatPage },
    { path: '/notifications', component: NotificationsPage },
  ],
  navItems: [{ label: 'Chat', to: '/chat', order: 20 }],
  slots: {
    // The sources plugin's page; without that plugin it is simply not shown.
    'source.panels': [{ id: 'comments', title: 'Comments', order: 20, component: SourceCommentsPanel }],
    // The spectra plugin's, once per spectrum (props: { sourceId, spectrumId, spectrum }); shown while spectra is enabled.
    'spectrum.panels': [{ id: 'spectrum-comments', title: 'Comments', order: 10, component: SpectrumCommentsPanel }],
    // The host's top bar: the bell, with the unread count; its panel links to /notifications.
    'topbar.items': [{ id: 'notifications', order: 10, component: NotificationsBell }],
  },
});
