import type { TaxonomyNode } from '../types';
import { classOptions, formatPath, searchClasses } from './taxonomy';

// A piece of the time-domain taxonomy, enough to have depth, other names and a repeated class.
const tree: TaxonomyNode = {
  class: 'Time-domain Source',
  subclasses: [
    {
      class: 'Transient',
      subclasses: [
        {
          class: 'SN',
          'other names': ['Supernova'],
          subclasses: [
            { class: 'Ia', 'other names': ['SN Ia'], subclasses: [{ class: 'Ia-91bg' }, { class: 'Iax' }] },
            { class: 'II', subclasses: [{ class: 'IIn' }, { class: 'IIP' }] },
          ],
        },
        { class: 'Tidal Disruption Event', 'other names': ['TDE'] },
      ],
    },
    {
      class: 'Variable',
      subclasses: [
        { class: 'Eclipsing', subclasses: [{ class: 'Algol' }, { class: 'W UMa' }] },
        { class: 'AGN', subclasses: [{ class: 'Blazar' }] },
        // Named again elsewhere: the picker keeps its first place.
        { class: 'Transient' },
      ],
    },
  ],
};

const names = (options: { name: string }[]) => options.map((option) => option.name);

describe('the class picker over a taxonomy', () => {
  const options = classOptions(tree);

  it('lists every class once, parents before children, in the tree order, with its path', () => {
    expect(names(options)).toEqual([
      'Time-domain Source',
      'Transient',
      'SN',
      'Ia',
      'Ia-91bg',
      'Iax',
      'II',
      'IIn',
      'IIP',
      'Tidal Disruption Event',
      'Variable',
      'Eclipsing',
      'Algol',
      'W UMa',
      'AGN',
      'Blazar',
    ]);
    expect(formatPath(options.find((option) => option.name === 'Ia')!.path)).toBe('Time-domain Source › Transient › SN › Ia');
    expect(options.find((option) => option.name === 'Transient')!.path).toEqual(['Time-domain Source', 'Transient']);
  });

  it('finds a class by its name first, then those starting with it, then through parents', () => {
    expect(names(searchClasses(options, 'ia'))).toEqual(['Ia', 'Ia-91bg', 'Iax']);
    // "SN" is SN itself, then everything under it (found through the path).
    expect(names(searchClasses(options, 'sn'))).toEqual(['SN', 'Ia', 'Ia-91bg', 'Iax', 'II', 'IIn', 'IIP']);
    expect(names(searchClasses(options, 'eclipsing'))).toEqual(['Eclipsing', 'Algol', 'W UMa']);
  });

  it('takes a path typed with any separator, the last word naming the class', () => {
    for (const typed of ['SN > Ia', 'sn/ia', 'Transient › SN › Ia', '  sn   ia ']) {
      expect(searchClasses(options, typed)[0]!.name).toBe('Ia');
    }
    expect(names(searchClasses(options, 'variable agn'))).toEqual(['AGN', 'Blazar']);
  });

  it('finds a class by its other names', () => {
    expect(names(searchClasses(options, 'TDE'))).toEqual(['Tidal Disruption Event']);
    expect(searchClasses(options, 'supernova')[0]!.name).toBe('SN');
    // A parent's other name finds what is below it.
    expect(names(searchClasses(options, 'supernova ia'))).toEqual(['Ia', 'Ia-91bg', 'Iax']);
    expect(searchClasses(options, 'SN Ia')[0]!.name).toBe('Ia');
  });

  it('gives nothing for words no class has, everything (up to a limit) for no words', () => {
    expect(searchClasses(options, 'fried green tomato')).toEqual([]);
    expect(searchClasses(options, '  ')).toHaveLength(options.length);
    expect(names(searchClasses(options, '', 3))).toEqual(['Time-domain Source', 'Transient', 'SN']);
    expect(searchClasses(options, 'i', 2)).toHaveLength(2);
  });

  it('survives a tree that is not one: no root, nodes without a class name, a very deep chain', () => {
    expect(classOptions(undefined)).toEqual([]);
    expect(names(classOptions({ class: 'Root', subclasses: [{} as TaxonomyNode, { class: 'Leaf', subclasses: 'x' as never }] }))).toEqual(['Root', 'Leaf']);
    let deep: TaxonomyNode = { class: 'c0' };
    for (let i = 1; i < 2_000; i++) deep = { class: `c${i}`, subclasses: [deep] };
    const all = classOptions(deep);
    expect(all).toHaveLength(2_000);
    expect(all.at(-1)!.path).toHaveLength(2_000);
  });
});
