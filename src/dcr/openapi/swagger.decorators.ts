/**
 * The `@nestjs/swagger` decorators the module annotates its routes and DTOs with, loaded only when
 * the host has `@nestjs/swagger` installed (an optional peer): without it they do nothing, so a
 * host that publishes no OpenAPI document does not need the package. Typed here rather than
 * imported, so the module's declarations do not name the package either.
 * @internal
 */
type Options = Record<string, unknown>;
type AnyDecorator = ClassDecorator & MethodDecorator & PropertyDecorator;

interface SwaggerDecorators {
  ApiProperty(options?: Options): PropertyDecorator;
  ApiPropertyOptional(options?: Options): PropertyDecorator;
  ApiTags(...tags: string[]): AnyDecorator;
  ApiOperation(options: Options): MethodDecorator;
  ApiResponse(options: Options): AnyDecorator;
  ApiBody(options: Options): MethodDecorator;
  ApiConsumes(...types: string[]): AnyDecorator;
  ApiParam(options: Options): AnyDecorator;
  ApiQuery(options: Options): AnyDecorator;
  ApiHeader(options: Options): AnyDecorator;
  ApiSecurity(name: string | Record<string, string[]>, scopes?: string[]): AnyDecorator;
  ApiExtraModels(...models: Function[]): AnyDecorator;
  ApiExcludeController(disable?: boolean): ClassDecorator;
}

function load(): SwaggerDecorators | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@nestjs/swagger') as SwaggerDecorators;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes("'@nestjs/swagger'")) return undefined;
    throw error;
  }
}

const swagger = load();
const none = (() => () => undefined) as unknown as (...args: unknown[]) => AnyDecorator;

/** @internal */ export const ApiProperty: SwaggerDecorators['ApiProperty'] = swagger?.ApiProperty ?? none;
/** @internal */ export const ApiPropertyOptional: SwaggerDecorators['ApiPropertyOptional'] = swagger?.ApiPropertyOptional ?? none;
/** @internal */ export const ApiTags: SwaggerDecorators['ApiTags'] = swagger?.ApiTags ?? none;
/** @internal */ export const ApiOperation: SwaggerDecorators['ApiOperation'] = swagger?.ApiOperation ?? none;
/** @internal */ export const ApiResponse: SwaggerDecorators['ApiResponse'] = swagger?.ApiResponse ?? none;
/** @internal */ export const ApiBody: SwaggerDecorators['ApiBody'] = swagger?.ApiBody ?? none;
/** @internal */ export const ApiConsumes: SwaggerDecorators['ApiConsumes'] = swagger?.ApiConsumes ?? none;
/** @internal */ export const ApiParam: SwaggerDecorators['ApiParam'] = swagger?.ApiParam ?? none;
/** @internal */ export const ApiQuery: SwaggerDecorators['ApiQuery'] = swagger?.ApiQuery ?? none;
/** @internal */ export const ApiHeader: SwaggerDecorators['ApiHeader'] = swagger?.ApiHeader ?? none;
/** @internal */ export const ApiSecurity: SwaggerDecorators['ApiSecurity'] = swagger?.ApiSecurity ?? none;
/** @internal */ export const ApiExtraModels: SwaggerDecorators['ApiExtraModels'] = swagger?.ApiExtraModels ?? none;
/** @internal */ export const ApiExcludeController: SwaggerDecorators['ApiExcludeController'] = swagger?.ApiExcludeController ?? none;
