import { InvalidRequestError } from '../errors/dcr.error';
import { parsePageParams, parseSearchParams } from './search-params.parser';

const parse = (query: string) => parseSearchParams(new URLSearchParams(query));

describe('parseSearchParams', () => {
  it('reads every filter as given, with typed locked and limit', () => {
    expect(parse('name=a%25b&label=L&locked=true&limit=10&sort=displayName&softwareId=s&authorizationServer=x&id=i&createdFrom=2026-01-01&createdTo=2026-02-01&cursor=c.d'))
      .toEqual({ name: 'a%b', label: 'L', locked: true, limit: 10, sort: 'displayName', softwareId: 's', authorizationServer: 'x', id: 'i', createdFrom: '2026-01-01', createdTo: '2026-02-01', cursor: 'c.d' });
  });

  it.each([
    ['name=a&name=b', /name: must be given once/],
    ['name[]=a', /unknown query parameter "name\[\]"/],
    ['filter[name]=a', /unknown query parameter/],
    ['secretDigest=x', /unknown query parameter "secretDigest"/],
    ['locked=1', /locked: must be true or false/],
    ['limit=-1', /limit: must be a positive integer/],
    ['limit=1e3', /limit/],
    ['limit=', /limit/],
  ])('refuses ?%s', (query, message) => {
    expect(() => parse(query)).toThrow(InvalidRequestError);
    expect(() => parse(query)).toThrow(message);
  });
});

describe('parsePageParams', () => {
  it('takes limit and cursor only', () => {
    expect(parsePageParams(new URLSearchParams('limit=5&cursor=x'))).toEqual({ limit: 5, cursor: 'x' });
    expect(() => parsePageParams(new URLSearchParams('name=x'))).toThrow(/unknown query parameter/);
  });
});
