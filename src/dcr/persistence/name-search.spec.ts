import { foldForSearch, NAME_SEARCH_MAX_LENGTH, nameSearchOf } from './name-search';

describe('nameSearchOf', () => {
  it('folds case beyond ASCII and compatibility forms, the same way as a search term', () => {
    expect(nameSearchOf('ÉCOLE Müller App')).toBe('école müller app');
    expect(nameSearchOf('Ｆｕｌｌ ﬁle')).toBe('full file');
    expect(foldForSearch('MÜLLER')).toBe(nameSearchOf('Müller'));
  });

  it('caps the stored form without leaving half a surrogate pair', () => {
    const name = `${'a'.repeat(NAME_SEARCH_MAX_LENGTH - 1)}😀tail`;
    const folded = nameSearchOf(name);
    expect(folded).toBe('a'.repeat(NAME_SEARCH_MAX_LENGTH - 1));
    expect(nameSearchOf('\uFDFA'.repeat(200)).length).toBeLessThanOrEqual(NAME_SEARCH_MAX_LENGTH);
  });
});
