// alicloud-rx/node — Node-only additions (environment, files, metadata service).

export { EnvironmentCredentialProvider } from './credentials/environment-credential-provider.js';
