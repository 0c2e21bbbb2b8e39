/** Validated options with defaults applied (`ResolvedDcrOptions`); hosts use `getDcrOptionsToken()`. @internal */
export const DCR_RESOLVED_OPTIONS = 'DCR:RESOLVED_OPTIONS';
/** Host processors added with the `extraProcessors` extra, in order. @internal */
export const DCR_EXTRA_PROCESSORS = 'DCR:EXTRA_PROCESSORS';
/** `TechClientInterceptor` instances added with the `interceptors` extra. @internal */
export const DCR_TECH_CLIENT_INTERCEPTORS = 'DCR:TECH_CLIENT_INTERCEPTORS';
/** The EntityManager of the module's DataSource, for stores of tables other than `tech_client`. @internal */
export const DCR_ENTITY_MANAGER = 'DCR:ENTITY_MANAGER';

/**
 * The token of the module's validated options (`ResolvedDcrOptions`, defaults applied), for a
 * host's own endpoints: `@Inject(getDcrOptionsToken()) options: ResolvedDcrOptions`.
 * @publicApi
 */
export function getDcrOptionsToken(): string {
  return DCR_RESOLVED_OPTIONS;
}
