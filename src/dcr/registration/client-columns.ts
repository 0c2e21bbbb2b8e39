import { DCR_DEFAULTS } from '../options/option-defaults';
import type { TechClientEntity } from '../persistence/tech-client.entity';
import type { ProcessingContext } from '../processors/processing-context';
import { isSecretAuthMethod } from '../vocabulary/client-vocabulary';

/** The columns a processed registration decides (on create and on RFC 7592 update). @internal */
export function registrationColumns(context: ProcessingContext): Pick<TechClientEntity, 'name' | 'softwareId' | 'softwareVersion' | 'tokenEndpointAuthMethod' | 'tokenEndpointAuthMethodDefaulted' | 'metadata'> {
  const metadata = context.metadata;
  const text = (field: string) => (typeof metadata[field] === 'string' ? (metadata[field] as string) : null);
  return {
    name: text('client_name') ?? DCR_DEFAULTS.clientDisplayName,
    softwareId: text('software_id'),
    softwareVersion: text('software_version'),
    tokenEndpointAuthMethod: text('token_endpoint_auth_method'),
    tokenEndpointAuthMethodDefaulted: secretMethodDefaulted(context, text('token_endpoint_auth_method')),
    metadata,
  };
}

/**
 * True when the request named neither `token_endpoint_auth_method` nor the methods it supports
 * (RP Metadata Choices) and was given a secret method by default (RFC 7591 §2). Recomputed on
 * each RFC 7592 update: a client that names its method there has chosen it.
 */
function secretMethodDefaulted(context: ProcessingContext, method: string | null): boolean {
  return isSecretAuthMethod(method) && !context.has('token_endpoint_auth_method') && !context.has('token_endpoint_auth_methods_supported');
}
