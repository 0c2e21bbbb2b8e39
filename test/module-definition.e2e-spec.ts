import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import { DcrModule, DcrModuleOptions, RegistrationService } from '../src/dcr';
import { TEST_SECRET_KEY } from './utils/test-app';
import { createTestDatabase, TestDatabase } from './utils/test-database';
import { createHttpApp } from './utils/http-adapter';

@Injectable()
class HostSettings {
  readonly dcr: DcrModuleOptions = {
    secretKey: TEST_SECRET_KEY,
    registrationPath: 'connect/register',
    clientSecret: {},
    processors: { tokenEndpointAuthMethod: {} },
  };
}

@Module({ providers: [HostSettings], exports: [HostSettings] })
class HostSettingsModule {}

describe('DcrModule.forRoot / forRootAsync', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  const compile = (dcr: ReturnType<typeof DcrModule.forRoot>) =>
    Test.createTestingModule({ imports: [TypeOrmModule.forRoot(database.options), dcr] }).compile();
  // A module that fails to compile never closes its DataSource: give it a throwaway one.
  const compileFailing = (dcr: ReturnType<typeof DcrModule.forRoot>) =>
    Test.createTestingModule({ imports: [TypeOrmModule.forRoot({ ...database.options, type: 'better-sqlite3', database: ':memory:' } as never), dcr] }).compile();

  it('forRootAsync builds options from an injected factory', async () => {
    const moduleRef = await compile(
      DcrModule.forRootAsync({
        imports: [HostSettingsModule],
        inject: [HostSettings],
        useFactory: (settings: HostSettings) => settings.dcr,
        registrationPaths: { default: 'connect/register' },
      }),
    );
    const app = await createHttpApp(moduleRef, { bodyParser: false, logger: false });
    try {
      const response = await request(app.getHttpServer()).post('/connect/register').send({ grant_types: ['client_credentials'] }).expect(201);
      expect(response.body.client_secret).toHaveLength(43);
      expect(app.get(RegistrationService)).toBeInstanceOf(RegistrationService);
    } finally {
      await app.close();
    }
  });

  it('forRootAsync refuses options whose servers differ from the declared routes', async () => {
    await expect(
      compileFailing(DcrModule.forRootAsync({ useFactory: () => ({ secretKey: TEST_SECRET_KEY, registrationPath: 'elsewhere' }) })),
    ).rejects.toThrow(
      'Invalid DcrModule options:\n  - authorization server "default": registrationPath "elsewhere" differs from registrationPaths "oauth2/register"',
    );
  });

  it('refuses invalid options at start-up with one error naming every problem', async () => {
    const options = {
      secretKey: 'short',
      clientSecret: { length: 16 },
      grants: { password: true },
      processors: {
        scope: { allowed: ['(unclosed'] },
        tokenEndpointAuthMethod: { allowed: ['client_secret_jwt'] },
        clientName: { mandatory: 'yes' },
      },
    } as unknown as DcrModuleOptions;
    await expect(compileFailing(DcrModule.forRoot(options))).rejects.toThrow(
      [
        'Invalid DcrModule options:',
        '  - options.secretKey: must be at least 32 characters',
        '  - options.grants.password: unknown option',
        '  - options.clientSecret.length: 16 characters carry 96 bits; at least 128 bits (22 characters) are required',
        '  - options.processors.clientName.mandatory: must be true or false',
        '  - options.processors.scope.allowed[0]: invalid regular expression /(unclosed/: error parsing regexp: missing closing ): `(unclosed`',
        '  - options.processors.tokenEndpointAuthMethod.allowed: unknown auth method "client_secret_jwt" (supported: none, client_secret_basic, client_secret_post, private_key_jwt, tls_client_auth, self_signed_tls_client_auth)',
      ].join('\n'),
    );
  });

  it('isGlobal makes the services injectable everywhere', async () => {
    @Injectable()
    class Consumer {
      constructor(readonly registration: RegistrationService) {}
    }
    @Module({ providers: [Consumer] })
    class FeatureModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [TypeOrmModule.forRoot(database.options), DcrModule.forRoot({ secretKey: TEST_SECRET_KEY, isGlobal: true }), FeatureModule],
    }).compile();
    expect(moduleRef.get(Consumer).registration).toBeInstanceOf(RegistrationService);
    await moduleRef.close();
  });
});
