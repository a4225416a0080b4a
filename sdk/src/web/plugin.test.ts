import { defineFrontendPlugin, isFrontendPlugin } from './plugin';

const Panel = () => null;

describe('defineFrontendPlugin', () => {
  it('fills in empty slots, routes, navItems and reducers', () => {
    const plugin = defineFrontendPlugin({ name: 'photometry', slots: { 'source.panels': [{ id: 'lightcurve', component: Panel }] } });
    expect(plugin.routes).toEqual([]);
    expect(plugin.navItems).toEqual([]);
    expect(plugin.reducers).toEqual({});
    expect(isFrontendPlugin(plugin)).toBe(true);
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
    expect(() => defineFrontendPlugin({ name: 'x', slots: { 'app.nav': [{ id: 'n', component: memoLike as never }] } })).not.toThrow();
  });
});

describe('isFrontendPlugin', () => {
  it('rejects what a broken remote might export', () => {
    expect(isFrontendPlugin(undefined)).toBe(false);
    expect(isFrontendPlugin({})).toBe(false);
    expect(isFrontendPlugin({ name: 'Bad Name' })).toBe(false);
    expect(isFrontendPlugin({ name: 'ok', reducers: { x: 42 } })).toBe(false);
    expect(isFrontendPlugin({ name: 'ok', routes: [{ path: 'no-slash', component: Panel }] })).toBe(false);
  });
});
