// Everything taken from a smoke run's output (log excerpts, OOM evidence) passes through here
// before it reaches a PR comment, the job summary or results.json. Values registered with
// core.setSecret cannot be read back, so the caller collects what it knows (the token input,
// secret-looking environment values) and the log's own ::add-mask:: lines are honoured here.

const REDACTED = '***'

/** Values shorter than this are not redacted by value: masking "1" or "true" would garble every line. */
const MIN_SECRET_LENGTH = 6

/** Words that make an environment variable's value a secret when they are a part of its name. */
const SECRET_WORDS = [
  'TOKEN',
  'TOKENS',
  'KEY',
  'KEYS',
  'SECRET',
  'SECRETS',
  'PASSWORD',
  'PASSWD',
  'PASSPHRASE',
  'CREDENTIAL',
  'CREDENTIALS',
  'PAT'
]
/** Also secret when glued to the end of a name without a separator: APIKEY, GHTOKEN. */
const SECRET_SUFFIXES = ['TOKEN', 'KEY', 'SECRET', 'PASSWORD', 'PASSWD', 'CREDENTIALS', 'CREDENTIAL']
/** Anywhere in a name: nobody names a harmless variable MYSECRETSTUFF. */
const SECRET_INFIXES = ['SECRET', 'PASSWORD', 'CREDENTIAL']

/**
 * Whether a variable's name says its value is secret: a part of the name (split at `_`, `-`, `.`)
 * is TOKEN, KEY, SECRET, PASSWORD, CREDENTIAL(S) or PAT, or the name ends in one of them.
 * `TOKENIZERS_PARALLELISM` and `KEYBOARD` are not secret.
 */
export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase()
  const parts = upper.split(/[_\-.]+/)
  if (parts.some(p => SECRET_WORDS.includes(p))) return true
  if (SECRET_SUFFIXES.some(s => upper.endsWith(s))) return true
  return SECRET_INFIXES.some(s => upper.includes(s))
}

/**
 * The values to redact that the environment knows: every variable whose name looks secret
 * (GITHUB_TOKEN, INPUT_GITHUB-TOKEN, ACTIONS_RUNTIME_TOKEN, HF_TOKEN, AWS_SECRET_ACCESS_KEY...),
 * plus the encodings a log may show them in (base64, URL-encoding, the git credential header).
 */
export function secretValuesFromEnv(env: NodeJS.ProcessEnv): string[] {
  const values = new Set<string>()
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !isSecretName(name)) continue
    for (const v of withEncodings(value)) values.add(v)
  }
  return [...values]
}

/** A value and the forms it is printed in; multi-line values (keys) also line by line; [] for a value under 6 characters. */
export function withEncodings(value: string): string[] {
  const trimmed = value.trim()
  if (trimmed.length < MIN_SECRET_LENGTH) return []
  const out = [trimmed, Buffer.from(trimmed).toString('base64'), encodeURIComponent(trimmed)]
  // actions/checkout stores the token as `AUTHORIZATION: basic base64(x-access-token:TOKEN)`.
  out.push(Buffer.from(`x-access-token:${trimmed}`).toString('base64'))
  if (/\r?\n/.test(trimmed)) {
    out.push(
      ...trimmed
        .split(/\r?\n/)
        .map(l => l.trim())
        .filter(l => l.length >= MIN_SECRET_LENGTH)
    )
  }
  return out.filter(v => v.length >= MIN_SECRET_LENGTH)
}

/**
 * The runner's mask command in either of its forms: `::add-mask::VALUE` (and with properties,
 * `::add-mask k=v::VALUE`) and the older `##[add-mask]VALUE` (`##[add-mask k=v]VALUE`), which
 * the runner still reads anywhere in a line (actions/runner ActionCommand.TryParseV2 and
 * TryParse), the command's name in any letter case as the runner matches it. VALUE runs to the
 * end of the line.
 */
const MASK_COMMAND = /(?:::add-mask(?:[ \t][^:\r\n]*)?::|##\[add-mask(?:[ \t][^\]\r\n]*)?\])([^\r\n]*)/gi
const MASK_ANNOUNCED = /::add-mask|##\[add-mask/i

/** Whether `text` may announce a mask (the two commands' fixed words, in any letter case). */
export function announcesMask(text: string): boolean {
  return MASK_ANNOUNCED.test(text)
}

/**
 * A command's data as the runner reads it: `%0D`, `%0A`, `%5D`, `%3B` and then `%25` turned back
 * into CR, LF, `]`, `;` and `%` (actions/runner ActionCommand's escape mappings).
 */
function unescapedCommandData(data: string): string {
  return data
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%5D/gi, ']')
    .replace(/%3B/gi, ';')
    .replace(/%25/gi, '%')
}

/**
 * Values the log itself asked the runner to mask (`::add-mask::VALUE`, `##[add-mask]VALUE`): each
 * as written and as the runner unescapes it (both are masked: either may be printed).
 */
