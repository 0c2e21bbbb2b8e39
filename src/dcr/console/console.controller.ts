import { applyDecorators, Controller, Get, Header, Inject, Req, Type, UseFilters } from '@nestjs/common';
import { DCR_RESOLVED_OPTIONS } from '../dcr.constants';
import { DcrExceptionFilter } from '../errors/dcr-exception.filter';
import { NotFoundError } from '../errors/not-found.error';
import type { DcrHttpRequest } from '../http/http-request';
import { DcrRawBody } from '../http/raw-body.decorator';
import { ApiExcludeController } from '../openapi/swagger.decorators';
import type { ResolvedDcrOptions } from '../options/resolved-options';
import { CONSOLE_ICON, consolePage } from './console-page';
import { CONSOLE_SCRIPT } from './console-script';
import { CONSOLE_STYLE } from './console-style';

/** Path of the console, below the admin API's path. @internal */
export const CONSOLE_PATH = 'console';

/**
 * The page's policy: its own script and style only, no inline code, no framing, and requests to
 * this origin only (the admin API).
 * @internal
 */
export const CONSOLE_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** A console route, with the headers of every console answer. */
function ConsoleAnswer(path: string, contentType: string): MethodDecorator {
  return applyDecorators(
    Get(path),
    DcrRawBody(),
    Header('Content-Type', contentType),
    Header('Content-Security-Policy', CONSOLE_CONTENT_SECURITY_POLICY),
    Header('X-Content-Type-Options', 'nosniff'),
    Header('X-Frame-Options', 'DENY'),
    Header('Referrer-Policy', 'no-referrer'),
    Header('Cache-Control', 'no-store'),
  );
}

/**
 * The admin web console (`console` extra): one page and its script, style and icon, served from
 * strings built into the package, so neither platform needs a static-file plugin. The page holds
 * no data; the script asks the admin API with the admin token the administrator types in, so the
 * console is open exactly when the admin API is (`admin.enabled`), and answers 404 otherwise.
 * @internal
 */
@UseFilters(DcrExceptionFilter)
@ApiExcludeController()
export abstract class AdminConsoleController {
  constructor(@Inject(DCR_RESOLVED_OPTIONS) private readonly options: ResolvedDcrOptions) {}

  @ConsoleAnswer('', 'text/html; charset=utf-8')
  page(@Req() request: DcrHttpRequest): string {
    this.assertEnabled();
    return consolePage(assetPrefix(request));
  }

  @ConsoleAnswer('app.js', 'text/javascript; charset=utf-8')
  script(): string {
    this.assertEnabled();
    return CONSOLE_SCRIPT;
  }

  @ConsoleAnswer('app.css', 'text/css; charset=utf-8')
  style(): string {
    this.assertEnabled();
    return CONSOLE_STYLE;
  }

  @ConsoleAnswer('icon.svg', 'image/svg+xml')
  icon(): string {
    this.assertEnabled();
    return CONSOLE_ICON;
  }

  private assertEnabled(): void {
    if (!this.options.admin.enabled) throw new NotFoundError('no such route');
  }
}

/**
 * How the page names its assets, relative to its own URL so that a host's global prefix is kept:
 * `console/app.js` from `…/console`, `app.js` from `…/console/`.
 */
function assetPrefix(request: DcrHttpRequest): string {
  const path = (request.originalUrl ?? request.url ?? '').split('?')[0];
  return path.endsWith('/') ? '' : `${CONSOLE_PATH}/`;
}

/** The console controller at `<adminPath>/console`; mounted before the client routes, so `:id` never shadows it. @internal */
export function adminConsoleController(adminPath: string): Type<AdminConsoleController> {
  @Controller(`${adminPath}/${CONSOLE_PATH}`)
  class MountedAdminConsoleController extends AdminConsoleController {}
  Object.defineProperty(MountedAdminConsoleController, 'name', { value: `AdminConsoleController[${adminPath}]` });
  return MountedAdminConsoleController;
}
