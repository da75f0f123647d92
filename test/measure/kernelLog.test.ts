// The kernel log's OOM-killer records, attributed by pid (issue 9 §3). The records are as this
// machine's /dev/kmsg printed them for a run OOM-killed in its memory cgroup.
import { describe, expect, it } from 'vitest'
import { oomKilledPids, parseKmsgRecord, readKmsg, uptimeMicros } from '../../src/measure/host/kernelLog.js'

const RECORDS = [
  '6,589,3050840301,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/process_api/58d6/oom-gate-19440-1,task_memcg=/process_api/58d6/oom-gate-19440-1,task=python3,pid=19523,uid=0\n',
  '3,590,3050840319,-;Memory cgroup out of memory: Killed process 19523 (python3) total-vm:428036kB, anon-rss:152576kB, file-rss:6584kB, shmem-rss:0kB, UID:0 pgtables:360kB oom_score_adj:0\n',
  // The global OOM killer's wording (mm/oom_kill.c).
  '3,700,4000000000,-;Out of memory: Killed process 4242 (python) total-vm:1000kB, anon-rss:900kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:40kB oom_score_adj:0\n',
  '6,701,4000000100,-;systemd-journald[1]: Received client request to flush runtime journal.\n'
]

describe('kernel log OOM kills', () => {
  it('parses records and names the killed pids after a time', () => {
    expect(parseKmsgRecord(RECORDS[1]!)).toMatchObject({ atMicros: 3050840319 })
    expect([...oomKilledPids(RECORDS, 0)].sort()).toEqual([19523, 4242])
    expect([...oomKilledPids(RECORDS, 3_500_000_000)]).toEqual([4242])
    expect(oomKilledPids(RECORDS, 5_000_000_000).size).toBe(0)
  })

  it('reads /dev/kmsg here (root) without blocking, and the clock it uses', () => {
    const records = readKmsg()
    expect(records).not.toBeNull()
    expect(records!.length).toBeGreaterThan(0)
    expect(parseKmsgRecord(records![0]!)).not.toBeNull()
    expect(uptimeMicros()).toBeGreaterThan(0)
    expect(readKmsg('/nonexistent/kmsg')).toBeNull()
  })
})
