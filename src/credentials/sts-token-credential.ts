import { StaticCredential } from './static-credential.js';

/**
 * A static STS credential (AccessKey pair plus security token). Secret and token stay private.
 *
 * @example
 * import { StsTokenCredential } from 'alicloud-rx';
 * const credential = new StsTokenCredential('STS.id', 'secret', 'CAIS…token');
 */
export class StsTokenCredential extends StaticCredential {
  constructor(accessKeyId: string, accessKeySecret: string, securityToken: string) {
    super('StsTokenCredential', { accessKeyId, accessKeySecret, securityToken: securityToken ?? '' });
  }
}
