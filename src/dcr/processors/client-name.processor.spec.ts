import { InvalidClientMetadataError } from '../errors/dcr.error';
import type { ClientNameOptions } from '../options/dcr-module-options.interface';
import { contextFor, errorOf, run, serverWith } from '../testing/processing.spec-helper';
import { PatternClientNameProcessor } from './client-name.processor';

const processor = new PatternClientNameProcessor();
const NO_MATCH = 'does not match [a-zA-Z0-9 _.-]+';

const serverFor = (options: ClientNameOptions = {}, strict = false) => serverWith({ strict, processors: { clientName: options } });

function rejection(body: Record<string, unknown>, options?: ClientNameOptions, strict = false) {
  const context = contextFor(processor, serverFor(options, strict), body);
  const error = errorOf(() => processor.process(context));
  expect(error).toBeInstanceOf(InvalidClientMetadataError);
  return error as InvalidClientMetadataError;
}

describe('PatternClientNameProcessor', () => {
  describe('accepted', () => {
    it('accepts a matching name and its language-tagged forms', () => {
      const context = run(processor, serverFor(), { client_name: 'My App', 'client_name#de-CH': 'Meine App', 'client_name#zh-Hant-TW': 'App 2' });
      expect(context.metadata).toEqual({ client_name: 'My App', 'client_name#de-CH': 'Meine App', 'client_name#zh-Hant-TW': 'App 2' });
      expect(context.decisions.map(({ field, decision }) => `${field}:${decision}`)).toEqual([
        'client_name:accepted',
        'client_name#de-CH:accepted',
        'client_name#zh-Hant-TW:accepted',
      ]);
    });

    it('uses a configured pattern', () => {
      const context = run(processor, serverFor({ allowed: '[\\p{L} ]+' }), { client_name: 'Zürich Bank' });
      expect(context.metadata.client_name).toBe('Zürich Bank');
    });

    it('is not required by default', () => {
      const context = run(processor, serverFor(), {});
      expect(context.metadata).toEqual({});
      expect(context.decisions).toEqual([]);
    });
  });

  describe('filtered (optional, not strict)', () => {
    it('drops a name that does not match the pattern', () => {
      const context = run(processor, serverFor(), { client_name: '<script>' });
      expect(context.metadata).toEqual({});
      expect(context.decisions).toEqual([{ processor: 'client_name', field: 'client_name', decision: 'filtered', reason: NO_MATCH }]);
    });

    it('drops a name longer than 200 characters even when the pattern matches', () => {
      const context = run(processor, serverFor(), { client_name: 'a'.repeat(201) });
      expect(context.metadata).toEqual({});
      expect(context.decisions[0]).toMatchObject({ decision: 'filtered', reason: 'longer than 200 characters' });
    });

    it.each(['', 'd', 'de_CH', '1de', 'de-', 'toolonglang'])('drops client_name#%s: not a language tag', (tag) => {
      const context = run(processor, serverFor(), { client_name: 'App', [`client_name#${tag}`]: 'App' });
      expect(context.metadata).toEqual({ client_name: 'App' });
      expect(context.decisions[1]).toEqual({
        processor: 'client_name', field: `client_name#${tag}`, decision: 'filtered', reason: `"${tag}" is not a language tag`,
      });
    });

    it('drops a tagged name that does not match the pattern and keeps the others', () => {
      const context = run(processor, serverFor(), { client_name: 'App', 'client_name#fr': 'Appli<b>' });
      expect(context.metadata).toEqual({ client_name: 'App' });
    });
  });

  describe('strict', () => {
    it('rejects an invalid name or tag when strict globally', () => {
      expect(rejection({ client_name: '<script>' }, {}, true).description).toBe(`client_name: ${NO_MATCH}`);
      expect(rejection({ 'client_name#de_CH': 'App' }, {}, true).description).toBe('client_name#de_CH: "de_CH" is not a language tag');
    });

    it('follows the processor strict flag over the global one', () => {
      expect(rejection({ client_name: '<script>' }, { strict: true }).description).toBe(`client_name: ${NO_MATCH}`);
      expect(run(processor, serverFor({ strict: false }, true), { client_name: '<script>' }).metadata).toEqual({});
    });
  });

  describe('mandatory', () => {
    it('rejects a missing client_name, even with tagged forms', () => {
      expect(rejection({}, { mandatory: true }).description).toBe('client_name: required');
      expect(rejection({ 'client_name#de': 'App' }, { mandatory: true }).description).toBe('client_name: required');
    });

    it('rejects an invalid client_name', () => {
      const error = rejection({ client_name: 'bad!' }, { mandatory: true });
      expect(error.error).toBe('invalid_client_metadata');
      expect(error.description).toBe(`client_name: ${NO_MATCH}`);
    });

    it('only drops an invalid tagged form', () => {
      const context = run(processor, serverFor({ mandatory: true }), { client_name: 'App', 'client_name#de': 'bad!' });
      expect(context.metadata).toEqual({ client_name: 'App' });
      expect(context.decisions[1]).toMatchObject({ field: 'client_name#de', decision: 'filtered' });
    });
  });
});
