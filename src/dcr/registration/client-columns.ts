import { DCR_DEFAULTS } from '../options/option-defaults';
import type { TechClientEntity } from '../persistence/tech-client.entity';
import type { ProcessingContext } from '../processors/processing-context';

/** The columns a processed registration decides (on create and on RFC 7592 update). @internal */
export function registrationColumns(context: ProcessingContext): Pick<TechClientEntity, 'name' | 'softwareId' | 'softwareVersion' | 'tokenEndpointAuthMethod' | 'metadata'> {
  const metadata = context.metadata;
  const text = (field: string) => (typeof metadata[field] === 'string' ? (metadata[field] as string) : null);
  return {
    name: text('client_name') ?? DCR_DEFAULTS.clientDisplayName,
    softwareId: text('software_id'),
    softwareVersion: text('software_version'),
    tokenEndpointAuthMethod: text('token_endpoint_auth_method'),
    metadata,
  };
}
