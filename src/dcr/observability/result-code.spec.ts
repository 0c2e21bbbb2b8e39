import { NotFoundException } from '@nestjs/common';
import { InvalidClientMetadataError, InvalidTokenError, StorageUnavailableError, TooManyRequestsError } from '../errors/dcr.error';
import { databaseErrorClass, failureResult } from './result-code';

describe('failureResult', () => {
  it('names a DcrError by its OAuth error code', () => {
    expect(failureResult(new InvalidClientMetadataError('bad'))).toBe('invalid_client_metadata');
    expect(failureResult(new InvalidTokenError())).toBe('invalid_token');
  });

  it('names a rate limit and an outage apart from their OAuth codes', () => {
    expect(failureResult(new TooManyRequestsError('slow down', 3))).toBe('rate_limited');
    expect(failureResult(new StorageUnavailableError())).toBe('unavailable');
  });

  it('names other HTTP exceptions by status and anything else "error"', () => {
    expect(failureResult(new NotFoundException())).toBe('http_404');
    expect(failureResult(new Error('boom with a message'))).toBe('error');
    expect(failureResult('text')).toBe('error');
  });
});

describe('databaseErrorClass', () => {
  it('is the driver error class under a QueryFailedError, else the cause class', () => {
    class DatabaseError extends Error {}
    // pg names its errors by message type ("error"): the class is what tells them apart.
    expect(databaseErrorClass({ name: 'QueryFailedError', driverError: Object.assign(new DatabaseError('x'), { name: 'error' }) })).toBe('DatabaseError');
    expect(databaseErrorClass(Object.assign(new DatabaseError('x'), { name: 'DatabaseError' }))).toBe('DatabaseError');
    expect(databaseErrorClass(new TypeError('no connection'))).toBe('TypeError');
  });

  it('never returns free text', () => {
    expect(databaseErrorClass({ name: 'password=secret host=db' })).toBe('Object');
    expect(databaseErrorClass(undefined)).toBe('unknown');
    expect(databaseErrorClass('connection refused')).toBe('unknown');
  });
});
