// nestjs-dcr/http: helpers for a host's own endpoints (a token endpoint, a discovery document),
// read and parsed exactly as the module's own endpoints do. Promised under semantic versioning.
export type { DcrHttpRequest } from '../http/http-request';
export { DcrRawBody } from '../http/raw-body.decorator';
export type { BodyErrorFactory, BodyProblem } from '../http/body-error';
export { readJsonBody } from '../http/json-body.reader';
export type { JsonBodyOptions } from '../http/json-body.reader';
export { FORM_BODY_LIMITS, parseForm, readFormBody } from '../http/form-body.reader';
export type { FormBodyOptions, FormParameters } from '../http/form-body.reader';
export { isBasicAuthorization, parseBasicAuthorization } from '../authentication/basic-credentials';
export type { BasicCredentials } from '../authentication/basic-credentials';
export { presentedCredentials } from '../authentication/presented-credentials';
export type { PresentedCredentials } from '../authentication/presented-credentials';
export { clientIp } from '../network/client-address';
export { requestBaseUrl } from '../http/request-base-url';
