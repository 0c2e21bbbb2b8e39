import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { createTestApp, profile, TestApp } from './utils/test-app';
import { RecordingLogger } from './utils/recording-logger';

const IAT = 'iat-for-the-log-test-0123456789abcdefghijklmnop';

describe('logs never carry a secret, a token or a software statement', () => {
  let t: TestApp;
  const logger = new RecordingLogger();
  let statement: string;

  beforeAll(async () => {
    const keys = await generateKeyPair('ES256');
    statement = await new SignJWT({ software_id: 'logged-app' }).setProtectedHeader({ alg: 'ES256' }).setIssuer('https://dir.example').setExpirationTime('5m').sign(keys.privateKey);
    t = await createTestApp(
      {
        ...profile('default'),
        management: { enabled: true, rotateRegistrationAccessToken: true },
        initialAccessToken: { required: true, tokens: [{ token: IAT, id: 'log-test' }] },
        softwareStatement: { trustedIssuers: [{ issuer: 'https://dir.example', jwks: { keys: [await exportJWK(keys.publicKey)] }, algorithms: ['ES256'] }] },
      },
      { logger },
    );
  });
  afterAll(() => t.close());

  it('through registration, read, update, refusals and delete', async () => {
    const secrets: string[] = [IAT, statement];
    const created = await request(t.http)
      .post('/oauth2/register')
      .set('Authorization', `Bearer ${IAT}`)
      .send({ software_statement: statement, grant_types: ['client_credentials'], client_name: 'Logged' })
      .expect(201);
    secrets.push(created.body.client_secret, created.body.registration_access_token);
    const path = new URL(created.body.registration_client_uri).pathname;

    const read = await request(t.http).get(path).set('Authorization', `Bearer ${created.body.registration_access_token}`).expect(200);
    secrets.push(read.body.registration_access_token);
    const updated = await request(t.http)
      .put(path)
      .set('Authorization', `Bearer ${read.body.registration_access_token}`)
      .send({ client_id: created.body.client_id, client_secret: created.body.client_secret, grant_types: ['client_credentials'], redirect_uris: ['javascript:x'] })
      .expect(400);
    expect(updated.body.error).toBe('invalid_redirect_uri');
    await request(t.http).get(path).set('Authorization', `Bearer ${created.body.registration_access_token}`).expect(401);
    await request(t.http).delete(path).set('Authorization', `Bearer ${read.body.registration_access_token}`).expect(204);

    const logs = logger.text();
    // The log did record the work (decision reports, audit lines): the check below means something.
    expect(logs).toContain('registration.accepted');
    expect(logs).toContain('tech_client.created');
    expect(logs).toContain('tech_client.deleted');
    expect(logs).toContain(created.body.client_id);
    for (const secret of secrets) {
      expect(typeof secret).toBe('string');
      expect(logs).not.toContain(secret);
    }
  });
});