export function masksFromLog(text: string): string[] {
  // Every line of a run passes here: most have no mask, and one test is far cheaper than matchAll.
  if (!announcesMask(text)) return []
  const values = new Set<string>()
  for (const m of text.matchAll(MASK_COMMAND)) {
    const raw = m[1]!.trim()
    for (const value of [
      raw,
      ...unescapedCommandData(raw)
        .split(/\r?\n/)
        .map(v => v.trim())
    ])
      if (value.length >= MIN_SECRET_LENGTH) values.add(value)
  }
  return [...values]
}

interface Shape {
  name: string
  pattern: RegExp
  replace: (match: string, ...groups: string[]) => string
}

const whole = () => REDACTED

/**
 * Well-known credential shapes. Each is anchored so ordinary log text (sk-learn, loss values,
 * commit shas, tokenizer settings) does not match; the tests hold one positive and the
 * negatives per shape.
 */
export const SECRET_SHAPES: readonly Shape[] = [
  {
    name: 'private key block',
    // Also a block whose END was cut off by the log tail: everything after BEGIN goes.
    pattern:
      /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END \1PRIVATE KEY\2-----|$)/g,
    replace: whole
  },
  {
    name: 'private key tail',
    // A tail that starts inside a key: the base64 lines right before its END line.
    pattern:
      /(?:^[ \t]*[A-Za-z0-9+/=]{16,}[ \t]*\r?\n)*[ \t]*-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/gm,
    replace: whole
  },
  {
    name: 'authorization header',
    pattern:
      /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(bearer|basic|token|digest|bot|negotiate)\s+)?([^\s"',;]+)/gi,
    replace: (_m, prefix, scheme) => `${prefix}${scheme ? `${scheme} ` : ''}${REDACTED}`
  },
  {
    name: 'URL credentials',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:'"<>]+:[^\s/?#@'"<>]*|[^\s/?#@:'"<>]{16,})@/gi,
    replace: (_m, scheme) => `${scheme}${REDACTED}@`
  },
  { name: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{30,255}\b/g, replace: whole },
  { name: 'GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{30,255}\b/g, replace: whole },
  {
    name: 'AWS access key id',
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA)[A-Z0-9]{16}\b/g,
    replace: whole
  },
  {
    name: 'AWS secret access key',
    pattern: /\b(aws_?secret_?access_?key["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi,
    replace: (_m, prefix) => `${prefix}${REDACTED}`
  },
  { name: 'Hugging Face token', pattern: /\bhf_[A-Za-z0-9]{30,}\b/g, replace: whole },
  // sk-learn, sk-image and the like are short and have no digits; keys are long and random.
  { name: 'OpenAI key', pattern: /\bsk-(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{32,}/g, replace: whole },
  { name: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, replace: whole },
  {
    name: 'JSON web token',
    pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
    replace: whole
  },
  { name: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, replace: whole },
  { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, replace: whole },
  {
    name: 'secret assignment',
    // `HF_TOKEN=...` or `export WANDB_API_KEY="..."` printed by a script (`env`, `set -x`).
    pattern:
      /\b([A-Z][A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)\s*=\s*["']?)([^\s"']{6,})/g,
    replace: (_m, prefix) => `${prefix}${REDACTED}`
  }
]

/** `word` in any letter case, as a case-sensitive pattern (`[aA][bB]`): V8 scans that several times faster than `/i`. */
function anyCase(word: string): string {
  return word.replace(/[a-z]/gi, c => `[${c.toLowerCase()}${c.toUpperCase()}]`)
}

/**
 * A literal every SECRET_SHAPES pattern needs, and the `::add-mask::` command: a text none of
 * them is in holds no shape and announces no mask, so the shapes' own (slower) patterns need not
 * run. Letter case as the shapes have it (the authorization and AWS secret shapes ignore case).
 * A shape added to SECRET_SHAPES must add its words here too (its test in redact.test.ts fails
 * otherwise). Two patterns, not one: V8 scans a 64 KiB block of log for each of these two in
 * less time than for their union (41 against 85 ms over 55 MB of training log), since each has
 * fewer first characters to try at every position. The URL credentials' `://` is in the first
 * (4 ms more there, 12 ms less in the second), the mask command in the second (instead of an
 * includes() of its own: 19 ms).
 */
const SHAPE_HINTS: readonly RegExp[] = [
  [
    'PRIVATE KEY',
    anyCase('authorization'),
    'A(?:KIA|SIA|BIA|CCA|IDA|ROA)',
    anyCase('secret'),
    'AIza',
    'TOKEN|PASSWORD|PASSWD|API_KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIAL',
    ':\\/\\/'
  ],
  [
    anyCase('::add-mask'),
    `##\\[${anyCase('add-mask')}`,
    'gh[pousr]_',
    'github_pat_',
    'hf_',
    'sk-',
    'xox[abposr]-',
    'eyJ',
    'npm_'
  ]
].map(words => new RegExp(words.join('|')))

/**
 * Characters from the rarest in logs to the commonest: their counts over the real logs of
 * test/fixtures/oom (build logs, tracebacks, training logs), letters, digits and the characters of
 * base64 and URL encodings. A character not listed counts as middling.
 */
const RAREST_FIRST = '~QZJ%+YVXKqWjHzFDLSUNPMRG=OEAxTIwC789_v645k3bB2gf1.-h/0pymducinsarlote'
const MIDDLING = RAREST_FIRST.indexOf('w')
/** Characters of a needle: enough that a random token's needle is in no log by chance. */
const NEEDLE_LENGTH = 12
const needles = new Map<string, string>()

/**
 * A part of `value` that every text holding `value` holds, chosen to start at its rarest
 * character. V8 looks for a string by running memchr for its first character and comparing at
 * each hit, so the first character decides the cost: over 55 MB of training log, a 40-character
 * token starting with `g` took 7.3 ms and a 1,238-character one starting with `e` 17 ms, while
 * a needle starting with `Z` took 1.8 ms. A text without the needle cannot hold the value.
 */
function needleOf(value: string): string {
  let needle = needles.get(value)
  if (needle !== undefined) return needle
  let best = 0
  let bestRank = Infinity
  for (let i = 0; i <= value.length - NEEDLE_LENGTH; i++) {
    const found = RAREST_FIRST.indexOf(value[i]!)
    const rank = found < 0 ? MIDDLING : found
    if (rank < bestRank) [best, bestRank] = [i, rank]
  }
  needle = value.slice(best, best + NEEDLE_LENGTH)
  // Bounded: a log announcing masks without end must not grow the gate.
  if (needles.size >= 4096) needles.clear()
  needles.set(value, needle)
  return needle
}

/**
 * Whether `text` could need redacting: it holds a known value, announces a mask, or carries a
 * shape's words. False for nearly every line of a training log, which then costs one scan. False
 * for a text is false for every part of it, so a block of lines can be asked once.
 */
export function mayHoldSecret(text: string, secrets: readonly string[]): boolean {
  if (SHAPE_HINTS.some(hint => hint.test(text))) return true
  for (const secret of secrets) {
    const value = secret.trim()
    if (value.length >= MIN_SECRET_LENGTH && text.includes(needleOf(value)) && text.includes(value))
      return true
  }
  return false
}

/**
 * `text` with every known secret value (longest first, so a value inside another goes with it),
 * every `::add-mask::` value the text itself announces, and every well-known shape replaced by `***`.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  if (!mayHoldSecret(text, secrets)) return text
  // Only the values the text holds are sorted and split on: a run that announced thousands of
  // masks must not pay for each of them on every line.
  const values = [...new Set([...secrets.map(s => s.trim()), ...masksFromLog(text)])]
    .filter(v => v.length >= MIN_SECRET_LENGTH && text.includes(v))
    .sort((a, b) => b.length - a.length)
  let out = text
  for (const value of values) out = out.split(value).join(REDACTED)
  for (const shape of SECRET_SHAPES) {
    // Capture groups come first in `rest`; a group that did not take part is undefined.
    out = out.replace(shape.pattern, (match: string, ...rest: unknown[]) =>
      shape.replace(match, ...rest.map(g => (typeof g === 'string' ? g : '')))
    )
  }
  return out
}

/** A private key's first line, and its last. */
const KEY_BEGIN = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/
const KEY_END = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/
/** What a key's block holds between them: base64 lines, the PEM headers, blank lines. */
const KEY_BODY_LINE = /^[ \t]*(?:[A-Za-z0-9+/=]{4,}|(?:Proc-Type|DEK-Info): .*)?[ \t]*$/
/** Lines of a key's body redacted at most, should its END never come. */
const MAX_KEY_LINES = 200

/** Where a run of lines stands: inside a private key's block (its BEGIN seen, not its END), and for how many lines. */
export interface KeyBlockState {
  inKey: boolean
  lines: number
}

/**
 * `lines` redacted as redactSecrets redacts each, and a private key printed over several lines
 * (one line each, as a run's output comes) redacted whole: the body lines after a BEGIN line up to
 * its END, and the body lines just above an END whose BEGIN came before `lines` (a log tail that
 * starts inside a key). `state` carries a key's block from one call to the next (the echo's blocks).
 */
export function redactLines(
  lines: readonly string[],
  secrets: readonly string[],
  state: KeyBlockState = { inKey: false, lines: 0 }
): string[] {
  const out: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (state.inKey) {
      if (!KEY_END.test(line) && KEY_BODY_LINE.test(line) && state.lines < MAX_KEY_LINES) {
        state.lines++
        out.push(REDACTED)
        continue
      }
      state.inKey = false
    } else if (KEY_END.test(line) && !KEY_BEGIN.test(line)) {
      for (let j = i - 1; j >= 0 && out[j] !== REDACTED && KEY_BODY_LINE.test(lines[j]!); j--)
        out[j] = REDACTED
    }
    const begin = KEY_BEGIN.exec(line)
    if (begin && !KEY_END.test(line.slice(begin.index))) {
      state.inKey = true
      state.lines = 0
    }
    out.push(redactSecrets(line, secrets))
  }
  return out
}
