// Log excerpts are wrapped in these markers so that whatever must shorten the report
// (the 65,536-character comment limit, the 1 MiB summary limit) can cut them first.
export const LOG_BLOCK_START = '<!-- oom-gate:log -->'
export const LOG_BLOCK_END = '<!-- /oom-gate:log -->'
// The comment's footer follows this marker: fitting a size limit keeps it and shortens what is above.
export const COMMENT_FOOTER = '<!-- oom-gate:footer -->'
