import { InvalidClientMetadataError } from '../errors/dcr.error';
import { errorOf, contextFor, run, serverWith } from '../testing/processing.spec-helper';
import { DefaultDpopProcessor } from './dpop.processor';

const processor = new DefaultDpopProcessor();

describe('DefaultDpopProcessor (RFC 9449 §5.2)', () => {
  it.each([true, false])('registers dpop_bound_access_tokens: %s', (value) => {
    const context = run(processor, serverWith(), { dpop_bound_access_tokens: value });
    expect(context.metadata.dpop_bound_access_tokens).toBe(value);
    expect(context.decisions).toEqual([{ processor: 'dpop', field: 'dpop_bound_access_tokens', decision: 'accepted' }]);
  });

  it('stores nothing when absent (false)', () => {
    expect(run(processor, serverWith(), {}).metadata).toEqual({});
  });

  it.each(['true', 1, null])('refuses %j', (value) => {
    const error = errorOf(() => processor.process(contextFor(processor, serverWith(), { dpop_bound_access_tokens: value })));
    expect(error).toBeInstanceOf(InvalidClientMetadataError);
    expect((error as InvalidClientMetadataError).description).toBe('dpop_bound_access_tokens: must be a boolean (RFC 9449 §5.2)');
  });
});
