// Events that give oom-gate nothing to do: it runs no model, posts no comment, passes the check
// and says why in the log and the job summary. Pure, over the event name and payload.
//   push deleting a ref       there is no commit to measure;
//   pull_request_target of a  the README's fork workflow (pull_request_target) exists for forks:
//   same-repository PR        the pull_request workflow measures these on the GPU runner, so a
//                             second run here would be a second sticky comment and smoke runs
//                             on the hosted runner that workflow gives unlabeled events;
//   closed pull requests      nothing new to measure;
//   merge_group destroyed     the group is gone (merged, or dequeued);
//   workflow_run not completed  the measuring run has no results yet.
type Json = Record<string, unknown>
const obj = (v: unknown): Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {}
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)

/** Why this event gives nothing to do, or null when oom-gate should go on (and guard it). */
export function whyNothingToDo(eventName: string, payload: unknown): string | null {
  const p = obj(payload)
  const action = str(p.action)
  switch (eventName) {
    case 'push': {
      const after = str(p.after)
      if (p.deleted === true || (after !== null && /^0+$/.test(after))) {
        return `the push deleted ${str(p.ref) ?? 'a ref'}: there is no commit to measure`
      }
      return null
    }
    case 'pull_request':
    case 'pull_request_target': {
      const pr = obj(p.pull_request)
      const number = typeof pr.number === 'number' ? `#${pr.number}` : 'the pull request'
      if (action === 'closed') return `${number} was closed: nothing to measure`
      if (eventName === 'pull_request_target' && isSameRepository(p)) {
        return `${number} comes from a branch of this repository: under pull_request_target oom-gate measures only forks' approved commits; the pull_request workflow measures this one (see README)`
      }
      return null
    }
    case 'merge_group':
      return action !== null && action !== 'checks_requested'
        ? `merge_group ${action}: the group is gone, nothing to measure`
        : null
    case 'workflow_run':
      return action !== null && action !== 'completed'
        ? `workflow_run ${action}: the measuring run has not completed yet (use types: [completed])`
        : null
    default:
      return null
  }
}

function isSameRepository(p: Json): boolean {
  const pr = obj(p.pull_request)
  const head = str(obj(obj(pr.head).repo).full_name)
  const base = str(obj(obj(pr.base).repo).full_name) ?? str(obj(p.repository).full_name)
  // Repository names are case-insensitive on GitHub.
  return head !== null && base !== null && head.toLowerCase() === base.toLowerCase()
}
