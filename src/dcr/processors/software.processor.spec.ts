import { InvalidClientMetadataError } from '../errors/dcr.error';
import type { SoftwareOptions } from '../options/dcr-module-options.interface';
import { contextFor, errorOf, run, serverWith } from '../testing/processing.spec-helper';
import { PatternSoftwareProcessor } from './software.processor';

const processor = new PatternSoftwareProcessor();
const OPTIONAL: SoftwareOptions = { mandatory: false };
const BAD_VERSION = 'software_version does not match [a-zA-Z0-9_.-]+; software_id and software_version are dropped together';

const serverFor = (options: SoftwareOptions = {}, strict = false) => serverWith({ strict, processors: { software: options } });

function rejection(body: Record<string, unknown>, options?: SoftwareOptions, strict = false) {
  const context = contextFor(processor, serverFor(options, strict), body);
  const error = errorOf(() => processor.process(context));
  expect(error).toBeInstanceOf(InvalidClientMetadataError);
  return error as InvalidClientMetadataError;
}

describe('PatternSoftwareProcessor', () => {
  describe('accepted', () => {
    it('accepts a valid id and version', () => {
      const context = run(processor, serverFor(), { software_id: 'com.example.app', software_version: '1.2.3' });
      expect(context.metadata).toEqual({ software_id: 'com.example.app', software_version: '1.2.3' });
      expect(context.decisions.map(({ field, decision }) => `${field}:${decision}`)).toEqual([
        'software_id:accepted',
        'software_version:accepted',
      ]);
    });

    it('uses the configured patterns', () => {
      const server = serverFor({ allowedIds: '[0-9a-f-]{36}', allowedVersions: 'v[0-9]+' });
      const context = run(processor, server, { software_id: '4e1f6a3c-1f0b-4c5e-9d0a-1b2c3d4e5f60', software_version: 'v2' });
      expect(context.metadata.software_version).toBe('v2');
      expect(rejection({ software_id: 'x', software_version: 'v2' }, { allowedIds: '[0-9]+' }).description).toBe(
        'software_id: software_id does not match [0-9]+; software_id and software_version are dropped together',
      );
    });
  });

  describe('mandatory (the default)', () => {
    it('rejects a missing id or version', () => {
      expect(rejection({ software_version: '1.0' }).description).toBe('software_id: required');
      expect(rejection({ software_id: 'app' }).description).toBe('software_version: required');
    });

    it('rejects an invalid version', () => {
      const error = rejection({ software_id: 'app', software_version: '1.0 beta' });
      expect(error.error).toBe('invalid_client_metadata');
      expect(error.description).toBe(`software_version: ${BAD_VERSION}`);
    });
  });

  describe('optional', () => {
    it('drops id and version together when one is invalid', () => {
      const context = run(processor, serverFor(OPTIONAL), { software_id: 'app', software_version: '1.0 beta' });
      expect(context.metadata).toEqual({});
      expect(context.decisions).toEqual([
        { processor: 'software', field: 'software_id', decision: 'filtered', reason: BAD_VERSION },
        { processor: 'software', field: 'software_version', decision: 'filtered', reason: BAD_VERSION },
      ]);
    });

    it('drops an id longer than 255 characters with its version', () => {
      const context = run(processor, serverFor(OPTIONAL), { software_id: 'a'.repeat(256), software_version: '1' });
      expect(context.metadata).toEqual({});
      expect(context.decisions.map(({ decision }) => decision)).toEqual(['filtered', 'filtered']);
    });

    it('accepts only one of them, or neither', () => {
      expect(run(processor, serverFor(OPTIONAL), { software_id: 'app' }).metadata).toEqual({ software_id: 'app' });
      const context = run(processor, serverFor(OPTIONAL), {});
      expect(context.metadata).toEqual({});
      expect(context.decisions).toEqual([]);
    });

    it('rejects when strict, globally or on the processor', () => {
      const body = { software_id: 'app', software_version: '1.0 beta' };
      expect(rejection(body, { mandatory: false, strict: true }).description).toBe(`software_version: ${BAD_VERSION}`);
      expect(rejection(body, OPTIONAL, true).description).toBe(`software_version: ${BAD_VERSION}`);
    });
  });
});
