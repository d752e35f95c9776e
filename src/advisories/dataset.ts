/**
 * Public advisories of MCP servers and MCP tooling. Ranges are OSV-like: a version is affected when it is
 * at or above `introduced` (default: every version) and below `fixed`.
 */
export type Ecosystem = 'npm' | 'pypi';
export type AdvisorySeverity = 'critical' | 'high' | 'medium' | 'low';
export type Advisory = {
  id: string;
  ecosystem: Ecosystem;
  package: string;
  affected: { introduced?: string; fixed: string }[];
  cve: string[];
  severity: AdvisorySeverity;
  summary: string;
  references: string[];
  knownExploited?: boolean;
};

const nvd = (cve: string) => `https://nvd.nist.gov/vuln/detail/${cve}`;

export const ADVISORIES: readonly Advisory[] = [
  {
    id: 'CVE-2025-6514',
    ecosystem: 'npm',
    package: 'mcp-remote',
    affected: [{ introduced: '0.0.5', fixed: '0.1.16' }],
    cve: ['CVE-2025-6514'],
    severity: 'critical',
    summary: 'OS command injection through a crafted authorization_endpoint sent by a malicious MCP server.',
    references: [nvd('CVE-2025-6514')],
  },
  {
    id: 'CVE-2025-53110',
    ecosystem: 'npm',
    package: '@modelcontextprotocol/server-filesystem',
    affected: [{ fixed: '2025.7.1' }],
    cve: ['CVE-2025-53110'],
    severity: 'high',
    summary: 'Directory containment bypass: a path sharing a prefix with an allowed directory is accepted.',
    references: [nvd('CVE-2025-53110')],
  },
  {
    id: 'CVE-2025-53109',
    ecosystem: 'npm',
    package: '@modelcontextprotocol/server-filesystem',
    affected: [{ fixed: '2025.7.1' }],
    cve: ['CVE-2025-53109'],
    severity: 'high',
    summary: 'Symbolic link bypass: a symlink inside an allowed directory reaches files outside it.',
    references: [nvd('CVE-2025-53109')],
  },
  {
    id: 'CVE-2025-49596',
    ecosystem: 'npm',
    package: '@modelcontextprotocol/inspector',
    affected: [{ fixed: '0.14.1' }],
    cve: ['CVE-2025-49596'],
    severity: 'critical',
    summary:
      'Remote code execution: the inspector proxy accepted unauthenticated requests from any web page.',
    references: [nvd('CVE-2025-49596')],
  },
  {
    id: 'CVE-2025-66414',
    ecosystem: 'npm',
    package: '@modelcontextprotocol/sdk',
    affected: [{ fixed: '1.24.0' }],
    cve: ['CVE-2025-66414'],
    severity: 'high',
    summary: 'DNS rebinding protection was not enabled by default for HTTP servers built with the SDK.',
    references: [nvd('CVE-2025-66414')],
  },
  {
    id: 'CVE-2025-53107',
    ecosystem: 'npm',
    package: '@cyanheads/git-mcp-server',
    affected: [{ fixed: '2.1.5' }],
    cve: ['CVE-2025-53107'],
    severity: 'high',
    summary: 'Command injection: tool arguments were interpolated into git shell commands.',
    references: [nvd('CVE-2025-53107')],
  },
  {
    id: 'CVE-2025-53355',
    ecosystem: 'npm',
    package: 'mcp-server-kubernetes',
    affected: [{ fixed: '2.5.0' }],
    cve: ['CVE-2025-53355'],
    severity: 'high',
    summary: 'Command injection: tool arguments were passed to kubectl through a shell.',
    references: [nvd('CVE-2025-53355')],
  },
  {
    id: 'CVE-2025-53967',
    ecosystem: 'npm',
    package: 'figma-developer-mcp',
    affected: [{ fixed: '0.6.3' }],
    cve: ['CVE-2025-53967'],
    severity: 'high',
    summary: 'Command injection in the fallback that fetched Figma data through a shell command.',
    references: [nvd('CVE-2025-53967')],
  },
  {
    id: 'CVE-2025-68143',
    ecosystem: 'pypi',
    package: 'mcp-server-git',
    affected: [{ fixed: '2025.9.25' }],
    cve: ['CVE-2025-68143'],
    severity: 'high',
    summary: 'git_init created repositories at arbitrary paths, outside the configured repository.',
    references: [nvd('CVE-2025-68143')],
  },
  {
    id: 'CVE-2025-68144',
    ecosystem: 'pypi',
    package: 'mcp-server-git',
    affected: [{ fixed: '2025.12.18' }],
    cve: ['CVE-2025-68144'],
    severity: 'high',
    summary: 'Argument injection: git_diff and git_checkout passed user-controlled refs as git options.',
    references: [nvd('CVE-2025-68144')],
  },
  {
    id: 'CVE-2025-68145',
    ecosystem: 'pypi',
    package: 'mcp-server-git',
    affected: [{ fixed: '2025.12.18' }],
    cve: ['CVE-2025-68145'],
    severity: 'high',
    summary:
      'Repository path validation bypass: the repo_path argument was not checked against --repository.',
    references: [nvd('CVE-2025-68145')],
  },
];
