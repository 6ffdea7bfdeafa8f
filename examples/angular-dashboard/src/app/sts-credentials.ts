import { RefreshingCredentialProvider, type Credential, type CredentialProvider } from 'alicloud-rx';

/** Never ship an AccessKey to a browser: get short-lived STS credentials from your backend. */
export function stsCredentialsFrom(url: string): CredentialProvider {
  return new RefreshingCredentialProvider({
    fetchCredential: async () => {
      const response = await fetch(url, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      // { accessKeyId, accessKeySecret, securityToken, expiration (epoch ms) }
      return (await response.json()) as Credential;
    },
  });
}
