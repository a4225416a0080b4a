import { defineFrontendPlugin, frontendPluginProblems } from './plugin';

const Panel = () => null;

describe('defineFrontendPlugin', () => {
  it('fills in empty slots, routes, navItems and reducers', () => {
    const plugin = defineFrontendPlugin({ name: 'photometry', slots: { 'source.panels': [{ id: 'lightcurve', component: Panel }] } });
    expect(plugin.routes).toEqual([]);
    expect(plugin.navItems).toEqual([]);
    expect(plugin.reducers).toEqual({});
    expect(frontendPluginProblems(plugin)).toEqual([]);
  });

  it('names the plugin and the bad entry when a slot entry has no component', () => {
    expect(() => defineFrontendPlugin({ name: 'photometry', slots: { 'source.panels': [{ id: 'lightcurve', component: undefined as never }] } })).toThrow(
      /"photometry".*slot "source.panels" entry 0 needs a React component/,
    );
  });

  it('refuses duplicate entry ids within a slot', () => {
    expect(() =>
      defineFrontendPlugin({
        name: 'sources',
        slots: {
          'home.widgets': [
            { id: 'a', component: Panel },
            { id: 'a', component: Panel },
          ],
        },
      }),
    ).toThrow(/repeats id "a"/);
  });

  it('accepts memo/lazy components (objects with $$typeof)', () => {
    const memoLike = { $$typeof: Symbol.for('react.memo'), type: Panel };
    expect(() => defineFrontendPlugin({ name: 'x', slots: { 'home.widgets': [{ id: 'n', component: memoLike as never }] } })).not.toThrow();
  });

  it('says where pages and links go now when a plugin still uses the old app.routes or app.nav slots', () => {
    expect(() => defineFrontendPlugin({ name: 'old', slots: { 'app.routes': [{ id: 'page', path: '/old', component: Panel }] } })).toThrow(
      /slot "app.routes" no longer exists: declare them in routes/,
    );
    expect(frontendPluginProblems({ name: 'old', slots: { 'app.nav': [] } })).toEqual(['slot "app.nav" no longer exists: declare them in navItems']);
  });
});

describe('frontendPluginProblems', () => {
  it('names what is wrong with what a broken remote might export', () => {
    expect(frontendPluginProblems(undefined)).toEqual(['is not an object']);
    expect(frontendPluginProblems({})).toEqual(['name must be lowercase letters, digits and dashes']);
    expect(frontendPluginProblems({ name: 'Bad Name' })).toEqual(['name must be lowercase letters, digits and dashes']);
    expect(frontendPluginProblems({ name: 'ok', reducers: { x: 42 } })).toEqual(['reducer "x" is not a function']);
    expect(frontendPluginProblems({ name: 'ok', routes: [{ path: 'no-slash', component: Panel }] })).toEqual(['route 0 needs a path starting with /']);
  });
});
