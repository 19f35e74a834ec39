import { beforeAll, describe, expect, it } from 'vitest';
import { createCsca } from './csca.js';
import { createDsc } from './dsc.js';
import { type ManagedCertificate, planRotation, signingDsc } from './rotation.js';
import { createUploadCertificate } from './service-certificates.js';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const codes = (plan: { findings: { code: string }[] }) => plan.findings.map((f) => f.code);

let csca: ManagedCertificate;
let dsc1: ManagedCertificate;
let dsc2: ManagedCertificate;
let lane: ManagedCertificate;
let upload: ManagedCertificate;

beforeAll(async () => {
  const ca = await createCsca({ country: 'KR', commonName: 'CSCA KR', now: d('2026-01-01') });
  const signer = { certificate: ca.der, privateKey: ca.keys.privateKey };
  csca = { label: 'csca-kr', certificate: ca.der };
  // Signs 2026-01-01 .. 2026-07-01, valid until 2028-01-01.
  const first = await createDsc({
    csca: signer,
    country: 'KR',
    commonName: 'DSC KR 1',
    usages: ['vaccination', 'test', 'recovery'],
    now: d('2026-01-01'),
  });
  dsc1 = { label: 'dsc-kr-1', certificate: first.der };
  // Published 2026-06-10, signs from 2026-06-24 (14 days of overlap) to 2026-12-24.
  const second = await createDsc({
    csca: signer,
    country: 'KR',
    commonName: 'DSC KR 2',
    usages: ['vaccination', 'test', 'recovery'],
    now: d('2026-06-10'),
    privateKeyUsage: { notBefore: d('2026-06-24') },
  });
  dsc2 = { label: 'dsc-kr-2', certificate: second.pem };
  const laneDsc = await createDsc({
    csca: signer,
    country: 'KR',
    commonName: 'Lane KR',
    usages: ['lane-document'],
    now: d('2026-02-01'),
  });
  lane = { label: 'lane-kr-1', certificate: laneDsc.der };
  const up = await createUploadCertificate({
    country: 'KR',
    commonName: 'Upload KR',
    now: d('2026-01-01'),
  });
  upload = { label: 'upload-kr', certificate: up.der };
});

describe('planRotation', () => {
  it('signs with the only DSC whose signing period has begun; the published successor waits', async () => {
    const plan = await planRotation([csca, dsc1, dsc2, lane, upload], { at: d('2026-03-01') });
    expect(signingDsc(plan, 'KR', 'vaccination')).toBe('dsc-kr-1');
    expect(signingDsc(plan, 'KR', 'lane-document')).toBe('lane-kr-1');
    expect(signingDsc(plan, 'KR', 'entry-pass')).toBeUndefined();
    const states = Object.fromEntries(plan.entries.map((e) => [e.label, `${e.kind}:${e.state}`]));
    expect(states).toEqual({
      'csca-kr': 'csca:issuing',
      'dsc-kr-1': 'dsc:signing',
      'dsc-kr-2': 'dsc:not-yet-valid',
      'lane-kr-1': 'dsc:signing',
      'upload-kr': 'other:verify-only',
    });
    expect(plan.due).toEqual([]);
    expect(plan.findings).toEqual([]);
  });

  it('marks the signing DSC due once it is within the overlap of its end and has no successor', async () => {
    const plan = await planRotation([csca, dsc1], { at: d('2026-06-18'), overlapDays: 14 });
    expect(plan.due).toEqual([
      {
        label: 'dsc-kr-1',
        country: 'KR',
        usages: ['test', 'vaccination', 'recovery'],
        signUntil: d('2026-07-01'),
        rotateBy: d('2026-06-17'),
      },
    ]);
    expect(codes(plan)).toEqual(['PKI_DSC_ROTATION_DUE']);
    const calm = await planRotation([csca, dsc1], { at: d('2026-06-16'), overlapDays: 14 });
    expect(calm.due).toEqual([]);
  });

  it('keeps the old DSC signing while the successor is pending, then hands over', async () => {
    const before = await planRotation([csca, dsc1, dsc2], { at: d('2026-06-18') });
    expect(signingDsc(before, 'KR', 'test')).toBe('dsc-kr-1');
    expect(before.entries.find((e) => e.label === 'dsc-kr-2')?.state).toBe('pending');
    expect(before.due).toEqual([]);
    const after = await planRotation([csca, dsc1, dsc2], { at: d('2026-06-24') });
    expect(signingDsc(after, 'KR', 'test')).toBe('dsc-kr-2');
    expect(after.entries.find((e) => e.label === 'dsc-kr-1')?.state).toBe('verify-only');
    expect(after.findings).toEqual([]);
  });

  it('says no DSC may sign once the signing period ended, while the old one still verifies', async () => {
    const plan = await planRotation([csca, dsc1], { at: d('2026-07-02') });
    expect(signingDsc(plan, 'KR', 'vaccination')).toBeUndefined();
    expect(plan.entries.find((e) => e.label === 'dsc-kr-1')?.state).toBe('verify-only');
    expect(codes(plan)).toEqual(['PKI_NO_ACTIVE_DSC']);
  });

  it('warns of DSC expiry within warnDays and of a CSCA that can no longer issue', async () => {
    const plan = await planRotation([csca, dsc1], { at: d('2027-12-15'), warnDays: 30 });
    expect(codes(plan)).toEqual([
      'PKI_NO_ACTIVE_DSC',
      'PKI_DSC_EXPIRING',
      'PKI_CSCA_KEY_USAGE_ENDED',
    ]);
    const dscWarning = plan.findings.find((f) => f.code === 'PKI_DSC_EXPIRING');
    expect(dscWarning?.params).toMatchObject({ label: 'dsc-kr-1', days: 17 });
  });

  it('warns of a CSCA expiring within a year and notes expired certificates', async () => {
    const plan = await planRotation([csca, dsc1], { at: d('2029-06-01'), lang: 'ko' });
    expect(codes(plan)).toEqual([
      'PKI_NO_ACTIVE_DSC',
      'PKI_CSCA_EXPIRING',
      'PKI_CERTIFICATE_EXPIRED',
      'PKI_CSCA_KEY_USAGE_ENDED',
    ]);
    expect(plan.findings.find((f) => f.code === 'PKI_CSCA_EXPIRING')?.message).toContain('만료');
  });
});
