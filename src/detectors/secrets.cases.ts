import type { CaseTable, DetectorCase } from './cases.js';
import { base62, crc32 } from './lib/secret-patterns.js';

/*
 * Every credential below is generated at load time from a seeded generator: right format, random content,
 * never a real secret, and no literal in the source for a secret scanner to trip on.
 */

let seed = 0x5eed_c0de;
/** mulberry32: small, deterministic, good enough for test data. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HEX = '0123456789abcdef';
const B64 = `${ALNUM}+/`;
const B64URL = `${ALNUM}-_`;

export function chars(n: number, alphabet = ALNUM): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

function digits(n: number): string {
  return String(1 + Math.floor(random() * 9)) + chars(n - 1, '0123456789');
}

function base64url(s: string): string {
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '');
}

/** `-----BEGIN RSA PRIVATE KEY-----`, built from parts. */
function pemLine(edge: 'BEGIN' | 'END', label: string, block: boolean): string {
  return ['-----', edge, ' ', label ? `${label} ` : '', 'PRIVATE KEY', block ? ' BLOCK' : '', '-----'].join(
    '',
  );
}

/** Fake credentials, one generator per format. */
export const fake = {
  /** GitHub-style: prefix, 30 random characters, CRC-32 of them in 6 base-62 digits. */
  github: (prefix = 'ghp_') => {
    const body = chars(30);
    return prefix + body + base62(crc32(body), 6);
  },
  githubBadChecksum: () => 'ghp_' + chars(36),
  githubFineGrained: () => 'github_pat_' + chars(22) + '_' + chars(59),
  gitlab: () => 'glpat-' + chars(20, `${ALNUM}-_`),
  awsKeyId: (prefix = 'AKIA') => prefix + chars(16, UPPER_DIGITS),
  awsSecret: () => chars(40, B64),
  awsSessionToken: () => 'IQoJb3JpZ2luX2Vj' + chars(300, B64),
  googleApiKey: () => 'AIza' + chars(35, B64URL),
  googleOauthSecret: () => 'GOCSPX-' + chars(28, B64URL),
  googleAccessToken: () => 'ya29.a0' + chars(150, B64URL),
  azureSharedAccessKey: () => chars(43, B64) + '=',
  bitbucket: () => 'ATBB' + chars(32),
  stripeWebhookSecret: () => 'whsec_' + chars(32),
  azureAccountKey: () => chars(86, B64) + '==',
  azureSasSig: () => encodeURIComponent(chars(43, B64) + '='),
  azureClientSecret: () => chars(3) + digits(1) + 'Q~' + chars(34, `${ALNUM}_.~-`),
  slackBot: () => `xoxb-${digits(11)}-${digits(13)}-${chars(24)}`,
  slackWebhookPath: () => `T${chars(10, UPPER_DIGITS)}/B${chars(10, UPPER_DIGITS)}/${chars(24)}`,
  discordBot: () => `${btoa(digits(18))}.${chars(6, B64URL)}.${chars(38, B64URL)}`,
  discordWebhookSecret: () => chars(68, B64URL),
  telegramSecret: () => 'AA' + chars(33, B64URL),
  stripe: (prefix = 'sk_live_') => prefix + chars(99),
  sendgrid: () => `SG.${chars(22, B64URL)}.${chars(43, B64URL)}`,
  mailgun: () => 'key-' + chars(32, HEX),
  square: () => 'sq0atp-' + chars(22, B64URL),
  openaiProject: () => `sk-proj-${chars(74, B64URL)}T3BlbkFJ${chars(74, B64URL)}`,
  openaiLegacy: () => `sk-${chars(20)}T3BlbkFJ${chars(20)}`,
  anthropic: () => `sk-ant-api03-${chars(93, B64URL)}AA`,
  huggingface: () => 'hf_' + chars(34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'),
  groq: () => 'gsk_' + chars(52),
  replicate: () => 'r8_' + chars(37),
  npm: () => {
    const body = chars(30);
    return 'npm_' + body + base62(crc32(body), 6);
  },
  pypi: () => 'pypi-AgEIcHlwaS5vcmc' + chars(120, B64URL),
  docker: () => 'dckr_pat_' + chars(27, B64URL),
  heroku: () => 'HRKU-AA' + chars(58, B64URL),
  digitalocean: () => 'dop_v1_' + chars(64, HEX),
  shopify: () => 'shpat_' + chars(32, HEX),
  atlassian: () => 'ATATT3xFfGF0' + chars(180, B64URL) + '=' + chars(8, HEX.toUpperCase()),
  linear: () => 'lin_api_' + chars(40),
  notion: () => 'ntn_' + digits(11) + chars(35),
  notionLegacy: () => 'secret_' + chars(43),
  jwt: (alg = 'HS256') => {
    const header = base64url(JSON.stringify({ alg, typ: 'JWT' }));
    const payload = base64url(
      JSON.stringify({ sub: digits(8), name: 'Ada', iat: 1716000000, exp: 1716003600 }),
    );
    return `${header}.${payload}.${chars(43, B64URL)}`;
  },
  /** A PEM private key: BEGIN line, base64 lines, END line. `lines` lets tests pick one body line. */
  pemKey: (label = 'RSA', n = 12, block = false) => {
    const lines = Array.from({ length: n }, () => chars(64, B64));
    return {
      text: [pemLine('BEGIN', label, block), ...lines, pemLine('END', label, block)].join('\n'),
      lines,
    };
  },
  hex: (n: number) => chars(n, HEX),
  password: () => `${chars(6)}!${digits(3)}${chars(5)}`,
};

const text = (t: string, extra: Omit<DetectorCase, 'text'> = {}): DetectorCase => ({ text: t, ...extra });

// ---------------------------------------------------------------------------------------------------------
// Attacks: each row names the kind it must produce and the secrets that must be gone from the result.

function attacks(): DetectorCase[] {
  const rows: DetectorCase[] = [];
  const add = (kind: string, t: string, removed: string[], extra: Omit<DetectorCase, 'text'> = {}) =>
    rows.push(text(t, { kind, removed, ...extra }));

  const ghp = fake.github();
  add('github_token', `$ gh auth token\n${ghp}\n`, [ghp], { tool: 'run_shell' });
  const gho = fake.github('gho_');
  add('github_token', JSON.stringify({ login: 'octocat', oauth_token: gho, scopes: ['repo'] }), [gho]);
  const ghs = fake.github('ghs_');
  add(
    'github_token',
    `[remote "origin"]\n\turl = https://x-access-token:${ghs}@github.com/acme/api.git\n`,
    [ghs],
    {
      tool: 'read_file',
    },
  );
  const pat = fake.githubFineGrained();
  add('github_token', `GITHUB_TOKEN=${pat}\nGITHUB_REPOSITORY=acme/api\n`, [pat]);
  const badSum = fake.githubBadChecksum();
  add('github_token', `token for CI: ${badSum}`, [badSum]);
  const atbb = fake.bitbucket();
  add('bitbucket_token', `git clone https://ada:${atbb}@bitbucket.org/acme/api.git`, [atbb]);
  const glpat = fake.gitlab();
  add('gitlab_token', `curl --header "PRIVATE-TOKEN: ${glpat}" https://gitlab.example.com/api/v4/projects`, [
    glpat,
  ]);

  const keyId = fake.awsKeyId();
  const awsSecret = fake.awsSecret();
  add(
    'aws_access_key_id',
    `[default]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${awsSecret}\nregion = eu-west-1\n`,
    [keyId, awsSecret],
    { tool: 'read_file' },
  );
  const stsId = fake.awsKeyId('ASIA');
  const stsSecret = fake.awsSecret();
  const stsToken = fake.awsSessionToken();
  add(
    'aws_secret_access_key',
    JSON.stringify(
      {
        Credentials: {
          AccessKeyId: stsId,
          SecretAccessKey: stsSecret,
          SessionToken: stsToken,
          Expiration: '2025-01-01T00:00:00Z',
        },
      },
      null,
      2,
    ),
    [stsId, stsSecret, stsToken],
  );
  const csvId = fake.awsKeyId();
  const csvSecret = fake.awsSecret();
  add('aws_secret_access_key', `Access key ID,Secret access key\n${csvId},${csvSecret}\n`, [
    csvId,
    csvSecret,
  ]);
  const aiza = fake.googleApiKey();
  add('google_api_key', `const firebaseConfig = {\n  apiKey: "${aiza}",\n  projectId: "demo-app"\n};`, [
    aiza,
  ]);

  const gocspx = fake.googleOauthSecret();
  add(
    'google_oauth_secret',
    JSON.stringify({
      installed: { client_id: `${digits(12)}-abc.apps.googleusercontent.com`, client_secret: gocspx },
    }),
    [gocspx],
  );
  const ya29 = fake.googleAccessToken();
  add('google_oauth_token', `$ gcloud auth print-access-token\n${ya29}\n`, [ya29], { tool: 'run_shell' });

  const sa = fake.pemKey('', 10);
  const saKeyId = fake.hex(40);
  const serviceAccount = {
    type: 'service_account',
    project_id: 'demo-project',
    private_key_id: saKeyId,
    private_key: sa.text + '\n',
    client_email: 'svc@demo-project.iam.gserviceaccount.com',
  };
  add('gcp_service_account', JSON.stringify(serviceAccount, null, 2), [saKeyId, sa.lines[3]!]);
  const saKeyId2 = fake.hex(40);
  rows.push({
    kind: 'gcp_service_account',
    result: { structuredContent: { ...serviceAccount, private_key_id: saKeyId2 }, content: [] },
    removed: [saKeyId2, sa.lines[5]!],
  });

  const accountKey = fake.azureAccountKey();
  add(
    'azure_storage_key',
    `DefaultEndpointsProtocol=https;AccountName=acmelogs;AccountKey=${accountKey};EndpointSuffix=core.windows.net`,
    [accountKey],
  );
  const sig = fake.azureSasSig();
  add(
    'azure_sas_token',
    `https://acmelogs.blob.core.windows.net/backups/db.bak?sv=2022-11-02&ss=b&srt=o&sp=r&se=2025-01-01T00:00:00Z&sig=${sig}`,
    [sig],
  );
  const sbKey = fake.azureSharedAccessKey();
  add(
    'azure_shared_access_key',
    `Endpoint=sb://acme-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${sbKey}`,
    [sbKey],
  );
  const azSecret = fake.azureClientSecret();
  add('azure_client_secret', `AZURE_CLIENT_ID=${fake.hex(8)}\nAZURE_CLIENT_SECRET=${azSecret}\n`, [azSecret]);

  const xoxb = fake.slackBot();
  add('slack_token', `SLACK_BOT_TOKEN=${xoxb}`, [xoxb]);
  const hook = fake.slackWebhookPath();
  add('slack_webhook', `alerts:\n  webhook: https://hooks.slack.com/services/${hook}\n`, [hook]);
  const discordBot = fake.discordBot();
  add('discord_bot_token', `client.login("${discordBot}");`, [discordBot]);
  const discordHook = fake.discordWebhookSecret();
  add('discord_webhook', `https://discord.com/api/webhooks/${digits(18)}/${discordHook}`, [discordHook]);
  const tgSecret = fake.telegramSecret();
  add('telegram_bot_token', `GET https://api.telegram.org/bot${digits(10)}:${tgSecret}/getUpdates 200`, [
    tgSecret,
  ]);

  const skLive = fake.stripe();
  add('stripe_key', `Stripe::API_KEY = '${skLive}'`, [skLive]);
  const skTest = fake.stripe('sk_test_');
  add('stripe_key', `STRIPE_SECRET_KEY=${skTest}`, [skTest]);
  const rkLive = fake.stripe('rk_live_');
  add('stripe_key', `restricted key created: ${rkLive}`, [rkLive]);
  const whsec = fake.stripeWebhookSecret();
  add('stripe_webhook_secret', `STRIPE_WEBHOOK_SECRET=${whsec}`, [whsec]);
  const sg = fake.sendgrid();
  add('sendgrid_key', `{"name":"mailer","api_key_value":"${sg}"}`, [sg]);
  const mg = fake.mailgun();
  add('mailgun_key', `curl -s --user 'api:${mg}' https://api.mailgun.net/v3/mg.example.com/messages`, [mg]);
  const sq = fake.square();
  add('square_token', `SQUARE_ACCESS_TOKEN ${sq}`, [sq]);

  const proj = fake.openaiProject();
  add('openai_key', `OPENAI_API_KEY=${proj}`, [proj]);
  const legacy = fake.openaiLegacy();
  add('openai_key', `openai.api_key = "${legacy}"`, [legacy]);
  const ant = fake.anthropic();
  add('anthropic_key', `export ANTHROPIC_API_KEY=${ant}`, [ant]);
  const hf = fake.huggingface();
  add('huggingface_token', `huggingface-cli login --token ${hf}`, [hf]);
  const groq = fake.groq();
  add('groq_key', `{"groq": {"key": "${groq}"}}`, [groq]);
  const r8 = fake.replicate();
  add('replicate_token', `REPLICATE_API_TOKEN=${r8}`, [r8]);

  const npm = fake.npm();
  add('npm_token', `//registry.npmjs.org/:_authToken=${npm}\n`, [npm], { tool: 'read_file' });
  const pypi = fake.pypi();
  add('pypi_token', `[pypi]\n  username = __token__\n  password = ${pypi}\n`, [pypi]);
  const docker = fake.docker();
  add('docker_token', `echo ${docker} | docker login -u acme --password-stdin`, [docker]);
  const heroku = fake.heroku();
  add('heroku_key', `HEROKU_API_KEY=${heroku}`, [heroku]);
  const dop = fake.digitalocean();
  add('digitalocean_token', `doctl auth init --access-token ${dop}`, [dop]);
  const shpat = fake.shopify();
  add('shopify_token', `X-Shopify-Access-Token: ${shpat}`, [shpat]);
  const atl = fake.atlassian();
  add('atlassian_token', `JIRA_API_TOKEN=${atl}`, [atl]);
  const lin = fake.linear();
  add('linear_key', `Authorization header set from linear key ${lin}`, [lin]);
  const ntn = fake.notion();
  add('notion_token', `NOTION_TOKEN=${ntn}`, [ntn]);
  const notionLegacy = fake.notionLegacy();
  add('notion_token', `notion = Client(auth="${notionLegacy}")`, [notionLegacy]);

  const jwt = fake.jwt();
  add('jwt', JSON.stringify({ access_token: jwt, token_type: 'Bearer', expires_in: 3600 }), [jwt]);
  const jwtRs = fake.jwt('RS256');
  add('jwt', `set-cookie: session=${jwtRs}; HttpOnly; Secure`, [jwtRs]);

  const rsa = fake.pemKey('RSA');
  add('private_key', `$ cat ~/.ssh/id_rsa\n${rsa.text}\n`, [rsa.lines[0]!, rsa.lines[11]!], {
    tool: 'run_shell',
  });
  const openssh = fake.pemKey('OPENSSH', 7);
  add('private_key', openssh.text, [openssh.lines[2]!], { tool: 'read_file' });
  const ec = fake.pemKey('EC', 4);
  add('private_key', JSON.stringify({ tls: { key: ec.text + '\n', cert_file: '/etc/tls/tls.crt' } }), [
    ec.lines[1]!,
  ]);
  const pgp = fake.pemKey('PGP', 20, true);
  add('private_key', pgp.text.replace('-----\n', '-----\nVersion: GnuPG v2\n\n'), [pgp.lines[10]!]);
  const enc = fake.pemKey('RSA', 8);
  const encrypted = enc.text.replace(
    '-----\n',
    `-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,${fake.hex(32).toUpperCase()}\n\n`,
  );
  add('private_key', encrypted, [enc.lines[4]!]);
  const cut = fake.pemKey('', 12);
  const truncated = cut.text.split('\n').slice(0, 8).join('\n') + '\n[output truncated]';
  add('private_key', truncated, [cut.lines[3]!]);

  const pgPass = fake.password();
  add('password', `DATABASE_URL=postgres://app:${pgPass}@db.internal:5432/orders`, [pgPass]);
  const mongoPass = fake.password();
  add('password', `mongodb+srv://analytics:${mongoPass}@cluster0.ab12c.mongodb.net/?retryWrites=true`, [
    mongoPass,
  ]);
  const redisPass = chars(32, HEX);
  add('password', `REDIS_URL=redis://:${redisPass}@cache:6379/0`, [redisPass]);
  const bearerToken = chars(40, B64URL);
  add('bearer_token', `curl -H "Authorization: Bearer ${bearerToken}" https://api.example.com/v1/me`, [
    bearerToken,
  ]);
  const basicPass = fake.password();
  const basic = btoa(`deploy:${basicPass}`);
  add('basic_auth', `> GET /metrics HTTP/1.1\n> Authorization: Basic ${basic}\n`, [basic]);
  const envPass = fake.password();
  const django = chars(50, `${ALNUM}!@#%^&*(-_=+)`);
  add('password', `DEBUG=False\nDB_PASSWORD=${envPass}\nDJANGO_SECRET_KEY='${django}'\n`, [envPass, django]);
  const k8sPass = btoa(fake.password());
  add('password', `apiVersion: v1\nkind: Secret\ndata:\n  username: YWRtaW4=\n  password: ${k8sPass}\n`, [
    k8sPass,
  ]);
  const clientSecret = chars(34, `${ALNUM}~._-`);
  add('client_secret', JSON.stringify({ client_id: 'web-app', client_secret: clientSecret }), [clientSecret]);
  const apiKey = chars(32, HEX);
  add('api_key', `-H 'x-api-key: ${apiKey}'`, [apiKey]);
  const dockerAuth = btoa(`ci-bot:${fake.password()}`);
  add('generic_secret', JSON.stringify({ auths: { 'registry.example.com': { auth: dockerAuth } } }), [
    dockerAuth,
  ]);
  const xmlPass = fake.password();
  add('password', `<datasource><user>app</user><password>${xmlPass}</password></datasource>`, [xmlPass]);
  const fieldPass = fake.password();
  rows.push({
    kind: 'password',
    result: { structuredContent: { db: { host: 'db', password: fieldPass } } },
    removed: [fieldPass],
  });
  const escaped = fake.password();
  add('password', JSON.stringify(JSON.stringify({ user: 'svc', password: escaped })), [escaped]);

  const resourceToken = fake.github();
  rows.push({
    method: 'resources/read',
    kind: 'github_token',
    result: {
      contents: [{ uri: 'file:///repo/.env', mimeType: 'text/plain', text: `GH_TOKEN=${resourceToken}\n` }],
    },
    removed: [resourceToken],
  });
  const promptKey = fake.openaiProject();
  rows.push({
    method: 'prompts/get',
    kind: 'openai_key',
    result: {
      messages: [{ role: 'user', content: { type: 'text', text: `Use key ${promptKey} for the demo.` } }],
    },
    removed: [promptKey],
  });
  const completion = fake.stripe();
  rows.push({
    method: 'completion/complete',
    kind: 'stripe_key',
    result: { completion: { values: [completion] } },
    removed: [completion],
  });
  const many = [fake.github(), fake.github(), fake.github()];
  add('github_token', many.map((t, i) => `${i}: ${t}`).join('\n'), many);
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// Benign look-alikes: placeholders, documentation examples, public keys, identifiers and prose.

function benign(): DetectorCase[] {
  const b64Image = `data:image/png;base64,${chars(4000, B64)}`;
  return [
    text(
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    ),
    text('password: ********'),
    text('password=<your-password>'),
    text('token: null'),
    text('api_key: your_api_key_here'),
    text('curl -H "Authorization: Bearer ${TOKEN}" https://api.example.com'),
    text('Authorization: Bearer <token>'),
    text('DATABASE_URL=postgres://user:password@localhost:5432/mydb'),
    text('DATABASE_URL=postgres://${DB_USER}:${DB_PASSWORD}@db:5432/app'),
    text('Connect to https://example.com:8443/health and mysql://root@localhost/shop'),
    text('postgres://app:[REDACTED:password]@db:5432/x and [REDACTED:github_token]'),
    text(['-----BEGIN ', 'CERTIFICATE-----\n', chars(64, B64), '\n-----END CERTIFICATE-----'].join('')),
    text(['-----BEGIN ', 'PUBLIC KEY-----\n', chars(64, B64), '\n-----END PUBLIC KEY-----'].join('')),
    text(`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${chars(43, B64)} ada@laptop`),
    text(`Stripe.js publishable key: pk_live_${chars(99)}`),
    text('pip install scikit-learn; sk-learn is the old name; run task-runner --desk-top'),
    text(JSON.stringify({ items: [], nextPageToken: chars(40, B64URL) })),
    text(JSON.stringify({ usage: { prompt_tokens: 1200, completion_tokens: 345, max_tokens: 4096 } })),
    text(JSON.stringify({ key: 'user:1234:profile', cache_key: 'v2:feed:ada', sort_key: '2024-05-01' })),
    text(`commit ${fake.hex(40)}\nAuthor: Ada <ada@example.com>\n\n    rotate the staging token`),
    text(`{"request_id": "3f2b8c1e-9a4d-4e6f-8b21-0c7d5e9f1a23", "trace": "${fake.hex(32)}"}`),
    text('interface Login {\n  username: string;\n  password: string;\n  token?: string;\n}'),
    text('type Mutation { login(email: String!, password: String!): Session }'),
    text('password = os.environ["DB_PASSWORD"]\ntoken = getenv("API_TOKEN")'),
    text('const token = process.env.GITHUB_TOKEN;\nconst secret = config.auth.secret;'),
    text('password = getpass.getpass("Password: ")'),
    text('Set the GITHUB_TOKEN environment variable to a token with the repo scope.'),
    text('GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'),
    text('Your key sk-...a1b2 was created on May 1st.'),
    text(`eyJ${chars(30, B64URL)}.${chars(40, B64URL)}.${chars(43, B64URL)}`),
    text('https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'),
    text(b64Image),
    text(Array.from({ length: 20 }, () => `sha256:${fake.hex(64)}`).join('\n')),
    text(
      'spec:\n  imagePullSecrets:\n    - name: regcred\n  volumes:\n    - secret:\n        secretName: db-credentials',
    ),
    text('passwordPolicy: minLength 12, requireSymbols: true'),
    text('Token usage: 1234 input, 567 output. The API key must be sent in the x-api-key header.'),
    text('| header | value |\n|---|---|\n| Authorization | required |'),
    text("fetch(url, { credentials: 'include', mode: 'cors' })"),
    text('auth: true\nauth_type: oauth2\nbypass: false'),
    text('meeting at 12:30, ids 123456789:AAbc'),
    text('https://cdn.example.com/img.png?w=200&sig=abc123'),
    text('SLACK_BOT_TOKEN=xoxb-your-bot-token'),
    text('GOOGLE_API_KEY=AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX'),
    text(JSON.stringify({ private_key_id: '', private_key: '' })),
    text('token_count: 15000\nkeyboard: us\ncompass_key: north'),
    text('Use the Bearer authentication scheme; see RFC 6750 for bearer tokens.'),
    text('STRIPE_KEY=sk_test_123'),
    text(`wallet address: 0x${fake.hex(40)}`),
    { result: { structuredContent: { user: 'ada', password: '••••••••', token: null, apiKey: '' } } },
    { result: { structuredContent: { session: { token_type: 'Bearer', expires_in: 3600 } } } },
    text('DB_PASSWORD=${DB_PASSWORD:?required}\nSECRET_KEY={{ vault_secret_key }}'),
    text('password: ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]'),
    text('Token: expired. Please log in again to refresh your session.'),
    text([pemLine('BEGIN', 'RSA', false), '...', pemLine('END', 'RSA', false)].join('\n')),
    text(`user-${digits(6)}@example.com logged in from 10.0.0.12 (session ${fake.hex(8)})`),
    text(
      JSON.stringify({
        web: { client_id: `${digits(12)}-abc.apps.googleusercontent.com`, project_id: 'demo' },
      }),
    ),
    text('Endpoint=sb://acme-bus.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=<key>'),
    text('Bitbucket app passwords start with ATBB; GitLab tokens with glpat-.'),
    text('$ env\nPWD=/home/ada/project\nOLDPWD=/tmp\nHOME=/home/ada\nSHELL=/bin/bash\n'),
    text('type ArrowToken = ArrowToken$1;\nexports.isJSXToken = isJSXToken;\nconst pass = !this.result.ok;'),
    text('readonly STENCIL_PASS_DEPTH_PASS: 0x0B96;\nstatus = { pass: match?.pass ?? false }'),
    text("const myURL = new URL('https://abc:xyz@example.com');"),
    text("const password = 'Password used to generate key';"),
    text(
      '[![coverage](https://codecov.io/gh/acme/api/graph/badge.svg?token=37tZMQE0Sy)](https://codecov.io)',
    ),
  ];
}

export const cases: CaseTable = { attacks: attacks(), benign: benign() };
