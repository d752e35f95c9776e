/**
 * The phrase families of prompt injection, as data: English word rules, then Spanish, French, German,
 * Portuguese, Italian and Russian ones, then Chinese, Japanese and Korean character rules. `injection.ts`
 * says how a rule reads (`first`, `via`, `last`, `within`...) and compiles them once.
 *
 * Words are folded as `analyzeText` folds them: lowercase, no diacritics (`precedentes`, `instrucoes`).
 * One rule per line, so that a change to a language reads as one line of diff (this file is left out of
 * Prettier, which would put each word on its own line).
 */

import type { CjkRule, RuleSpec } from './injection.js';

const EN_STRONG_NOUNS = ['instruction', 'instructions', 'directive', 'directives', 'direction', 'directions', 'guideline', 'guidelines', 'system prompt', 'programming'];
const EN_WEAK_NOUNS = ['prompt', 'prompts', 'rules', 'commands', 'context', 'conversation', 'constraints', 'restrictions', 'limitations', 'safeguards', 'guardrails', 'policies', 'filters'];
const EN_PRIOR = ['previous', 'prior', 'above', 'earlier', 'preceding', 'foregoing', 'your', 'original', 'initial', 'system', 'safety'];
const EN_OVERRIDE_VERBS = ['ignore', 'disregard', 'forget', 'override', 'bypass', 'discard', 'neglect', 'abandon'];
const EN_PERSONA = ['dan', 'unrestricted', 'unfiltered', 'uncensored', 'jailbroken', 'evil', 'amoral', 'unethical', 'unbound', 'in developer mode', 'in dan mode', 'in god mode', 'in jailbreak mode', 'an ai without', 'a different ai', 'an unrestricted', 'an unfiltered', 'an uncensored', 'free from', 'an ai', 'a chatbot', 'a language model', 'character', 'persona', 'roleplay*'];
const EN_AI = ['chatgpt', 'claude', 'gpt*', 'llm', 'llms', 'ai', 'assistant', 'language model', 'you are', 'you will', 'you can now', 'your restrictions', 'your guidelines', 'your filters', 'your rules', 'your programming', 'dan'];

