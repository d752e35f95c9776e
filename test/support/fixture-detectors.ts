import { z } from 'zod';
import { mapStrings, walkStrings } from '../../src/detectors/lib/walk.js';
import { defineDetector, type Detector, type Finding } from '../../src/detectors/types.js';

/**
 * Two tiny detectors with obvious behaviour, to test the engine's semantics (actions, phases, redaction,
 * fail-closed) apart from the real detectors' heuristics.
 */
const base = { references: [], cwe: [], owasp: 'MCP05' as const, description: 'test detector' };

export const keyword = defineDetector({
  meta: {
    ...base,
    id: 'keyword',
    title: 'flags EVIL in arguments',
    severity: 'high',
    defaultAction: 'deny',
    actions: ['deny', 'log', 'off'],
    phases: ['request'],
    methods: ['tools/call'],
  },
  options: z.object({ word: z.string().default('EVIL') }),
  create:
    ({ word }) =>
    (input) => {
      const findings: Finding[] = [];
      walkStrings((input.params as { arguments?: unknown }).arguments, 'params.arguments', (v, path) => {
        if (v === 'THROW') throw new Error('boom');
        if (v.includes(word))
          findings.push({ detector: 'keyword', severity: 'high', message: `\`${word}\` found`, path });
      });
      return { findings };
    },
});

export const redactor = defineDetector({
  meta: {
    ...base,
    id: 'redactor',
    title: 'redacts SECRET in results',
    severity: 'medium',
    defaultAction: 'redact',
    actions: ['redact', 'deny', 'log', 'off'],
    phases: ['response'],
    methods: ['*'],
  },
  options: z.object({}),
  create: () => (input) => {
    const findings: Finding[] = [];
    const result = mapStrings(input.result, (v, path) => {
      if (!v.includes('SECRET')) return v;
      findings.push({
        detector: 'redactor',
        severity: 'medium',
        message: 'secret found',
        path,
        kind: 'secret',
      });
      return v.replaceAll('SECRET', '[REDACTED:secret]');
    });
    return { findings, result };
  },
});

export const fixtureDetectors: Record<string, Detector> = {
  keyword: keyword as unknown as Detector,
  redactor: redactor as unknown as Detector,
};
