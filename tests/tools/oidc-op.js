// A real OpenID Connect provider on loopback for the browser tests (oidc-provider, its dev login and consent pages).
// Usage: node oidc-op.js <port> <redirect uri> <client id> <client secret>
// Any login name is accepted; it becomes the account's e-mail. A name starting with "overifierad." has email_verified false.
const [port, redirectUri, clientId, clientSecret] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

// oidc-provider is an ES module; this file stays CommonJS like the others here.
import('oidc-provider').then(({ default: Provider }) => {
const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  cookies: { keys: ['narvaro-test-op-cookie-key'] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id.replace(/^overifierad\./, ''), email_verified: !id.startsWith('overifierad.') };
      },
    };
  },
});
provider.listen(Number(port), '127.0.0.1', () => console.log(`oidc-op listening on ${issuer}`));
});
