import { filterParams, readFilter } from './filter';

describe('the sources list classification filter', () => {
  it('writes a class as SkyPortal reads it, and reads it back', () => {
    const params = filterParams({ kind: 'class', taxonomyName: 'tdtax', className: 'Ia' });
    expect(params).toEqual({ classifications: 'tdtax: Ia', unclassified: null });
    expect(readFilter({ classifications: params.classifications! })).toEqual({ kind: 'class', taxonomyName: 'tdtax', className: 'Ia' });
  });

  it('asks for unclassified sources alone, and for nothing when any will do', () => {
    expect(filterParams({ kind: 'unclassified' })).toEqual({ classifications: null, unclassified: 'true' });
    expect(filterParams({ kind: 'any' })).toEqual({ classifications: null, unclassified: null });
    // A taxonomy chosen but no class yet filters nothing.
    expect(filterParams({ kind: 'class', taxonomyName: 'tdtax', className: '' })).toEqual({ classifications: null, unclassified: null });
    expect(readFilter({ unclassified: 'true', classifications: 'tdtax: Ia' })).toEqual({ kind: 'unclassified' });
    expect(readFilter({ unclassified: 'false' })).toEqual({ kind: 'any' });
    expect(readFilter({})).toEqual({ kind: 'any' });
  });

  it('reads URLs written by hand: spaces, several classes, class names with colons, nonsense', () => {
    expect(readFilter({ classifications: 'Sitewide taxonomy:AGN' })).toEqual({ kind: 'class', taxonomyName: 'Sitewide taxonomy', className: 'AGN' });
    expect(readFilter({ classifications: 'tdtax: Ia, tdtax: II' })).toEqual({ kind: 'class', taxonomyName: 'tdtax', className: 'Ia' });
    expect(readFilter({ classifications: 'tdtax: Type: odd' })).toEqual({ kind: 'class', taxonomyName: 'tdtax', className: 'Type: odd' });
    expect(readFilter({ classifications: 'no colon' })).toEqual({ kind: 'any' });
    expect(readFilter({ classifications: ': Ia' })).toEqual({ kind: 'any' });
  });
});
