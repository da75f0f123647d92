// Reading what an action leaves for the runner: the GITHUB_OUTPUT file and workflow commands
// (::error file=...,line=N::message) on stdout.

/** name -> value from a GITHUB_OUTPUT file (`name<<DELIM\nvalue\nDELIM` entries, or name=value). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!)
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1)
      out[heredoc[1]!] = lines.slice(i + 1, end).join('\n')
      i = end
      continue
    }
    const simple = /^([^=]+)=(.*)$/.exec(lines[i]!)
    if (simple) out[simple[1]!] = simple[2]!
  }
  return out
}

export interface WorkflowCommand {
  command: string
  properties: Record<string, string>
  message: string
}

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
const unescapeProperty = (s: string) => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',')

/** Workflow commands (`::name k=v,k=v::message`) found in stdout text. */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  return stdout
    .split(/\r?\n/)
    .map(line => /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(m => ({
      command: m[1]!,
      properties: Object.fromEntries(
        (m[2] ?? '')
          .split(',')
          .filter(Boolean)
          .map(kv => {
            const at = kv.indexOf('=')
            return [kv.slice(0, at), unescapeProperty(kv.slice(at + 1))]
          })
      ),
      message: unescapeData(m[3]!)
    }))
}
