import { describe, expect, it } from 'vitest';
import { analyzeText, collapseWhitespace } from './text.js';

describe('analyzeText', () => {
  it('takes plain ASCII through lowercase and whitespace only', () => {
    expect(analyzeText('Hello\t  World\r\n\n  Again')).toEqual({
      folded: 'hello world\nagain',
      hidden: [],
      mixedScriptWords: [],
    });
  });

  it('folds full-width, mathematical, accented and lookalike letters', () => {
    expect(analyzeText('Ｉｇｎｏｒｅ 𝐚𝐥𝐥 ïgnörê').folded).toBe('ignore all ignore');
    expect(analyzeText('іgnоrе аll').folded).toBe('ignore all'); // Cyrillic і, о, е, а
    expect(analyzeText('“quoted”').folded).toBe('"quoted"');
  });

  it('keeps whole words of other scripts as they are', () => {
    const a = analyzeText('Москва и Αθήνα');
    expect(a.folded).toBe('москва и αθήνα');
    expect(a.mixedScriptWords).toEqual([]);
    expect(a.hidden).toEqual([]);
  });

  it('lists words that mix Latin with lookalikes', () => {
    // As written, with the Cyrillic е and о, so that a report shows the word that was found.
    expect(analyzeText('pl\u0435ase c\u043enfirm the order').mixedScriptWords).toEqual([
      'pl\u0435ase',
      'c\u043enfirm',
    ]);
  });

  it('strips and counts what a reader cannot see', () => {
    const tags = [...'hi'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
    const a = analyzeText(`ok${tags} a\u200bb \u202eevil\u202c \u001b[8mx\u001b[0m`);
    expect(a.folded).toBe('ok ab evil x');
    expect(a.hidden.map((h) => h.kind).sort()).toEqual([
      'ansi-escape',
      'bidi-control',
      'hidden-tags',
      'zero-width',
    ]);
    expect(a.hidden.find((h) => h.kind === 'hidden-tags')).toMatchObject({ count: 2, decoded: 'hi' });
    expect(a.hidden.find((h) => h.kind === 'zero-width')).toMatchObject({ count: 1, inWord: 1 });
  });

  it('does not count natural uses: emoji ZWJ sequences, colour escapes, a flag', () => {
    expect(analyzeText('👩‍💻 \u001b[32mPASS\u001b[0m 🏴󠁧󠁢󠁳󠁣󠁴󠁿').hidden).toEqual([]);
  });

  it('decodes variation-selector runs into their bytes', () => {
    const bytes = [...Buffer.from('hi')].map((b) =>
      String.fromCodePoint(b < 16 ? 0xfe00 + b : 0xe0100 + b - 16),
    );
    const [h] = analyzeText(`x${bytes.join('')}`).hidden;
    expect(h).toMatchObject({ kind: 'variation-selectors', count: 2, decoded: 'hi' });
  });
});

describe('collapseWhitespace', () => {
  it('keeps one line break per run that holds one', () => {
    expect(collapseWhitespace('a \n\n b  c')).toBe('a\nb c');
  });
});
