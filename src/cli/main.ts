#!/usr/bin/env node
/**
 * `proxy` is started by AI clients for every server they use, and they wait for it: it runs from its own
 * entry (`proxy-main.ts`, bundled in the build) and starts the server before loading the engine.
 * Every other invocation registers every command.
 */
if (process.argv[2] === 'proxy') {
  await import('./proxy-main.js');
} else {
  const [{ runCli }, { VERSION }, ...modules] = await Promise.all([
    import('./run.js'),
    import('../version.js'),
    import('./commands/inspect.js'),
    import('./commands/policy/index.js'),
    import('./commands/detectors.js'),
    import('./commands/proxy.js'),
    import('./commands/pins.js'),
    import('./commands/discover.js'),
    import('./commands/wrap.js'),
    import('./commands/agent.js'),
    import('./commands/scan.js'),
    import('./commands/mcp.js'),
    import('./commands/up.js'),
  ]);
  await runCli(modules, VERSION);
}
