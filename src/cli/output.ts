import pc from 'picocolors';
import type { Decision } from '../policy/decide.js';
import { formatDiagnostic, type Diagnostic } from '../policy/diagnostics.js';

/** Colours only on a terminal, and never when NO_COLOR is set. */
export function colours(stream: NodeJS.WriteStream = process.stdout) {
  return pc.createColors(Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb');
}

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'];

/** A decision for people: verdict, the ids behind it, then findings by severity. */
export function formatDecision(d: Decision, c = colours()): string {
  const verdict = d.decision === 'allow' ? c.bold(c.green('ALLOW')) : c.bold(c.red('DENY'));
  const lines = [`${verdict}  ${c.dim('by')} ${d.rules.join(', ')}`];
  if (d.rule !== d.rules[0]) lines.push(`  ${c.dim('rules alone said:')} ${d.rule}`);
  if (d.approval_required)
    lines.push(`  ${c.yellow('needs approval by a person; denied where nobody can approve')}`);
  if (d.message) lines.push(`  ${c.dim('message:')} ${d.message}`);
  if (d.rate_limit)
    lines.push(
      `  ${c.dim('rate limit:')} ${d.rate_limit.requests}/${d.rate_limit.per} per ${d.rate_limit.by}`,
    );
  const sorted = [...d.findings].sort(
    (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
  );
  for (const f of sorted) {
    const sev = severityColour(f.severity, c)(f.severity.padEnd(8));
    lines.push(
      `  ${sev} ${c.bold(f.detector)}${f.kind ? c.dim(`/${f.kind}`) : ''} ${c.dim(`[${f.action}]`)} ${f.message}`,
    );
    if (f.path) lines.push(`           ${c.dim(`at ${f.path}`)}`);
  }
  if (d.findings.length === 0) lines.push(`  ${c.dim('no findings')}`);
  return lines.join('\n');
}

export function severityColour(s: string, c = colours()): (t: string) => string {
  if (s === 'critical') return (t) => c.bold(c.magenta(t));
  if (s === 'high') return c.red;
  if (s === 'medium') return c.yellow;
  if (s === 'low') return c.cyan;
  return c.dim;
}

export function printDiagnostics(
  diags: readonly Diagnostic[],
  file: string | undefined,
  stream = process.stderr,
): void {
  const c = colours(stream);
  for (const d of diags) {
    const text = formatDiagnostic(d, file);
    stream.write((d.severity === 'error' ? c.red(text) : c.yellow(text)) + '\n');
  }
}
