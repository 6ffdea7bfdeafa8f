/** A region the fake ECS serves, with the prefix its resource ids carry and its zone letters. */
export interface RegionSpec {
  readonly id: string;
  readonly localName: string;
  /** The three characters after `i-`, `vpc-`, `vsw-`, `sg-` in this region's ids. */
  readonly idPrefix: string;
  readonly zoneLetters: string;
}

/** The public regions of Alibaba Cloud ECS the fake cloud knows, in a stable order. */
export const REGIONS: readonly RegionSpec[] = [
  { id: 'cn-qingdao', localName: '华北1（青岛）', idPrefix: 'm5e', zoneLetters: 'bc' },
  { id: 'cn-beijing', localName: '华北2（北京）', idPrefix: '2ze', zoneLetters: 'fghijkl' },
  { id: 'cn-zhangjiakou', localName: '华北3（张家口）', idPrefix: '8vb', zoneLetters: 'abc' },
  { id: 'cn-huhehaote', localName: '华北5（呼和浩特）', idPrefix: 'hp3', zoneLetters: 'ab' },
  { id: 'cn-wulanchabu', localName: '华北6（乌兰察布）', idPrefix: '0jl', zoneLetters: 'abc' },
  { id: 'cn-hangzhou', localName: '华东1（杭州）', idPrefix: 'bp1', zoneLetters: 'hijk' },
  { id: 'cn-shanghai', localName: '华东2（上海）', idPrefix: 'uf6', zoneLetters: 'befglmn' },
  { id: 'cn-nanjing', localName: '华东5（南京-本地地域）', idPrefix: 'gc7', zoneLetters: 'a' },
  { id: 'cn-fuzhou', localName: '华东6（福州-本地地域）', idPrefix: 'gw0', zoneLetters: 'a' },
  { id: 'cn-shenzhen', localName: '华南1（深圳）', idPrefix: 'wz9', zoneLetters: 'abcdef' },
  { id: 'cn-heyuan', localName: '华南2（河源）', idPrefix: 'f8z', zoneLetters: 'ab' },
  { id: 'cn-guangzhou', localName: '华南3（广州）', idPrefix: '7xv', zoneLetters: 'ab' },
  { id: 'cn-chengdu', localName: '西南1（成都）', idPrefix: '2vc', zoneLetters: 'ab' },
  { id: 'cn-hongkong', localName: '中国香港', idPrefix: 'j6c', zoneLetters: 'bcd' },
  { id: 'ap-northeast-1', localName: '日本（东京）', idPrefix: '6we', zoneLetters: 'abc' },
  { id: 'ap-northeast-2', localName: '韩国（首尔）', idPrefix: 'mj7', zoneLetters: 'a' },
  { id: 'ap-southeast-1', localName: '新加坡', idPrefix: 't4n', zoneLetters: 'abc' },
  { id: 'ap-southeast-3', localName: '马来西亚（吉隆坡）', idPrefix: '8ps', zoneLetters: 'ab' },
  { id: 'ap-southeast-5', localName: '印度尼西亚（雅加达）', idPrefix: 'k1a', zoneLetters: 'abc' },
  { id: 'ap-southeast-6', localName: '菲律宾（马尼拉）', idPrefix: '5ts', zoneLetters: 'a' },
  { id: 'ap-southeast-7', localName: '泰国（曼谷）', idPrefix: '0jo', zoneLetters: 'a' },
  { id: 'us-east-1', localName: '美国（弗吉尼亚）', idPrefix: '0xi', zoneLetters: 'ab' },
  { id: 'us-west-1', localName: '美国（硅谷）', idPrefix: 'rj9', zoneLetters: 'ab' },
  { id: 'eu-west-1', localName: '英国（伦敦）', idPrefix: 'd7o', zoneLetters: 'ab' },
  { id: 'eu-central-1', localName: '德国（法兰克福）', idPrefix: 'gw8', zoneLetters: 'abc' },
  { id: 'me-east-1', localName: '阿联酋（迪拜）', idPrefix: 'eb3', zoneLetters: 'a' },
  { id: 'me-central-1', localName: '沙特（利雅得）', idPrefix: 'l4v', zoneLetters: 'ab' },
];

