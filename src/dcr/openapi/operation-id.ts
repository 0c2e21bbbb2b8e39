/**
 * `operationIdFactory` for `SwaggerModule.createDocument(app, config, { operationIdFactory: dcrOperationId })`:
 * `RegistrationController_partners_register`. Swagger's default joins the controller's class name
 * and the method name, and the module's per-server classes are named
 * `RegistrationController[partners]` (that name is what Nest's logs show), which code
 * generators cannot use as an identifier. Other controllers keep their default id.
 * @publicApi
 */
export function dcrOperationId(controllerKey: string, methodKey: string): string {
  return `${controllerKey.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '')}_${methodKey}`;
}
