import { z } from 'zod';
import { HIDING_KINDS, scanText, type Family, type ScanOptions } from './lib/injection.js';
import { walkStrings } from './lib/walk.js';
import { defineDetector, type Finding } from './types.js';

/** Families reported in results. Naming a credential file is not enough here (docs do): it takes a
 * directive to send or include it (`exfiltration`). */
const FAMILIES: readonly Family[] = [
  'instruction-override',
  'role-boundary',
  'concealment',
  'exfiltration',
  'image-beacon',
  'important-tag',
];

export const PROMPT_INJECTION_KINDS = [...FAMILIES, ...HIDING_KINDS] as const;

export const promptInjection = defineDetector({
  meta: {
    id: 'prompt_injection',
    title: 'Prompt injection',
    description:
      'Finds instructions aimed at the model in what servers send back: tool results (text, structured ' +
      'content), resource contents, prompt messages and completions. Phrase families, in English, Spanish, ' +
      'French, German, Portuguese, Italian, Russian, Chinese, Japanese and Korean: instruction overrides ' +
      '("ignore all previous instructions", "you are now DAN"), fake role or tool-result boundaries ' +
      '(`<|im_start|>system`, `</tool_result>`, `[INST]`), concealment ("do not tell the user"), exfiltration ' +
      'directives and markdown image beacons whose URL carries a data placeholder. Text is read as the model ' +
      'reads it: lookalike letters, full-width forms, diacritics and invisible characters are folded away ' +
      'first, and hiding itself is a finding (Unicode tag characters, whose hidden ASCII is decoded and ' +
      'scanned too, variation-selector data, terminal escapes that conceal or overwrite text, bidi controls, ' +
      'zero-width characters inside words, words mixing Latin with Cyrillic or Greek lookalikes). A security ' +
      'text that quotes a full override sentence is flagged as well: the model reads the quote.',
    severity: 'high',
    defaultAction: 'deny',
    actions: ['deny', 'log', 'off'],
    phases: ['response'],
    // Not sampling/createMessage: there the server's prompt travels in the request, which is not a result.
    methods: ['tools/call', 'resources/read', 'prompts/get', 'completion/complete'],
    references: [
      'https://genai.owasp.org/llmrisk/llm01-prompt-injection/',
      'https://cwe.mitre.org/data/definitions/1427.html',
      'https://embracethered.com/blog/posts/2024/hiding-and-finding-text-with-unicode-tags/',
      'https://blog.trailofbits.com/2025/04/29/deceiving-users-with-ansi-terminal-codes-in-mcp/',
    ],
    cwe: ['CWE-1427'],
    owasp: 'MCP06',
  },
  options: z.object({
    /** Kinds not to report, e.g. `ansi-escape` for a terminal server whose output is shown raw. */
    ignore_kinds: z.array(z.enum(PROMPT_INJECTION_KINDS)).default([]),
    /** Zero-width characters between words needed for a finding (one inside a Latin word is enough). */
    zero_width_limit: z.number().int().min(1).default(10),
    /** Words mixing Latin with lookalike letters needed for a `homoglyph` finding (at most 16). */
    homoglyph_words: z.number().int().min(1).max(16).default(2),
  }),
  create(options) {
    const scan: ScanOptions = {
      families: new Set(FAMILIES),
      ignore: new Set(options.ignore_kinds),
      zeroWidthLimit: options.zero_width_limit,
      homoglyphWords: options.homoglyph_words,
    };
    return (input) => {
      const findings: Finding[] = [];
      walkStrings(
        input.result,
        'result',
        (value, path, key) => {
          if (key === 'blob') return; // base64 binary contents
          for (const hit of scanText(value, scan).hits)
            findings.push({ detector: 'prompt_injection', ...hit, path });
        },
        { keys: true },
      );
      return { findings };
    };
  },
});
