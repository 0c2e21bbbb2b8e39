import { Controller, Get, Header, HttpCode, Inject, NotFoundException, Req, UnauthorizedException } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DcrMetrics } from '../dcr';

/** Token of the example host's `/metrics` settings. */
export const EXAMPLE_METRICS_OPTIONS = 'EXAMPLE:METRICS_OPTIONS';

/** `/metrics` of the example host: served only with a token (`METRICS_TOKEN`). */
export interface ExampleMetricsOptions {
  /** Bearer token a scraper sends; without it `/metrics` answers 404. */
  token?: string;
}

/** Prometheus's text exposition format. */
const EXPOSITION_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * `GET /metrics`: the module's Prometheus metrics for a scraper that sends
 * `Authorization: Bearer <METRICS_TOKEN>`. Metrics say how many clients register, fail and are
 * throttled, which is not for everyone: without a configured token the route is not there (404),
 * and a request without the token gets 401. The token is compared as a digest in constant time.
 */
@Controller('metrics')
@ApiTags('Example host')
export class MetricsController {
  private readonly expected?: Buffer;

  constructor(
    private readonly metrics: DcrMetrics,
    @Inject(EXAMPLE_METRICS_OPTIONS) options: ExampleMetricsOptions,
  ) {
    this.expected = options.token ? digest(options.token) : undefined;
  }

  @Get()
  @HttpCode(200)
  @Header('Content-Type', EXPOSITION_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics (text exposition) for a scraper with the METRICS_TOKEN bearer token; 404 when no token is configured' })
  @ApiProduces('text/plain')
  @ApiResponse({ status: 200, description: 'Prometheus text exposition format' })
  @ApiResponse({ status: 401, description: 'Missing or wrong bearer token' })
  @ApiResponse({ status: 404, description: 'No METRICS_TOKEN configured, or metrics are off' })
  async scrape(@Req() request: { headers: Record<string, string | string[] | undefined> }): Promise<string> {
    if (!this.expected) throw new NotFoundException();
    const presented = /^Bearer (\S+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
    if (!presented || !timingSafeEqual(digest(presented), this.expected)) throw new UnauthorizedException();
    const exposition = await this.metrics.exposition();
    if (!exposition) throw new NotFoundException();
    return exposition.text;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
