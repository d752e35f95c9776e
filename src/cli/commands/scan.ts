import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { readBaseline } from '../../scanner/baseline.js';
import type { Target } from '../../scanner/collect.js';
import { readClientConfig } from '../../scanner/config.js';
import { diffReports, ScanHistory } from '../../scanner/history.js';
import { writePins } from '../../scanner/pins.js';
import type { ScanReport } from '../../scanner/report.js';
import { reporters, reportFormats, type ReportFormat } from '../../scanner/reporters/index.js';
import { scan } from '../../scanner/scan.js';
import type { Snapshot } from '../../scanner/snapshot.js';
import { SEVERITY_RANK, type Severity } from '../../scanner/types.js';
import { mcpshieldHome } from '../../gateway/home.js';
import { CliError } from '../cli-error.js';
import { controlPlaneOf } from '../control-plane.js';
import { remoteReport, remoteScans, sendScan } from '../remote-scans.js';
import { colours, severityColour } from '../output.js';

type Options = {
  format: ReportFormat;
  output?: string;
  failOn?: Severity;
  timeout: string;
  baseline?: string;
  pins?: string;
  header: string[];
  bearer?: string;
  toolsJson?: string;
  config?: string;
  server?: string;
  save: boolean;
  connect?: boolean;
  env: string[];
  writePins?: string;
  exercise?: string;
  controlPlane?: string;
  apiKey?: string;
};

type RemoteOptions = { controlPlane?: string; apiKey?: string };

const CONTROL_PLANE_HELP =
  'also keep scans in this control plane, in the project of --api-key (or MCPSHIELD_CONTROL_PLANE_URL)';
const API_KEY_HELP = "with --control-plane: the project's API key, mcps_... (or MCPSHIELD_API_KEY)";

const SEVERITIES: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** Where past scans are kept on this machine: `$MCPSHIELD_HOME/scans`. */
export const scansDir = () => join(mcpshieldHome(), 'scans');

