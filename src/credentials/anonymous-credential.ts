import { CredentialError } from '../errors/credential-error.js';
import type { Credential, CredentialProvider } from './credential.js';

/**
 * No credential: a client built with it sends its calls unsigned, for the few APIs that take no
 * signature (STS `AssumeRoleWithOIDC`, where the OIDC token in the parameters is the proof). An
 * RPC call then carries `Action`, `Version`, `Format` and `Timestamp` in the query and its
 * parameters in a form body (`POST`) or the query (`GET`); no `AccessKeyId`, no `x-acs-*` header.
 *
 * @example
 * import { AnonymousCredential, RpcClient } from 'alicloud-rx';
 * const sts = new RpcClient({ product: 'sts', version: '2015-04-01', regionId: 'cn-hangzhou', credential: new AnonymousCredential() });
 * await sts.request('AssumeRoleWithOIDC', { RoleArn, OIDCProviderArn, OIDCToken, RoleSessionName }, { secrets: [OIDCToken] });
 */
export class AnonymousCredential implements CredentialProvider {
  /** Never gives a key: the call pipeline does not ask, and anyone else is told why. */
  getCredential(): Promise<Credential> {
    return Promise.reject(
      new CredentialError('An AnonymousCredential holds no key: calls made with it are sent unsigned.'),
    );
  }

  toString(): string {
    return 'AnonymousCredential';
  }

  toJSON(): Record<string, string> {
    return { type: 'AnonymousCredential' };
  }
}
