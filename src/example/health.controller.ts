import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { HealthDto } from './dto/health.dto';
import { StorageReadiness } from './storage-readiness';

/**
 * Health for load balancers and orchestrators:
 * - `GET /health/live`: the process answers (liveness: restart it when this fails);
 * - `GET /health/ready` and `GET /health`: the database answers a read and takes a write
 *   (readiness: send it no traffic while this fails). 503 while either does not.
 */
@Controller('health')
@ApiTags('Example host')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly storage: StorageReadiness,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Readiness (same as /health/ready): 200 while the database answers and takes writes, 503 while it does not' })
  @ApiResponse({ status: 200, type: HealthDto })
  @ApiResponse({ status: 503, type: HealthDto })
  @HealthCheck()
  check() {
    return this.ready();
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 200 while the database answers and takes writes, 503 while it does not' })
  @ApiResponse({ status: 200, type: HealthDto })
  @ApiResponse({ status: 503, type: HealthDto })
  @HealthCheck()
  ready() {
    return this.health.check([() => this.database.pingCheck('database', { timeout: 1000 }), () => this.storage.check('storage')]);
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: 200 while the process answers; reads nothing' })
  @ApiResponse({ status: 200, type: HealthDto })
  @HealthCheck()
  live() {
    return this.health.check([]);
  }
}