export function register(program: Command): void {
  const scanCommand = program
    .command('scan')
    .description(
      'audit one MCP server (stdio, Streamable HTTP or SSE) against the MCP spec and the OWASP MCP Top 10',
    )
    .argument('[target...]', 'a server URL, or the stdio server to start after --')
    .addOption(new Option('--format <format>', 'report format').choices(reportFormats).default('json'))
    .option('--output <file>', 'write the report to a file (a summary goes to stderr)')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding at or above this severity remains').choices(
        SEVERITIES,
      ),
    )
    .option('--timeout <ms>', 'start-up and request timeout in milliseconds', '30000')
    .option('--baseline <file>', 'accepted findings, each with a reason (YAML or JSON)')
    .option('--pins <file>', 'a tool pin file to report drift against')
    .option('--write-pins <file>', 'write the tools as listed now to a pin file (the gateway reads it too)')
    .option('--header <header>', "an HTTP header for the target, 'Name: value' (repeatable)", collect, [])
    .option('--bearer <token>', 'a bearer token for the target (or MCPSHIELD_SCAN_BEARER, kept out of `ps`)')
    .option(
      '--env <name[=value]>',
      "set a variable for a stdio server; a bare NAME passes this shell's value (repeatable)",
      collect,
      [],
    )
    .option('--tools-json <file>', 'scan a saved tools/list offline')
    .option('--config <file>', 'audit the servers of an MCP client config (offline: nothing is started)')
    .option('--server <name>', 'with --config: only this server')
    .option('--connect', 'with --config: also start (or reach) each server and scan it live')
    .option(
      '--exercise <n>',
      'CALL tools, n times in all, and list them after each call (a rug pull triggered by use); only tools ' +
        'annotated read-only and closed-world, with placeholder arguments. Off by default',
    )
    .option('--no-save', 'do not keep the report in the scan history')
    .option('--control-plane <url>', CONTROL_PLANE_HELP)
    .option('--api-key <key>', API_KEY_HELP)
    .addHelpText(
      'after',
      `
Examples:
  mcpshield scan -- npx -y @modelcontextprotocol/server-everything@2026.8.31
  mcpshield scan https://mcp.example.com/mcp --bearer "$TOKEN" --format html --output report.html
  mcpshield scan --config .mcp.json --format sarif --output mcp.sarif --fail-on high
Exit status: 0 scanned; 1 a finding at or above --fail-on, or a target that could not be scanned; 2 bad usage.
Findings: docs/findings/ID.md, or \`mcpshield mcp\`'s explain_finding.`,
    )
    .action(async (target: string[], opts: Options) => {
      const timeoutMs = Number(opts.timeout);
      if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
        throw new CliError(`--timeout must be a positive number of milliseconds, got \`${opts.timeout}\``);
      const exercise = exerciseOf(opts);
      const plane = controlPlaneOf(opts);
      const targets = targetsOf(target, opts);
      let baseline;
      try {
        baseline = opts.baseline ? readBaseline(opts.baseline) : undefined;
      } catch (e) {
        throw new CliError((e as Error).message);
      }
      const reports: ScanReport[] = [];
      const history = new ScanHistory(scansDir());
      if (opts.writePins && targets.length !== 1)
        throw new CliError('--write-pins needs a single target (use --server)');
      for (const t of targets) {
        const { report, snapshot } = await scan(t, { timeoutMs, pinsFile: opts.pins, baseline, exercise });
        reports.push(report);
        if (exercise) process.stderr.write(`${exercised(snapshot)}  ${report.target}\n`);
        if (opts.save) history.save(report);
        // The local copy stays whatever happens: a control plane that is away costs a warning, not the scan.
        if (plane)
          await sendScan(plane, report).then(
            (id) => process.stderr.write(`stored in the control plane as ${id}  ${report.target}\n`),
            (e: Error) => process.stderr.write(`warning: ${e.message}\n`),
          );
        if (opts.writePins && report.status === 'ok') {
          writePins(opts.writePins, snapshot.server?.name ?? 'server', snapshot.tools);
          process.stderr.write(`pinned ${snapshot.tools.length} tools in ${opts.writePins}\n`);
        }
      }
      const text = reporters[opts.format].render(reports);
      if (opts.output) {
        const tmp = `${opts.output}.${process.pid}.tmp`;
        writeFileSync(tmp, text);
        renameSync(tmp, opts.output);
        for (const r of reports) process.stderr.write(`${summary(r)}\n`);
      } else {
        process.stdout.write(text);
      }
      process.exitCode = exitCode(reports, opts.failOn);
    });

  scanCommand
    .command('list')
    .description('list past scans, newest first (of the control plane when one is named)')
    .option('--json', 'print JSON')
    .option('--control-plane <url>', "read the scans of this control plane's project")
    .option('--api-key <key>', API_KEY_HELP)
    .action(async (opts: { json?: boolean } & RemoteOptions) => {
      const plane = controlPlaneOf(opts);
      const scans = plane
        ? await remoteScans(plane).catch((e: Error) => {
            throw new CliError(e.message);
          })
        : new ScanHistory(scansDir()).list();
      if (opts.json) return void process.stdout.write(`${JSON.stringify(scans, null, 2)}\n`);
      const c = colours();
      if (scans.length === 0) process.stdout.write(`no scans in ${plane ? plane.url : scansDir()}\n`);
      for (const s of scans) {
        const grade =
          s.status === 'error' ? c.red('error') : c.bold(`${s.grade} ${String(s.score).padStart(3)}`);
        process.stdout.write(
          `${s.id}  ${grade.padEnd(6)}  ${String(s.findings).padStart(3)} findings  ${s.target}\n`,
        );
      }
    });

  scanCommand
    .command('diff')
    .description(
      'compare two scans (ids from `scan list`, or report files): new, fixed and unchanged findings',
    )
    .argument('<before>')
    .argument('<after>')
    .option('--json', 'print JSON')
    .option('--control-plane <url>', "read the scans from this control plane's project")
    .option('--api-key <key>', API_KEY_HELP)
    .action(async (before: string, after: string, opts: { json?: boolean } & RemoteOptions) => {
      const plane = controlPlaneOf(opts);
      const history = new ScanHistory(scansDir());
      const read = (ref: string) => (plane ? remoteReport(plane, ref) : Promise.resolve(history.read(ref)));
      let d;
      try {
        d = diffReports(await read(before), await read(after));
      } catch (e) {
        throw new CliError((e as Error).message);
      }
      if (opts.json) return void process.stdout.write(`${JSON.stringify(d, null, 2)}\n`);
      const c = colours();
      const show = (label: string, colour: (t: string) => string, list: typeof d.new) => {
        process.stdout.write(`${colour(`${label} (${list.length})`)}\n`);
        for (const f of list)
          process.stdout.write(
            `  ${severityColour(f.severity, c)(f.severity.padEnd(8))} ${f.id}  ${f.location}: ${f.evidence}\n`,
          );
      };
      show('new', c.red, d.new);
      show('fixed', c.green, d.fixed);
      show('unchanged', c.dim, d.unchanged);
    });
}

