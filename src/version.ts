/** The package version, sent in the user agent. */
export const VERSION = '0.1.0';

/** The user agent a config's calls send: `alicloud-rx/<version>`, then `withUserAgent`'s text. */
export function userAgentOf(config: { readonly userAgent: string | undefined }): string {
  return `alicloud-rx/${VERSION}${config.userAgent ? ` ${config.userAgent}` : ''}`;
}
