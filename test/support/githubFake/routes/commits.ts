// Commits, compare and commit comments, as GitHub answers them:
// - GET /repos/{o}/{r}/commits?sha=X lists what is reachable from X, newest first, paginated;
// - GET /repos/{o}/{r}/commits/{ref} one commit with its files;
// - GET /repos/{o}/{r}/compare/{base}...{head} from the merge base, commits paginated when
//   per_page/page are given, and the changed files (at most 300 for the whole comparison, on the
//   first page only);
// - commit comments: create and list.
import { repoOf, requireWrite } from '../access.js'
import { GitHubHttpError, jsonBody, notFound, validationFailed, type FakeRequest } from '../http.js'
import { userJson } from '../json.js'
import { paginate } from '../pagination.js'
import type { Router } from '../router.js'
import type { FakeRepo, FakeState } from '../state.js'
import { gitOf, type CommitComment, type FakeGit, type GitCommit } from '../gitStore.js'

export const COMPARE_MAX_FILES = 300

export interface FileDiff {
  filename: string
  status: 'added' | 'removed' | 'modified' | 'renamed'
  sha: string | null
  previous_filename?: string
}

export function commitRoutes(router: Router, state: FakeState): void {
  router.on('GET', '/repos/:owner/:repo/commits', req => {
    const repo = repoOf(state, req)
    const git = gitOf(repo)
    const start = git.resolve(req.query.get('sha') ?? repo.defaultBranch)
    if (!start) throw notFound()
    return paginate(
      req,
      git.log(start).map(c => listedCommit(c, repo, req))
    )
  })

  router.on('GET', '/repos/:owner/:repo/commits/:ref', req => {
    const repo = repoOf(state, req)
    const git = gitOf(repo)
    const sha = git.resolve(req.params.ref!)
    const commit = sha ? git.commits.get(sha) : undefined
    if (!commit) throw new GitHubHttpError(422, `No commit found for SHA: ${req.params.ref}`)
    const parent = commit.parents[0] ? git.commits.get(commit.parents[0]) : undefined
    return {
      status: 200,
      body: {
        ...listedCommit(commit, repo, req),
        files: diffTrees(git, parent?.tree ?? git.emptyTree, commit.tree)
      }
    }
  })

  router.on('GET', '/repos/:owner/:repo/compare/:basehead', req => {
    const repo = repoOf(state, req)
    const git = gitOf(repo)
    const match = /^(.+?)\.\.\.(.+)$/.exec(req.params.basehead!)
    if (!match) throw notFound()
    const base = git.resolve(match[1]!)
    const head = git.resolve(match[2]!)
    if (!base || !head) throw notFound()
    const mergeBase = git.mergeBase(base, head)
    if (!mergeBase) throw notFound()
    const fromBase = git.ancestors(base)
    const fromHead = git.ancestors(head)
    const ahead = git
      .log(head)
      .filter(c => !fromBase.has(c.sha))
      .reverse()
    const behindBy = [...fromBase].filter(s => !fromHead.has(s)).length
    const status =
      ahead.length === 0 && behindBy === 0
        ? 'identical'
        : behindBy === 0
          ? 'ahead'
          : ahead.length === 0
            ? 'behind'
            : 'diverged'
    const paged = req.query.has('per_page') || req.query.has('page')
    const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1)
    const listed = paged
      ? paginate(
          req,
          ahead.map(c => listedCommit(c, repo, req))
        )
      : null
    const files =
      page === 1 ? diffTrees(git, git.commits.get(mergeBase)!.tree, git.commits.get(head)!.tree) : []
    return {
      status: 200,
      headers: listed?.headers ?? {},
      body: {
        url: `${req.baseUrl}/repos/${repo.fullName}/compare/${req.params.basehead}`,
        html_url: `https://github.com/${repo.fullName}/compare/${req.params.basehead}`,
        base_commit: listedCommit(git.commits.get(base)!, repo, req),
        merge_base_commit: listedCommit(git.commits.get(mergeBase)!, repo, req),
        status,
        ahead_by: ahead.length,
        behind_by: behindBy,
        total_commits: ahead.length,
        commits: listed ? listed.body : ahead.slice(-250).map(c => listedCommit(c, repo, req)),
        files: files.slice(0, COMPARE_MAX_FILES).map(f => diffEntryJson(f, repo, head, req))
      }
    }
  })

  router.on('POST', '/repos/:owner/:repo/commits/:commit_sha/comments', req => {
    const repo = repoOf(state, req)
    requireWrite(req, repo, ['contents'], 'read')
    const git = gitOf(repo)
    const sha = git.resolve(req.params.commit_sha!)
    if (!sha) throw validationFailed('CommitComment', 'commit_id', 'commit_id does not exist')
    const body = jsonBody(req).body
    if (typeof body !== 'string' || body === '')
      throw validationFailed('CommitComment', 'body', 'body is missing')
    const comment: CommitComment = {
      id: state.newId(),
      commitId: sha,
      body,
      user: req.identity!.user,
      createdAt: state.now()
    }
    git.commitComments.push(comment)
    return { status: 201, body: commitCommentJson(comment, repo, req) }
  })

  router.on('GET', '/repos/:owner/:repo/commits/:commit_sha/comments', req => {
    const repo = repoOf(state, req)
    const git = gitOf(repo)
    const sha = git.resolve(req.params.commit_sha!)
    const comments = git.commitComments.filter(c => c.commitId === sha)
    return paginate(
      req,
      comments.map(c => commitCommentJson(c, repo, req))
    )
  })
}

