/** The package version, sent in the user agent. */
export const VERSION = '0.1.0';
