import { describe, expect, it } from 'vitest'
import { decodeLog } from '../../../src/judge/oom/decodeLog.js'

const OOM = 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB.\r\n'

describe('decodeLog', () => {
  it('reads UTF-8 as it is, and keeps a stray invalid byte as U+FFFD', () => {
    expect(decodeLog(Buffer.from(OOM))).toEqual({ ok: true, text: OOM, encoding: 'utf-8' })
    const latin1 = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from(`\n${OOM}`)])
    expect(decodeLog(latin1)).toMatchObject({ ok: true, text: `caf\ufffd\n${OOM}` })
  })

  it('reads UTF-16 by its BOM, or by where the NUL bytes fall, and drops the BOM', () => {
    const le = Buffer.from(OOM, 'utf16le')
    const be = Buffer.from(le).swap16()
    expect(decodeLog(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toEqual({
      ok: true,
      text: OOM,
      encoding: 'utf-16le'
    })
    expect(decodeLog(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual({
      ok: true,
      text: OOM,
      encoding: 'utf-16be'
    })
    expect(decodeLog(le)).toEqual({ ok: true, text: OOM, encoding: 'utf-16le' })
    expect(decodeLog(be)).toEqual({ ok: true, text: OOM, encoding: 'utf-16be' })
  })

  it('reads non-Latin UTF-16 with a BOM (no NUL pattern to go by)', () => {
    const text = 'ошибка: CUDA out of memory\n'
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    expect(decodeLog(bytes)).toMatchObject({ ok: true, text })
  })

  it('drops the zero-filled block a crash leaves in a UTF-8 log', () => {
    const bytes = Buffer.concat([Buffer.from(OOM), Buffer.alloc(300)])
    expect(decodeLog(bytes)).toEqual({ ok: true, text: OOM, encoding: 'utf-8' })
  })

  it('says bytes that are not text are not a log', () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24))
    expect(decodeLog(random)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^is not a text log/)
    })
    expect(decodeLog(Buffer.alloc(10))).toEqual({ ok: false, problem: 'holds only NUL bytes, no text' })
    expect(decodeLog(Buffer.alloc(0))).toEqual({ ok: true, text: '', encoding: 'utf-8' })
  })
})