/** Files that differ between two trees; a removed and an added file with the same blob is a rename. */
export function diffTrees(git: FakeGit, fromTree: string, toTree: string): FileDiff[] {
  const before = git.files(fromTree)
  const after = git.files(toTree)
  const added: FileDiff[] = []
  const removed: FileDiff[] = []
  const modified: FileDiff[] = []
  for (const [path, sha] of after) {
    const old = before.get(path)
    if (old === undefined) added.push({ filename: path, status: 'added', sha })
    else if (old !== sha) modified.push({ filename: path, status: 'modified', sha })
  }
  for (const [path, sha] of before)
    if (!after.has(path)) removed.push({ filename: path, status: 'removed', sha })
  const renamed: FileDiff[] = []
  for (const add of [...added]) {
    const source = removed.find(r => r.sha === add.sha)
    if (!source) continue
    removed.splice(removed.indexOf(source), 1)
    added.splice(added.indexOf(add), 1)
    renamed.push({
      filename: add.filename,
      status: 'renamed',
      sha: add.sha,
      previous_filename: source.filename
    })
  }
  return [...added, ...modified, ...removed, ...renamed].sort((a, b) => (a.filename < b.filename ? -1 : 1))
}

/**
 * GitHub's diff-entry: the fields its description requires. Line counts are not computed by the
 * fake (no line diff); they are 0, which no code of ours reads.
 */
function diffEntryJson(file: FileDiff, repo: FakeRepo, head: string, req: FakeRequest) {
  const path = encodeURIComponent(file.filename).replace(/%2F/g, '/')
  return {
    ...file,
    additions: 0,
    deletions: 0,
    changes: 0,
    blob_url: `https://github.com/${repo.fullName}/blob/${head}/${path}`,
    raw_url: `https://github.com/${repo.fullName}/raw/${head}/${path}`,
    contents_url: `${req.baseUrl}/repos/${repo.fullName}/contents/${path}?ref=${head}`
  }
}

function listedCommit(commit: GitCommit, repo: FakeRepo, req: FakeRequest) {
  const api = `${req.baseUrl}/repos/${repo.fullName}`
  return {
    sha: commit.sha,
    node_id: `C_${commit.sha}`,
    url: `${api}/commits/${commit.sha}`,
    html_url: `https://github.com/${repo.fullName}/commit/${commit.sha}`,
    commit: {
      message: commit.message,
      author: commit.author,
      committer: commit.committer,
      tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
      comment_count: 0
    },
    parents: commit.parents.map(p => ({
      sha: p,
      url: `${api}/commits/${p}`,
      html_url: `https://github.com/${repo.fullName}/commit/${p}`
    }))
  }
}

function commitCommentJson(comment: CommitComment, repo: FakeRepo, req: FakeRequest) {
  return {
    id: comment.id,
    node_id: `CC_${comment.id}`,
    url: `${req.baseUrl}/repos/${repo.fullName}/comments/${comment.id}`,
    html_url: `https://github.com/${repo.fullName}/commit/${comment.commitId}#commitcomment-${comment.id}`,
    body: comment.body,
    commit_id: comment.commitId,
    path: null,
    position: null,
    line: null,
    user: userJson(comment.user, req.baseUrl),
    created_at: comment.createdAt,
    updated_at: comment.createdAt,
    author_association: comment.user.login === repo.owner ? 'OWNER' : 'NONE'
  }
}
