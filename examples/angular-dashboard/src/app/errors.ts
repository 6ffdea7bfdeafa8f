/**
 * A readable line for a failed call: the SDK's message up to its first full stop (action, code and
 * the service's sentence; a signature mismatch's long string-to-sign left out), and the RequestId
 * for a support ticket. Never a secret: the SDK redacts what the server echoes.
 */
export function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const first = /^[\s\S]*?\.(?=\s|$)/.exec(error.message)?.[0] ?? error.message;
  const requestId = (error as { requestId?: unknown }).requestId;
  return typeof requestId === 'string' ? `${first} (RequestId ${requestId})` : first;
}
