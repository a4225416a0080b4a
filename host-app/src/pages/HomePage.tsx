import { Link } from 'react-router-dom';
import { PluginErrorBoundary, useApiQuery } from '@skyportal/sdk/web';
import { FailedPluginNotice } from '../components/FailedPluginCards';
import { useProfile } from '../hooks';
import { useSlot } from '../plugins/registry';

export function HomePage() {
  const profile = useProfile();
  const sources = useApiQuery<{ totalMatches: number }>('/api/sources', { numPerPage: 1 });
  const widgets = useSlot<Record<string, never>>('home.widgets');
  const groupCount = profile?.groups.filter((g) => !g.single_user_group).length ?? 0;

  return (
    <div className="sp-page">
      <h1>Welcome{profile?.first_name ? `, ${profile.first_name}` : profile ? `, ${profile.username}` : ''}</h1>
      <FailedPluginNotice />
      <div className="sp-stats">
        <Link to="/sources" className="sp-stat" data-testid="stat-sources">
          <span className="sp-stat__value">{sources.data?.totalMatches ?? (sources.error ? '—' : '…')}</span>
          <span className="sp-stat__label">sources</span>
        </Link>
        <Link to="/profile" className="sp-stat" data-testid="stat-groups">
          <span className="sp-stat__value">{groupCount}</span>
          <span className="sp-stat__label">groups</span>
        </Link>
      </div>
      <div className="sp-widgets">
        {widgets.map(({ pluginName, id, title, component: Widget }) => (
          <section key={`${pluginName}.${id}`} className="sp-card" data-testid={`widget-${pluginName}.${id}`}>
            {title ? <h2 className="sp-card__title">{title}</h2> : null}
            <PluginErrorBoundary pluginName={pluginName} label={`widget ${id}`}>
              <Widget />
            </PluginErrorBoundary>
          </section>
        ))}
      </div>
    </div>
  );
}
