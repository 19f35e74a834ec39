/**
 * The China–Korea fast track of May 2020 as a Corridor lane (version 1), with the figures of
 * `shared/design/research/fast-track-lanes.md`: four categories, ten Chinese regions and all
 * of Korea, tests within 72 h (Korea, by calendar day from 2021) or 48 h (China), a 7-day
 * entry window, 14 days of exemption, an arrival test and a hold of up to two days. An example
 * for the demo and the tests, not the official text of either country.
 */
import type { Lane, LaneCategory } from '../types.js';

const NAAT = 'LP6464-4';
const NOT_DETECTED = '260415000';

/** The four categories of the 2020 lane. */
export const FAST_TRACK_CATEGORIES: LaneCategory[] = [
  { code: 'BUSINESS', names: { en: 'Important business', zh: '重要商务', ko: '중요 사업' } },
  { code: 'LOGISTICS', names: { en: 'Logistics', zh: '物流', ko: '물류' } },
  { code: 'PRODUCTION', names: { en: 'Production', zh: '生产', ko: '생산' } },
  {
    code: 'TECHNICAL-SERVICE',
    names: { en: 'Technical service', zh: '技术服务', ko: '기술 서비스' },
  },
];

/** Version 1 of the CN⇄KR lane: in force from 1 May 2020 (UTC) to the end of 2022. */
export const CN_KR_LANE_V1: Lane = {
  id: 'CN-KR-FAST-TRACK',
  version: 1,
  parties: ['CN', 'KR'],
  effectiveFrom: Date.parse('2020-05-01T00:00:00Z') / 1000,
  effectiveTo: Date.parse('2023-01-01T00:00:00Z') / 1000,
  directions: [
    {
      origin: 'KR',
      destination: 'CN',
      // Shanghai, Tianjin, Chongqing, Liaoning, Shandong, Jiangsu, Guangdong, Shaanxi, Sichuan, Anhui.
      regions: [
        'CN-SH',
        'CN-TJ',
        'CN-CQ',
        'CN-LN',
        'CN-SD',
        'CN-JS',
        'CN-GD',
        'CN-SN',
        'CN-SC',
        'CN-AH',
      ],
      ports: ['PVG', 'TSN', 'CKG', 'SHE', 'TAO', 'NKG', 'CAN', 'XIY', 'CTU', 'HFE'],
      laboratories: [],
      categories: FAST_TRACK_CATEGORIES,
      quota: { perDay: 500, perPortPerDay: 200, perSponsorPerDay: 50 },
      leadTimeDays: 8,
      entryWindowDays: 7,
      exemptionDays: 14,
      health: {
        policy: {
          id: 'CN-FAST-TRACK-LANE',
          allOf: [
            { credential: 'entry-pass', issuers: ['CN'] },
            { credential: 'test', testType: [NAAT], result: NOT_DETECTED, maxAgeHours: 48 },
          ],
        },
        destinationRules: false,
      },
      arrival: { test: true, testType: NAAT, holdHours: 48, monitoringDays: 14 },
    },
    {
      origin: 'CN',
      destination: 'KR',
      // Seoul, Busan, Incheon, Gyeonggi: the regions of the demo; the 2020 lane covered all of Korea.
      regions: ['KR-11', 'KR-26', 'KR-28', 'KR-41'],
      ports: ['ICN', 'GMP', 'PUS'],
      laboratories: [],
      categories: FAST_TRACK_CATEGORIES.map((c) => ({
        ...c,
        visaClasses: ['B', 'C-1', 'C-3', 'C-4'],
      })),
      quota: { perDay: 500, perPortPerDay: 300 },
      leadTimeDays: 14,
      entryWindowDays: 7,
      exemptionDays: 14,
      health: {
        policy: {
          id: 'KR-FAST-TRACK-LANE',
          allOf: [
            { credential: 'entry-pass', issuers: ['KR'] },
            {
              credential: 'test',
              testType: [NAAT],
              result: NOT_DETECTED,
              maxAgeCalendarDays: 3,
              timeZone: 'Asia/Seoul',
            },
          ],
        },
        destinationRules: false,
      },
      arrival: { test: true, testType: NAAT, holdHours: 24, monitoringDays: 14 },
    },
  ],
};
