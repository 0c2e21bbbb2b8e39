// node-oidc-provider as a peer in the HTTP load bench: dynamic registration (`/reg`, open, no
// initial access token) and the client_credentials grant (`/token`), with the library's default
// in-memory adapter, so nothing it stores reaches a disk. Started on PORT by the bench.
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const provider = new Provider(`http://127.0.0.1:${port}`, {
  features: {
    registration: { enabled: true },
    clientCredentials: { enabled: true },
    devInteractions: { enabled: false },
  },
  scopes: ['openid', 'offline_access', 'profile', 'payments:read', 'payments:write', 'reports:read', 'reports:write'],
});
// It warns at start that the in-memory adapter and its generated keys are for development only.
provider.listen(port, '127.0.0.1');
