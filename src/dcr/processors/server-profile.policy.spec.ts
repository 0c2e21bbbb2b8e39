import { InvalidClientMetadataError } from '../errors/dcr.error';
import { contextFor, errorOf, run, serverWith } from '../testing/processing.spec-helper';
import { ConfiguredServerProfilePolicy } from './server-profile.policy';

const processor = new ConfiguredServerProfilePolicy();
const fapi2 = () => serverWith({ profile: 'fapi2' });

describe('ConfiguredServerProfilePolicy', () => {
  it('runs only where a profile is set', () => {
    expect(processor.isEnabled(serverWith())).toBe(false);
    expect(processor.isEnabled(fapi2())).toBe(true);
  });

  it.each([
    [{ token_endpoint_auth_method: 'none' }, 'token_endpoint_auth_method: "none" (only private_key_jwt, tls_client_auth, self_signed_tls_client_auth) is not allowed by profile "fapi2" (FAPI 2.0 Security Profile)'],
    [{ token_endpoint_auth_method: 'client_secret_basic' }, 'token_endpoint_auth_method: "client_secret_basic" (only private_key_jwt, tls_client_auth, self_signed_tls_client_auth) is not allowed by profile "fapi2" (FAPI 2.0 Security Profile)'],
    [{ grant_types: ['authorization_code', 'implicit'] }, 'grant_types: "implicit" is not allowed by profile "fapi2" (FAPI 2.0 Security Profile)'],
    [{ response_types: ['code', 'code token'] }, 'response_types: "code token" (a token from the authorization endpoint) is not allowed by profile "fapi2" (FAPI 2.0 Security Profile)'],
  ])('refuses %j, naming the preset in the error and the decision report', (body, description) => {
    const context = contextFor(processor, fapi2(), body);
    const error = errorOf(() => processor.process(context));
    expect(error).toBeInstanceOf(InvalidClientMetadataError);
    expect((error as InvalidClientMetadataError).description).toBe(description);
    expect(context.decisions).toEqual([expect.objectContaining({ processor: 'profile', decision: 'rejected', reason: expect.stringContaining('profile "fapi2"') })]);
  });

  it('lets the asymmetric methods and the code flow through, recording nothing', () => {
    const context = run(processor, fapi2(), { token_endpoint_auth_method: 'private_key_jwt', grant_types: ['authorization_code'], response_types: ['code'] });
    expect(context.decisions).toEqual([]);
  });
});
