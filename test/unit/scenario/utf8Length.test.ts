import { describe, expect, it } from 'vitest';
import { utf8Length } from '../../../shared/core/base/index.ts';

// The oracle is the platform's own encoder: utf8Length must count what TextEncoder writes, byte for byte.
const encoded = (s: string) => new TextEncoder().encode(s).length;

describe('utf8Length (the response size limit counts bytes, not UTF-16 code units)', () => {
  it('counts 1, 2, 3 and 4-byte characters as UTF-8 does', () => {
    for (const s of [
      '',
      'abc',
      '£',
      'é',
      '€',
      '—',
      '😀',
      'Tameside & Glossop — £1.2m 😀',
      '\u07ff\u0800\uffff',
    ])
      expect(utf8Length(s), JSON.stringify(s)).toBe(encoded(s));
    expect(utf8Length('😀')).toBe(4);
    expect('😀'.length).toBe(2);
  });

  it('counts a lone surrogate as the 3 bytes of U+FFFD, wherever it stands', () => {
    for (const s of ['\ud800', '\udc00', 'a\ud800b', '\ud800\ud800', '\udc00\ud800', 'x\ud83d'])
      expect(utf8Length(s), JSON.stringify(s)).toBe(encoded(s));
  });

  it('agrees with TextEncoder on random strings over the whole UTF-16 range', () => {
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed;
    };
    for (let n = 0; n < 500; n++) {
      const units = Array.from({ length: next() % 40 }, () => {
        const r = next() % 4;
        // Bias towards the boundaries: ASCII, two-byte, three-byte and the surrogate block.
        return r === 0
          ? next() % 0x80
          : r === 1
            ? 0x80 + (next() % 0x780)
            : r === 2
              ? 0xd800 + (next() % 0x800)
              : next() % 0x10000;
      });
      const s = String.fromCharCode(...units);
      expect(utf8Length(s), JSON.stringify(s)).toBe(encoded(s));
    }
  });
});
