import type { ScanReport } from '../report.js';
import { html } from './html.js';
import { json } from './json.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';

/** Renders the reports of one invocation (one per scanned server) as one document. */
export type Reporter = { id: string; extension: string; render(reports: readonly ScanReport[]): string };

/** Every report format, keyed by the `--format` value. */
export const reporters = { json, sarif, markdown, html } as const satisfies Record<string, Reporter>;

export type ReportFormat = keyof typeof reporters;
export const reportFormats = Object.keys(reporters) as ReportFormat[];
