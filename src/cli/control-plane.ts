import { controlPlane, type ControlPlane } from '../gateway/control-plane.js';
import { CliError } from './cli-error.js';

/**
 * The control plane named by `--control-plane URL` (or `MCPSHIELD_CONTROL_PLANE_URL`) with the project
 * key of `--api-key` (or `MCPSHIELD_API_KEY`); `undefined` when neither flag nor variable names one.
 */
export function controlPlaneOf(opts: { controlPlane?: string; apiKey?: string }): ControlPlane | undefined {
  const url = opts.controlPlane ?? process.env.MCPSHIELD_CONTROL_PLANE_URL;
  if (!url) return undefined;
  const key = opts.apiKey ?? process.env.MCPSHIELD_API_KEY;
  if (!key)
    throw new CliError('--control-plane needs a project API key: --api-key mcps_... or MCPSHIELD_API_KEY');
  try {
    return controlPlane(url, key);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}