/** `--exercise N`: a positive number of tool calls, for targets that are scanned live. */
function exerciseOf(opts: Options): number | undefined {
  if (opts.exercise === undefined) return undefined;
  const n = Number(opts.exercise);
  if (!Number.isInteger(n) || n <= 0)
    throw new CliError(`--exercise must be a positive number of tool calls, got \`${opts.exercise}\``);
  if (opts.toolsJson || (opts.config && !opts.connect))
    throw new CliError(
      '--exercise calls tools of a running server: not with --tools-json, or --config without --connect',
    );
  return n;
}

/** What `--exercise` did, for stderr: the report's contract has no place for it. */
function exercised(snapshot: Snapshot): string {
  const calls = Math.max(0, ...(snapshot.toolsAfterCalls ?? []).map((l) => l.calls.length));
  return calls
    ? `--exercise: made ${calls} tool calls`
    : '--exercise: no tool is safe to call (read-only, closed-world, arguments the scanner can fill)';
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** 1 when a target could not be scanned, or a finding at or above `failOn` remains; else 0. */
export function exitCode(reports: readonly ScanReport[], failOn?: Severity): number {
  if (reports.some((r) => r.status === 'error')) return 1;
  if (!failOn) return 0;
  const bar = SEVERITY_RANK[failOn];
  return reports.some((r) => r.findings.some((f) => SEVERITY_RANK[f.severity] >= bar)) ? 1 : 0;
}

function targetsOf(args: string[], opts: Options): Target[] {
  const sources = [args.length > 0, Boolean(opts.toolsJson), Boolean(opts.config)].filter(Boolean).length;
  if (sources !== 1)
    throw new CliError(
      'give one target: a URL, `-- COMMAND [ARGS...]`, `--tools-json FILE` or `--config FILE`',
    );
  if ((opts.server || opts.connect) && !opts.config)
    throw new CliError('--server and --connect need --config');
  if (opts.env.length && args.length === 0) throw new CliError('--env applies to stdio targets only');
  if (opts.toolsJson) return [{ kind: 'tools-json', file: opts.toolsJson }];
  if (opts.config) {
    let servers;
    try {
      servers = readClientConfig(opts.config);
    } catch (e) {
      throw new CliError((e as Error).message);
    }
    if (opts.server) servers = servers.filter((s) => s.name === opts.server);
    if (servers.length === 0)
      throw new CliError(
        opts.server
          ? `config \`${opts.config}\` has no server \`${opts.server}\``
          : `config \`${opts.config}\` lists no servers`,
      );
    return servers.map((server) => ({
      kind: 'config',
      server,
      configPath: opts.config!,
      connect: opts.connect,
    }));
  }
  const [first, ...rest] = args;
  if (rest.length === 0 && /^https?:\/\//i.test(first!)) {
    if (opts.env.length) throw new CliError('--env applies to stdio targets only');
    return [{ kind: 'url', url: first!, headers: headersOf(opts) }];
  }
  if (opts.header.length || opts.bearer)
    throw new CliError('--header and --bearer apply to URL targets only');
  return [{ kind: 'stdio', command: first!, args: rest, env: envOf(opts.env) }];
}

/** `NAME=value`, or `NAME` to pass this process's value on: a stdio server otherwise gets a minimal environment. */
function envOf(list: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of list) {
    const at = item.indexOf('=');
    const name = at < 0 ? item : item.slice(0, at);
    if (!name) throw new CliError(`--env must be NAME or NAME=value, got \`${item}\``);
    const value = at < 0 ? process.env[name] : item.slice(at + 1);
    if (value === undefined) throw new CliError(`--env \`${name}\`: not set in this environment`);
    env[name] = value;
  }
  return env;
}

function headersOf(opts: Options): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of opts.header) {
    const at = h.indexOf(':');
    if (at <= 0) throw new CliError(`--header must be 'Name: value', got \`${h}\``);
    headers[h.slice(0, at).trim().toLowerCase()] = h.slice(at + 1).trim();
  }
  const bearer = opts.bearer ?? process.env.MCPSHIELD_SCAN_BEARER;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  return headers;
}

function summary(r: ScanReport): string {
  const c = colours(process.stderr);
  if (r.status === 'error') return `${c.red('not scanned')} ${r.target}: ${r.error}`;
  const worst = r.findings[0]?.severity;
  return `${c.bold(`grade ${r.grade}`)} score ${r.score}/100  ${r.findings.length} findings${worst ? ` (worst ${severityColour(worst, c)(worst)})` : ''}, ${r.suppressed.length} suppressed  ${r.target}`;
}