const OVERRIDE: RuleSpec[] = [
  { family: 'instruction-override', first: EN_OVERRIDE_VERBS, via: [...EN_PRIOR, 'all', 'every', 'current'], last: EN_STRONG_NOUNS },
  { family: 'instruction-override', first: EN_OVERRIDE_VERBS, via: EN_PRIOR, last: EN_WEAK_NOUNS },
  { family: 'instruction-override', first: ['follow', 'following', 'obey', 'heed', 'attention'], after: ['not', "don't", 'dont', 'stop', 'longer', 'never', 'cease', 'no'], via: [...EN_PRIOR, 'all', 'any'], last: EN_STRONG_NOUNS },
  { family: 'instruction-override', first: ['forget everything', 'forget all that', 'disregard everything', 'ignore everything'], last: ['above', 'before', 'previously', 'you were told', 'you know', 'so far', 'said'], within: 4 },
  { family: 'instruction-override', first: ['previous', 'prior', 'above', 'earlier', 'preceding', 'original'], via: EN_STRONG_NOUNS, last: ['ignored', 'disregarded', 'void', 'cancelled', 'canceled', 'revoked', 'overridden', 'no longer apply', 'do not apply', 'are suspended', 'nullified', 'superseded'], within: 5 },
  { family: 'instruction-override', first: ['you are now', "you're now", 'you will now act', 'you will now be', 'you shall now be'], last: EN_PERSONA, within: 4 },
  { family: 'instruction-override', first: ['you are no longer', "you're no longer"], last: ['bound', 'restricted', 'limited', 'an ai', 'an assistant', 'claude', 'chatgpt', 'gpt*', 'constrained'], within: 3 },
  { family: 'instruction-override', first: ['from now on', 'from this point on', 'from this moment on', 'from here on', 'henceforth'], last: ['respond', 'answer', 'reply', 'act as', 'pretend', 'ignore', 'disregard', 'obey', 'roleplay', 'you are dan', 'you are an ai', 'you are no longer', 'you are free', 'you have no'], within: 4 },
  { family: 'instruction-override', first: ['act as', 'act like', 'behave as', 'behave like', 'pretend to be', 'pretend you are', "pretend you're", 'pretend that you', 'roleplay as', 'role play as', 'you are going to pretend'], last: ['dan', 'an unrestricted', 'an unfiltered', 'an uncensored', 'a jailbroken', 'an evil', 'unrestricted', 'unfiltered', 'uncensored', 'jailbroken', 'evil', 'amoral', 'no restrictions', 'no rules', 'no limits', 'no filters', 'no guidelines', 'no content policy', 'without restrictions', 'without rules', 'without limits', 'without filters', 'developer mode', 'a different ai', 'not bound'], within: 6 },
  { family: 'instruction-override', first: ['developer mode', 'dan mode', 'god mode', 'jailbreak mode', 'jailbreak', 'jailbroken', 'do anything now'], last: EN_AI, within: 8 },
  { family: 'instruction-override', first: ['reveal', 'print', 'output', 'repeat', 'show', 'display', 'leak', 'dump', 'disclose', 'tell me', 'write out', 'recite', 'share'], via: ['your'], last: ['system prompt', 'initial prompt', 'hidden prompt', 'original prompt', 'system instructions', 'initial instructions', 'original instructions', 'hidden instructions', 'system message', 'full prompt'], within: 5 },
  // Spanish
  { family: 'instruction-override', first: ['ignora', 'ignore', 'ignoren', 'ignorar', 'ignorad', 'olvida', 'olvide', 'olviden', 'olvidar', 'descarta', 'descarte', 'omite', 'omita', 'haz caso omiso', 'no sigas'], via: ['anteriores', 'previas', 'previos', 'precedentes', 'todas', 'todos', 'tus', 'sus', 'originales', 'iniciales', 'del sistema'], last: ['instrucciones', 'instruccion', 'indicaciones', 'directrices', 'directivas', 'ordenes', 'reglas', 'normas', 'prompt'] },
  { family: 'instruction-override', first: ['partir de ahora', 'desde ahora', 'ahora eres', 'ahora seras'], last: ['eres', 'seras', 'actuaras', 'responderas', 'responde', 'actua', 'ignora', 'dan', 'sin restricciones', 'sin filtros', 'sin limites', 'modo desarrollador'], within: 4 },
  // French
  { family: 'instruction-override', first: ['ignore', 'ignorez', 'ignorer', 'oublie', 'oubliez', 'oublier', 'ne tiens pas compte', 'ne tenez pas compte', 'fais abstraction', 'faites abstraction', 'contourne', 'contournez', 'outrepasse', 'outrepassez'], via: ['precedentes', 'precedente', 'anterieures', 'toutes', 'tous', 'tes', 'vos', 'dessus', 'initiales', 'originales', 'systeme'], last: ['instructions', 'instruction', 'consignes', 'directives', 'regles', 'ordres', 'indications', 'prompt'] },
  { family: 'instruction-override', first: ['partir de maintenant', 'desormais', 'tu es maintenant', 'vous etes maintenant', 'tu es desormais'], last: ['tu es', 'vous etes', 'reponds', 'repondez', 'agis', 'agissez', 'ignore', 'ignorez', 'dan', 'sans restrictions', 'sans filtre', 'sans limites', 'mode developpeur'], within: 4 },
  // German
  { family: 'instruction-override', first: ['ignoriere', 'ignorieren', 'ignoriert', 'ignorier', 'vergiss', 'vergesst', 'vergessen', 'missachte', 'missachten', 'ubergehe', 'uberschreibe', 'setze', 'befolge keine', 'befolge nicht'], via: ['vorherigen', 'vorherige', 'bisherigen', 'bisherige', 'alle', 'vorangegangenen', 'obigen', 'deine', 'ihre', 'ursprunglichen', 'vorigen', 'fruheren', 'samtliche', 'system'], last: ['anweisung*', 'instruktion*', 'befehle', 'regeln', 'vorgaben', 'richtlinien', 'anordnungen', 'systemanweisung*', 'systemprompt', 'prompt'] },
  { family: 'instruction-override', first: ['ab jetzt', 'von nun an', 'ab sofort', 'du bist jetzt', 'du bist nun'], last: ['bist du', 'antwortest du', 'wirst du', 'antworte', 'handle', 'ignoriere', 'dan', 'ohne einschrankungen', 'ohne filter', 'ohne regeln', 'entwicklermodus', 'uneingeschrankt'], within: 4 },
  // Portuguese
  { family: 'instruction-override', first: ['ignore', 'ignora', 'ignorar', 'ignorem', 'esqueca', 'esquece', 'esquecer', 'esquecam', 'desconsidere', 'desconsidera', 'desconsiderar', 'nao siga'], via: ['anteriores', 'anterior', 'todas', 'todos', 'previas', 'suas', 'tuas', 'acima', 'originais', 'iniciais', 'do sistema'], last: ['instrucoes', 'instrucao', 'diretrizes', 'diretivas', 'ordens', 'regras', 'orientacoes', 'comandos', 'prompt'] },
  { family: 'instruction-override', first: ['partir de agora', 'agora em diante', 'agora voce e', 'agora voce sera'], last: ['voce e', 'voce sera', 'voce vai', 'responda', 'aja', 'ignore', 'dan', 'sem restricoes', 'sem filtros', 'sem limites', 'modo desenvolvedor'], within: 4 },
  // Italian
  { family: 'instruction-override', first: ['ignora', 'ignorare', 'ignorate', 'ignori', 'dimentica', 'dimenticate', 'dimenticare', 'trascura', 'trascurate', 'non seguire', 'non tenere conto'], via: ['precedenti', 'precedente', 'tutte', 'tutti', 'tue', 'vostre', 'sopra', 'originali', 'iniziali', 'sistema'], last: ['istruzioni', 'istruzione', 'direttive', 'indicazioni', 'regole', 'ordini', 'comandi', 'prompt'] },
  { family: 'instruction-override', first: ['da ora in poi', "d'ora in poi", 'da adesso', 'ora sei', 'adesso sei'], last: ['sei', 'rispondi', 'agirai', 'agisci', 'ignora', 'dan', 'senza restrizioni', 'senza filtri', 'senza limiti', 'modalita sviluppatore'], within: 4 },
  // Russian
  { family: 'instruction-override', first: ['игнорируй', 'игнорируйте', 'игнорировать', 'проигнорируй', 'проигнорируйте', 'забудь', 'забудьте', 'забыть', 'не обращай внимания', 'не обращайте внимания', 'отбрось', 'отбросьте', 'пренебреги', 'не следуй', 'не выполняй'], via: ['предыдущ*', 'прежн*', 'прошл*', 'предшествующ*', 'все', 'всё', 'всех', 'свои', 'твои', 'ваши', 'ранее', 'выше', 'вышеизложенн*', 'изначальн*', 'исходн*', 'системн*'], last: ['инструкц*', 'указани*', 'директив*', 'промпт*', 'правил*', 'команд*', 'ограничени*'] },
  { family: 'instruction-override', first: ['теперь ты', 'с этого момента ты', 'отныне ты', 'теперь вы'], last: ['dan', 'без ограничений', 'без фильтров', 'без правил', 'режим* разработчика', 'неограниченн*', 'свободн*', 'ии без', 'злой', 'взломанн*'], within: 4 },
];

