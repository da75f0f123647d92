// The part of a GitHub REST client that storage uses: the git data API (refs, commits, trees,
// blobs) and the commit list. Declared here, by storage, so the data branch knows no GitHub client
// setup and no event; an Octokit (github/octokit.ts) satisfies it as it is, and so does the
// project's REST fake. Shapes are the REST API's, reduced to the fields storage reads.

/** A repository, as the REST API's path parameters name it. */
// Type aliases, not interfaces: Octokit's parameters carry an index signature, which only an
// object type alias satisfies implicitly.
export type RepoRef = {
  owner: string
  repo: string
}

/** `request.idempotent`: the POST creates a content-addressed object and may be repeated. */
type RequestOptions = {
  request?: { idempotent?: boolean }
}

interface TreeEntry {
  path?: string
  mode?: string
  type?: string
  sha?: string | null
}

/** Method syntax on purpose: Octokit's methods take wider parameters than these. */
export interface GitDataClient {
  rest: {
    git: {
      getRef(params: RepoRef & { ref: string }): Promise<{ data: { object: { sha: string } } }>
      getCommit(params: RepoRef & { commit_sha: string }): Promise<{ data: { tree: { sha: string } } }>
      getTree(params: RepoRef & { tree_sha: string }): Promise<{ data: { tree: TreeEntry[] } }>
      getBlob(
        params: RepoRef & { file_sha: string }
      ): Promise<{ data: { content: string; encoding: string } }>
      createBlob(
        params: RepoRef & RequestOptions & { content: string; encoding: string }
      ): Promise<{ data: { sha: string } }>
      createTree(
        params: RepoRef &
          RequestOptions & {
            base_tree?: string
            tree: { path: string; mode: '100644'; type: 'blob'; sha: string | null }[]
          }
      ): Promise<{ data: { sha: string } }>
      createCommit(
        params: RepoRef & RequestOptions & { message: string; tree: string; parents: string[] }
      ): Promise<{ data: { sha: string } }>
      updateRef(params: RepoRef & { ref: string; sha: string; force?: boolean }): Promise<unknown>
      createRef(params: RepoRef & { ref: string; sha: string }): Promise<unknown>
    }
    repos: {
      listCommits(
        params: RepoRef & { sha?: string; per_page?: number }
      ): Promise<{ data: { sha: string; parents: { sha: string }[] }[] }>
    }
  }
}
