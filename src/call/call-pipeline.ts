import { Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { Budget } from '../budget/budget.js';
import { ThrottlingError } from '../errors/throttling-error.js';
import { AnonymousCredential } from '../credentials/anonymous-credential.js';
import type { Credential, CredentialProvider } from '../credentials/credential.js';
import { StaticCredential } from '../credentials/static-credential.js';
import { checkCredential } from '../credentials/check-credential.js';
import { CredentialError } from '../errors/credential-error.js';
import { isSdkError } from '../errors/sdk-error.js';
import { AttemptAbort } from './attempt-abort.js';
import type { SignedRequest } from './build-rpc-request.js';
import type { CallPolicy } from './call-policy.js';
import { parseResponse, requestIdOf, type ResponseContext } from './parse-response.js';
import { redact } from './redact.js';
import { retryWithBackoff } from './retry-with-backoff.js';
import { SendError, sendFailureError, sendRequest } from './send-request.js';
import type { Transport, TransportResponse } from '../http/transport.js';
import { failureCode, type CallTrace } from '../events/call-trace.js';
import { ServerError } from '../errors/server-error.js';

/**
 * One logical call of any API style (RPC, ROA), fully resolved from config, options and
 * parameters: the style only says how an attempt's request is built and signed.
 */
export interface CallSpec {
  /** How it is sent, retried and bounded (shared by the calls of a client that give no options). */
  policy: CallPolicy;
  action: string;
  /**
   * Builds and signs one attempt's request with a fresh date and nonce; `credential` is
   * `undefined` for an unsigned call. The request itself when nothing had to wait.
   */
  build: (
    credential: Credential | undefined,
    date: Date,
    nonce: string,
  ) => SignedRequest | Promise<SignedRequest>;
  /** Asked once per attempt; an `AnonymousCredential` is never asked, the call goes unsigned. */
  credential: CredentialProvider;
  transport: Transport;
  /** Values to redact from anything the server echoes, besides the credential's and the signature. */
  secrets?: readonly string[];
  /** A 2xx answer may be any JSON or empty (ROA), not only an object (RPC). */
  anySuccessBody?: boolean;
  /** Asked for a token before each attempt, and told how it ended (`Config.withBudget`). */
  budget?: Budget | undefined;
  /** Told of each attempt, answer and retry, when the call is traced (`client.events$`). */
  trace?: CallTrace | undefined;
}

/** The call's sources of time and randomness, injectable for tests. */
export interface CallEnvironment {
  now: () => Date;
  nonce: () => string;
  random: () => number;
  scheduler?: SchedulerLike;
  /** Told before each retry, with the failure that caused it and the wait before it (ms). */
  onRetry?: (error: unknown, retry: number, delayMs: number) => void;
}

const staticGetCredential = StaticCredential.prototype.getCredential;

// A static key was checked and frozen when it was made: it is taken as it is, without a turn
// (unless a subclass overrides getCredential, which is then asked as any provider is).
function credentialFor(spec: CallSpec): Credential | undefined | Promise<Credential | undefined> {
  const provider = spec.credential;
  if (provider instanceof StaticCredential && provider.getCredential === staticGetCredential)
    return provider.credentialNow();
  if (provider instanceof AnonymousCredential) return undefined;
  return askProvider(spec);
}

async function askProvider(spec: CallSpec): Promise<Credential> {
  try {
    return checkCredential(await spec.credential.getCredential(), 'The credential provider');
  } catch (error) {
    if (isSdkError(error)) throw error;
    throw new CredentialError(`Could not get a credential for ${spec.action}.`, { cause: error });
  }
}

async function attempt<T>(
  spec: CallSpec,
  env: CallEnvironment,
  attempts: number,
  abort: AttemptAbort,
): Promise<T> {
  const asked = credentialFor(spec);
  const credential = asked instanceof Promise ? await asked : asked;
  const built = spec.build(credential, env.now(), env.nonce());
  const request = built instanceof Promise ? await built : built;
  const trace = spec.trace;
  const extra = trace?.attempt(request.method);
  const sent = extra ? { ...request, headers: { ...request.headers, ...extra } } : request;
  const clean = (text: string) =>
    redact(text, [
      credential?.accessKeySecret,
      credential?.securityToken,
      request.signature,
      ...(spec.secrets ?? []),
    ]);
  try {
    const response = await sendRequest(sent, {
      timeout: spec.policy.readTimeout,
      connectTimeout: spec.policy.connectTimeout,
      maxResponseBytes: spec.policy.maxResponseBytes,
      abort,
      transport: spec.transport,
    });
    const options = { action: spec.action, attempts, redact: clean, anySuccessBody: spec.anySuccessBody };
    return trace ? tracedParse<T>(trace, response, options) : parseResponse<T>(response, options);
  } catch (error) {
    if (!(error instanceof SendError)) throw error;
    const { readTimeout, connectTimeout } = spec.policy;
    throw sendFailureError(error, { action: spec.action, readTimeout, connectTimeout, attempts }, clean);
  }
}

/** The answer parsed, telling `trace` of it: its status, RequestId, error code, throttling. */
function tracedParse<T>(trace: CallTrace, response: TransportResponse, context: ResponseContext): T {
  let value: T;
  try {
    value = parseResponse<T>(response, context);
  } catch (error) {
    trace.response(
      response.status,
      error instanceof ServerError ? error.requestId : undefined,
      failureCode(error),
    );
    if (error instanceof ThrottlingError) trace.throttled(error.code, error.retryAfter);
    throw error;
  }
  trace.response(response.status, requestIdOf(value, response, context));
  return value;
}

/**
 * One logical call as a cold Observable: each attempt gets a fresh credential, date, nonce and
 * signature and its own AbortController (aborted on unsubscribe); failed attempts are retried as
 * {@link isRetryable} allows, after {@link backoffDelay}; a throttled answer asking for a longer
 * wait than `maxRetryAfter` ends the call at once.
 */
export function callPipeline$<T>(spec: CallSpec, env: CallEnvironment): Observable<T> {
  let attempts = 0;
  const budget = spec.budget;
  const attempt$ = new Observable<T>((subscriber) => {
    const abort = new AttemptAbort();
    let settled = false;
    let sent = false;
    const send = () => {
      sent = true;
      attempt<T>(spec, env, ++attempts, abort).then(
        (value) => {
          settled = true;
          budget?.report('ok');
          subscriber.next(value);
          subscriber.complete();
        },
        (error: unknown) => {
          settled = true;
          if (error instanceof ThrottlingError) budget?.report('throttled');
          subscriber.error(error);
        },
      );
    };
    // With a budget, each attempt (a retry too) waits for a rate token first.
    let token: Subscription | undefined;
    if (budget)
      token = budget.token$().subscribe({ complete: send, error: (e: unknown) => subscriber.error(e) });
    else send();
    // Abort only an attempt still under way (aborting a finished one costs a DOMException).
    return () => {
      token?.unsubscribe();
      if (sent && !settled) abort.abort();
    };
  });
  const policy = spec.policy;
  if (!policy.autoRetry || policy.maxRetryTime === 0) return attempt$;
  const trace = spec.trace;
  const onRetry = env.onRetry;
  return retryWithBackoff<T>({
    maxRetries: policy.maxRetryTime,
    idempotent: policy.idempotent,
    retryOn: policy.retryOn,
    maxRetryAfter: policy.maxRetryAfter,
    baseDelay: policy.retryBaseDelay,
    maxDelay: policy.retryMaxDelay,
    random: env.random,
    scheduler: env.scheduler,
    onRetry: trace
      ? (error, retry, delay) => {
          onRetry?.(error, retry, delay);
          trace.retry(error, delay);
        }
      : onRetry,
  })(attempt$);
}
