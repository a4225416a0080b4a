// Tells the server which plugins' web parts failed to load in this browser, so the admin pages
// show it: admins learn of a broken remote without asking users for their console.
import { useEffect, useRef } from 'react';
import { useProfile, type LoadedPlugins } from '@skyportal/sdk/web';
import { useReportLoadErrorMutation } from '../api';

export function useReportFailedPlugins(loaded: LoadedPlugins): void {
  const profile = useProfile();
  const [report] = useReportLoadErrorMutation();
  const reported = useRef(new Set<string>());
  useEffect(() => {
    // A signed-in browser reports (the route takes sessions only); once per plugin and page load.
    if (!profile || loaded.status !== 'ready') return;
    for (const failure of loaded.failed) {
      // '(plugin list)': /api/plugins itself failed, which the server knows better than the page.
      if (failure.name.startsWith('(') || reported.current.has(failure.name)) continue;
      reported.current.add(failure.name);
      report({ plugin: failure.name, message: failure.reason.slice(0, 1000) }).catch(() => undefined);
    }
  }, [profile, loaded, report]);
}
