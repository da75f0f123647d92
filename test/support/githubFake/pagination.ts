// GitHub's page-number pagination: `per_page` (default 30, at most 100) and `page`, with a Link
// header naming next/last (and prev/first after page 1). Real issue-comment Links point at
// /repositories/{id}/..., not /repos/{owner}/{repo}/..., so clients must follow them verbatim.
import type { FakeReply, FakeRequest } from './http.js'

export function paginate<T>(req: FakeRequest, items: readonly T[], linkPath: string = req.path): FakeReply {
  const perPage = Math.min(100, Math.max(1, Number(req.query.get('per_page') ?? 30) || 30))
  const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1)
  const lastPage = Math.max(1, Math.ceil(items.length / perPage))
  const body = items.slice((page - 1) * perPage, page * perPage)
  const link = (p: number) => {
    const query = new URLSearchParams(req.query)
    query.set('per_page', String(perPage))
    query.set('page', String(p))
    return `<${req.baseUrl}${linkPath}?${query.toString()}>`
  }
  const rels: string[] = []
  if (page > 1) rels.push(`${link(Math.min(page - 1, lastPage))}; rel="prev"`)
  if (page < lastPage) rels.push(`${link(page + 1)}; rel="next"`, `${link(lastPage)}; rel="last"`)
  if (page > 1) rels.push(`${link(1)}; rel="first"`)
  return { status: 200, body, headers: rels.length > 0 ? { link: rels.join(', ') } : {} }
}