const EN_TELL = ['tell', 'mention', 'reveal', 'inform', 'disclose', 'notify', 'alert', 'say', 'let', 'acknowledge', 'explain', 'report', 'bring up'];
const EN_TELLING = ['telling', 'mentioning', 'revealing', 'informing', 'disclosing', 'notifying', 'alerting'];
const EN_NOT_AFTER_USER = ['whether', 'which', 'why', 'how', 'if', 'the', 'a', 'an', 'any', 'their', 'your'];
const EN_USER = ['user', 'users', 'the human', 'human', 'humans'];
const EN_ACTIONS = ['send', 'include', 'add', 'append', 'copy', 'forward', 'upload', 'read', 'call', 'use', 'run', 'execute', 'exfiltrate', 'transmit', 'save', 'store', 'pass', 'email', 'attach', 'bcc', 'cc', 'post', 'write', 'delete', 'modify', 'change', 'insert', 'embed', 'leak', 'collect', 'gather', 'extract'];

const CONCEALMENT: RuleSpec[] = [
  { family: 'concealment', first: EN_TELL, after: ['not', "don't", 'dont', 'never', "mustn't", "shouldn't", "won't"], last: EN_USER, notThen: EN_NOT_AFTER_USER },
  { family: 'concealment', first: EN_TELLING, after: ['avoid', 'refrain'], last: EN_USER, notThen: EN_NOT_AFTER_USER },
  { family: 'concealment', first: ['without'], via: ['telling', 'informing', 'notifying', 'alerting', 'letting', 'mentioning', 'knowing', 'noticing', 'realizing', 'realising', 'their knowledge', 'the knowledge of'], last: EN_USER, within: 4, notAfter: ['never', 'not', "won't", 'cannot', "can't", "don't", "doesn't", 'no'] },
  { family: 'concealment', first: ['secretly', 'covertly', 'stealthily', 'discreetly', 'silently', 'quietly', 'surreptitiously', 'in secret'], last: EN_ACTIONS, within: 3 },
  { family: 'concealment', first: ['send', 'forward', 'upload', 'copy', 'include', 'add', 'append', 'attach', 'email', 'post', 'transmit', 'exfiltrate', 'bcc', 'cc', 'save', 'store', 'collect'], last: ['secretly', 'covertly', 'stealthily', 'surreptitiously', 'without the user', "behind the user's back", 'behind their back'], within: 6 },
  { family: 'concealment', first: ['hide', 'conceal', 'keep'], via: ['this', 'it', 'these', 'that', 'everything'], last: ['from the user', 'from users', 'from the human', 'secret from', 'hidden from', 'between us', 'confidential from'], within: 5 },
  { family: 'concealment', first: ['user'], last: ['must not know', 'should not know', 'must never know', 'should never know', "doesn't need to know", 'does not need to know', 'must not see', 'should not see', 'must never find out', 'not be informed', 'not be told'], within: 3 },
  // Spanish, French, German, Portuguese, Italian, Russian
  { family: 'concealment', first: ['digas', 'menciones', 'reveles', 'informes', 'cuentes', 'avises', 'notifiques', 'informar', 'informarle', 'decirle', 'avisar', 'avisarle', 'notificar', 'digan', 'mencionen'], after: ['no', 'sin', 'nunca', 'jamas'], last: ['usuario', 'usuaria', 'usuarios'] },
  { family: 'concealment', first: ['sin que'], via: ['usuario', 'usuaria'], last: ['sepa', 'se entere', 'lo note', 'note'], within: 5 },
  { family: 'concealment', first: ['dis', 'dites', 'mentionne', 'mentionnez', 'revele', 'revelez', 'informe', 'informez', 'informer', 'previens', 'prevenez', 'prevenir', 'avertis', 'avertissez', 'signale', 'signalez', 'parle', 'parlez', 'dire', 'mentionner', 'reveler'], after: ['ne', "n'", 'sans', 'jamais'], last: ['utilisateur', 'utilisatrice', 'utilisateurs'] },
  { family: 'concealment', first: ['sag', 'sage', 'erwahne', 'verrate', 'informiere', 'teile', 'benachrichtige'], via: ['nicht', 'nichts', 'niemals', 'nie', 'keinesfalls'], last: ['benutzer*', 'nutzer*', 'anwender*', 'user'] },
  { family: 'concealment', first: ['ohne'], via: ['informieren', 'benachrichtigen', 'zu sagen', 'mitzuteilen', 'zu informieren', 'wissen', 'dass'], last: ['benutzer*', 'nutzer*', 'anwender*'], within: 5 },
  { family: 'concealment', first: ['diga', 'conte', 'mencione', 'revele', 'informe', 'informar', 'avise', 'avisar', 'notificar', 'dizer', 'contar'], after: ['nao', 'sem', 'nunca', 'jamais'], last: ['usuario', 'usuaria', 'usuarios', 'utilizador', 'utilizadores'] },
  { family: 'concealment', first: ['dire', 'dirlo', 'dica', 'dirgli', 'menzionare', 'menzionarlo', 'rivelare', 'informare', 'avvisare', 'notificare', 'comunicare'], after: ['non', 'senza', 'mai'], last: ['utente', 'utenti'] },
  { family: 'concealment', first: ['сообщ*', 'говор*', 'упомин*', 'уведом*', 'рассказ*', 'раскры*', 'показыв*', 'ведома'], after: ['не', 'никогда', 'без'], last: ['пользовател*', 'юзер*'] },
];

