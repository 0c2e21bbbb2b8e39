import { fragmentLookup } from './name-fragments';
import { chooseNameSearchPlan } from './name-search.plan';

describe('chooseNameSearchPlan', () => {
  const page = { sort: 'creationDate', descending: true, limit: 50 } as const;
  const short = fragmentLookup('ab');
  const long = fragmentLookup('abcdef ghijklmn');

  it('answers nothing when a key has no entry, whatever the others hold', () => {
    expect(chooseNameSearchPlan(short, [0], { nameContains: 'ab' }, page, 10)).toEqual({ kind: 'empty' });
    expect(chooseNameSearchPlan(long, [11, 0, 11], { nameContains: 'abcdef ghijklmn' }, page, 10)).toEqual({ kind: 'empty' });
  });

  it('walks the sort order when every key is over the limit', () => {
    expect(chooseNameSearchPlan(short, [11], { nameContains: 'ab' }, page, 10)).toEqual({ kind: 'walk' });
    expect(chooseNameSearchPlan(long, [11, 11, 11], { nameContains: 'abcdef ghijklmn' }, page, 10)).toEqual({ kind: 'walk' });
  });

  it('pages from the index for an exact term at or under the limit', () => {
    expect(chooseNameSearchPlan(short, [10], { nameContains: 'ab' }, page, 10)).toEqual({ kind: 'index-page', key: short.keys[0] });
  });

  it('reads and checks the candidates of the smallest key otherwise', () => {
    expect(chooseNameSearchPlan(long, [9, 3, 11], { nameContains: 'abcdef ghijklmn' }, page, 10)).toEqual({ kind: 'candidates', key: long.keys[1] });
    expect(chooseNameSearchPlan(short, [3], { nameContains: 'ab', label: 'x' }, page, 10)).toEqual({ kind: 'candidates', key: short.keys[0] });
    expect(chooseNameSearchPlan(short, [3], { nameContains: 'ab' }, { ...page, sort: 'displayName' }, 10)).toEqual({ kind: 'candidates', key: short.keys[0] });
  });
});
