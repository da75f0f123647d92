// The fields of GitHub's answers that src/ reads, by operation (operationId of GitHub's REST
// description), as field paths ([] steps into arrays). Kept next to the code that reads them:
// openapiFields.test.ts checks each against the description, and that every optional or nullable
// one is handled; the fake's answers are checked to carry them as described.
export const API_READS: Record<string, { reads: string[]; where: string }> = {
  'users/get-authenticated': { reads: ['login', 'type'], where: 'src/github/identity.ts' },
  'issues/list-comments': {
    reads: ['[].id', '[].body', '[].html_url', '[].user', '[].user.login', '[].user.type'],
    where: 'src/github/stickyComment.ts'
  },
  'issues/create-comment': { reads: ['id', 'html_url'], where: 'src/github/stickyComment.ts' },
  'issues/update-comment': { reads: ['html_url'], where: 'src/github/stickyComment.ts' },
  'issues/delete-comment': { reads: [], where: 'src/github/stickyComment.ts' },
  'issues/remove-label': { reads: [], where: 'src/github/removeLabel.ts' },
  'issues/create': { reads: ['html_url'], where: 'src/github/alerts.ts' },
  'repos/create-commit-comment': { reads: ['html_url'], where: 'src/github/alerts.ts' },
  'repos/list-comments-for-commit': { reads: ['[].body', '[].html_url'], where: 'src/github/alerts.ts' },
  'issues/list-for-repo': { reads: ['[].body', '[].html_url'], where: 'src/github/alerts.ts' },
  'pulls/get': { reads: ['head.sha'], where: 'src/github/commentTarget.ts' },
  'repos/get-collaborator-permission-level': {
    reads: ['permission', 'role_name'],
    where: 'src/github/collaboratorPermission.ts'
  },
  'repos/compare-commits-with-basehead': {
    reads: [
      'files',
      'files[].filename',
      'files[].previous_filename',
      'base_commit.sha',
      'merge_base_commit.sha'
    ],
    where: 'src/github/changedPaths.ts'
  },
  'repos/list-commits': {
    reads: ['[].sha', '[].parents', '[].parents[].sha'],
    where: 'src/store/history/ancestorWithResults.ts'
  },
  'git/get-ref': { reads: ['object.sha'], where: 'src/store/history/gitData.ts' },
  'git/get-commit': {
    reads: ['tree.sha', 'message', 'committer.date'],
    where: 'src/store/history/gitData.ts, recordPush.ts'
  },
  'git/get-tree': {
    reads: ['tree[].path', 'tree[].sha', 'tree[].type', 'tree[].mode'],
    where: 'src/store/history/gitData.ts'
  },
  'git/get-blob': { reads: ['content', 'encoding'], where: 'src/store/history/gitData.ts' },
  'git/create-blob': { reads: ['sha'], where: 'src/store/history/gitData.ts' },
  'git/create-tree': { reads: ['sha'], where: 'src/store/history/gitData.ts' },
  'git/create-commit': { reads: ['sha'], where: 'src/store/history/gitData.ts' },
  'git/update-ref': { reads: [], where: 'src/store/history/gitData.ts' },
  'git/create-ref': { reads: [], where: 'src/store/history/gitData.ts' }
}
