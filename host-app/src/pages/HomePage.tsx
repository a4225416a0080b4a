import { Link } from 'react-router-dom';
import { Slot, useProfile, type SlotFrame } from '@skyportal/sdk/web';
import { FailedPluginNotice } from '../components/FailedPluginNotice';

/** Home widgets are cards, titled by the plugin's entry. */
const WidgetCard: SlotFrame = ({ entry, children }) => (
  <section className="sp-card" data-testid={`widget-${entry.pluginName}.${entry.id}`} aria-label={entry.title}>
    {entry.title ? <h2 className="sp-card__title">{entry.title}</h2> : null}
    {children}
  </section>
);

export function HomePage() {
  const profile = useProfile();
  const groupCount = profile?.groups.filter((g) => !g.single_user_group).length ?? 0;

  return (
    <div className="sp-page">
      <h1>Welcome{profile?.first_name ? `, ${profile.first_name}` : profile ? `, ${profile.username}` : ''}</h1>
      <FailedPluginNotice />
      <div className="sp-stats">
        <Link to="/profile" className="sp-stat" data-testid="stat-groups">
          <span className="sp-stat__value">{groupCount}</span>
          <span className="sp-stat__label">groups</span>
        </Link>
      </div>
      <div className="sp-widgets">
        <Slot name="home.widgets" props={{}} frame={WidgetCard} />
      </div>
    </div>
  );
}
