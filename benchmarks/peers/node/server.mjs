// node-oidc-provider with one client_credentials client and RS256 JWT access tokens, like SSO Kit's S1.
// usage: PORT=9601 SECRET=... node server.mjs
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT || 9601);
const issuer = `http://127.0.0.1:${port}`;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'bench', use: 'sig', alg: 'RS256' };
const provider = new Provider(issuer, {
  clients: [{ client_id: 'bench-cc', client_secret: process.env.SECRET, grant_types: ['client_credentials'],
    response_types: [], redirect_uris: [], scope: 'api', token_endpoint_auth_method: 'client_secret_basic' }],
  jwks: { keys: [jwk] },
  scopes: ['api'],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:bench:api',
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'api', accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
    },
  },
});
provider.listen(port, '127.0.0.1', () => console.log(`listening ${issuer}`));
