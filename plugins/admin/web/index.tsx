import { defineFrontendPlugin } from '@skyportal/sdk/web';
import { AuditPage } from './AuditPage';
import { GroupsPage } from './GroupsPage';
import { HealthPage } from './HealthPage';
import { InvitePage } from './InvitePage';
import { PluginsPage } from './PluginsPage';
import { TokensPage } from './TokensPage';
import { UsersPage } from './UsersPage';
import { addStyles } from './styles';

addStyles();

// Each page declares who sees it (the host's admin frame hides the rest); the server checks every call anyway.
export default defineFrontendPlugin({
  name: 'admin',
  routes: [{ path: '/invite', component: InvitePage, public: true }],
  slots: {
    'admin.pages': [
      { id: 'users', title: 'Users', order: 0, acls: ['Manage users'], component: UsersPage },
      { id: 'groups', title: 'Groups', order: 10, acls: ['Manage groups'], component: GroupsPage },
      { id: 'tokens', title: 'Tokens', order: 20, acls: ['System admin'], component: TokensPage },
      { id: 'plugins', title: 'Plugins', order: 30, acls: ['System admin'], component: PluginsPage },
      { id: 'health', title: 'Health', order: 40, acls: ['System admin'], component: HealthPage },
      { id: 'audit', title: 'Audit log', order: 50, acls: ['Manage users'], component: AuditPage },
    ],
  },
});
