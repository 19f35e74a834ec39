import { describe, expect, it } from 'vitest';
import { answerLang } from './common.js';

describe('the answer language of a checkpoint', () => {
  it('takes the body field first, then the best of en/zh/ko in Accept-Language, else English', () => {
    expect(answerLang('zh', 'ko')).toBe('zh');
    expect(answerLang(undefined, 'zh-CN,zh;q=0.9')).toBe('zh');
    expect(answerLang(undefined, 'fr-FR, zh-Hans;q=0.5, ko-KR;q=0.8')).toBe('ko');
    expect(answerLang(undefined, 'ko;q=0, en;q=0.1')).toBe('en');
    expect(answerLang(undefined, 'fr, de;q=0.9')).toBe('en');
    expect(answerLang(undefined, undefined)).toBe('en');
    expect(answerLang(undefined, `${'x,'.repeat(10_000)}ko`)).toBe('en');
    expect(answerLang(undefined, 'ko;q=abc')).toBe('ko');
  });
});
