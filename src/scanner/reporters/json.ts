import type { Reporter } from './index.js';

/** The contract of docs/cli.md: one report object, or an array when a config held several servers. */
export const json: Reporter = {
  id: 'json',
  extension: 'json',
  render(reports) {
    return `${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`;
  },
};
