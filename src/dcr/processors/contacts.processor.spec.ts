import { InvalidClientMetadataError } from '../errors/dcr.error';
import type { ContactsOptions } from '../options/dcr-module-options.interface';
import { contextFor, errorOf, run, serverWith } from '../testing/processing.spec-helper';
import { PatternContactsProcessor } from './contacts.processor';

const processor = new PatternContactsProcessor();
const OPTIONAL: ContactsOptions = { mandatory: false };
const DROPPED = 'entries that do not match [a-zA-Z0-9 _.@-]+ were dropped';

const serverFor = (options: ContactsOptions = {}, strict = false) => serverWith({ strict, processors: { contacts: options } });

function rejection(body: Record<string, unknown>, options?: ContactsOptions, strict = false) {
  const context = contextFor(processor, serverFor(options, strict), body);
  const error = errorOf(() => processor.process(context));
  expect(error).toBeInstanceOf(InvalidClientMetadataError);
  return error as InvalidClientMetadataError;
}

describe('PatternContactsProcessor', () => {
  describe('accepted', () => {
    it('accepts matching contacts without duplicates', () => {
      const context = run(processor, serverFor(), { contacts: ['ops@client.example', 'Jane Doe', 'ops@client.example'] });
      expect(context.metadata.contacts).toEqual(['ops@client.example', 'Jane Doe']);
      expect(context.decisions).toEqual([{ processor: 'contacts', field: 'contacts', decision: 'accepted' }]);
    });
  });

  describe('mandatory (the default)', () => {
    it('rejects missing or empty contacts', () => {
      expect(rejection({}).description).toBe('contacts: required');
      expect(rejection({ contacts: [] }).description).toBe('contacts: required');
    });

    it('rejects a list with any invalid entry', () => {
      const error = rejection({ contacts: ['ops@client.example', 'mailto:<x>'] });
      expect(error.error).toBe('invalid_client_metadata');
      expect(error.description).toBe(`contacts: ${DROPPED}`);
    });
  });

  describe('optional', () => {
    it('ignores missing contacts', () => {
      const context = run(processor, serverFor(OPTIONAL), {});
      expect(context.metadata).toEqual({});
      expect(context.decisions).toEqual([]);
    });

    it('filters out an empty list', () => {
      const context = run(processor, serverFor(OPTIONAL), { contacts: [] });
      expect(context.metadata).toEqual({});
      expect(context.decisions).toEqual([{ processor: 'contacts', field: 'contacts', decision: 'filtered', reason: 'empty' }]);
    });

    it('drops the invalid entries of a partially invalid list and keeps the valid ones', () => {
      const context = run(processor, serverFor(OPTIONAL), { contacts: ['ops@client.example', 'mailto:<x>', `${'a'.repeat(321)}`, 'Jane'] });
      expect(context.metadata.contacts).toEqual(['ops@client.example', 'Jane']);
      expect(context.decisions).toEqual([
        { processor: 'contacts', field: 'contacts', decision: 'filtered', reason: DROPPED },
        { processor: 'contacts', field: 'contacts', decision: 'accepted' },
      ]);
    });

    it('drops a list without any valid entry', () => {
      const context = run(processor, serverFor(OPTIONAL), { contacts: ['<x>'] });
      expect(context.metadata).toEqual({});
      expect(context.decisions).toEqual([{ processor: 'contacts', field: 'contacts', decision: 'filtered', reason: DROPPED }]);
    });

    it('rejects invalid entries when strict, globally or on the processor', () => {
      expect(rejection({ contacts: ['ok', '<x>'] }, { mandatory: false, strict: true }).description).toBe(`contacts: ${DROPPED}`);
      expect(rejection({ contacts: ['ok', '<x>'] }, OPTIONAL, true).description).toBe(`contacts: ${DROPPED}`);
    });
  });
});
