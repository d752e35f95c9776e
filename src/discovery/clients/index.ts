import { amazonQ } from './amazon-q.js';
import { amp } from './amp.js';
import { claudeCode } from './claude-code.js';
import { claudeDesktop } from './claude-desktop.js';
import { cline } from './cline.js';
import { codex } from './codex.js';
import { continueDev } from './continue.js';
import { copilotCli } from './copilot-cli.js';
import { cursor } from './cursor.js';
import { geminiCli } from './gemini-cli.js';
import { goose } from './goose.js';
import { kiro } from './kiro.js';
import { lmStudio } from './lm-studio.js';
import { opencode } from './opencode.js';
import { rooCode } from './roo-code.js';
import { trae } from './trae.js';
import { vscode } from './vscode.js';
import { windsurf } from './windsurf.js';
import { zed } from './zed.js';
import type { ClientReader } from './types.js';

export type { ClientReader, Source } from './types.js';

const all = [
  claudeDesktop,
  claudeCode,
  cursor,
  windsurf,
  vscode,
  copilotCli,
  cline,
  rooCode,
  zed,
  continueDev,
  geminiCli,
  codex,
  opencode,
  amp,
  kiro,
  amazonQ,
  goose,
  lmStudio,
  trae,
];

/** Every client reader, keyed by client id; a duplicate id fails at load. */
export const clients: Readonly<Record<string, ClientReader>> = (() => {
  const out: Record<string, ClientReader> = {};
  for (const c of all) {
    if (out[c.id]) throw new Error(`duplicate client id \`${c.id}\``);
    out[c.id] = c;
  }
  return Object.freeze(out);
})();
