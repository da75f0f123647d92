// The endpoint families the history needs, to add to the fake's defaults:
//   startGitHubFake({ routes: [...DEFAULT_ROUTES, ...HISTORY_ROUTES] })
import type { RouteModule } from './server.js'
import { commitRoutes } from './routes/commits.js'
import { contentRoutes } from './routes/contents.js'
import { gitDataRoutes } from './routes/gitData.js'
import { issueCreateRoutes } from './routes/issueCreate.js'

export const HISTORY_ROUTES: readonly RouteModule[] = [
  gitDataRoutes,
  commitRoutes,
  contentRoutes,
  issueCreateRoutes
]

export { gitOf, readFileAt, seedCommit, objectSha, FakeGit } from './gitStore.js'
export type { CommitComment, CreatedIssue, GitCommit, SeedCommit, TreeEntry } from './gitStore.js'
export { diffTrees, COMPARE_MAX_FILES } from './routes/commits.js'
