import { snap, tool, toolWith, type CheckCases } from '../builders.js';

export const flows: Record<string, CheckCases> = {
  'FLOW-001': {
    find: [
      snap({
        tools: [
          toolWith('fetch_url', { url: { type: 'string' } }),
          toolWith('read_file', { path: { type: 'string' } }),
          toolWith('send_email', { to: { type: 'string' } }),
        ],
      }),
      snap({ tools: [tool('browse_web'), tool('query_database'), tool('post_webhook')] }),
    ],
    clean: [
      snap({
        tools: [
          toolWith('read_file', { path: { type: 'string' } }),
          tool('write_file'),
          tool('search_files'),
        ],
      }),
      snap({ tools: [toolWith('fetch_url', { url: { type: 'string' } }), tool('send_email')] }),
      snap({ tools: [tool('read_email'), tool('list_mail'), tool('get_annotated_message')] }),
      snap({ tools: [tool('search_notes'), tool('read_note'), tool('share_note')] }),
    ],
  },
  'FLOW-002': {
    find: [
      snap({
        tools: [
          toolWith('fetch_url', { url: { type: 'string' } }),
          toolWith('run', { command: { type: 'string' } }),
        ],
      }),
    ],
    clean: [
      snap({ tools: [toolWith('run', { command: { type: 'string' } }), tool('read_file')] }),
      snap({ tools: [toolWith('fetch_url', { url: { type: 'string' } })] }),
    ],
  },
};
