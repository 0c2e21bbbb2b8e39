import { Injectable } from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';
import { ConsentRequestEntity } from './consent-request.entity';
import { newOpaqueToken, tokenDigest } from './opaque-token';

/** How long the consent page's form can be posted. */
export const CONSENT_LIFETIME_MS = 10 * 60_000;

/**
 * Authorization requests waiting on the consent page, in the host's database (any instance may
 * receive the form). The form token is single use: taking it is one DELETE, and only the
 * request that deleted the row goes on.
 */
@Injectable()
export class ConsentRequestStore {
  constructor(private readonly dataSource: DataSource) {}

  private get requests() {
    return this.dataSource.getRepository(ConsentRequestEntity);
  }

  /** Keeps `request` for the browser holding `browserId`; returns the form token. */
  async put(request: object, browserId: string, now = Date.now()): Promise<string> {
    const token = newOpaqueToken();
    await this.requests.delete({ expiresAt: LessThan(now) });
    await this.requests.insert({ digest: tokenDigest(token), browserDigest: tokenDigest(browserId), request: JSON.stringify(request), expiresAt: now + CONSENT_LIFETIME_MS });
    return token;
  }

  /**
   * The request of `token`, removed so that the token cannot be used again; undefined when the
   * token is unknown, used, expired, or was given to another browser.
   */
  async take<T>(token: string, browserId: string | undefined, now = Date.now()): Promise<T | undefined> {
    const digest = tokenDigest(token);
    const row = await this.requests.findOneBy({ digest });
    if (!row) return undefined;
    const { affected } = await this.requests.delete({ digest });
    if (affected !== 1 || row.expiresAt <= now) return undefined;
    if (browserId === undefined || tokenDigest(browserId) !== row.browserDigest) return undefined;
    return JSON.parse(row.request) as T;
  }
}
