import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HealthIndicatorService } from '@nestjs/terminus';
import { accessSync, constants } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { TechClientStore, TypeOrmTechClientStore } from '../dcr';

/** How long a readiness check waits for the write probe. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Readiness of the client registry: a committed write through the path registrations take
 * (`TypeOrmTechClientStore.probeWrite`), not just a read. A full disk or a read-only file
 * still answers reads; with this check the instance leaves the load balancer's rotation while it
 * cannot store a client, and comes back once it can.
 *
 * An SQLite file that was read-only when the connection opened (an immutable or read-only file,
 * a read-only mount) stays read-only for that connection even after the cause is gone. When the
 * probe meets that and the file is writable again, the DataSource is opened again: the instance
 * recovers without a restart.
 */
@Injectable()
export class StorageReadiness {
  private readonly logger = new Logger('ExampleHost');

  constructor(
    private readonly store: TechClientStore,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'storage') {
    const indicator = this.health.check(key);
    if (!(this.store instanceof TypeOrmTechClientStore)) return indicator.up({ probe: 'skipped: custom store' });
    let failure = await this.probe();
    if (failure && (await this.reopenWritableSqlite(failure))) failure = await this.probe();
    if (!failure) return indicator.up();
    return indicator.down({ writable: false, reason: reasonOf(failure) });
  }

  /** Undefined when the write went through, else its error. */
  private async probe(): Promise<unknown> {
    if (!this.dataSource.isInitialized) return new Error('database not open');
    const timeout = sleep(PROBE_TIMEOUT_MS, undefined, { ref: false }).then(() => new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`));
    return Promise.race([(this.store as TypeOrmTechClientStore).probeWrite().then(() => undefined, (error: unknown) => error ?? new Error('write failed')), timeout]);
  }

  /** Opens the DataSource again when SQLite refused a write as read-only and the file now takes writes. */
  private async reopenWritableSqlite(failure: unknown): Promise<boolean> {
    const options = this.dataSource.options;
    if (options.type !== 'better-sqlite3' || options.database === ':memory:') return false;
    if (!String((failure as { code?: unknown }).code ?? '').startsWith('SQLITE_READONLY')) return false;
    try {
      accessSync(String(options.database), constants.W_OK);
    } catch {
      return false; // still read-only: nothing to recover yet
    }
    this.logger.warn('The SQLite file takes writes again but the connection was opened read-only: opening the database again');
    try {
      await this.dataSource.destroy();
    } finally {
      await this.dataSource.initialize();
    }
    return true;
  }
}

function reasonOf(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return [code, message].filter((part) => typeof part === 'string' && part).join(': ') || 'unknown error';
}