const EN_SEND = ['send', 'post', 'upload', 'forward', 'transmit', 'exfiltrate', 'email', 'mail', 'submit', 'leak', 'share', 'deliver', 'relay', 'make a request', 'curl', 'wget'];
const EN_SENSITIVE = ['conversation*', 'chat history', 'chat log*', 'message history', 'previous messages', 'all messages', 'system prompt', 'contents of', 'content of', 'environment variables', 'env vars', 'all credentials', 'all secrets', 'all passwords', 'all tokens', 'all api keys', 'all keys', "the user's", 'user data', 'private key*', 'secrets', 'cookies', 'all emails', 'every email', 'all files', 'all documents', 'transcript', '$secret'];
const EN_DESTINATIONS = ['$url', '$email', 'webhook*', 'this url', 'this address', 'this endpoint', 'the following url', 'the following address', 'the following endpoint', 'attacker*'];
const EN_READ = ['read', 'cat', 'open', 'load', 'access', 'get', 'fetch', 'retrieve', 'grab', 'obtain', 'extract', 'collect', 'dump', 'look up', 'check'];

const EXFILTRATION: RuleSpec[] = [
  { family: 'exfiltration', first: EN_SEND, via: EN_SENSITIVE, last: EN_DESTINATIONS, within: 16 },
  { family: 'exfiltration', first: ['include', 'attach', 'embed', 'pass', 'output', 'print', 'return', 'encode', 'concatenate'], last: ['$secret'], within: 6 },
  { family: 'exfiltration', first: EN_READ, via: ['$secret'], last: ['send', 'post', 'upload', 'forward', 'include', 'pass', 'append', 'attach', 'paste', 'put', 'email', 'submit', 'share', 'transmit', '$url', '$email', 'parameter', 'argument', 'sidenote', 'tell me', 'output', 'return', 'print'], within: 16 },
  { family: 'exfiltration', first: ['envia', 'envie', 'enviar', 'manda', 'mande', 'sube', 'suba', 'reenvia', 'publica'], via: ['conversacion', 'historial', 'contrasena*', 'credenciales', 'secretos', 'claves', 'clave privada', 'contenido de', 'mensajes', '$secret'], last: ['$url', '$email'], within: 16 },
  { family: 'exfiltration', first: ['envoie', 'envoyez', 'envoyer', 'transmets', 'transmettez', 'televerse', 'televersez', 'publie', 'poste', 'postez'], via: ['conversation', 'historique', 'mot* de passe', 'identifiants', 'secrets', 'cles', 'cle privee', 'contenu', '$secret'], last: ['$url', '$email'], within: 16 },
  { family: 'exfiltration', first: ['sende', 'senden', 'schicke', 'schicken', 'ubermittle', 'ubertrage', 'lade', 'leite'], via: ['konversation', 'gesprach*', 'verlauf', 'chatverlauf', 'passwort*', 'kennwort*', 'zugangsdaten', 'geheimnisse', 'schlussel', 'privaten schlussel', 'inhalt', '$secret'], last: ['$url', '$email'], within: 16 },
  { family: 'exfiltration', first: ['envie', 'envia', 'enviar', 'mande', 'encaminhe', 'carregue', 'publique'], via: ['conversa', 'historico', 'senha*', 'credenciais', 'segredos', 'chaves', 'conteudo', '$secret'], last: ['$url', '$email'], within: 16 },
  { family: 'exfiltration', first: ['invia', 'inviate', 'inviare', 'manda', 'inoltra', 'carica', 'pubblica'], via: ['conversazione', 'cronologia', 'password', 'credenziali', 'segreti', 'chiavi', 'contenuto', '$secret'], last: ['$url', '$email'], within: 16 },
  { family: 'exfiltration', first: ['отправь*', 'пошли', 'перешли*', 'загрузи', 'отошли', 'передай*'], via: ['переписк*', 'истори*', 'парол*', 'учетн*', 'секрет*', 'ключ*', 'содержим*', 'диалог*', '$secret'], last: ['$url', '$email'], within: 16 },
];

