import { StaticCredential } from './static-credential.js';

/**
 * A static AccessKey pair. The secret stays private: `toString()`, `JSON.stringify` and
 * `util.inspect` show only the AccessKeyId.
 *
 * @example
 * import { AccessKeyCredential } from 'alicloud-rx';
 * const credential = new AccessKeyCredential(process.env.ALIBABA_CLOUD_ACCESS_KEY_ID!, process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET!);
 */
export class AccessKeyCredential extends StaticCredential {
  constructor(accessKeyId: string, accessKeySecret: string) {
    super('AccessKeyCredential', { accessKeyId, accessKeySecret });
  }
}
