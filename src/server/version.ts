import { readFileSync } from 'node:fs';

/** The package's version (the same file from `src/server` and `dist/server`). */
export const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