const SENSITIVE_READ: RuleSpec[] = [
  { family: 'sensitive-file-read', first: EN_READ, last: ['$secret'], within: 6 },
];

/** Every word rule, compiled once by `injection.ts`. */
export const PHRASE_RULES: readonly RuleSpec[] = [...OVERRIDE, ...CONCEALMENT, ...EXFILTRATION, ...SENSITIVE_READ];

export const CJK_RULES: readonly CjkRule[] = [
  { family: 'instruction-override', sets: [['忽略', '无视', '無視', '忽视', '忽視', '忘记', '忘記', '忘掉', '不要理会', '不要理會', '跳过', '跳過', '放弃', '放棄', '绕过', '繞過', '不要遵守', '不要遵循'], ['之前', '以前', '先前', '上面', '上述', '前面', '所有', '全部', '一切', '你的', '原来', '原來', '原有', '系统', '系統', '此前'], ['指令', '指示', '提示词', '提示詞', '规则', '規則', '设定', '說明', '说明', '约束', '約束', '限制']], within: 12 },
  { family: 'instruction-override', sets: [['無視', '忘れ', '従わ', '破棄'], ['以前', '前の', 'これまで', '上記', 'すべて', '全て', '全部', 'あなたの', '元の', 'システム', '先の', '今まで'], ['指示', '命令', '指令', 'ルール', 'プロンプト', '制約']], within: 14 },
  { family: 'instruction-override', sets: [['무시', '잊어', '잊고', '따르지'], ['이전', '모든', '앞의', '위의', '기존', '당신의', '너의', '원래', '시스템', '지금까지', '앞서'], ['지시', '지침', '명령', '규칙', '프롬프트', '제약']], within: 14 },
  { family: 'instruction-override', sets: [['你现在是', '你現在是', '从现在开始你', '從現在開始你', '从现在起你', 'あなたは今から', '今からあなたは', 'これからあなたは', '지금부터 당신은', '지금부터 너는', '이제부터 당신은', '이제부터 너는', '이제 당신은', '开发者模式', '開發者模式', '開発者モード', '개발자 모드', '越狱', '越獄', '脱獄', '탈옥'], ['没有限制', '沒有限制', '不受限制', '无限制', '無限制', '没有任何限制', 'dan', '越狱', '越獄', '制限のない', '制限なし', '脱獄', '제한 없는', '제한이 없는', '탈옥', '开发者模式', '開發者模式', '開発者モード', '개발자 모드', 'ai', '人工智能', '助手', 'アシスタント', '어시스턴트', '语言模型', '言語モデル', '언어 모델', 'chatgpt', 'claude']], within: 12 },
  { family: 'concealment', sets: [['不要告诉', '不要告訴', '别告诉', '別告訴', '不要提及', '不要透露', '不要让', '不要讓', '不要通知', '勿告知', '不得告知', '瞒着', '瞞著', '秘密地', '悄悄地'], ['用户', '用戶', '使用者']], within: 10 },
  { family: 'concealment', sets: [['伝えない', '言わない', '知らせない', '教えない', '知らせずに', '伝えずに', '内緒', '秘密に', 'こっそり', '黙って'], ['ユーザー', 'ユーザ', '利用者']], within: 12 },
  { family: 'concealment', sets: [['알리지', '말하지', '언급하지', '알려주지', '몰래', '비밀로'], ['사용자', '유저', '이용자']], within: 12 },
  { family: 'exfiltration', sets: [['发送', '發送', '上传', '上傳', '转发', '轉發', '发给', '發給', '送信', '送って', 'アップロード', '転送', '전송', '보내', '업로드', '전달'], ['http://', 'https://'], ['聊天记录', '聊天紀錄', '对话', '對話', '历史', '歷史', '密码', '密碼', '密钥', '密鑰', '私钥', '私鑰', '凭证', '憑證', '令牌', '系统提示', '系統提示', '会話', '履歴', 'パスワード', '秘密鍵', '認証情報', 'トークン', 'システムプロンプト', '대화', '기록', '비밀번호', '개인 키', '자격 증명', '토큰', '시스템 프롬프트', '.ssh', 'id_rsa', '.env', '.aws']], within: 40 },
];
