import { transportOf } from '../call/ky-transport.js';
import { parseResponse } from '../call/parse-response.js';
import { redact } from '../call/redact.js';
import { SendError, sendFailureError, sendRequest } from '../call/send-request.js';
import type { Config } from '../config.js';
import { formEncode } from '../signing/percent-encode.js';
import { formatTimestamp } from '../signing/timestamp.js';
import { userAgentOf } from '../version.js';

/** One `AssumeRoleWithOIDC` request. */
export interface AssumeRoleWithOidcInput {
  /** STS base URL, e.g. `https://sts.aliyuncs.com`. */
  endpoint: string;
  roleArn: string;
  oidcProviderArn: string;
  /** The OIDC token (a JWT), as read from the token file for this request. */
  oidcToken: string;
  roleSessionName: string;
  durationSeconds: number;
  policy: string | undefined;
  /** The `Timestamp` parameter. */
  date: Date;
  /** Timeouts, transport (`withFetch` / `withTransport`) and user agent. */
  config: Config;
}

const ACTION = 'AssumeRoleWithOIDC';

/**
 * Calls STS `AssumeRoleWithOIDC` (2015-04-01), which takes no signature: the OIDC token is the
 * proof. The request is the one credentials-go `credentials/providers/oidc.go` and
 * @alicloud/credentials `src/providers/oidc_role_arn.ts` send: `POST /?Version=2015-04-01&
 * Action=AssumeRoleWithOIDC&Format=JSON&Timestamp=<UTC ISO 8601>` with the form body `RoleArn`,
 * `OIDCProviderArn`, `OIDCToken`, `RoleSessionName`, `DurationSeconds` and `Policy` when given. One
 * attempt, as theirs (the refreshing provider tries again on the next call). The parsed answer, or
 * `ServerError` / `TimeoutError` / `NetworkError` with the token redacted from anything echoed.
 */
export async function assumeRoleWithOidc(input: AssumeRoleWithOidcInput): Promise<unknown> {
  const { config } = input;
  const query = formEncode(
    Object.entries({
      Version: '2015-04-01',
      Action: ACTION,
      Format: 'JSON',
      Timestamp: formatTimestamp(input.date),
    }),
  );
  const body = formEncode(
    Object.entries({
      RoleArn: input.roleArn,
      OIDCProviderArn: input.oidcProviderArn,
      OIDCToken: input.oidcToken,
      RoleSessionName: input.roleSessionName,
      DurationSeconds: String(input.durationSeconds),
      ...(input.policy ? { Policy: input.policy } : {}),
    }),
  );
  const clean = (text: string) => redact(text, [input.oidcToken]);
  const request = {
    method: 'POST' as const,
    url: `${new URL(input.endpoint).origin}/?${query}`,
    headers: {
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': userAgentOf(config),
    },
    body,
    signature: '', // anonymous: nothing signed
  };
  try {
    const response = await sendRequest(request, {
      timeout: config.readTimeout,
      connectTimeout: config.connectTimeout,
      maxResponseBytes: config.maxResponseBytes,
      controller: new AbortController(),
      transport: transportOf(config),
    });
    return parseResponse<unknown>(response, { action: ACTION, attempts: 1, redact: clean });
  } catch (error) {
    if (!(error instanceof SendError)) throw error;
    throw sendFailureError(error, { ...config, action: ACTION, attempts: 1 }, clean);
  }
}