/** The ids of every known region, in catalog order. */
export const KNOWN_REGION_IDS: readonly string[] = REGIONS.map((r) => r.id);

/** The spec of a known region, or undefined. */
export function regionSpec(regionId: string): RegionSpec | undefined {
  return REGIONS.find((r) => r.id === regionId);
}

/** The zone ids of a region: `<region>-<letter>`. */
export function zoneIdsOf(region: RegionSpec): string[] {
  return [...region.zoneLetters].map((letter) => `${region.id}-${letter}`);
}

/** The local (Chinese) name of a zone, e.g. `华东1（杭州） 可用区 H`. */
export function zoneLocalName(region: RegionSpec, zoneId: string): string {
  return `${region.localName} 可用区 ${zoneId.slice(region.id.length + 1).toUpperCase()}`;
}

/** An instance type with its vCPUs, memory (MiB) and pay-as-you-go hourly price (CNY). */
export interface InstanceTypeSpec {
  readonly type: string;
  readonly family: string;
  readonly cpu: number;
  readonly memory: number;
  readonly hourlyPrice: number;
}

function t(type: string, cpu: number, gib: number, hourlyPrice: number): InstanceTypeSpec {
  const family = type.slice(0, type.lastIndexOf('.'));
  return { type, family, cpu, memory: gib * 1024, hourlyPrice };
}

/** The instance types every zone of the fake cloud offers. */
export const INSTANCE_TYPES: readonly InstanceTypeSpec[] = [
  t('ecs.g7.large', 2, 8, 0.7),
  t('ecs.g7.xlarge', 4, 16, 1.4),
  t('ecs.g7.2xlarge', 8, 32, 2.8),
  t('ecs.c7.large', 2, 4, 0.55),
  t('ecs.c7.xlarge', 4, 8, 1.1),
  t('ecs.c7.2xlarge', 8, 16, 2.2),
  t('ecs.r7.large', 2, 16, 0.9),
  t('ecs.r7.xlarge', 4, 32, 1.8),
  t('ecs.u1-c1m2.large', 2, 4, 0.45),
  t('ecs.t6-c1m2.large', 2, 4, 0.2),
];

/** The spec of a known instance type, or undefined. */
export function instanceTypeSpec(type: string): InstanceTypeSpec | undefined {
  return INSTANCE_TYPES.find((s) => s.type === type);
}

/** What an image id says about the system it boots. */
export interface ImageSpec {
  readonly imageId: string;
  readonly osName: string;
  readonly osNameEn: string;
  readonly osType: 'linux' | 'windows';
}

/** Public images the seeded instances use. */
export const IMAGES: readonly ImageSpec[] = [
  {
    imageId: 'aliyun_3_x64_20G_alibase_20240528.vhd',
    osName: 'Alibaba Cloud Linux  3.2104 LTS 64位',
    osNameEn: 'Alibaba Cloud Linux  3.2104 LTS 64 bit',
    osType: 'linux',
  },
  {
    imageId: 'ubuntu_22_04_x64_20G_alibase_20240508.vhd',
    osName: 'Ubuntu  22.04 64位',
    osNameEn: 'Ubuntu  22.04 64 bit',
    osType: 'linux',
  },
  {
    imageId: 'centos_7_9_x64_20G_alibase_20240403.vhd',
    osName: 'CentOS  7.9 64位',
    osNameEn: 'CentOS  7.9 64 bit',
    osType: 'linux',
  },
  {
    imageId: 'win2022_21H2_x64_dtc_en-us_40G_alibase_20240515.vhd',
    osName: 'Windows Server  2022 数据中心版 64位英文版',
    osNameEn: 'Windows Server  2022 Data Center Edition 64bit English Edition',
    osType: 'windows',
  },
];

/** What an image id describes: a known image, or a guess from its name (`win…` is Windows). */
export function imageSpec(imageId: string): ImageSpec {
  const known = IMAGES.find((i) => i.imageId === imageId);
  if (known) return known;
  const windows = /^win/i.test(imageId);
  const name = windows ? 'Windows Server 64位' : 'Linux 64位';
  return {
    imageId,
    osName: name,
    osNameEn: windows ? 'Windows Server 64 bit' : 'Linux 64 bit',
    osType: windows ? 'windows' : 'linux',
  };
}
